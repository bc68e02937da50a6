"""The one HTTP layer: every request linkage sends goes through this package.

* :mod:`~collectors.http.session`: :class:`HttpClient`, the polite, cached, guarded session of
  the collectors (timeouts, retries and backoff, rate-limit pauses, size caps, the cache);
* :mod:`~collectors.http.policy`: what every client of a run shares (User-Agent, per-host
  limits, redirect rules), the username sweep's asyncio client included;
* :mod:`~collectors.http.guard`: the address guard for addresses found in collected data;
* :mod:`~collectors.http.endpoints`: the ``--endpoint HOST=BASEURL`` override;
* :mod:`~collectors.http.limits`: rate-limit headers and per-host gates;
* :mod:`~collectors.http.config`, :mod:`~collectors.http.request`: the client's settings, and
  what a request is made of (a web address, its query, the headers not carried to another host);
* :mod:`~collectors.http.transport`, :mod:`~collectors.http.cache`,
  :mod:`~collectors.http.response`: the adapter, the response cache, the answer;
* :mod:`~collectors.http.status_words`, :mod:`~collectors.http.failures`: an answer a collector
  cannot use, and a request that could not be completed, as errors in plain words.

Import the public names from here (``from collectors.http import HttpClient, HttpConfig``).
The names that need ``requests`` are loaded on first use, so that the sweep, which shares the
policy but not the session, starts without it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from collectors.http.endpoints import map_url, parse_endpoints, unmap_location
from collectors.http.limits import host_key, rate_limit_exhausted, reset_time
from collectors.http.policy import DEFAULT_MAX_BYTES, USER_AGENT
from collectors.http.response import Response

if TYPE_CHECKING:
    from collectors.http.cache import SECRET_PARAMS
    from collectors.http.session import SECRET_HEADERS, HttpClient, HttpConfig

_LAZY = {
    "HttpClient": "collectors.http.session",
    "HttpConfig": "collectors.http.session",
    "SECRET_HEADERS": "collectors.http.session",
    "SECRET_PARAMS": "collectors.http.cache",
}

__all__ = [
    "DEFAULT_MAX_BYTES",
    "SECRET_HEADERS",
    "SECRET_PARAMS",
    "USER_AGENT",
    "HttpClient",
    "HttpConfig",
    "Response",
    "host_key",
    "map_url",
    "parse_endpoints",
    "rate_limit_exhausted",
    "reset_time",
    "unmap_location",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'collectors.http' has no attribute '{name}'")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
