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
* the address guard for discovered URLs and cross-host redirects (:mod:`collectors.guard`).
"""

from __future__ import annotations

import contextlib
import email.utils
import json
import math
import os
import random
import re
import socket
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.client import HTTPException
from pathlib import Path
from typing import Any
from urllib.parse import SplitResult, urlencode, urljoin, urlsplit, urlunsplit

import requests
import urllib3.exceptions
from requests.adapters import HTTPAdapter
from requests.cookies import RequestsCookieJar
from requests.structures import CaseInsensitiveDict

from collectors import guard
from collectors.errors import (
    BadResponse,
    CollectError,
    NetworkFailure,
    NotCached,
    RateLimited,
    TooLarge,
)
from linkage import HOMEPAGE, __version__

USER_AGENT = f"linkage/{__version__} (+{HOMEPAGE}; account-linkage self-audit tool)"
DEFAULT_MAX_BYTES = 4 * 1024 * 1024
RETRY_STATUSES = {429, 500, 502, 503, 504}
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
CACHEABLE_STATUSES = (200, 203, 300, 301, 308, 404, 410)
#: Request headers that carry credentials: never sent to another host, never cached.
SECRET_HEADERS = {
    "authorization",
    "proxy-authorization",
    "cookie",
    "x-api-key",
    "api-key",
    "x-auth-token",
    "private-token",
}
#: Query parameters that carry credentials: redacted in the cache.
SECRET_PARAMS = ["access_token", "api_key", "apikey", "token", "client_secret", "password"]
#: The only request headers stored with a cached answer.
_KEPT_REQUEST_HEADERS = {"accept", "accept-language", "host", "user-agent"}
_HOST = re.compile(r"\*|[a-z0-9._~%-]+(:\d+)?|\[[0-9a-f:.]+\](:\d+)?")


def parse_endpoints(items: list[str] | str | None) -> dict[str, str]:
    """Parse ``HOST=BASEURL`` items (a list, or one comma-separated string)."""
    if not items:
        return {}
    if isinstance(items, str):
        items = [part for part in items.split(",") if part.strip()]
    mapping: dict[str, str] = {}
    for item in items:
        host, sep, base = item.strip().partition("=")
        host, base = host.strip().lower(), base.strip().rstrip("/")
        try:
            parts = urlsplit(base)
            base_ok = parts.scheme in ("http", "https") and bool(parts.hostname)
            base_ok = base_ok and not parts.query and not parts.fragment
        except ValueError:
            base_ok = False
        if not sep or not _HOST.fullmatch(host) or not base_ok:
            raise ValueError(
                f"'{item}' is not HOST=BASEURL (for example api.github.com=http://127.0.0.1:8080)"
            )
        mapping[host] = base
    return mapping


@dataclass
class HttpConfig:
    """Settings for one run's HTTP client; the command line fills these in."""

    cache_dir: Path | None = None
    offline: bool = False
    refresh: bool = False
    endpoints: dict[str, str] = field(default_factory=dict)
    allow_private: bool = False
    connect_timeout: float = 5.0
    read_timeout: float = 20.0
    body_deadline: float = 60.0
    max_bytes: int = DEFAULT_MAX_BYTES
    max_retries: int = 3
    backoff: float = 1.0
    max_wait: float = 90.0
    per_host_concurrency: int = 2
    min_interval: float = 0.2
    expire_after: float = 24 * 3600
    user_agent: str = USER_AGENT
    #: Apply collectors' :meth:`HttpClient.configure_host` requests (tests may turn this off).
    host_settings: bool = True


@dataclass
class Response:
    """A fetched answer: the logical (unmapped) final URL, status, headers and body."""

    url: str
    status: int
    headers: Mapping[str, str]
    content: bytes
    from_cache: bool = False

    def text(self) -> str:
        charset = _charset(self.headers.get("Content-Type", ""))
        try:
            return self.content.decode(charset or "utf-8")
        except (UnicodeDecodeError, LookupError):
            return self.content.decode("utf-8", errors="replace")

    def json(self) -> Any:
        """The body as JSON, or :class:`BadResponse` saying what came instead."""
        body = self.content.lstrip()
        if not body:
            raise BadResponse(f"{self.url} answered with an empty body where JSON was expected.")
        if body[:1] == b"<":
            raise BadResponse(
                f"{self.url} answered with a web page where JSON was expected "
                "(the service may be down, blocking automated access, or asking to log in)."
            )
        try:
            try:
                return json.loads(body)
            except UnicodeDecodeError:
                return json.loads(body.decode("utf-8", errors="replace"))
        except RecursionError:
            raise BadResponse(
                f"{self.url} answered with malformed JSON (nested too deeply)."
            ) from None
        except ValueError as exc:
            raise BadResponse(
                f"{self.url} answered with malformed or truncated JSON ({exc})."
            ) from None


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            return value.strip("\"' ")
    return None


