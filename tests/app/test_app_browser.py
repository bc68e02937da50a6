"""The app's whole flow in headless Chromium (Debian's), against ``linkage app`` itself.

Each step is photographed at 1280 px and at 390 px (a phone) into ``test-artifacts/app/``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from collectors.cache_admin import entries
from linkage.accounts import load_accounts
from tests.app.visit import Visit

pytestmark = pytest.mark.browser


def test_whole_flow(browser, app_process, mastodon_export: Path, tmp_path: Path) -> None:
    visit = Visit(browser, app_process.base)
    page = visit.page
    page.goto(app_process.url)
    page.wait_for_load_state("load")
    assert page.url == app_process.base + "/"  # the token left the address bar
    page.locator("#account-list li").first.wait_for()
    visit.snap("01-start")

    # add accounts: recognised and explained as they are typed
    page.fill("#handle", "https://github.com/mfinlay-lib")
    page.locator("#recognised").filter(has_text="A GitHub account").wait_for()
    assert "commit messages" in page.inner_text("#recognised")
    visit.snap("02-recognised")
    page.check('input[name="persona"][value="professional"]')
    page.click("#add")
    page.locator("#account-list li[data-number='1']").wait_for()

    page.fill("#handle", "octocat")
    page.locator("#recognised").filter(has_text="could be a username on any platform").wait_for()
    visit.snap("03-not-recognised")

    page.fill("#handle", "@quietknitter@knitting.example.social")
    page.locator("#recognised").filter(has_text="A Mastodon account").wait_for()
    page.check('input[name="persona"][value="personal"]')
    page.click("#add")
    page.locator("#account-list li[data-number='2']").wait_for()

    page.fill("#handle", "github:nobody-by-this-name")
    page.locator("#recognised").filter(has_text="A GitHub account").wait_for()
    page.fill("#persona-other", "volunteering")
    page.click("#add")
    page.locator("#account-list li[data-number='3']").wait_for()

    # a data export, through the file chooser
    page.check('input[name="persona"][value="personal"]')
    page.set_input_files("#archive", str(mastodon_export))
    page.locator("#account-list li[data-number='4']").wait_for()
    assert "archive-alex.zip" in page.inner_text("#account-list")
    assert "Mastodon" in page.inner_text("#account-list li[data-number='4']")
    visit.snap("04-accounts")

    # the list is the accounts file the command line reads
    saved = load_accounts(app_process.data / "accounts.toml").accounts
    assert [(s.label, s.persona) for s in saved][:3] == [
        ("github:mfinlay-lib", "professional"),
        ("mastodon:quietknitter@knitting.example.social", "personal"),
        ("github:nobody-by-this-name", "volunteering"),
    ]
    assert saved[3].archive is not None and saved[3].persona == "personal"

    # run: progress per account, one failure in plain words
    page.click("#start")
    page.locator("#progress li").first.wait_for()
    visit.snap("05-running")
    assert "reading its public profile" in page.inner_text("#progress") or (
        page.locator("#progress li.reading").count() == 0  # all read already
    )
    page.locator("#stage").filter(has_text="Finished.").wait_for(timeout=120_000)
    failed = page.locator("#progress li.failed")
    assert failed.count() == 1
    assert "GitHub has no user called 'nobody-by-this-name'" in failed.inner_text()
    assert page.locator("#progress li.done").count() == 3
    # each read account's line: its state, then what was read ("read read: …" said it twice)
    done = page.locator("#progress li.done").first
    assert done.locator(".state").inner_text() == "read"
    assert re.fullmatch(r"\d+ posts?, \d+ words?", done.locator(".message").inner_text())
    assert "1 could not be read" in page.inner_text("#summary")
    visit.snap("06-progress")

    # the report, in its sandboxed frame
    frame = page.frame_locator("#report-frame")
    frame.locator("section#verdict").wait_for()
    assert page.get_attribute("#report-frame", "sandbox") == "allow-scripts"
    assert "mfinlay-lib" in frame.locator("body").inner_text()
    visit.snap("07-report", at="#report")
    page.click(".tabs button[data-view='redacted']")
    page.locator("#report-frame[src*='/view/redacted']").wait_for(state="attached")
    frame.locator("section#verdict").wait_for()
    visit.snap("08-redacted", at="#report")

    # downloads: both reports and the JSON (and the PDFs, or why not)
    got: dict[str, Path] = {}
    for name in ("report", "redacted", "json", "redacted-json"):
        with page.expect_download() as info:
            page.click(f"#downloads a[data-output='{name}']")
        download = info.value
        got[name] = tmp_path / download.suggested_filename
        download.save_as(got[name])
    assert got["report"].name == "report.html" and got["redacted"].name == "report-redacted.html"
    assert "mfinlay-lib" in got["report"].read_text("utf-8")
    assert "mfinlay-lib" not in got["redacted"].read_text("utf-8")
    assert len(json.loads(got["json"].read_text("utf-8"))["accounts"]) >= 4
    # each download says whether it is private; the JSON has a redacted twin to share
    assert "mfinlay-lib" not in got["redacted-json"].read_text("utf-8")
    labels = {
        name: page.locator(f"#downloads a[data-output='{name}']").inner_text()
        for name in ("report", "json", "redacted", "redacted-json")
    }
    assert labels["report"].endswith("private") and labels["json"].endswith("private")
    assert labels["redacted"].endswith("to share") and labels["redacted-json"].endswith("to share")
    pdf_items = page.locator("#downloads li").filter(has_text="PDF")
    assert pdf_items.count() == 2
    visit.snap("09-downloads")
    # no cookie holds the token (every port of 127.0.0.1 would be sent it); a reload goes
    # back in with the token the tab kept, and the address bar never keeps it
    assert visit.context.cookies() == []
    before = len(visit.errors)
    page.reload()
    page.locator("#account-list li[data-number='4']").wait_for()
    assert page.url == app_process.base + "/"
    # "/" without the token is refused (403) before the tab goes back in with it
    assert [e for e in visit.errors[before:] if "403" not in e] == []
    del visit.errors[before:]
    other = visit.context.new_page()  # a tab that was never given the address
    other.goto(app_process.base + "/")
    assert "needs its secret address" in other.inner_text("body")
    other.close()

    # forget: the first click asks, "Keep everything" keeps it, "Yes" forgets
    cache = app_process.data.parent / "cache"
    hosts_before = {e.host for e in entries(cache)}
    assert "api.github.com" in hosts_before
    page.click("#forget")
    expect(page.locator("#forget-confirm")).to_be_visible()  # once the app has answered
    assert "cannot be undone" in page.inner_text("#forget-confirm")
    visit.snap("10a-forget-asks")
    page.click("#forget-no")
    assert page.locator("#forget-confirm").is_hidden()
    assert page.inner_text("#forget-result") == "Nothing was deleted."
    assert {e.host for e in entries(cache)} == hosts_before
    page.click("#forget")
    page.click("#forget-yes")
    page.locator("#forget-result").filter(has_text="Forgotten").wait_for()
    visit.snap("10b-forgotten")
    assert "api.github.com" not in {e.host for e in entries(cache)}
    assert not any((app_process.data / "last-audit").iterdir())
    assert not any((app_process.data / "uploads").iterdir())
    assert page.locator("#report").is_hidden()

    assert visit.outside() == []
    assert visit.errors == []
    visit.close()


def test_demo_is_one_click(browser, app_process) -> None:
    visit = Visit(browser, app_process.base)
    page = visit.page
    page.goto(app_process.url)
    page.locator("#account-list li").first.wait_for()
    page.click("#demo")
    page.locator("#stage").filter(has_text="Finished the demo.").wait_for(timeout=120_000)
    assert page.locator("#progress li.done").count() >= 4  # Morag's four accounts
    # not to be taken for the user's own report
    assert "fictional people, not your accounts" in page.inner_text("#report-title")
    frame = page.frame_locator("#report-frame")
    frame.locator("section#verdict").wait_for()
    assert "Morag" in frame.locator("body").inner_text()
    visit.snap("11-demo", at="#report")
    # the demo does not touch the user's own list, nor the user's last report: its reports
    # are kept apart, and the page shows and downloads them
    assert not (app_process.data / "accounts.toml").exists()
    last = app_process.data / "last-audit"
    assert (last / "demo" / "report.html").is_file() and not (last / "report.html").exists()
    with page.expect_download() as got:
        page.click("a[data-output='report']")
    assert "Morag" in got.value.path().read_text(encoding="utf-8")
    assert got.value.suggested_filename == "demo-report.html"  # not a real audit's name
    # a trainer's next step: the same person once the changes her report proposes are made,
    # with each chain before and after, and the story's next step as the page offers it
    story = frame.locator(".callout.story")
    assert 'choose "Show the demo after its changes"' in story.inner_text()
    assert "linkage demo --after" not in frame.locator("body").inner_text()
    before = page.inner_text("#verdict")
    visit.snap("11a-demo-next", at="#summary")
    page.get_by_role("button", name="Show the demo after its changes").click()
    page.locator("#stage").filter(has_text="Finished the demo after its changes.").wait_for(
        timeout=120_000
    )
    assert page.locator("#demo-next").is_hidden()
    assert "after its changes" in page.inner_text("#report-title")
    assert "Then made the 6 changes its audit proposed." in page.inner_text("#verdict-counts")
    assert page.inner_text("#verdict") != before
    frame.locator("section#since").wait_for()
    assert "Since the audit before the changes" in frame.locator("section#since").inner_text()
    assert "after the changes her first audit proposed" in story.inner_text()
    visit.snap("11b-demo-after", at="#summary")
    assert not (last / "report.html").exists()  # still not the user's own
    assert visit.outside() == []
    assert visit.errors == []
    visit.close()


def test_another_local_page_cannot_use_the_app(browser, app_process, fixture_site) -> None:
    """A page of another origin on this computer (same site: 127.0.0.1), in the same browser
    that holds the app's cookie, tries to add an account and to read the list."""
    visit = Visit(browser, app_process.base)
    page = visit.page
    page.goto(app_process.url)
    page.locator("#account-list li").first.wait_for()
    page.goto(fixture_site + "/")  # any page of another origin
    outcome = page.evaluate(
        """async (base) => {
            const tried = {};
            try {
                await fetch(base + "/api/accounts/add", {method: "POST", mode: "no-cors",
                    credentials: "include", headers: {"Content-Type": "text/plain"},
                    body: JSON.stringify({text: "github:evil-added"})});
                tried.post = "sent";
            } catch (e) { tried.post = "blocked"; }
            try {
                const answer = await fetch(base + "/api/accounts", {credentials: "include"});
                tried.read = await answer.text();
            } catch (e) { tried.read = "blocked"; }
            return tried;
        }""",
        app_process.base,
    )
    assert outcome["read"] == "blocked"  # no CORS: the answer is never handed to the page
    assert not (app_process.data / "accounts.toml").exists()  # and nothing was added
    visit.close()


