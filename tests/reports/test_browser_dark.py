"""The report on a screen set to dark, in headless Chromium: light text on a dark page, every
text at least 4.5:1 on its ground (3:1 when large), as in the light scheme, the level badges
each their own colour, the picture's lines and outlines seen on the dark ground, the
keyboard's ring seen, nothing wider than the window; and on paper the light report, whatever
the screen. Screenshots at 1280 px and 390 px, and the printout under a dark screen, go to
``test-artifacts/`` (``dark-…``)."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.contrast import (
    ALL_COLOURS_JS,
    BADGES_JS,
    LOW_CONTRAST_JS,
    PAGE_COLOURS_JS,
    RING_JS,
    STROKES_JS,
    is_dark,
)
from tests.reports.browsing import (
    ARTIFACTS,
    DESKTOP,
    PHONE,
    PRINT_WIDTH,
    check_layout,
    open_report,
)

pytestmark = pytest.mark.browser

OPEN_ALL = "() => document.querySelectorAll('details').forEach(d => d.open = true)"


def check_colours(page, where: str, scheme: str) -> None:
    """The page's scheme, every text's contrast, the level badges apart from one another and
    from the page, and the picture's lines and outlines seen on its ground."""
    assert is_dark(page.evaluate(PAGE_COLOURS_JS)) == (scheme == "dark"), where
    low = page.evaluate(LOW_CONTRAST_JS)
    assert low == [], f"{where}: text below its least contrast: {low[:8]}"
    badges = page.evaluate(BADGES_JS, ".level")
    colours: dict[str, set[str]] = {}
    for level, fill, _ in badges:
        colours.setdefault(level, set()).add(fill)
    assert len(colours) >= 4 and all(len(fills) == 1 for fills in colours.values()), colours
    fills = [next(iter(fills)) for fills in colours.values()]
    assert len(set(fills)) == len(fills), f"{where}: two levels share a colour: {colours}"
    faint = [(level, round(ratio, 2)) for level, _, ratio in badges if ratio < 3]
    assert faint == [], f"{where}: badges lost on the page: {faint}"
    for selector in (".graph line.tie", ".graph .shape"):
        strokes = page.evaluate(STROKES_JS, [selector, "stroke"])
        assert strokes and min(strokes) >= 3, f"{where}: {selector} at {min(strokes):.2f}:1"


@pytest.mark.parametrize("scheme", ["dark", "light"])
@pytest.mark.parametrize("name", ["demo", "demo-redacted", "incomplete", "demo-after"])
def test_every_text_and_badge_is_seen_in_either_scheme(browser, demo_reports, name, scheme):
    """A screen set to dark showed the report white; the dark scheme keeps what the light one
    keeps (the light one is checked the same way, for the same promise)."""
    ARTIFACTS.mkdir(exist_ok=True)
    page, _, errors = open_report(browser, demo_reports[name], color_scheme=scheme)
    page.evaluate(OPEN_ALL)  # the numbers, the steps and the posts too
    for width, device in ((DESKTOP, "desktop"), (PHONE, "phone")):
        page.set_viewport_size({"width": width, "height": 900 if width == DESKTOP else 844})
        where = f"{name}, {scheme}, at {width} px"
        check_layout(page, where)
        check_colours(page, where, scheme)
        if scheme == "dark":
            page.screenshot(path=str(ARTIFACTS / f"dark-{name}-{device}.png"), full_page=True)
    assert errors == []
    page.close()


def test_the_keyboard_s_ring_is_seen_on_the_dark_page(browser, demo_reports):
    """The light scheme's dark-blue ring would be 2:1 on the dark page."""
    page, _, _ = open_report(browser, demo_reports["demo"], color_scheme="dark")
    for _ in range(3):
        page.keyboard.press("Tab")
        tag, style, width, ratio = page.evaluate(RING_JS)
        assert tag in ("A", "SUMMARY", "INPUT") and style == "solid" and width >= 3, tag
        assert ratio >= 3, (tag, ratio)
    page.close()


def test_the_form_controls_and_scrollbars_follow_the_scheme(browser, demo_reports):
    page, _, _ = open_report(browser, demo_reports["demo"], color_scheme="dark")
    scheme = "() => getComputedStyle(document.documentElement).colorScheme"
    assert page.evaluate(scheme) == "light dark"
    field = page.evaluate(
        "() => getComputedStyle(document.getElementById('link-filter')).backgroundColor"
    )
    assert field not in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)"), field  # not a white box
    page.emulate_media(media="print")
    assert page.evaluate(scheme) == "light"
    page.close()


@pytest.mark.parametrize("name", ["demo", "demo-redacted", "incomplete"])
def test_the_printout_is_the_light_one_whatever_the_screen(browser, demo_reports, name):
    """Printed from a screen set to dark, every colour is the one printed from a light
    screen: black on white."""
    page, _, _ = open_report(browser, demo_reports[name], width=PRINT_WIDTH, color_scheme="dark")
    page.emulate_media(media="print", color_scheme="light")
    light = page.evaluate(ALL_COLOURS_JS)
    page.emulate_media(media="print", color_scheme="dark")
    assert page.evaluate(ALL_COLOURS_JS) == light
    colours = page.evaluate(PAGE_COLOURS_JS)
    assert colours["ground"] == 1 and colours["text"] < 0.05, colours
    assert page.evaluate(LOW_CONTRAST_JS) == []
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = ARTIFACTS / f"dark-{name}-print.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    if shutil.which("pdftoppm"):
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", str(pdf), str(ARTIFACTS / f"dark-{name}-print")],
            check=True,
        )
    page.close()


def test_forced_colours_still_show_every_text(browser, demo_reports):
    """A high-contrast theme (forced colours) on a dark screen replaces the scheme's colours
    with its own, as it did before there was a dark scheme."""
    page, _, _ = open_report(browser, demo_reports["demo"], color_scheme="dark")
    page.emulate_media(forced_colors="active")
    page.evaluate(OPEN_ALL)
    assert page.evaluate(LOW_CONTRAST_JS) == []
    for selector in (".graph line.tie", ".graph .shape"):
        strokes = page.evaluate(STROKES_JS, [selector, "stroke"])
        assert strokes and min(strokes) >= 3, f"{selector} at {min(strokes):.2f}:1"
    page.close()
