"""Audit history: each audit is kept privately, and the next audit of the same accounts says
per chain what changed and which advice was not followed yet. Fictional sites (tests/people.py)
served by the demo's fixture server; the real collectors and the whole pipeline."""

from __future__ import annotations

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
    # redacted, on a screen others may see, the terminal says what the report says: the
    # account holder's last audit, in the third person
    since = again.output.split("Since the last audit")[1]
    assert "than last time" in since and "account A (Website)" in since
    for name in ("ines-birds", "ines-dunmore", "example.net", "example.org"):
        assert name not in again.output
    # what changed is said before the files written, after the verdict
    assert again.output.index("Since the last audit") < again.output.index("Files written")
    assert "Remove a link from personal" not in since  # it went: seen by its fingerprint
