"""The app with a keyboard and a screen reader's eyes (WCAG 2.2 AA), in headless Chromium:
where the focus goes, what the live regions say and how often, which errors belong to which
field, and the contrast of what is drawn, measured from the computed styles."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.app.visit import WIDTHS, Visit, add
from tests.contrast import (
    ALL_COLOURS_JS,
    BADGES_JS,
    LOW_CONTRAST_JS,
    PAGE_COLOURS_JS,
    PLACEHOLDER_JS,
    RING_JS,
    is_dark,
)

pytestmark = pytest.mark.browser

#: every live region's changes, counted (and their words kept) by a MutationObserver
WATCH_LIVE = """() => {
    window.said = [];
    window.liveChanges = 0;
    const regions = document.querySelectorAll(
        '[aria-live]:not([aria-live="off"]), [role=status], [role=alert], [role=log]');
    const observer = new MutationObserver((records) => {
        window.liveChanges += records.length;
        for (const record of records) {
            const region = record.target.nodeType === 1 ? record.target : record.target.parentNode;
            window.said.push(region.closest('[aria-live], [role]').textContent);
        }
    });
    for (const region of regions) {
        observer.observe(region, {childList: true, characterData: true, subtree: true});
    }
}"""

#: the contrast ratio (WCAG 2.2) of an element's colour ``property`` against the background
#: it is drawn on (its own, or the first ancestor's that is not transparent)
CONTRAST = """([selector, property]) => {
    const rgb = (text) => text.match(/[\\d.]+/g).map(Number);
    const luminance = ([r, g, b]) => {
        const linear = (c) => {
            c /= 255;
            return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
        };
        return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
    };
    const node = document.querySelector(selector);
    const fore = rgb(getComputedStyle(node)[property]);
    let back = node;
    while (back && rgb(getComputedStyle(back).backgroundColor)[3] === 0) back = back.parentElement;
    const ground = back ? rgb(getComputedStyle(back).backgroundColor) : [255, 255, 255];
    const [light, dark] = [luminance(fore), luminance(ground)].sort((a, b) => b - a);
    return (light + 0.05) / (dark + 0.05);
}"""

FOCUSED = "() => document.activeElement.id || document.activeElement.getAttribute('aria-label')"


def open_app(browser, app, color_scheme: str = "light") -> Visit:
    visit = Visit(browser, app.base, color_scheme)
    visit.page.goto(app.url)
    visit.page.locator("#account-list li").first.wait_for()
    return visit


def test_the_verdict_is_said_and_takes_the_focus_when_the_demo_ends(browser, running_app):
    """The run ended with the focus on <body> (its buttons were disabled while focused), the
    stage's live region said its seconds counter every 400 ms, and the verdict was only in the
    report's frame, far below; the progress named accounts by their ids ("web:https://…")."""
    visit = open_app(browser, running_app)
    page = visit.page
    page.set_viewport_size({"width": 1280, "height": 720})
    demo = page.locator("#demo").bounding_box()
    assert demo is not None and demo["y"] + demo["height"] <= 720  # on the first screen
    page.evaluate(WATCH_LIVE)
    page.focus("#demo")
    page.keyboard.press("Enter")
    page.locator("#progress li").first.wait_for()
    assert page.evaluate(FOCUSED) == "demo"  # kept while it runs
    page.locator("#stage").filter(has_text="Finished the demo.").wait_for(timeout=120_000)
    expect(page.locator("#verdict")).to_be_focused()

    # the report's own headline and its first pair's level word, where the run ended
    frame = page.frame_locator("#report-frame")
    headline = frame.locator("#verdict-h").inner_text()
    level = frame.locator("#verdict .level").first.inner_text()
    verdict = page.locator("#verdict")
    assert headline in verdict.inner_text()
    assert page.locator("#verdict .badge").inner_text() == level == "almost certain"
    assert page.inner_text("#verdict-change").startswith("Change this first: remove the link")
    assert "Read 4 of 4 accounts" in page.inner_text("#summary")
    visit.snap("13-verdict", at="#run")

    # said once: each stage, then the verdict (by its heading, which takes the focus; not
    # again by the live region); never the ticking seconds
    said = page.evaluate("window.said")
    expect(verdict).to_have_accessible_name(f"{level}: {headline}")
    assert not any(headline in words for words in said), said
    assert not any(" s)" in words for words in said), said
    assert page.evaluate("window.liveChanges") <= 8, said
    assert (
        page.evaluate(
            "document.getElementById('stage-timer').closest('[aria-live], [role=status]')"
        )
        is None
    )

    # the next Tab reaches the demo's next step, and the one after it the report
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED) == "demo-after"
    assert not any("Show the demo after" in words for words in said), said
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.view") == "report"

    # on a phone, the verdict is on the screen where the run ends
    page.set_viewport_size({"width": 390, "height": 844})
    page.focus("#verdict")
    box = verdict.bounding_box()
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 844

    # the accounts as the report names them, not by their ids
    labels = page.locator("#progress .label").all_inner_texts()
    assert "morag-finlay.example.org (Website)" in labels
    assert "quietknitter@knitting.example.social (Mastodon)" in labels
    assert not any(":" in label.split(" (")[0] for label in labels), labels
    assert visit.errors == []
    visit.close()


