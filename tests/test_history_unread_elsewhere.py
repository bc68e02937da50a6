"""A chain's strength depends on every account of the audit, not only those on its route (the
person's other accounts count as evidence). When Keybase could not be read this time, "Since
your last audit" said "AlexExample (Hacker News) is harder to join to stackoverflow.com/1000001
(Stack Exchange) than last time: it was very likely, it is now possible" and counted "1 chain
between your sides is weaker", though nothing on any profile had changed: the chain's route
did not go through Keybase, but its evidence did. Real audits through the command line, the
project's fixture server standing in for every platform (``fixtures/all_platforms/sites``)."""

from __future__ import annotations

import re
import socket
from html import unescape
from pathlib import Path

import pytest
from typer.testing import CliRunner

from linkage import history, history_since
from linkage.cli import app
from linkage.demo import FixtureServer
from tests.test_collect_all_platforms import ENVIRONMENT, SITES
from tests.test_history_other_list import accounts_file

runner = CliRunner()

#: the fewest of the fictional Alex Example's accounts found to show it: the tie between Hacker
#: News and Stack Exchange is partly "the person's other accounts", Keybase among them
SIX = [
    ("reddit:quiet_reader", "personal"),
    ("gravatar:alex@example.org", "professional"),
    ("lobsters:alexexample", "professional"),
    ("keybase:AlexExample", "professional"),
    ("hackernews:AlexExample", "personal"),
    ("stackexchange:stackoverflow/1000001", "professional"),
]
KEYBASE = "alexexample (Keybase)"


def closed_port() -> int:
    """A port on this machine that nothing listens on (the connection is refused)."""
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        return closed.getsockname()[1]


def since_section(report: Path) -> str:
    html = report.read_text("utf-8")
    section = html.split('id="since"', 1)[1].split("</section>", 1)[0]
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", section)).split())


def summary_line(report: Path) -> str:
    found = re.search(r"Since the audit of [^<]*", report.read_text("utf-8"))
    assert found, "no summary line of the comparison in the report"
    return " ".join(unescape(found.group(0)).split())


def test_a_chain_weaker_only_for_an_account_not_read_is_not_said_weaker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    listed = accounts_file(tmp_path / "six.toml", SIX)
    with FixtureServer(SITES) as server:
        args = ["audit", str(listed), "--depth", "0", "--endpoint", f"*={server.url}"]
        first = runner.invoke(app, [*args, "-o", str(tmp_path / "first.html")])
        assert first.exit_code == 0, first.output
        keybase_down = ["--endpoint", f"keybase.io=http://127.0.0.1:{closed_port()}"]
        report = tmp_path / "again.html"
        again = runner.invoke(app, [*args, *keybase_down, "-o", str(report)])
    assert again.exit_code == 1, again.output  # Keybase could not be read
    before, after = history.list_audits()[1], history.list_audits()[0]
    measured = {(c["from"], c["to"]): c["bits"] for c in before.chains if c["level"] != "unknown"}
    assert any(
        c["bits"] < measured[(c["from"], c["to"])] - 1
        and not set(c["chain"]) & {"keybase:alexexample"}
        for c in after.chains
        if (c["from"], c["to"]) in measured and c["level"] != "unknown"
    ), "no chain off Keybase's route is weaker this time: the test would prove nothing"

    section, summary = since_section(report), summary_line(report)
    terminal = " ".join(again.output.split())
    for said in (section, terminal):
        assert "harder to join" not in said, said
        assert "can no longer be readily joined" not in said, said
    assert "weaker" not in summary, summary
    assert "not measured this time" in summary, summary
    assert (
        "AlexExample (Hacker News) and stackoverflow.com/1000001 (Stack Exchange): not measured "
        f"this time: it may only look weaker because {KEYBASE} could not be read; last time it "
        "was very likely"
    ) in section, section
    assert "count it as still very likely until it can be read" in section, section


