"""The sweep's cache: what each site said about each username, kept for a day.

A sweep asks hundreds of sites; asking them all again a minute later is neither quick nor
polite. So the *verdict* of every check that could tell (``found`` or ``missing``, with its
HTTP status and reason) is kept, and so is each site's answer about a random username (the
probe, see :mod:`collectors.sweep.runner`). Nothing else is kept: no page, no header.

* A check is keyed by the site's fingerprint (:func:`site_key`: everything that shapes the
  request and reads the answer, and where ``--endpoint`` sends it, so an edited site list is
  never answered from the old entry) and the username as sent to the site; the username as
  asked is kept beside it, so that ``linkage forget`` can find it. A probe is keyed by the
  site's fingerprint alone.
* "Could not tell" is never kept: the next run asks exactly those again.
* An entry is good for :data:`~collectors.http.policy.CACHE_LIFETIME` (a day, as the
  collectors' response cache); older ones are ignored and deleted. ``--refresh`` asks every
  site again and overwrites what was kept.
* The file (``sweep-cache.sqlite`` in the cache folder) is owner-only (0600, its folder 0700);
  deleted entries are overwritten and the file compacted (``secure_delete``, ``VACUUM``).

Writes are gathered and saved in one transaction when the cache is closed, so a sweep holds
the file's write lock for a moment only. Standard library only.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import sqlite3
import time
from collections.abc import Callable, Iterable, Mapping
from contextlib import closing
from pathlib import Path
from typing import Any

from collectors.http.endpoints import map_url
from collectors.http.policy import CACHE_LIFETIME
from collectors.sweep.model import FOUND, MARK, MISSING, Site, Template
from linkage.errors import InputError

FILE_NAME = "sweep-cache.sqlite"
#: The verdicts worth keeping: a site that could not tell is asked again next time.
KEPT = (FOUND, MISSING)
#: What of a site entry shapes its request and how its answer is read (not its name, the
#: address shown to people, or its tags).
_DEFINING = ("check", "method", "body", "headers", "follow_redirects", "rule")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS checks (
    site TEXT NOT NULL,
    name TEXT NOT NULL,
    username TEXT NOT NULL,
    status TEXT NOT NULL,
    http_status INTEGER,
    detail TEXT NOT NULL,
    at REAL NOT NULL,
    PRIMARY KEY (site, name)
);
CREATE TABLE IF NOT EXISTS probes (
    site TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    at REAL NOT NULL
);
"""

#: A kept check: (status, detail, http status).
Verdict = tuple[str, str, int | None]


def cache_file(cache_dir: Path) -> Path:
    return Path(cache_dir).expanduser() / FILE_NAME


def site_key(site: Site, endpoints: Mapping[str, str] | None = None) -> str:
    """The fingerprint of a site entry: its request (address, method, body, headers,
    redirects), its detection rule, and where ``endpoints`` send its requests."""
    definition = {name: _plain(getattr(site, name)) for name in _DEFINING}
    definition["sent to"] = list(map_url(endpoints or {}, site.request_url("username")))
    text = json.dumps(definition, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _plain(value: Any) -> Any:
    """``value`` as JSON data, the same for the same definition in every process."""
    if isinstance(value, Template):
        return MARK.join(value.parts)
    if isinstance(value, re.Pattern):
        return [value.pattern, value.flags]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {"kind": type(value).__name__, **fields}
    if isinstance(value, (set, frozenset)):
        return sorted((_plain(v) for v in value), key=repr)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in sorted(value.items())}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return repr(value)