def test_an_incomplete_audit_says_so_first(browser, running_app):
    """An audit with an account it could not read: the summary begins with "Incomplete"."""
    visit = open_app(browser, running_app)
    page = visit.page
    add(page, "https://github.com/mfinlay-lib", "professional", "A GitHub account")
    add(page, "@quietknitter@knitting.example.social", "personal", "A Mastodon account")
    add(page, "github:nobody-by-this-name", "personal", "A GitHub account")
    page.click("#start")
    expect(page.locator("#verdict")).to_be_focused(timeout=120_000)
    assert page.inner_text("#verdict").startswith("Incomplete")
    assert page.inner_text("#verdict-incomplete").startswith("This audit is incomplete")
    assert "nobody-by-this-name" in page.inner_text("#verdict-incomplete")
    visit.snap("14-incomplete", at="#run")
    visit.close()


def test_the_recognised_hint_is_said_when_its_meaning_changes(browser, running_app):
    """The hint was a live region rewritten after every pause in typing."""
    visit = open_app(browser, running_app)
    page = visit.page
    page.evaluate(WATCH_LIVE)
    text = "https://github.com/mfinlay-lib"
    page.locator("#handle").press_sequentially(text, delay=260)  # a pause after each key
    page.locator("#recognised").filter(has_text="(github:mfinlay-lib)").wait_for()
    said = page.evaluate("window.said")
    assert said[-1].startswith("A GitHub account")
    # said when it changes: not a handle; a website; GitHub (and back at "mfinlay-", not a
    # GitHub name), not after each of the 30 keys
    assert page.evaluate("window.liveChanges") <= 8, "\n".join(said)
    visit.close()


def test_the_file_chooser_is_in_the_tab_order_and_shows_its_focus(browser, running_app):
    """The file input sat off-screen and its label showed no focus; the drop area was a stop
    in the tab order that did nothing."""
    visit = open_app(browser, running_app)
    page = visit.page
    page.focus("#add")
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED) == "archive"
    label = "label[for=archive]"
    style = page.eval_on_selector(
        label, "(n) => [getComputedStyle(n).outlineStyle, getComputedStyle(n).outlineWidth]"
    )
    assert style[0] not in ("none", "") and float(style[1].removesuffix("px")) >= 2
    assert page.evaluate(CONTRAST, [label, "outlineColor"]) >= 3
    visit.snap("15-file-focus", at="#drop")
    page.focus("#archive")
    page.keyboard.press("Shift+Tab")
    assert page.evaluate(FOCUSED) == "add"  # nothing between
    assert page.get_attribute("#drop", "tabindex") is None
    visit.close()


