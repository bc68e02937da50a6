"""What changed since the last audit, per chain and per piece of advice
(:mod:`linkage.history_since`): figures an audit could not measure, advice taken or not, the
reasons a chain moved, and redacted sentences. Built from fictional audits in memory."""

from __future__ import annotations

import itertools

from linkage import history, history_advice, history_since


def test_a_chain_an_audit_could_not_measure_is_no_change_for_the_better() -> None:
    """A chain that was high and could not be measured this time (an account failed) read
    'harder to join than last time: it was high (12.0 bits), it is now unknown (0.0 bits)',
    and the advice for the account that failed read as done (then as not done: it cannot be
    told)."""
    chain = {"from": "reddit:a", "to": "github:b", "chain": ["reddit:a", "github:b"]}
    seen = {"handle": "x1", "display_name": "n1", "links": [], "visibility": "ok"}
    before = history.PastAudit(
        at="2026-01-01T00:00:00Z",
        accounts=["reddit:a", "github:b"],
        chains=[{**chain, "level": "high", "bits": 12.0}],
        advice=[{"account": "github:b", "field": "display_name", "action": "replace"}],
        fields={"reddit:a": seen, "github:b": seen},
    )
    after = history.PastAudit(
        at="2026-02-01T00:00:00Z",
        accounts=["reddit:a", "github:b"],
        chains=[{**chain, "level": "unknown", "bits": 0.0}],
        fields={"reddit:a": seen, "github:b": {"display_name": None, "visibility": "failed"}},
    )
    since = history_since.since_last(before, after)
    assert since is not None
    (change,) = since.moved
    assert change.direction == "unknown"
    sentence = change.sentence()
    assert "harder" not in sentence and "not measured this time" in sentence
    assert "count it as still very likely until it can be read" in sentence  # the badge's words
    # not seen to be done, nor not done: whether it was cannot be told
    assert since.not_done == []
    (advice,) = since.unknown
    assert advice.account == "github:b" and advice.field == "display_name"
    # an earlier "unlikely" is not carried over as a safe result
    low = history.PastAudit(
        at=before.at, accounts=before.accounts, chains=[{**chain, "level": "low", "bits": -2.7}],
        advice=[], fields=before.fields,
    )  # fmt: skip
    since_low = history_since.since_last(low, after)
    assert since_low is not None
    sentence = since_low.moved[0].sentence()
    assert "still unlikely" not in sentence
    assert sentence.endswith("whether it still is cannot be told until it can be read.")
    back = history_since.since_last(after, before)
    assert back is not None and back.moved[0].direction == "unknown"
    assert "last time it could not be measured" in back.moved[0].sentence()


def test_a_new_chain_an_audit_could_not_measure_is_not_given_a_figure() -> None:
    """An account added since the last audit that could not be read: its chains read 'a new
    chain, unknown (0.0 bits)', a figure nothing was measured for."""
    chain = {"from": "web:c", "to": "github:b", "chain": ["web:c", "github:b"]}
    before = history.PastAudit(at="2026-01-01T00:00:00Z", accounts=["github:b"], chains=[])
    after = history.PastAudit(
        at="2026-02-01T00:00:00Z",
        accounts=["web:c", "github:b"],
        chains=[{**chain, "level": "unknown", "bits": 0.0}],
    )
    (change,) = history_since.compare(before, after)
    sentence = change.sentence()
    assert sentence == (
        "web:c and github:b: a new chain, not measured (one of its accounts could not be read)."
    )
    assert "bits" not in sentence


def test_advice_not_taken_is_listed_in_the_words_the_report_advised_it_in() -> None:
    """The report advised "Show a different name on X" while "Since your last audit" listed
    the same advice as "Use a different display name on X": two wordings of one change."""
    from linkage.evidence.changes import VERBS, Change, verb

    for (field, action), words in VERBS.items():
        advice = history_advice.Advice("github:b", field, action)
        assert advice.sentence({"github:b": "b (GitHub)"}) == f"{words} b (GitHub)"
        assert words == verb(Change("github:b", field, action))
    link = history_advice.Advice("github:b", "links", "remove", "https://b.example/")
    assert link.sentence() == "Remove the link to b.example from github:b"
    assert link.sentence(redact=True) == "Remove a link from github:b"


