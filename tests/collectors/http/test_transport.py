"""The HTTP client against servers that misbehave at the socket level: slow answers, dropped
connections, truncated, oversized, endless, trickling and bomb bodies.

The test server hands each connection, its request head read, to the test's raw behaviour
(``server.route().raw(behaviour)``). Every loop in a behaviour is bounded in count and time, and
it stops with the test.
"""

from __future__ import annotations

import gzip
import socket
import threading
import time
from collections.abc import Iterator

import pytest

from collectors.errors import BadResponse, NetworkFailure, TooLarge
from collectors.http import HttpClient, HttpConfig
from tests.server import Answer, LocalServer


def client_for(server: LocalServer, **overrides: object) -> HttpClient:
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


def test_slow_answer_beyond_read_timeout_is_retried_then_a_network_failure(
    server: LocalServer,
) -> None:
    def slow(conn: socket.socket, stop: threading.Event) -> None:
        stop.wait(2.0)
        conn.sendall(head(Content_Length="2") + b"ok")

    server.route().raw(slow)
    started = time.monotonic()
    with (
        client_for(server, read_timeout=0.3, max_retries=2) as client,
        pytest.raises(NetworkFailure) as caught,
    ):
        client.get("https://slow.example.org/x")
    assert caught.value.status == "network failure"
    message = caught.value.message
    # asked once more, not as often as a refused connection: each try takes the whole timeout
    assert "slow.example.org" in message and "0.3 s" in message and "2 tries" in message
    assert "127.0.0.1" not in message  # the user's address, not the mapped one
    assert len(server.requests) == 2
    assert time.monotonic() - started < 3.0


def test_slow_then_fast_succeeds(server: LocalServer) -> None:
    calls: list[int] = []

    def slow_once(conn: socket.socket, stop: threading.Event) -> None:
        calls.append(1)
        if len(calls) == 1:
            stop.wait(1.0)
        conn.sendall(head(Content_Length="2") + b"ok")

    server.route().raw(slow_once)
    with client_for(server, read_timeout=0.3) as client:
        assert client.get("https://slow.example.org/x").content == b"ok"


def test_connection_dropped_before_answer_is_retried_then_a_network_failure(
    server: LocalServer,
) -> None:
    def drop(conn: socket.socket, stop: threading.Event) -> None:
        conn.shutdown(socket.SHUT_RDWR)

    server.route().raw(drop)
    with client_for(server, max_retries=2) as client, pytest.raises(NetworkFailure) as caught:
        client.get("https://drop.example.org/x")
    assert "dropped" in caught.value.message and "3 tries" in caught.value.message
    assert len(server.requests) == 3


def test_connection_dropped_mid_body_is_retried_then_a_network_failure(server: LocalServer) -> None:
    def half(conn: socket.socket, stop: threading.Event) -> None:
        conn.sendall(head(Content_Length="1000") + b"x" * 100)
        conn.shutdown(socket.SHUT_RDWR)

    server.route().raw(half)
    with client_for(server, max_retries=2) as client, pytest.raises(NetworkFailure) as caught:
        client.get("https://cut.example.org/x")
    assert "cut off" in caught.value.message and "cut.example.org" in caught.value.message
    assert len(server.requests) == 3


def test_truncated_chunked_body_is_a_network_failure(server: LocalServer) -> None:
    def half(conn: socket.socket, stop: threading.Event) -> None:
        conn.sendall(head(Transfer_Encoding="chunked") + b"64\r\n" + b"x" * 20)

    server.route().raw(half)
    with client_for(server, max_retries=1) as client, pytest.raises(NetworkFailure):
        client.get("https://cut.example.org/x")
    assert len(server.requests) == 2


def test_truncated_then_whole_succeeds(server: LocalServer) -> None:
    calls: list[int] = []

    def flaky(conn: socket.socket, stop: threading.Event) -> None:
        calls.append(1)
        if len(calls) == 1:
            conn.sendall(head(Content_Length="10") + b"12345")
        else:
            conn.sendall(head(Content_Length="10") + b"1234567890")

    server.route().raw(flaky)
    with client_for(server) as client:
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


def test_declared_length_over_the_cap_is_refused_before_reading(server: LocalServer) -> None:
    sent: list[int] = []

    def big(conn: socket.socket, stop: threading.Event) -> None:
        conn.sendall(head(Content_Length=str(50_000_000)))
        for _ in range(20):
            if stop.is_set():
                return
            sent.append(conn.send(b"x" * 65536))

    server.route().raw(big)
    with client_for(server, max_bytes=100_000) as client, pytest.raises(TooLarge) as caught:
        client.get("https://big.example.org/x")
    assert caught.value.status == "bad response"
    # in words a person reads, not bytes
    assert "larger than linkage reads (48 MB; linkage reads up to 98 KB)" in caught.value.message
    assert "big.example.org" in caught.value.message
    assert len(server.requests) == 1  # not retried


