// The verdict where the run ends, above the lines of progress.
import { $, el } from "./page.js";

// the report's first screen in short, where the run ends: the warning of an incomplete audit
// first, then the headline with its level's word, then the first change
export function drawVerdict(run) {
  const verdict = run.state === "done" ? run.verdict || {} : {};
  const box = $("summary");
  box.hidden = !verdict.headline;
  const head = $("verdict");
  head.replaceChildren();
  // the badges and the headline, read as one sentence: "almost certain: Your …",
  // "Incomplete, unknown: Not known yet …" (separators drawn off-screen were read with
  // spaces around them, "almost certain : Your …")
  const badges = [];
  const badge = (className, text) => {
    head.append(el("span", "badge " + className, text));
    badges.push(text);
  };
  if (verdict.incomplete) badge("incomplete", "Incomplete");
  if (verdict.label) badge("level-" + verdict.level, verdict.label);
  if (badges.length) head.setAttribute("aria-label", badges.join(", ") + ": " + (verdict.headline || ""));
  else head.removeAttribute("aria-label");
  head.append(document.createTextNode(verdict.headline || ""));
  const described = [];
  for (const [id, text] of [["verdict-incomplete", verdict.incomplete], ["verdict-change", verdict.change]]) {
    $(id).textContent = text || "";
    $(id).hidden = !text;
    if (text) described.push(id);
  }
  // read with the heading when it takes the focus: why it is incomplete, the first change
  if (described.length) head.setAttribute("aria-describedby", described.join(" "));
  else head.removeAttribute("aria-describedby");
  $("verdict-counts").textContent = run.summary || "";
}
