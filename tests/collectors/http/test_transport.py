"""The HTTP client against servers that misbehave at the socket level: slow answers, dropped
connections, truncated, oversized, endless, trickling and bomb bodies.

werkzeug cannot misbehave this way, so a tiny raw-socket server on 127.0.0.1 does. Every loop
in it is bounded in count and time, and it stops with the test.
"""

from __future__ import annotations

import gzip
import socket
import threading
import time
from collections.abc import Callable, Iterator

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response as WerkzeugResponse

from collectors.errors import BadResponse, NetworkFailure, TooLarge
from collectors.http import HttpClient, HttpConfig

Behaviour = Callable[[socket.socket, threading.Event], None]


class RawServer:
    """Accepts connections on 127.0.0.1 and hands each one, after reading its request head, to
    ``behaviour(conn, stop)``; the connection is closed afterwards."""

    def __init__(self, behaviour: Behaviour) -> None:
        self.behaviour = behaviour
        self.stop = threading.Event()
        self.requests: list[bytes] = []
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.05)
        self.port = self.sock.getsockname()[1]
        self.workers: list[threading.Thread] = []
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            worker = threading.Thread(target=self._handle, args=(conn,), daemon=True)
            self.workers.append(worker)
            worker.start()

    def _handle(self, conn: socket.socket) -> None:
        conn.settimeout(5)
        try:
            head = b""
            while b"\r\n\r\n" not in head and len(head) < 65536:
                data = conn.recv(4096)
                if not data:
                    return
                head += data
            self.requests.append(head)
            self.behaviour(conn, self.stop)
        except OSError:
            pass
        finally:
            conn.close()

    def close(self) -> None:
        self.stop.set()
        self.sock.close()
        self.thread.join(2)
        for worker in self.workers:
            worker.join(2)


@pytest.fixture
def raw_server() -> Iterator[Callable[[Behaviour], RawServer]]:
    servers: list[RawServer] = []

    def start(behaviour: Behaviour) -> RawServer:
        server = RawServer(behaviour)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.close()


def client_for(server: RawServer, **overrides: object) -> HttpClient:
    settings: dict[str, object] = dict(
        endpoints={"*": server.url},
        connect_timeout=1.0,
        read_timeout=1.0,
        body_deadline=3.0,
        backoff=0.01,
        max_wait=1.0,
        min_interval=0.0,
        max_retries=2,
    )
    settings.update(overrides)
    return HttpClient(HttpConfig(**settings))  # type: ignore[arg-type]


