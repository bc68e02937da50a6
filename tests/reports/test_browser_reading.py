"""The report as it is read, in a real browser: whom its words speak of (the demo's invented
person by name, the account holder in a redacted report), what a room sees from the back
(the demo said to be invented beside its headline, the level words no smaller than the text
round them, where the keyboard is), and right-to-left values drawn in their own places.
Screenshots of the demo, the redacted demo and a report of right-to-left and CJK profiles,
at 1280 px, 390 px and printed, go to ``test-artifacts/``."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from reports.render import render_html
from tests.reports.browsing import ARTIFACTS, DESKTOP, PHONE, PRINT_WIDTH, open_report
from tests.reports.intl_people import OWNER, PLACES, intl_analysis

pytestmark = pytest.mark.browser


def shoot(page, name: str) -> None:
    """Screenshots at 1280 px and 390 px, and the printout as PDF (and its pages as PNGs)."""
    ARTIFACTS.mkdir(exist_ok=True)
    for width in (DESKTOP, PHONE):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": PRINT_WIDTH, "height": 900})
    page.emulate_media(media="print")
    pdf = ARTIFACTS / f"{name}-print.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    page.emulate_media(media="screen")
    if shutil.which("pdftoppm"):
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", str(pdf), str(ARTIFACTS / f"{name}-print")],
            check=True,
        )


def test_the_demo_names_its_invented_person_beside_the_headline(browser, demo_reports):
    """A room read "Your personal and professional sides can be joined", with the person's
    being invented said only in a small grey subtitle."""
    page, _, _ = open_report(browser, demo_reports["demo"])
    headline = page.locator("#verdict h2")
    assert headline.inner_text().startswith("Morag's personal and professional sides")
    assert page.title() == "Can Morag's accounts be linked?"
    note = page.locator("#fictional")
    assert "Morag Finlay is a fictional person" in note.inner_text()
    above, below = note.bounding_box(), headline.bounding_box()
    assert above and below and 0 <= below["y"] - (above["y"] + above["height"]) < 40
    sizes = page.evaluate(
        """() => [document.querySelector("#fictional"), document.body].map(
             e => parseFloat(getComputedStyle(e).fontSize))"""
    )
    assert sizes[0] > sizes[1]  # larger than the body's text, and not grey
    assert page.locator("#verdict p.verdict").first.inner_text().count("Morag's") == 2
    shoot(page, "reading-demo")
    page.close()


def test_the_redacted_demo_speaks_of_the_account_holder(browser, demo_reports):
    page, _, _ = open_report(browser, demo_reports["demo-redacted"])
    assert page.locator("#verdict h2").inner_text() == (
        "The personal and professional sides can be joined by someone who looks."
    )
    assert (
        page.locator("#verdict p.verdict")
        .first.inner_text()
        .startswith(
            "almost certain Personal account A (Mastodon) can be joined to professional account D"
        )
    )
    assert "The person in this report is fictional" in page.locator("#fictional").inner_text()
    # "What was read from each account" in the order of the letters
    cards = page.locator("article.account h3").all_inner_texts()
    assert [c.split(" (")[0].split()[-1] for c in cards] == ["A", "B", "C", "D", "E"]
    shoot(page, "reading-demo-redacted")
    page.close()


def test_a_level_word_is_never_smaller_than_the_text_round_it(browser, demo_reports):
    """The level words ("almost certain"), what a room most needs to read, were the smallest
    text on the page (13.6 px beside 16 px)."""
    page, _, _ = open_report(browser, demo_reports["demo"])
    sizes = page.evaluate(
        """() => [...document.querySelectorAll(".level")].filter(e => e.getClientRects().length)
             .map(e => [parseFloat(getComputedStyle(e).fontSize),
                        parseFloat(getComputedStyle(e.parentElement).fontSize)])"""
    )
    assert sizes and all(own >= round_it and own >= 16 for own, round_it in sizes), sizes
    page.close()


def test_the_keyboard_s_place_is_ringed_thickly(browser, demo_reports):
    """The browser's own 1 px ring could not be seen from the back of a room."""
    page, _, _ = open_report(browser, demo_reports["demo"])
    for _ in range(3):
        page.keyboard.press("Tab")
        ring = page.evaluate(
            """() => { const s = getComputedStyle(document.activeElement);
                 return [document.activeElement.tagName, s.outlineStyle,
                         parseFloat(s.outlineWidth)]; }"""
        )
        assert ring[0] in ("A", "SUMMARY", "INPUT") and ring[1] == "solid" and ring[2] >= 3, ring
    page.close()


def test_right_to_left_values_keep_their_places(browser, tmp_path):
    """Two places of one sentence ("different locations ('ירושלים', 'القاهرة')") were drawn
    the second first; the owner's Arabic name pulled "2" of "2 accounts" in front of it; a
    Hebrew or Arabic bio was laid out left to right."""
    path = tmp_path / "intl.html"
    path.write_text(render_html(intl_analysis()), encoding="utf-8")
    page, _, errors = open_report(browser, path)
    lefts = page.evaluate(
        """(places) => places.map(place => [...document.querySelectorAll("#evidence bdi")]
             .filter(e => e.textContent === place && e.getClientRects().length)
             .map(e => e.getBoundingClientRect().left)[0])""",
        list(PLACES),
    )
    assert None not in lefts and lefts[0] < lefts[1], lefts
    # the owner, then the count, as the sentence gives them
    line = page.evaluate(
        """() => { const p = document.querySelector("header.top p");
             const owner = p.querySelector("bdi").getBoundingClientRect();
             const text = [...p.childNodes].find(n => n.nodeType === 3 && /accounts/.test(n.data));
             const range = document.createRange();
             const at = text.data.indexOf("5 accounts");
             range.setStart(text, at); range.setEnd(text, at + 1);
             return [owner.right, range.getBoundingClientRect().left]; }"""
    )
    assert line[0] < line[1], line
    assert page.locator("header.top bdi").inner_text() == OWNER
    directions = page.evaluate(
        """() => [...document.querySelectorAll("p.bio")].map(p => getComputedStyle(p).direction)"""
    )
    assert directions[:3] == ["rtl", "rtl", "rtl"] and directions[3:] == ["ltr", "ltr"]
    assert errors == []
    shoot(page, "reading-rtl-cjk")
    page.close()
