"""A plan made while listed accounts could not be read promises nothing about them: wherever
its outcome is said (the report's changes section and its verdict, the terminal, the analysis
record), it holds among the accounts that could be read, and the accounts not read are named.
Tomasz's demo (fictional; his Reddit account is suspended) and Morag's (every account read)."""

from __future__ import annotations

import html
import re

import pytest

from linkage.demo import run_demo_compared
from reports.redact import redacted_dict
from reports.render import ReportOptions, render_html
from reports.summary import summary_lines
from tests import demo_runs

SCOPE = "With every change made, the strongest chain among the accounts that could be read goes "
CAVEAT = "could not be read, so its chains are not known: these changes may not be enough."
BRIEF = (
    "The changes advised were worked out among the accounts that could be read; {} could not "
    "be read, so its chains are not known, and the changes may not be enough."
)
HANDLES = ("twren", "wrenfield", "tomw_birds")
#: ``remediation.stopped`` of a plan that reaches the target on the chains measured only
UNSEEN_ACCOUNTS = "unseen_accounts"


def section(page: str, name: str) -> str:
    """The words of one section of a report (``changes``, ``verdict``), without markup."""
    part = page.split(f'<section id="{name}"', 1)[1].split("</section>", 1)[0]
    return html.unescape(re.sub(r"<[^>]+>", "", part))


@pytest.fixture(scope="module")
def tomasz():
    return demo_runs.tomasz()


def test_the_changes_section_says_the_outcome_holds_among_the_accounts_read(tomasz) -> None:
    """It ended "With every change made, the strongest chain goes from almost certain to
    unlikely. No less disruptive set of these changes does it": safe, to a reader of that
    section alone, with his Reddit account never read."""
    changes = section(render_html(tomasz), "changes")
    assert SCOPE + "from almost certain to unlikely." in changes
    assert f"tomw_birds (Reddit) {CAVEAT}" in changes
    assert "weaken every chain measured between your sides" in changes
    assert "With every change made, the strongest chain goes" not in changes
    verdict = section(render_html(tomasz), "verdict")
    assert BRIEF.format("tomw_birds (Reddit)") in verdict


def test_the_terminal_says_the_changes_were_worked_out_without_the_unread_account(tomasz):
    lines = summary_lines(tomasz, [])
    first = next(i for i, line in enumerate(lines) if line.startswith("Change this first: "))
    assert lines[first + 1] == BRIEF.format("tomw_birds (Reddit)")


def test_the_analysis_record_does_not_call_the_plan_complete(tomasz) -> None:
    """``remediation.complete`` was true: a program reading it took the plan for one that
    makes him safe."""
    plan = tomasz.to_dict()["remediation"]
    assert plan["complete"] is False and plan["stopped"] == UNSEEN_ACCOUNTS
    assert plan["unmeasured"] == ["reddit:tomw_birds"]
    assert plan["changes"] and plan["after_bits"] < plan["target_bits"]  # on the chains read
    shared = redacted_dict(tomasz)["remediation"]
    assert shared["unmeasured"] == ["Personal account C (Reddit)"]
    assert shared["complete"] is False and shared["stopped"] == UNSEEN_ACCOUNTS


def test_a_redacted_report_and_terminal_name_the_unread_account_by_its_label(tomasz) -> None:
    page = render_html(tomasz, ReportOptions(redact=True))
    changes = section(page, "changes")
    assert f"Personal account C (Reddit) {CAVEAT}" in changes
    assert BRIEF.format("personal account C (Reddit)") in section(page, "verdict")
    text = "\n".join(summary_lines(tomasz, [], redact=True))
    assert BRIEF.format("personal account C (Reddit)") in text
    for handle in HANDLES:
        assert handle not in changes and handle not in text
        assert handle not in str(redacted_dict(tomasz)["remediation"])


def test_a_plan_with_every_account_read_says_its_outcome_as_it_is() -> None:
    morag = demo_runs.morag()
    plan = morag.to_dict()["remediation"]
    assert plan["complete"] is True and plan["stopped"] is None and plan["unmeasured"] == []
    changes = section(render_html(morag), "changes")
    assert "With every change made, the strongest chain goes from " in changes
    assert "among the accounts that could be read" not in changes
    assert "worked out among" not in "\n".join(summary_lines(morag, []))


def test_the_demo_after_its_changes_calls_no_chain_safe_while_his_account_is_unread() -> None:
    """'linkage demo --person tomasz --after' said each chain "can no longer be readily
    joined" with his Reddit account still unread; and its plan, with nothing left to change
    among the accounts read, says so without calling the audit safe."""
    after, since = run_demo_compared(quiet=True, person="tomasz", after=True)
    assert since is not None and since.changes
    sentences = [c.sentence() for c in since.moved]
    assert sentences and not any("can no longer be readily joined" in s for s in sentences)
    assert any("it is now unlikely among the accounts that could be read" in s for s in sentences)
    plan = after.to_dict()["remediation"]
    assert (plan["complete"], plan["stopped"], plan["changes"]) == (False, UNSEEN_ACCOUNTS, [])
    changes = section(render_html(after), "changes")
    assert "Nothing to change among the accounts that could be read" in changes
    assert "may still be joined to the others" in changes
