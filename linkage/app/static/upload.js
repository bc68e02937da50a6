// A data export added by its file chooser or dropped on its box, with the side chosen in the
// add form; refused here when larger than the app accepts.
import { $, showError, announce } from "./page.js";
import { call } from "./requests.js";
import { drawAccounts } from "./accounts.js";
import { persona, HINT, setHint, added, faults } from "./add-form.js";

const uploadCap = document.querySelector('meta[name="linkage-max-upload"]');
const maxUpload = Number(uploadCap.content);

// an upload's error is at the file chooser, which it describes, and is said; its success is
// said as an added handle's is, and takes the place of any error said before
function archiveError(message) {
  showError("archive-error", message);
  if (message) {
    $("archive").setAttribute("aria-invalid", "true");
    $("archive").focus();
    announce(message, true);
  } else $("archive").removeAttribute("aria-invalid");
}

async function upload(file) {
  if (!file) return;
  archiveError("");
  if (!persona()) { faults("", true); return; }
  if (file.size > maxUpload) {
    archiveError("This file is larger than " + uploadCap.dataset.words + ", the most the page accepts.");
    return;
  }
  setHint("Reading " + file.name + "…");
  try {
    const url = "/api/archive?name=" + encodeURIComponent(file.name) + "&persona=" + encodeURIComponent(persona());
    drawAccounts(await call("POST", url, file, "application/octet-stream"));
    added("Added the export " + file.name + ". Add another, or run the audit.");
  } catch (e) { setHint(HINT); archiveError(e.message); }
}

export function wireUpload() {
  $("archive").addEventListener("change", () => { upload($("archive").files[0]); $("archive").value = ""; });
  const drop = $("drop");
  drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => { e.preventDefault(); drop.classList.remove("over"); upload(e.dataTransfer.files[0]); });
}
