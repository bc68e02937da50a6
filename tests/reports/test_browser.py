"""The report in a real browser: headless Chromium (Debian's) driven by Playwright.

Every report is checked at 1280 px, at 390 px and printed (A4): nothing overflows sideways,
no word is broken inside (a long address may wrap only after a separator), no two labels of
the graph overlap, and the first thing a reader sees is the answer (or, before it, the warning
that the audit is incomplete). Screenshots and the printed PDF (with its pages as PNGs) go to
``test-artifacts/`` for a person to look at.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from reports.render import ReportOptions, render_html
from tests.reports.browsing import (
    ARTIFACTS,
    DESKTOP,
    NARROW,
    PHONE,
    PRINT_WIDTH,
    check_layout,
    check_page,
    first_content,
    open_report,
)

pytestmark = pytest.mark.browser

STYLES_JS = """
() => Object.fromEntries([...document.querySelectorAll(".graph g.node")].map(
  g => [g.dataset.persona, g.dataset.shape + " " + g.dataset.colour]))
"""


def test_hostile_report_is_inert(browser, tmp_path, hostile_analysis):
    path = tmp_path / "report.html"
    path.write_text(render_html(hostile_analysis), encoding="utf-8")
    page, requests, errors = open_report(browser, path)
    check_page(page, requests, errors, path)
    assert "<script>window.__pwned = 1</script>" in page.inner_text("body")
    page.close()


def test_redacted_report_is_inert(browser, tmp_path, hostile_analysis):
    path = tmp_path / "redacted.html"
    path.write_text(render_html(hostile_analysis, ReportOptions(redact=True)), encoding="utf-8")
    page, requests, errors = open_report(browser, path)
    check_page(page, requests, errors, path)
    page.close()


def test_link_filter_script_runs_under_the_csp(browser, tmp_path, hostile_analysis):
    path = tmp_path / "report.html"
    path.write_text(render_html(hostile_analysis), encoding="utf-8")
    page, _, errors = open_report(browser, path)
    search = page.locator("#link-filter")
    assert search.is_visible()  # the script un-hides it: proof that the hashed script ran
    before = page.locator("details[data-filter]:visible").count()
    assert page.locator("label[for='link-filter']").is_visible()  # not a placeholder alone
    search.fill("no-such-account-anywhere")
    assert page.locator("details[data-filter]:visible").count() == 0 < before or before == 0
    assert page.inner_text("#filter-count") == "No tie matches."  # said, not only hidden
    search.fill("")
    assert page.inner_text("#filter-count") == ""
    assert errors == []
    page.close()


@pytest.mark.parametrize(
    "name",
    [
        "demo",
        "self-audit",
        "redacted",
        "demo-redacted",
        "incomplete",
        "demo-after",
    ],
)
def test_report_at_desktop_and_phone_width(browser, demo_reports, name):
    path = demo_reports[name]
    ARTIFACTS.mkdir(exist_ok=True)
    page, requests, errors = open_report(browser, path)
    check_page(page, requests, errors, path)
    for width, device in ((DESKTOP, "desktop"), (PHONE, "phone"), (NARROW, "narrow")):
        page.set_viewport_size({"width": width, "height": 900 if width == DESKTOP else 844})
        check_layout(page, f"{name} at {width} px")
        first = first_content(page)
        if name == "incomplete":
            assert first == ["incomplete", "verdict"]
            assert (
                page.locator("#incomplete")
                .inner_text()
                .startswith("This audit is incomplete: 1 account could not be read.")
            )
        else:
            assert first[0] == "verdict"
        # the answer: the headline (in a demo, after the note that its person is invented),
        # then one sentence per pair of personas, in words
        verdict = page.locator("#verdict > *")
        first = 1 if name.startswith("demo") else 0
        if first:
            assert verdict.nth(0).evaluate("e => e.className") == "fictional"
        assert verdict.nth(first).evaluate("e => e.className") == "headline"
        assert verdict.nth(first + 1).evaluate("e => e.className").startswith("verdict ")
        joined = "unlikely to be joined" if name == "demo-after" else "can be joined to"
        assert joined in verdict.nth(first + 1).inner_text()
        page.screenshot(path=str(ARTIFACTS / f"{name}-{device}.png"), full_page=True)
        page.screenshot(path=str(ARTIFACTS / f"{name}-{device}-first-screen.png"))
    page.close()


def test_printed_demo_is_a_few_pages_with_everything_open(browser, demo_reports):
    ARTIFACTS.mkdir(exist_ok=True)
    for name in ("demo", "redacted", "demo-redacted"):
        page, _, errors = open_report(browser, demo_reports[name], width=PRINT_WIDTH)
        page.emulate_media(media="print")
        check_layout(page, f"{name} printed")
        hidden = page.evaluate(
            """() => [...document.querySelectorAll("details:not(.noprint) > :not(summary, .noprint)")]
                 .filter(e => e.parentElement.getClientRects().length && !e.getClientRects().length).length"""
        )
        assert hidden == 0, f"{hidden} collapsed views stay collapsed in print"
        scrolling = page.evaluate(
            """() => [...document.querySelectorAll("body *")].filter(e => {
                 const s = getComputedStyle(e);
                 return /auto|scroll/.test(s.overflowY + s.overflowX) && e.scrollHeight > e.clientHeight;
               }).length"""
        )
        assert scrolling == 0, "a scroll box in print cuts its text off"
        # a level is white text on its colour: printed without backgrounds (the browser's
        # default) it must keep the colour, or the word fades to nothing
        adjust = page.evaluate(
            """() => [...document.querySelectorAll(".level")].map(e => {
                 const s = getComputedStyle(e);
                 return s.printColorAdjust || s.webkitPrintColorAdjust; })"""
        )
        assert adjust and set(adjust) == {"exact"}, adjust
        pdf = ARTIFACTS / f"{name}-print.pdf"
        page.pdf(path=str(pdf), format="A4", print_background=True)
        pages = len(re.findall(rb"/Type\s*/Page\b", pdf.read_bytes()))
        assert 1 <= pages <= 7, f"the printed {name} report is {pages} pages"
        if shutil.which("pdftoppm"):
            subprocess.run(
                ["pdftoppm", "-png", "-r", "60", str(pdf), str(ARTIFACTS / f"{name}-print")],
                check=True,
            )
        assert errors == []
        page.close()


def test_the_printout_says_each_thing_once_and_prints_no_empty_section(browser, demo_reports):
    """Printed, the verdict's first three changes came again in the list of changes below
    them, and the after report printed "How each tie was found" with no tie in it (none is
    on a chain between her sides); and on paper it told the reader to "open" a section."""
    shown = """(sel) => { const e = document.querySelector(sel);
                          return !!e && e.getClientRects().length > 0; }"""
    page, _, _ = open_report(browser, demo_reports["demo"], width=PRINT_WIDTH)
    page.emulate_media(media="print")
    assert not page.evaluate(shown, ".top-changes-block") and page.evaluate(shown, "ol.changes")
    assert page.evaluate(shown, "#evidence")
    assert "(open" not in page.inner_text("body")
    page.close()
    page, _, _ = open_report(browser, demo_reports["demo-after"], width=PRINT_WIDTH)
    page.emulate_media(media="print")
    assert not page.evaluate(shown, "#evidence")
    page.emulate_media(media="screen")
    assert page.evaluate(shown, "#evidence")  # on screen, its ties are all there
    page.close()


def test_a_persona_looks_the_same_in_every_report(browser, demo_reports):
    seen: dict[str, dict[str, str]] = {}
    for name, path in demo_reports.items():
        page, _, _ = open_report(browser, path)
        seen[name] = page.evaluate(STYLES_JS)
        page.close()
    assert {"Personal", "Professional"} <= set(seen["demo"]) & set(seen["incomplete"])
    for persona in ("Personal", "Professional"):
        looks = {styles[persona] for styles in seen.values() if persona in styles}
        assert len(looks) == 1, (persona, seen)
    assert seen["redacted"] == seen["self-audit"]
    assert seen["demo"]["Personal"] != seen["demo"]["Professional"]


def test_the_reader_sees_no_jargon(browser, demo_reports):
    """Outside the numbers views: no 'match weight', 'prior', 'hash distance' or 'bits', and no
    signal identifier (display_name, crosslink)."""
    for name, path in demo_reports.items():
        page, _, _ = open_report(browser, path)
        text = page.evaluate(
            """() => { const body = document.body.cloneNode(true);
                 body.querySelectorAll("details.numbers, script, style").forEach(e => e.remove());
                 return body.textContent.toLowerCase(); }"""
        )
        for word in ("match weight", "prior", "hash distance", "bits", "display_name", "crosslink"):
            assert not re.search(rf"\b{word}\b", text), f"{name}: '{word}' in the reader's text"
        page.close()


def test_the_contents_lead_to_each_section_and_are_not_printed(browser, demo_reports):
    """A long report opens with a list of its sections; each entry leads to its section (the
    incomplete audit's first to what could not be read), and paper has no use for links."""
    for name, path in demo_reports.items():
        page, _, _ = open_report(browser, path, width=PHONE)
        contents = page.get_by_role("navigation", name="Contents")
        links = contents.get_by_role("link")
        targets = [links.nth(i).get_attribute("href") for i in range(links.count())]
        assert {"#verdict", "#changes", "#graph", "#accounts", "#method"} <= set(targets), name
        assert (targets[0] == "#incomplete") == (name == "incomplete"), (name, targets)
        for i, target in enumerate(targets):
            links.nth(i).click()
            top = page.evaluate(
                "(id) => document.getElementById(id).getBoundingClientRect().top", target[1:]
            )
            assert abs(top) < 2 or page.evaluate(
                "() => innerHeight + scrollY >= document.documentElement.scrollHeight - 1"
            ), (name, target, top)
        page.emulate_media(media="print")
        assert not contents.is_visible()
        page.close()


def test_the_picture_is_named_once_and_described_once(browser, demo_reports):
    """The picture's name was its title and its whole description (every tie), and the
    description was read again after it; its help pointed at line titles only a mouse
    reaches."""
    from playwright.sync_api import expect

    page, _, _ = open_report(browser, demo_reports["demo"])
    picture = page.locator(".graph svg[role=img]")
    expect(picture).to_have_accessible_name(re.compile(r"^Picture of \d+ accounts$"))
    expect(picture).to_have_accessible_description(re.compile(r"^\d+ lines between accounts"))
    assert "title says" not in page.locator("#graph .callout").inner_text()
    page.close()
