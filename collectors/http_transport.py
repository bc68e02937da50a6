"""The transport under :class:`collectors.http.HttpClient`: a ``requests`` adapter that only
acts when a request really goes out (never for cache hits).

It waits for its host's turn (:class:`collectors.http_limits.HostGate`), then reads the body
as a decoded stream, stopping at the size cap, and a watchdog ends a body that trickles in too
slowly for the per-read timeout to notice. Problems while reading come out as :class:`Transfer`,
which the client turns into a :class:`~collectors.errors.CollectError`.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from http.client import HTTPException
from typing import TYPE_CHECKING, Any

import urllib3.exceptions
from requests.adapters import HTTPAdapter

from collectors.errors import NotCached
from collectors.http_limits import HostGate

if TYPE_CHECKING:
    from collectors.http import HttpClient

DEFAULT_MAX_BYTES = 4 * 1024 * 1024


class Transfer(Exception):
    """Raised by the adapter while reading a body; turned into a CollectError by the client."""

    def __init__(self, kind: str, detail: str = "") -> None:
        super().__init__(kind, detail)
        self.kind, self.detail = kind, detail


class RequestState(threading.local):
    max_bytes: int = DEFAULT_MAX_BYTES
    gate: HostGate | None = None
    url: str = ""


class CappedAdapter(HTTPAdapter):
    """Sends only when a request really goes out (not for cache hits): waits its host's turn,
    then reads the body as a stream, decoded, stopping at the size cap or the deadline."""

    def __init__(self, client: HttpClient, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.client = client

    def send(self, request, stream=False, timeout=None, verify=True, cert=None, proxies=None):  # type: ignore[override]
        client, state = self.client, self.client._state
        if client.config.offline:
            raise NotCached("offline")
        gate = state.gate
        if gate is None:
            return self._send(request, timeout, verify, cert, proxies)
        if gate.paused_until > time.time():
            client._wait_for_reset(state.url, gate.paused_until)
        with gate:
            gate.wait_turn(client.sleep)
            return self._send(request, timeout, verify, cert, proxies)

    def _send(self, request, timeout, verify, cert, proxies):  # type: ignore[no-untyped-def]
        client, max_bytes = self.client, self.client._state.max_bytes
        deadline = client.config.body_deadline
        client._count_request()
        started = time.monotonic()
        response = super().send(
            request, stream=True, timeout=timeout, verify=verify, cert=cert, proxies=proxies
        )
        declared = response.headers.get("Content-Length", "")
        encoded = response.headers.get("Content-Encoding", "identity").lower() != "identity"
        if declared.isdigit() and int(declared) > max_bytes and not encoded:
            response.close()
            raise Transfer("large", f"is {int(declared):,} bytes, over the {max_bytes:,}-byte cap")
        # A watchdog ends a body that trickles in too slowly for the per-read timeout to notice.
        sock = _socket_of(response.raw)
        watchdog = threading.Timer(max(0.0, deadline - (time.monotonic() - started)), _cut, [sock])
        watchdog.daemon = True
        watchdog.start()
        chunks: list[bytes] = []
        total = 0
        try:
            for chunk in response.raw.stream(64 * 1024, decode_content=True):
                total += len(chunk)
                if total > max_bytes:
                    raise Transfer("large", f"sent more than the {max_bytes:,}-byte cap")
                if time.monotonic() - started > deadline:
                    raise Transfer("slow")
                chunks.append(chunk)
        except Transfer:
            response.close()
            raise
        except urllib3.exceptions.DecodeError as exc:
            response.close()
            raise Transfer("decode", type(exc).__name__) from None
        except (urllib3.exceptions.HTTPError, HTTPException, OSError) as exc:
            response.close()
            if time.monotonic() - started >= deadline:
                raise Transfer("slow") from None
            raise Transfer("cut", reason(exc)) from None
        finally:
            watchdog.cancel()
        response._content = b"".join(chunks)
        response._content_consumed = True
        return response


def _socket_of(raw: Any) -> socket.socket | None:
    """The socket under a urllib3 response (kept by the connection, or, when the server closes
    after answering, only by the response's file object)."""
    sock = getattr(getattr(raw, "connection", None), "sock", None)
    if sock is None:
        fp = getattr(getattr(raw, "_fp", None), "fp", None)
        sock = getattr(getattr(fp, "raw", None), "_sock", None)
    return sock if isinstance(sock, socket.socket) else None


def _cut(sock: socket.socket | None) -> None:
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)


def reason(exc: BaseException) -> str:
    """The cause of a network failure, in plain words."""
    text = f"{type(exc).__name__} {exc}"
    lowered = text.lower()
    if (
        "name or service not known" in lowered
        or "nodename nor servname" in lowered
        or "getaddrinfo" in lowered
        or "name resolution" in lowered
    ):
        return "the name does not resolve"
    if "refused" in lowered:
        return "the connection was refused"
    if "incompleteread" in lowered or "incomplete" in lowered:
        return "the answer was cut off"
    if (
        "reset" in lowered
        or "aborted" in lowered
        or "remotedisconnected" in lowered
        or "closed connection" in lowered
    ):
        return "the connection was dropped"
    if "ssl" in lowered or "certificate" in lowered:
        return "a secure connection could not be made"
    return exc.__class__.__name__
