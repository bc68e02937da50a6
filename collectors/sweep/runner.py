"""The sweep engine: every (username, site) check at once, on one event loop.

* Every host is asked at once; each host gets at most ``per_host`` requests in flight (keyed by
  the address's host and port as written in the site list, before any endpoint mapping), each
  on a kept-alive connection of :class:`collectors.sweep.client.Client`, so a host's later checks
  reuse its connections. The number of requests in flight in all stays below the open-file
  limit.
* Each check has a deadline (``timeout``) covering its redirects and body; no retries: a rate
  limit, a block, a time-out or a network failure is "could not tell".
* Each site checked is also asked about a random username nobody has (one probe per site, sent
  alongside its real checks, on the same kept-alive connections). A "found" stands only when
  the probe came back "missing"; if the site says the random name exists too, or the probe
  could not tell, every "found" of that site becomes "could not tell".
* The sweep shares the collectors' HTTP policy (:mod:`collectors.http.policy`), not their
  session: the same User-Agent; the same per-host key (:func:`collectors.http.limits.host_key`)
  and default concurrency; the same rate-limit reading
  (:func:`~collectors.http.limits.rate_limit_exhausted`, :func:`~collectors.http.limits.reset_time`):
  a host that says "too many requests" is paused until the time it gives (30 s when it gives
  none), and the checks it still has wait for it if that fits their deadline, else are "could
  not tell" without being sent.
* Site-list addresses are the user's input and are fetched wherever they point; a redirect to
  another host is checked by the address guard (:mod:`collectors.http.guard`) unless
  ``allow_private`` is set: as written whatever the endpoint mapping, and, when not mapped, as
  resolved, the connection then pinned to the checked addresses.
* The endpoint override (``HOST=BASEURL``, ``*``) sends ``https://HOST/PATH?Q`` to
  ``BASEURL/PATH?Q`` with ``Host: HOST``, with the HTTP layer's own functions
  (:mod:`collectors.http.endpoints`).
* With a ``cache_dir``, what a site said in the last day (``found`` or ``missing``, and its
  answer about a random username) is taken from the sweep's cache (:mod:`collectors.sweep.cache`)
  instead of asking again; a site whose every check is kept is not asked at all, not even for
  the probe unless a kept "found" needs it. ``refresh`` asks every site again and keeps the new
  answers.
"""

from __future__ import annotations

import asyncio
import random
import string
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from collectors.errors import CollectError
from collectors.http import guard
from collectors.http.endpoints import map_url, unmap_location
from collectors.http.limits import host_key, rate_limit_exhausted, reset_time
from collectors.http.policy import MAX_REDIRECTS, PER_HOST_CONCURRENCY, USER_AGENT
from collectors.http.policy import REDIRECT_STATUSES as REDIRECTS
from collectors.sweep.cache import SweepCache, Verdict, site_key
from collectors.sweep.client import Client
from collectors.sweep.model import FOUND, MISSING, UNKNOWN, Site, SiteList, SweepResult

#: How long a host that says "too many requests" without saying until when is left alone.
RATE_LIMIT_PAUSE = 30.0

OnResult = Callable[[SweepResult], None]


@dataclass
class SweepSettings:
    """How to sweep; the command line fills these in."""

    endpoints: dict[str, str] = field(default_factory=dict)
    allow_private: bool = False
    user_agent: str = USER_AGENT
    #: Seconds for one check (connection, redirects and body).
    timeout: float = 10.0
    #: Requests in flight to one host at a time (each on its own kept-alive connection).
    per_host: int = PER_HOST_CONCURRENCY
    #: Requests in flight in all (0: as many as the open-file limit comfortably allows).
    connections: int = 0
    #: Most bytes of a body read for matching.
    max_bytes: int = 2 * 1024 * 1024
    #: Ask each site about a random username too, and trust its "found" only if that is "missing".
    probe: bool = True
    #: Where the sweep's cache lives (None: nothing is kept or reused).
    cache_dir: Path | None = None
    #: Ask every site again, replacing what the cache kept.
    refresh: bool = False


# -- the random-username probe ------------------------------------------------------------------


def probe_candidates(rng: random.Random | None = None) -> list[str]:
    """Random usernames of several shapes; a site takes the first its rule accepts."""
    rng = rng or random.Random()  # seeded from the OS: unpredictable enough for a probe
    lower, digits = string.ascii_lowercase, string.digits
    shapes = [
        (lower, lower + digits),
        (lower, lower),
        (string.ascii_uppercase, lower),
        (digits, digits),
        (string.ascii_uppercase, string.ascii_uppercase),
    ]
    names = []
    for length in (12, 10, 14, 8, 16, 6, 5, 20, 4, 3, 24, 2, 30):
        for first, rest in shapes:
            names.append(rng.choice(first) + "".join(rng.choice(rest) for _ in range(length - 1)))
    return names


