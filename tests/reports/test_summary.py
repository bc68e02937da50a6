"""The terminal's summary: the verdict in words, the files and what they hold, what next."""

from __future__ import annotations

from pathlib import Path

import pytest

from reports.render import render_html
from reports.summary import Written, summary_lines
from tests import demo_runs


@pytest.fixture(scope="module")
def tomasz():
    return demo_runs.tomasz()


def test_summary_says_the_verdict_the_files_and_the_next_step(tomasz):
    lines = summary_lines(
        tomasz,
        [Written(Path("report.html"), "the report: open it in a browser")],
        next_step=("linkage demo --after", "the report once the changes are made"),
    )
    assert lines[0].startswith("This audit is incomplete: 1 account could not be read")
    assert "suspended" in lines[0] and ".)." not in lines[0]
    assert lines[1] == "Your personal and professional sides can be joined by someone who looks."
    assert "can be joined to your professional" in lines[2] and "almost certainly" in lines[2]
    # Keybase's links are proofs: revoked, not removed ("Remove the link to … from")
    assert lines[3].startswith(
        "Change this first: revoke the proof of wrenfield.example.net on twren (Keybase)."
    )
    assert "<" not in lines[3]
    assert "  report.html: the report: open it in a browser" in lines
    assert lines[-2:] == ["Next: linkage demo --after", "  (the report once the changes are made)"]
    text = "\n".join(lines)
    for jargon in ("bits", "match weight", "prior", "→"):
        assert jargon not in text


def test_redacted_summary_names_no_account(tomasz):
    text = "\n".join(summary_lines(tomasz, [], redact=True))
    for handle in ("twren", "wrenfield", "tomw_birds"):
        assert handle not in text


def test_an_audit_that_could_not_reach_anything_gives_the_advice_once():
    """Three accounts that could not be reached each ended in 'Check your connection, or try
    again later' after a long address: the connection is now said first, once and plainly, and
    the line names each account and what went wrong."""
    from linkage.evidence.analysis import analyse
    from linkage.records import Collected, Profile
    from reports.text import NOT_REACHED

    reason = (
        "network failure: could not reach https://{host}/ (the connection was refused; 4 tries)."
        " Check your connection, or try again later."
    )
    profiles = [
        Profile(id=f"{platform}:ada", platform=platform, handle="ada", persona=persona,
                collected=Collected(platform, "2026-12-06T07:00:00Z",
                                    error=reason.format(host=host)))
        for platform, host, persona in (
            ("github", "api.github.com", "professional"),
            ("reddit", "www.reddit.com", "personal"),
            ("bluesky", "public.api.bsky.app", "personal"),
        )
    ]  # fmt: skip
    analysis = analyse(profiles)
    # no site could be reached at all: the connection first, in plain words, once; then each
    # account with its short reason, without the advice
    first, line = summary_lines(analysis, [])[:2]
    assert first == NOT_REACHED
    assert first.startswith("linkage could not reach any site: check this computer's internet")
    assert line.startswith("This audit is incomplete: 3 accounts could not be read (")
    assert "Check your connection" not in line
    for host in ("api.github.com", "www.reddit.com", "public.api.bsky.app"):
        assert f"could not reach https://{host}/ (the connection was refused; 4 tries)" in line
    box = render_html(analysis).split('id="incomplete"', 1)[1].split("</div>", 1)[0]
    assert box.count(NOT_REACHED.replace("'", "&#39;")) == 1
    assert box.count("(the connection was refused; 4 tries).") == 3
    # with one account read, the computer is online: the advice closes the line as before
    profiles[0].collected = Collected("github", "2026-12-06T07:00:00Z")
    line = summary_lines(analyse(profiles), [])[0]
    assert line.startswith("This audit is incomplete: 2 accounts could not be read (")
    assert line.endswith("). Check your connection, or try again later.")


def test_the_summary_names_accounts_listed_without_a_side():
    from linkage.evidence.analysis import analyse
    from linkage.records import Profile

    profiles = [
        Profile(id="github:wren-h", platform="github", handle="wren-h", persona="professional"),
        Profile(id="reddit:fell_moth", platform="reddit", handle="fell_moth", persona="personal"),
        Profile(id="mastodon:kendal_w", platform="mastodon", handle="kendal_w"),
    ]
    lines = summary_lines(analyse(profiles), [])
    assert "Not judged as a side (no side given): kendal_w (Mastodon)." in " ".join(lines)
    redacted = " ".join(summary_lines(analyse(profiles), [], redact=True))
    assert "Not judged as a side (no side given)" in redacted and "kendal_w" not in redacted


def test_the_summary_says_when_the_changes_are_only_a_start():
    import copy
    import dataclasses

    analysis = copy.copy(demo_runs.morag())  # its plan is replaced below
    assert analysis.remediation is not None and analysis.remediation.complete
    plain = summary_lines(analysis, [])
    assert not any("a start, not the whole answer" in line for line in plain)
    analysis.remediation = dataclasses.replace(
        analysis.remediation, complete=False, stopped="allowance"
    )
    lines = summary_lines(analysis, [])
    first = next(i for i, line in enumerate(lines) if line.startswith("Change this first"))
    assert lines[first + 1].startswith("These changes are a start, not the whole answer")
    assert "run the audit again" in lines[first + 1]


def test_the_first_change_says_how_many_there_are_and_what_is_left_has_no_top():
    """ "Change this first: …" alone read as the only change to make (the plan had 19); and the
    terminal said the chains left "are shown at the top", of a report it is not."""
    from linkage.evidence.analysis import analyse
    from linkage.records import Profile

    morag = demo_runs.morag()
    lines = summary_lines(morag, [Written(Path("report.html"), "the full report")])
    first = next(line for line in lines if line.startswith("Change this first: "))
    assert first.endswith(". (6 changes in all: the report lists them.)"), first
    alone = summary_lines(morag, [])
    assert any(line.endswith("(6 changes in all.)") for line in alone), alone
    stuck = analyse([
        Profile(id="hackernews:quietheron7", platform="hackernews", handle="quietheron7",
                persona="personal", bio="Tide pools."),
        Profile(id="keybase:quietheron7", platform="keybase", handle="quietheron7",
                persona="professional", display_name="Wren Hale"),
    ])  # fmt: skip
    said = " ".join(summary_lines(stuck, []))
    assert "by half a bit or more." in said and "at the top" not in said, said
