"""The persistent response cache: a requests-cache SQLite store that keeps no credentials.

The database and its directory are owner-only; answers are keyed by URL plus the ``Host`` and
``Accept`` headers, with credential parameters (:data:`SECRET_PARAMS`) and ``Authorization``
left out of the key and redacted from what is stored; only a few plain request headers are kept,
and no cookies or ``Vary``. requests-cache is imported only when a cache is used.

An answer saved before the session's ``fresh_after`` moment (the last kept audit of the accounts
being read) is not served as it is: it is asked for again, as a conditional request where it
carries a validator (``ETag``, ``Last-Modified``), anew otherwise; answers saved after it (by a run
that was interrupted, say) are served from the cache while they last.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import Any

import requests
from requests.cookies import RequestsCookieJar
from requests.structures import CaseInsensitiveDict

CACHEABLE_STATUSES = (200, 203, 300, 301, 308, 404, 410)
#: Query parameters that carry credentials: redacted in the cache.
SECRET_PARAMS = ["access_token", "api_key", "apikey", "key", "token", "client_secret", "password"]
#: The only request headers stored with a cached answer.
_KEPT_REQUEST_HEADERS = {"accept", "accept-language", "host", "user-agent"}


#: A request header that makes a cached answer unusable as it is: asked again (conditionally
#: where it has a validator), as ``--refresh`` does.
ASK_AGAIN = {"Cache-Control": "min-fresh=3153600000"}


def cached_session(
    cache_dir: Path, *, expire_after: float, offline: bool, fresh_after: float | None = None
) -> requests.Session:
    """A caching session storing its answers in ``cache_dir`` (created owner-only); answers
    saved before ``fresh_after`` (epoch seconds) are asked for again."""
    cache_dir = Path(cache_dir).expanduser()
    cache_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(cache_dir, 0o700)
    db = cache_dir / "http-cache.sqlite"
    if not db.exists():
        os.close(os.open(db, os.O_WRONLY | os.O_CREAT, 0o600))
    for path in (db, Path(f"{db}-wal"), Path(f"{db}-shm"), Path(f"{db}-journal")):
        if path.exists():
            os.chmod(path, 0o600)
    session = fresh_session_class()(
        backend=private_cache(db),
        expire_after=expire_after,
        allowable_codes=CACHEABLE_STATUSES,
        cache_control=False,
        # offline, an expired answer is better than none
        stale_if_error=offline,
        ignored_parameters=["Authorization", *SECRET_PARAMS],
        match_headers=["Host", "Accept"],
    )
    session.fresh_after = fresh_after
    return session


def saved_at(raw: Any) -> float | None:
    """When a cached answer was saved (epoch seconds), unless the site was asked and confirmed
    it just now (a revalidated answer is as fresh as a new one)."""
    created = getattr(raw, "created_at", None)
    if getattr(raw, "revalidated", False) or not isinstance(created, datetime):
        return None
    return created.timestamp()


def fresh_session_class() -> Any:
    """requests-cache's session, asking again for answers saved before ``fresh_after``."""
    from requests_cache import CachedSession

    class FreshSession(CachedSession):
        #: epoch seconds; an answer saved before it is not served without asking the site
        fresh_after: float | None = None

        def send(self, request, **kwargs):  # type: ignore[no-untyped-def]
            if (
                self.fresh_after is not None
                and not kwargs.get("only_if_cached")
                and not kwargs.get("refresh")
            ):
                saved = self.cache.get_response(self.cache.create_key(request))
                if saved is not None and saved.created_at.timestamp() < self.fresh_after:
                    kwargs["refresh"] = True
                    request.headers.update(ASK_AGAIN)
            return super().send(request, **kwargs)

    return FreshSession


def private_cache(db: Path) -> Any:
    """The SQLite store for ``db``, saving answers without credentials."""
    from requests_cache import SQLiteCache
    from requests_cache.cache_keys import redact_response
    from requests_cache.models import CachedResponse

    class PrivateCache(SQLiteCache):
        """Stores no credentials: only a few plain request headers, no cookies, no ``Vary``
        (the cache key already holds the headers that change an answer: Host and Accept)."""

        def save_response(self, response, cache_key=None, expires=None):  # type: ignore[no-untyped-def]
            cache_key = cache_key or self.create_key(response.request)
            cached = CachedResponse.from_response(response, expires=expires)
            cached = redact_response(cached, self._settings.ignored_parameters)
            cached.request.headers = CaseInsensitiveDict(
                {
                    k: v
                    for k, v in cached.request.headers.items()
                    if k.lower() in _KEPT_REQUEST_HEADERS
                }
            )
            cached.request.cookies = RequestsCookieJar()
            cached.cookies = RequestsCookieJar()
            cached._next = None  # the redirect requests would prepare; it holds the headers
            for name in ("Set-Cookie", "Vary"):
                cached.headers.pop(name, None)
            self.responses[cache_key] = cached

    return PrivateCache(str(db), wal=True)