def test_only_a_weaker_chain_is_held_for_an_account_not_read_off_its_route() -> None:
    """The rule, on kept audits: Keybase, off the chain's route, read last time and not this
    time. Weaker: not measured, Keybase named, not among the weaker ones; stronger or the same:
    said so; Keybase not read either time: a weaker chain is weaker (the same evidence was
    missing both times)."""
    from reports.history_view import since_view

    ids = ["hackernews:a", "stackexchange:b", "keybase:c"]
    seen, down = {"visibility": "ok"}, {"visibility": "failed", "unread": "refused"}

    def audit(bits: float, level: str, keybase: dict) -> history.PastAudit:
        chain = {"from": "hackernews:a", "to": "stackexchange:b", "level": level, "bits": bits,
                 "chain": ["hackernews:a", "stackexchange:b"], "steps": []}  # fmt: skip
        fields = {"hackernews:a": seen, "stackexchange:b": seen, "keybase:c": keybase}
        return history.PastAudit(at="2026-01-01T00:00:00Z", accounts=ids, chains=[chain],
                                 fields=fields)  # fmt: skip

    before = audit(18.4, "high", seen)
    since = history_since.since_last(before, audit(9.4, "moderate", down))
    assert since is not None
    (change,) = since.changes
    assert change.direction == "unknown" and change.unread_elsewhere == ["keybase:c"]
    assert change.sentence({"keybase:c": KEYBASE}) == (
        "hackernews:a and stackexchange:b: not measured this time: it may only look weaker "
        f"because {KEYBASE} could not be read; last time it was very likely (18.4 bits): count "
        "it as still very likely until it can be read."
    )
    summary = since_view(since, {}, redact=False)["summary"]
    assert "weaker" not in summary and "1 chain between your sides is not measured" in summary
    (change,) = history_since.compare(before, audit(25.0, "near-certain", down))
    assert change.direction == "stronger"
    (change,) = history_since.compare(before, audit(18.0, "high", down))
    assert change.direction == "same"
    (change,) = history_since.compare(audit(18.4, "high", down), audit(9.4, "moderate", down))
    assert change.direction == "weaker" and not change.unread_elsewhere


def test_an_account_read_now_that_joins_the_pair_is_named_by_its_label_when_redacted() -> None:
    """ "…not fully measured, as X, which joins them now, could not be read then" named X by its
    id even in a redacted report: its label was never looked up."""
    from reports.history_view import since_view

    ids = ["hackernews:a", "stackexchange:b", "keybase:c"]
    seen, down = {"visibility": "ok"}, {"visibility": "failed", "unread": "refused"}
    weak = {"from": "hackernews:a", "to": "stackexchange:b", "level": "low", "bits": 3.0,
            "chain": ["hackernews:a", "stackexchange:b"], "steps": []}  # fmt: skip
    strong = {"from": "hackernews:a", "to": "stackexchange:b", "level": "high", "bits": 14.0,
              "chain": ["hackernews:a", "keybase:c", "stackexchange:b"], "steps": []}  # fmt: skip
    then = history.PastAudit(at="2026-01-01T00:00:00Z", accounts=ids, chains=[weak],
                             fields={"hackernews:a": seen, "stackexchange:b": seen,
                                     "keybase:c": down})  # fmt: skip
    now = history.PastAudit(at="2026-01-02T00:00:00Z", accounts=ids, chains=[strong],
                            fields=dict.fromkeys(ids, seen))  # fmt: skip
    since = history_since.since_last(then, now)
    assert since is not None and since.changes[0].unread_then == ["keybase:c"], "no test"
    labels = {"hackernews:a": "Personal account A (Hacker News)",
              "stackexchange:b": "Professional account B (Stack Exchange)",
              "keybase:c": "Professional account C (Keybase)"}  # fmt: skip
    said = " ".join(c["sentence"] for c in since_view(since, labels, redact=True)["changes"])
    assert "professional account C (Keybase), which joins them now" in said, said
    assert "keybase:c" not in said