def _number(value: str) -> float | None:
    try:
        number = float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _as_utc(moment: datetime) -> float:
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()


def reset_time(headers: Mapping[str, str], now: float | None = None) -> float | None:
    """When a rate limit ends, as epoch seconds, from whichever header the platform sends.

    ``Retry-After`` (seconds or an HTTP date) wins; then ``X-RateLimit-Reset`` /
    ``RateLimit-Reset``, which mean epoch seconds on GitHub, Bluesky and Lobsters, an ISO 8601
    time on Mastodon, and seconds-until on Reddit: the form of the value tells them apart.
    Times without a zone are UTC. Header names are matched in any case.
    """
    now = time.time() if now is None else now
    headers = CaseInsensitiveDict(headers)
    retry_after = (headers.get("Retry-After") or "").strip()
    if retry_after:
        seconds = _number(retry_after)
        if seconds is not None:
            if seconds >= 0:
                return now + seconds
        else:
            try:
                return _as_utc(email.utils.parsedate_to_datetime(retry_after))
            except (TypeError, ValueError, IndexError, OverflowError):
                pass
    for name in ("X-RateLimit-Reset", "RateLimit-Reset"):
        value = (headers.get(name) or "").strip()
        if not value:
            continue
        number = _number(value)
        if number is None:
            try:
                return _as_utc(datetime.fromisoformat(value.replace("Z", "+00:00")))
            except (ValueError, OverflowError):
                continue
        if number >= 0:
            return number if number > 1_000_000_000 else now + number
    return None


def _quota_used_up(headers: Mapping[str, str]) -> bool:
    headers = CaseInsensitiveDict(headers)
    for name in ("X-RateLimit-Remaining", "RateLimit-Remaining"):
        number = _number((headers.get(name) or "").strip())
        if number is not None and number <= 0:
            return True
    return False


def rate_limit_exhausted(status: int, headers: Mapping[str, str]) -> bool:
    """True when the answer says the client's quota is used up."""
    if status == 429:
        return True
    if status != 403:
        return False
    return _quota_used_up(headers) or "Retry-After" in CaseInsensitiveDict(headers)


class _HostGate:
    """Per-host concurrency limit, minimum interval and rate-limit pause."""

    def __init__(self, concurrency: int, interval: float) -> None:
        self.limit = max(1, concurrency)
        self.interval = interval
        self.active = 0
        self.cond = threading.Condition()
        self.next_slot = 0.0
        self.paused_until = 0.0

    def configure(self, concurrency: int, interval: float) -> None:
        with self.cond:
            self.limit, self.interval = max(1, concurrency), interval
            self.cond.notify_all()

    def __enter__(self) -> _HostGate:
        with self.cond:
            while self.active >= self.limit:
                self.cond.wait()
            self.active += 1
        return self

    def __exit__(self, *exc: object) -> None:
        with self.cond:
            self.active -= 1
            self.cond.notify_all()

    def wait_turn(self, sleep: Callable[[float], None]) -> None:
        with self.cond:
            now = time.monotonic()
            slot = max(now, self.next_slot)
            self.next_slot = slot + self.interval
        if slot > now:
            sleep(slot - now)


class _Transfer(Exception):
    """Raised by the adapter while reading a body; turned into a CollectError by the client."""

    def __init__(self, kind: str, detail: str = "") -> None:
        super().__init__(kind, detail)
        self.kind, self.detail = kind, detail


class _RequestState(threading.local):
    max_bytes: int = DEFAULT_MAX_BYTES
    gate: _HostGate | None = None
    url: str = ""


