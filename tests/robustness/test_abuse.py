"""Hostile data in every field of every collector and importer, rendered in the full and the
redacted report and loaded in headless Chromium: nothing runs, nothing loads, the layout holds.

The payloads (``payloads.py``) try script tags, event handlers, ``javascript:`` and ``data:``
addresses, CSS injection, markup that loads or navigates, bidi and zero-width tricks, control
characters and very long strings; each sets ``window.__pwned`` or loads from ``track.example``
if it ever gets the chance.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from markupsafe import escape

from collectors import registry
from reports.labels import persona_title
from reports.render import ReportOptions, render_html
from tests.collectors.archives.layouts_more import LAYOUTS
from tests.robustness.abuse import FAILING, OWNER, Abuse, collect_hostile, payloads_in
from tests.robustness.fleet import Fleet
from tests.robustness.payloads import PAYLOADS
from tests.server import LocalServer

SECTIONS = ("verdict", "graph", "evidence", "changes", "accounts", "method")

#: Run in the page after loading: fire the events a reader's mouse and keyboard would, open
#: every <details>, then list anything that could run or load.
INSPECT = """() => {
  for (const el of document.querySelectorAll('*')) {
    for (const type of ['mouseover', 'mouseenter', 'focus', 'animationstart']) {
      el.dispatchEvent(new Event(type, {bubbles: true}));
    }
    if (el.tagName === 'DETAILS') el.open = true;
  }
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase(), value = attr.value.trim().toLowerCase();
      if (name.startsWith('on')) found.push(`${el.tagName} ${name}`);
      if (['href', 'src', 'action', 'formaction', 'srcset', 'xlink:href', 'background', 'poster', 'data'].includes(name)
          && !(value.startsWith('#') || (name === 'src' && el.tagName === 'IMG' && value.startsWith('data:image/')))) {
        found.push(`${el.tagName} ${name}=${value.slice(0, 60)}`);
      }
    }
  }
  for (const tag of ['iframe', 'object', 'embed', 'form', 'base', 'link', 'frame', 'applet', 'meta[http-equiv=refresh]', 'svg script', 'svg foreignObject']) {
    for (const el of document.querySelectorAll(tag)) found.push(`element ${tag}`);
  }
  return {
    found,
    scripts: document.scripts.length,
    styles: document.querySelectorAll('style').length,
    styled: document.querySelectorAll('[style]').length,
    width: document.documentElement.scrollWidth,
    viewport: window.innerWidth,
    pwned: window.__pwned === undefined ? null : String(window.__pwned),
  };
}"""


@pytest.fixture(scope="module")
def abuse(fleet: Fleet, server: LocalServer) -> Iterator[Abuse]:
    server.clear()
    try:
        yield collect_hostile(fleet, server)
    finally:
        server.clear()


def test_payloads_reach_the_records_of_every_collector_and_importer(abuse: Abuse) -> None:
    platforms = {p.platform for p in abuse.profiles if abuse.sources[p.id] == "collector"}
    assert platforms == set(registry.known_platforms())
    assert {p.platform for p in abuse.profiles if abuse.sources[p.id] == "archive"} >= {
        kind.split("-")[0] for kind in LAYOUTS
    }
    failing = {p.id for p in abuse.profiles if p.handle in FAILING or p.id.endswith(tuple(FAILING))}
    reached: set[str] = set()
    for profile in abuse.profiles:
        error = profile.collected.error if profile.collected else None
        if abuse.sources[profile.id] == "profiles file":
            continue
        if profile.id in failing:
            assert error and error.startswith("not found:"), (profile.id, error)
            continue
        assert error is None or error.startswith("partial:"), (profile.id, error)
        found = payloads_in(profile)
        assert found, f"no payload reached {profile.id}"
        reached |= found
    kinds = {kind for kind, payload in PAYLOADS if payload in reached}
    # invisible and control characters are taken out of collected text (so they reach the
    # report only through the records written straight into a profiles file)
    cleaned = {"bidi", "zero-width", "control"}
    assert kinds >= {kind for kind, _ in PAYLOADS} - cleaned, "some payloads never reached a record"
    assert abuse.placements > 300


def open_inspected(browser, path: Path, width: int) -> tuple[dict, list[str], list[str], object]:
    page = browser.new_page(viewport={"width": width, "height": 900})
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    # nothing may leave the page; should anything try, it is stopped here and reported
    page.route(
        "**/*",
        lambda route: route.continue_() if route.request.url == path.as_uri() else route.abort(),
    )
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    result = page.evaluate(INSPECT)
    page.wait_for_timeout(100)  # let anything the events started happen
    result["pwned"] = result["pwned"] or page.evaluate(
        "window.__pwned === undefined ? null : String(window.__pwned)"
    )
    return result, requests, errors, page


@pytest.mark.browser
@pytest.mark.parametrize("redact", [False, True], ids=["full", "redacted"])
def test_hostile_report_is_inert_and_keeps_its_layout(
    browser, abuse: Abuse, redact: bool, tmp_path: Path
) -> None:
    html = render_html(abuse.analysis, ReportOptions(redact=redact))
    path = tmp_path / "report.html"
    path.write_text(html, encoding="utf-8")
    if redact:
        # the owner's name and the persona labels are the user's own words, shown as they are;
        # the collection time is shown as the record has it (a file may hold any text there)
        own = {OWNER, *(p.persona or "" for p in abuse.profiles)}
        own |= {p.collected.at for p in abuse.profiles if p.collected}
        own |= {persona_title(text) for text in own}
        rest = html
        for text in sorted(own, key=len, reverse=True):
            rest = rest.replace(str(escape(text)), "")
        assert "__pwned" not in rest and "track.example" not in rest, "collected text shown"
    for width in (1280, 390):
        result, requests, errors, page = open_inspected(browser, path, width)
        try:
            assert result["pwned"] is None, f"a payload ran: {result['pwned']}"
            assert [
                u for u in requests if u != path.as_uri() and not u.startswith("data:image/")
            ] == []
            assert errors == []
            assert result["found"] == []
            assert (result["scripts"], result["styles"]) == (1, 1)
            assert result["width"] <= result["viewport"], (
                f"the page is {result['width']} px wide in {width} px"
            )
            for section in SECTIONS:
                assert page.locator(f"section#{section}").is_visible(), section
            if not redact:
                text = page.inner_text("body")
                assert "<script>window.__pwned='script'</script>" in text  # shown, as text
        finally:
            page.close()
