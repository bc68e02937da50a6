"""The one place where linkage talks to the network.

:class:`HttpClient` wraps a single ``requests`` session (connection reuse) with everything a
polite, safe client needs, so that collectors only say *what* to fetch and *how to read it*:

* connect and read timeouts, plus an overall deadline for reading a body;
* retries with exponential backoff on connection errors, 429 and 5xx, honouring
  ``Retry-After`` and the platforms' rate-limit headers (which differ in meaning, see
  :func:`reset_time`);
* a User-Agent naming the tool, its version and its home page;
* a cap on the (decoded) response size, read as a stream, so endless or bomb bodies stop early;
* a per-host concurrency limit and minimum interval between requests;
* a persistent SQLite response cache (requests-cache) with owner-only permissions, ETag
  revalidation, ``refresh`` and ``offline`` modes;
* the contract's endpoint override (``--endpoint HOST=BASEURL`` / ``LINKAGE_ENDPOINTS``);
* the address guard for discovered URLs and cross-host redirects (:mod:`collectors.guard`).
"""

from __future__ import annotations

import email.utils
import json
import os
import random
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

import requests
from requests.adapters import HTTPAdapter

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


def parse_endpoints(items: list[str] | str | None) -> dict[str, str]:
    """Parse ``HOST=BASEURL`` items (a list, or one comma-separated string)."""
    if not items:
        return {}
    if isinstance(items, str):
        items = [part for part in items.split(",") if part.strip()]
    mapping: dict[str, str] = {}
    for item in items:
        host, sep, base = item.strip().partition("=")
        if not sep or not host or not base.startswith(("http://", "https://")):
            raise ValueError(
                f"'{item}' is not HOST=BASEURL (for example api.github.com=http://127.0.0.1:8080)"
            )
        mapping[host.strip().lower()] = base.strip().rstrip("/")
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
            return json.loads(body)
        except UnicodeDecodeError:
            try:
                return json.loads(body.decode("utf-8", errors="replace"))
            except ValueError as exc:
                raise BadResponse(f"{self.url} answered with malformed JSON ({exc}).") from None
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


def reset_time(headers: Mapping[str, str], now: float | None = None) -> float | None:
    """When a rate limit ends, as epoch seconds, from whichever header the platform sends.

    ``Retry-After`` (seconds or an HTTP date) wins; then ``X-RateLimit-Reset`` /
    ``RateLimit-Reset``, which mean epoch seconds on GitHub, Bluesky and Lobsters, an ISO 8601
    time on Mastodon, and seconds-until on Reddit: the form of the value tells them apart.
    """
    now = time.time() if now is None else now
    retry_after = headers.get("Retry-After")
    if retry_after:
        retry_after = retry_after.strip()
        if retry_after.isdigit():
            return now + int(retry_after)
        try:
            return email.utils.parsedate_to_datetime(retry_after).timestamp()
        except (TypeError, ValueError, IndexError):
            pass
    for name in ("X-RateLimit-Reset", "RateLimit-Reset", "X-Ratelimit-Reset"):
        value = headers.get(name)
        if not value:
            continue
        value = value.strip()
        try:
            number = float(value)
        except ValueError:
            try:
                return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
            except ValueError:
                continue
        return number if number > 1_000_000_000 else now + number
    return None


def rate_limit_exhausted(status: int, headers: Mapping[str, str]) -> bool:
    """True when the answer says the client's quota is used up."""
    if status == 429:
        return True
    if status != 403:
        return False
    for name in ("X-RateLimit-Remaining", "RateLimit-Remaining", "X-Ratelimit-Remaining"):
        value = headers.get(name)
        if value is not None and value.strip() in {"0", "0.0"}:
            return True
    return "Retry-After" in headers


class _BodyLimits(threading.local):
    max_bytes: int = DEFAULT_MAX_BYTES
    deadline: float = 60.0