class SweepCache:
    """The kept verdicts in one cache folder. ``clock`` gives the time (epoch seconds)."""

    def __init__(
        self,
        cache_dir: Path,
        *,
        lifetime: float = CACHE_LIFETIME,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.path = cache_file(cache_dir)
        self.lifetime, self.clock = lifetime, clock
        _private_file(self.path)
        self.db = sqlite3.connect(self.path, timeout=30)
        try:
            self.db.execute("PRAGMA secure_delete = ON")
            self.db.executescript(_SCHEMA)
            oldest = self.clock() - lifetime
            with self.db:
                self.db.execute("DELETE FROM checks WHERE at <= ?", (oldest,))
                self.db.execute("DELETE FROM probes WHERE at <= ?", (oldest,))
        except sqlite3.DatabaseError as exc:
            self.db.close()
            raise InputError(
                f"cannot use the sweep's cache {self.path} ({exc}): delete that file, or give "
                "another --cache-dir."
            ) from None
        #: (site, name as sent) -> (username as asked, status, detail, http status)
        self._checks: dict[tuple[str, str], tuple[str, str, str, int | None]] = {}
        self._probes: dict[str, str] = {}

    def __enter__(self) -> SweepCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _fresh(self) -> tuple[float, float]:
        now = self.clock()
        return now - self.lifetime, now

    def check(self, site: str, name: str) -> Verdict | None:
        """The kept verdict of asking ``site`` (a :func:`site_key`) about ``name``, or None."""
        row = self.db.execute(
            "SELECT status, detail, http_status FROM checks "
            "WHERE site = ? AND name = ? AND at > ? AND at <= ?",
            (site, name, *self._fresh()),
        ).fetchone()
        return (row[0], row[1], row[2]) if row is not None and row[0] in KEPT else None

    def probe(self, site: str) -> str | None:
        """The kept verdict of the site's random-username probe, or None."""
        row = self.db.execute(
            "SELECT status FROM probes WHERE site = ? AND at > ? AND at <= ?",
            (site, *self._fresh()),
        ).fetchone()
        return row[0] if row is not None and row[0] in KEPT else None

    def keep_check(
        self, site: str, username: str, name: str, status: str, detail: str, code: int | None
    ) -> None:
        """Keep a check's verdict (saved on :meth:`save`); "could not tell" is not kept."""
        if status in KEPT:
            self._checks[(site, name)] = (username, status, detail, code)

    def keep_probe(self, site: str, status: str) -> None:
        if status in KEPT:
            self._probes[site] = status

    def save(self) -> None:
        """Write what was kept since the last save, stamped with the time now."""
        if not (self._checks or self._probes):
            return
        now = self.clock()
        with self.db:
            self.db.executemany(
                "INSERT OR REPLACE INTO checks VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (site, name, username, status, code, detail, now)
                    for (site, name), (username, status, detail, code) in self._checks.items()
                ],
            )
            self.db.executemany(
                "INSERT OR REPLACE INTO probes VALUES (?, ?, ?)",
                [(site, status, now) for site, status in self._probes.items()],
            )
        self._checks.clear()
        self._probes.clear()

    def forget(self, usernames: Iterable[str]) -> int:
        """Delete the checks of these usernames (as asked or as sent, in any case); how many."""
        wanted = {u.casefold() for u in usernames}
        if not wanted:
            return 0
        self.db.create_function("casefold", 1, lambda s: s.casefold(), deterministic=True)
        marks = ", ".join("?" * len(wanted))
        with self.db:
            deleted = self.db.execute(
                f"DELETE FROM checks WHERE casefold(username) IN ({marks}) "
                f"OR casefold(name) IN ({marks})",
                [*wanted, *wanted],
            ).rowcount
        if deleted:
            self.db.execute("VACUUM")
        return deleted

    def close(self) -> None:
        try:
            self.save()
        finally:
            self.db.close()
            if self.path.exists():
                os.chmod(self.path, 0o600)


def forget_usernames(cache_dir: Path, usernames: Iterable[str]) -> int:
    """Delete what the sweep kept about these usernames (nothing is created when there is no
    cache); how many checks were deleted."""
    if not cache_file(cache_dir).exists():
        return 0
    with SweepCache(cache_dir) as cache:
        return cache.forget(usernames)


def delete_cache(cache_dir: Path) -> int | None:
    """Delete the sweep's cache file; how many checks it held (None when there was none)."""
    path = cache_file(cache_dir)
    if not path.exists():
        return None
    with closing(sqlite3.connect(path)) as db:
        try:
            count = db.execute("SELECT COUNT(*) FROM checks").fetchone()[0]
        except sqlite3.DatabaseError:  # damaged, or made by another version: deleted all the same
            count = 0
    for file in (path, Path(f"{path}-journal"), Path(f"{path}-wal"), Path(f"{path}-shm")):
        file.unlink(missing_ok=True)
    return int(count)


def _private_file(path: Path) -> None:
    """``path`` and its folder owner-only, whatever the umask (the file created if missing)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path.parent, 0o700)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    os.chmod(path, 0o600)