def test_each_error_is_at_its_field_and_takes_the_focus(browser, running_app):
    """The side error was said under the address field, no field was marked invalid, and
    the focus stayed where it was."""
    visit = open_app(browser, running_app)
    page = visit.page
    page.fill("#handle", "https://github.com/mfinlay-lib")
    page.locator("#recognised").filter(has_text="A GitHub account").wait_for()
    page.click("#add")
    error = page.locator("#persona #persona-error")  # inside "Which side of you is it?"
    error.filter(has_text="Say which side of you this account is on").wait_for()
    assert page.evaluate("document.activeElement.name") == "persona"
    first = page.locator('#persona input[type="radio"]').first
    assert first.get_attribute("aria-invalid") == "true"
    assert "persona-error" in (first.get_attribute("aria-describedby") or "")
    assert page.get_attribute("#handle", "aria-invalid") != "true"
    assert "Say which side" not in page.inner_text("#recognised")
    # the whole choice is marked, not the box of a label of one's own alone (which read as if
    # a label had to be typed)
    assert page.get_attribute("#persona-other", "aria-invalid") is None
    outline = page.evaluate("getComputedStyle(document.getElementById('persona')).outlineStyle")
    assert outline == "solid", outline
    visit.snap("16-side-error", at="#add-form")

    page.check('input[name="persona"][value="personal"]')
    assert error.is_hidden() and first.get_attribute("aria-invalid") is None
    assert "invalid" not in (page.get_attribute("#persona", "class") or "")
    page.fill("#handle", "not a thing at all!!")
    page.locator("#recognised").filter(has_text="is not a handle").wait_for()
    with page.expect_response(lambda r: r.url.endswith("/api/accounts/add")):
        page.click("#add")
    expect(page.locator("#handle")).to_be_focused()
    assert page.get_attribute("#handle", "aria-invalid") == "true"
    described = page.get_attribute("#handle", "aria-describedby")
    assert described and "is not a handle" in page.inner_text(f"#{described}")
    page.fill("#handle", "github:mfinlay-lib")
    assert page.get_attribute("#handle", "aria-invalid") is None
    visit.close()


def test_no_side_is_chosen_after_an_account_is_added(browser, running_app):
    """After a professional account was added, "professional" stayed chosen: a keyboard user
    tabbing to the side choice landed on it, and the next account, added with Enter, went on
    the professional side unasked. Adding an account listed already on another side said only
    that it was listed, not how to change its side."""
    visit = open_app(browser, running_app)
    page = visit.page
    add(page, "github:mfinlay-lib", "professional", "A GitHub account")
    assert page.locator('input[name="persona"]:checked').count() == 0
    assert page.input_value("#persona-other") == ""

    # the next account, with the keyboard alone: asked for its side, not added
    page.focus("#handle")
    page.keyboard.type("reddit:mfinlay_knits")
    page.locator("#recognised").filter(has_text="A Reddit account").wait_for()
    page.keyboard.press("Enter")
    error = page.locator("#persona-error")
    error.filter(has_text="Say which side of you this account is on").wait_for()
    assert page.evaluate("document.activeElement.name") == "persona"
    assert page.locator('input[name="persona"]:checked').count() == 0
    assert page.locator("#account-list li[data-number]").count() == 1
    page.keyboard.press("Space")  # the side chosen with the keyboard: the first, personal
    page.keyboard.press("Enter")
    page.locator("#account-list li[data-number]").nth(1).wait_for()
    assert page.inner_text("#account-list li[data-number] >> nth=1").count("personal") == 1
    assert page.locator('input[name="persona"]:checked').count() == 0

    # the same account again, on the other side: how to change its side is said
    page.fill("#handle", "https://github.com/mfinlay-lib")
    page.locator("#recognised").filter(has_text="A GitHub account").wait_for()
    page.check('input[name="persona"][value="personal"]')
    page.click("#add")
    hint = page.locator("#recognised").filter(has_text="already in the list")
    hint.wait_for()
    assert hint.inner_text() == (
        "github:mfinlay-lib is already in the list as professional. To change its side to "
        "personal, remove it with ✕ and add it again."
    )
    assert page.locator("#account-list li[data-number]").count() == 2
    visit.snap("17-already-listed-on-another-side", at="#add-form")
    # on the side it is listed on: that it is listed, and nothing more
    page.check('input[name="persona"][value="professional"]')
    page.click("#add")
    page.locator("#recognised").filter(
        has_text=re.compile(r"^github:mfinlay-lib is already in the list\.$")
    ).wait_for()
    assert [e for e in visit.errors if "status of 400" not in e] == []  # the refusals alone
    visit.close()


def test_the_focus_goes_somewhere_sensible_after_removing_and_forgetting(browser, running_app):
    """After ✕ (the list redrawn) and "Yes, forget it all" (its buttons hidden) the focus
    fell to <body>."""
    visit = open_app(browser, running_app)
    page = visit.page
    add(page, "github:first-one", "personal", "A GitHub account")
    add(page, "github:second-one", "professional", "A GitHub account")
    page.focus("#account-list li[data-number='1'] button.remove")
    page.keyboard.press("Enter")
    expect(page.locator("#account-list li")).to_have_count(1)
    assert page.evaluate(FOCUSED) == "Remove github:second-one from the list"
    page.keyboard.press("Enter")
    page.locator("#account-list li.explain").wait_for()
    assert page.evaluate(FOCUSED) == "list-title"

    page.click("#forget")
    expect(page.locator("#forget-confirm")).to_be_visible()  # once the app has answered
    assert page.evaluate(FOCUSED) == "forget-no"  # the question focuses the safe answer
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # on "Yes, forget it all"
    page.locator("#forget-result").filter(has_text="Forgotten").wait_for()
    assert page.evaluate(FOCUSED) == "forget-result"
    # nothing was audited: said as such, not as "0 saved pages …, 0 past audits"
    said = page.inner_text("#forget-result")
    assert "Forgotten: nothing was kept about these accounts." in said and "0 " not in said
    visit.close()


