"""Per-host pacing: concurrency limit, minimum interval, other hosts unaffected, cache hits free."""

from __future__ import annotations

import itertools
import threading
import time
from pathlib import Path

from collectors.http import HttpClient, HttpConfig
from tests.server import Answer, LocalServer, Request


class Meter:
    """Counts requests in progress at the server, per Host header, and when each arrived."""

    def __init__(self, hold: float) -> None:
        self.hold = hold
        self.lock = threading.Lock()
        self.current: dict[str, int] = {}
        self.peak: dict[str, int] = {}
        self.overall = 0
        self.overall_peak = 0
        self.arrivals: list[tuple[str, float]] = []

    def __call__(self, request: Request) -> Answer:
        host = request.headers.get("Host", "")
        with self.lock:
            self.arrivals.append((host, time.monotonic()))
            self.current[host] = self.current.get(host, 0) + 1
            self.peak[host] = max(self.peak.get(host, 0), self.current[host])
            self.overall += 1
            self.overall_peak = max(self.overall_peak, self.overall)
        time.sleep(self.hold)
        with self.lock:
            self.current[host] -= 1
            self.overall -= 1
        return Answer.data("ok")


def client_for(server: LocalServer, **overrides: object) -> HttpClient:
    settings: dict[str, object] = dict(
        endpoints={"*": server.url},
        min_interval=0.0,
        backoff=0.01,
        max_retries=0,
        read_timeout=5.0,
    )
    settings.update(overrides)
    return HttpClient(HttpConfig(**settings))  # type: ignore[arg-type]


def fetch_all(client: HttpClient, urls: list[str]) -> None:
    errors: list[BaseException] = []

    def fetch(url: str) -> None:
        try:
            client.get(url)
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=fetch, args=(url,)) for url in urls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert not errors


def test_per_host_concurrency_limit(server: LocalServer) -> None:
    meter = Meter(hold=0.15)
    server.route("/x").handle(meter)
    with client_for(server, per_host_concurrency=2) as client:
        fetch_all(client, ["https://api.example.com/x"] * 6)
    assert len(meter.arrivals) == 6
    assert meter.peak["api.example.com"] == 2


def test_configure_host_tightens_the_limit(server: LocalServer) -> None:
    meter = Meter(hold=0.1)
    server.route("/x").handle(meter)
    with client_for(server, per_host_concurrency=4) as client:
        client.get("https://api.example.com/x")  # the gate exists before the collector asks
        client.configure_host("API.example.com", concurrency=1)
        fetch_all(client, ["https://api.example.com/x"] * 4)
    assert meter.peak["api.example.com"] == 1


def test_host_settings_off_ignores_configure_host(server: LocalServer) -> None:
    meter = Meter(hold=0.0)
    server.route("/x").handle(meter)
    with client_for(server, host_settings=False) as client:
        client.configure_host("api.example.com", interval=5.0)
        started = time.monotonic()
        for _ in range(3):
            client.get("https://api.example.com/x")
    assert time.monotonic() - started < 2.0


def test_different_hosts_proceed_concurrently(server: LocalServer) -> None:
    meter = Meter(hold=0.3)
    server.route("/x").handle(meter)
    hosts = ["a.example.org", "b.example.org", "c.example.org", "d.example.org"]
    started = time.monotonic()
    with client_for(server, per_host_concurrency=1) as client:
        fetch_all(client, [f"https://{host}/x" for host in hosts])
    elapsed = time.monotonic() - started
    assert all(meter.peak[host] == 1 for host in hosts)
    assert meter.overall_peak >= 3
    assert elapsed < 0.3 * len(hosts)  # not one after another


def test_minimum_interval_between_requests_to_one_host(server: LocalServer) -> None:
    meter = Meter(hold=0.0)
    server.route("/x").handle(meter)
    with client_for(server, min_interval=0.15, per_host_concurrency=4) as client:
        fetch_all(client, ["https://api.example.com/x"] * 4)
        client.get("https://other.example.org/x")  # another host does not wait its turn
    times = sorted(t for host, t in meter.arrivals if host == "api.example.com")
    gaps = [b - a for a, b in itertools.pairwise(times)]
    # sent one interval apart: together they span three intervals, and no two arrive together
    # (unspaced, four requests four at a time arrive within milliseconds). The bound on each
    # gap is loose: on a loaded machine one arrival noted late shortens the gap after it
    assert len(gaps) == 3 and min(gaps) >= 0.05 and times[-1] - times[0] >= 0.4