class CappedAdapter(HTTPAdapter):
    """Reads every body as a stream, decoded, and stops at the size cap or the deadline."""

    def __init__(self, limits: _BodyLimits, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.limits = limits

    def send(self, request, stream=False, timeout=None, verify=True, cert=None, proxies=None):  # type: ignore[override]
        response = super().send(
            request, stream=True, timeout=timeout, verify=verify, cert=cert, proxies=proxies
        )
        max_bytes, deadline = self.limits.max_bytes, self.limits.deadline
        declared = response.headers.get("Content-Length", "")
        encoded = response.headers.get("Content-Encoding", "identity").lower() != "identity"
        if declared.isdigit() and int(declared) > max_bytes and not encoded:
            response.close()
            raise TooLarge(
                f"{request.url} is {int(declared):,} bytes, over the {max_bytes:,}-byte cap."
            )
        started = time.monotonic()
        chunks: list[bytes] = []
        total = 0
        try:
            for chunk in response.raw.stream(64 * 1024, decode_content=True):
                total += len(chunk)
                if total > max_bytes:
                    raise TooLarge(
                        f"{request.url} sent more than the {max_bytes:,}-byte cap "
                        "(an endless or oversized answer); it was cut off."
                    )
                if time.monotonic() - started > deadline:
                    raise NetworkFailure(
                        f"{request.url} took longer than {deadline:.0f} s to send its answer."
                    )
                chunks.append(chunk)
        except Exception:
            response.close()
            raise
        response._content = b"".join(chunks)
        response._content_consumed = True
        return response


class _HostGate:
    """Per-host concurrency limit, minimum interval and rate-limit pause."""

    def __init__(self, concurrency: int, interval: float) -> None:
        self.semaphore = threading.BoundedSemaphore(concurrency)
        self.interval = interval
        self.lock = threading.Lock()
        self.next_slot = 0.0
        self.paused_until = 0.0

    def wait_turn(self, sleep: Callable[[float], None]) -> None:
        with self.lock:
            now = time.monotonic()
            slot = max(now, self.next_slot)
            self.next_slot = slot + self.interval
        if slot > now:
            sleep(slot - now)


class HttpClient:
    """One polite, cached, guarded HTTP session for a whole run. Thread-safe."""

    def __init__(
        self, config: HttpConfig | None = None, *, sleep: Callable[[float], None] = time.sleep
    ):
        self.config = config or HttpConfig()
        self.sleep = sleep
        self._limits = _BodyLimits()
        self._gates: dict[str, _HostGate] = {}
        self._gates_lock = threading.Lock()
        self._host_settings: dict[str, tuple[int, float]] = {}
        self.session = self._make_session()
        self.requests_sent = 0

    # -- set-up -----------------------------------------------------------------------------

    def _make_session(self) -> requests.Session:
        cfg = self.config
        if cfg.cache_dir is not None:
            from requests_cache import CachedSession, SQLiteCache

            cache_dir = Path(cfg.cache_dir).expanduser()
            cache_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
            os.chmod(cache_dir, 0o700)
            db = cache_dir / "http-cache.sqlite"
            if not db.exists():
                os.close(os.open(db, os.O_WRONLY | os.O_CREAT, 0o600))
            os.chmod(db, 0o600)
            session: requests.Session = CachedSession(
                backend=SQLiteCache(str(db), wal=True),
                expire_after=cfg.expire_after,
                allowable_codes=CACHEABLE_STATUSES,
                cache_control=False,
                stale_if_error=False,
                ignored_parameters=["Authorization", "access_token", "api_key", "token"],
            )
        else:
            session = requests.Session()
        adapter = CappedAdapter(self._limits, pool_connections=32, pool_maxsize=32, max_retries=0)
        session.mount("http://", adapter)
        session.mount("https://", adapter)
        session.headers["User-Agent"] = cfg.user_agent
        session.headers["Accept-Encoding"] = "gzip, deflate"
        return session

    def configure_host(
        self, host: str, *, concurrency: int | None = None, interval: float | None = None
    ) -> None:
        """Let a collector ask for gentler treatment of its platform's host."""
        current = self._host_settings.get(
            host, (self.config.per_host_concurrency, self.config.min_interval)
        )
        self._host_settings[host.lower()] = (
            concurrency if concurrency is not None else current[0],
            interval if interval is not None else current[1],
        )

    def _gate(self, host: str) -> _HostGate:
        with self._gates_lock:
            gate = self._gates.get(host)
            if gate is None:
                concurrency, interval = self._host_settings.get(
                    host, (self.config.per_host_concurrency, self.config.min_interval)
                )
                gate = self._gates[host] = _HostGate(max(1, concurrency), interval)
            return gate

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

        ``discovered=True`` marks an address found in collected data: it must pass the
        address guard. Redirects are followed by hand so that each hop to another host is
        guarded too. Raises a :class:`CollectError` subclass for network failures, rate
        limits that outlast ``max_wait``, server errors that outlast the retries, bodies over
        the cap, and (offline) answers that are not in the cache.
        """
        if params:
            query = requests.models.RequestEncodingMixin._encode_params(dict(params))
            url = url + ("&" if "?" in url else "?") + str(query)
        origin = urlsplit(url).netloc.lower()
        seen: set[str] = set()
        current = url
        for _ in range(max_redirects + 1):
            host_changed = urlsplit(current).netloc.lower() != origin
            if (
                (discovered or host_changed)
                and not self.config.allow_private
                and not self.is_mapped(current)
            ):
                guard.check_public(current)
            response = self._get_once(current, headers=headers, max_bytes=max_bytes)
            if response.status in REDIRECT_STATUSES and "Location" in response.headers:
                seen.add(current)
                current = self._unmap_location(response.headers["Location"], current)
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
        target, host_header = self.mapped(url)
        send_headers = dict(headers or {})
        if host_header:
            send_headers["Host"] = host_header
        host = urlsplit(url).netloc.lower()
        gate = self._gate(host)
        extra: dict[str, Any] = {}
        if cfg.cache_dir is not None:
            if cfg.offline:
                extra["only_if_cached"] = True
            elif cfg.refresh:
                extra["refresh"] = True
        attempt = 0
        while True:
            attempt += 1
            if gate.paused_until > time.time():
                self._wait_for_reset(url, gate.paused_until)
            with gate.semaphore:
                gate.wait_turn(self.sleep)
                self._limits.max_bytes = max_bytes or cfg.max_bytes
                self._limits.deadline = cfg.body_deadline
                try:
                    raw = self.session.get(
                        target,
                        headers=send_headers,
                        timeout=(cfg.connect_timeout, cfg.read_timeout),
                        allow_redirects=False,
                        **extra,
                    )
                except TooLarge as exc:
                    raise TooLarge(str(exc.message).replace(target, url)) from None
                except CollectError as exc:
                    if isinstance(exc, NetworkFailure) and attempt <= cfg.max_retries:
                        self._backoff(attempt)
                        continue
                    raise
                except requests.exceptions.Timeout:
                    if attempt <= cfg.max_retries:
                        self._backoff(attempt)
                        continue
                    raise NetworkFailure(
                        f"{url} did not answer within {cfg.read_timeout:.0f} s "
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
            from_cache = bool(getattr(raw, "from_cache", False))
            if not from_cache:
                self.requests_sent += 1
            offline_miss = raw.status_code == 504
            if cfg.offline and cfg.cache_dir is not None and (not from_cache or offline_miss):
                raise NotCached(
                    f"{url} is not in the cache, and --offline forbids fetching it. "
                    "Run once without --offline to fill the cache."
                )
            status = raw.status_code
            reset = reset_time(raw.headers)
            remaining = raw.headers.get("X-RateLimit-Remaining") or raw.headers.get(
                "RateLimit-Remaining"
            )
            if remaining is not None and remaining.strip() in {"0", "0.0"} and reset:
                gate.paused_until = max(gate.paused_until, reset)
            if rate_limit_exhausted(status, raw.headers):
                wait_until = reset or time.time() + cfg.backoff * 2 ** (attempt - 1) * 30
                if attempt <= cfg.max_retries and wait_until - time.time() <= cfg.max_wait:
                    self._wait_for_reset(url, wait_until)
                    continue
                raise RateLimited(
                    f"{urlsplit(url).netloc} says too many requests (HTTP {status}).",
                    retry_at=datetime.fromtimestamp(wait_until, UTC),
                )
            if status in RETRY_STATUSES and status != 429:
                if attempt <= cfg.max_retries:
                    self._backoff(attempt, reset)
                    continue
                raise NetworkFailure(
                    f"{urlsplit(url).netloc} answered with a server error (HTTP {status}) "
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


def _reason(exc: Exception) -> str:
    text = str(exc)
    lowered = text.lower()
    if (
        "name or service not known" in lowered
        or "nodename nor servname" in lowered
        or "getaddrinfo" in lowered
    ):
        return "the name does not resolve"
    if "refused" in lowered:
        return "the connection was refused"
    if "reset" in lowered or "aborted" in lowered or "remotedisconnected" in lowered:
        return "the connection was dropped"
    if "incompleteread" in lowered or "incomplete" in lowered:
        return "the answer was cut off"
    if "ssl" in lowered or "certificate" in lowered:
        return "a secure connection could not be made"
    return exc.__class__.__name__
