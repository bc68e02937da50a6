"""What a report says of accounts that could not be read: their side named, their ties
unknown (not absent), and nothing to compare or change read as a safe result."""

from __future__ import annotations

import re
from html import unescape

from linkage.records import Profile
from reports.render import ReportOptions, render_html
from tests.reports.conftest import account


def test_an_unknown_verdict_says_which_side_could_not_be_read():
    """'an account on one side could not be read' was said even when no account on either
    side had been read: the sentence names the sides that went unseen."""
    from linkage.evidence.analysis import analyse
    from linkage.records import Collected, Profile

    def account(pid: str, persona: str, read: bool) -> Profile:
        platform, handle = pid.split(":", 1)
        error = None if read else "network failure: could not reach the site"
        return Profile(
            id=pid,
            platform=platform,
            handle=handle,
            persona=persona,
            collected=Collected("test", "2026-12-01T10:00:00Z", error=error),
        )

    def verdict(reads: tuple[bool, bool, bool]) -> str:
        profiles = [
            account("github:wren-h", "professional", reads[0]),
            account("reddit:fell_moth", "personal", reads[1]),
            account("mastodon:kendal_w", "personal", reads[2]),
        ]
        return " ".join(render_html(analyse(profiles)).split())

    unknown = "Whether your personal and professional accounts can be joined is unknown: "
    assert unknown + "none of your personal or professional accounts could be read." in verdict(
        (False, False, False)
    )
    assert unknown + "none of your personal accounts could be read." in verdict(
        (True, False, False)
    )
    assert unknown + "none of your professional accounts could be read." in verdict(
        (False, True, True)
    )


def test_a_report_that_read_too_little_does_not_read_as_safe():
    """With no account read, the ties read "No two accounts are tied by enough evidence to
    show" and the changes "No changes were worked out", beside an explanation of changes
    that were not there; with some read and nothing strong among them, "Nothing to change"
    forgot the accounts it never saw."""
    from linkage.evidence.analysis import analyse
    from linkage.records import Collected, Profile

    def report(reads: tuple[bool, ...]) -> str:
        profiles = [
            Profile(
                id=pid,
                platform=pid.split(":")[0],
                handle=pid.split(":")[1],
                persona=persona,
                collected=Collected(
                    "test", "2026-12-01T10:00:00Z", error=None if read else "network failure: x"
                ),
            )
            for (pid, persona), read in zip(
                [("github:wren-h", "professional"), ("reddit:fell_moth", "personal"),
                 ("mastodon:kendal_w", "personal")], reads, strict=True
            )
        ]  # fmt: skip
        return " ".join(render_html(analyse(profiles)).split())

    nothing = report((False, False, False))
    assert "Nothing could be compared: fewer than two of your accounts could be read." in nothing
    assert "No changes can be worked out yet: fewer than two of your accounts" in nothing
    for text in (
        "No two accounts are tied",
        "No changes were worked out",
        "Breaking the chain",
        "How clues add up",
        "Find a tie by account",
    ):  # explain what is not there
        assert text not in nothing
    some = report((True, True, False))
    assert "Nothing to change among the accounts that could be read" in some
    assert "The account that could not be read may still be joined to the others" in some
    assert "The account that could not be read was not compared: its ties are unknown" in some
    assert "Nothing to change: no chain" not in some


def test_the_numbers_of_a_tie_that_could_not_be_measured_give_no_figure():
    """The numbers behind the verdict listed an unread account's ties as "unknown 0.0 25 %":
    a bits figure and the starting probability, for ties nothing was measured of."""
    from linkage.evidence.analysis import analyse

    profiles = [
        account("github:wren-h", "professional", display_name="Wren Hollis"),
        account("reddit:wren_h", "personal", display_name="Wren Hollis"),
        account("mastodon:fell_moth", "personal", error="network failure: x"),
    ]
    html = " ".join(render_html(analyse(profiles)).replace("<wbr>", "").split())
    rows = re.findall(r"<tr>(?:(?!</tr>).)*fell_moth(?:(?!</tr>).)*</tr>", html)
    assert rows, "the unread account's tie is listed among the numbers"
    for row in rows:
        cells = re.sub(r"<[^>]+>", "|", row)
        assert "not measured" in cells
        assert "0.0" not in cells and "%" not in cells


