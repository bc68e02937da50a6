"""'Since your last audit' compares only with an audit of the same accounts. An audit of another
list (fewer accounts, more, or others) was compared with as "the same accounts": its chains
looked weaker, and its advice made, only because accounts had left the list. Real audits
through the command line, the project's fixture server standing in for every platform
(``fixtures/all_platforms/sites``); nothing changes online between the audits."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from collectors.http import HttpConfig
from linkage import history, history_choice
from linkage.accounts import load_accounts
from linkage.cli import app
from linkage.collecting import fresh_config
from linkage.demo import FixtureServer
from reports.text import human_date
from tests.test_collect_all_platforms import ENVIRONMENT, SITES

runner = CliRunner()

#: five of the fictional Alex Example's accounts, and three of them in another order, spelt
#: in other cases (a set of ids: order, case and personas aside)
FIVE = [
    ("github:alex-example", "professional"),
    ("gitlab:Alex-Example", "professional"),
    ("mastodon:alice@example.social", "personal"),
    ("reddit:quiet_reader", "personal"),
    ("https://alice.example.org/", "personal"),
]
THREE = [FIVE[4], FIVE[1], FIVE[3]]
#: what the accounts' pages say that a redacted output must not
COLLECTED = ("alex-example", "quiet_reader", "alice.example", "alice@example", "Alex Example")


def accounts_file(path: Path, accounts: list[tuple[str, str]]) -> Path:
    entries = "".join(f'\n[[account]]\nhandle = "{h}"\npersona = "{p}"\n' for h, p in accounts)
    path.write_text(f'owner = "Alex Example (fictional)"\n{entries}', "utf-8")
    return path


@pytest.fixture
def audit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A function that audits a list of accounts through the command line (``name``.toml,
    reported to ``name``.html), and the folder it writes in."""
    for name in ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    with FixtureServer(SITES) as server:

        def run(name: str, accounts: list[tuple[str, str]], *more: str) -> str:
            listed = accounts_file(tmp_path / f"{name}.toml", accounts)
            args = ["audit", str(listed), "-q", "--depth", "0", "--endpoint", f"*={server.url}"]
            args += ["-o", str(tmp_path / f"{name}.html"), *more]
            done = runner.invoke(app, args)
            assert done.exit_code == 0, done.output
            return " ".join(done.output.split())

        yield run, tmp_path


def test_three_of_five_accounts_are_not_compared_with_the_five(audit) -> None:
    """A.toml, three of the five accounts audited just before, read: "Compared with the audit
    of the same accounts …: alice.example.org (Website) is harder to join to Alex-Example
    (GitLab) than last time" and "2 of the 4 changes advised then are still to make"."""
    run, folder = audit
    run("five", FIVE)
    (five,) = history.list_audits()
    assert five.advice and len(five.chains) > 2, "nothing to be wrongly compared: no test"

    said = run("A", THREE)
    html = (folder / "A.html").read_text("utf-8")
    why = (
        f"Not compared with the last audit, on {human_date(five.at)}, which listed 5 accounts: "
        "the 3 listed now and 2 others."
    )
    section = " ".join(html.split('id="since"')[1].split("</section>")[0].split())
    for shown in (said.split("Since your last audit")[1].split("Files written")[0], section):
        assert why in shown
        assert "The next audit of these 3 accounts will be compared with this one." in shown
        wrong_words = ("than last time", "audit of the same accounts on", "in the audit", "advised")
        for wrong in wrong_words:
            assert wrong not in shown
    assert f"Since the audit of {human_date(five.at)}: not compared, as its list of acc" in html
    assert "No chain between your sides changed" not in section  # nothing was compared
    # the terminal says it in two sentences, after the verdict; the report says why as well
    why_not = "How easily two accounts can be joined depends on every account audited"
    assert why_not in section and why_not not in said
    assert "The report says why." in said
    assert said.index("A searcher is") < said.index("Since your last audit")

    # redacted, three others of the five: the same, in the third person, naming nothing
    # collected; the last audit of some of them is A's, of one of them
    (a,) = [p for p in history.list_audits() if len(p.accounts) == 3]
    said = run("B-redacted", [FIVE[0], FIVE[2], FIVE[3]], "--redact")
    html = (folder / "B-redacted.html").read_text("utf-8")
    why = (
        f"Not compared with the last audit, on {human_date(a.at)}, which listed 3 accounts: 1 "
        "of the 3 listed now and 2 others."
    )
    assert "Since the last audit:" in said and why in said and why in " ".join(html.split())
    assert "than last time" not in said + html
    for name in COLLECTED:
        assert name not in said and name not in html