def test_body_over_the_cap_without_length_is_cut_off(server: LocalServer) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(40):
            yield b"y" * 10_000

    server.route("/big").handle(lambda _: Answer.stream(chunks()))
    config = HttpConfig(endpoints={"*": server.url}, max_bytes=100_000)
    with HttpClient(config) as client, pytest.raises(TooLarge, match="cut off"):
        client.get("https://big.example.org/big")


def test_chunked_body_over_the_cap_is_cut_off(server: LocalServer) -> None:
    def chunked(conn: socket.socket, stop: threading.Event) -> None:
        conn.sendall(head(Transfer_Encoding="chunked"))
        for _ in range(40):
            if stop.is_set():
                return
            conn.sendall(b"2710\r\n" + b"z" * 10_000 + b"\r\n")
        conn.sendall(b"0\r\n\r\n")

    server.route().raw(chunked)
    with (
        client_for(server, max_bytes=100_000) as client,
        pytest.raises(TooLarge, match="cut off"),
    ):
        client.get("https://big.example.org/x")


def test_body_at_the_cap_is_accepted(server: LocalServer) -> None:
    def exact(conn: socket.socket, stop: threading.Event) -> None:
        conn.sendall(head(Content_Length="1000") + b"a" * 1000)

    server.route().raw(exact)
    with client_for(server, max_bytes=1000) as client:
        assert len(client.get("https://ok.example.org/x").content) == 1000


def test_per_request_cap(server: LocalServer) -> None:
    def body(conn: socket.socket, stop: threading.Event) -> None:
        conn.sendall(head(Content_Length="5000") + b"a" * 5000)

    server.route().raw(body)
    with client_for(server) as client:
        assert len(client.get("https://ok.example.org/x").content) == 5000
        with pytest.raises(TooLarge):
            client.get("https://ok.example.org/x", max_bytes=4000)


def test_gzip_bomb_is_cut_off(server: LocalServer) -> None:
    bomb = gzip.compress(b"\0" * 50_000_000, compresslevel=9)
    assert len(bomb) < 100_000

    def send_bomb(conn: socket.socket, stop: threading.Event) -> None:
        conn.sendall(head(Content_Encoding="gzip", Content_Length=str(len(bomb))) + bomb)

    server.route().raw(send_bomb)
    with (
        client_for(server, max_bytes=1_000_000) as client,
        pytest.raises(TooLarge, match="cut off"),
    ):
        client.get("https://bomb.example.org/x")
    assert len(server.requests) == 1


def test_small_gzip_body_is_decoded(server: LocalServer) -> None:
    body = gzip.compress(b'{"ok": true}')

    def send(conn: socket.socket, stop: threading.Event) -> None:
        conn.sendall(head(Content_Encoding="gzip", Content_Length=str(len(body))) + body)

    server.route().raw(send)
    with client_for(server) as client:
        assert client.get("https://ok.example.org/x").json() == {"ok": True}


def test_endless_body_is_cut_off(server: LocalServer) -> None:
    def endless(conn: socket.socket, stop: threading.Event) -> None:
        conn.sendall(head(Content_Type="text/html"))
        deadline = time.monotonic() + 5
        while not stop.is_set() and time.monotonic() < deadline:
            conn.sendall(b"<p>more</p>" * 6000)

    server.route().raw(endless)
    started = time.monotonic()
    with client_for(server, max_bytes=500_000) as client, pytest.raises(TooLarge, match="endless"):
        client.get("https://endless.example.org/x")
    assert time.monotonic() - started < 3
    assert len(server.requests) == 1


def test_slow_trickle_past_the_body_deadline_is_a_network_failure(server: LocalServer) -> None:
    """Asked for once more only: a site sending a byte a second stalled an audit for four
    minutes (four tries of a minute each)."""

    def trickle(conn: socket.socket, stop: threading.Event) -> None:
        conn.sendall(head(Content_Length="1000"))
        for _ in range(1000):
            if stop.wait(0.02):
                return
            conn.sendall(b"t")

    server.route().raw(trickle)
    started = time.monotonic()
    with (
        client_for(server, read_timeout=1.0, body_deadline=0.4, max_retries=3) as client,
        pytest.raises(NetworkFailure) as caught,
    ):
        client.get("https://trickle.example.org/x")
    elapsed = time.monotonic() - started
    assert "longer than 0.4 s" in caught.value.message
    assert "trickle.example.org" in caught.value.message
    assert len(server.requests) == 2
    assert elapsed < 2.5


def test_unreadable_redirect_target_is_a_bad_response(server: LocalServer) -> None:
    def redirect(conn: socket.socket, stop: threading.Event) -> None:
        conn.sendall(head("302 Found", Location="http://[::1/x", Content_Length="0"))

    server.route().raw(redirect)
    with (
        client_for(server) as client,
        pytest.raises(BadResponse, match="an address that could not be read"),
    ):
        client.get("https://blog.example.org/a")
    assert len(server.requests) == 1
