"""The one place where linkage talks to the network.

:class:`HttpClient` wraps a single ``requests`` session (connection reuse) with everything a
polite, safe client needs, so that collectors only say *what* to fetch and *how to read it*:

* connect and read timeouts, plus an overall deadline for reading a body;
* retries with exponential backoff on connection errors, 429 and 5xx, honouring
  ``Retry-After`` and the platforms' rate-limit headers (which differ in meaning, see
  :func:`reset_time`);
* a User-Agent naming the tool, its version and its home page;
* a cap on the (decoded) response size, read as a stream, so endless or bomb bodies stop early;
* a per-host concurrency limit and minimum interval between requests (answers served from
  the cache do not wait for either);
* a persistent SQLite response cache (requests-cache) with owner-only permissions, ETag
  revalidation, ``refresh`` and ``offline`` modes, and no credentials stored in it;
* the contract's endpoint override (``--endpoint HOST=BASEURL`` / ``LINKAGE_ENDPOINTS``);
* the address guard for discovered URLs and cross-host redirects (:mod:`collectors.http.guard`).

The parts live beside it (see :mod:`collectors.http`); import the public names from there.
"""

from __future__ import annotations

import copy
import dataclasses
import threading
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import requests

from collectors.errors import BadResponse, CollectError, NotCached, RateLimited
from collectors.http import guard
from collectors.http.cache import ASK_AGAIN, cached_session, saved_at
from collectors.http.config import HttpConfig
from collectors.http.endpoints import map_url, unmap_location
from collectors.http.failures import transport_failure
from collectors.http.limits import (
    HostGate,
    HostGates,
    quota_used_up,
    rate_limit_exhausted,
    reset_time,
)
from collectors.http.policy import MAX_REDIRECTS, REDIRECT_STATUSES
from collectors.http.request import SECRET_HEADERS, encode_params, web_address
from collectors.http.response import Response
from collectors.http.status_words import server_fault, too_many
from collectors.http.transport import CappedAdapter, RequestState, Transfer
from collectors.http.waits import ASKED, SILENT, TROUBLE, Wait, backoff_delay, site_name

__all__ = ["SECRET_HEADERS", "HttpClient", "HttpConfig"]

RETRY_STATUSES = {429, 500, 502, 503, 504}


