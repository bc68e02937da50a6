"""A misbehaving HTTP server for the robustness suite (loopback only).

It stands in front of a table of recorded answers (``(host, path?query) -> Answer``) and, for
anything not in the table, the fixture tree layout of :mod:`linkage.demo` (``HOST/path``,
``routes.toml``). Any request can be made to misbehave with a :class:`Fault` chosen by a rule:
answer slowly, trickle its body, say 429 with ``Retry-After``, fail with 5xx, reset the
connection, cut the body short, send an endless body, a gzip bomb, a web page where JSON was
expected, the right body under a wrong content type, HTML in every text field, invalid UTF-8,
a redirect (to a private address, or in a loop).

Every request is counted by ``(host, target)`` so tests can tell what really went out.
"""

from __future__ import annotations

import gzip
import json
import random
import re
import socket
import ssl
import struct
import threading
import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

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


@dataclass
class Answer:
    status: int
    content_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


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


class FaultServer:
    """A threaded HTTP server on 127.0.0.1 and a free port; use it as a context manager."""

    def __init__(
        self,
        answers: Mapping[tuple[str, str], Answer] | None = None,
        root: Path | None = None,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        tls: ssl.SSLContext | None = None,
    ) -> None:
        """Serve ``answers`` (by Host name and target) or files under ``root``; on ``host``
        (any loopback address) and ``port`` (0: a free one), over TLS with ``tls``."""
        self.answers = dict(answers or {})
        #: answers that replace ``answers`` until :meth:`clear`
        self.overrides: dict[tuple[str, str], Answer] = {}
        self.root = root
        self.tls = tls is not None
        self.rules: list[Rule] = []
        self.hits: Counter[tuple[str, str]] = Counter()
        self.log: list[tuple[float, str, str]] = []
        #: the headers of every request, by arrival: (host, target, headers)
        self.headers: list[tuple[str, str, dict[str, str]]] = []
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        handler = type("Handler", (_Handler,), {"owner": self})
        self.httpd = ThreadingHTTPServer((host, port), handler)
        if tls is not None:
            self.httpd.socket = tls.wrap_socket(self.httpd.socket, server_side=True)
        self.httpd.daemon_threads = True
        self.httpd.handle_error = lambda request, address: None  # type: ignore[method-assign]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"{'https' if self.tls else 'http'}://{host}:{port}"

    # -- faults and counts ------------------------------------------------------------------

    def add(self, match: Match, fault: Fault) -> Rule:
        rule = Rule(match, fault)
        with self._lock:
            self.rules.append(rule)
        return rule

    def clear(self) -> None:
        with self._lock:
            self.rules.clear()
            self.overrides.clear()
            self.hits.clear()
            self.log.clear()
            self.headers.clear()

    def requests(self) -> int:
        with self._lock:
            return sum(self.hits.values())

    def _fault_for(self, host: str, target: str, headers: dict[str, str]) -> Fault | None:
        with self._lock:
            self.hits[(host, target)] += 1
            self.log.append((time.monotonic(), host, target))
            self.headers.append((host, target, headers))
            for rule in self.rules:
                if rule.match(host, target):
                    slot = (host, target) if rule.fault.each else ("", "")
                    if rule.fault.times is not None and rule.used[slot] >= rule.fault.times:
                        continue
                    rule.used[slot] += 1
                    return rule.fault
        return None

    def answer_for(self, host: str, target: str) -> Answer:
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
        return Answer(404, "application/json", b'{"error": "Not Found", "message": "Not Found"}')

    # -- life cycle -------------------------------------------------------------------------

    def __enter__(self) -> FaultServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()


class _Handler(BaseHTTPRequestHandler):
    owner: FaultServer
    server_version = "faultserver"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        server = self.owner
        host = (self.headers.get("Host") or "").split(":")[0].lower()
        if host.startswith("["):
            host = self.headers.get("Host", "").lower()
        fault = server._fault_for(host, self.path, dict(self.headers.items()))
        answer = server.answer_for(host, self.path)
        if fault is None:
            self._send(answer)
            return
        getattr(self, "_" + fault.kind.replace("-", "_").replace("5xx", "server_error"))(
            fault, answer
        )

    # -- plain answers ------------------------------------------------------------------------

    def _send(
        self, answer: Answer, *, body: bytes | None = None, length: int | None = None
    ) -> None:
        payload = answer.body if body is None else body
        self.send_response(answer.status)
        self.send_header("Content-Type", answer.content_type)
        for name, value in answer.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload) if length is None else length))
        self.end_headers()
        self.wfile.write(payload)

    # -- faults -------------------------------------------------------------------------------

    def _slow(self, fault: Fault, answer: Answer) -> None:
        if not self.owner.stopping.wait(fault.seconds):
            self._send(answer)

    def _trickle(self, fault: Fault, answer: Answer) -> None:
        self.send_response(answer.status)
        self.send_header("Content-Type", answer.content_type)
        self.send_header("Content-Length", str(len(answer.body)))
        self.end_headers()
        for byte in answer.body:
            if self.owner.stopping.wait(fault.seconds):
                return
            self.wfile.write(bytes([byte]))
            self.wfile.flush()

    def _429(self, fault: Fault, answer: Answer) -> None:
        body = b'{"message": "Too Many Requests"}'
        self.send_response(429)
        self.send_header("Content-Type", "application/json")
        self.send_header("Retry-After", f"{fault.seconds:g}")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

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
        self.close_connection = True
        self.send_response(200)
        self.send_header("Content-Type", answer.content_type)
        self.end_headers()
        chunk = b'{"data": [' + b'"endless", ' * 6000
        sent = 0
        try:
            while sent < 512 * 1024 * 1024 and not self.owner.stopping.is_set():
                self.wfile.write(chunk)
                sent += len(chunk)
        except OSError:
            pass

    def _gzip_bomb(self, fault: Fault, answer: Answer) -> None:
        self._send(
            Answer(200, answer.content_type, b"", {"Content-Encoding": "gzip"}), body=gzip_bomb()
        )

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
        self._send(Answer(302, "text/plain", b"moved", {"Location": fault.location}))

    def _loop(self, fault: Fault, answer: Answer) -> None:
        if "loop=1" in self.path:
            location = self.path.replace("&loop=1", "").replace("?loop=1", "")
        else:
            location = self.path + ("&" if "?" in self.path else "?") + "loop=1"
        self._send(Answer(302, "text/plain", b"moved", {"Location": location}))


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