class CappedAdapter(HTTPAdapter):
    """Sends only when a request really goes out (not for cache hits): waits its host's turn,
    then reads the body as a stream, decoded, stopping at the size cap or the deadline."""

    def __init__(self, client: HttpClient, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.client = client

    def send(self, request, stream=False, timeout=None, verify=True, cert=None, proxies=None):  # type: ignore[override]
        client, state = self.client, self.client._state
        if client.config.offline:
            raise NotCached("offline")
        gate = state.gate
        if gate is None:
            return self._send(request, timeout, verify, cert, proxies)
        if gate.paused_until > time.time():
            client._wait_for_reset(state.url, gate.paused_until)
        with gate:
            gate.wait_turn(client.sleep)
            return self._send(request, timeout, verify, cert, proxies)

    def _send(self, request, timeout, verify, cert, proxies):  # type: ignore[no-untyped-def]
        client, max_bytes = self.client, self.client._state.max_bytes
        deadline = client.config.body_deadline
        client._count_request()
        started = time.monotonic()
        response = super().send(
            request, stream=True, timeout=timeout, verify=verify, cert=cert, proxies=proxies
        )
        declared = response.headers.get("Content-Length", "")
        encoded = response.headers.get("Content-Encoding", "identity").lower() != "identity"
        if declared.isdigit() and int(declared) > max_bytes and not encoded:
            response.close()
            raise _Transfer("large", f"is {int(declared):,} bytes, over the {max_bytes:,}-byte cap")
        # A watchdog ends a body that trickles in too slowly for the per-read timeout to notice.
        sock = _socket_of(response.raw)
        watchdog = threading.Timer(max(0.0, deadline - (time.monotonic() - started)), _cut, [sock])
        watchdog.daemon = True
        watchdog.start()
        chunks: list[bytes] = []
        total = 0
        try:
            for chunk in response.raw.stream(64 * 1024, decode_content=True):
                total += len(chunk)
                if total > max_bytes:
                    raise _Transfer("large", f"sent more than the {max_bytes:,}-byte cap")
                if time.monotonic() - started > deadline:
                    raise _Transfer("slow")
                chunks.append(chunk)
        except _Transfer:
            response.close()
            raise
        except urllib3.exceptions.DecodeError as exc:
            response.close()
            raise _Transfer("decode", type(exc).__name__) from None
        except (urllib3.exceptions.HTTPError, HTTPException, OSError) as exc:
            response.close()
            if time.monotonic() - started >= deadline:
                raise _Transfer("slow") from None
            raise _Transfer("cut", _reason(exc)) from None
        finally:
            watchdog.cancel()
        response._content = b"".join(chunks)
        response._content_consumed = True
        return response


def _socket_of(raw: Any) -> socket.socket | None:
    """The socket under a urllib3 response (kept by the connection, or, when the server closes
    after answering, only by the response's file object)."""
    sock = getattr(getattr(raw, "connection", None), "sock", None)
    if sock is None:
        fp = getattr(getattr(raw, "_fp", None), "fp", None)
        sock = getattr(getattr(fp, "raw", None), "_sock", None)
    return sock if isinstance(sock, socket.socket) else None


def _cut(sock: socket.socket | None) -> None:
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)


def _make_cache(db: Path) -> Any:
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


