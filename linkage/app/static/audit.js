// The audit's run: started by its buttons (the user's accounts, the demo, the demo after its
// changes), its progress polled and drawn until it ends with the verdict and the report.
import { $, el, showError, announce } from "./page.js";
import { call } from "./requests.js";
import { drawVerdict } from "./verdict.js";
import { showReport } from "./report.js";

const STATES = { waiting: "waiting", reading: "reading", done: "read", failed: "failed" };

let polling = null;

// a run this page started or saw running: when it ends, the verdict takes the focus
let watching = false;

function drawProgress(run) {
  const running = run.state === "running";
  // not disabled: a disabled button loses the focus, which then falls to the page's start
  for (const id of ["start", "demo", "demo-after"]) $(id).setAttribute("aria-disabled", String(running));
  $("forget").disabled = running;
  $("forget-yes").disabled = running;
  const finished = run.after ? "Finished the demo after its changes." : run.demo ? "Finished the demo."
    : run.earlier ? "Your last audit, kept from before." : "Finished.";
  // a request that waits shows why nothing moves ("github.com asked linkage to wait 20 s"),
  // but only the stage is said, once: not every try of a site that does not answer
  const words = running ? run.stage + "…" + (run.wait ? " " + run.wait + "." : "") : run.state === "done" ? finished : "";
  $("stage-words").textContent = words;
  $("stage-timer").textContent = running ? "(" + run.seconds + " s)" : "";
  if (running && run.stage) announce(run.stage + "…");
  // the demo's report is of fictional people: said where it shows, not to be taken for the user's
  $("report-title").textContent = run.after ? "3. The demo's report after its changes (fictional people, not your accounts)"
    : run.demo ? "3. The demo's report (fictional people, not your accounts)" : "3. The report";
  // a trainer's next step: the same person once the changes are made
  $("demo-next").hidden = !(run.state === "done" && run.demo && !run.after);
  const list = $("progress");
  list.replaceChildren();
  for (const account of run.accounts) {
    const item = el("li", account.state);
    item.append(el("span", "label", account.label), el("span", "state", STATES[account.state] || account.state));
    item.append(el("span", "message", account.message));
    list.append(item);
  }
  showError("run-error", run.state === "failed" ? run.error : "");
  drawVerdict(run);
  if (run.state === "done") showReport(run);
  if (watching && run.state !== "running") {
    watching = false;
    if (run.state === "done") {
      // the verdict is said once, as its heading takes the focus; the live region says only
      // that the run is over (its words again would be read twice)
      announce(words);
      $("verdict").focus();
    }
  }
}

async function poll() {
  try {
    const run = await call("GET", "/api/run");
    drawProgress(run);
    if (run.state !== "running") { clearInterval(polling); polling = null; }
  } catch (e) { showError("run-error", e.message); clearInterval(polling); polling = null; }
}

async function start(demo, after = false) {
  if ($(after ? "demo-after" : demo ? "demo" : "start").getAttribute("aria-disabled") === "true") return;
  showError("run-error", "");
  $("report").hidden = true;
  // the demo's button is at the top of the page: show where its progress is drawn
  if (demo) $("run").scrollIntoView();
  try {
    watching = true;
    drawProgress(await call("POST", "/api/run", { demo, after }));
    if (!polling) polling = setInterval(poll, 400);
  } catch (e) { watching = false; showError("run-error", e.message); }
}

export function wireAudit() {
  $("start").addEventListener("click", () => start(false));
  $("demo").addEventListener("click", () => start(true));
  $("demo-after").addEventListener("click", () => start(true, true));
}

// the run as the page opens: one still going is watched to its end, one over is shown
export function showRun() {
  call("GET", "/api/run").then((run) => {
    if (run.state === "running") { watching = true; polling = setInterval(poll, 400); }
    if (run.state !== "idle") drawProgress(run);
  });
}