def test_advice_not_taken_is_said_in_the_reports_own_words() -> None:
    """The report said "Make wren@forge.example.net (Forgejo) private" (the plan renamed it too:
    deleted, it would leave nothing to rename) and "Remove the link to blog.example.net from";
    "Advised last time, not done yet" said "… private (or delete it)" and "Remove the link
    https://blog.example.net/ from". A Keybase link is a proof: revoked, not removed."""
    import dataclasses

    from linkage.evidence.analysis import analyse
    from linkage.records import Profile

    forge, hub, keybase = "forgejo:wren@forge.example.net", "github:wren-h", "keybase:wrenh"
    profiles = [
        Profile(id=forge, platform="forgejo", handle="wren@forge.example.net", persona="personal"),
        Profile(id=hub, platform="github", handle="wren-h", persona="professional",
                links=["https://blog.example.net/"]),
        Profile(id=keybase, platform="keybase", handle="wrenh", persona="personal",
                links=["https://blog.example.net/"]),
    ]  # fmt: skip
    now = history.record(analyse(profiles))
    advised = [
        {"account": forge, "field": "handle", "action": "replace"},
        {"account": forge, "field": "visibility", "action": "make_private"},
        {"account": hub, "field": "links", "action": "remove", "value": "https://blog.example.net/"},
        {"account": keybase, "field": "links", "action": "remove",
         "value": "https://blog.example.net/"},
    ]  # fmt: skip
    before = dataclasses.replace(now, at="2026-01-01T00:00:00Z", advice=advised)
    after = dataclasses.replace(now, advice=advised)
    said = [a.sentence() for a in history_advice.advised_not_done(before, after)]
    assert said == [
        f"Rename {forge}",
        f"Make {forge} private",
        f"Remove the link to blog.example.net from {hub}",
        f"Revoke the proof of blog.example.net on {keybase}",
    ]
    # the report's words (reports.changes_view) for the same advice
    from linkage.evidence.changes import hide_words, link_words

    assert hide_words(forge, renamed=True) == ("Make", " private")
    assert link_words(hub, "https://blog.example.net/") == ("Remove the link to", "from")


def test_two_spellings_of_one_link_are_no_change() -> None:
    """Links are kept as their profiles write them (earlier versions kept the canonical
    form): an audit after the upgrade must not read that as links changed."""
    from linkage.records import Profile

    key = history.secret_key()
    before = Profile(id="github:b", platform="github", handle="b", links=["https://b.example"])
    after = Profile(id="github:b", platform="github", handle="b", links=["http://www.b.example/"])
    moved = Profile(id="github:b", platform="github", handle="b", links=["https://c.example/"])
    assert history._fingerprints(before, key)["links"] == history._fingerprints(after, key)["links"]
    assert history._fingerprints(before, key)["links"] != history._fingerprints(moved, key)["links"]


def test_a_chains_reason_is_what_moved_it():
    """A weaker chain read "because … the person's other accounts and the display names now
    match" (its route had moved to a pair whose names matched, and the model's own item is no
    clue), and every changed field of its accounts was listed."""
    from linkage.history_since import CHANGES_SAID, ChainChange

    change = ChainChange(
        source="reddit:a", target="github:b", before_level="high", after_level="low",
        before_bits=16.2, after_bits=5.3,
    )  # fmt: skip
    change.gone = ["crosslink", "chain"]
    change.gained = ["display_name", "chain"]
    change.changed = [("reddit:a", "bio"), ("reddit:a", "links"), ("github:b", "links"),
                      ("web:c", "display_name"), ("web:c", "links")]  # fmt: skip
    reason = change.reason()
    assert "now match" not in reason and "other accounts" not in reason
    assert reason.startswith("the links between them no longer match; ")
    assert reason.count("; ") == CHANGES_SAID + 1
    assert reason.endswith("; and 2 other changes to its accounts")


