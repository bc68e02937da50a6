"""A redacted report and its JSON: no collected string anywhere, and redacted wording that
still says what each clue and chain means."""

from __future__ import annotations

import re

from markupsafe import escape

from reports.labels import account_labels
from reports.render import ReportOptions, render_html
from tests.reports.conftest import PAYLOADS, hostile_profiles


def test_redacted_report_holds_no_collected_string(hostile_analysis):
    html = render_html(hostile_analysis, ReportOptions(redact=True))
    collected = set()
    for profile in hostile_profiles():
        collected.update(
            [
                profile.id,
                profile.handle,
                profile.url or "",
                profile.display_name or "",
                profile.bio or "",
                profile.location or "",
            ]
        )
        collected.update(profile.links)
        collected.update(post.text for post in profile.posts)
    collected.add("Owner")
    for value in filter(None, collected):
        for form in {
            value,
            value.replace("<", "&lt;").replace(">", "&gt;"),
            value.replace('"', "&#34;"),
        }:
            assert form not in html, value
    assert "Personal account A (" in html
    # one letter per account across the sides: no "personal account A" beside a
    # "professional account A" that is another account
    assert "Professional account A (" not in html and "Professional account " in html
    labels = account_labels(hostile_profiles(), redact=True).values()
    letters = [label.split(" account ")[1].split(" (")[0] for label in labels]
    assert len(set(letters)) == len(letters)
    for payload in PAYLOADS:
        assert payload not in html


def test_redacted_json_holds_no_collected_string(hostile_analysis):
    import json

    from reports.redact import redacted_dict

    text = json.dumps(redacted_dict(hostile_analysis), ensure_ascii=False)
    for profile in hostile_profiles():
        for value in [
            profile.id,
            profile.handle,
            profile.display_name,
            profile.bio,
            *profile.links,
        ]:
            if value:
                assert value not in text, value
    assert "Personal account A" in text


def test_changes_that_work_together_say_so_and_are_redacted_alike(hostile_analysis):
    import copy
    import json

    from linkage.evidence.changes import Change
    from linkage.evidence.remediation import ChosenChange, Remediation
    from reports.redact import redacted_dict
    from reports.render import ReportOptions, context

    analysis = copy.copy(hostile_analysis)
    personal, work = hostile_profiles()[0], hostile_profiles()[1]
    name = Change(personal.id, "display_name", "remove")
    link = Change(work.id, "links", "remove", work.links[0] if work.links else "https://x.example/")
    first = ChosenChange(name, 4.0, 9.0, 5.0, "joint", (link,))
    second = ChosenChange(link, 4.0, 9.0, 5.0, "joint", (name,))
    analysis.remediation = Remediation(6.0, 9.0, 5.0, [first, second], True)
    changes = context(analysis, ReportOptions())["changes"]
    assert changes[0]["effect"].startswith("Together with the next change: the strongest")
    assert changes[1]["effect"].startswith("Together with the change before: the strongest")
    data = redacted_dict(analysis)
    together = data["remediation"]["changes"][0]["together_with"]
    assert together and together[0]["value"] is None
    text = json.dumps(data, ensure_ascii=False)
    assert personal.id not in text and work.id not in text


def test_a_redacted_clue_against_the_pair_says_so():
    """A redacted report cannot quote what was found; a clue that counts against the pair
    must not be worded as if it tied them ("the accounts post from the same time zone")."""
    from datetime import datetime, timedelta

    from linkage.evidence.analysis import analyse
    from linkage.evidence.waterfall import words_for
    from linkage.records import Post, Profile
    from reports.labels import REDACTED_AGAINST, REDACTED_NEITHER, redacted_detail

    assert redacted_detail("timezone", -2.4) == REDACTED_AGAINST
    assert redacted_detail("timezone", 0.0) == REDACTED_NEITHER
    assert redacted_detail("timezone", 0.9) == words_for("timezone").redacted

    def account(pid: str, offset: str, persona: str) -> Profile:
        start = datetime(2024, 1, 8, 9, 30)
        posts = [
            Post(text=f"note {i}", created_at=(start + timedelta(days=i)).isoformat() + offset)
            for i in range(6)
        ]
        platform, handle = pid.split(":", 1)
        return Profile(id=pid, platform=platform, handle=handle, persona=persona, posts=posts)

    analysis = analyse(
        [account("blog:kestrelworks", "+01:00", "professional"),
         account("reddit:owl_at_dusk", "-07:00", "personal")]
    )  # fmt: skip
    html = render_html(analysis, ReportOptions(redact=True))
    assert str(escape(REDACTED_AGAINST)) in html
    assert words_for("timezone").redacted not in html


def test_a_redacted_chain_names_its_middle_account_in_lower_case_mid_sentence():
    """'… in 2 steps, through Other account E (Website): …' read as a capital in
    mid-sentence; the redacted label begins in lower case there, as after a verb."""
    from tests.demo_runs import morag

    html = render_html(morag(), ReportOptions(redact=True))
    assert re.search(r"through found account [A-Z] \(Website\)", html)
    assert not re.search(r"through (Found|Other|Personal|Professional) account", html)


def test_a_redacted_account_on_no_side_is_told_from_a_side_of_one_s_own(tmp_path) -> None:
    """A side of the person's own ("volunteering") and an account the audit found were both
    "Other account …": a manager could not tell the person's own account from one found."""
    from linkage.evidence.analysis import analyse
    from linkage.records import Profile

    profiles = [
        Profile(id="github:wren-h", platform="github", handle="wren-h", persona="professional"),
        Profile(id="reddit:wren_rows", platform="reddit", handle="wren_rows", persona="rowing"),
        Profile(id="lobsters:wren", platform="lobsters", handle="wren", discovered_by="a link"),
        Profile(id="devto:wrenh", platform="devto", handle="wrenh"),
    ]
    html = render_html(analyse(profiles), ReportOptions(redact=True))
    assert re.search(r"Other account [A-Z] \(Reddit\)", html)
    assert re.search(r"Found account [A-Z] \(Lobsters\)", html)
    assert re.search(r"Unlabelled account [A-Z] \(dev\.to\)", html)
    assert "rowing" not in html and "wren" not in html
