"""Missing data is not a change: an account that could not be read this time is not compared,
its advice is neither done nor not done, and an audit that read nothing is not what the next
one is compared with. Fictional sites (tests/people.py) served by the demo's fixture server,
the real collectors and the whole pipeline; kept audits written as the pipeline keeps them."""

from __future__ import annotations

import socket
from pathlib import Path

from typer.testing import CliRunner

from linkage import history, history_choice, history_since
from linkage.cli import app
from linkage.demo import FixtureServer
from linkage.store import data_dir
from tests.people import BIRDS, write_sites
from tests.test_history import audit_args

runner = CliRunner()
BIRDS_LABEL = "ines-birds.example.net (Website)"


def since_part(output: str) -> str:
    return output.split("Since your last audit", 1)[1].split("Files written", 1)[0]


def test_advice_about_an_account_not_read_this_time_is_not_said_to_be_undone(
    tmp_path: Path,
) -> None:
    """The birds site answered 404 this time (she took it down, say): the advice about it read
    "Advised last time, not done yet", in the terminal, the report and its summary line."""
    (tmp_path / "out").mkdir()
    sites = write_sites(tmp_path / "sites")
    with FixtureServer(sites) as server:
        first = runner.invoke(app, audit_args(tmp_path, server, "first.html"))
        assert first.exit_code == 0, first.output
        (kept,) = history.list_audits()
        about_birds = [a for a in kept.advice if a["account"] == f"web:{BIRDS}"]
        assert about_birds, "no advice about the birds site: the test would prove nothing"
        (sites / "ines-birds.example.net" / "index.html").unlink()
        after = runner.invoke(app, [*audit_args(tmp_path, server, "after.html"), "--refresh"])
    assert after.exit_code == 1, after.output  # an account could not be read
    since = since_part(after.output)
    for line in since.splitlines():
        assert not (BIRDS_LABEL in line and "not done yet" in line), line
    unknown = [line for line in since.splitlines() if "cannot tell whether this was done" in line]
    assert len(unknown) == len(about_birds)
    assert all(BIRDS_LABEL in line and "could not be read this time" in line for line in unknown)

    html = (tmp_path / "out" / "after.html").read_text()
    section = html.split('id="since"', 1)[1].split("</section>", 1)[0]
    assert "Advised last time, cannot tell whether done" in section
    assert section.count("<li>") >= len(about_birds)
    assert "cannot be told, as the account could not be read this time" in html  # the summary
    assert "made or no longer needed" not in html


def unreachable(args: list[str], tmp_path: Path) -> list[str]:
    """The same audit with the network down: a port nothing listens on, and no cache."""
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    args = list(args)
    args[args.index("--endpoint") + 1] = f"*=http://127.0.0.1:{port}"
    args[args.index("--cache-dir") + 1] = str(tmp_path / "empty-cache")
    return args


def test_an_audit_that_read_nothing_is_kept_but_not_compared_with(tmp_path: Path) -> None:
    """With the network down, the audit replaced the kept profiles with error records and
    became the baseline: the next audit said "last time it could not be measured" for every
    chain, and the advice given before was no longer followed up."""
    (tmp_path / "out").mkdir()
    with FixtureServer(write_sites(tmp_path / "sites")) as server:
        first = runner.invoke(app, audit_args(tmp_path, server, "first.html"))
        assert first.exit_code == 0, first.output
        (profiles,) = (data_dir() / "profiles").glob("*.jsonl")
        read = profiles.read_text()

        down = runner.invoke(app, unreachable(audit_args(tmp_path, server, "down.html"), tmp_path))
        assert down.exit_code == 1, down.output
        assert profiles.read_text() == read  # error records do not replace what was read
        assert f"{profiles}: nothing was read, so it still holds the profiles read before" in (
            down.output
        )

        again = runner.invoke(app, audit_args(tmp_path, server, "again.html"))
    assert again.exit_code == 0, again.output
    since = since_part(again.output)
    assert "could not be measured" not in since
    assert "The audit since then could read none of these accounts" in since
    assert "1 chain unchanged." in since
    (_, _, kept_first) = history.list_audits()
    assert since.count("Advised last time, not done yet") == len(kept_first.advice) > 0
    listed = runner.invoke(app, ["history"]).output.splitlines()
    assert len(listed) == 3 and "could not be read" in listed[1]  # still listed

    # forget still deletes everything about the accounts, the kept profiles with it
    gone = runner.invoke(
        app, ["forget", f"web:{BIRDS}", "--yes", "--cache-dir", str(tmp_path / "cache")]
    )
    assert gone.exit_code == 0, gone.output
    assert not list((data_dir() / "profiles").glob("*.jsonl"))
    assert history.list_audits() == []