def test_chains_not_measured_either_time_come_after_those_that_moved():
    """Tomasz's demo after its changes listed "not measured, this time or last" twice before
    the chains the changes had broken."""
    from linkage.history_since import compare

    def audit(bits: float, level: str) -> history.PastAudit:
        chains = [
            {"from": "reddit:gone", "to": "github:b", "bits": 0.0, "level": "unknown",
             "chain": ["reddit:gone", "github:b"], "steps": []},
            {"from": "web:site", "to": "github:b", "bits": bits, "level": level,
             "chain": ["web:site", "github:b"], "steps": []},
        ]  # fmt: skip
        return history.PastAudit(at="2026-01-01T00:00:00Z", accounts=[], chains=chains)

    changes = compare(audit(22.8, "near-certain"), audit(5.7, "low"))
    assert [(c.source, c.direction) for c in changes] == [
        ("web:site", "weaker"),
        ("reddit:gone", "unknown"),
    ]


def test_a_chain_that_moved_is_explained_by_its_own_accounts_changes():
    """The demo's after audit said a chain was weaker "because the profile pictures … no
    longer match" (clues of accounts the new route does not pass through, never changed), and
    named changes to accounts the chain never walked, leaving out the two that broke it."""
    from linkage.history_since import compare

    def audit(route: list[str], level: str, bits: float, fields: dict) -> history.PastAudit:
        steps = [{"a": x, "b": y, "bits": 20.0, "evidence": ["avatar", "crosslink"]}
                 for x, y in itertools.pairwise(route)]  # fmt: skip
        chain = {"from": route[0], "to": route[-1], "bits": bits, "level": level,
                 "chain": route, "steps": steps}  # fmt: skip
        return history.PastAudit(at="2026-01-01T00:00:00Z", accounts=[], chains=[chain],
                                 fields=fields)  # fmt: skip

    was = {"links": ["a"], "display_name": "x"}
    before = audit(["reddit:a", "github:b"], "near-certain", 22.0,
                   {"reddit:a": was, "github:b": was, "web:c": was})  # fmt: skip
    after = audit(["reddit:a", "web:c", "github:b"], "low", 5.0,
                  {"reddit:a": {**was, "links": []}, "github:b": {**was, "links": ["b"]},
                   "web:c": {**was, "display_name": None}})  # fmt: skip
    (change,) = compare(before, after)
    assert change.gone == [] and change.gained == []  # another route: no clue comparison
    assert change.changed == [("reddit:a", "links"), ("github:b", "links")]  # not web:c's
    assert change.reason() == "reddit:a shows different links; github:b shows different links"


def test_a_redacted_since_sentence_names_accounts_in_lower_case_mid_sentence():
    """ "… can no longer be readily joined to Professional account D (Website)" read as a
    capital in mid-sentence; the sentence itself begins with one."""
    from linkage.history_since import ChainChange, SinceLast
    from reports.history_view import since_view

    change = ChainChange(
        source="mastodon:a", target="web:d", before_level="near-certain", after_level="low",
        before_bits=22.7, after_bits=5.3,
    )  # fmt: skip
    since = SinceLast(previous_at="2026-01-01T00:00:00Z", changes=[change], not_done=[])
    labels = {
        "mastodon:a": "Personal account A (Mastodon)",
        "web:d": "Professional account D (Website)",
    }
    (said,) = since_view(since, labels, redact=True)["changes"]
    assert said["sentence"].startswith(
        "Personal account A (Mastodon) can no longer be readily joined to professional account D"
    )