def test_an_audit_run_without_a_connection_says_so_once():
    """With no connection every account failed with its own long address ("could not reach
    https://api.github.com/users/wren-h (the name does not resolve; 4 tries)"), once each:
    the cause, one for all, is said once. With one account read, the computer is online and
    each account keeps its own reason."""
    from linkage.evidence.analysis import analyse
    from reports.text import NO_CONNECTION

    def unresolved(pid: str, persona: str, read: bool) -> Profile:
        platform, handle = pid.split(":", 1)
        host = {"github": "api.github.com", "reddit": "www.reddit.com"}.get(platform, "x.example")
        error = (
            f"network failure: could not reach https://{host}/users/{handle} (the name does not "
            "resolve; 4 tries). Check your connection, or try again later."
        )
        return account(pid, persona, error=None if read else error)

    def report(reads: tuple[bool, bool, bool], redact: bool = False) -> str:
        profiles = [
            unresolved("github:wren-h", "professional", reads[0]),
            unresolved("reddit:fell_moth", "personal", reads[1]),
            unresolved("mastodon:kendal_w", "personal", reads[2]),
        ]
        html = render_html(analyse(profiles), ReportOptions(redact=redact))
        return " ".join(html.replace("<wbr>", "").split())

    said = NO_CONNECTION.replace("'", "&#39;")
    offline = report((False, False, False))
    notice = offline[offline.index("This audit is incomplete") :][:2000]
    assert offline.count(said) == 1 and said in notice
    assert "could not reach its site" in notice and "api.github.com" not in notice
    assert "api.github.com/users/wren-h" in offline  # each account's own section keeps it
    online = report((True, False, False))
    notice = online[online.index("This audit is incomplete") :][:2000]
    assert "www.reddit.com" in notice and said not in online
    # the redacted report shows no reason's words, but the cause is no one's detail
    redacted = report((False, False, False), redact=True)
    assert said in redacted and "api.github.com" not in redacted


def test_what_to_do_about_unread_accounts_follows_why_they_were_not_read():
    """A suspended account was told "Run the audit again later", which cannot help."""
    from linkage.evidence.analysis import analyse
    from reports.failed_advice import failed_next

    profiles = [
        account("github:wren-h", "professional"),
        account("reddit:fell_moth", "personal", error="suspended: Reddit has suspended it"),
    ]
    html = " ".join(render_html(analyse(profiles)).split())
    assert "so running the audit again will not read it" in html
    assert "Run the audit again later" not in html
    # "What to change" says the same of it, not "run the audit again once it can be read"
    profiles.append(account("mastodon:kendal_w", "personal"))
    html = " ".join(render_html(analyse(profiles)).split())
    changes = html[html.index('<section id="changes"') :].split("</section>", 1)[0]
    assert "may still be joined to the others. It is gone from public view" in changes
    assert "once it can be read" not in changes
    assert failed_next(["not found", "not found"]).startswith(
        "Check that each is written as the platform shows them"
    )
    # each reason its own advice: "run the audit again later" was said of a suspended account
    assert failed_next(["network failure", "suspended", "private"], labels=["a", "b", "c"]) == (
        "For a: run the audit again later, or add its data export. For b: it is gone from "
        "public view, so running the audit again will not read it: add its data export if you "
        "have it, and remember that copies kept by search engines and web archives may outlast "
        "it. For c: it is not public, so running the audit again will not read it. A stranger "
        "sees about as little, but those it lets in see more: add its data export to check what "
        "they see."
    )
    assert failed_next(["timeout", "not found"], [True, False], ["w", "g"]).startswith(
        "For w: run the audit again later. For g: check"
    )
    # an export that cannot be read is mended, not waited for: it is the data export
    said = failed_next(["bad archive"])
    assert "later" not in said and "data export" not in said and "again" in said
    said = failed_next(["bad archive", "network failure"], labels=["x.zip", "b"])
    assert said.startswith("For x.zip: mend the export as its reason says, then run the audit")
    assert said.endswith("For b: run the audit again later, or add its data export.")
    assert "with a connection" in failed_next(["not in cache", "not in cache"])
    assert "and none were saved for it: run" in failed_next(["not in cache"])  # not "its was"


