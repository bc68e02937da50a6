// The form that adds an account: the address hint as it is typed, the side chosen, and each
// error at its field (the export's upload, beside it, shares these).
import { $, showError, announce } from "./page.js";
import { call } from "./requests.js";
import { drawAccounts } from "./accounts.js";

export function persona() {
  const chosen = document.querySelector('input[name="persona"]:checked');
  if (!chosen) return "";
  return chosen.value === "other" ? $("persona-other").value.trim() : chosen.value;
}

// -- errors, each at its field -------------------------------------------------------------
export const HINT = "For example a GitHub address, a Mastodon handle, or your blog's address.";

export function setHint(text, kind) {
  $("recognised").className = kind ? "hint " + kind : "hint";
  $("recognised").textContent = text;
}

function handleError(message) {  // under the address field, which it describes
  setHint(message, "bad");
  $("handle").setAttribute("aria-invalid", "true");
}

// at the "Which side of you is it?" fieldset: no side chosen marks the whole choice; a label
// of one's own that misspells a usual side marks that label's box alone ("label")
function sideError(message, at = "choice") {
  showError("persona-error", message);
  const fieldset = $("persona");
  fieldset.classList.toggle("invalid", Boolean(message) && at === "choice");
  for (const input of fieldset.querySelectorAll("input")) {
    const marked = message && (at === "choice" ? input.type === "radio" : input.id === "persona-other");
    if (marked) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
  }
}

// what the hint means, without the text typed (which most messages repeat): said aloud only
// when this changes, not after every pause in typing (it is #handle's description too)
let hintMeaning = "";
function sayHint(meaning, text) {
  if (meaning === hintMeaning) return;
  hintMeaning = meaning;
  announce(text);
}

// an account or export added: said in the hint (which no longer says what was wrong) and
// aloud, in place of any error said before; the hint's next meaning is said again. No side
// is chosen for the next one: the last one's, kept, would be where the keyboard lands in the
// choice, and the next account easily saved on the wrong side
export function added(message) {
  for (const radio of document.querySelectorAll('input[name="persona"]')) radio.checked = false;
  $("persona-other").value = "";
  $("handle").removeAttribute("aria-invalid");
  setHint(message);
  announce(message, true);
  hintMeaning = "";
  showError("accounts-error", "");
  showError("run-error", "");  // "Add at least one account first" no longer holds
}

// no side is chosen for the user: a work account filed as personal by default would put
// both sides on one and the audit would have nothing to compare
const CHOOSE_SIDE = "Say which side of you this account is on: personal, professional, or a label of your own.";

// each error at its field; focus goes to the first field at fault, whose description
// (aria-describedby) is the error; it is also announced, for a field already focused
export function faults(addressError, noSide) {
  if (addressError) handleError(addressError);
  sideError(noSide ? CHOOSE_SIDE : "");
  if (addressError) $("handle").focus();
  else if (noSide) document.querySelector('#persona input[type="radio"]').focus();
  announce([addressError, noSide ? CHOOSE_SIDE : ""].filter(Boolean).join(" "), true);
}

export function wireAddForm() {
  let typing = null;
  $("handle").addEventListener("input", () => {
    $("handle").removeAttribute("aria-invalid");
    clearTimeout(typing);
    typing = setTimeout(async () => {
      const text = $("handle").value;
      if (!text.trim()) { setHint(HINT); hintMeaning = ""; return; }
      try {
        const found = await call("GET", "/api/recognise?text=" + encodeURIComponent(text));
        if ($("handle").value !== text) return;
        if (found.ok) {
          setHint(found.explanation + " (" + found.handle + ")", "ok");
          sayHint("ok " + found.explanation, found.explanation);
        } else {
          setHint(found.message, "bad");
          // the message's shape: what was typed (quoted, or as in "github:NAME") left out
          sayHint("bad " + found.message.replace(/'[^']*'/g, "").replace(/\S*:\S*/g, ""), found.message);
        }
      } catch (e) { setHint(e.message, "bad"); sayHint("error " + e.message, e.message); }
    }, 200);
  });
  $("persona-other").addEventListener("input", () => { document.querySelector('input[name="persona"][value="other"]').checked = true; sideError(""); });
  for (const radio of document.querySelectorAll('input[name="persona"]')) radio.addEventListener("change", () => sideError(""));

  $("add-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      if (!persona()) {  // what is wrong with the address comes first, then the side
        const found = await call("GET", "/api/recognise?text=" + encodeURIComponent($("handle").value));
        faults(found.ok ? "" : found.message, true);
        return;
      }
      sideError("");
      drawAccounts(await call("POST", "/api/accounts/add", { text: $("handle").value, persona: persona() }));
      $("handle").value = "";
      added("Added. Add another, or run the audit.");
    } catch (e) {
      showError("accounts-error", "");
      if (e.field === "persona") {  // a label of one's own that misspells a usual side
        sideError(e.message, "label");
        $("persona-other").focus();
        announce(e.message, true);
        return;
      }
      // said once, under the field it is about (the hint may already say it as typed)
      faults(e.message, false);
    }
  });
}
