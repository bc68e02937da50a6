"""What the verdict and the evidence give as the reason for a tie, and in which order the ties
come."""

from __future__ import annotations

import re

from reports.render import ReportOptions, render_html
from tests.reports.conftest import account


def test_every_clue_reads_as_a_reason_after_because():
    """The person's other accounts read "very likely, because the usernames are alike and of
    the person's other accounts": each clue's reason is a clause that follows "because"."""
    from linkage.evidence.waterfall import OTHER, clue_words

    for name, words in [*clue_words().items(), ("other", OTHER)]:
        assert not words.because.startswith(("of ", "from ", "by ")), (name, words.because)


def test_the_verdict_gives_the_strongest_clues_as_its_reason():
    """The verdict named clues in a fixed order (a link, then the picture, the name, …): the
    demo's read "because one links to the other and they show the same picture", the picture
    a weak clue (+1.3 bits) and a stronger one (+2.6) left out. A link anyone can follow still
    comes first, whatever it weighs."""
    from linkage.evidence.analysis import Analysis
    from linkage.evidence.exposure import exposures
    from linkage.evidence.scorer import make_link
    from linkage.evidence.waterfall import words_for
    from linkage.records import Evidence

    profiles = [account("github:wren-h", "professional"), account("reddit:fell_moth", "personal")]

    def verdict(*evidence: tuple[str, float], followable: str = "") -> str:
        evidence_list = [
            Evidence(signal, bits, signal, followable=signal == followable)
            for signal, bits in evidence
        ]
        links = [make_link("github:wren-h", "reddit:fell_moth", evidence_list, 0.5)]
        exposure = exposures(profiles, links, 0.5)
        html = render_html(Analysis(profiles, links, [], exposure, 0.5, 0.5, 0.05))
        found = re.search(r'<p class="verdict[^"]*">(.*?)</p>', html, flags=re.S)
        assert found is not None
        return " ".join(re.sub(r"<[^>]+>", "", found.group(1)).split()).replace("&#39;", "'")

    def because(*signals: str) -> str:
        said = [words_for(s).because for s in signals]
        return "because " + " and ".join(said)

    text = verdict(("avatar", 1.3), ("bio", 9.0), ("style", 6.0))
    assert because("bio", "style") in text and words_for("avatar").because not in text
    text = verdict(("avatar", 1.3), ("bio", 9.0), ("crosslink", 6.0))
    assert because("crosslink", "bio") in text
    # the floor a followable clue gets is that clue, named once; a picture is not a link
    text = verdict(("crosslink", 6.6), ("display_name", -2.7), followable="crosslink")
    assert text.endswith(because("crosslink") + "."), text
    text = verdict(("avatar", 9.0), ("bio", 1.0), ("username", -1.0), followable="avatar")
    assert because("avatar", "bio") in text and "link" not in text.split("because")[1], text


def test_a_link_is_given_as_the_reason_it_is():
    """Two accounts that both link to one site read "because one links to the other"; a
    proof a platform checked read the same."""
    from linkage.evidence.analysis import Analysis
    from linkage.evidence.exposure import exposures
    from linkage.evidence.scorer import make_link
    from linkage.records import Evidence

    profiles = [account("github:wren-h", "professional"), account("reddit:fell_moth", "personal")]
    for kind, detail, reason in [
        ("shared_site", "both link to 'https://wren.example.org/'", "because both link to the"),
        ("verified", "a platform verified the link to …", "because a platform verified"),
        ("mutual", "each account links to the other ('a' and 'b')", "because they link to each"),
        ("one_way", "the Reddit account 'fell_moth' links to …", "because one links to the"),
        ("mention", "the bio of the Reddit account …", "because one names the"),
    ]:
        found = Evidence("crosslink", 14.0, detail, kind=kind)
        links = [make_link(profiles[0].id, profiles[1].id, [found], 0.5)]
        html = render_html(
            Analysis(profiles, links, [], exposures(profiles, links, 0.5), 0.5, 0.5, 0.05)
        )
        assert reason in " ".join(html.split()), detail


