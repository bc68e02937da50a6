"""The report of an audit whose profiles link to many addresses that cannot be followed, in
headless Chromium: the verdict is on the first screen at 1280 px and at 390 px, and the list of
links not followed is lower down, folded. Before, the list (23 links, each with its collector's
reason) filled the first screen and the verdict began some 1,500 px down at 1280 px, 4,600 px
at 390 px. Screenshots of the first screen at both widths go to ``test-artifacts/``."""

from __future__ import annotations

import pytest

from tests.every_platform_audit import Audited, audit_every_platform
from tests.reports.browsing import ARTIFACTS, DESKTOP, PHONE, check_layout, open_report

pytestmark = pytest.mark.browser

#: a laptop's screen and a phone's, as the browser shows them
SCREENS = {DESKTOP: 800, PHONE: 844}


@pytest.fixture(scope="module")
def audited(tmp_path_factory: pytest.TempPathFactory) -> Audited:
    done = audit_every_platform(tmp_path_factory.mktemp("unfollowed-browser"))
    assert done.code == 0, done.output
    assert done.unread >= 20  # an audit with many links that could not be followed
    return done


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_the_verdict_is_on_the_first_screen(browser, audited, width):
    height = SCREENS[width]
    page, _, errors = open_report(browser, audited.report, width=width, height=height)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"unfollowed-{width}-first-screen.png"))
    headline = page.locator("#verdict-h").bounding_box()
    first = page.locator("#verdict p.verdict").first.bounding_box()
    assert headline and first
    assert headline["y"] >= 0 and headline["y"] + headline["height"] <= height, headline
    # the headline and the start of its first sentence: the level word and whom it joins
    assert first["y"] + 40 <= height, first
    assert page.locator("#verdict-h").inner_text() == (
        "Your personal and professional sides can be joined by someone who looks."
    )
    # the header counts the listed accounts, and the found ones apart
    counted = f"{audited.listed} accounts, and {audited.found} more found through their links"
    assert counted in page.inner_text("header.top")
    # the links not followed: below the first screen, folded
    section = page.locator("section#unfollowed").bounding_box()
    assert section and section["y"] > height
    assert page.locator("section#unfollowed details").count() == 1
    assert not page.locator("section#unfollowed li").first.is_visible()
    page.locator("section#unfollowed summary").click()
    assert page.locator("section#unfollowed li").count() == audited.unread
    assert page.locator("section#unfollowed li").first.is_visible()
    check_layout(page, f"{width} px, the list open")
    page.locator("section#unfollowed").screenshot(
        path=str(ARTIFACTS / f"unfollowed-{width}-list.png")
    )
    assert errors == []
    page.close()
