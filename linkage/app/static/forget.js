// Forget: everything stored about the accounts deleted, once the user has said yes.
import { $ } from "./page.js";
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
function keepEverything() {
  askForget(false);
  $("forget-result").textContent = "Nothing was deleted.";
  $("forget").focus();
}

export function wireForget() {
  $("forget").addEventListener("click", () => askForget($("forget-confirm").hidden));
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
