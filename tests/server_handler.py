"""How :class:`tests.server.LocalServer` answers a connection: :class:`RequestHandler` records
each request, finds its route and fault through the server, and sends the answer: plain, over
a raw connection handed to a route, or spoilt by one of the faults of
:data:`tests.server_faults.KINDS` (slow, trickle, 429, 5xx, reset, truncate, endless, gzip bomb,
a web page, a wrong content type, HTML in text fields, invalid UTF-8, redirects and loops)."""

from __future__ import annotations

import contextlib
import random
import socket
import struct
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from typing import TYPE_CHECKING, Any

from tests.server_faults import Fault, gzip_bomb, html_wrap, invalid_utf8, mutate_text
from tests.server_messages import TEXT, UNROUTED, Answer, Behaviour, Handler, Headers, Request

if TYPE_CHECKING:
    from tests.server import LocalServer


class RequestHandler(BaseHTTPRequestHandler):
    """Answers one connection's requests for its ``owner``: records each, then answers it as
    its route, the table or the fixture tree say, or hands the connection to a raw route, or
    misbehaves as the first matching fault rule says."""

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
