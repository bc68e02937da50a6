"""The one orchestration: collect the accounts, find more, link them, analyse the result.

:func:`audit` is the whole job, called by the command line (``linkage audit``), the demo and
the local web app alike; each passes :class:`AuditEvents` to hear how it goes. Collection runs
accounts concurrently (the HTTP layer keeps each host's share modest), saves every profile as
soon as it is collected, and turns any failure of one account into a status on that account's
record so the others go on. :func:`analyse_stored` is the same job from profiles already
collected (``linkage report``).

This module and the command line are the only places where the network floor (``collectors``)
meets the engine (``linkage.evidence``) and the reports.
"""

from __future__ import annotations

import contextlib
import os
import queue
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from linkage.accounts import AccountSpec
from linkage.collecting import collect_one as collect_one
from linkage.collecting import failed_profile as failed_profile
from linkage.collecting import fresh_config
from linkage.collecting import shown_handle as shown_handle
from linkage.duplicates import Duplicate, merge_duplicates
from linkage.errors import DiskError, UsageError
from linkage.noting_client import collection_context, record_addresses
from linkage.record_files import RecordSink, write_jsonl
from linkage.records import Link, Profile

if TYPE_CHECKING:
    from collectors.base import CollectContext
    from collectors.http import HttpConfig
    from collectors.http.waits import Wait
    from linkage.evidence.analysis import Analysis
    from linkage.history import PastAudit, Unreadable
    from linkage.history_since import SinceLast

MAX_WORKERS = 8


@dataclass
class CollectionResult:
    profiles: list[Profile] = field(default_factory=list)
    #: entries of the accounts file that were one account, audited once
    duplicates: list[Duplicate] = field(default_factory=list)
    #: the accounts read (in whole or in part) from answers the cache saved before this run,
    #: and when the oldest of them was saved (epoch seconds)
    saved: dict[str, float] = field(default_factory=dict)

    @property
    def failed(self) -> list[Profile]:
        """The accounts that could not be collected (a partial one was collected)."""
        return [p for p in self.profiles if not p.ok]


def collect_all(
    specs: Sequence[AccountSpec],
    ctx: CollectContext,
    *,
    on_start: Callable[[AccountSpec], None] | None = None,
    on_done: Callable[[AccountSpec, Profile], None] | None = None,
    save_to: Path | None = None,
) -> CollectionResult:
    """Collect every account concurrently, in the accounts file's order in the result.

    With ``save_to``, each profile is appended to that JSON Lines file as soon as it is
    collected, so an interrupted run loses nothing already collected; the file is replaced
    only once the first profile is in the new one (:class:`~linkage.record_files.RecordSink`),
    so a run stopped before it read any account leaves what an earlier run saved there.
    """
    results: dict[int, Profile] = {}
    sink = RecordSink(save_to) if save_to is not None else None
    todo: queue.SimpleQueue[tuple[int, AccountSpec]] = queue.SimpleQueue()
    finished: queue.SimpleQueue[tuple[int, AccountSpec, Profile | BaseException]] = (
        queue.SimpleQueue()
    )
    for index, spec in enumerate(specs):
        if on_start:
            on_start(spec)
        todo.put((index, spec))

    def work() -> None:
        while True:
            try:
                index, spec = todo.get_nowait()
            except queue.Empty:
                return
            try:
                outcome: Profile | BaseException = collect_one(spec, ctx)
            except BaseException as exc:  # collect_one turns failures into records; not this
                outcome = exc
            finished.put((index, spec, outcome))

    # Daemon workers: on Ctrl-C the accounts not yet started are dropped and the process can
    # end at once, without waiting for the requests in flight (their accounts are not saved).
    for _ in range(min(MAX_WORKERS, max(1, len(specs)))):
        threading.Thread(target=work, name="linkage-collect", daemon=True).start()
    try:
        for _ in specs:
            index, spec, profile = finished.get()
            if isinstance(profile, BaseException):
                raise profile
            results[index] = profile
            if sink is not None:
                sink.write(profile)
            if on_done:
                on_done(spec, profile)
    except BaseException:
        while not todo.empty():
            with contextlib.suppress(queue.Empty):
                todo.get_nowait()
        raise
    finally:
        if sink is not None:
            sink.close()
    profiles, duplicates = merge_duplicates(
        [(specs[i].number, results[i]) for i in sorted(results)]
    )
    if duplicates and save_to is not None:  # saved as they came: keep each account once
        write_jsonl(save_to, profiles)
    book = getattr(ctx.http, "book", None)
    saved = {p.id: book.saved[p.id] for p in profiles if book and p.id in book.saved}
    return CollectionResult(profiles, duplicates, saved)