def probe_name(site: Site, candidates: Iterable[str]) -> str | None:
    for name in candidates:
        if site.username_for(name) == name:
            return name
    return None


# -- the engine ---------------------------------------------------------------------------------


class _Blocked(Exception):
    """A redirect the address guard refused."""


class _RateLimited(Exception):
    """The host said "too many requests"; ``until`` is when it may be asked again."""

    def __init__(self, status: int, until: float) -> None:
        super().__init__(status, until)
        self.status, self.until = status, until


class _TooManyRedirects(Exception):
    """More redirects than MAX_REDIRECTS."""


class _Engine:
    def __init__(self, settings: SweepSettings, cache: SweepCache | None = None) -> None:
        self.settings = settings
        self.cache = cache
        #: Each site's fingerprint in the cache, by ``id(site)``.
        self.keys: dict[int, str] = {}
        limit = _connections(settings)
        #: Requests in flight in all, and idle connections kept, both under the open-file limit.
        self.total = asyncio.Semaphore(limit)
        self.client = Client(settings.user_agent, settings.max_bytes, max_idle=max(16, limit // 2))
        self.slots: dict[str, asyncio.Semaphore] = {}
        self.probes: dict[int, asyncio.Task[tuple[str, str]]] = {}
        #: Hosts that said "too many requests": when they may be asked again (epoch seconds).
        self.paused: dict[str, float] = {}
        self.candidates = probe_candidates()

    def slot(self, url: str) -> asyncio.Semaphore:
        key = host_key(url)
        gate = self.slots.get(key)
        if gate is None:
            gate = self.slots[key] = asyncio.Semaphore(max(1, self.settings.per_host))
        return gate

    async def guard(self, url: str) -> list[str] | None:
        """The address guard for a redirect to another host: None when allowed as it is (allow
        private, or mapped), else the checked addresses to connect to. Raises :class:`_Blocked`."""
        if self.settings.allow_private:
            return None
        try:
            guard.check_written(url)
            if map_url(self.settings.endpoints, url)[1] is not None:
                return None
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(None, guard.check_public, url)
        except CollectError as exc:
            if exc.status == "refused":
                raise _Blocked(exc.message) from None
            raise OSError(exc.message) from None

    async def fetch(self, site: Site, url: str, body: bytes | None) -> tuple[int, str]:
        """Status and (decoded, capped) body text of the final answer."""
        method, current, origin = site.method, url, host_key(url)
        pinned: list[str] | None = None
        for _ in range(MAX_REDIRECTS + 1):
            target, host = map_url(self.settings.endpoints, current)
            answer = await self.client.request(
                method, target, headers=site.headers, body=body, host_header=host, pinned=pinned
            )
            status = answer.status
            if rate_limit_exhausted(status, answer.headers):
                until = reset_time(answer.headers) or time.time() + RATE_LIMIT_PAUSE
                key = host_key(current)
                self.paused[key] = max(self.paused.get(key, 0.0), until)
                raise _RateLimited(status, until)
            location = answer.headers.get("location")
            if site.follow_redirects and status in REDIRECTS and location:
                current = unmap_location(self.settings.endpoints, location, current)
                if urlsplit(current).scheme not in ("http", "https"):
                    return status, ""
                pinned = None
                if host_key(current) != origin:
                    pinned = await self.guard(current)
                if status == 303 or (status in (301, 302) and method == "POST"):
                    method, body = "GET", None
                continue
            return status, answer.text()
        raise _TooManyRedirects

    async def ask(self, site: Site, name: str) -> tuple[str, str, int | None]:
        """One request and its verdict: (status, detail, http status)."""
        url = site.request_url(name)
        timeout = self.settings.timeout
        deadline = time.monotonic() + timeout
        try:
            async with self.slot(url), self.total, asyncio.timeout(timeout):
                wait = self.paused.get(host_key(url), 0.0) - time.time()
                if wait > deadline - time.monotonic():
                    return UNKNOWN, f"rate-limited: the site asked to wait {wait:.0f} s more", None
                if wait > 0:
                    await asyncio.sleep(wait)
                code, text = await self.fetch(site, url, site.request_body(name))
        except TimeoutError:
            return UNKNOWN, f"no answer within {timeout:g} s", None
        except _RateLimited as exc:
            return UNKNOWN, f"rate-limited (HTTP {exc.status})", exc.status
        except _Blocked as exc:
            return UNKNOWN, f"a redirect was refused: {exc}", None
        except _TooManyRedirects:
            return UNKNOWN, f"more than {MAX_REDIRECTS} redirects", None
        except (OSError, ValueError, UnicodeError) as exc:
            return UNKNOWN, f"network error: {_reason(exc)}", None
        verdict, detail = site.rule.judge(code, text)
        return verdict, detail, code

    def key(self, site: Site) -> str:
        key = self.keys.get(id(site))
        if key is None:
            key = self.keys[id(site)] = site_key(site, self.settings.endpoints)
        return key

    def kept(self, site: Site, name: str) -> Verdict | None:
        """What the site said about ``name`` in the last day, if the cache is to be used."""
        if self.cache is None or self.settings.refresh:
            return None
        return self.cache.check(self.key(site), name)

    async def probe(self, site: Site) -> tuple[str, str]:
        if self.cache is not None and not self.settings.refresh:
            kept = self.cache.probe(self.key(site))
            if kept is not None:
                return kept, "the random-username check's answer of the last day"
        name = probe_name(site, self.candidates)
        if name is None:
            return UNKNOWN, "no random username fits the site's username rule"
        verdict, detail, _ = await self.ask(site, name)
        if self.cache is not None:
            self.cache.keep_probe(self.key(site), verdict)
        return verdict, detail

    def probe_for(self, site: Site) -> asyncio.Task[tuple[str, str]]:
        """The site's random-username check: one per site, alongside its real checks."""
        task = self.probes.get(id(site))
        if task is None:
            task = self.probes[id(site)] = asyncio.ensure_future(self.probe(site))
        return task

    async def check(
        self, site: Site, username: str, name: str, kept: Verdict | None = None
    ) -> SweepResult:
        """Ask ``site`` about ``name`` (or take ``kept``, the cache's answer), then the probe."""
        try:
            if kept is not None:
                verdict, detail, code = kept
            else:
                verdict, detail, code = await self.ask(site, name)
                if self.cache is not None:
                    self.cache.keep_check(self.key(site), username, name, verdict, detail, code)
            if verdict == FOUND and self.settings.probe:
                probe_verdict, probe_detail = await self.probe_for(site)
                if probe_verdict == FOUND:
                    verdict = UNKNOWN
                    detail = (
                        "the site also says a random username exists, so its 'found' means nothing"
                    )
                elif probe_verdict != MISSING:
                    verdict = UNKNOWN
                    detail = (
                        f"{detail}, but a random-username check could not tell ({probe_detail})"
                    )
        except Exception as exc:  # a record for every check, whatever happened
            verdict, detail, code = UNKNOWN, f"error: {_reason(exc)}", None
        return SweepResult(
            username=username,
            site=site.name,
            url=site.profile_url(name),
            status=verdict,
            http_status=code,
            detail=detail,
            handle=site.handle_for(name),
            cached=kept is not None,
        )


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text}"[:200] if text else type(exc).__name__


def _connections(settings: SweepSettings) -> int:
    if settings.connections > 0:
        return settings.connections
    try:
        import resource

        soft = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
        if soft == resource.RLIM_INFINITY or soft <= 0:
            soft = 8192
    except (ImportError, OSError, ValueError):
        soft = 1024
    return max(16, min(4096, soft // 2 - 32))


def skipped_results(usernames: list[str], site_list: SiteList) -> list[SweepResult]:
    """Records for broken entries: every username, status unknown, the reason."""
    return [
        SweepResult(username, name, None, UNKNOWN, None, f"site entry skipped: {reason}")
        for name, reason in site_list.broken
        for username in usernames
    ]


async def sweep_async(
    usernames: list[str],
    site_list: SiteList,
    settings: SweepSettings | None = None,
    on_result: OnResult | None = None,
) -> list[SweepResult]:
    """Check every username on every site of ``site_list``; one result per (username, site)."""
    settings = settings or SweepSettings()
    results: list[SweepResult] = []

    def done(result: SweepResult) -> None:
        results.append(result)
        if on_result is not None:
            on_result(result)

    for result in skipped_results(usernames, site_list):
        done(result)
    cache = SweepCache(settings.cache_dir) if settings.cache_dir is not None else None
    engine = _Engine(settings, cache)
    pending: list[asyncio.Task[SweepResult]] = []
    for site in site_list.sites:
        for username in usernames:
            name = site.username_for(username)
            if name is None:
                rule = f" ({site.rule_text})" if site.rule_text else ""
                done(
                    SweepResult(
                        username,
                        site.name,
                        None,
                        UNKNOWN,
                        None,
                        f"username refused by the site's rule{rule}; not checked",
                        impossible=True,
                    )
                )
                continue
            kept = engine.kept(site, name)
            if settings.probe and kept is None:  # sent alongside the check it guards
                engine.probe_for(site)
            task = asyncio.ensure_future(engine.check(site, username, name, kept))
            task.add_done_callback(lambda t: done(t.result()))
            pending.append(task)
    try:
        if pending:
            await asyncio.wait(pending)
    finally:
        for task in engine.probes.values():
            if not task.done():
                task.cancel()
        engine.client.close()
        if cache is not None:
            cache.close()
    return results


def sweep(
    usernames: list[str],
    site_list: SiteList,
    settings: SweepSettings | None = None,
    on_result: OnResult | None = None,
) -> list[SweepResult]:
    """:func:`sweep_async` on a fresh event loop (for callers that are not async)."""
    return asyncio.run(sweep_async(usernames, site_list, settings, on_result))
