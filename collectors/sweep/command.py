"""``linkage sweep``: the command's work, kept out of ``linkage/cli/`` so start-up stays light.

Imports only what a sweep needs: the site-list loaders, the engine (its own asyncio client,
:mod:`collectors.sweep.client`), and rich's progress bar when one is shown.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections import Counter
from contextlib import ExitStack
from pathlib import Path
from typing import IO, Any

from collectors.http.policy import CACHE_LIFETIME
from collectors.sweep.model import FOUND, MISSING, UNKNOWN, SiteList, SweepResult
from linkage.errors import InputError, UsageError
from linkage.record_files import open_private
from linkage.wording import plural


def endpoints_from(items: list[str] | None) -> dict[str, str]:
    """``--endpoint`` items and ``LINKAGE_ENDPOINTS``, parsed by the HTTP layer's own parser."""
    env = os.environ.get("LINKAGE_ENDPOINTS")
    if not items and not env:
        return {}
    from collectors.http.endpoints import parse_endpoints

    try:
        endpoints = parse_endpoints(env)
        endpoints.update(parse_endpoints(items or []))
    except ValueError as exc:
        raise UsageError(f"--endpoint / LINKAGE_ENDPOINTS: {exc}.") from None
    return endpoints


class _Progress:
    """A rich progress bar with the counts of found / missing / could not tell."""

    def __init__(self, total: int, quiet: bool) -> None:
        self.counts: Counter[str] = Counter()
        self.bar: Any = None
        if quiet:
            return
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        self.bar = Progress(
            TextColumn("[bold]Sweeping"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn(
                "[green]{task.fields[found]} found[/] · {task.fields[missing]} missing · "
                "{task.fields[impossible]} not possible · "
                "[yellow]{task.fields[unknown]} could not tell[/]"
            ),
            TimeElapsedColumn(),
            console=Console(stderr=True, highlight=False, emoji=False),
        )
        self.task = self.bar.add_task("", total=total, found=0, missing=0, impossible=0, unknown=0)

    def __enter__(self) -> _Progress:
        if self.bar is not None:
            self.bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()

    def add(self, result: SweepResult) -> None:
        bucket = counted_as(result)
        self.counts[bucket] += 1
        if self.bar is not None:
            self.bar.update(self.task, advance=1, **{bucket: self.counts[bucket]})


#: the count of the checks whose username the site's rules do not allow (see
#: :func:`counted_as`)
IMPOSSIBLE = "impossible"


def counted_as(result: SweepResult) -> str:
    """Which count a check is in: found, missing, could not tell (``unknown``), or, for a
    username the site's own rules do not allow, :data:`IMPOSSIBLE`: no account there can have
    it, which is neither a check that failed nor one the site answered."""
    return IMPOSSIBLE if result.impossible else result.status


def run_sweep(
    usernames: list[str] | None,
    *,
    sites: Path | None,
    output: Path | None,
    variants: bool,
    timeout: float,
    per_host: int,
    endpoint: list[str] | None,
    allow_private: bool,
    quiet: bool,
    cache_dir: Path | None = None,
    refresh: bool = False,
    nsfw: bool = False,
    out: IO[str] | None = None,
) -> int:
    """Run the command; returns the exit status: 0 when every site asked answered, 1 when
    some could not tell (the contract's "the job ran but some failed": the records are still
    written, and the summary says why and what to do). A username a site's rules do not allow,
    and an entry of the list that cannot be used, are said apart and leave the status 0. What
    the sites said is kept in, and taken from, the sweep's cache in ``cache_dir`` (see
    :mod:`collectors.sweep.cache`); ``refresh`` asks every site again. Sites the list marks as
    adult are left out (and counted) unless ``nsfw``."""
    from collectors.sweep.runner import SweepSettings, sweep
    from collectors.sweep.sites import load_sites
    from collectors.sweep.usernames import read_usernames
    from collectors.sweep.variants import expand

    out = out or sys.stdout
    started = time.monotonic()
    if not usernames:
        read_usernames(usernames)  # says what to type
    settings = SweepSettings(
        endpoints=endpoints_from(endpoint),
        allow_private=allow_private,
        timeout=timeout,
        per_host=per_host,
        cache_dir=cache_dir,
        refresh=refresh,
    )
    site_list = load_sites(sites, adult=nsfw)
    if not site_list.sites:
        raise InputError(_nothing_to_check(site_list))
    wanted = read_usernames(usernames, site_list.sites)
    for username in wanted:
        if username.note():
            print(username.note(), file=sys.stderr)
    names = expand([username.name for username in wanted], variants)
    for name, reason in site_list.broken:
        print(f"linkage: warning: skipping site '{name}': {reason}.", file=sys.stderr)
    total = len(names) * (len(site_list.sites) + len(site_list.broken))
    found: list[SweepResult] = []
    impossible: dict[str, list[str]] = {}  # the sites whose rules do not allow each username
    cached = 0  # checks answered from the cache
    unsure: Counter[str] = Counter()  # why checks could not tell, where the reason is common
    with ExitStack() as stack:
        sink = None
        if output is not None:
            try:
                sink = stack.enter_context(open_private(output))
            except OSError as exc:
                raise UsageError(f"cannot write {output}: {exc.strerror or exc}.") from None
        progress = stack.enter_context(_Progress(total, quiet))

        def on_result(result: SweepResult) -> None:
            nonlocal cached
            cached += result.cached
            progress.add(result)
            if result.status == FOUND:
                found.append(result)
            elif result.impossible:
                impossible.setdefault(result.username, []).append(result.site)
            elif result.status == UNKNOWN:
                unsure[_why_unsure(result.detail)] += 1
            if sink is not None:
                sink.write(json.dumps(result.record(), ensure_ascii=False) + "\n")

        sweep(names, site_list, settings, on_result)
    for result in sorted(found, key=lambda r: (r.username, r.site.lower())):
        out.write(f"found  {result.username}  {result.site}  {result.url}\n")
    counts = progress.counts
    seconds = time.monotonic() - started
    # every entry checked or skipped has a record per username: the counts add up to them
    entries, skipped = len(site_list.sites) + len(site_list.broken), len(site_list.broken)
    out.write(
        f"Checked {plural(len(names), 'username')} on {plural(entries, 'site')} of "
        f"{list_name(site_list)}{f' ({skipped} of them could not be used)' if skipped else ''} "
        f"in {seconds:.1f} s: {counts[FOUND]} found, {counts[MISSING]} missing, "
        f"{_not_possible(counts[IMPOSSIBLE])}"
        f"{counts[UNKNOWN]} could not tell{_from_cache(cached)}.\n"
    )
    if found:
        out.write(_what_found_means(found) + "\n")
    for username, refused in sorted(impossible.items()):
        out.write(_impossible_line(username, refused) + "\n")
    why = _unsure_line(unsure, timeout)
    if why:
        out.write(why + "\n")
    if site_list.adult:
        them = "it" if site_list.adult == 1 else "them"
        out.write(
            f"Left out {plural(site_list.adult, 'adult site')}; add --nsfw to check {them} too.\n"
        )
    if _turned_off(site_list):
        out.write(f"Left out {_turned_off(site_list)}.\n")
    if output is not None:
        out.write(f"Wrote {sum(counts.values())} records to {output}.\n")
    # a site asked that could not tell: the sweep is incomplete, as an audit with an account
    # it could not read (an entry of the list that cannot be used was warned of at the start)
    asked = sum(n for why, n in unsure.items() if why != _SKIPPED)
    return 1 if asked else 0


def _not_possible(count: int) -> str:
    """The count of usernames the sites' rules do not allow, for the summary ("3 not possible
    there, "; the line after it says where), or "" when there are none."""
    if not count:
        return ""
    return f"{count} not possible there, "


#: how many sites a line names before it counts the rest
_NAMED = 5


def _impossible_line(username: str, sites: list[str]) -> str:
    """Where ``username`` cannot exist, in a sentence: "quiet_reader is not possible on GitHub
    and Docker Hub: their rules do not allow such a username, so no one has it there."."""
    shown = sorted(sites, key=str.lower)
    named = shown[:_NAMED] + ([f"{len(shown) - _NAMED} more"] if len(shown) > _NAMED else [])
    where = ", ".join(named[:-1]) + " and " + named[-1] if len(named) > 1 else named[0]
    their = "its rules do" if len(shown) == 1 else "their rules do"
    return (
        f"{username} is not possible on {where}: {their} not allow such a username, so no one "
        "has it there."
    )


def list_name(site_list: SiteList) -> str:
    """The list as the user gave it: its file's name, or "linkage's own list"."""
    from collectors.sweep.sites import DEFAULT_SITES

    if not site_list.source or Path(site_list.source).resolve() == DEFAULT_SITES:
        return "linkage's own list"
    return Path(site_list.source).name


def _nothing_to_check(site_list: SiteList) -> str:
    """One line: why no site of the list can be checked, and what to do."""
    name = list_name(site_list)
    why = []
    if site_list.broken:
        first, reason = site_list.broken[0]
        more = len(site_list.broken) - 1
        also = f"; {more} more cannot be used either" if more else ""
        why.append(f"'{first}' cannot be used ({reason}{also})")
    if site_list.disabled or site_list.unsupported:
        why.append(_turned_off(site_list))
    if site_list.adult:
        them = "it" if site_list.adult == 1 else "them"
        why.append(f"{plural(site_list.adult, 'adult site')} left out (add --nsfw to check {them})")
    if not why:
        return f"{name} has no sites in it: give a list that has some, or leave out --sites."
    mend = ""
    if site_list.broken or site_list.disabled or site_list.unsupported:
        mend = " Mend the list, or leave out --sites to use linkage's own."
    return f"No site of {name} can be checked: {'; '.join(why)}.{mend}"


def _turned_off(site_list: SiteList) -> str:
    """The entries left out before any check, and why ("678 entries the list marks as not
    working and 41 that need what linkage does not do (…)"), or ""."""
    parts = []
    if site_list.disabled:
        parts.append(
            f"{plural(site_list.disabled, 'entry', 'entries')} the list marks as not working"
        )
    if site_list.unsupported:
        need = "needs" if site_list.unsupported == 1 else "need"
        what = (
            plural(site_list.unsupported, "entry", "entries")
            if not parts
            else str(site_list.unsupported)
        )
        parts.append(
            f"{what} that {need} what linkage does not do (a Tor, I2P or DNS lookup, a sign-in "
            "token fetched first, or an account number instead of a username)"
        )
    return " and ".join(parts)


def _what_found_means(found: list[SweepResult]) -> str:
    """What "found" means and what to do next, with the accounts file's line for the first
    account found that an audit can read (its handle, or its address)."""
    from linkage.handles import read_handle

    example = "PROFILE ADDRESS"
    for result in sorted(found, key=lambda r: (r.username, r.site.lower())):
        candidate = result.handle or result.url or ""
        try:
            read_handle(candidate)
        except UsageError:  # an address only the owner's data export can show, say
            continue
        example = candidate
        break
    return (
        '"found" only means that an account with that name exists there, and it may be '
        "someone else's: open each address to check it is yours, and to audit one that is, "
        f'add it to your accounts file under [[account]] as handle = "{example}" '
        "(or run 'linkage init')."
    )


def _from_cache(cached: int) -> str:
    """How many answers the cache gave, when it gave any ("; 12 answers were from …")."""
    if not cached:
        return ""
    were = "1 answer was" if cached == 1 else f"{cached} answers were"
    return f"; {were} from the last {CACHE_LIFETIME / 3600:g} hours' cache (--refresh to ask again)"


#: the start of the detail of an entry of the list that could not be used (warned of first)
_SKIPPED = "site entry skipped"
#: why a check could not tell, from the start of its detail: (words, advice or ""); every
#: check is counted under one of them, so the reasons add up to the "could not tell" count
_UNSURE = {
    "network error": (
        "the site could not be reached",
        "Check your connection, or try again later.",
    ),
    "no answer within": ("the site gave no answer in time", "A longer --timeout may help."),
    "rate-limited": ("the site asked to slow down", "Try again later."),
    _SKIPPED: (
        "the site list's entry could not be used",
        "The warnings above say what is wrong with each.",
    ),
    "the site also says a random username exists": ("the site says every username exists", ""),
    "blocked by": ("the site blocked the check", ""),
    "a redirect was refused": ("the site sent the check to a private address", ""),
}
#: the reasons that asking again later may mend
_AGAIN = ("network error", "no answer within", "rate-limited")
#: the rest: the site's answer fitted neither "found" nor "missing" (each record says how)
_OTHER = ("the site's answer said neither", "Each record written with -o says what it was.")


def _why_unsure(detail: str) -> str:
    """The reason a check could not tell ("network error"), or "" for the site's answer."""
    return next((key for key in _UNSURE if detail.startswith(key)), "")


def _unsure_line(unsure: Counter[str], timeout: float) -> str:
    """Why checks could not tell, each reason with its count and what to do about it
    ("Could not tell: the site could not be reached (55 checks). Check your connection, or
    try again later."); the counts add up to the checks that could not tell."""
    parts, advice = [], []
    for key, (words, hint) in [*_UNSURE.items(), ("", _OTHER)]:
        if unsure[key]:
            checks = "check" if unsure[key] == 1 else "checks"
            parts.append(f"{words} ({unsure[key]} {checks})")
            if hint:
                advice.append(hint.replace("--timeout", f"--timeout (now {timeout:g} s)"))
    if not parts:
        return ""
    if any(unsure[key] for key in _AGAIN):
        advice.append(
            "The same sweep again asks only the sites that could not tell: those that "
            "answered are kept for a day."
        )
    return f"Could not tell: {'; '.join(parts)}. {' '.join(advice)}".rstrip()
