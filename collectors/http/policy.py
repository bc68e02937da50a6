"""What every request of a run shares, whichever client sends it.

The collectors' :class:`~collectors.http.HttpClient` (requests, threads) and the username
sweep's client (asyncio, many small requests) are two engines under one policy:

* the User-Agent below, naming the tool, its version and its home page;
* the per-host limits (:func:`collectors.http.limits.host_key`, :data:`PER_HOST_CONCURRENCY`)
  and the rate-limit headers (:func:`collectors.http.limits.reset_time`,
  :func:`~collectors.http.limits.rate_limit_exhausted`);
* the address guard (:mod:`collectors.http.guard`) and the endpoint override
  (:mod:`collectors.http.endpoints`);
* how long an answer is kept (:data:`CACHE_LIFETIME`): the collectors' response cache and the
  sweep's verdicts (:mod:`collectors.sweep.cache`).

Pure constants; importing this module costs nothing (no ``requests``).
"""

from __future__ import annotations

from linkage import HOMEPAGE, __version__

USER_AGENT = f"linkage/{__version__} (+{HOMEPAGE}; account-linkage self-audit tool)"
#: Largest (decoded) body read for one answer, unless a caller asks for another cap.
DEFAULT_MAX_BYTES = 4 * 1024 * 1024
#: Requests in flight to one host at a time (``host`` or ``host:port``), unless configured.
PER_HOST_CONCURRENCY = 2
#: Seconds between two requests to one host (the collectors' client; the sweep sends each
#: host a handful of requests and relies on the concurrency limit alone).
MIN_INTERVAL = 0.2
REDIRECT_STATUSES = frozenset((301, 302, 303, 307, 308))
#: The most redirects followed for one request.
MAX_REDIRECTS = 5
#: Seconds an answer is kept: the collectors' response cache and the sweep's verdicts.
CACHE_LIFETIME = 24 * 3600
