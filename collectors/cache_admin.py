"""Looking into and deleting from the response cache (``linkage forget``).

The cache is the requests-cache SQLite store of :mod:`collectors.http.cache`. Each answer is
listed under its *logical* address: the host it was meant for (the ``Host`` header, kept when
the endpoint override sent it elsewhere) and its path and query, with credentials left out.

What belongs to an account is found by replaying its collection offline against the cache:
every answer the collector reads is one of that account's (its profile, its writing pages, its
picture). Deleting is followed by ``VACUUM`` so the deleted answers do not linger in the file.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable, Iterable, Sequence
from contextlib import closing
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from collectors.http import HttpClient, HttpConfig
from collectors.http.cache import SECRET_PARAMS

DB_NAME = "http-cache.sqlite"


@dataclass(frozen=True)
class Entry:
    """One cached answer: its cache key and the logical address it answers."""

    key: str
    host: str
    target: str  # path and query, credentials left out

    @property
    def url(self) -> str:
        return f"https://{self.host}{self.target}"


def logical(url: str, host: str | None = None) -> tuple[str, str]:
    """``(host, path?query)`` for ``url`` (or for ``host`` if given): the query sorted (as the
    cache stores it), credentials left out."""
    parts = urlsplit(url)
    secret = {p.lower() for p in SECRET_PARAMS}
    query = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k.lower() not in secret
    ]
    target = (parts.path or "/") + (f"?{urlencode(sorted(query))}" if query else "")
    return (host or parts.netloc).lower(), target


def database(cache_dir: Path) -> Path:
    return Path(cache_dir).expanduser() / DB_NAME


def _open(cache_dir: Path) -> Any:
    from collectors.http.cache import private_cache

    return private_cache(database(cache_dir))


def entries(cache_dir: Path) -> list[Entry]:
    """Every answer in the cache (none when there is no cache)."""
    if not database(cache_dir).exists():
        return []
    cache = _open(cache_dir)
    try:
        found = []
        for response in cache.filter(valid=True, expired=True, invalid=True):
            request = response.request
            host = request.headers.get("Host") if request is not None else None
            url = request.url if request is not None and request.url else response.url
            found.append(Entry(response.cache_key, *logical(url, host)))
        return found
    finally:
        cache.close()


def delete_keys(cache_dir: Path, keys: Iterable[str]) -> int:
    """Delete these answers (and redirects to them); the file is compacted afterwards."""
    keys = list(dict.fromkeys(keys))
    if not keys or not database(cache_dir).exists():
        return 0
    cache = _open(cache_dir)
    try:
        before = len(cache.responses)
        cache.delete(*keys)
        deleted = before - len(cache.responses)
    finally:
        cache.close()
    compact(cache_dir)
    return deleted


def delete_matching(cache_dir: Path, test: Callable[[Entry], bool]) -> int:
    """Delete every answer ``test`` picks."""
    return delete_keys(cache_dir, [e.key for e in entries(cache_dir) if test(e)])


def delete_by_prefix(cache_dir: Path, prefix: str) -> int:
    """Delete every answer whose logical address starts with ``prefix`` (scheme ignored)."""
    host, target = logical(prefix)
    return delete_matching(cache_dir, lambda e: e.host == host and e.target.startswith(target))


def delete_all(cache_dir: Path) -> int:
    """Delete the whole cache (the database files themselves); the number of answers it held."""
    db = database(cache_dir)
    count = len(entries(cache_dir)) if db.exists() else 0
    for path in (db, Path(f"{db}-wal"), Path(f"{db}-shm"), Path(f"{db}-journal")):
        if path.exists():
            os.remove(path)
    return count


def compact(cache_dir: Path) -> None:
    """Fold the write-ahead log in and rewrite the file, so deleted answers leave no trace."""
    db = database(cache_dir)
    with closing(sqlite3.connect(db)) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.execute("VACUUM")
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for path in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        if path.exists():
            os.chmod(path, 0o600)


# -- what belongs to an account --------------------------------------------------------------


class _Recording(HttpClient):
    """An offline client that notes the logical address of every answer it is asked for."""

    def __init__(self, config: HttpConfig) -> None:
        super().__init__(config)
        self.asked: set[tuple[str, str]] = set()
        self._asked_lock = threading.Lock()

    def _get_once(self, url: str, **kwargs: Any):  # type: ignore[no-untyped-def, override]
        with self._asked_lock:
            self.asked.add(logical(url))
        return super()._get_once(url, **kwargs)


def addresses_of(
    specs: Sequence[Any], config: HttpConfig, collect_one: Callable[[Any, Any], Any]
) -> set[tuple[str, str]]:
    """The logical addresses the collection of these accounts reads, replayed offline with
    ``collect_one(spec, ctx)`` (the orchestration's, which knows collectors and archives)."""
    from collectors.base import CollectContext

    offline = replace(config, offline=True, refresh=False)
    with _Recording(offline) as client:
        ctx = CollectContext(http=client, env=dict(os.environ))
        for spec in specs:
            collect_one(spec, ctx)
        return set(client.asked)


def forget_accounts(
    specs: Sequence[Any], config: HttpConfig, collect_one: Callable[[Any, Any], Any]
) -> dict[str, int]:
    """Delete each account's cached answers found by replaying its collection; how many
    were deleted, by account id."""
    assert config.cache_dir is not None
    result: dict[str, int] = {}
    for spec in specs:
        asked = addresses_of([spec], config, collect_one)
        keys = [e.key for e in entries(config.cache_dir) if (e.host, e.target) in asked]
        result[spec.label] = delete_keys(config.cache_dir, keys)
    return result
