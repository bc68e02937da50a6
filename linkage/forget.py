"""``linkage forget``: delete everything kept about some accounts.

This is orchestration: it joins the data folder and account index (:mod:`linkage.store`),
the kept audits (:mod:`linkage.history`), the response cache (:mod:`collectors.cache_admin`)
and the username sweep's cache (:mod:`collectors.sweep.cache`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from linkage.store import (
    Address,
    data_dir,
    drop_from_index,
    forget_app_audit,
    indexed_addresses,
    with_discovered,
)


@dataclasses.dataclass
class Forgotten:
    """What ``linkage forget`` deleted for one named account."""

    account: str
    answers: int = 0
    #: accounts found from it (by a link or the username sweep) whose answers went too
    discovered: list[str] = dataclasses.field(default_factory=list)
    #: the cache held answers of this account made before the index existed: found by replay
    replayed: bool = False
    #: the username the sweep looks for on behalf of this account (None: it has none)
    username: str | None = None
    #: what the username sweep kept about that username (and its variants), deleted
    sweep_answers: int = 0
    #: whether linkage kept anything about it at all (False: nothing matched the name)
    kept: bool = False


def _platform_name(account_id: str) -> tuple[str, str]:
    """``("x", "alex_example")`` of ``x:alex_example``."""
    platform, _, name = account_id.partition(":")
    return platform, name


def _matches(entry_host: str, entry_target: str, addresses: set[Address]) -> bool:
    for host, target in addresses:
        if entry_host == host and (
            entry_target == target or (target != "/" and entry_target.endswith(target))
        ):
            return True
    return False


def spellings(account: str) -> set[str]:
    """The ids one account may have been kept under: a website named without its scheme
    (``ann.example.org``) is read as https, but may have been audited over http."""
    own = account.lower()
    for scheme, other in (("web:https://", "web:http://"), ("web:http://", "web:https://")):
        if own.startswith(scheme):
            return {own, other + own[len(scheme) :]}
    return {own}


@dataclasses.dataclass
class Target:
    """One account to forget, as the person named it, and the ids it is kept under."""

    label: str
    #: lower case
    ids: set[str]
    #: the accounts-file entry or handle it came from (None: named by a kept id alone)
    spec: Any | None = None


def kept_ids(cache_dir: Path) -> set[str]:
    """Every account id (lower case) linkage keeps something about: kept audits, profiles
    files, the app's last audit and the cache's account index."""
    from linkage.history import mentioned_ids
    from linkage.store import kept_ids as stored

    return stored(cache_dir) | mentioned_ids()


def targets(specs: Sequence[Any], config: Any) -> list[Target]:
    """What each listed account is kept under: a handle under its id (both schemes for a
    website); a data export under the ids of the profiles read from a file of its name, or,
    when none is kept, the id the export itself gives if it can still be read."""
    from linkage.store import export_ids

    found = []
    for spec in specs:
        if spec.handle is not None:
            found.append(Target(named_as(spec), spellings(spec.handle.id), spec))
            continue
        ids = export_ids(spec.archive.name) if spec.archive is not None else set()
        # read the export again (up to 512 MB) only when no kept profile names its file
        read = None if ids else _export_id(spec, config)
        name = spec.archive.name if spec.archive is not None else "?"
        found.append(Target(f"{name} (data export)", ids | ({read} if read else set()), spec))
    return found


def named_as(spec: Any) -> str:
    """An account named as the person named it: by its id, but a Gravatar account given by
    its email address by that address (its id holds the address's hash, never typed)."""
    return spec.shown


def kept_under(wanted: Sequence[Target], cache_dir: Path) -> set[str]:
    """Every id (lower case) kept about these accounts: their own, and those of the accounts
    found from them (by a link or the username sweep), which are forgotten with them."""
    return set().union(*(with_discovered(cache_dir, t.ids) for t in wanted))


def audits_of(wanted: Sequence[Target], cache_dir: Path) -> Any:
    """The kept files forgetting these accounts deletes (:class:`linkage.kept_files.Found`),
    those that were audits of other accounts too (``shared``) newest first: the next audit
    of those ``others`` then has no earlier one to compare with. Nothing is deleted."""
    from linkage.kept_files import audits_about

    found = audits_about(kept_under(wanted, cache_dir))
    found.shared.sort(key=lambda past: past.at, reverse=True)
    return found


def _export_id(spec: Any, config: Any) -> str | None:
    """The id of the account a data export holds, read from it offline (None when it can no
    longer be read)."""
    from collectors.base import CollectContext
    from collectors.http import HttpClient
    from linkage.pipeline import collect_one

    if spec.archive is None or not Path(spec.archive).exists():
        return None
    # the export alone: nothing fetched, and the cache (perhaps read-only) not opened
    offline = dataclasses.replace(config, offline=True, refresh=False, cache_dir=None)
    with HttpClient(offline) as client:
        profile = collect_one(spec, CollectContext(http=client))
    return profile.id.lower() if profile.ok else None


@dataclasses.dataclass
class Failure:
    """Something ``forget`` could not delete: what, where, and why (the system's words)."""

    what: str
    where: Path
    why: str
    #: in the cache folder (else in the data folder)
    in_cache: bool = False


def attempt(
    failures: list[Failure], what: str, where: Path, action: Any, in_cache: bool = False
) -> Any:
    """Run one deletion, ``action()``; a failure of the system (read-only disk, damaged
    database) is noted in ``failures``, and the other deletions go on."""
    import sqlite3

    try:
        return action()
    except OSError as exc:
        why = exc.strerror or str(exc)
        failures.append(Failure(what, Path(exc.filename or where), why, in_cache))
    except sqlite3.Error as exc:
        failures.append(Failure(what, where, str(exc), in_cache))
    return None


@dataclasses.dataclass
class Forgetting:
    """What ``forget_accounts`` deleted, what it could not, and what it left on purpose."""

    accounts: list[Forgotten]
    #: kept audits deleted (``history/``), damaged ones among them
    audits: int = 0
    damaged: list[Path] = dataclasses.field(default_factory=list)
    #: collected profiles files deleted (``profiles/``; ``.partial`` leftovers among them)
    profiles: int = 0
    #: the app's last audits deleted: each folder, with the names of its files
    app_audits: list[tuple[Path, list[str]]] = dataclasses.field(default_factory=list)
    #: the other accounts the deleted kept audits were audits of
    others: set[str] = dataclasses.field(default_factory=set)
    #: kept files that could not be opened to check
    unchecked: list[Path] = dataclasses.field(default_factory=list)
    failures: list[Failure] = dataclasses.field(default_factory=list)
    uploads: Any = None  # linkage.forget_uploads.Uploads, when uploads were looked at

    def step(self, what: str, where: Path, action: Any, *, in_cache: bool = False) -> Any:
        """Run one deletion (:func:`attempt`), noting a failure here."""
        return attempt(self.failures, what, where, action, in_cache)

    def delete(self, what: str, path: Path) -> bool:
        """Delete one file; whether it went (a failure is noted)."""
        failed = len(self.failures)
        self.step(what, path, lambda: path.unlink(missing_ok=True))
        return len(self.failures) == failed


def forget_accounts(
    wanted: Sequence[Target],
    config: Any,
    *,
    uploads: bool = True,
    known: set[str] | None = None,
) -> Forgetting:
    """Delete everything kept about these accounts: every cached answer read for them or for
    the accounts discovered from them (whichever endpoint served it), their entries in the
    account index, every file in the data folder's ``history/`` and ``profiles/`` that holds
    them (damaged ones and leftovers of interrupted writes too), the app's last audit that
    holds them (in each of its folders), what the username sweep kept about the username each
    would be swept as, with its variants (:func:`linkage.discovery.swept_as`), and (with
    ``uploads``) the app's own copies of the data exports they were read from
    (:mod:`linkage.forget_uploads`).

    Answers cached before the account index existed are found by replaying the account's
    collection offline against the cache (which needs the same ``--endpoint`` as then).
    ``known``: :func:`kept_ids`, when the caller read it already (nothing deleted since)."""
    from linkage import forget_uploads
    from linkage.kept_files import audits_about, profiles_about

    cache_dir = Path(config.cache_dir).expanduser()
    before = kept_ids(cache_dir) if known is None else known
    done = Forgetting([])
    # which uploads hold them: known by the kept profiles, which are deleted below
    planned = forget_uploads.plan(wanted, config) if uploads else None
    everyone: set[str] = set()
    for target in wanted:
        ids = with_discovered(cache_dir, target.ids)
        everyone |= ids
        result = Forgotten(
            target.label, discovered=sorted(ids - target.ids), kept=bool(ids & before)
        )
        done.step(
            f"the saved pages of {target.label}",
            cache_dir,
            lambda t=target, i=ids, r=result: _forget_cached(t, i, r, cache_dir, config),
            in_cache=True,
        )
        result.kept = result.kept or bool(result.answers or result.sweep_answers)
        done.accounts.append(result)
    done.step(
        "the account index", cache_dir, lambda: drop_from_index(cache_dir, everyone), in_cache=True
    )
    data = data_dir(create=False)
    audits, profiles = audits_about(everyone), profiles_about(everyone)
    done.unchecked = [*audits.unchecked, *profiles.unchecked]
    done.others = audits.others
    done.audits = sum(done.delete("a past audit", p) for p in [*audits.files, *audits.damaged])
    done.damaged = [p for p in audits.damaged if not p.exists()]
    done.profiles = sum(
        done.delete("a collected profiles file", p) for p in [*profiles.files, *profiles.damaged]
    )
    done.app_audits = (
        done.step("the app's last audit", data, lambda: forget_app_audit(everyone)) or []
    )
    if planned is not None:
        done.uploads = done.step(
            "the app's uploaded exports", data, lambda: forget_uploads.carry_out(planned)
        )
        for result, target in zip(done.accounts, wanted, strict=True):
            result.kept = result.kept or planned.holds(target)
    return done


def _forget_cached(
    target: Target, ids: set[str], result: Forgotten, cache_dir: Path, config: Any
) -> None:
    """Delete what the cache folder keeps about one account (and those found from it)."""
    from collectors import cache_admin
    from collectors.sweep.cache import forget_usernames
    from collectors.sweep.variants import variants
    from linkage.discovery import swept_as

    spec = target.spec
    handle = spec.handle if spec is not None else None
    known = indexed_addresses(cache_dir, ids)
    addresses: set[Address] = set().union(*known.values()) if known else set()
    if (
        not target.ids & known.keys()
        and handle is not None
        and cache_admin.database(cache_dir).exists()
    ):
        from linkage.pipeline import collect_one

        addresses |= cache_admin.addresses_of([spec], config, collect_one)
        result.replayed = True
    if addresses:
        result.answers = cache_admin.delete_matching(
            cache_dir, lambda e, a=addresses: _matches(e.host, e.target, a)
        )
    if handle is not None:
        result.username = swept_as(handle.platform, handle.name)
    else:  # an export's account, or one named by its id: the username its id holds
        result.username = next(
            (n for i in sorted(target.ids) if (n := swept_as(*_platform_name(i)))), None
        )
    if result.username:
        result.sweep_answers = forget_usernames(cache_dir, variants(result.username))
