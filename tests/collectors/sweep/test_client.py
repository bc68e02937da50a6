"""The sweep's HTTP client against raw local servers: framing, encodings, keep-alive, failures."""

from __future__ import annotations

import asyncio
import gzip
import zlib

import pytest

from collectors.sweep.client import Client, HttpError

UA = "linkage-test/1"


def run_with_server(answer, check):
    """Start a raw server whose connections are handled by ``answer(reader, writer, state)``,
    then run ``check(client, base_url, state)``; both are coroutines."""

    async def main():
        state = {"connections": 0, "requests": []}

        async def handle(reader, writer):
            state["connections"] += 1
            try:
                await answer(reader, writer, state)
            finally:
                writer.close()

        server = await asyncio.start_server(handle, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        client = Client(UA, max_bytes=1000)
        try:
            return await check(client, f"http://127.0.0.1:{port}", state)
        finally:
            client.close()
            server.close()
            await server.wait_closed()

    return asyncio.run(main())


async def read_request(reader, state) -> bytes:
    head = await reader.readuntil(b"\r\n\r\n")
    state["requests"].append(head.decode("latin-1"))
    return head


def keep_alive(body: bytes, extra: str = ""):
    async def answer(reader, writer, state):
        while True:
            try:
                await read_request(reader, state)
            except asyncio.IncompleteReadError:
                return
            writer.write(
                f"HTTP/1.1 200 OK\r\nContent-Length: {len(body)}\r\n{extra}\r\n".encode() + body
            )
            await writer.drain()

    return answer


def test_kept_alive_connection_is_reused_and_headers_are_sent():
    async def check(client, base, state):
        answers = [await client.request("GET", f"{base}/u/{n}") for n in ("a", "b", "c")]
        return answers, state

    answers, state = run_with_server(keep_alive(b"hello"), check)
    assert [a.body for a in answers] == [b"hello"] * 3
    assert state["connections"] == 1
    first = state["requests"][0]
    assert first.startswith("GET /u/a HTTP/1.1\r\n")
    assert f"User-Agent: {UA}\r\n" in first and "Host: 127.0.0.1:" in first


def test_connection_close_answers_are_not_reused():
    async def check(client, base, state):
        for n in ("a", "b"):
            await client.request("GET", f"{base}/{n}")
        return state

    state = run_with_server(keep_alive(b"x", "Connection: close\r\n"), check)
    assert state["connections"] == 2


def test_a_kept_alive_connection_closed_by_the_server_is_replaced_once():
    async def answer(reader, writer, state):
        await read_request(reader, state)
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
        await writer.drain()
        if state["connections"] == 1:
            await reader.readuntil(b"\r\n\r\n")  # the second request on this connection:
            return  # closed without an answer, as an idle-timeout would

    async def check(client, base, state):
        first = await client.request("GET", f"{base}/1")
        second = await client.request("GET", f"{base}/2")
        return first, second, state

    first, second, state = run_with_server(answer, check)
    assert first.body == second.body == b"ok"
    assert state["connections"] == 2


def test_chunked_gzip_and_deflate_bodies_are_decoded():
    text = b"<p>profile-card</p>" * 10
    packed = gzip.compress(text)
    chunks = b"".join(
        f"{len(packed[i : i + 40]):x}\r\n".encode() + packed[i : i + 40] + b"\r\n"
        for i in range(0, len(packed), 40)
    )

    async def answer(reader, writer, state):
        await read_request(reader, state)
        if len(state["requests"]) == 1:
            writer.write(
                b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n"
                + chunks
                + b"0\r\n\r\n"
            )
        else:
            raw = zlib.compress(text)
            writer.write(
                f"HTTP/1.1 200 OK\r\nContent-Encoding: deflate\r\nContent-Length: {len(raw)}\r\n"
                "Connection: close\r\n\r\n".encode()
                + raw
            )
        await writer.drain()

    async def check(client, base, state):
        return [await client.request("GET", f"{base}/{n}") for n in "ab"]

    first, second = run_with_server(answer, check)
    assert first.body == text and second.body == text


def test_bodies_are_capped_and_interim_answers_skipped():
    async def answer(reader, writer, state):
        await read_request(reader, state)
        writer.write(
            b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: text/html; charset=latin-1\r\n\r\n"
            + b"\xe9" * 5000
        )
        await writer.drain()

    async def check(client, base, state):
        return await client.request("GET", f"{base}/big")

    answer_ = run_with_server(answer, check)
    assert answer_.status == 200 and len(answer_.body) == 1000
    assert answer_.text() == "é" * 1000


def test_a_gzip_bomb_stops_at_the_cap():
    bomb = gzip.compress(b"\0" * 5_000_000)

    async def check(client, base, state):
        return await client.request("GET", f"{base}/bomb")

    got = run_with_server(keep_alive(bomb, "Content-Encoding: gzip\r\n"), check)
    assert len(got.body) == 1000


def test_head_answers_have_no_body():
    async def check(client, base, state):
        head = await client.request("HEAD", f"{base}/h")
        after = await client.request("GET", f"{base}/g")
        return head, after, state

    async def answer(reader, writer, state):
        while True:
            try:
                request = await read_request(reader, state)
            except asyncio.IncompleteReadError:
                return
            body = b"" if request.startswith(b"HEAD") else b"12345"
            writer.write(b"HTTP/1.1 404 Not Found\r\nContent-Length: 5\r\n\r\n" + body)
            await writer.drain()

    head, after, state = run_with_server(answer, check)
    assert head.status == 404 and head.body == b""
    assert after.body == b"12345" and state["connections"] == 1


@pytest.mark.parametrize(
    "reply",
    [b"SSH-2.0-OpenSSH\r\n\r\n", b"HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\nshort", b""],
)
def test_unreadable_answers_are_errors(reply):
    async def answer(reader, writer, state):
        await read_request(reader, state)
        writer.write(reply)
        await writer.drain()

    async def check(client, base, state):
        with pytest.raises(HttpError):
            await client.request("GET", f"{base}/x")

    run_with_server(answer, check)


def test_post_sends_the_body_with_its_length():
    async def answer(reader, writer, state):
        head = await read_request(reader, state)
        length = int(head.split(b"Content-Length: ")[1].split(b"\r\n")[0])
        state["body"] = await reader.readexactly(length)
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
        await writer.drain()

    async def check(client, base, state):
        await client.request("POST", f"{base}/gql", body=b'{"u":"x"}', headers={"X-A": "1"})
        return state

    state = run_with_server(answer, check)
    assert state["body"] == b'{"u":"x"}' and "X-A: 1\r\n" in state["requests"][0]


def test_header_injection_and_bad_addresses_are_refused():
    async def main():
        client = Client(UA, 100)
        with pytest.raises(HttpError):
            await client.request("GET", "ftp://example.org/")
        with pytest.raises(HttpError):
            await client.request("GET", "http://127.0.0.1:1/", headers={"X": "a\r\nEvil: 1"})

    asyncio.run(main())


def test_addresses_with_spaces_or_other_scripts_are_percent_encoded():
    async def check(client, base, state):
        await client.request("GET", f"{base}/форум/u/a b?q=é")
        return state

    state = run_with_server(keep_alive(b"ok"), check)
    assert state["requests"][0].startswith(
        "GET /%D1%84%D0%BE%D1%80%D1%83%D0%BC/u/a%20b?q=%C3%A9 HTTP/1.1\r\n"
    )
