"""The one local HTTP server every test uses: :class:`LocalServer`, on a loopback address.

A threaded server (a thread per connection, HTTP/1.1 keep-alive, a deep accept backlog, so a
sweep's many connections at once are all taken) that offers:

* **routes**, registered per test: ``server.route("/users/alex", query={"page": "2"},
  method="GET", headers={"Host": "api.example.com"}, once=False)`` then ``.json(data)``,
  ``.reply(body, status=..., headers=..., content_type=...)``, ``.handle(fn)`` (``fn(request)
  -> Answer``) or ``.raw(fn)`` (``fn(conn, stop)`` gets the socket after the request head and
  may reset it, cut a body short, trickle, ...). A ``once`` route answers once, before any
  other; otherwise the first route registered that matches answers. The path may be a string
  (matched against the decoded path), a compiled pattern, or None (every path);
* a **table** of recorded answers ``{(host, target): Answer}`` (``overrides`` replace some until
  :meth:`LocalServer.clear`) and the demo's **fixture tree** (``root=``: ``HOST/path`` and
  ``routes.toml``, read through :func:`linkage.demo.resolve`), for what no route answers;
  anything else gets ``unrouted`` (500 by default, so a stray request shows; or ``NOT_FOUND``);
* **faults** chosen by rules, applied to whatever the request would have been answered:
  ``server.add(on_target(host, target), Fault("slow", seconds=8))``; the kinds are in
  :data:`KINDS` (slow, trickle, 429 with Retry-After, 5xx, reset, truncate, endless, gzip bomb,
  a web page, a wrong content type, HTML in text fields, invalid UTF-8, redirects and loops);
* a **record** of every request (:class:`Request`: host, method, path, query, headers, body,
  peer, arrival time and the status answered) in ``requests``, counts per ``(host, target)`` in
  ``hits``, requests in flight per host (``in_flight``: from arrival until the answer starts to
  go out) with their peaks (``peak`` per host, ``peak_hosts``: most hosts in flight at one
  moment, ``peak_total``), and
  :meth:`LocalServer.wait_until` for a handler that must hold until other requests arrive;
* TLS (``tls=``), any loopback address and any port.

How a connection is answered (and the faults played): :mod:`tests.server_handler`.
``tests/conftest.py`` gives each test a fresh one as the ``server`` fixture.
"""

from __future__ import annotations

import re
import socketserver
import ssl
import threading
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from linkage.demo import resolve
from tests.server_faults import (
    KINDS,
    Fault,
    Match,
    Rule,
    everywhere,
    gzip_bomb,
    html_wrap,
    invalid_utf8,
    is_prose,
    mutate_text,
    on_host,
    on_target,
)
from tests.server_handler import RequestHandler
from tests.server_messages import (
    NOT_FOUND,
    TEXT,
    TYPES,
    UNROUTED,
    Answer,
    Args,
    Behaviour,
    Handler,
    Headers,
    Request,
)

__all__ = [
    "KINDS",
    "NOT_FOUND",
    "TEXT",
    "TYPES",
    "UNROUTED",
    "Answer",
    "Args",
    "Fault",
    "Headers",
    "LocalServer",
    "Match",
    "Request",
    "Route",
    "Rule",
    "everywhere",
    "gzip_bomb",
    "html_wrap",
    "invalid_utf8",
    "is_prose",
    "mutate_text",
    "on_host",
    "on_target",
]


@dataclass
class Route:
    """Which requests (path, query, method, headers) and how to answer them."""

    path: str | re.Pattern[str] | None = None
    query: str | Mapping[str, str] | None = None
    method: str | None = None
    headers: Mapping[str, str] | None = None
    once: bool = False
    answer: Handler | None = None
    behaviour: Behaviour | None = None
    used: int = 0

    def matches(self, request: Request) -> bool:
        if isinstance(self.path, re.Pattern):
            if not self.path.match(request.path):
                return False
        elif self.path is not None and self.path != request.path:
            return False
        if self.method is not None and self.method.upper() != request.method:
            return False
        if isinstance(self.query, str) and self.query != request.query:
            return False
        if isinstance(self.query, Mapping) and dict(request.args) != dict(self.query):
            return False
        return all(request.headers.get(k) == v for k, v in (self.headers or {}).items())

    def reply(
        self,
        body: str | bytes = b"",
        status: int = 200,
        headers: Mapping[str, str] | None = None,
        content_type: str | None = None,
    ) -> Route:
        """Answer with ``body`` (see :meth:`Answer.data`)."""
        answer = Answer.data(body, status, headers, content_type)
        return self.handle(lambda _: answer)

    def json(self, data: Any, status: int = 200, headers: Mapping[str, str] | None = None) -> Route:
        answer = Answer.json(data, status, headers)
        return self.handle(lambda _: answer)

    def handle(self, handler: Handler) -> Route:
        """Answer with what ``handler(request)`` returns (it runs on the connection's thread)."""
        self.answer = handler
        return self

    def raw(self, behaviour: Behaviour) -> Route:
        """Hand the connection itself to ``behaviour``; it is closed afterwards."""
        self.behaviour = behaviour
        return self


# -- the server -----------------------------------------------------------------------------------


