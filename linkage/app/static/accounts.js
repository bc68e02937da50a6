// The list of accounts to audit, each with its button to remove it.
import { $, el, showError, announce } from "./page.js";
import { call } from "./requests.js";

let drawn = "";  // the list as last drawn, to redraw it only when it changed

// The list as the accounts file now holds it (the file may have been edited by hand meanwhile):
// redrawn only when it changed, so that the keyboard's place in it is kept.
export async function refreshAccounts() {
  try {
    const data = await call("GET", "/api/accounts");
    if (JSON.stringify(data) !== drawn) drawAccounts(data);
    showError("accounts-error", "");
  }
  catch (e) { showError("accounts-error", e.message); }
}

export function drawAccounts(data) {
  drawn = JSON.stringify(data);
  const list = $("account-list");
  list.replaceChildren();
  $("accounts-path").textContent = data.path;
  if (!data.accounts.length) list.append(el("li", "explain", "No accounts of yours yet: add one above. The demo, at the top of the page, reads its own fictional accounts, not this list."));
  for (const row of data.accounts) {
    const item = el("li");
    item.dataset.number = row.number;
    item.append(el("span", "label", row.label), el("span", "tag", row.platform));
    item.append(el("span", "tag persona", row.persona || "no side"));
    const remove = el("button", "remove", "✕");
    remove.type = "button";
    remove.title = "Remove " + row.label + " from the list";
    remove.setAttribute("aria-label", remove.title);
    remove.addEventListener("click", async () => {
      const place = [...list.querySelectorAll("button.remove")].indexOf(remove);
      try {
        drawAccounts(await call("POST", "/api/accounts/remove", { number: row.number, label: row.label }));
        showError("accounts-error", "");
        // the button pressed is gone with its line: focus the next line's (or the last
        // line's), or the list's heading when none is left
        const left = list.querySelectorAll("button.remove");
        (left[Math.min(place, left.length - 1)] || $("list-title")).focus();
        announce("Removed " + row.label + " from the list.");
      }
      catch (e) {
        await refreshAccounts();  // the list as it is now (the file was edited meanwhile)
        showError("accounts-error", e.message);
      }
    });
    item.append(remove, el("span", "explain", row.explanation));
    list.append(item);
  }
}
