"""What the terminal says when an audit is done: the verdict in a sentence or two, each file
written and what it holds, and the next command to run. The same words as the report's first
screen (``reports.render``), without the markup."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import NamedTuple

from linkage.evidence.analysis import Analysis
from reports.render import ReportOptions, context
from reports.text import plural


class Written(NamedTuple):
    path: Path
    holds: str  # what the file holds, in words ("the full report: ...; keep it private")


def _plain(text: object) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", str(text)))


def _incomplete(failed: list[dict], advice: str | None) -> str:
    """The incomplete-audit line: each account and what went wrong, then the advice closing
    every reason when it is the same for all (:func:`reports.text.shared_advice`)."""
    reasons = "; ".join(f"{a['label']}: {str(a['reason']).rstrip('.')}" for a in failed)
    line = (
        f"This audit is incomplete: {plural(len(failed), 'account')} could not be read ({reasons})."
    )
    return f"{line} {advice}" if advice else line


def summary_lines(
    analysis: Analysis,
    written: list[Written] | list[tuple[Path, str]],
    *,
    next_step: tuple[str, str] | None = None,
    redact: bool = False,
    extra: list[str] | None = None,
) -> list[str]:
    """The lines to print: the warning when the audit is incomplete, the verdict, the first
    change, ``extra`` lines (what changed since the last audit), the files written, and
    (``next_step``: command, why) what to run next."""
    view = context(analysis, ReportOptions(redact=redact))
    lines: list[str] = []
    if view["failed"]:
        lines.append(_incomplete(view["failed"], view["failed_advice"]))
    lines.extend(view["duplicates"])
    lines.append(view["headline"])
    if view["pairs"]:
        lines.append(view["pairs"][0]["sentence"])
    if view["unfiled"]:
        names = ", ".join(view["unfiled"])
        lines.append(
            f"Not judged as a side (no persona): {names}. Give each a persona to include it."
        )
    if view["top_changes"]:
        first = view["top_changes"][0]
        what = _plain(first["what_text"])
        lines.append(f"Change this first: {what[:1].lower()}{what[1:]} {first['account']}.")
    unfinished = (view["remediation_view"] or {}).get("unfinished")
    if unfinished:
        lines.append(unfinished)
    lines.extend(extra or [])
    if written:
        lines.append("Files written:")
        lines.extend(f"  {path}: {holds}" for path, holds in written)
    if next_step:
        command, why = next_step
        lines.append(f"Next: {command}")
        lines.append(f"  ({why})")
    return lines