class _Listener(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256  # the sweep opens dozens of connections at once

    def server_bind(self) -> None:  # without HTTPServer's reverse lookup of the address
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = str(self.server_address[0]), self.server_address[1]

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that hangs up mid-answer is what many tests do on purpose


class LocalServer:
    """A threaded HTTP server on a loopback address; ``start``/``stop`` or a ``with`` block."""

    def __init__(
        self,
        answers: Mapping[tuple[str, str], Answer] | None = None,
        root: Path | None = None,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        tls: ssl.SSLContext | None = None,
        unrouted: Answer = UNROUTED,
    ) -> None:
        """Serve routes, then ``answers`` (by Host name and target), then files under ``root``,
        else ``unrouted``; on ``host`` (any loopback address) and ``port`` (0: a free one), over
        TLS with ``tls``."""
        self.answers = dict(answers or {})
        #: answers that replace ``answers`` until :meth:`clear`
        self.overrides: dict[tuple[str, str], Answer] = {}
        self.root = root
        self.unrouted = unrouted
        self.tls = tls is not None
        self.routes: list[Route] = []
        self.rules: list[Rule] = []
        self.requests: list[Request] = []
        #: what the tests' handlers raised (the ``server`` fixture fails the test on any)
        self.errors: list[Exception] = []
        self.hits: Counter[tuple[str, str]] = Counter()
        self.in_flight: Counter[str] = Counter()
        self.peak: Counter[str] = Counter()
        self.peak_hosts = 0
        self.peak_total = 0
        self.stopping = threading.Event()
        self._state = threading.Condition()
        handler = type("Handler", (RequestHandler,), {"owner": self})
        self.httpd = _Listener((host, port), handler)
        if tls is not None:
            self.httpd.socket = tls.wrap_socket(self.httpd.socket, server_side=True)
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def host(self) -> str:
        return str(self.httpd.server_address[0])

    @property
    def port(self) -> int:
        return int(self.httpd.server_address[1])

    @property
    def url(self) -> str:
        """The base address, without a trailing slash: ``http://127.0.0.1:PORT``."""
        return f"{'https' if self.tls else 'http'}://{self.host}:{self.port}"

    def url_for(self, path: str) -> str:
        return self.url + path

    # -- what to answer ---------------------------------------------------------------------------

    def route(
        self,
        path: str | re.Pattern[str] | None = None,
        *,
        query: str | Mapping[str, str] | None = None,
        method: str | None = None,
        headers: Mapping[str, str] | None = None,
        once: bool = False,
    ) -> Route:
        """A new route (see :class:`Route`); give it an answer with ``.reply``, ``.json``,
        ``.handle`` or ``.raw``."""
        route = Route(path, query, method, headers, once)
        with self._state:
            self.routes.append(route)
        return route

    def serve_all(self, handler: Handler) -> Route:
        """Answer every request that the routes registered before do not with ``handler``."""
        return self.route().handle(handler)

    def add(self, match: Match, fault: Fault) -> Rule:
        """Misbehave with ``fault`` for the requests ``match(host, target)`` accepts."""
        rule = Rule(match, fault)
        with self._state:
            self.rules.append(rule)
        return rule

    def answer_for(self, host: str, target: str) -> Answer:
        """The table's or the fixture tree's answer for ``host`` and ``target``."""
        found = self.overrides.get((host, target)) or self.answers.get((host, target))
        if found is not None:
            return found
        if self.root is not None:
            parts = urlsplit(target)
            file = resolve(self.root, host, unquote(parts.path), parse_qs(parts.query))
            if file is not None:
                content_type = TYPES.get(file.suffix.lower(), "application/octet-stream")
                if file.suffix == "" and file.read_bytes()[:4] == b"\x89PNG":
                    content_type = "image/png"
                return Answer(200, content_type, file.read_bytes())
        return self.unrouted

    # -- what came in -----------------------------------------------------------------------------

    def clear(self) -> None:
        """Forget routes, rules, overrides, the record and the counts (not the table)."""
        with self._state:
            self.routes.clear()
            self.rules.clear()
            self.overrides.clear()
            self.requests.clear()
            self.errors.clear()
            self.hits.clear()
            self.peak.clear()
            self.peak_hosts = self.peak_total = 0

    def paths(self) -> list[str]:
        return [request.path for request in self.requests]

    def wait_until(self, condition: Callable[[], bool], timeout: float) -> bool:
        """Wait (at most ``timeout`` s) until ``condition()`` holds; it is checked each time a
        request arrives or ends. Whether it held."""
        with self._state:
            return (
                self._state.wait_for(lambda: condition() or self.stopping.is_set(), timeout)
                and not self.stopping.is_set()
            )

    def _arrive(self, request: Request) -> tuple[Route | None, Fault | None]:
        host, target = request.host, request.target
        with self._state:
            self.requests.append(request)
            self.hits[(host, target)] += 1
            self.in_flight[host] += 1
            self.peak[host] = max(self.peak[host], self.in_flight[host])
            self.peak_hosts = max(self.peak_hosts, sum(1 for n in self.in_flight.values() if n))
            self.peak_total = max(self.peak_total, sum(self.in_flight.values()))
            self._state.notify_all()
            return self._route_for(request), self._fault_for(host, target)

    def _leave(self, request: Request) -> None:
        with self._state:
            self.in_flight[request.host] -= 1
            self._state.notify_all()

    def _route_for(self, request: Request) -> Route | None:
        for route in self.routes:
            if route.once and not route.used and route.matches(request):
                route.used += 1
                return route
        for route in self.routes:
            if not route.once and route.matches(request):
                route.used += 1
                return route
        return None

    def _fault_for(self, host: str, target: str) -> Fault | None:
        for rule in self.rules:
            if rule.match(host, target):
                slot = (host, target) if rule.fault.each else ("", "")
                if rule.fault.times is not None and rule.used[slot] >= rule.fault.times:
                    continue
                rule.used[slot] += 1
                return rule.fault
        return None

    # -- life cycle -------------------------------------------------------------------------------

    def start(self) -> LocalServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        with self._state:
            self._state.notify_all()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(2)

    def __enter__(self) -> LocalServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
