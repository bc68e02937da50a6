"""An audit and the history (:mod:`linkage.history`): what changed since the last audit of the
same accounts (:func:`compare_with_history`, while the audit runs), and keeping it
(:func:`keep_in_history`, once its outputs are written). Both are side tasks: a failure of
either is said in one line (``Audit.history_problem``), never the end of the audit."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from linkage.pipeline import Audit


def compare_with_history(outcome: Audit, accounts: list[str], redact: bool) -> None:
    """Make the record of this audit to keep, and what changed since the last audit of the same
    accounts (never one of another list: :func:`linkage.history_since.since_kept`). Reading the history is a side task: when it fails (the data folder cannot be
    written, say), the audit goes on without it and ``history_problem`` says why."""
    from linkage import history
    from linkage.history_since import since_kept

    try:
        kept = history.record(outcome.analysis, accounts, redact=redact)
        earlier, outcome.unreadable = history.scan()
        outcome.since = since_kept(kept, earlier)
    except OSError as exc:
        outcome.history_problem = history_failure(exc, keeping=False)
        return
    outcome.kept = kept


def keep_in_history(outcome: Audit) -> Path | None:
    """Keep a finished audit in the history, once its outputs are written: an audit stopped
    before them is not the last audit the next one compares with. Where it was kept (None when
    it was not: ``keep_history`` was off, or ``history_problem`` says why). Never raises for a
    failure to keep it: that is a side task, the audit's outputs are already written."""
    from linkage import history

    if outcome.kept is None:
        return None
    try:
        outcome.history_path = history.save(outcome.kept)
    except OSError as exc:
        outcome.history_problem = history_failure(exc, keeping=True)
    return outcome.history_path


def history_failure(exc: OSError, *, keeping: bool) -> str:
    """Why the history could not be read or this audit not kept, and what to do, in one line
    (the report is written all the same)."""
    from linkage.disk_errors import problem, remedy

    what = (
        "This audit was not kept with your past audits, so the next audit cannot be compared "
        "with it"
        if keeping
        else "This audit was not compared with your past audits, nor kept with them"
    )
    fix = remedy(exc, then="for the next audits to be kept")
    return f"{what}: {problem(exc)}." + (f" {fix}" if fix else "")