def test_the_ties_between_sides_come_before_those_within_one():
    """After the demo's changes the evidence opened on two "almost certain" ties within one
    side of her (expected, and harmless) under the verdict "could not be joined"."""
    from linkage.evidence.analysis import Analysis
    from linkage.evidence.exposure import exposures
    from linkage.evidence.scorer import make_link
    from linkage.records import Evidence
    from reports.evidence_view import links_view

    profiles = [
        account("github:wren-h", "professional"),
        account("web:wren.example.org", "professional"),
        account("reddit:fell_moth", "personal"),
    ]
    links = [
        make_link("github:wren-h", "web:wren.example.org", [Evidence("crosslink", 14.0, "x")], 0.25),
        make_link("github:wren-h", "reddit:fell_moth", [Evidence("bio", 3.0, "y")], 0.25),
    ]  # fmt: skip
    analysis = Analysis(profiles, links, [], exposures(profiles, links, 0.25), 0.25, 0.5, 0.05)
    by_id = {p.id: p for p in profiles}
    shown = links_view(analysis, by_id, {p.id: p.handle for p in profiles}, redact=False)
    assert [(t["a"], t["b"]) for t in shown] == [
        ("wren-h", "fell_moth"),
        ("wren-h", "wren.example.org"),
    ]


def test_the_reports_parts_are_reached_by_their_headings():
    """ "What this shows", "Breaking the chain" and the other notes were bold text: a screen
    reader's list of headings skipped them. Headings go down one level at a time."""
    import itertools
    import re

    from tests.demo_runs import morag

    html = render_html(morag())
    found = re.findall(r"<h([1-6])[^>]*>(.*?)</h\1>", html, re.S)
    titles = [re.sub(r"<[^>]+>", "", text).strip() for _, text in found]
    for note in ("What this shows", "Breaking the chain", "Reading the picture"):
        assert note in titles
    levels = [int(level) for level, _ in found]
    assert levels[0] == 1 and all(b <= a + 1 for a, b in itertools.pairwise(levels))


def test_a_redacted_route_names_its_accounts_in_lower_case_mid_sentence():
    """ "How a searcher gets from Personal account B (Reddit) to ..." began its label with a
    capital in the middle of the sentence."""
    import re

    from tests.demo_runs import morag

    html = render_html(morag(), ReportOptions(redact=True))
    routes = re.findall(r'<details class="walk"><summary>(.*?)</summary>', html)
    assert routes and all(re.match(r"How a searcher gets from [a-z]", r) for r in routes)


def test_unrelated_usernames_are_never_given_as_a_clue():
    """Accounts kept under different personas with unrelated handles: the model lets that
    count a little for the pair (one person keeps their sides apart), and the verdict then
    said "because they show the same name and the usernames are alike" of 'pebble_owl' and
    'wren-ashby'."""
    from linkage.evidence.analysis import analyse
    from linkage.records import Profile

    profiles = [
        Profile(id="reddit:pebble_owl", platform="reddit", handle="pebble_owl",
                persona="personal", display_name="Halvard", bio="Birds and skiing."),
        Profile(id="github:wren-ashby", platform="github", handle="wren-ashby",
                persona="professional", display_name="Halvard Q.", bio="Routing tools."),
    ]  # fmt: skip
    analysis = analyse(profiles)
    (link,) = analysis.links
    (handles,) = [e for e in link.evidence if e.signal == "username"]
    assert handles.match_weight > 0 and handles.kind == "different"
    assert all("username" not in step.evidence for e in analysis.exposure for step in e.steps)
    text = " ".join(re.sub(r"<[^>]+>", " ", render_html(analysis)).split())
    assert "because they show the same name." in text
    assert "usernames are alike" not in text and "similar usernames" not in text.lower()
    assert "Usernames" in text  # the evidence and the numbers name what was compared
    redacted = " ".join(
        re.sub(r"<[^>]+>", " ", render_html(analysis, ReportOptions(redact=True))).split()
    )
    assert "the usernames are unrelated" in redacted
    assert (
        "the usernames are the same" not in redacted and "similar usernames" not in redacted.lower()
    )


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_a_pair_with_nothing_in_common_reads_as_such_in_its_numbers():
    """Two accounts sharing nothing read "Clues: ." and "-0.3 bits of evidence …: enough to
    pick one person out of nobody in particular", and every tie's numbers repeated it."""
    from linkage.evidence.analysis import analyse

    profiles = [
        account("github:wren-h", "professional", display_name="Wren Hale"),
        account("reddit:fell_moth", "personal"),
    ]
    text = _text(render_html(analyse(profiles)))
    assert "Clues: ." not in text and "nobody in particular" not in text
    assert "No clue ties them: nothing they show is alike." in text
    assert "too little to pick anyone out of a crowd" in text