def test_an_account_read_only_in_part_is_said_so_at_the_top_and_on_its_card():
    """An export without its writing was "partial" only on a progress line that -q hides:
    the report said "0 posts, 0 words", as of an account that writes nothing."""
    from linkage.evidence.analysis import analyse

    missing = "the archive has no 'data/tweets.js', so no writing was read"
    profiles = [
        account("github:wren-h", "professional"),
        account("x:fell_moth", "personal", error=f"partial: {missing}"),
    ]
    html = " ".join(render_html(analyse(profiles)).replace("<wbr>", "").split())
    top = html[html.index("<main>") : html.index('id="verdict"')]
    assert "1 account was read only in part" in top and missing.replace("'", "&#39;") in top
    card = html[html.index("fell_moth", html.index('id="accounts"')) :][:1500]
    assert "Read in part" in card
    redacted = " ".join(
        render_html(analyse(profiles), ReportOptions(redact=True)).replace("<wbr>", "").split()
    )
    assert "read only in part" in redacted and "tweets.js" not in redacted
    # one found by following a link says so on its card, not before the verdict (as a link
    # that could not be followed at all): the box at the top is of listed accounts
    profiles.append(
        account("web:https://fell.example.net/", discovered_by="linked from github:wren-h",
                error="partial: the feed could not be read")
    )  # fmt: skip
    html = " ".join(render_html(analyse(profiles)).replace("<wbr>", "").split())
    top = html[html.index("<main>") : html.index('id="verdict"')]
    assert "1 account was read only in part" in top and "fell.example.net" not in top
    card = html[html.index("fell.example.net", html.index('id="accounts"')) :][:1500]
    assert "Read in part</span>: the feed could not be read" in card


def test_an_unread_site_found_from_a_link_says_where_it_was_found():
    """ "1 account could not be read (old-fennick.example.net (Website): …)" named a site the
    person never listed, and told them to "add its data export", which a website has not."""
    from linkage.evidence.analysis import analyse
    from reports.summary import summary_lines

    old = "https://old-fennick.example.net/"
    profiles = [
        account("github:frowe-dev", "professional", links=[old]),
        account("mastodon:moss@fern.example.social", "personal"),
        account(f"web:{old}", discovered_by="linked from github:frowe-dev",
                error="network failure: the site could not be reached"),
    ]  # fmt: skip
    analysis = analyse(profiles)
    assert analysis.complete  # every listed account was read: the contract's "complete"
    lines = summary_lines(analysis, [])
    assert lines[-1] == (
        "1 link in your profiles could not be followed (it led to a site that could not be "
        "reached)."
    )
    html = " ".join(render_html(analysis).split())
    assert 'id="incomplete"' not in html and "This audit is incomplete" not in html
    box = html[html.index('id="unfollowed"') :].split("</section>", 1)[0]
    assert "</span>, linked from frowe-dev (GitHub): the site could not be reached" in box
    assert "if it is yours, add it to the file" in box and "data export" not in box
    redacted = summary_lines(analysis, [], redact=True)
    assert redacted[-1] == "1 link in the account holder's profiles could not be followed."
    assert not any("frowe" in line or "fennick" in line for line in redacted)
    shared = " ".join(render_html(analysis, ReportOptions(redact=True)).split())
    box = shared[shared.index('id="unfollowed"') :].split("</section>", 1)[0]
    assert ", linked from professional account B (GitHub)</li>" in box and "fennick" not in shared