@pytest.mark.parametrize(
    ("selector", "prop", "least"),
    [
        ("#handle", "borderTopColor", 3),
        ("#persona-other", "borderTopColor", 3),
        ("#account-list button.remove", "borderTopColor", 3),
        ("#progress .done .state", "color", 4.5),
    ],
)
def test_contrast(browser, running_app, selector, prop, least):
    """Text-field and ✕ borders were 1.41:1 on white; the "read" badge 4.46:1."""
    visit = open_app(browser, running_app)
    page = visit.page
    if selector.startswith("#account-list") or selector.startswith("#progress"):
        add(page, "https://github.com/mfinlay-lib", "professional", "A GitHub account")
    if selector.startswith("#progress"):
        page.click("#start")
        page.locator("#progress li.done").wait_for(timeout=60_000)
    assert page.evaluate(CONTRAST, [selector, prop]) >= least
    visit.close()


#: one badge of each level beside the verdict's (a run shows one level; the scheme has five)
EVERY_LEVEL = """() => {
    for (const level of ["low", "moderate", "high", "near-certain", "unknown"]) {
        const badge = document.createElement("span");
        badge.className = "badge level-" + level;
        badge.textContent = level;
        document.getElementById("verdict").append(badge);
    }
}"""


def test_the_page_and_its_report_follow_a_dark_screen(browser, running_app):
    """A screen set to dark showed the page white: now it is dark, every text at least
    4.5:1 on its ground (3:1 when large), field borders and the keyboard's ring at least 3:1,
    the level badges each their own colour, the report in its frame dark too, nothing wider
    than the window; on paper the page is the light one."""
    visit = open_app(browser, running_app, color_scheme="dark")
    page = visit.page
    add(page, "https://github.com/mfinlay-lib", "professional", "A GitHub account")
    for selector in ("#handle", "#account-list button.remove"):
        assert page.evaluate(CONTRAST, [selector, "borderTopColor"]) >= 3, selector
    for selector in ("#handle", "#persona-other"):  # their examples: 3.5:1 on the dark field
        assert page.evaluate(PLACEHOLDER_JS, selector) >= 4.5, selector
    page.focus("#handle")
    tag, style, width, ring = page.evaluate(RING_JS)
    assert (tag, style) == ("INPUT", "solid") and width >= 3 and ring >= 3, ring
    visit.snap("dark-01-accounts")
    page.click("#demo")
    page.locator("#stage").filter(has_text="Finished the demo.").wait_for(timeout=120_000)
    page.frame_locator("#report-frame").locator("#verdict").wait_for()
    frame = page.locator("#report-frame").element_handle().content_frame()
    visit.snap("dark-02-run", at="#run")
    visit.snap("dark-03-report", at="#report")
    page.evaluate(EVERY_LEVEL)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        where = f"the app at {width} px"
        assert is_dark(page.evaluate(PAGE_COLOURS_JS)), where
        low = page.evaluate(LOW_CONTRAST_JS)
        assert low == [], f"{where}: text below its least contrast: {low[:8]}"
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{where}: the page scrolls sideways by {overflow} px"
        assert is_dark(frame.evaluate(PAGE_COLOURS_JS)), f"{where}: the framed report"
        assert frame.evaluate(LOW_CONTRAST_JS) == [], f"{where}: the framed report"
    badges = page.evaluate(BADGES_JS, "#verdict .badge")
    fills = {level: fill for level, fill, _ in badges}
    assert len(fills) == 5 and len(set(fills.values())) == 5, fills
    page.emulate_media(media="print", color_scheme="light")
    light = page.evaluate(ALL_COLOURS_JS)
    page.emulate_media(media="print", color_scheme="dark")
    assert page.evaluate(ALL_COLOURS_JS) == light
    assert not is_dark(page.evaluate(PAGE_COLOURS_JS))
    assert visit.errors == []
    visit.close()
