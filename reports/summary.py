"""What the terminal says when an audit is done: the verdict in a sentence or two, each file
written and what it holds, and the next command to run. The same words as the report's first
screen (``reports.render``), without the markup."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import NamedTuple

from linkage.evidence.analysis import Analysis
from linkage.evidence.levels import level_label
from reports.changes_view import AT_TOP
from reports.render import ReportOptions, context, sideless_line
from reports.text import CONNECTION_ADVICE, plural
from reports.unfollowed import unfollowed_line
from reports.voice import Voice


class Written(NamedTuple):
    path: Path
    holds: str  # what the file holds, in words ("the full report: ...; keep it private")


def _plain(text: object) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", str(text)))


def _incomplete(failed: list[dict], advice: str | None) -> str:
    """The incomplete-audit line: each account and what went wrong, then the advice closing
    every reason when it is the same for all (:func:`reports.text.shared_advice`)."""
    line = (
        f"This audit is incomplete: {plural(len(failed), 'account')} could not be read "
        f"({_reasons(failed)})."
    )
    return f"{line} {advice}" if advice else line


def _reasons(unread: list[dict]) -> str:
    """Each unread listed account and why, as a terminal line lists them."""
    return "; ".join(
        _named(a) + (f": {str(a['reason']).rstrip('.')}" if a["reason"] else "") for a in unread
    )


def _named(account: dict) -> str:
    """An unread account's label, and how it was found when it was not listed ("linked from
    frowe-dev (GitHub)"): the person did not name it, and may not know it."""
    how = account.get("discovered")
    return f"{account['label']}, {how}" if how else str(account["label"])


def _first_change(view: dict) -> str | None:
    """The first of the report's changes, as a sentence ("Change this first: ...")."""
    if not view["top_changes"]:
        return None
    first = view["top_changes"][0]
    what = _plain(first["what_text"])
    where = f", {first['where']}" if first.get("where") else ""
    behind = first.get("behind") or ""
    return f"Change this first: {what[:1].lower()}{what[1:]} {first['account']}{behind}{where}."


def verdict_brief(
    analysis: Analysis, *, redact: bool = False, training: bool = False
) -> dict[str, str | None]:
    """The report's first screen in a few plain strings, for a page to show when an audit
    ends (the app's): ``incomplete`` (the warning, or None), ``headline``, ``level`` and
    ``label`` (the strongest pair's level and its word, "very likely"; None when no two sides
    could be compared) and ``change`` (the first change, or None).

    An incomplete audit whose read accounts show no join gives the level "unknown", never
    "unlikely": the accounts it could not read may join the sides. ``training``: the demo,
    whose words name its invented person ("Morag's personal and professional sides")."""
    view = context(analysis, ReportOptions(redact=redact, training=training))
    failed = view["failed"]
    # in short: the accounts, not each one's reason (the report, just below, gives them)
    incomplete = (
        f"This audit is incomplete. {plural(len(failed), 'account')} could not be read: "
        f"{'; '.join(_named(a) for a in failed)}; the report below says why."
        if failed
        else None
    )
    # the report's headline's own level (unknown, never "unlikely", when an account that
    # could not be read may join the sides), as history gives it too
    level = view["level"]
    return {
        "incomplete": incomplete,
        "headline": view["headline"],
        "level": level,
        "label": level_label(level) if level else None,
        "change": _first_change(view),
    }


def summary_lines(
    analysis: Analysis,
    written: list[Written] | list[tuple[Path, str]],
    *,
    next_step: tuple[str, str] | None = None,
    redact: bool = False,
    extra: list[str] | None = None,
    training: bool = False,
    quiet: bool = False,
) -> list[str]:
    """The lines to print: the warning when the audit is incomplete, the verdict, the first
    change, how many links in the profiles could not be followed, ``extra`` lines (what
    changed since the last audit), the files written, and (``next_step``: command, why) what
    to run next. ``training``: the demo, said of its invented person by name, as its report
    says it; ``quiet`` (``--quiet``): the links not followed as a count alone."""
    view = context(analysis, ReportOptions(redact=redact, training=training))
    voice: Voice = view["voice"]
    lines: list[str] = []
    if view["failed"] and view["failed_advice"] in CONNECTION_ADVICE:
        # nothing could be reached: the connection first, in plain words, then each account
        lines.append(view["failed_advice"])
        lines.append(_incomplete(view["failed"], None))
    elif view["failed"]:
        lines.append(_incomplete(view["failed"], view["failed_advice"]))
        if redact:  # a reason may say something of the person: the full report gives it
            lines[-1] += " The same command without --redact says why each could not be read."
        elif not view["failed_advice"]:  # what to do, by each one's reason, as the report says
            lines[-1] += " " + view["failed_next"]
    lines.extend(view["duplicates"])
    first = view["pairs"][0] if view["pairs"] else None
    if first is not None and first["unseen_why"] and not any(e.seen for e in analysis.exposure):
        # nothing measured: the headline and the pair's sentence would say it twice; once,
        # with which sides went unread
        sides = first["personas"]
        lines.append(
            f"Not known yet whether {voice.your} {sides[0]} and {sides[1]} accounts can be "
            "joined: "
            f"{first['unseen_why']}."
        )
    else:
        lines.append(view["headline"])
        if first is not None:
            lines.append(first["sentence"])
    if view["sideless"]:  # one side given: which accounts have none, and what to write
        lines.append(sideless_line(view["sideless"], voice))
    if view["unfiled"]:
        names = ", ".join(view["unfiled"])
        lines.append(
            f"Not judged as a side (no side given): {names}. Give each a side to include it."
        )
    change = _first_change(view)
    if change:
        shown = len(view["changes"])
        if shown > 1:  # "change this first" alone read as the only change to make
            report = any(Path(path).suffix in (".html", ".pdf") for path, _ in written)
            change += f" ({shown} changes in all{': the report lists them' if report else ''}.)"
        lines.append(change)
        # worked out among the accounts read: the unread ones' chains are not known
        brief = (view["remediation_view"] or {}).get("unmeasured_brief")
        if brief:
            lines.append(brief)
    unfinished = (view["remediation_view"] or {}).get("unfinished")
    if unfinished:
        lines.append(unfinished.replace(AT_TOP, "."))  # the terminal has no top
    if view["unfollowed"]:
        # found by following a link, not listed: they leave the audit complete, so after the
        # verdict, in one line; the report lists each, where it was found, and why
        report = any(Path(path).suffix in (".html", ".pdf") for path, _ in written)
        lines.append(
            unfollowed_line(
                [a["why"] for a in view["unfollowed"]],
                linked=view["found_linked"],
                voice=voice,
                why=not (redact or quiet),
                report=report and not quiet,
            )
        )
    lines.extend(extra or [])
    if written:
        lines.append("Files written:")
        lines.extend(f"  {path}: {holds}" for path, holds in written)
    if next_step:
        command, why = next_step
        lines.append(f"Next: {command}")
        lines.append(f"  ({why})")
    return lines