def test_five_accounts_after_three_of_them_are_not_compared_and_the_same_five_are(audit) -> None:
    """An audit of more accounts was compared with one of fewer ("a new chain …" for each
    added account); the same five later, in another order and case, are compared with the
    first audit of the five, not with the audits of three between them."""
    run, _ = audit
    run("A", THREE)
    (three,) = history.list_audits()
    said = run("five", FIVE)
    assert (
        f"Not compared with the last audit, on {human_date(three.at)}, which listed 3 of the 5 "
        "accounts listed now, and no other." in said
    )
    assert "a new chain" not in said
    run("A-again", THREE)
    five = next(p for p in history.list_audits() if len(p.accounts) == 5)

    reordered = [(h.lower(), p) for h, p in reversed(FIVE)]
    said = run("five-again", reordered)
    assert "Not compared" not in said
    chains = len(five.chains)
    assert f"Since your last audit ({human_date(five.at)}): {chains} chains unchanged." in said
    assert said.count("Advised last time, not done yet") == min(len(five.advice), 5)


def test_the_kept_audits_of_other_lists_are_not_these_accounts(audit) -> None:
    """What :mod:`linkage.history` takes for "these accounts", with audits kept by real runs:
    the same set of ids only (an audit of two of three was compared with one of the three)."""
    run, _ = audit
    run("five", FIVE)
    run("A", THREE)
    run("five-again", FIVE)
    five_again, three, five = history.list_audits()
    ids = [a.lower() for a in three.accounts]
    assert history_choice.previous(ids).at == history_choice.baseline(ids).at == three.at
    assert history_choice.previous(five.accounts).at == five_again.at
    assert history_choice.previous(five.accounts, before=five_again.at).at == five.at
    assert history_choice.previous(ids[:2]) is None  # two of the three: no audit of them
    assert history_choice.baseline(ids[:2]) is None
    assert history_choice.overlapping(ids[:2]).at == five_again.at
    assert history_choice.overlapping(five.accounts).at == three.at


def test_answers_saved_before_the_last_audit_of_any_of_these_accounts_are_asked_again(
    audit,
) -> None:
    """Five accounts audited, then three of them: auditing the five again reused the answers
    the audit of three had saved (only those from before the last audit of the five were asked
    again), so a change made since the audit of three was not seen."""
    run, folder = audit
    run("five", FIVE)
    run("A", THREE)
    (three, five) = history.list_audits()
    specs = load_accounts(folder / "five.toml").accounts
    config = fresh_config(specs, HttpConfig(cache_dir=folder / "cache"))
    assert config.fresh_after is not None
    assert abs(config.fresh_after - _epoch(three.at)) < 0.001
    assert history_choice.last_sharing(five.accounts).at == three.at


def test_the_list_of_these_accounts_is_of_these_accounts_only(audit) -> None:
    """`linkage history A.toml` listed the audit of five accounts as one of these three, and
    said nothing of audits of overlapping lists."""
    run, folder = audit
    run("five", FIVE)
    run("A", THREE)
    listed = runner.invoke(app, ["history", str(folder / "A.toml")])
    assert listed.exit_code == 0, listed.output
    first, others = listed.output.splitlines()
    assert "3 accounts (" in first
    assert others == (
        "1 past audit of other lists (other accounts, or these on other sides) that share some "
        "of these accounts is not listed here, nor compared with: only an audit of the same "
        "accounts, on the same sides, shows what changed. 'linkage history' lists every audit."
    )
    two = accounts_file(folder / "two.toml", FIVE[:2])
    listed = runner.invoke(app, ["history", str(two)])
    assert listed.exit_code == 0, listed.output
    none, others = listed.output.splitlines()
    assert none.startswith("No past audits of these accounts in ")
    assert others.startswith(
        "2 past audits of other lists (other accounts, or these on other sides)"
    )
    assert len(runner.invoke(app, ["history"]).output.splitlines()) == 2


def test_the_same_accounts_on_other_sides_are_not_compared(audit) -> None:
    """Moving one account to the other side (persona) changes how much a disagreement between
    accounts weighs: with nothing changed online, the audit said chains had moved "since last
    time". An audit kept by an earlier version, without personas, is still compared."""
    run, folder = audit
    run("five", FIVE)
    (five,) = history.list_audits()
    moved = [(h, "professional" if h.startswith("reddit:") else p) for h, p in FIVE]
    said = run("five", moved)
    assert (
        f"Not compared with the last audit, on {human_date(five.at)}, which listed these 5 "
        "accounts but filed 1 of them under another side (persona)." in said
    )
    assert "than last time" not in said and "chains unchanged" not in said
    assert five.personas["reddit:quiet_reader"] == "personal"
    listed = runner.invoke(app, ["history", str(folder / "five.toml")]).output.splitlines()
    assert len(listed) == 2 and "5 accounts (" in listed[0]
    assert listed[1].startswith("1 past audit of other lists (other accounts, or these on other")

    # kept by a version that kept no personas: whether they differ cannot be told
    for kept in history.list_audits():
        assert kept.path is not None
        record = json.loads(kept.path.read_text("utf-8"))
        del record["personas"]
        kept.path.write_text(json.dumps(record), "utf-8")
    said = run("five", FIVE)
    assert "Not compared" not in said and "chains unchanged." in said


def _epoch(at: str) -> float:
    from datetime import datetime

    return datetime.fromisoformat(at.replace("Z", "+00:00")).timestamp()
