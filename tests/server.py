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
import gzip
import json
import random
import re
import socket
import socketserver
import ssl
import struct
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, parse_qsl, unquote, urlsplit

from linkage.demo import resolve

TYPES = {
    ".json": "application/json",
    ".atom": "application/atom+xml",
    ".rss": "application/rss+xml",
    ".xml": "application/xml",
    ".html": "text/html; charset=utf-8",
    ".png": "image/png",
    ".jpeg": "image/jpeg",
    ".jpg": "image/jpeg",
}
TEXT = "text/plain; charset=utf-8"

#: Every kind of misbehaviour the server knows.
KINDS = (
    "slow",  # wait ``seconds`` before answering at all
    "trickle",  # send the headers, then the body one byte every ``seconds``
    "429",  # Too Many Requests with Retry-After: ``seconds``
    "5xx",  # 500 / 502 / 503 / 504 in turn
    "reset",  # read the request, then reset the connection (RST)
    "truncate",  # promise the whole body, send half, close
    "endless",  # a body that never ends (until the client hangs up)
    "gzip-bomb",  # a small gzip body that unpacks to 64 MiB
    "html-page",  # a web page (200, text/html) where JSON was expected
    "wrong-type",  # the right body, under ``Content-Type: text/html``
    "html-fields",  # the right JSON, with HTML and script in every text field
    "bad-utf8",  # the right body, with invalid UTF-8 bytes in its text fields
    "redirect",  # 302 to ``location``
    "loop",  # 302 back and forth between two addresses
)


# -- what comes in ------------------------------------------------------------------------------


class Headers(Mapping[str, str]):
    """A request's headers, as sent; names are looked up without regard to case."""

    def __init__(self, items: Iterable[tuple[str, str]]) -> None:
        self.items_sent = list(items)
        self._by_name: dict[str, str] = {}
        for name, value in self.items_sent:
            self._by_name.setdefault(name.lower(), value)

    def __getitem__(self, name: str) -> str:
        return self._by_name[name.lower()]

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.lower() in self._by_name

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys(name for name, _ in self.items_sent))

    def __len__(self) -> int:
        return len(self._by_name)

    def __str__(self) -> str:
        return "".join(f"{name}: {value}\r\n" for name, value in self.items_sent)


class Args(dict[str, str]):
    """A query's parameters: the first value of each; :meth:`getlist` for all of them."""

    def __init__(self, query: str) -> None:
        self.pairs = parse_qsl(query, keep_blank_values=True)
        super().__init__()
        for name, value in self.pairs:
            self.setdefault(name, value)

    def getlist(self, name: str) -> list[str]:
        return [value for key, value in self.pairs if key == name]


@dataclass
class Request:
    """One request as the server saw it. ``host``: the Host header, lower case, without its
    port; ``target``: the path and query as sent; ``path``: decoded; ``status``: what it was
    answered (None: no HTTP answer, e.g. a reset or a raw behaviour)."""

    method: str
    target: str
    headers: Headers
    body: bytes = b""
    peer: tuple[str, int] | None = None
    at: float = 0.0
    status: int | None = None

    @property
    def host(self) -> str:
        host = self.headers.get("Host", "").lower()
        return host if host.startswith("[") else host.split(":")[0]

    @property
    def path(self) -> str:
        return unquote(urlsplit(self.target).path)

    @property
    def query(self) -> str:
        return urlsplit(self.target).query

    @property
    def args(self) -> Args:
        return Args(self.query)

    @property
    def url(self) -> str:
        return f"http://{self.headers.get('Host', '')}{self.target}"

    def json(self) -> Any:
        return json.loads(self.body)


# -- what goes out ------------------------------------------------------------------------------