def test_a_reused_username_is_the_same_username_and_a_rename_names_no_stand_in():
    """One handle on both accounts was "similar usernames"; the advice to rename suggested the
    plan's stand-in, "for example to acct94c102ebfa", which a reader might copy."""
    from linkage.evidence.analysis import analyse

    profiles = [
        account("github:quillwort-fenn", "professional", bio="Maps and rail timetables."),
        account("reddit:quillwort-fenn", "personal", bio="Moths, mostly."),
    ]
    analysis = analyse(profiles)
    text = _text(render_html(analysis))
    assert "the same username" in text and "similar usernames" not in text.lower()
    assert "because they use the same username" in text
    assert re.search(
        r"Rename quillwort- ?fenn \((Reddit|GitHub)\) ?, choosing a username unrelated to your "
        r"name and your other usernames",
        text,
    )
    assert not re.search(r"acct[0-9a-f]{6}", text)
    assert not any(
        re.search(r"acct[0-9a-f]{6}", c.explanation) for c in analysis.remediation.changes
    )


def test_the_other_accounts_that_tie_a_pair_are_named_in_the_readers_voice():
    """A pair tied through the person's other accounts read "because the person's other
    accounts tie them together" in a report that says "your" everywhere else, and named none of
    them: the first change, on an account the verdict never mentioned, came from nowhere."""
    from linkage.evidence.analysis import Analysis
    from linkage.evidence.exposure import exposures
    from linkage.evidence.scorer import make_link
    from linkage.evidence.weights import CHAIN
    from linkage.records import Evidence

    ids = ("reddit:fell_moth", "github:wren-h", "keybase:wrenh", "mastodon:moth@example.social")
    personal, work, keybase, mastodon = ids
    profiles = [
        account(personal, "personal"),
        account(work, "professional"),
        account(keybase, "professional"),
        account(mastodon, "personal"),
    ]
    links = [
        make_link(personal, work, [Evidence(CHAIN, 14.0, "compared with 3 accounts")], 0.25),
        make_link(keybase, work, [Evidence("crosslink", 12.0, "links", followable=True)], 0.25),
        make_link(keybase, personal, [Evidence("crosslink", 12.0, "links", followable=True)], 0.25),
        make_link(mastodon, personal, [Evidence("username", 9.0, "the same username")], 0.25),
    ]
    exposure = [
        e for e in exposures(profiles, links, 0.25) if {e.source, e.target} == {personal, work}
    ]
    assert exposure and exposure[0].steps[0].evidence == [CHAIN], "no such tie: no test"
    analysis = Analysis(profiles, links, [sorted(ids)], exposure, 0.25, 0.5, 0.05)

    def verdict(html: str) -> str:
        found = re.search(r'<p class="verdict[^"]*">(.*?)</p>', html, flags=re.S)
        assert found is not None
        return " ".join(re.sub(r"<[^>]+>", "", found.group(1)).split()).replace("&#39;", "'")

    text = verdict(render_html(analysis))
    assert "because your other accounts (moth@example.social (Mastodon) and wrenh (Keybase))" in (
        text
    ), text
    assert "the person's" not in text
    shared = verdict(render_html(analysis, ReportOptions(redact=True)))
    assert "the account holder's other accounts (" in shared, shared
    assert "wrenh" not in shared and "moth" not in shared