def test_an_incomplete_audit_whose_read_pairs_show_no_join_is_not_unlikely():
    """With one of four accounts unread and nothing joining the rest, the verdict under the
    incomplete box was a green "unlikely": "Your personal and professional accounts are
    unlikely to be joined from what is public". The unread account may join the sides: the
    level is unknown, and the sentence names it."""
    from linkage.evidence.analysis import analyse
    from linkage.records import Collected, Profile
    from reports.summary import summary_lines

    def one(pid: str, persona: str, read: bool = True) -> Profile:
        platform, handle = pid.split(":", 1)
        error = None if read else "timeout: the site did not answer within 20 s"
        return Profile(id=pid, platform=platform, handle=handle, persona=persona,
                       display_name=None, bio=None,
                       collected=Collected("test", "2026-12-01T10:00:00Z", error=error))  # fmt: skip

    profiles = [
        one("github:wren-h", "professional"),
        one("web:https://wren.example.org/", "professional"),
        one("reddit:fell_moth", "personal"),
        one("bluesky:kendal-w.bsky.social", "personal", read=False),
    ]
    analysis = analyse(profiles)
    html = render_html(analysis)
    verdict = html[html.index('id="verdict"') :]
    text = " ".join(re.sub(r"<[^>]+>", " ", verdict).split())
    assert "Whether your personal and professional accounts can be joined is not known yet: " \
        "your personal Bluesky account (kendal-w.bsky.social) could not be read, and of the " \
        "accounts that could be read" in text  # fmt: skip
    assert "unlikely to be joined" not in text
    # its numbers say what was measured, not "no figure" above a table of figures
    numbers = " ".join(re.sub(r"<[^>]+>", " ", html[html.index("The numbers behind") :]).split())
    assert numbers.split("Personal and professional: unknown ", 1)[1].startswith(
        "Among the accounts that could be read (the others' ties are not measured), the "
        "strongest chain adds up to"
    )
    # the picture's key draws the unread account as the picture does: pale, dashed
    (key,) = re.findall(
        r'<li data-persona="Personal">(?:(?!</li>).)*could not be read</span>', html
    )
    assert 'stroke-dasharray="3 2" fill-opacity="0.45"' in key
    assert re.search(r'class="[^"]*level-unknown', verdict)
    assert not re.search(r'class="[^"]*level-low', verdict.split("The numbers behind")[0])
    lines = summary_lines(analysis, [])
    assert "not yet a safe result" in lines[1] and "not known yet" in lines[2]
    shared = " ".join(
        re.sub(r"<[^>]+>", " ", render_html(analysis, ReportOptions(redact=True))).split()
    )
    assert "Whether the personal and professional accounts can be joined is not known yet: " \
        "personal account A (Bluesky) could not be read" in shared  # fmt: skip


def test_the_terminal_says_what_to_do_about_an_unread_account_by_its_reason():
    """The terminal's incomplete line gave the reason alone ("visible to followers only"), and
    what to do only in the report: a private account is not mended by waiting."""
    from linkage.evidence.analysis import analyse
    from reports.summary import summary_lines

    profiles = [
        account("github:wren-h", "professional"),
        account("reddit:fell_moth", "personal"),
        account("bluesky:kendal-w.bsky.social", "personal",
                error="private: the account's posts are visible to followers only"),
    ]  # fmt: skip
    first = summary_lines(analyse(profiles), [])[0]
    assert first.startswith("This audit is incomplete: 1 account could not be read")
    assert first.endswith("It is not public, so running the audit again will not read it. A "
                          "stranger sees about as little, but those it lets in see more: add "
                          "its data export to check what they see.")  # fmt: skip


def test_an_unread_listed_account_with_no_side_leaves_the_verdict_unknown():
    """A listed account given no side that could not be read may be a step of any chain: the
    report said "A searcher is unlikely to join your accounts" under its incomplete box, and
    the app's short verdict "unlikely"."""
    from linkage.evidence.analysis import analyse
    from reports.summary import summary_lines, verdict_brief

    profiles = [
        account("github:wren-h", "professional"),
        account("reddit:fell_moth", "personal"),
        account("bluesky:kendal-w.bsky.social", None, error="timeout: the site did not answer"),
    ]
    analysis = analyse(profiles)
    lines = summary_lines(analysis, [])
    assert lines[1].endswith("so this is not yet a safe result.")
    assert lines[2].startswith(
        "Whether your personal and professional accounts can be joined is not known yet: "
        "kendal-w.bsky.social (Bluesky), listed with no side, could not be read"
    )
    assert verdict_brief(analysis)["level"] == "unknown"


def test_an_audit_that_read_nothing_says_so_once_in_the_report_and_on_the_terminal():
    """With nothing read, the report said the unread accounts' links "may be stronger than
    shown" (none was shown) and gave two instructions (the shared one, then each kind's);
    the terminal said "Not known yet: too few … could be read" and then the same again."""
    from linkage.evidence.analysis import analyse
    from linkage.records import Collected
    from reports.summary import summary_lines

    why = "not in cache: {} is not in the cache. Run once without --offline to fill the cache."
    profiles = [
        Profile(
            id=pid, platform=pid.split(":")[0], handle=pid.split(":")[1], persona=persona,
            collected=Collected("test", "2026-12-01T10:00:00Z", error=why.format(pid)),
        )
        for pid, persona in (("github:wren-h", "professional"), ("reddit:fell_moth", "personal"))
    ]  # fmt: skip
    analysis = analyse(profiles)
    html = " ".join(render_html(analysis).split())
    box = html[html.index('id="incomplete"') :]
    box = box[: box.index("</div>")]
    assert "With no account read there is nothing to compare, so no tie is shown." in box
    assert "may be stronger than shown" not in box
    assert box.count("Run once without --offline") == 1 and "with a connection" not in box
    said = summary_lines(analysis, [])
    assert not any(line.startswith("Not known yet: too few") for line in said), said
    assert not any(line.startswith("Whether your personal and professional") for line in said)
    assert (
        "Not known yet whether your personal and professional accounts can be joined: none of "
        "your personal or professional accounts could be read."
    ) in said