# -- the whole job ----------------------------------------------------------------------------


class AuditEvents:
    """What an audit says while it runs; every method does nothing unless overridden.

    The command line draws a progress bar from these, the web app streams them to the page.
    They are called from the audit's own thread, one at a time."""

    def stage(self, name: str, accounts: int = 0) -> None:
        """A stage begins: ``collect``, ``discover``, ``link``, ``analyse``, on ``accounts``
        accounts (for ``link``, those that could be read; 0 when not counted)."""

    def account_started(self, spec: AccountSpec) -> None:
        """Collection of one listed account begins."""

    def account_done(self, spec: AccountSpec, profile: Profile) -> None:
        """One listed account is collected (or failed: its ``collected`` status says why)."""

    def waiting(self, wait: Wait) -> None:
        """A request waits before it is sent again (:class:`collectors.http.waits.Wait`: a site
        asked linkage to wait, or does not answer). Called from the collecting threads."""


@dataclass
class AuditOptions:
    """Everything an audit needs besides the accounts. ``http`` is made by
    :func:`http_config` (or given ready-made, as the demo does)."""

    http: HttpConfig
    max_posts: int = 100
    max_words: int = 10_000
    #: follow links found in the profiles this many hops (0: not at all)
    depth: int = 1
    #: look for the audited usernames across a site list
    discover: bool = False
    sites: Path | None = None
    variants: bool = False
    prior: float | None = None
    target_bits: float | None = None
    #: the pairs listed in the analysis (its links, tables and evidence); None: the default
    min_probability: float | None = None
    #: where the collected profiles are saved as they arrive (None: not saved)
    profiles_out: Path | None = None
    #: environment for collectors (tokens); None: the process's own
    env: dict[str, str] | None = None
    #: keep this audit in the history (the data folder) and compare it with the last one
    keep_history: bool = True
    #: the outputs are redacted: the kept audit keeps no link it advised removing (only its
    #: fingerprint); it holds the accounts' ids, those found from links among them
    redact: bool = False


@dataclass
class Audit:
    """The outcome of :func:`audit`: the listed accounts' profiles, those found from them,
    and the analysis of all of them."""

    profiles: list[Profile]
    discovered: list[Profile]
    analysis: Analysis
    seconds: float
    profiles_path: Path | None = None
    owner: str | None = None
    #: what changed since the last audit of the same accounts (None: no earlier audit kept)
    since: SinceLast | None = None
    #: where this audit was kept (None: not kept; see :mod:`linkage.audit_history`)
    history_path: Path | None = None
    #: this audit as it is to be kept (None: ``keep_history`` was off, or the history could
    #: not be read: ``history_problem`` says why)
    kept: PastAudit | None = None
    #: why the history could not be read or this audit not kept, in plain words
    history_problem: str | None = None
    #: the kept audits left out as they could not be read
    unreadable: list[Unreadable] = field(default_factory=list)
    #: the listed accounts read from answers saved before this run, and when (epoch seconds)
    saved: dict[str, float] = field(default_factory=dict)

    @property
    def failed(self) -> list[Profile]:
        """The listed accounts that could not be collected (a partial one was collected)."""
        return [p for p in self.profiles if not p.ok]

    @property
    def history_notes(self) -> list[str]:
        """What to say of the history beside the audit's outcome, one line each: the past
        audits left out as they could not be read, and why this audit could not be compared
        with them or kept."""
        from linkage.history import unreadable_line

        notes = [unreadable_line(self.unreadable)] if self.unreadable else []
        return notes + ([self.history_problem] if self.history_problem else [])


def http_config(
    endpoint: Sequence[str] | None = None,
    cache_dir: Path | None = None,
    refresh: bool = False,
    offline: bool = False,
    allow_private: bool = False,
) -> HttpConfig:
    """The HTTP settings from the user's options (and ``LINKAGE_ENDPOINTS``)."""
    from collectors.http import HttpConfig, parse_endpoints

    try:
        endpoints = parse_endpoints(os.environ.get("LINKAGE_ENDPOINTS"))
        endpoints.update(parse_endpoints(list(endpoint or [])))
    except ValueError as exc:
        raise UsageError(f"--endpoint / LINKAGE_ENDPOINTS: {exc}.") from None
    from linkage.store import cache_folder

    cache_dir = cache_folder(cache_dir)
    if refresh and offline:
        raise UsageError("--refresh and --offline cannot be used together.")
    return HttpConfig(
        cache_dir=cache_dir,
        offline=offline,
        refresh=refresh,
        endpoints=endpoints,
        allow_private=allow_private,
    )


