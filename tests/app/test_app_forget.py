"""The app's Forget, in headless Chromium: it asks with the safe answer first, Escape says no,
and it says which past audits of other accounts it deletes before asking."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.app.test_app_a11y import FOCUSED, WATCH_LIVE, open_app
from tests.app.visit import add

pytestmark = pytest.mark.browser


def test_forgetting_asks_with_the_safe_answer_first_and_escape_says_no(browser, running_app):
    """The question focused "Yes, forget it all", whose warning ("cannot be undone") was tied
    to nothing, and Escape did nothing: Enter pressed twice on "Forget" deleted everything."""
    visit = open_app(browser, running_app)
    page = visit.page
    page.evaluate(WATCH_LIVE)
    page.focus("#forget")
    page.keyboard.press("Enter")
    expect(page.locator("#forget-confirm")).to_be_visible()
    assert page.evaluate(FOCUSED) == "forget-no"
    assert page.get_attribute("#forget", "aria-expanded") == "true"
    warning = page.get_attribute("#forget-yes", "aria-describedby")
    assert warning and "cannot be undone" in page.inner_text(f"#{warning}")
    group = page.locator("#forget-confirm")
    labelled = group.get_attribute("aria-labelledby")
    assert group.get_attribute("role") in ("group", "alertdialog", "dialog") and labelled
    assert "Forget everything" in page.inner_text(f"#{labelled}")
    visit.snap("20-forget-question", at="#forget-section")

    # Enter a second time keeps everything
    page.keyboard.press("Enter")
    page.locator("#forget-result").filter(has_text="Nothing was deleted.").wait_for()
    expect(page.locator("#forget-confirm")).to_be_hidden()
    assert page.evaluate(FOCUSED) == "forget"
    assert not any("Forgotten" in words for words in page.evaluate("window.said"))

    # Escape, wherever the focus is in the question, says no and goes back to "Forget"
    for focused in ("#forget-no", "#forget-yes"):
        page.click("#forget")
        expect(page.locator("#forget-confirm")).to_be_visible()
        page.focus(focused)
        page.keyboard.press("Escape")
        expect(page.locator("#forget-confirm")).to_be_hidden()
        assert page.evaluate(FOCUSED) == "forget"
        assert page.get_attribute("#forget", "aria-expanded") == "false"
        assert page.inner_text("#forget-result") == "Nothing was deleted."
    assert not any("Forgotten" in words for words in page.evaluate("window.said"))
    assert visit.errors == []
    visit.close()


def test_forgetting_says_which_audits_of_other_accounts_it_deletes_before_asking(
    browser, running_app, tmp_path
):
    """Forgetting deleted 6 past audits, audits of other accounts made in a terminal among
    them, though the question spoke only of "past audits … of these accounts"; 'linkage
    forget' names those audits, by their dates, and says what deleting them costs first."""
    from linkage import history
    from linkage.cli import app
    from linkage.demo import DEMO_DIR
    from tests.test_forget_asks import audit, runner

    # two audits made in a terminal, each of the app's account and others
    terminal = tmp_path / "terminal"
    terminal.mkdir()
    for others in (
        ["reddit:mfinlay_knits"],
        ["reddit:mfinlay_knits", "mastodon:@quietknitter@knitting.example.social"],
    ):
        audit(terminal, DEMO_DIR / "sites", ["github:mfinlay-lib", *others], terminal / "cache")
    listed = runner.invoke(app, ["history"]).output
    dates = re.findall(r"^\d{4}-\d\d-\d\d \d\d:\d\d UTC", listed, re.MULTILINE)
    assert len(dates) == 2, listed

    visit = open_app(browser, running_app)
    page = visit.page
    add(page, "github:mfinlay-lib", "professional", "A GitHub account")
    page.focus("#forget")
    page.keyboard.press("Enter")
    expect(page.locator("#forget-confirm")).to_be_visible()
    assert page.evaluate(FOCUSED) == "forget-no"  # the safe answer first, as before
    expect(page.locator("#forget-shared")).to_be_visible()
    assert page.inner_text("#forget-shared-head") == (
        "Forgetting github:mfinlay-lib deletes the 2 past audits that mention it, which are "
        "also audits of other accounts:"
    )
    audits = page.locator("#forget-shared-audits li").all_inner_texts()
    assert [a[: len(dates[0])] for a in audits] == sorted(dates, reverse=True)  # newest first
    assert "3 accounts (" in audits[0] and "2 accounts (" in audits[1], audits
    cost = page.inner_text("#forget-shared-cost")
    assert "quietknitter" in cost and "reddit:mfinlay_knits" in cost, cost
    assert cost.endswith("cannot show what changed."), cost
    # and it is part of what describes "Yes, forget it all"
    warning = page.get_attribute("#forget-yes", "aria-describedby")
    assert warning and "cannot show what changed" in page.inner_text(f"#{warning}")
    assert page.inner_text(f"#{warning}").count("cannot be undone") == 1
    visit.snap("29-forget-question-other-audits", at="#forget-section")

    # Escape still says no: nothing deleted
    page.keyboard.press("Escape")
    expect(page.locator("#forget-confirm")).to_be_hidden()
    assert len(history.list_audits()) == 2
    # yes deletes what it said; asked again, there are none left to speak of
    page.click("#forget")
    page.click("#forget-yes")
    page.locator("#forget-result").filter(has_text="Forgotten").wait_for()
    assert "2 past audits" in page.inner_text("#forget-result")
    assert history.list_audits() == []
    page.click("#forget")
    expect(page.locator("#forget-confirm")).to_be_visible()
    expect(page.locator("#forget-shared")).to_be_hidden()
    assert visit.errors == []
    visit.close()