class HttpClient:
    """One polite, cached, guarded HTTP session for a whole run. Thread-safe."""

    def __init__(
        self, config: HttpConfig | None = None, *, sleep: Callable[[float], None] = time.sleep
    ):
        self.config = config or HttpConfig()
        self.sleep = sleep
        self._state = RequestState()
        self._gates = HostGates(self.config.per_host_concurrency, self.config.min_interval)
        self._count_lock = threading.Lock()
        #: Requests that really went out (cache hits excluded; retries and revalidations counted).
        self.requests_sent = 0
        #: Told of every wait before a request is sent again (:mod:`collectors.http.waits`).
        self.on_wait: Callable[[Wait], None] | None = None
        self.session = self._make_session()

    # -- set-up -----------------------------------------------------------------------------

    def _make_session(self) -> requests.Session:
        cfg = self.config
        if cfg.cache_dir is not None:
            session = cached_session(
                cfg.cache_dir,
                expire_after=cfg.expire_after,
                offline=cfg.offline,
                fresh_after=cfg.fresh_after,
            )
        else:
            session = requests.Session()
        adapter = CappedAdapter(self, pool_connections=32, pool_maxsize=32, max_retries=0)
        session.mount("http://", adapter)
        session.mount("https://", adapter)
        session.headers["User-Agent"] = cfg.user_agent
        session.headers["Accept-Encoding"] = "gzip, deflate"
        return session

    def configure_host(
        self, host: str, *, concurrency: int | None = None, interval: float | None = None
    ) -> None:
        """Let a collector ask for gentler treatment of its platform's host.

        Collectors always ask (with their platform's polite settings); whether the request is
        applied is this layer's decision: it is, unless ``HttpConfig.host_settings`` is off
        (tests and the demo, which talk to a local server).
        """
        if not self.config.host_settings:
            return
        self._gates.configure(host, concurrency=concurrency, interval=interval)

    #: Every request is treated as ``discovered=True`` (see :meth:`for_discovered`).
    _all_discovered = False

    def for_discovered(self) -> HttpClient:
        """A view of this client (the same session, cache, limits, pacing and counters) for
        collecting accounts that were found in collected data rather than given by the user:
        every request it sends meets the address guard, as ``discovered=True`` requests do."""
        view = copy.copy(self)
        view._all_discovered = True
        return view

    def refreshing(self) -> HttpClient:
        """A view of this client (the same session, cache, limits and counters) that asks the
        sites again for every answer, as ``--refresh`` does."""
        view = copy.copy(self)
        view.config = dataclasses.replace(self.config, refresh=True)
        return view

    def check_discovered(self, url: str) -> None:
        """The address guard for an address found in collected data, before collecting it.

        Nothing is checked with ``allow_private``. Otherwise the address is checked as written
        (whatever the endpoint mapping), and, when it is not mapped, its name is resolved and
        every answer must be public (:func:`collectors.http.guard.check_public`). Offline the
        name is not resolved: no request goes out, answers come only from the cache (as they do
        for cache hits online), and an address that is not there fails as not cached.

        Raises :class:`~collectors.errors.AddressRefused`, and, online, a
        :class:`~collectors.errors.NetworkFailure` when the name does not resolve.
        """
        if self.config.allow_private:
            return
        guard.check_written(url)
        if not self.config.offline and not self.is_mapped(url):
            guard.check_public(url)

    def _gate(self, url: str) -> HostGate:
        return self._gates.for_url(url)

    def _count_request(self) -> None:
        with self._count_lock:
            self.requests_sent += 1

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the endpoint override --------------------------------------------------------------

    def mapped(self, url: str) -> tuple[str, str | None]:
        """The address actually requested for ``url``, and the Host header to send (if mapped)."""
        return map_url(self.config.endpoints, url)

    def is_mapped(self, url: str) -> bool:
        return self.mapped(url)[1] is not None

    def _unmap_location(self, location: str, current: str) -> str:
        """Turn a redirect target on a mapped base back into its logical address."""
        return unmap_location(self.config.endpoints, location, current)

    # -- fetching ---------------------------------------------------------------------------

    def get(
        self,
        url: str,
        *,
        headers: Mapping[str, str] | None = None,
        params: Mapping[str, Any] | None = None,
        discovered: bool = False,
        max_bytes: int | None = None,
        max_redirects: int = MAX_REDIRECTS,
    ) -> Response:
        """GET ``url`` politely and return the final answer, whatever its status.

        ``params`` are appended to the query (lists repeat the key, None is left out, booleans
        are ``true``/``false``). ``discovered=True`` marks an address found in collected data:
        it must pass the address guard (:mod:`collectors.http.guard`): as written, whatever the
        endpoint mapping, and, when not mapped, as resolved, with the connection pinned to the
        address that was checked. Redirects are followed by hand so that each hop to another
        host is guarded too, and credentials (``Authorization``, cookies, API-key
        headers) are not carried to another host. Raises a :class:`CollectError` subclass for
        network failures, rate limits that outlast ``max_wait``, server errors that outlast
        the retries, bodies over the cap, and (offline) answers that are not in the cache.
        """
        discovered = discovered or self._all_discovered
        url = url.partition("#")[0]
        if params:
            url += ("&" if "?" in url else "?") + encode_params(params)
        origin = web_address(url)
        seen: set[str] = set()
        current = url
        send_headers = dict(headers or {})
        for _ in range(max_redirects + 1):
            parts = web_address(current)
            if (parts.hostname, parts.port) != (origin.hostname, origin.port) or (
                origin.scheme == "https" and parts.scheme == "http"
            ):
                send_headers = {
                    k: v for k, v in send_headers.items() if k.lower() not in SECRET_HEADERS
                }
            host_changed = parts.netloc.lower() != origin.netloc.lower()
            guarded = (discovered or host_changed) and not self.config.allow_private
            if guarded:
                # As written, whatever the mapping; the resolved check and the pinning happen
                # in the transport, only when a request really goes out (not for cache hits).
                guard.check_written(current)
            response = self._get_once(
                current,
                headers=send_headers,
                max_bytes=max_bytes,
                pin=guarded and not self.is_mapped(current),
            )
            if response.status in REDIRECT_STATUSES and "Location" in response.headers:
                seen.add(current)
                try:
                    current = self._unmap_location(response.headers["Location"], current)
                except ValueError:
                    raise BadResponse(f"{current} redirects to an unreadable address.") from None
                current = current.partition("#")[0]
                if current in seen:
                    raise BadResponse(f"{url} redirects in a loop.")
                continue
            return response
        raise BadResponse(f"{url} redirects more than {max_redirects} times.")

    def get_json(self, url: str, **kwargs: Any) -> tuple[Response, Any]:
        response = self.get(url, **kwargs)
        return response, response.json()

    def _get_once(
        self,
        url: str,
        *,
        headers: Mapping[str, str] | None,
        max_bytes: int | None,
        pin: bool = False,
    ) -> Response:
        cfg = self.config
        if cfg.offline and cfg.cache_dir is None:
            raise _not_cached(url)
        target, host_header = self.mapped(url)
        send_headers = dict(headers or {})
        if host_header:
            send_headers["Host"] = host_header
        gate = self._gate(url)
        extra: dict[str, Any] = {}
        if cfg.cache_dir is not None:
            if cfg.offline:
                extra["only_if_cached"] = True
            elif cfg.refresh:
                # Revalidate what has a validator (ETag / Last-Modified), fetch the rest anew.
                extra["refresh"] = True
                send_headers.update(ASK_AGAIN)
        host = urlsplit(url).netloc
        attempt = 0
        while True:
            attempt += 1
            state = self._state
            state.max_bytes, state.gate, state.url = max_bytes or cfg.max_bytes, gate, url
            state.pin = pin
            try:
                raw = self.session.get(
                    target,
                    headers=send_headers,
                    timeout=(cfg.connect_timeout, cfg.read_timeout),
                    allow_redirects=False,
                    **extra,
                )
            except NotCached:
                raise _not_cached(url) from None
            except CollectError:
                raise
            except (Transfer, requests.exceptions.RequestException) as exc:
                why, tries, failure = transport_failure(exc, url, attempt, cfg)
                if why is not None and attempt < tries:
                    self._backoff(url, why, attempt, tries)
                    continue
                raise failure from None
            except ValueError as exc:  # e.g. requests reading an unparseable Location header
                raise BadResponse(
                    f"{site_name(urlsplit(url).netloc)} sent linkage on to an address that "
                    f"could not be read ({exc}); try again later."
                ) from None
            from_cache = bool(getattr(raw, "from_cache", False))
            if cfg.offline and (not from_cache or raw.status_code == 504):
                raise _not_cached(url)
            status = raw.status_code
            reset = reset_time(raw.headers)
            if reset and quota_used_up(raw.headers) and not from_cache:
                gate.paused_until = max(gate.paused_until, reset)
            if rate_limit_exhausted(status, raw.headers):
                now = time.time()
                fallback = now + cfg.backoff * 2 ** (attempt - 1) * 30
                wait_until = reset if reset and reset > now else fallback
                if attempt > cfg.max_retries or wait_until - now > cfg.max_wait:
                    if reset:
                        gate.paused_until = max(gate.paused_until, wait_until)
                    raise too_many(
                        site_name(host), status, retry_at=datetime.fromtimestamp(wait_until, UTC)
                    )
                gate.paused_until = max(gate.paused_until, wait_until)
                self._tell(Wait(host, ASKED, wait_until - now, attempt + 1, cfg.max_retries + 1))
                state.told_until = wait_until
                continue  # the adapter waits for the pause before sending again
            if status in RETRY_STATUSES:
                if attempt <= cfg.max_retries:
                    self._backoff(url, TROUBLE, attempt, cfg.max_retries + 1, reset)
                    continue
                raise server_fault(site_name(host), status, tries=attempt)
            return Response(
                url=url,
                status=status,
                headers=raw.headers,
                content=raw.content or b"",
                from_cache=from_cache,
                saved_at=saved_at(raw) if from_cache else None,
            )

    def _backoff(
        self, url: str, why: str, attempt: int, tries: int, reset: float | None = None
    ) -> None:
        cfg = self.config
        delay = backoff_delay(cfg.backoff, attempt, reset and reset - time.time(), cfg.max_wait)
        then = cfg.read_timeout if why == SILENT else 0.0
        self._tell(Wait(urlsplit(url).netloc, why, delay, attempt + 1, tries, then))
        self.sleep(delay)

    def _tell(self, wait: Wait) -> None:
        """Let the listener (the progress line) know of a wait."""
        if self.on_wait is not None:
            self.on_wait(wait)

    def _wait_for_reset(self, url: str, until: float) -> None:
        delay = until - time.time()
        if delay > self.config.max_wait:
            raise RateLimited(
                f"linkage has used up the requests {site_name(urlsplit(url).netloc)} allows "
                "for now.",
                retry_at=datetime.fromtimestamp(until, UTC),
            )
        if delay > 0:
            if self._state.told_until < until:  # not this request's own pause, told already
                self._tell(Wait(urlsplit(url).netloc, ASKED, delay, 0, 0))
            self.sleep(delay)


def _not_cached(url: str) -> NotCached:
    """Offline, an answer never saved: said by the site's name (an API address means nothing
    to most people)."""
    return NotCached(
        f"no answer from {site_name(urlsplit(url).netloc)} was saved for this by an earlier "
        "run, and --offline forbids fetching it. Run once without --offline to fill the cache."
    )
