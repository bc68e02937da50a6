"""Audit history: each audit is kept privately, and the next audit of the same accounts says
per chain what changed and which advice was not followed yet. Fictional sites (tests/people.py)
served by the demo's fixture server; the real collectors and the whole pipeline."""

from __future__ import annotations

import itertools
import json
import os
import re
import socket
import stat
from pathlib import Path

from typer.testing import CliRunner

from linkage import history, history_since
from linkage.cli import app
from linkage.demo import FixtureServer
from linkage.store import data_dir
from tests.people import ACCOUNTS, BIRDS, WORK, write_sites

runner = CliRunner()


def audit_args(tmp_path: Path, server: FixtureServer, report: str) -> list[str]:
    accounts = tmp_path / "accounts.toml"
    accounts.write_text(ACCOUNTS, "utf-8")
    return [
        "audit", str(accounts), "-q", "--depth", "0",
        "--endpoint", f"*={server.url}", "--cache-dir", str(tmp_path / "cache"),
        "-o", str(tmp_path / "out" / report),
    ]  # fmt: skip


def test_a_second_audit_after_following_advice_shows_before_and_after_per_chain(
    tmp_path: Path,
) -> None:
    (tmp_path / "out").mkdir()
    sites = write_sites(tmp_path / "sites")
    with FixtureServer(sites) as server:
        first = runner.invoke(app, audit_args(tmp_path, server, "first.html"))
        assert first.exit_code == 0, first.output
        assert "Since your last audit" not in first.output
        assert "Since your last audit" not in (tmp_path / "out" / "first.html").read_text()

        # nothing changed: the chains are as they were, every piece of advice is still open
        again = runner.invoke(app, audit_args(tmp_path, server, "again.html"))
        assert again.exit_code == 0, again.output
        assert "Since your last audit" in again.output
        assert "1 chain unchanged." in again.output
        # dated as the report dates it ("Since your last audit (6 December 2026, 10:49 UTC):")
        assert re.search(
            r"Since your last audit \(\d{1,2} [A-Z][a-z]+ \d{4}, \d\d:\d\d UTC\):", again.output
        )
        (kept_first,) = [a for a in history.list_audits() if a.path and "again" not in str(a)][1:]
        assert kept_first.advice, "the first audit advised nothing: the test would prove nothing"
        assert again.output.count("Advised last time, not done yet") == len(kept_first.advice)

        # she renames the birds site's owner, changes its picture and drops the work link
        write_sites(sites, advice_followed=True)
        after = runner.invoke(app, [*audit_args(tmp_path, server, "after.html"), "--refresh"])
        assert after.exit_code == 0, after.output

    birds, work = "ines-birds.example.net (Website)", "ines-dunmore.example.org (Website)"
    sentence = next(line.strip() for line in after.output.splitlines() if "than last time" in line)
    assert sentence.startswith(
        f"{birds} is harder to join to {work} than last time: it was almost certain, it is now "
    )
    assert "because the profile pictures and the display names no longer match" in sentence
    assert f"{birds} has a different picture" in sentence
    assert f"{birds} has a different display name" in sentence
    # the advice she followed is no longer listed; what she did not do still is
    assert f"from {birds}" not in after.output.split("Since your last audit")[1]

    html = (tmp_path / "out" / "after.html").read_text()
    assert "Since your last audit" in html and "harder to join" in html
    assert "no longer match" in html

    kept = history.list_audits()
    assert len(kept) == 3 and kept[0].at > kept[1].at > kept[2].at
    (change,) = history_since.compare(kept[1], kept[0])
    assert (change.before_level, change.direction) == ("near-certain", "weaker")
    assert {"avatar", "display_name"} <= set(change.gone)
    listed = runner.invoke(app, ["history"])
    assert listed.exit_code == 0 and listed.output.count("2 accounts") == 3