def head(status: str = "200 OK", **headers: str) -> bytes:
    lines = [f"HTTP/1.1 {status}", "Connection: close"]
    lines += [f"{name.replace('_', '-')}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


# -- slow, dropped and truncated --------------------------------------------------------------


def test_slow_answer_beyond_read_timeout_is_retried_then_a_network_failure(raw_server) -> None:
    def slow(conn: socket.socket, stop: threading.Event) -> None:
        stop.wait(2.0)
        conn.sendall(head(Content_Length="2") + b"ok")

    server = raw_server(slow)
    started = time.monotonic()
    with (
        client_for(server, read_timeout=0.3, max_retries=2) as client,
        pytest.raises(NetworkFailure) as caught,
    ):
        client.get("https://slow.example.org/x")
    assert caught.value.status == "network failure"
    message = caught.value.message
    assert "slow.example.org" in message and "0.3 s" in message and "3 tries" in message
    assert "127.0.0.1" not in message  # the user's address, not the mapped one
    assert len(server.requests) == 3
    assert time.monotonic() - started < 3.0


def test_slow_then_fast_succeeds(raw_server) -> None:
    calls: list[int] = []

    def slow_once(conn: socket.socket, stop: threading.Event) -> None:
        calls.append(1)
        if len(calls) == 1:
            stop.wait(1.0)
        conn.sendall(head(Content_Length="2") + b"ok")

    with client_for(raw_server(slow_once), read_timeout=0.3) as client:
        assert client.get("https://slow.example.org/x").content == b"ok"


def test_connection_dropped_before_answer_is_retried_then_a_network_failure(raw_server) -> None:
    def drop(conn: socket.socket, stop: threading.Event) -> None:
        conn.shutdown(socket.SHUT_RDWR)

    server = raw_server(drop)
    with client_for(server, max_retries=2) as client, pytest.raises(NetworkFailure) as caught:
        client.get("https://drop.example.org/x")
    assert "dropped" in caught.value.message and "3 tries" in caught.value.message
    assert len(server.requests) == 3


def test_connection_dropped_mid_body_is_retried_then_a_network_failure(raw_server) -> None:
    def half(conn: socket.socket, stop: threading.Event) -> None:
        conn.sendall(head(Content_Length="1000") + b"x" * 100)
        conn.shutdown(socket.SHUT_RDWR)

    server = raw_server(half)
    with client_for(server, max_retries=2) as client, pytest.raises(NetworkFailure) as caught:
        client.get("https://cut.example.org/x")
    assert "cut off" in caught.value.message and "cut.example.org" in caught.value.message
    assert len(server.requests) == 3


def test_truncated_chunked_body_is_a_network_failure(raw_server) -> None:
    def half(conn: socket.socket, stop: threading.Event) -> None:
        conn.sendall(head(Transfer_Encoding="chunked") + b"64\r\n" + b"x" * 20)

    server = raw_server(half)
    with client_for(server, max_retries=1) as client, pytest.raises(NetworkFailure):
        client.get("https://cut.example.org/x")
    assert len(server.requests) == 2


def test_truncated_then_whole_succeeds(raw_server) -> None:
    calls: list[int] = []

    def flaky(conn: socket.socket, stop: threading.Event) -> None:
        calls.append(1)
        if len(calls) == 1:
            conn.sendall(head(Content_Length="10") + b"12345")
        else:
            conn.sendall(head(Content_Length="10") + b"1234567890")

    with client_for(raw_server(flaky)) as client:
        assert client.get("https://cut.example.org/x").content == b"1234567890"


def test_connection_refused_is_a_network_failure() -> None:
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()  # nothing listens there now
    config = HttpConfig(endpoints={"*": f"http://127.0.0.1:{port}"}, backoff=0.01, max_retries=1)
    with HttpClient(config) as client, pytest.raises(NetworkFailure, match="refused"):
        client.get("https://nobody.example.org/")


# -- size caps --------------------------------------------------------------------------------


def test_declared_length_over_the_cap_is_refused_before_reading(raw_server) -> None:
    sent: list[int] = []

    def big(conn: socket.socket, stop: threading.Event) -> None:
        conn.sendall(head(Content_Length=str(50_000_000)))
        for _ in range(20):
            if stop.is_set():
                return
            sent.append(conn.send(b"x" * 65536))

    server = raw_server(big)
    with client_for(server, max_bytes=100_000) as client, pytest.raises(TooLarge) as caught:
        client.get("https://big.example.org/x")
    assert caught.value.status == "bad response"
    assert "50,000,000 bytes" in caught.value.message
    assert "big.example.org" in caught.value.message
    assert len(server.requests) == 1  # not retried


def test_body_over_the_cap_without_length_is_cut_off(httpserver: HTTPServer) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(40):
            yield b"y" * 10_000

    httpserver.expect_request("/big").respond_with_response(WerkzeugResponse(chunks()))
    config = HttpConfig(endpoints={"*": httpserver.url_for("/").rstrip("/")}, max_bytes=100_000)
    with HttpClient(config) as client, pytest.raises(TooLarge, match="cut off"):
        client.get("https://big.example.org/big")


def test_chunked_body_over_the_cap_is_cut_off(raw_server) -> None:
    def chunked(conn: socket.socket, stop: threading.Event) -> None:
        conn.sendall(head(Transfer_Encoding="chunked"))
        for _ in range(40):
            if stop.is_set():
                return
            conn.sendall(b"2710\r\n" + b"z" * 10_000 + b"\r\n")
        conn.sendall(b"0\r\n\r\n")

    with (
        client_for(raw_server(chunked), max_bytes=100_000) as client,
        pytest.raises(TooLarge, match="cut off"),
    ):
        client.get("https://big.example.org/x")


def test_body_at_the_cap_is_accepted(raw_server) -> None:
    def exact(conn: socket.socket, stop: threading.Event) -> None:
        conn.sendall(head(Content_Length="1000") + b"a" * 1000)

    with client_for(raw_server(exact), max_bytes=1000) as client:
        assert len(client.get("https://ok.example.org/x").content) == 1000


def test_per_request_cap(raw_server) -> None:
    def body(conn: socket.socket, stop: threading.Event) -> None:
        conn.sendall(head(Content_Length="5000") + b"a" * 5000)

    with client_for(raw_server(body)) as client:
        assert len(client.get("https://ok.example.org/x").content) == 5000
        with pytest.raises(TooLarge):
            client.get("https://ok.example.org/x", max_bytes=4000)


def test_gzip_bomb_is_cut_off(raw_server) -> None:
    bomb = gzip.compress(b"\0" * 50_000_000, compresslevel=9)
    assert len(bomb) < 100_000

    def send_bomb(conn: socket.socket, stop: threading.Event) -> None:
        conn.sendall(head(Content_Encoding="gzip", Content_Length=str(len(bomb))) + bomb)

    server = raw_server(send_bomb)
    with (
        client_for(server, max_bytes=1_000_000) as client,
        pytest.raises(TooLarge, match="cut off"),
    ):
        client.get("https://bomb.example.org/x")
    assert len(server.requests) == 1


def test_small_gzip_body_is_decoded(raw_server) -> None:
    body = gzip.compress(b'{"ok": true}')

    def send(conn: socket.socket, stop: threading.Event) -> None:
        conn.sendall(head(Content_Encoding="gzip", Content_Length=str(len(body))) + body)

    with client_for(raw_server(send)) as client:
        assert client.get("https://ok.example.org/x").json() == {"ok": True}


def test_endless_body_is_cut_off(raw_server) -> None:
    def endless(conn: socket.socket, stop: threading.Event) -> None:
        conn.sendall(head(Content_Type="text/html"))
        deadline = time.monotonic() + 5
        while not stop.is_set() and time.monotonic() < deadline:
            conn.sendall(b"<p>more</p>" * 6000)

    server = raw_server(endless)
    started = time.monotonic()
    with client_for(server, max_bytes=500_000) as client, pytest.raises(TooLarge, match="endless"):
        client.get("https://endless.example.org/x")
    assert time.monotonic() - started < 3
    assert len(server.requests) == 1


def test_slow_trickle_past_the_body_deadline_is_a_network_failure(raw_server) -> None:
    def trickle(conn: socket.socket, stop: threading.Event) -> None:
        conn.sendall(head(Content_Length="1000"))
        for _ in range(1000):
            if stop.wait(0.02):
                return
            conn.sendall(b"t")

    server = raw_server(trickle)
    started = time.monotonic()
    with (
        client_for(server, read_timeout=1.0, body_deadline=0.4, max_retries=1) as client,
        pytest.raises(NetworkFailure) as caught,
    ):
        client.get("https://trickle.example.org/x")
    elapsed = time.monotonic() - started
    assert "longer than 0.4 s" in caught.value.message
    assert "trickle.example.org" in caught.value.message
    assert len(server.requests) == 2
    assert elapsed < 2.5


def test_unreadable_redirect_target_is_a_bad_response(raw_server) -> None:
    def redirect(conn: socket.socket, stop: threading.Event) -> None:
        conn.sendall(head("302 Found", Location="http://[::1/x", Content_Length="0"))

    server = raw_server(redirect)
    with client_for(server) as client, pytest.raises(BadResponse, match="unreadable"):
        client.get("https://blog.example.org/a")
    assert len(server.requests) == 1