@dataclass
class Answer:
    """A plain answer. ``chunks``: a body of unknown length instead of ``body``, sent without
    ``Content-Length`` until the connection closes."""

    status: int
    content_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    chunks: Iterable[bytes] | None = None

    @classmethod
    def data(
        cls,
        body: str | bytes = b"",
        status: int = 200,
        headers: Mapping[str, str] | None = None,
        content_type: str | None = None,
    ) -> Answer:
        """``body`` (text is sent as UTF-8) under ``content_type`` (or a ``Content-Type`` in
        ``headers``; plain text if neither)."""
        rest = {k: v for k, v in (headers or {}).items() if k.lower() != "content-type"}
        given = [v for k, v in (headers or {}).items() if k.lower() == "content-type"]
        kind = content_type or (given[0] if given else TEXT)
        payload = body.encode("utf-8") if isinstance(body, str) else body
        return cls(status, kind, payload, rest)

    @classmethod
    def json(
        cls,
        data: Any,
        status: int = 200,
        headers: Mapping[str, str] | None = None,
        content_type: str = "application/json",
    ) -> Answer:
        return cls.data(json.dumps(data, indent=4), status, headers, content_type)

    @classmethod
    def redirect(cls, location: str, status: int = 302) -> Answer:
        return cls(status, TEXT, b"moved", {"Location": location})

    @classmethod
    def stream(cls, chunks: Iterable[bytes], content_type: str = TEXT) -> Answer:
        return cls(200, content_type, b"", chunks=chunks)


#: What a request no route or table answers gets by default: loud, so a stray request shows.
UNROUTED = Answer(500, TEXT, b"no route in the test server for this request")
#: A platform's 404 (for servers that stand in for whole sites).
NOT_FOUND = Answer(404, "application/json", b'{"error": "Not Found", "message": "Not Found"}')

Handler = Callable[[Request], Answer]
#: A raw behaviour: gets the connection (its request head read) and the server's stop event.
Behaviour = Callable[[socket.socket, threading.Event], None]


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


# -- faults ---------------------------------------------------------------------------------------


@dataclass
class Fault:
    """How to misbehave. ``times``: for the first N matching requests only (None: always);
    with ``each``, the first N requests for each address."""

    kind: str
    times: int | None = None
    each: bool = False
    seconds: float = 0.0
    location: str = ""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}")


Match = Callable[[str, str], bool]


@dataclass
class Rule:
    match: Match
    fault: Fault
    used: Counter[tuple[str, str]] = field(default_factory=Counter)


def on_target(host: str, target: str) -> Match:
    """Matches one address (and its ``loop`` twin)."""
    host = host.lower()
    return lambda h, t: h == host and t.replace("&loop=1", "").replace("?loop=1", "") == target


def on_host(host: str) -> Match:
    host = host.lower()
    return lambda h, t: h == host


def everywhere() -> Match:
    return lambda h, t: True


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


# -- fault payloads -------------------------------------------------------------------------------


@cache
def gzip_bomb() -> bytes:
    """64 MiB of zeros, gzipped (about 64 KiB): sixteen times the client's cap."""
    return gzip.compress(b"\0" * (64 * 1024 * 1024), compresslevel=9)


#: A string of prose: has a space, is not an address or a date.
_PROSE = re.compile(r"\s")


def is_prose(value: str) -> bool:
    return bool(_PROSE.search(value)) and "://" not in value[:12]


def html_wrap(value: str) -> str:
    return (
        f'<b onmouseover="window.__pwned=1">{value}</b><script>window.__pwned=2</script>'
        '<img src=x onerror="window.__pwned=3">'
    )


def mutate_text(body: bytes, change: Callable[[str], str]) -> bytes:
    """``body`` (JSON) with ``change`` applied to every prose string in it (else unchanged)."""
    try:
        data = json.loads(body)
    except ValueError:
        return body

    def walk(node: Any) -> Any:
        if isinstance(node, str):
            return change(node) if is_prose(node) else node
        if isinstance(node, list):
            return [walk(item) for item in node]
        if isinstance(node, dict):
            return {key: walk(value) for key, value in node.items()}
        return node

    return json.dumps(walk(data)).encode("utf-8")


def invalid_utf8(body: bytes) -> bytes:
    """``body`` with invalid UTF-8 sequences after the first word of every prose JSON string."""
    marker = "\ue000"  # a private-use character, swapped for bad bytes after encoding
    changed = mutate_text(body, lambda s: s.replace(" ", f" {marker}", 1))
    if changed == body:  # not JSON (a page, a feed): spoil the text between tags
        return re.sub(rb">([A-Za-z]+) ", lambda m: b">" + m[1] + b" \xff\xfe\xc3( ", body)
    encoded = json.dumps(json.loads(changed), ensure_ascii=False).encode("utf-8")
    return encoded.replace(marker.encode("utf-8"), b"\xff\xfe\xc3(\xed\xa0\x80")
