"""The settings of one run's HTTP client (:class:`HttpConfig`), with the defaults every client
of the run shares (:mod:`collectors.http.policy`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from collectors.http.policy import (
    CACHE_LIFETIME,
    DEFAULT_MAX_BYTES,
    MIN_INTERVAL,
    PER_HOST_CONCURRENCY,
    USER_AGENT,
)


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
    per_host_concurrency: int = PER_HOST_CONCURRENCY
    min_interval: float = MIN_INTERVAL
    expire_after: float = CACHE_LIFETIME
    #: Epoch seconds: a cached answer saved before this is asked for again (revalidated where it
    #: has a validator) instead of served as it is; the pipeline sets it to the time of the
    #: last kept audit of the accounts, so that a re-check sees what the person changed.
    fresh_after: float | None = None
    user_agent: str = USER_AGENT
    #: Apply collectors' :meth:`HttpClient.configure_host` requests (tests may turn this off).
    host_settings: bool = True