def test_with_three_sides_an_unread_listed_account_leaves_the_short_verdict_unknown():
    """The pair of sides read in full came first: the app's short verdict said "unlikely"
    under the headline "not yet a safe result", and the history agreed with the app."""
    from linkage.evidence.analysis import analyse
    from reports.summary import verdict_brief

    profiles = [
        account("github:wren-h", "work"),
        account("reddit:fell_moth", "hobby"),
        account("bluesky:kendal-w.bsky.social", "family", error="timeout: the site did not answer"),
    ]
    brief = verdict_brief(analyse(profiles))
    assert brief["headline"].endswith("so this is not yet a safe result.")
    assert (brief["level"], brief["label"]) == ("unknown", "unknown")


def test_the_advice_after_a_reason_does_not_repeat_it_nor_mend_a_file_not_there():
    """The summary said "… Check the spelling). Check that it is written as the platform shows
    it", the same thing twice; and of an export file that was not there, "Mend the export as
    its reason says … waiting will not change what is in the file"."""
    from linkage.evidence.analysis import analyse
    from reports.summary import summary_lines

    github = (
        "not found: GitHub has no user called 'wren-hh' (it may have been renamed, deleted or "
        "suspended). Check the spelling."
    )
    missing = (
        "bad archive: the archive '/home/wren/exports/x.zip' does not exist. Check the path "
        "(relative paths in an accounts file are relative to that file)."
    )
    profiles = [
        account("github:wren-hh", "professional", error=github),
        account("reddit:fell_moth", "personal"),
    ]
    said = " ".join(summary_lines(analyse(profiles), []))
    # a typo is likelier than a deletion: the advice after the reason leads with it
    assert (
        "Check the spelling). If the spelling is right and it was deleted, add its data export "
        "if you have it." in said
    )
    assert "written as the platform shows" not in said
    profiles[0] = account("x:wren_h", "professional", error=missing)
    said = " ".join(summary_lines(analyse(profiles), []))
    assert "waiting will not change" not in said and "Mend" not in said
    assert (
        "Check the path (relative paths in an accounts file are relative to that file)). "
        "Correct the file's path in the accounts file (or put the export back where it says), "
        "then run the audit again." in said
    )
    page = unescape(" ".join(render_html(analyse(profiles)).split()))
    assert "waiting will not change" not in page and "Correct the file's path" in page
    # a reason that does not say to check the name keeps that advice
    profiles[0] = account("github:wren-hh", "professional", error="not found: it is gone.")
    said = " ".join(summary_lines(analyse(profiles), []))
    assert "Check that it is written as the platform shows it" in said


def test_a_misspelt_account_is_advised_to_check_the_spelling_before_a_deletion():
    """The account's line said "Check the spelling", then the summary only "For alex-exampel
    (GitHub): if it was deleted, add its data export if you have it.": a typo is the likelier
    cause, and the advice after the reason leads with it (the reason itself stays)."""
    from reports.failed_advice import failed_next

    spelling = "GitHub has no user called 'alex-exampel'. Check the spelling."
    address = "Nothing at https://alex.example.org/: the page is gone. Check the address."
    said = failed_next(
        ["not found", "network failure"],
        labels=["alex-exampel (GitHub)", "fell_moth (Reddit)"],
        reasons=[spelling, "timeout: no answer in 20 s"],
    )
    assert said.startswith(
        "For alex-exampel (GitHub): if the spelling is right and it was deleted, add its data "
        "export if you have it. For fell_moth (Reddit): "
    ), said
    assert failed_next(["not found"], reasons=[address]) == (
        "If the address is right and it was deleted, add its data export if you have it."
    )