def test_configured_interval_is_recorded_through_sleep(server: LocalServer) -> None:
    server.route("/x").reply("ok")
    with client_for(server) as client:
        waits: list[float] = []
        client.sleep = waits.append
        client.configure_host("slow.example.org", interval=1.0)
        for _ in range(3):
            client.get("https://slow.example.org/x")
        client.get("https://fast.example.org/x")
    # the clock does not move under a recording sleep, so the turns queue up one interval
    # apart; only the requests' own time passes (on a loaded machine, a tenth of a second),
    # so the second wait is over one interval, where turns that did not queue would be under
    assert len(waits) == 2 and 0.5 < waits[0] <= 1.0 and 1.0 < waits[1] <= 2.0
    assert waits[1] - waits[0] > 0.5


def test_cache_hits_do_not_wait_their_turn(server: LocalServer, tmp_path: Path) -> None:
    server.route("/x").reply("ok")
    with client_for(server, cache_dir=tmp_path) as client:
        waits: list[float] = []
        client.sleep = waits.append
        client.configure_host("api.example.com", interval=2.0)
        client.get("https://api.example.com/x")
        for _ in range(5):
            assert client.get("https://api.example.com/x").from_cache
    assert waits == []
    assert len(server.requests) == 1


class Limited:
    """Answers the first request with a rate limit (after a moment, so that the others are
    queued at the client by then), the rest at once."""

    def __init__(self, headers: dict[str, str], status: int) -> None:
        self.headers, self.status = headers, status
        self.lock = threading.Lock()
        self.paths: list[str] = []

    def __call__(self, request: Request) -> Answer:
        with self.lock:
            first = not self.paths
            self.paths.append(request.path)
        if first:
            time.sleep(0.4)  # the order of events, not a measure: the others queue meanwhile
            return Answer(self.status, "application/json", b"{}", headers=self.headers)
        return Answer.data("ok")


def _waits_behind_a_limit(server: LocalServer, headers: dict[str, str], status: int) -> list:
    """The pauses the client took (recorded, not slept) when a request was told to wait
    while three more for the same host were queued behind it."""
    limited = Limited(headers, status)
    for path in ("/a", "/b", "/c", "/d"):
        server.route(path).handle(limited)
    waits: list[float] = []
    with client_for(server, per_host_concurrency=1, max_retries=2, max_wait=30.0) as client:
        client.sleep = waits.append
        first = threading.Thread(target=client.get, args=("https://api.example.com/a",))
        first.start()
        time.sleep(0.1)  # /a is being answered: the others wait for the host's one slot
        fetch_all(client, [f"https://api.example.com/{p}" for p in ("b", "c", "d")])
        first.join(10)
    assert sorted(limited.paths) == ["/a", "/a", "/b", "/c", "/d"]
    return waits


def test_requests_queued_for_a_host_wait_out_the_pause_one_answer_asked_for(
    server: LocalServer,
) -> None:
    """A 429 with Retry-After paused only the request that got it: the requests already
    waiting for the host's slot were sent during the pause."""
    waits = _waits_behind_a_limit(server, {"Retry-After": "2"}, 429)
    # the request told to wait, and each of the three queued behind it
    assert len([w for w in waits if w > 1.0]) == 4, waits


def test_requests_queued_for_a_host_wait_for_a_used_up_quota_to_reset(
    server: LocalServer,
) -> None:
    """The same for a 403 saying the quota is used up until a reset time (GitHub's form)."""
    reset = str(int(time.time()) + 3)
    waits = _waits_behind_a_limit(
        server, {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset}, 403
    )
    assert len([w for w in waits if w > 1.0]) == 4, waits
