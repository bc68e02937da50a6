// The report of a finished run: its downloads and its frame, each let in by a ticket, and the
// tabs that choose what the frame shows.
import { $, el } from "./page.js";
import { withTicket } from "./requests.js";

export function showReport(run) {
  $("report").hidden = false;
  const downloads = $("downloads");
  downloads.replaceChildren();
  for (const output of run.outputs) {
    const item = el("li");
    if (output.ready) {
      const link = el("a", "", output.label);
      link.href = "/download/" + output.name;
      link.setAttribute("download", "");
      link.dataset.output = output.name;
      // a middle click or "Save link as" takes the link's own address: it is given a fresh
      // ticket when the pointer or the focus comes to it, and on the context menu
      const path = "/download/" + output.name;
      const refresh = () => withTicket(path, (address) => { link.href = address; });
      for (const type of ["pointerenter", "focus", "contextmenu"]) link.addEventListener(type, refresh);
      link.addEventListener("click", (event) => {
        event.preventDefault();
        withTicket(path, (address) => {
          const once = el("a");
          once.href = address;
          once.setAttribute("download", "");
          once.hidden = true;
          document.body.append(once);
          once.click();
          once.remove();
        });
      });
      item.append(link);
    } else {
      item.append(el("span", "unavailable", output.label + ": "), el("span", "why", output.why));
    }
    downloads.append(item);
  }
  view("report");
}

// the redacted report is for sharing, but only the frame is redacted: this page still shows
// the accounts and the verdict in full, so a screen shared as it is shows them too
const NOTES = {
  report: "The full report names the accounts, as this page does: keep it private.",
  redacted: "Only the report in the frame below is redacted: this page above it still shows " +
    "the accounts in full. To share it or show it on a screen, download the redacted report " +
    "below and open that file on its own.",
};

function view(name) {
  withTicket("/view/" + name, (address) => { $("report-frame").src = address; });
  $("view-note").textContent = NOTES[name];
  for (const tab of document.querySelectorAll(".tabs button")) tab.setAttribute("aria-pressed", String(tab.dataset.view === name));
}

export function wireReport() {
  for (const tab of document.querySelectorAll(".tabs button")) tab.addEventListener("click", () => view(tab.dataset.view));
}
