"""What the report's browser tests share: the widths they look at, how a report is opened
and the checks of its layout (nothing overflows sideways, no word broken inside, no two labels
of the graph overlapping). Screenshots and printouts go to ``test-artifacts/``."""

from __future__ import annotations

from pathlib import Path

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
DESKTOP, PHONE = 1280, 390
#: the narrowest phones, and the report framed in the app on a phone
NARROW = 320
#: A4 minus the print margins, in CSS pixels: the width printed text is laid out in.
PRINT_WIDTH = 687
#: A piece of an address with no separator left may break inside; shorter pieces may not.
UNBREAKABLE = 30

# Every word (split at spaces and at the separators of addresses) and the distinct lines it
# sits on; a word on two lines was broken inside.
BROKEN_WORDS_JS = """
(limit) => {
  const broken = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const pieces = /[^\\s\\/.\\-_@?&=:#~+|,;()]+/g;
  let node;
  while ((node = walker.nextNode())) {
    const parent = node.parentElement;
    if (!parent || parent.closest("svg, script, style, summary .level")) continue;
    if (!parent.getClientRects().length) continue;  // not displayed
    let m;
    while ((m = pieces.exec(node.data))) {
      if (m[0].length > limit) continue;
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const tops = new Set();
      for (const r of range.getClientRects()) if (r.width > 0) tops.add(Math.round(r.top / 4));
      if (tops.size > 1) broken.push(m[0]);
    }
  }
  return broken;
}
"""

LABEL_BOXES_JS = """
() => [...document.querySelectorAll(".graph svg text")].map(t => {
  const r = t.getBoundingClientRect();
  return {text: t.textContent, x: r.left, y: r.top, w: r.width, h: r.height};
})
"""


def open_report(
    browser, path: Path, width: int = DESKTOP, height: int = 900, color_scheme: str = "light"
):
    """The report in a new tab, on a screen set to ``color_scheme`` ("light" or "dark")."""
    page = browser.new_page(viewport={"width": width, "height": height}, color_scheme=color_scheme)
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return page, requests, errors


def outside(requests: list[str], path: Path) -> list[str]:
    return [u for u in requests if u != path.as_uri() and not u.startswith("data:")]


def check_page(page, requests, errors, path):
    assert outside(requests, path) == []
    assert errors == []
    assert page.evaluate("window.__pwned") is None
    for section in ("verdict", "graph", "evidence", "changes", "accounts", "method"):
        assert page.locator(f"section#{section}").is_visible()


def check_layout(page, where: str) -> None:
    """No sideways scrolling, no word broken inside, no two graph labels overlapping."""
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{where}: the page scrolls sideways by {overflow} px"
    broken = page.evaluate(BROKEN_WORDS_JS, UNBREAKABLE)
    assert broken == [], f"{where}: words broken inside: {broken[:10]}"
    boxes = page.evaluate(LABEL_BOXES_JS)
    assert boxes, f"{where}: the graph has no labels"
    for i, a in enumerate(boxes):
        assert a["h"] >= 9, f"{where}: label {a['text']} is {a['h']:.1f} px high"
        for b in boxes[i + 1 :]:
            apart = (
                a["x"] + a["w"] <= b["x"]
                or b["x"] + b["w"] <= a["x"]
                or a["y"] + a["h"] <= b["y"]
                or b["y"] + b["h"] <= a["y"]
            )
            assert apart, f"{where}: graph labels {a['text']} and {b['text']} overlap"


def first_content(page) -> list[str]:
    """The ids or classes of the first elements of the page's main content."""
    return page.evaluate(
        """() => [...document.querySelector("main").children].slice(0, 2).map(
             e => e.id || e.className)"""
    )