def test_history_is_owner_only_and_never_beside_the_report(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    with FixtureServer(write_sites(tmp_path / "sites")) as server:
        result = runner.invoke(app, audit_args(tmp_path, server, "report.html"))
    assert result.exit_code == 0, result.output
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["report.html"]
    (kept,) = (data_dir() / "history").glob("*.json")
    assert f"{kept}: this audit, kept to compare with the next one" in result.output
    assert stat.S_IMODE(os.stat(kept).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(kept.parent).st_mode) == 0o700
    record = json.loads(kept.read_text())
    assert set(record["accounts"]) == {f"web:{WORK}", f"web:{BIRDS}"}
    # fields are kept as keyed fingerprints, not as what the pages said
    assert '"Ines Dunmore"' not in kept.read_text()  # the display name (the owner label stays)
    assert "Harbourside" not in kept.read_text()


def test_no_history_keeps_nothing(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    with FixtureServer(write_sites(tmp_path / "sites")) as server:
        args = [*audit_args(tmp_path, server, "report.html"), "--no-history"]
        assert runner.invoke(app, args).exit_code == 0
        assert runner.invoke(app, args).exit_code == 0
    assert history.list_audits() == []
    assert "No past audits" in runner.invoke(app, ["history"]).output


def test_the_list_says_an_audit_that_could_not_see_was_not_measured(tmp_path: Path) -> None:
    """An audit whose accounts all failed was listed as 'strongest chain unknown (0.0 bits)',
    a number it never measured; it now says how many accounts could not be read."""
    (tmp_path / "out").mkdir()
    with FixtureServer(write_sites(tmp_path / "sites")) as server:
        assert runner.invoke(app, audit_args(tmp_path, server, "seen.html")).exit_code == 0
        args = audit_args(tmp_path, server, "unseen.html")
    with socket.socket() as closed:  # a port nothing listens on once this is closed
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    args[args.index("--endpoint") + 1] = f"*=http://127.0.0.1:{port}"
    args[args.index("--cache-dir") + 1] = str(tmp_path / "empty-cache")  # nothing kept to read
    assert runner.invoke(app, args).exit_code == 1
    newest, older = runner.invoke(app, ["history"]).output.splitlines()
    assert "strongest chain unknown (2 of 2 could not be read)" in newest
    assert "bits" not in newest
    assert "strongest chain" in older and "bits)" in older and "could not be read" not in older


def test_the_list_counts_one_account_in_the_singular() -> None:
    """'1 accounts (github:b)'."""
    history.save(history.PastAudit(at="2026-01-01T00:00:00Z", accounts=["github:b"], chains=[]))
    (line,) = runner.invoke(app, ["history"]).output.splitlines()
    assert "UTC  1 account (github:b); no chains; 0 changes advised" in line


def test_the_list_counts_the_unread_accounts_found_from_links_apart() -> None:
    """'22 of 11 could not be read': the accounts found from the listed ones' links were
    counted against the listed ones."""
    failed, ok = {"visibility": "failed"}, {"visibility": "ok"}
    history.save(
        history.PastAudit(
            at="2026-01-01T00:00:00Z",
            accounts=["github:b", "reddit:c"],
            chains=[{"from": "reddit:c", "to": "github:b", "level": "high", "bits": 13.0}],
            fields={"github:b": ok, "reddit:c": ok, "web:https://d.example/": failed,
                    "web:https://e.example/": failed},
        )
    )  # fmt: skip
    (line,) = runner.invoke(app, ["history"]).output.splitlines()
    assert (
        "strongest chain very likely (13.0 bits), 2 found from their links could not be read;"
        in line
    )


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
        "web:c and github:b: a new chain, not measured (an account of it could not be read)."
    )
    assert "bits" not in sentence


def test_advice_not_taken_is_listed_in_the_words_the_report_advised_it_in() -> None:
    """The report advised "Show a different name on X" while "Since your last audit" listed
    the same advice as "Use a different display name on X": two wordings of one change."""
    from linkage.evidence.changes import VERBS, Change, verb

    for (field, action), words in VERBS.items():
        advice = history_since.Advice("github:b", field, action)
        assert advice.sentence({"github:b": "b (GitHub)"}) == f"{words} b (GitHub)"
        assert words == verb(Change("github:b", field, action))
    link = history_since.Advice("github:b", "links", "remove", "https://b.example/")
    assert link.sentence() == "Remove the link https://b.example/ from github:b"
    assert link.sentence(redact=True) == "Remove a link from github:b"


def test_a_redacted_audit_names_no_account_in_what_changed_since_the_last(
    tmp_path: Path,
) -> None:
    """With --redact the report's "Since your last audit" said "personal account A", but the
    terminal's printed every account by its address."""
    (tmp_path / "out").mkdir()
    sites = write_sites(tmp_path / "sites")
    with FixtureServer(sites) as server:
        runner.invoke(app, [*audit_args(tmp_path, server, "first.html"), "--redact"])
        # what is kept of a redacted audit holds no collected string either: not the link it
        # advised removing, nor the sentences naming it; its fingerprint tells if it went
        (kept,) = (data_dir() / "history").glob("*.json")
        record = json.loads(kept.read_text())
        links = [a for a in record["advice"] if a["field"] == "links"]
        assert links and all("value" not in a and a["value_key"] for a in links)
        assert f"web:{BIRDS}" in {a["account"] for a in links}  # the link she will remove
        assert "explanation" not in kept.read_text() and "owner" not in record
        write_sites(sites, advice_followed=True)
        again = runner.invoke(
            app, [*audit_args(tmp_path, server, "again.html"), "--redact", "--refresh"]
        )
    assert again.exit_code == 0, again.output
    since = again.output.split("Since your last audit")[1]
    assert "than last time" in since and "account A (Website)" in since
    for name in ("ines-birds", "ines-dunmore", "example.net", "example.org"):
        assert name not in again.output
    # what changed is said before the files written, after the verdict
    assert again.output.index("Since your last audit") < again.output.index("Files written")
    assert "Remove a link from personal" not in since  # it went: seen by its fingerprint


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
            for a in history_since.advised_not_done(before, history.record(later, key=key))
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
    from linkage.history_since import Advice, ChainChange, SinceLast
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