class HttpClient:
    """One polite, cached, guarded HTTP session for a whole run. Thread-safe."""

    def __init__(
        self, config: HttpConfig | None = None, *, sleep: Callable[[float], None] = time.sleep
    ):
        self.config = config or HttpConfig()
        self.sleep = sleep
        self._state = _RequestState()
        self._gates: dict[str, _HostGate] = {}
        self._gates_lock = threading.Lock()
        self._host_settings: dict[str, tuple[int, float]] = {}
        self._count_lock = threading.Lock()
        #: Requests that really went out (cache hits excluded; retries and revalidations counted).
        self.requests_sent = 0
        self.session = self._make_session()

    # -- set-up -----------------------------------------------------------------------------

    def _make_session(self) -> requests.Session:
        cfg = self.config
        if cfg.cache_dir is not None:
            from requests_cache import CachedSession

            cache_dir = Path(cfg.cache_dir).expanduser()
            cache_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
            os.chmod(cache_dir, 0o700)
            db = cache_dir / "http-cache.sqlite"
            if not db.exists():
                os.close(os.open(db, os.O_WRONLY | os.O_CREAT, 0o600))
            for path in (db, Path(f"{db}-wal"), Path(f"{db}-shm"), Path(f"{db}-journal")):
                if path.exists():
                    os.chmod(path, 0o600)
            session: requests.Session = CachedSession(
                backend=_make_cache(db),
                expire_after=cfg.expire_after,
                allowable_codes=CACHEABLE_STATUSES,
                cache_control=False,
                # offline, an expired answer is better than none
                stale_if_error=cfg.offline,
                ignored_parameters=["Authorization", *SECRET_PARAMS],
                match_headers=["Host", "Accept"],
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
        """Let a collector ask for gentler treatment of its platform's host."""
        if not self.config.host_settings:
            return
        host = host.lower()
        with self._gates_lock:
            current = self._host_settings.get(
                host, (self.config.per_host_concurrency, self.config.min_interval)
            )
            settings = (
                concurrency if concurrency is not None else current[0],
                interval if interval is not None else current[1],
            )
            self._host_settings[host] = settings
            if host in self._gates:
                self._gates[host].configure(*settings)

    def _gate(self, url: str) -> _HostGate:
        parts = urlsplit(url)
        key = parts.netloc.rpartition("@")[2].lower()
        with self._gates_lock:
            gate = self._gates.get(key)
            if gate is None:
                concurrency, interval = self._host_settings.get(
                    key,
                    self._host_settings.get(
                        (parts.hostname or "").lower(),
                        (self.config.per_host_concurrency, self.config.min_interval),
                    ),
                )
                gate = self._gates[key] = _HostGate(concurrency, interval)
            return gate

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
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        netloc = parts.netloc.rpartition("@")[2]
        base = self.config.endpoints.get(netloc.lower()) or self.config.endpoints.get(host)
        if base is None:
            base = self.config.endpoints.get("*")
        if base is None:
            return url, None
        path = parts.path or "/"
        target = base + path + (f"?{parts.query}" if parts.query else "")
        return target, netloc

    def is_mapped(self, url: str) -> bool:
        return self.mapped(url)[1] is not None

    def _unmap_location(self, location: str, current: str) -> str:
        """Turn a redirect target on a mapped base back into its logical address."""
        absolute = urljoin(current, location)
        parts = urlsplit(absolute)
        cur = urlsplit(current)
        for host, base in self.config.endpoints.items():
            b = urlsplit(base)
            if (parts.scheme, parts.netloc) == (b.scheme, b.netloc) and parts.path.startswith(
                b.path
            ):
                logical_host = cur.netloc if host == "*" else host
                rest = parts.path[len(b.path) :] or "/"
                return urlunsplit((cur.scheme, logical_host, rest, parts.query, ""))
        return absolute

    # -- fetching ---------------------------------------------------------------------------

    def get(
        self,
        url: str,
        *,
        headers: Mapping[str, str] | None = None,
        params: Mapping[str, Any] | None = None,
        discovered: bool = False,
        max_bytes: int | None = None,
        max_redirects: int = 5,
    ) -> Response:
        """GET ``url`` politely and return the final answer, whatever its status.

        ``params`` are appended to the query (lists repeat the key, None is left out, booleans
        are ``true``/``false``). ``discovered=True`` marks an address found in collected data:
        it must pass the address guard. Redirects are followed by hand so that each hop to
        another host is guarded too, and credentials (``Authorization``, cookies, API-key
        headers) are not carried to another host. Raises a :class:`CollectError` subclass for
        network failures, rate limits that outlast ``max_wait``, server errors that outlast
        the retries, bodies over the cap, and (offline) answers that are not in the cache.
        """
        url = url.partition("#")[0]
        if params:
            url += ("&" if "?" in url else "?") + _encode_params(params)
        origin = _web_address(url)
        seen: set[str] = set()
        current = url
        send_headers = dict(headers or {})
        for _ in range(max_redirects + 1):
            parts = _web_address(current)
            if (parts.hostname, parts.port) != (origin.hostname, origin.port) or (
                origin.scheme == "https" and parts.scheme == "http"
            ):
                send_headers = {
                    k: v for k, v in send_headers.items() if k.lower() not in SECRET_HEADERS
                }
            host_changed = parts.netloc.lower() != origin.netloc.lower()
            if (
                (discovered or host_changed)
                and not self.config.allow_private
                and not self.is_mapped(current)
            ):
                guard.check_public(current)
            response = self._get_once(current, headers=send_headers, max_bytes=max_bytes)
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
        self, url: str, *, headers: Mapping[str, str] | None, max_bytes: int | None
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
                send_headers["Cache-Control"] = "min-fresh=3153600000"
        host = urlsplit(url).netloc
        attempt = 0
        while True:
            attempt += 1
            state = self._state
            state.max_bytes, state.gate, state.url = max_bytes or cfg.max_bytes, gate, url
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
            except _Transfer as exc:
                if exc.kind == "large":
                    raise TooLarge(
                        f"{url} {exc.detail} (an endless or oversized answer); it was cut off."
                        if exc.detail.startswith("sent")
                        else f"{url} {exc.detail}."
                    ) from None
                if exc.kind == "decode":
                    raise BadResponse(
                        f"{url} sent a compressed answer that could not be unpacked."
                    ) from None
                if attempt <= cfg.max_retries:
                    self._backoff(attempt)
                    continue
                if exc.kind == "slow":
                    raise NetworkFailure(
                        f"{url} took longer than {cfg.body_deadline:g} s to send its answer "
                        f"({attempt} tries). The site may be slow or overloaded; try again later."
                    ) from None
                raise NetworkFailure(
                    f"{url} stopped sending its answer part-way ({exc.detail}; {attempt} tries). "
                    "Check your connection, or try again later."
                ) from None
            except CollectError:
                raise
            except requests.exceptions.Timeout:
                if attempt <= cfg.max_retries:
                    self._backoff(attempt)
                    continue
                raise NetworkFailure(
                    f"{url} did not answer within {cfg.read_timeout:g} s "
                    f"({attempt} tries). The site may be slow or down; try again later."
                ) from None
            except requests.exceptions.RequestException as exc:
                if attempt <= cfg.max_retries:
                    self._backoff(attempt)
                    continue
                raise NetworkFailure(
                    f"could not reach {url} ({_reason(exc)}; {attempt} tries). "
                    "Check your connection, or try again later."
                ) from None
            except ValueError as exc:  # e.g. requests reading an unparseable Location header
                raise BadResponse(f"{url} answered with an unreadable address ({exc}).") from None
            from_cache = bool(getattr(raw, "from_cache", False))
            if cfg.offline and (not from_cache or raw.status_code == 504):
                raise _not_cached(url)
            status = raw.status_code
            reset = reset_time(raw.headers)
            if reset and _quota_used_up(raw.headers) and not from_cache:
                gate.paused_until = max(gate.paused_until, reset)
            if rate_limit_exhausted(status, raw.headers):
                now = time.time()
                fallback = now + cfg.backoff * 2 ** (attempt - 1) * 30
                wait_until = reset if reset and reset > now else fallback
                if attempt > cfg.max_retries or wait_until - now > cfg.max_wait:
                    if reset:
                        gate.paused_until = max(gate.paused_until, wait_until)
                    raise RateLimited(
                        f"{host} says too many requests (HTTP {status}).",
                        retry_at=datetime.fromtimestamp(wait_until, UTC),
                    )
                gate.paused_until = max(gate.paused_until, wait_until)
                continue  # the adapter waits for the pause before sending again
            if status in RETRY_STATUSES:
                if attempt <= cfg.max_retries:
                    self._backoff(attempt, reset)
                    continue
                raise NetworkFailure(
                    f"{host} answered with a server error (HTTP {status}) "
                    f"{attempt} times. The service may be having trouble; try again later.",
                    status="server error",
                )
            return Response(
                url=url,
                status=status,
                headers=raw.headers,
                content=raw.content or b"",
                from_cache=from_cache,
            )

    def _backoff(self, attempt: int, reset: float | None = None) -> None:
        delay = self.config.backoff * 2 ** (attempt - 1) * (1 + random.random() / 4)
        if reset:
            delay = max(delay, reset - time.time())
        self.sleep(min(delay, self.config.max_wait))

    def _wait_for_reset(self, url: str, until: float) -> None:
        delay = until - time.time()
        if delay > self.config.max_wait:
            raise RateLimited(
                f"{urlsplit(url).netloc} has used up its request allowance.",
                retry_at=datetime.fromtimestamp(until, UTC),
            )
        if delay > 0:
            self.sleep(delay)


def _web_address(url: str) -> SplitResult:
    """``url`` split into parts, or :class:`BadResponse` when it is not an http(s) address."""
    try:
        parts = urlsplit(url)
        _ = parts.port  # raises for a malformed port
    except ValueError:
        parts = None
    if parts is None or parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise BadResponse(f"'{url}' is not a web address, so it was not fetched.")
    return parts


def _not_cached(url: str) -> NotCached:
    return NotCached(
        f"{url} is not in the cache, and --offline forbids fetching it. "
        "Run once without --offline to fill the cache."
    )


def _encode_params(params: Mapping[str, Any]) -> str:
    pairs: list[tuple[str, str]] = []
    for key, value in params.items():
        for item in value if isinstance(value, list | tuple) else [value]:
            if item is None:
                continue
            if isinstance(item, bool):
                item = "true" if item else "false"
            pairs.append((str(key), str(item)))
    return urlencode(pairs)


def _reason(exc: BaseException) -> str:
    text = f"{type(exc).__name__} {exc}"
    lowered = text.lower()
    if (
        "name or service not known" in lowered
        or "nodename nor servname" in lowered
        or "getaddrinfo" in lowered
        or "name resolution" in lowered
    ):
        return "the name does not resolve"
    if "refused" in lowered:
        return "the connection was refused"
    if "incompleteread" in lowered or "incomplete" in lowered:
        return "the answer was cut off"
    if (
        "reset" in lowered
        or "aborted" in lowered
        or "remotedisconnected" in lowered
        or "closed connection" in lowered
    ):
        return "the connection was dropped"
    if "ssl" in lowered or "certificate" in lowered:
        return "a secure connection could not be made"
    return exc.__class__.__name__
