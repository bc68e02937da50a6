"""Collecting one account (:func:`collect_one`), as the pipeline, the app and ``linkage forget``
do it, and how fresh what it reads must be (:func:`fresh_config`).

The response cache keeps each answer for a day, so that an interrupted run goes on where it
stopped and ``--offline`` can redo an audit. What it must not do is hide the person's own
changes: an audit is most often run again to see whether the changes made since the last one
helped. So, unless ``--offline`` or ``--refresh`` says otherwise:

* answers saved before the last kept audit of the same accounts are asked for again
  (revalidated where they carry a validator, fetched anew otherwise); answers saved after it,
  by a run that did not finish, still come from the cache;
* an account that failed with a reason a saved answer can give (not found, suspended,
  private, a damaged answer) while some of its answers came from the cache is asked again
  before the failure is reported;
* what still came from the cache is dated by when it was saved (the profile's
  ``collected.at``), so the command line and the report can say so.
"""

from __future__ import annotations

import dataclasses
import sqlite3
import traceback
from dataclasses import replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from linkage import platforms
from linkage.accounts import AccountSpec
from linkage.clock import now_iso
from linkage.noting_client import NotingClient
from linkage.platforms.web import web_handle
from linkage.records import Collected, Profile
from linkage.status import Status, StatusKind

if TYPE_CHECKING:
    from collections.abc import Sequence

    from collectors.base import CollectContext
    from collectors.http import HttpConfig

#: The failures a saved answer can give (a 404, a suspended or private profile, a damaged
#: answer): asked again of the sites when they came from the cache.
ASK_AGAIN = frozenset(
    (StatusKind.NOT_FOUND, StatusKind.SUSPENDED, StatusKind.PRIVATE, StatusKind.BAD_RESPONSE)
)


def fresh_config(specs: Sequence[AccountSpec], config: HttpConfig) -> HttpConfig:
    """The run's HTTP settings, asking again for the answers saved before the last kept audit
    that listed any of these accounts (``HttpConfig.fresh_after``: the one this audit is
    compared with, or a later one of another list, whose answers are as old); as given with
    ``--offline`` or ``--refresh``, without a cache, or when no audit of them was kept."""
    if config.cache_dir is None or config.offline or config.refresh:
        return config
    from linkage import history_choice

    last = history_choice.last_sharing(_kept_ids(specs))
    if last is None:
        return config
    try:
        when = datetime.fromisoformat(last.at.replace("Z", "+00:00"))
    except ValueError:
        return config
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return dataclasses.replace(config, fresh_after=when.timestamp())


def _kept_ids(specs: Sequence[AccountSpec]) -> list[str]:
    """The accounts as kept audits name them: a data export by the id of the account read
    from a file of its name ("x:alex_example" for twitter-2024.zip), where one is kept."""
    from linkage.store import export_ids

    ids = []
    for spec in specs:
        if spec.archive is not None:
            found = sorted(export_ids(spec.archive.name))
            ids.append(found[0] if found else spec.label)
        else:
            assert spec.handle is not None
            ids.append(spec.handle.id)
    return ids


def iso_time(epoch: float) -> str:
    """Epoch seconds as the records write a time (ISO 8601, UTC, ``Z``)."""
    return datetime.fromtimestamp(epoch, UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def collect_one(spec: AccountSpec, ctx: CollectContext) -> Profile:
    """Collect one account; never raises: failures become ``collected.error``.

    When the context's client is a :class:`NotingClient` (a run with a cache folder), the
    addresses read for this account are noted under its id (for ``linkage forget``); a failure
    made from answers saved earlier (a "not found" from this morning) is asked again of the
    sites before it is reported; and when some answers still came from the cache, the profile's
    ``collected.at`` is when the oldest of them was saved: when its data was really fetched."""
    book = ctx.http.book if isinstance(ctx.http, NotingClient) else None
    if book is None:
        return _collect_one(spec, ctx)
    with book.noting() as notes:
        profile = _collect_one(spec, ctx)
    if notes.saved and profile.status.kind in ASK_AGAIN and not ctx.http.config.offline:
        with book.noting() as again:
            profile = _collect_one(spec, replace(ctx, http=ctx.http.refreshing()))
        notes |= again
        notes.saved[:] = again.saved
    if notes.saved and profile.collected is not None:
        profile.collected.at = iso_time(min(notes.saved))
    book.add(profile.id, notes)
    return profile


def _collect_one(spec: AccountSpec, ctx: CollectContext) -> Profile:
    from collectors import registry
    from collectors.errors import CollectError

    try:
        if spec.archive is not None:
            profile = _import_archive(spec, ctx)
        else:
            assert spec.handle is not None
            collector = registry.get(spec.handle.platform)
            assert collector is not None
            profile = collector.collect(spec.handle.name, ctx)
    except CollectError as exc:
        profile = failed_profile(spec, exc.as_status(), getattr(exc, "platform", None))
    except sqlite3.Error:
        raise  # the response cache cannot be used: no account can be (linkage.pipeline says)
    except Exception as exc:
        detail = "".join(traceback.format_exception_only(exc)).strip()
        profile = failed_profile(
            spec,
            Status.failure(
                StatusKind.INTERNAL_ERROR, f"{detail}. This is a bug in linkage; please report it."
            ),
        )
    profile.persona = spec.persona
    return profile


def _import_archive(spec: AccountSpec, ctx: CollectContext) -> Profile:
    from collectors.archives import import_archive

    assert spec.archive is not None
    return import_archive(spec.archive, ctx, kind=spec.kind, handle=spec.name)


def shown_handle(spec: AccountSpec) -> tuple[str, str]:
    """``(platform, handle)`` of a listed account as its profile shows them before it is read:
    a website by its host and path, an export by its file name (and the platform its kind
    names)."""
    if spec.handle is not None:
        name = spec.handle.name
        return spec.handle.platform, web_handle(name) if spec.handle.platform == "web" else name
    platform = _kind_platform(spec.kind) or platforms.UNKNOWN_EXPORT
    return platform, spec.archive.name if spec.archive else "archive"


def failed_profile(spec: AccountSpec, status: Status, platform: str | None = None) -> Profile:
    """The record of an account that could not be read; an export's ``platform`` is the one
    its kind names or its contents showed, where known."""
    platform_name, handle = shown_handle(spec)
    if spec.handle is not None:
        known = platforms.get(spec.handle.platform)
        return Profile(
            id=spec.handle.id,
            platform=platform_name,
            # as the collector would have shown it: a website by its host and path
            handle=handle,
            url=known.profile_url(spec.handle.name) if known else None,
            persona=spec.persona,
            collected=Collected(collector=spec.handle.platform, at=now_iso(), status=status),
        )
    name = handle
    return Profile(
        id=f"archive:{name}",
        platform=platform or platform_name,
        handle=name,
        persona=spec.persona,
        collected=Collected(collector="archive", at=now_iso(), source=name, status=status),
    )


def _kind_platform(kind: str | None) -> str | None:
    """The platform an archive kind is an export of (``x-archive`` -> ``x``)."""
    if kind is None:
        return None
    from collectors.archives import all_importers

    importer = all_importers().get(kind.strip().lower())
    return importer.platform if importer is not None else kind
