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

``tests/conftest.py`` gives each test a fresh one as the ``server`` fixture.
"""

from __future__ import annotations

import contextlib
import random
import re
import socket
import socketserver
import ssl
import struct
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
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
        handler = type("Handler", (_Handler,), {"owner": self})
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


class _Handler(BaseHTTPRequestHandler):
    owner: LocalServer
    server_version = "localserver"
    protocol_version = "HTTP/1.1"
    record: Request
    answering: bool

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _dispatch(self) -> None:
        server = self.owner
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self.record = Request(
            self.command,
            self.path,
            Headers(self.headers.items()),
            body,
            self.client_address[:2],
            time.monotonic(),
        )
        self.answering = False
        route, fault = server._arrive(self.record)
        try:
            if route is not None and route.behaviour is not None:
                self._raw(route.behaviour)
                return
            if route is not None:
                answer = self._call(route.answer) if route.answer else UNROUTED
            else:
                answer = server.answer_for(self.record.host, self.record.target)
            if fault is None:
                self._send(answer)
            else:
                name = fault.kind.replace("-", "_").replace("5xx", "server_error")
                getattr(self, "_" + name)(fault, answer)
        finally:
            self._answering()

    def _answering(self) -> None:
        """The request stops counting as in flight once its answer starts to go out (before the
        client can have it, so a client that sends its next request on reading an answer is
        never counted twice)."""
        if not self.answering:
            self.answering = True
            self.owner._leave(self.record)

    def _call(self, handler: Handler) -> Answer:
        try:
            return handler(self.record)
        except Exception as exc:  # the test's own handler: kept for the test to see
            self.owner.errors.append(exc)
            return Answer(500, TEXT, f"the test's handler failed: {exc!r}".encode())

    do_GET = do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = _dispatch

    # -- plain answers ----------------------------------------------------------------------------

    def _head(self, answer: Answer, length: int | None) -> None:
        self.record.status = answer.status
        self._answering()
        self.send_response(answer.status)
        if answer.content_type:
            self.send_header("Content-Type", answer.content_type)
        for name, value in answer.headers.items():
            self.send_header(name, value)
        if length is None:
            self.close_connection = True
            self.send_header("Connection", "close")
        elif answer.status not in (204, 304):
            self.send_header("Content-Length", str(length))
        self.end_headers()

    def _send(
        self, answer: Answer, *, body: bytes | None = None, length: int | None = None
    ) -> None:
        if answer.chunks is not None:
            self._head(answer, None)
            for chunk in answer.chunks:
                self.wfile.write(chunk)
            return
        payload = answer.body if body is None else body
        self._head(answer, len(payload) if length is None else length)
        if self.command != "HEAD" and answer.status not in (204, 304):
            self.wfile.write(payload)

    def _raw(self, behaviour: Behaviour) -> None:
        self.close_connection = True
        conn = self.connection
        conn.settimeout(5)  # every raw loop is bounded in time
        try:
            behaviour(conn, self.owner.stopping)
        except OSError:
            pass
        except Exception as exc:
            self.owner.errors.append(exc)

    # -- faults -----------------------------------------------------------------------------------

    def _slow(self, fault: Fault, answer: Answer) -> None:
        if not self.owner.stopping.wait(fault.seconds):
            self._send(answer)

    def _trickle(self, fault: Fault, answer: Answer) -> None:
        self._head(answer, len(answer.body))
        for byte in answer.body:
            if self.owner.stopping.wait(fault.seconds):
                return
            self.wfile.write(bytes([byte]))
            self.wfile.flush()

    def _429(self, fault: Fault, answer: Answer) -> None:
        body = b'{"message": "Too Many Requests"}'
        retry = {"Retry-After": f"{fault.seconds:g}"}
        self._send(Answer(429, "application/json", body, retry))

    def _server_error(self, fault: Fault, answer: Answer) -> None:
        status = random.choice((500, 502, 503, 504))
        body = b"<html><body><h1>Service Unavailable</h1></body></html>"
        self._send(Answer(status, "text/html", body))

    def _reset(self, fault: Fault, answer: Answer) -> None:
        self.close_connection = True
        sock = self.connection
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.close()

    def _truncate(self, fault: Fault, answer: Answer) -> None:
        self.close_connection = True
        body = answer.body if len(answer.body) > 8 else answer.body + b" " * 64
        self._send(answer, body=body[: len(body) // 2], length=len(body))
        self.wfile.flush()
        self.connection.shutdown(socket.SHUT_RDWR)

    def _endless(self, fault: Fault, answer: Answer) -> None:
        chunk = b'{"data": [' + b'"endless", ' * 6000

        def forever() -> Iterator[bytes]:
            sent = 0
            while sent < 512 * 1024 * 1024 and not self.owner.stopping.is_set():
                yield chunk
                sent += len(chunk)

        with contextlib.suppress(OSError):  # the client hangs up: the point
            self._send(Answer.stream(forever(), answer.content_type))

    def _gzip_bomb(self, fault: Fault, answer: Answer) -> None:
        bomb = Answer(200, answer.content_type, gzip_bomb(), {"Content-Encoding": "gzip"})
        self._send(bomb)

    def _html_page(self, fault: Fault, answer: Answer) -> None:
        body = (
            b"<!doctype html><html><head><title>Just a moment...</title></head>"
            b"<body><h1>Checking your browser</h1><script>location.reload()</script></body></html>"
        )
        self._send(Answer(200, "text/html; charset=utf-8", body))

    def _wrong_type(self, fault: Fault, answer: Answer) -> None:
        self._send(Answer(answer.status, "text/html; charset=utf-8", answer.body, answer.headers))

    def _html_fields(self, fault: Fault, answer: Answer) -> None:
        self._send(answer, body=mutate_text(answer.body, html_wrap))

    def _bad_utf8(self, fault: Fault, answer: Answer) -> None:
        self._send(answer, body=invalid_utf8(answer.body))

    def _redirect(self, fault: Fault, answer: Answer) -> None:
        self._send(Answer.redirect(fault.location))

    def _loop(self, fault: Fault, answer: Answer) -> None:
        if "loop=1" in self.path:
            location = self.path.replace("&loop=1", "").replace("?loop=1", "")
        else:
            location = self.path + ("&" if "?" in self.path else "?") + "loop=1"
        self._send(Answer.redirect(location))
