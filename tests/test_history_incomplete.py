"""An audit that could not read a listed account is never listed as safe: ``linkage history``
gives each kept audit the level its report's headline gave, unknown while a listed account
could not be read and nothing measured joins the sides. Fictional accounts
(``fixtures/all_platforms``) served by the demo's fixture server; the real collectors, the
whole pipeline and the history as the command line keeps and lists it."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from linkage import history, history_since
from linkage.cli import app
from linkage.demo import FixtureServer

runner = CliRunner()
SITES = Path(__file__).resolve().parent.parent / "fixtures" / "all_platforms" / "sites"
#: a professional GitHub account and a personal Reddit account that share too little for a
#: searcher to be sure, and (``MISSING``) a professional GitHub account GitHub does not know
READ = [("github:alex-example", "professional"), ("reddit:quiet_reader", "personal")]
MISSING = ("github:no-such-person-xyz", "professional")


def audit(tmp_path: Path, server: FixtureServer, accounts: list[tuple[str, str]]) -> str:
    """Audit ``accounts`` (handle, side) on the command line; its terminal output."""
    listed = tmp_path / "accounts.toml"
    listed.write_text(
        "".join(f'[[account]]\nhandle = "{h}"\npersona = "{p}"\n\n' for h, p in accounts), "utf-8"
    )
    done = runner.invoke(
        app,
        [
            "audit", str(listed), "-q", "--depth", "0", "--endpoint", f"*={server.url}",
            "--cache-dir", str(tmp_path / "cache"), "-o", str(tmp_path / "report.html"),
        ],
    )  # fmt: skip
    assert done.exit_code == (1 if MISSING in accounts else 0), done.output
    return done.output


def test_history_calls_an_audit_that_could_not_read_a_listed_account_unknown(
    tmp_path: Path,
) -> None:
    """Its report said "not yet a safe result" under an "unknown" badge; 'linkage history'
    said "strongest chain unlikely (3.3 bits), 1 of 3 … could not be read"."""
    with FixtureServer(SITES) as server:
        said = audit(tmp_path, server, [*READ, MISSING])
    assert "No join was found among the accounts that could be read, but some could not" in said
    (line,) = runner.invoke(app, ["history"]).output.splitlines()
    assert "strongest chain unknown (1 of 3 could not be read; the strongest measured: " in line
    assert "strongest chain unlikely" not in line
    # the chains it did measure are still given, apart, with their figure
    assert "the strongest measured: unlikely, " in line and " bits)" in line


def test_history_gives_a_complete_audit_its_level(tmp_path: Path) -> None:
    """Every listed account read, nothing joining the sides: the report says unlikely, and so
    does the history, with its figure and no word of accounts not read."""
    with FixtureServer(SITES) as server:
        said = audit(tmp_path, server, READ)
    assert "A searcher is unlikely to join your accounts" in said
    (line,) = runner.invoke(app, ["history"]).output.splitlines()
    assert "; strongest chain unlikely (" in line and " bits); " in line
    assert "unknown" not in line and "could not be read" not in line


def test_history_and_the_report_agree_with_three_sides() -> None:
    """With three sides, the pair of sides that was read in full came first: the history said
    "unlikely" while the report's headline said the audit was not yet safe."""
    ok, failed = {"visibility": "ok"}, {"visibility": "failed", "unread": "not found"}
    history.save(
        history.PastAudit(
            at="2026-01-01T00:00:00Z",
            accounts=["github:a", "reddit:b", "bluesky:c"],
            chains=[
                {"from": "reddit:b", "to": "github:a", "level": "low", "bits": 3.3},
                {"from": "bluesky:c", "to": "github:a", "level": "unknown", "bits": None},
                {"from": "bluesky:c", "to": "reddit:b", "level": "unknown", "bits": None},
            ],
            fields={"github:a": ok, "reddit:b": ok, "bluesky:c": failed},
            personas={"github:a": "work", "reddit:b": "hobby", "bluesky:c": "family"},
        )
    )
    (line,) = runner.invoke(app, ["history"]).output.splitlines()
    assert "strongest chain unknown (1 of 3 could not be read; the strongest measured: " in line
    assert "unlikely, 3.3 bits)" in line


def test_a_measured_join_keeps_its_level_when_an_account_could_not_be_read() -> None:
    """A chain measured as joining the sides is at least that strong, whatever the unread
    account adds: the report says they can be joined, and so does the history."""
    ok, failed = {"visibility": "ok"}, {"visibility": "failed"}
    history.save(
        history.PastAudit(
            at="2026-01-01T00:00:00Z",
            accounts=["github:a", "reddit:b", "bluesky:c"],
            chains=[
                {"from": "reddit:b", "to": "github:a", "level": "high", "bits": 13.0},
                {"from": "bluesky:c", "to": "github:a", "level": "unknown", "bits": None},
            ],
            fields={"github:a": ok, "reddit:b": ok, "bluesky:c": failed},
        )
    )
    (line,) = runner.invoke(app, ["history"]).output.splitlines()
    assert "strongest chain very likely (13.0 bits), 1 of 3 could not be read;" in line


def test_what_changed_is_not_called_safe_while_a_listed_account_could_not_be_read() -> None:
    """ "Since your last audit" said a chain "can no longer be readily joined … it is now
    unlikely" in an audit that could not read one of the listed accounts."""
    ok, failed = {"visibility": "ok"}, {"visibility": "failed", "unread": "suspended"}
    chain = {"from": "reddit:b", "to": "github:a", "chain": ["reddit:b", "github:a"]}
    before = history.PastAudit(
        at="2026-01-01T00:00:00Z",
        accounts=["github:a", "reddit:b", "bluesky:c"],
        chains=[{**chain, "level": "high", "bits": 14.0}],
        fields={"github:a": ok, "reddit:b": ok, "bluesky:c": failed},
    )
    after = history.PastAudit(
        at="2026-02-01T00:00:00Z",
        accounts=before.accounts,
        chains=[{**chain, "level": "low", "bits": 3.0}],
        fields=before.fields,
    )
    (change,) = history_since.compare(before, after)
    assert change.sentence() == (
        "reddit:b is harder to join to github:a than last time: it was very likely, it is now "
        "unlikely among the accounts that could be read."
    )
    # every listed account read: it can be said
    after.fields = {**before.fields, "bluesky:c": ok}
    (change,) = history_since.compare(before, after)
    assert change.sentence().startswith("reddit:b can no longer be readily joined to github:a")


def test_a_chain_not_measured_says_one_of_its_accounts_could_not_be_read() -> None:
    """ "not measured this time, as an account of it could not be read": plain words."""
    chain = {"from": "reddit:b", "to": "github:a", "chain": ["reddit:b", "github:a"]}
    before = history.PastAudit(
        at="2026-01-01T00:00:00Z",
        accounts=["github:a", "reddit:b"],
        chains=[{**chain, "level": "high", "bits": 14.0}],
    )
    after = history.PastAudit(
        at="2026-02-01T00:00:00Z",
        accounts=before.accounts,
        chains=[{**chain, "level": "unknown", "bits": None}],
    )
    (change,) = history_since.compare(before, after)
    assert change.sentence() == (
        "reddit:b and github:a: not measured this time, as one of its accounts could not be "
        "read; last time it was very likely (14.0 bits): count it as still very likely until "
        "it can be read."
    )
