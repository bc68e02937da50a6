"""The pipeline: collect the accounts, link them, analyse the result.

Collection runs accounts concurrently (the HTTP layer keeps each host's share modest), saves
every profile as soon as it is collected, and turns any failure of one account into a status
on that account's record so the others go on.
"""

from __future__ import annotations

import contextlib
import json
import queue
import threading
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from collectors import registry
from collectors.base import CollectContext, now_iso
from collectors.errors import CollectError
from linkage.accounts import AccountSpec
from linkage.records import Collected, Profile, open_private

MAX_WORKERS = 8


@dataclass
class CollectionResult:
    profiles: list[Profile] = field(default_factory=list)

    @property
    def failed(self) -> list[Profile]:
        return [p for p in self.profiles if not p.ok]


def collect_one(spec: AccountSpec, ctx: CollectContext) -> Profile:
    """Collect one account; never raises: failures become ``collected.error``."""
    try:
        if spec.archive is not None:
            profile = _import_archive(spec, ctx)
        else:
            assert spec.handle is not None
            collector = registry.get(spec.handle.platform)
            assert collector is not None
            profile = collector.collect(spec.handle.name, ctx)
    except CollectError as exc:
        profile = failed_profile(spec, str(exc))
    except Exception as exc:
        detail = "".join(traceback.format_exception_only(exc)).strip()
        profile = failed_profile(
            spec, f"internal error: {detail}. This is a bug in linkage; please report it."
        )
    profile.persona = spec.persona
    return profile


def _import_archive(spec: AccountSpec, ctx: CollectContext) -> Profile:
    from collectors.archives import import_archive

    assert spec.archive is not None
    return import_archive(spec.archive, ctx, kind=spec.kind)


def failed_profile(spec: AccountSpec, error: str) -> Profile:
    if spec.handle is not None:
        collector = registry.get(spec.handle.platform)
        return Profile(
            id=spec.handle.id,
            platform=spec.handle.platform,
            handle=spec.handle.name,
            url=collector.profile_url(spec.handle.name) if collector else None,
            persona=spec.persona,
            collected=Collected(collector=spec.handle.platform, at=now_iso(), error=error),
        )
    name = spec.archive.name if spec.archive else "archive"
    return Profile(
        id=f"archive:{name}",
        platform=spec.kind or "archive",
        handle=name,
        persona=spec.persona,
        collected=Collected(collector="archive", at=now_iso(), source=name, error=error),
    )


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
    collected, so an interrupted run loses nothing already collected.
    """
    results: dict[int, Profile] = {}
    sink = open_private(save_to, "w") if save_to is not None else None
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
                sink.write(json.dumps(profile.to_dict(), ensure_ascii=False) + "\n")
                sink.flush()
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
    return CollectionResult(_unique_ids([results[i] for i in sorted(results)]))


def _unique_ids(profiles: list[Profile]) -> list[Profile]:
    """Keep ids unique (an account listed live and as an archive): later ones get ``#2``..."""
    seen: dict[str, int] = {}
    for profile in profiles:
        count = seen.get(profile.id, 0) + 1
        seen[profile.id] = count
        if count > 1:
            profile.id = f"{profile.id}#{count}"
    return profiles
