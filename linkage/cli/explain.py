"""``linkage explain``: one pair's waterfall (:mod:`linkage.evidence.waterfall`), in the terminal."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from linkage.cli.support import close_ids
from linkage.errors import LinkageError, UsageError
from linkage.evidence.levels import level_for, level_label
from linkage.evidence.linking import comparable, input_prior, link_pair, link_profiles
from linkage.evidence.waterfall import waterfall
from linkage.handles import read_handle
from linkage.record_files import read_profiles
from linkage.shown_text import marked
from linkage.signals import default_signals
from reports.text import pct


def shown(text: str) -> str:
    """Collected text (an id, a clue's detail) as the terminal shows it: its characters, not
    rich markup (``[link=…]``) nor escape sequences."""
    return escape(marked(text))


#: an account as the full report names it: its handle, then its platform's title in brackets
#: ("mfinlay-lib (GitHub)", "morag-finlay.example.org (Website)")
_LABEL = re.compile(r"^.+\(\s*[^()]+\s*\)\s*$", re.DOTALL)


def _folded(text: str) -> str:
    """``text`` as labels are compared: its words, in any case, spaced alike."""
    return " ".join(text.split()).casefold()


def report_names(profiles: list) -> dict[str, list[str]]:
    """The accounts' ids by their names in the full report ("mfinlay-lib (GitHub)"; see
    :func:`reports.labels.account_labels`), folded (:func:`_folded`); a name shared by two
    accounts (a website read by http and by https) maps to both."""
    from reports.labels import account_labels

    labels = account_labels(profiles, redact=False)
    names: dict[str, list[str]] = {}
    for profile in profiles:  # in the file's order
        names.setdefault(_folded(labels[profile.id]), []).append(profile.id)
    return names


def _as_id(given: str, by_id: dict, names: dict[str, list[str]], path: Path) -> str:
    """An account named as the file names it; by a handle or profile address that maps to one
    of its ids (``https://github.com/octocat`` for ``github:octocat``); or by its name in the
    report ("octocat (GitHub)"). A name the report gives two accounts is refused, with their
    ids."""
    if given in by_id:
        return given
    named = names.get(_folded(given), []) if _LABEL.match(given) else []
    if len(named) == 1:
        return named[0]
    if named:
        raise UsageError(
            f"'{given}' names {len(named)} accounts in {path}: {', '.join(map(marked, named))}. "
            "Give the one you mean by its id."
        )
    try:
        handle = read_handle(given).id
    except LinkageError:
        return given
    lower = {pid.lower(): pid for pid in by_id}
    return lower.get(handle.lower(), given)


def _meant(wanted: str, by_id: dict, names: dict[str, list[str]]) -> list[str]:
    """The ids ``wanted`` may have meant: ids alike (:func:`close_ids`), or, for a name as the
    report gives it, the accounts whose names are spelt nearly alike."""
    close = close_ids(wanted, list(by_id))
    if close or not _LABEL.match(wanted):
        return close
    alike = difflib.get_close_matches(_folded(wanted), list(names), n=3, cutoff=0.8)
    return [pid for name in alike for pid in names[name]]


def explain_pair(
    path: Path,
    id_a: str,
    id_b: str,
    *,
    prior: float | None = None,
    console: Console | None = None,
    quiet: bool = False,
) -> bool:
    """Print the evidence between two accounts: the same link, and so the same probability,
    as the links file, the report and the JSON show for them. False when one of them could
    not be read (nothing to explain: the pair is unknown)."""
    if id_a == id_b:
        raise UsageError(f"Give two different accounts: both ids are '{id_a}'.")
    profiles = read_profiles(path)
    by_id = {p.id: p for p in profiles}
    names = report_names(profiles)
    id_a, id_b = (_as_id(given, by_id, names, path) for given in (id_a, id_b))
    if id_a == id_b:
        raise UsageError(f"Give two different accounts: both name '{id_a}'.")
    for wanted in (id_a, id_b):
        if wanted not in by_id:
            close = _meant(wanted, by_id, names)
            hint = f" Did you mean: {', '.join(map(marked, close))}?" if close else ""
            what = "named" if _LABEL.match(wanted) else "with the id"
            raise UsageError(f"{path} has no account {what} '{wanted}'.{hint}")
    seen = {p.id for p in comparable(profiles)}
    unread = [by_id[pid] for pid in (id_a, id_b) if pid not in seen]
    if unread:  # the links file and the report leave it out: no number to give
        console = console or Console(highlight=False, emoji=False)
        for profile in unread if not quiet else []:
            why = str(profile.status).rstrip()
            end = "" if why.endswith((".", "!", "?")) else "."
            console.print(f"{shown(profile.id)} could not be read: {shown(why)}{end}")
        it, can = ("it", "it can") if len(unread) == 1 else ("them", "they can")
        console.print(
            f"Nothing about {it} was seen, so how likely the two are one person is unknown, not "
            f"low: the report shows the pair as \u201cunknown\u201d. Run the audit again once "
            f"{can} be read."
        )
        return False
    signals = default_signals()
    given_prior, prior = prior, input_prior(profiles, prior)
    found = {
        frozenset((x.a, x.b)): x
        for x in link_profiles(profiles, prior=prior, chains=True, signals=signals)
    }
    link = found.get(frozenset((id_a, id_b))) or link_pair(by_id[id_a], by_id[id_b], signals, prior)
    chart = waterfall(link, prior)
    console = console or Console(highlight=False, emoji=False)
    table = Table(title=f"{shown(id_a)} ↔ {shown(id_b)}", title_justify="left")
    # long values wrap, never cut with "…": a cut lost account ids and the punctuation after
    table.add_column("clue", overflow="fold")
    table.add_column("bits", justify="right", no_wrap=True)
    table.add_column("likely after it", justify="right")
    table.add_column("what was found", overflow="fold")
    for step in chart.steps:
        if step.kind == "total":
            continue
        bits = f"{step.bits:+.1f}" if step.kind == "evidence" else ""
        table.add_row(shown(step.label), bits, pct(step.probability), shown(step.detail))
    if not quiet:
        console.print(table)
    total = chart.total
    route = f" (through {', '.join(map(shown, link.via))})" if link.via else ""
    level = level_for(total.bits)
    console.print(  # the level first, in the report's word for it ("unlikely")
        f"Level \u201c{level_label(level.name)}\u201d: {total.bits:.1f} bits of evidence "
        f"({level.meaning})."
    )
    # as a figure: "almost certainly" is also the top level's word, which 16 bits are not
    among = (
        f"In all: {pct(total.probability)} likely one person{route}, from {pct(prior)} "
        "before any clue"
    )
    if total.probability >= 0.5 and level.name == "low":  # high only for the starting point
        start = (
            f"in a file of {len(seen)} accounts that could be read any two start at {pct(prior)}"
            if given_prior is None
            else f"the starting point given (--prior) is {pct(prior)}"
        )
        among += f"; it is that high only because {start}: the clues themselves are weak"
    console.print(among + ".")
    if quiet:
        return True
    moving = any(step.signal == "chain" for step in chart.evidence)
    console.print(
        "The level goes by the clues, not by the starting point"
        + (
            "; the clue through the person's other accounts is worked out from how likely "
            "those are one person's, so it moves with the starting point (--prior)."
            if moving
            else "."
        )
    )
    return True
