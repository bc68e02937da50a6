// Forget: everything stored about the accounts deleted, once the user has said yes.
import { $, el } from "./page.js";
import { call } from "./requests.js";
import { drawAccounts } from "./accounts.js";
import { drawVerdict } from "./verdict.js";

// a click asks first: forgetting cannot be undone. The focus goes to "No, keep everything",
// so that Enter pressed twice on "Forget" keeps everything; Escape says no as well
function askForget(open) {
  $("forget-confirm").hidden = !open;
  $("forget").setAttribute("aria-expanded", String(open));
  if (open) { $("forget-result").textContent = ""; $("forget-no").focus(); }
}
// the past audits forgetting deletes that were audits of other accounts too, and what that
// costs those accounts, asked of the app before the question is shown (a terminal may have
// audited meanwhile); said within the warning that describes "Yes, forget it all"
function drawShared(shared) {
  $("forget-shared").hidden = !shared;
  $("forget-shared-head").textContent = shared ? shared.head : "";
  $("forget-shared-audits").replaceChildren(...(shared ? shared.audits.map((a) => el("li", "", a)) : []));
  $("forget-shared-cost").textContent = shared ? shared.cost : "";
}
let looking = false;  // a second press while the app is asked: one question, once
async function openForget() {
  if (looking) return;
  looking = true;
  try {
    drawShared((await call("GET", "/api/forget")).shared);
  } catch (e) {
    $("forget-result").textContent = e.message;
    return;
  } finally { looking = false; }
  askForget(true);
}
function keepEverything() {
  askForget(false);
  $("forget-result").textContent = "Nothing was deleted.";
  $("forget").focus();
}

export function wireForget() {
  $("forget").addEventListener("click", () => {
    if ($("forget-confirm").hidden) openForget();
    else askForget(false);
  });
  $("forget-no").addEventListener("click", keepEverything);
  $("forget-section").addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !$("forget-confirm").hidden) { event.preventDefault(); keepEverything(); }
  });
  $("forget-yes").addEventListener("click", async () => {
    askForget(false);
    try {
      const data = await call("POST", "/api/forget", {});
      $("forget-result").textContent = data.message;
      drawAccounts(data);
      $("report").hidden = true;
      $("progress").replaceChildren();
      drawVerdict({ state: "idle" });
      $("stage-words").textContent = "";
      $("stage-timer").textContent = "";
    } catch (e) { $("forget-result").textContent = e.message; }
    // the buttons are hidden with the question: the result takes the focus
    $("forget-result").focus();
  });
}
