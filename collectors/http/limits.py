"""Rate limits: reading the platforms' rate-limit headers, and pacing requests per host.

The platforms say "slow down" in different dialects (``Retry-After``, ``X-RateLimit-Reset`` as
epoch seconds, as an ISO time or as seconds-until; ``X-RateLimit-Remaining``): :func:`reset_time`
and :func:`rate_limit_exhausted` read them all. :class:`HostGate` is one host's concurrency
limit, minimum interval between requests, and rate-limit pause; :class:`HostGates` holds one
per host for :class:`collectors.http.HttpClient` and its transport adapter.
"""

from __future__ import annotations

import email.utils
import math
import threading
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from urllib.parse import urlsplit


def host_key(url: str) -> str:
    """The host a limit applies to: ``host`` or ``host:port`` as written, lower case, without
    credentials (the same key for the HTTP client's gates and the sweep's slots)."""
    return urlsplit(url).netloc.rpartition("@")[2].lower()


class _Headers:
    """Case-insensitive reading of a headers mapping (without importing requests)."""

    def __init__(self, headers: Mapping[str, str]) -> None:
        self._items = {str(k).lower(): v for k, v in headers.items()}

    def get(self, name: str) -> str | None:
        return self._items.get(name.lower())

    def __contains__(self, name: str) -> bool:
        return name.lower() in self._items


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
    ``RateLimit-Reset``, which mean epoch seconds on GitHub, GitLab, Bluesky and Lobsters, an
    ISO 8601 time on Mastodon, and seconds-until on Reddit: the form of the value tells them
    apart. Times without a zone are UTC. Header names are matched in any case.
    """
    now = time.time() if now is None else now
    headers = _Headers(headers)
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


def quota_used_up(headers: Mapping[str, str]) -> bool:
    """True when a ``*RateLimit-Remaining`` header says no requests are left."""
    headers = _Headers(headers)
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
    return quota_used_up(headers) or "Retry-After" in _Headers(headers)


class HostGate:
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

    def __enter__(self) -> HostGate:
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


class HostGates:
    """Every host's :class:`HostGate`, made on first use from the run's defaults or from the
    settings asked for that host (by ``host`` or ``host:port``)."""

    def __init__(self, concurrency: int, interval: float) -> None:
        self.default = (concurrency, interval)
        self.settings: dict[str, tuple[int, float]] = {}
        self._gates: dict[str, HostGate] = {}
        self._lock = threading.Lock()

    def configure(
        self, host: str, *, concurrency: int | None = None, interval: float | None = None
    ) -> None:
        """Change ``host``'s settings (None keeps the current one), its gate too if made."""
        host = host.lower()
        with self._lock:
            current = self.settings.get(host, self.default)
            settings = (
                concurrency if concurrency is not None else current[0],
                interval if interval is not None else current[1],
            )
            self.settings[host] = settings
            if host in self._gates:
                self._gates[host].configure(*settings)

    def for_url(self, url: str) -> HostGate:
        parts = urlsplit(url)
        key = host_key(url)
        with self._lock:
            gate = self._gates.get(key)
            if gate is None:
                concurrency, interval = self.settings.get(
                    key, self.settings.get((parts.hostname or "").lower(), self.default)
                )
                gate = self._gates[key] = HostGate(concurrency, interval)
            return gate