def test_each_chain_and_account_is_compared_with_the_last_audit_that_saw_it() -> None:
    """An audit that read one account of three could measure no chain: the next was compared
    with it, chain by chain "not measured, this time or last"."""
    accounts = ["web:p", "github:w", "reddit:q"]
    seen = {"display_name": "n1", "avatar": "a", "links": [], "visibility": "ok"}
    failed = {"display_name": None, "visibility": "failed", "unread": "network failure"}

    def chain(source: str, level: str, bits: float) -> dict:
        return {"from": source, "to": "github:w", "level": level, "bits": bits,
                "chain": [source, "github:w"], "steps": []}  # fmt: skip

    history.save(
        history.PastAudit(
            at="2026-01-01T00:00:00Z", accounts=accounts,
            chains=[chain("web:p", "near-certain", 30.0), chain("reddit:q", "high", 12.0)],
            advice=[{"account": "reddit:q", "field": "avatar", "action": "replace"},
                    {"account": "web:p", "field": "display_name", "action": "replace"}],
            fields={"web:p": seen, "github:w": seen, "reddit:q": seen},
        )
    )  # fmt: skip
    history.save(  # read web:p and github:w only
        history.PastAudit(
            at="2026-02-01T00:00:00Z", accounts=accounts,
            chains=[chain("web:p", "near-certain", 29.5), chain("reddit:q", "unknown", 0.0)],
            advice=[{"account": "web:p", "field": "display_name", "action": "replace"}],
            fields={"web:p": seen, "github:w": seen, "reddit:q": failed},
        )
    )  # fmt: skip
    history.save(  # the network was down
        history.PastAudit(
            at="2026-03-01T00:00:00Z", accounts=accounts,
            chains=[chain("web:p", "unknown", 0.0), chain("reddit:q", "unknown", 0.0)],
            fields={"web:p": failed, "github:w": failed, "reddit:q": failed},
        )
    )  # fmt: skip
    base = history_choice.baseline(accounts)
    assert base is not None and base.at == "2026-02-01T00:00:00Z" and base.skipped == 1
    by_source = {c["from"]: c for c in base.chains}
    assert by_source["web:p"]["bits"] == 29.5 and "at" not in by_source["web:p"]
    assert by_source["reddit:q"]["level"] == "high"
    assert by_source["reddit:q"]["at"] == "2026-01-01T00:00:00Z"
    assert base.fields["reddit:q"] == seen  # from the audit that read it
    assert {(a["account"], a["field"]) for a in base.advice} == {
        ("web:p", "display_name"),
        ("reddit:q", "avatar"),
    }

    now = history.PastAudit(
        at="2026-04-01T00:00:00Z", accounts=accounts,
        chains=[chain("web:p", "near-certain", 29.5), chain("reddit:q", "high", 12.2)],
        advice=[{"account": "reddit:q", "field": "avatar", "action": "replace"}],
        fields={"web:p": {**seen, "display_name": "n2"}, "github:w": seen, "reddit:q": seen},
    )  # fmt: skip
    since = history_since.since_last(base, now)
    assert since is not None and since.skipped == 1
    sentences = {c.source: c.sentence() for c in since.changes}
    assert sentences["reddit:q"].startswith("reddit:q and github:w are as easy to join as when")
    assert [(a.account, a.field) for a in since.not_done] == [("reddit:q", "avatar")]


def test_a_chain_through_an_account_not_read_this_time_is_not_measured() -> None:
    """phallam-dev (GitHub) answered 404: "heron-notes … is harder to join to priya-hallam …
    because … phallam-dev (GitHub) has a different display name" (its fields were compared
    with nothing, and the chain had lost the route through it, not a clue)."""
    route = ["web:heron", "github:dev", "web:priya"]
    seen = {"handle": "h", "display_name": "Priya", "links": ["l"], "visibility": "ok"}
    unread = {"handle": "h", "display_name": None, "links": [], "visibility": "failed",
              "unread": "not found"}  # fmt: skip

    def audit(chain: list[str], bits: float, fields: dict) -> history.PastAudit:
        kept = {"from": "web:heron", "to": "web:priya", "level": "near-certain", "bits": bits,
                "chain": chain, "steps": []}  # fmt: skip
        return history.PastAudit(at="2026-01-01T00:00:00Z", accounts=route, chains=[kept],
                                 fields=fields)  # fmt: skip

    before = audit(route, 31.9, {i: seen for i in route})
    after = audit(["web:heron", "web:priya"], 30.6,
                  {"web:heron": {**seen, "links": []}, "github:dev": unread, "web:priya": seen})  # fmt: skip
    (change,) = history_since.compare(before, after)
    assert change.direction == "unknown" and change.unread == ["github:dev"]
    assert ("github:dev", "display_name") not in change.changed
    sentence = change.sentence({"github:dev": "phallam-dev (GitHub)"})
    assert "harder" not in sentence and "display name" not in sentence
    assert sentence.startswith(
        "web:heron and web:priya: not measured this time, as phallam-dev (GitHub), which joined "
        "them last time, could not be read; last time it was almost certain (31.9 bits)"
    )
    # a chain that is stronger all the same is said to be: what is seen is there
    stronger = audit(["web:heron", "web:priya"], 45.0, after.fields)
    (change,) = history_since.compare(before, stronger)
    assert change.direction == "stronger"
    assert all(account != "github:dev" for account, _ in change.changed)