def test_a_handle_advised_out_of_a_bio_is_done_when_it_has_gone() -> None:
    """The advice "Remove '@tidepool@…' from the profile text of …" was kept without its
    handle: listed again as "Remove or rewrite the profile text", and done as soon as the bio
    changed in any way, the handle still in it."""
    import dataclasses

    from linkage.evidence.analysis import analyse
    from linkage.records import Profile

    work = Profile(id="github:dokafor-eng", platform="github", handle="dokafor-eng",
                   persona="professional", bio="Docs. Off duty: @tidepool@coast.example.social")  # fmt: skip
    toot = Profile(id="mastodon:tidepool@coast.example.social", platform="mastodon",
                   handle="tidepool@coast.example.social", persona="personal")  # fmt: skip
    key = b"k" * 32
    first = analyse([work, toot])
    (advice,) = [c for c in first.remediation.changes if c.change.field == "bio"]
    before = history.record(first, key=key)
    (kept,) = before.advice
    assert kept["value"] == "@tidepool@coast.example.social" and kept["value_key"]
    assert "value" not in history.record(first, key=key, redact=True).advice[0]

    def not_done(bio: str) -> list[str]:
        later = analyse([dataclasses.replace(work, bio=bio), toot])
        return [
            a.sentence()
            for a in history_advice.advised_not_done(before, history.record(later, key=key))
        ]

    # another edit of the bio, the handle still there: not done, and said as it was advised
    assert not_done("Docs and tools. Off duty: @tidepool@coast.example.social") == [
        "Remove '@tidepool@coast.example.social' from the profile text of github:dokafor-eng"
    ]
    assert not_done("Docs. Off duty.") == []
    assert advice.change.value == kept["value"]


def test_the_verdict_says_in_one_line_what_moved_and_how_much_advice_is_taken() -> None:
    """A manager reading a later report could not tell from its top whether the risk was being
    dealt with: what changed was below the changes, chain by chain. Advice no longer seen is
    not said to be made (it may no longer be needed, or its account left the audit)."""
    from linkage.history_advice import Advice
    from linkage.history_since import ChainChange, SinceLast
    from reports.history_view import since_view

    def chain(source: str, before: str | None, after: str | None, bits: tuple) -> ChainChange:
        return ChainChange(
            source=source, target="web:d", before_level=before, after_level=after,
            before_bits=bits[0], after_bits=bits[1],
        )  # fmt: skip

    weaker = chain("mastodon:a", "near-certain", "low", (22.7, 5.3))
    stronger = chain("reddit:b", "low", "high", (3.0, 13.0))
    unread = chain("bluesky:c", "high", "unknown", (13.0, None))
    left = Advice(account="mastodon:a", field="avatar", action="replace")
    since = SinceLast("2026-01-01T00:00:00Z", [weaker, stronger, unread], [left], advised=3)
    assert since_view(since, {}, redact=True)["summary"] == (
        "Since the audit of 1 January 2026, 00:00 UTC: 1 chain between your sides is weaker; "
        "1 chain between your sides is stronger; 1 chain between your sides is not measured "
        "this time; 1 of the 3 changes advised then is still to make."
    )
    since = SinceLast("2026-01-01T00:00:00Z", [weaker], [], advised=6)
    assert since_view(since, {}, redact=False, before_changes=True)["summary"] == (
        "Since the audit before the changes: 1 chain between your sides is weaker; the 6 "
        "changes advised then are made or no longer needed."
    )
    one = SinceLast("2026-01-01T00:00:00Z", [], [left], advised=1)
    assert since_view(one, {}, redact=False)["summary"].endswith(
        ": no chain between your sides moved; the change advised then is still to make."
    )


def test_a_comparison_with_nothing_to_compare_says_so_under_its_heading() -> None:
    """Two audits with no chain between sides (every account on one side) printed the
    heading "Since your last audit (…):" over nothing, as if its lines were lost."""
    from linkage.cli.support import since_lines
    from linkage.evidence.analysis import analyse
    from linkage.records import Profile

    accounts = ["github:b", "web:c"]
    before = history.PastAudit(at="2026-01-01T00:00:00Z", accounts=accounts, chains=[])
    after = history.PastAudit(at="2026-02-01T00:00:00Z", accounts=accounts, chains=[])
    analysis = analyse(
        [Profile(id=i, platform=i.split(":")[0], handle=i.split(":")[1], persona="personal")
         for i in accounts]
    )  # fmt: skip
    (line,) = since_lines(history_since.since_last(before, after), analysis)
    assert line.startswith("Since your last audit (")
    assert line.endswith(
        "): nothing to compare (no chain between your sides, and no advice, either time)."
    )