DROP = """([name, b64]) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const transfer = new DataTransfer();
    transfer.items.add(new File([bytes], name, {type: "application/octet-stream"}));
    return transfer;
}"""


def test_a_refused_account_is_explained_once(browser, app_process) -> None:
    """An address the app cannot read, added anyway: the reason is said once, under the field
    it is about (where the hint already said it as it was typed), not again lower down."""
    visit = Visit(browser, app_process.base)
    page = visit.page
    page.goto(app_process.url)
    page.locator("#account-list li").first.wait_for()
    page.fill("#handle", "not a thing at all!!")
    page.locator("#recognised").filter(has_text="is not a handle").wait_for()
    page.check('input[name="persona"][value="personal"]')
    with page.expect_response(lambda r: r.url.endswith("/api/accounts/add")) as answer:
        page.click("#add")
    assert answer.value.status == 400
    page.wait_for_timeout(300)  # the page has drawn the answer
    # (the page, not the screen reader's announcement, #announce, outside it)
    assert page.inner_text("main").count("'not a thing at all!!' is not a handle") == 1
    assert "bad" in (page.get_attribute("#recognised", "class") or "")
    assert page.locator("#accounts-error").is_hidden()
    visit.snap("05-refused")
    assert all("400" in e for e in visit.errors)
    visit.close()