def test_a_chain_through_an_account_not_read_last_time_is_not_stronger_for_it() -> None:
    """The Mastodon account could not be read (401), then could: "quiet_heron (Reddit) is
    easier to join to priya-hallam.example.org than last time" (the route through it was not
    there to be measured). Compared with what the pipeline keeps, through the baseline."""
    ids = ["reddit:q", "mastodon:k", "web:priya"]
    seen = {"display_name": "n", "visibility": "ok"}

    def kept(at: str, route: list[str], level: str, bits: float, unread: set[str]) -> None:
        chain = {"from": "reddit:q", "to": "web:priya", "level": level, "bits": bits,
                 "chain": route, "steps": []}  # fmt: skip
        fields = {i: {"visibility": "failed", "unread": "refused"} if i in unread else seen
                  for i in ids}  # fmt: skip
        history.save(history.PastAudit(at=at, accounts=ids, chains=[chain], fields=fields))

    kept("2026-01-01T00:00:00Z", ["reddit:q", "web:priya"], "high", 15.9, {"mastodon:k"})
    now = history.PastAudit(
        at="2026-02-01T00:00:00Z", accounts=ids, fields={i: seen for i in ids},
        chains=[{"from": "reddit:q", "to": "web:priya", "level": "near-certain", "bits": 31.5,
                 "chain": ["reddit:q", "mastodon:k", "web:priya"], "steps": []}],
    )  # fmt: skip
    since = history_since.since_last(history_choice.baseline(ids), now)
    assert since is not None
    (change,) = since.changes
    assert change.direction == "unknown" and change.unread_then == ["mastodon:k"]
    assert "easier" not in change.sentence()
    assert change.sentence() == (
        "reddit:q and web:priya: almost certain (31.5 bits); last time it was very likely "
        "(15.9 bits), but not fully measured, as mastodon:k, which joins them now, could not "
        "be read then."
    )
    from reports.history_view import since_view

    assert "not measured this time" not in since_view(since, {}, redact=False)["summary"]


def test_the_terminal_says_the_stronger_chains_first_and_how_many_it_left_out() -> None:
    """The terminal cut "Since your last audit" at five chains and five pieces of advice,
    saying nothing; the one chain that got stronger was the one left out."""
    from linkage.cli.support import since_lines
    from linkage.evidence.analysis import analyse
    from linkage.records import Profile

    ids = [f"web:https://s{n}.example/" for n in range(8)]

    def audit(bits: list[float]) -> history.PastAudit:
        chains = [
            {"from": i, "to": ids[0], "level": "near-certain" if b > 20 else "low", "bits": b,
             "chain": [i, ids[0]], "steps": []}
            for i, b in zip(ids[1:], bits, strict=True)
        ]  # fmt: skip
        return history.PastAudit(at="2026-01-01T00:00:00Z", accounts=ids, chains=chains,
                                 fields={i: {"avatar": "a", "visibility": "ok"} for i in ids},
                                 advice=[{"account": i, "field": "avatar", "action": "replace"}
                                         for i in ids])  # fmt: skip

    before = audit([30.0] * 6 + [2.0])
    after = audit([3.0] * 6 + [28.0])  # six weaker, the last one stronger
    since = history_since.since_last(before, after)
    profiles = [Profile(id=i, platform="web", handle=i.split(":", 1)[1]) for i in ids]
    lines = since_lines(since, analyse(profiles))
    changes = [line for line in lines[1:] if "join" in line]
    assert "s7.example" in changes[0] and "easier to join" in changes[0]
    assert len(changes) == 5
    assert "  … and 2 more chains: see the report." in lines
    assert sum("not done yet" in line for line in lines) == 5
    assert "  … and 3 more pieces of advice: see the report." in lines


def test_the_list_of_audits_takes_an_audit_whose_chains_were_not_measured() -> None:
    """'linkage history' stopped with an internal error ("'>' not supported between
    'NoneType' and 'NoneType'") after an audit of three accounts that read none: its chains
    are kept without bits."""
    from linkage.evidence.analysis import analyse
    from linkage.records import Collected, Profile

    def unread(pid: str, persona: str) -> Profile:
        platform, handle = pid.split(":", 1)
        collected = Collected("test", "2026-12-01T10:00:00Z", error="network failure: no answer")
        return Profile(
            id=pid, platform=platform, handle=handle, persona=persona, collected=collected
        )

    history.save(
        analyse(
            [unread("github:wren-h", "professional"), unread("reddit:fell_moth", "personal"),
             unread("mastodon:kendal_w@example.social", "personal")]
        )
    )  # fmt: skip
    (kept,) = history.list_audits()
    assert len(kept.chains) >= 2 and all(c.get("bits") is None for c in kept.chains)
    listed = runner.invoke(app, ["history"])
    assert listed.exit_code == 0, listed.output
    assert "strongest chain unknown (3 of 3 could not be read)" in listed.output