@contextlib.contextmanager
def cache_in_use(folder: Path | None) -> Iterator[None]:
    """A response cache that cannot be opened or written (a full disk, a read-only or damaged
    cache file) stops the run with a plain message naming its folder, not as a bug."""
    try:
        yield
    except sqlite3.Error as exc:
        where = f" in {folder}" if folder is not None else ""
        raise DiskError(
            f"the response cache{where} could not be used ({exc}): the disk holding it may be "
            "full, or the folder read-only. Free some space there or make it writable, or give "
            "--cache-dir another folder, then run the same command again."
        ) from exc


def collect(
    specs: Sequence[AccountSpec],
    options: AuditOptions,
    events: AuditEvents | None = None,
) -> CollectionResult:
    """Collect the listed accounts only (``linkage collect``)."""
    from collectors.http import HttpClient

    events = events or AuditEvents()
    events.stage("collect", len(specs))
    with (
        cache_in_use(options.http.cache_dir),
        HttpClient(fresh_config(specs, options.http)) as http,
    ):
        http.on_wait = events.waiting
        ctx = collection_context(http, options)
        result = collect_all(
            specs,
            ctx,
            on_start=events.account_started,
            on_done=events.account_done,
            save_to=options.profiles_out,
        )
    record_addresses(ctx, options, result.profiles)
    return result


def audit(
    specs: Sequence[AccountSpec],
    options: AuditOptions,
    events: AuditEvents | None = None,
    *,
    owner: str | None = None,
) -> Audit:
    """The whole job: collect, discover, link, analyse. Failures of single accounts are
    statuses on their records; the analysis says which accounts it could not see."""
    from collectors.http import HttpClient
    from linkage.evidence.analysis import analyse

    events = events or AuditEvents()
    started = time.monotonic()
    with (
        cache_in_use(options.http.cache_dir),
        HttpClient(fresh_config(specs, options.http)) as http,
    ):
        http.on_wait = events.waiting
        ctx = collection_context(http, options)
        events.stage("collect", len(specs))
        result = collect_all(
            specs,
            ctx,
            on_start=events.account_started,
            on_done=events.account_done,
            save_to=options.profiles_out,
        )
        found: list[Profile] = []
        if options.depth or options.discover:
            events.stage("discover")
            found = discover(result.profiles, ctx, options)
    record_addresses(ctx, options, result.profiles + found)
    if found and options.profiles_out is not None:
        write_jsonl(options.profiles_out, result.profiles + found)
    events.stage("link", sum(1 for p in result.profiles + found if p.ok))  # the ones read
    kwargs = _settings(options.target_bits, options.min_probability)
    analysis = analyse(result.profiles + found, prior=options.prior, owner=owner, **kwargs)
    analysis.duplicates = result.duplicates
    outcome = Audit(
        profiles=result.profiles,
        discovered=found,
        analysis=analysis,
        seconds=0.0,
        profiles_path=options.profiles_out,
        owner=owner,
        saved=result.saved,
    )
    if options.keep_history:
        from linkage.audit_history import compare_with_history

        compare_with_history(outcome, [p.id for p in result.profiles], options.redact)
    events.stage("done")
    outcome.seconds = time.monotonic() - started
    return outcome


def discover(
    profiles: Sequence[Profile], ctx: CollectContext, options: AuditOptions
) -> list[Profile]:
    """Accounts found by following links and (with ``discover``) by the username sweep."""
    from linkage.discovery import follow_links, sweep_usernames

    found = follow_links(list(profiles), ctx, depth=options.depth) if options.depth else []
    if options.discover:
        if options.http.offline:
            raise UsageError("--discover needs the network; leave out --offline.")
        found += sweep_usernames(
            list(profiles) + found, ctx, sites=options.sites, variants=options.variants
        )
    return found


def analyse_stored(
    profiles: Sequence[Profile],
    links: Sequence[Link] | None = None,
    *,
    prior: float | None = None,
    target_bits: float | None = None,
    min_probability: float | None = None,
    owner: str | None = None,
) -> Analysis:
    """The analysis of profiles collected before (``linkage report``); fetches nothing."""
    from linkage.evidence.analysis import analyse

    kwargs = _settings(target_bits, min_probability)
    return analyse(profiles, links, prior=prior, owner=owner, **kwargs)


def _settings(target_bits: float | None, min_probability: float | None) -> dict[str, float]:
    """The analysis's settings that were given (the others keep their defaults)."""
    given = {"target_bits": target_bits, "min_probability": min_probability}
    return {name: value for name, value in given.items() if value is not None}