def test_an_account_is_added_with_the_side_the_user_chose(browser, app_process) -> None:
    """'personal' was chosen in advance: a work account added without a look at the choice was
    filed as personal, and the audit then found every account on one side. And "Add at least
    one account first" stayed on the page after accounts were added."""
    visit = Visit(browser, app_process.base)
    page = visit.page
    page.goto(app_process.url)
    page.locator("#account-list li").first.wait_for()
    page.click("#start")
    page.locator("#run-error").filter(has_text="Add at least one account first.").wait_for()
    page.fill("#handle", "octocat")  # what is wrong with the address is said first
    page.click("#add")
    page.locator("#recognised").filter(has_text="could be a username on any platform").wait_for()
    page.fill("#handle", "https://github.com/mfinlay-lib")
    page.locator("#recognised").filter(has_text="A GitHub account").wait_for()
    assert page.locator('input[name="persona"]:checked').count() == 0
    page.click("#add")
    page.locator("#persona-error").filter(  # at "Which side of you is it?"
        has_text="Say which side of you this account is on"
    ).wait_for()
    assert not (app_process.data / "accounts.toml").exists()
    visit.snap("06-side-not-chosen")
    page.check('input[name="persona"][value="professional"]')
    page.click("#add")
    page.locator("#account-list li[data-number='1']").wait_for()
    assert page.locator("#run-error").is_hidden()
    saved = load_accounts(app_process.data / "accounts.toml").accounts
    assert [(a.label, a.persona) for a in saved] == [("github:mfinlay-lib", "professional")]
    assert visit.errors == [] or all("400" in e for e in visit.errors)
    visit.close()


