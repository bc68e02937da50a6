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
    drop_from_index,
    forget_app_audit,
    forget_profiles,
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
    from linkage import history
    from linkage.store import kept_ids as stored

    return stored(cache_dir) | history.mentioned_ids()


def targets(specs: Sequence[Any], config: Any) -> list[Target]:
    """What each listed account is kept under: a handle under its id (both schemes for a
    website); a data export under the ids of the profiles read from a file of its name, or,
    when none is kept, the id the export itself gives if it can still be read."""
    from linkage.store import export_ids

    found = []
    for spec in specs:
        if spec.handle is not None:
            found.append(Target(spec.label, spellings(spec.handle.id), spec))
            continue
        ids = export_ids(spec.archive.name) if spec.archive is not None else set()
        # read the export again (up to 512 MB) only when no kept profile names its file
        read = None if ids else _export_id(spec, config)
        name = spec.archive.name if spec.archive is not None else "?"
        found.append(Target(f"{name} (data export)", ids | ({read} if read else set()), spec))
    return found


def _export_id(spec: Any, config: Any) -> str | None:
    """The id of the account a data export holds, read from it offline (None when it can no
    longer be read)."""
    from collectors.base import CollectContext
    from collectors.http import HttpClient
    from linkage.pipeline import collect_one

    if spec.archive is None or not Path(spec.archive).exists():
        return None
    offline = dataclasses.replace(config, offline=True, refresh=False)
    profile = collect_one(spec, CollectContext(http=HttpClient(offline)))
    return profile.id.lower() if profile.ok else None


def forget_accounts(wanted: Sequence[Target], config: Any) -> tuple[list[Forgotten], int, int]:
    """Delete everything kept about these accounts: every cached answer read for them or for
    the accounts discovered from them (whichever endpoint served it), their entries in the
    account index, the kept audits and profiles files that mention them (the app's last
    audit too, in its default folder), and what the username sweep kept about the username
    each would be swept as, with its variants (:func:`linkage.discovery.swept_as`). Returns
    what was deleted per account, and the numbers of kept audits and profiles files deleted.

    Answers cached before the account index existed are found by replaying the account's
    collection offline against the cache (which needs the same ``--endpoint`` as then)."""
    from collectors import cache_admin
    from collectors.sweep.cache import forget_usernames
    from collectors.sweep.variants import variants
    from linkage import history
    from linkage.discovery import swept_as

    cache_dir = Path(config.cache_dir).expanduser()
    before = kept_ids(cache_dir)
    results: list[Forgotten] = []
    everyone: set[str] = set()
    for target in wanted:
        spec = target.spec
        handle = spec.handle if spec is not None else None
        ids = with_discovered(cache_dir, target.ids)
        everyone |= ids
        known = indexed_addresses(cache_dir, ids)
        addresses: set[Address] = set().union(*known.values()) if known else set()
        result = Forgotten(
            target.label, discovered=sorted(ids - target.ids), kept=bool(ids & before)
        )
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
        result.kept = result.kept or bool(result.answers or result.sweep_answers)
        results.append(result)
    drop_from_index(cache_dir, everyone)
    audits = history.forget(everyone) + forget_app_audit(everyone)
    return results, audits, forget_profiles(everyone)
