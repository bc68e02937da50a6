"""An audit whose profiles link to many addresses that cannot be followed, end to end through
the command line: the verdict first, then one short line on those links; the report keeps its
verdict on the first screen and lists them lower down; the header counts the listed accounts.

The audit of every platform (``fixtures/all_platforms``, served by the project's own
``linkage.demo.FixtureServer``) is the one a reviewer ran: 14 listed accounts, all read, whose
profiles link to 28 more, of which 23 answer "not found" and 5 are on X or LinkedIn, which are
never fetched (only their owner's export shows them). Before, the terminal's first line was
a paragraph of some 4,000 characters naming each with its collector's advice ("Check the
spelling of the handle"), ending "if them are yours".
"""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from linkage.cli import app
from tests.every_platform_audit import audit_every_platform
from tests.reports.browsing import ARTIFACTS, DESKTOP, PHONE, check_layout, open_report
from tests.server_messages import NOT_FOUND
from tests.test_cli import accounts_file, serve_github_user

runner = CliRunner()


@pytest.fixture(scope="module")
def audit(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """``linkage audit fixtures/all_platforms/accounts.toml -o good.html --json good.json``,
    as a person runs it (no --quiet): run once for this file's tests, the browser's too."""
    # the changes to advise are no part of what is tested here, and working them out for its
    # fifteen accounts read takes most of a minute: a target no chain reaches asks for none
    done = audit_every_platform(tmp_path_factory.mktemp("unfollowed"), "--target-bits", "500")
    assert done.unread >= 20  # an audit with many links that could not be followed
    return {
        "done": done,
        "code": done.code,
        "output": done.output,
        "html": done.report.read_text(encoding="utf-8"),
        "json": done.record,
        "counts": (done.listed, done.found, done.unread),
        "found_read": done.found_read,
    }


def _counted(listed: int, found_read: int) -> str:
    """The header's count: the listed accounts, and the found ones that were read."""
    more = f", and {found_read} more found through their links" if found_read else ""
    return f"{listed} accounts{more}"


def test_the_terminal_says_the_verdict_first_and_the_links_in_one_line(audit):
    assert audit["code"] == 0, audit["output"]
    listed, _, unread = audit["counts"]
    # after the progress lines (on stderr, mixed in by the test runner), the summary
    said = audit["output"][audit["output"].index(f"Read {listed} of {listed} accounts") :]
    lines = said.splitlines()
    # the found accounts read, if any: the links not followed are no accounts found ("found
    # 28 more from their links" of 28 addresses that answered 'not found')
    more = f", found {audit['found_read']} more from their links," if audit["found_read"] else ""
    assert re.fullmatch(
        rf"Read {listed} of {listed} accounts{re.escape(more)} and audited them in \d+\.\d s\.",
        lines[0],
    ), lines[0]
    assert lines[1] == "Your personal and professional sides can be joined by someone who looks."
    # the verdict and its first tie, then this line (23 of 28 answered "not found" as written)
    line = next(i for i, x in enumerate(lines) if "could not be followed" in x)
    assert line >= 3 and "can be joined to" in lines[line - 1], lines[: line + 1]
    assert re.fullmatch(
        rf"{unread} links in your profiles could not be followed \((all|most) answered 'not "
        r"found'\): the report lists them\.",
        lines[line],
    ), lines[line]
    said = said.split("Files written:")[0]
    assert len(said) < 1000, said  # the whole verdict, in a few lines
    for wrong in ("Not read:", "Check the spelling", "Check the address", "if them", "HTTP 404"):
        assert wrong not in audit["output"], wrong


def test_a_gravatar_account_is_named_on_the_progress_lines_as_it_was_written(audit):
    """The accounts file lists gravatar:alex@example.org; its progress line named it by the
    address's hash ("gravatar:2533d1b2…"), which the person cannot recognise."""
    assert " ✓ gravatar:alex@example.org: " in audit["output"]
    assert "gravatar:2533d1b2" not in audit["output"].split("Read ")[0]


def test_the_report_keeps_the_verdict_first_and_lists_the_links_lower(audit):
    listed, found, unread = audit["counts"]
    html = audit["html"].replace("<wbr>", "")
    header, main = html.split("<main>", 1)
    header = unescape(" ".join(re.sub(r"<[^>]+>", " ", header).split()))
    assert f"· {_counted(listed, audit['found_read'])} ·" in header, header[-300:]
    assert f"{found} more" not in header
    assert "alex.example.org" not in main[: main.index('id="verdict"')]
    section = main[main.index('<section id="unfollowed"') :].split("</section>", 1)[0]
    assert "<details" in section and section.count("<li>") == unread
    assert "alex.example.org (Website)</span>, linked from Alex-Example (GitHub): the address " \
        "answered &#39;not found&#39;</li>" in section  # fmt: skip
    assert "Check the spelling" not in html and "if them" not in html


def test_the_accounts_read_have_cards_and_the_links_not_followed_one_line(audit):
    """What was read from each account: a card for each account read (listed or found), none
    for the found ones that could not be read (each was a card saying only that, 23 in a
    row, after the section that lists them with where each was linked from)."""
    listed, found, unread = audit["counts"]
    html = audit["html"].replace("<wbr>", "")
    section = html[html.index('<section id="accounts"') :].split("</section>", 1)[0]
    assert section.count('<article class="account">') == listed + found - unread
    assert "alex.example.org (Website)" not in section and "status-failed" not in section
    line = re.search(r'<p class="muted" id="accounts-unfollowed">(.*?)</p>', section)
    assert line is not None
    assert unescape(re.sub(r"<[^>]+>", "", line.group(1))) == (
        f"Not shown here: the {unread} links in your profiles that could not be followed, "
        "listed above."
    )
    assert '<a href="#unfollowed">' in line.group(1)


def test_a_fully_read_audit_does_not_speak_of_accounts_that_could_not_be_read(audit):
    """Every listed account was read, yet the report said "The accounts that could not be
    read were not compared" and "Not shown here: the 28 accounts found by the audit that could
    not be read": links that could not be followed, said as accounts, made a complete audit
    sound incomplete. They are said as links, the section's own term."""
    text = unescape(" ".join(re.sub(r"<[^>]+>", " ", audit["html"].replace("<wbr>", "")).split()))
    assert "accounts that could not be read" not in text
    assert "accounts found by the audit that could not be read" not in text
    assert (
        "The links that could not be followed were not compared: their ties are unknown, not "
        "absent." in text
    )


def test_the_picture_draws_the_accounts_read_and_says_what_it_leaves_out(audit):
    """The picture drew each link not followed as a pale triangle (28 under 14 accounts, in
    rows, each "found by the audit, could not be read" in the key), unreadable on a phone.
    Nothing was read from them, so no line ends at them: the picture draws the accounts read
    and says, under its key, that the links not followed are listed lower down."""
    listed, _, unread = audit["counts"]
    html = audit["html"].replace("<wbr>", "")
    section = html[html.index('<section id="graph"') :].split("</section>", 1)[0]
    assert section.count('<g class="node"') == listed + audit["found_read"]
    assert "could not be read" not in section and "alex.example.org (Website)" not in section
    assert "A pale shape with a dashed outline" not in section  # none is drawn
    note = re.search(r'<p class="muted" id="graph-not-drawn">(.*?)</p>', section)
    assert note is not None
    assert unescape(re.sub(r"<[^>]+>", "", note.group(1))) == (
        f"Not drawn: the {unread} links in your profiles that could not be followed. Nothing "
        "could be read from them, so they have no tie to draw; Links that could not be "
        "followed lists them."
    )
    assert '<a href="#unfollowed">' in note.group(1)


def test_the_numbers_count_the_accounts_their_starting_point_is_worked_out_from(audit):
    """ "For someone who already has these 37 accounts in hand, before any clue about 1 chance
    in 13": 1 in 13 is the starting point of the 14 accounts that could be read (the links
    not followed have nothing to compare), and a comma was missing."""
    listed, found, _ = audit["counts"]
    read = listed + audit["found_read"]
    assert round(1 / audit["json"]["prior"]) == read - 1  # the record's own starting point
    html = " ".join(audit["html"].split())
    assert (
        f"for someone who already has these {read} accounts in hand (the ones that could be "
        f"read), before any clue, about 1 chance in {read - 1} that two of them are one "
        "person's."
    ) in html
    assert f"Probability among these {read} accounts</th>" in html
    assert f"for a searcher who starts from these {read} accounts)" in html
    assert f"these {listed + found} accounts" not in html


def test_links_not_followed_leave_the_audit_complete_as_the_contract_counts_it(audit):
    """The analysis record keeps its fields: ``complete`` counts the listed accounts, and
    ``unseen`` still names every account that could not be read."""
    record = audit["json"]
    assert record["complete"] is True
    listed, found, unread = audit["counts"]
    assert len(record["accounts"]) == listed + found and len(record["unseen"]) == unread
    statuses = {a["id"]: a["status"] for a in record["accounts"]}
    # the X and LinkedIn accounts they link to are never fetched: only their exports show them
    export_only = [pid for pid in record["unseen"] if pid.startswith(("x:", "linkedin:"))]
    assert len(export_only) == 5, export_only
    for pid in export_only:
        assert statuses[pid].startswith("refused: ") and "data export" in statuses[pid]
    assert all(statuses[pid].startswith("not found: ") for pid in record["unseen"]
               if pid not in export_only)  # fmt: skip


def _gone_links(server, tmp_path: Path) -> Path:
    """A listed GitHub account whose profile links to two sites that answer "not found", and
    a listed Reddit-less second side: the audit is complete, two links are not followed."""
    server.unrouted = NOT_FOUND  # every address no route answers: "not found"
    serve_github_user(server, "secret-knitter", blog="https://gone-knits.example.net/",
                      bio="Yarn. https://old-yarn.example.org/")  # fmt: skip
    serve_github_user(server, "SecretKnitter-work", blog="https://gone-knits.example.net/")
    return accounts_file(
        tmp_path,
        '[[account]]\nhandle = "github:secret-knitter"\npersona = "personal"\n'
        '[[account]]\nhandle = "github:SecretKnitter-work"\npersona = "professional"\n',
    )


def test_quiet_says_the_links_not_followed_as_a_count(server, tmp_path):
    accounts = _gone_links(server, tmp_path)
    args = ["audit", str(accounts), "-o", str(tmp_path / "r.html"), "--endpoint"]
    result = runner.invoke(app, [*args, f"*={server.url}", "--quiet"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "2 links in your profiles could not be followed." in lines
    assert lines.index("2 links in your profiles could not be followed.") > lines.index(
        "Your personal and professional sides can be joined by someone who looks."
    )
    assert "gone-knits" not in result.output and "old-yarn" not in result.output


def test_a_redacted_audit_names_no_link_it_could_not_follow(server, tmp_path):
    accounts = _gone_links(server, tmp_path)
    report = tmp_path / "shared.html"
    args = ["audit", str(accounts), "-o", str(report), "--redact", "--endpoint"]
    result = runner.invoke(app, [*args, f"*={server.url}"])
    assert result.exit_code == 0, result.output
    assert (
        "2 links in the account holder's profiles could not be followed: the report lists them."
        in result.output.splitlines()
    )
    html = report.read_text(encoding="utf-8")
    section = html[html.index('<section id="unfollowed"') :].split("</section>", 1)[0]
    section = unescape(section.replace("<wbr>", ""))
    # from which profile, by its letter (each said "found through a link"; no reason, which
    # may say something of the person)
    assert len(re.findall(r", linked from personal account [A-Z] \(GitHub\)</li>", section)) == 2
    for value in ("secret", "Secret", "gone-knits", "old-yarn", "Yarn", "Alex Example"):
        assert value not in result.output, value
        assert value not in html, value


#: a laptop's screen and a phone's, as the browser shows them
SCREENS = {DESKTOP: 800, PHONE: 844}


@pytest.mark.browser
@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_the_verdict_is_on_the_first_screen_in_chromium(browser, audit, width):
    """In headless Chromium the verdict is on the first screen at 1280 px and 390 px, and the
    links not followed are lower down, folded (before, at 1280 px the verdict began some
    1,500 px down, 4,600 px at 390 px). Screenshots of the first screen go to
    ``test-artifacts/``."""
    audited = audit["done"]
    assert audited.code == 0, audited.output
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
    # the header counts the listed accounts, and the found ones read apart
    assert f"{_counted(audited.listed, audited.found_read)} ·" in page.inner_text("header.top")
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