def test_a_misspelt_side_and_a_list_edited_by_hand(browser, app_process) -> None:
    """A label of one's own that misspells a usual side ("Proffesional") became a third side
    of the person; and an account added to the accounts file by hand while the app ran was
    never shown, nor audited."""
    visit = Visit(browser, app_process.base)
    page = visit.page
    page.goto(app_process.url)
    page.locator("#account-list li").first.wait_for()
    page.fill("#handle", "https://github.com/mfinlay-lib")
    page.locator("#recognised").filter(has_text="A GitHub account").wait_for()
    page.fill("#persona-other", "Proffesional")
    page.click("#add")
    page.locator("#persona-error").filter(has_text="looks like 'professional' misspelt").wait_for()
    assert page.evaluate("document.activeElement.id") == "persona-other"
    assert "misspelt" not in page.inner_text("#recognised")  # said at the side, not the address
    assert not (app_process.data / "accounts.toml").exists()
    visit.snap("06-side-misspelt")
    page.check('input[name="persona"][value="professional"]')
    page.click("#add")
    page.locator("#account-list li[data-number='1']").wait_for()

    path = app_process.data / "accounts.toml"  # the user edits the file by hand meanwhile
    text = path.read_text("utf-8").replace("github:mfinlay-lib", "reddit:mfinlay_knits")
    path.write_text(text + '\n[[account]]\nhandle = "lobsters:mfinlay"\n', "utf-8")
    page.evaluate("window.dispatchEvent(new Event('focus'))")  # back on the page
    page.locator("#account-list li[data-number='2']").filter(has_text="lobsters:mfinlay").wait_for()
    assert "reddit:mfinlay_knits" in page.inner_text("#account-list li[data-number='1']")

    path.write_text('[[account]]\nhandle = "lobsters:mfinlay"\n', "utf-8")  # and again
    page.locator("#account-list li[data-number='1'] button.remove").click()  # the page's reddit
    page.locator("#accounts-error").filter(has_text="no longer in the list").wait_for()
    page.locator("#account-list li[data-number='1']").filter(has_text="lobsters:mfinlay").wait_for()
    assert [a.label for a in load_accounts(path).accounts] == ["lobsters:mfinlay"]
    assert visit.errors == [] or all("400" in e for e in visit.errors)
    visit.close()


def test_dropping_exports(browser, app_process, mastodon_export: Path) -> None:
    """A file dropped on the page: a real export is added, anything else is refused in plain
    words and not kept."""
    import base64

    visit = Visit(browser, app_process.base)
    page = visit.page
    page.goto(app_process.url)
    page.locator("#account-list li").first.wait_for()

    notes = base64.b64encode(b"my shopping list, not an export").decode()
    page.check('input[name="persona"][value="personal"]')
    transfer = page.evaluate_handle(DROP, ["notes.txt", notes])
    page.dispatch_event("#drop", "drop", {"dataTransfer": transfer})
    error = page.locator("#archive-error")  # at the file chooser, which it describes
    error.wait_for()
    assert "'notes.txt' is not an archive this tool can read" in error.inner_text()
    visit.snap("12-drop-refused")
    assert not any((app_process.data / "uploads").iterdir())

    export = base64.b64encode(mastodon_export.read_bytes()).decode()
    page.check('input[name="persona"][value="professional"]')
    transfer = page.evaluate_handle(DROP, ["archive-alex.zip", export])
    page.dispatch_event("#drop", "drop", {"dataTransfer": transfer})
    page.locator("#account-list li[data-number='1']").wait_for()
    assert error.is_hidden()
    saved = load_accounts(app_process.data / "accounts.toml").accounts
    assert saved[0].archive is not None and saved[0].archive.name == "archive-alex.zip"
    assert saved[0].persona == "professional"
    assert visit.errors == [] or all("400" in e for e in visit.errors)
    visit.close()


def test_a_tab_holding_an_old_token_asks_once_and_stops(browser, app_process) -> None:
    """A tab that kept the token of an app since restarted on the same port went round from
    the refusal to "/?token=old" and back, 72 requests in 3 seconds, for ever."""
    visit = Visit(browser, app_process.base)
    page = visit.page
    page.goto(app_process.url)
    page.locator("#account-list li").first.wait_for()
    page.evaluate("sessionStorage.setItem('linkage-token', 'a-token-of-another-run')")
    page.goto(app_process.base + "/")
    page.wait_for_timeout(1500)
    asked = [u for u in visit.requests if u.split("?")[0] == app_process.base + "/"]
    assert len(asked) <= 4, asked  # the page, "/", the old token once
    assert "needs its secret address" in page.inner_text("body")
    visit.close()
