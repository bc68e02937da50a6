"""The transport under :class:`collectors.http.HttpClient`: a ``requests`` adapter that only
acts when a request really goes out (never for cache hits).

For a guarded request (an address found in collected data, or a redirect to another host) it
first resolves the name and checks every answer (:func:`collectors.http.guard.check_public`),
then *pins* the connection to the first checked address: the request goes to that IP, while the
name stays in the ``Host`` header, in TLS SNI and in the certificate check (urllib3's
``server_hostname`` / ``assert_hostname``), so a name that answers differently the second time
(DNS rebinding) cannot move the connection elsewhere. Pinned connections live in their own
pools (the pool key holds the IP and the name).

It waits for its host's turn (:class:`collectors.http.limits.HostGate`), then reads the body
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
from urllib.parse import urlsplit, urlunsplit

import urllib3.exceptions
from requests import PreparedRequest
from requests.adapters import HTTPAdapter

from collectors.errors import NotCached
from collectors.http import guard
from collectors.http.limits import HostGate, quota_used_up, rate_limit_exhausted, reset_time
from collectors.http.policy import DEFAULT_MAX_BYTES
from linkage.status import UNRESOLVED

if TYPE_CHECKING:
    from collectors.http.session import HttpClient


class Transfer(Exception):
    """Raised by the adapter while reading a body; turned into a CollectError by the client."""

    def __init__(
        self, kind: str, detail: str = "", *, size: int | None = None, cap: int | None = None
    ) -> None:
        super().__init__(kind, detail)
        self.kind, self.detail = kind, detail
        #: for ``large``: the size the answer declared (None: it sent more than ``cap``)
        self.size, self.cap = size, cap


class RequestState(threading.local):
    max_bytes: int = DEFAULT_MAX_BYTES
    gate: HostGate | None = None
    url: str = ""
    #: Resolve, check and pin this request's address (a guarded, unmapped request).
    pin: bool = False
    #: While a pinned request is being sent: the host name its connection must verify.
    pinned_name: str | None = None
    #: The end of the rate-limit pause this thread's request was told of (epoch seconds).
    told_until: float = 0.0


def pinned_request(request: PreparedRequest, address: str) -> PreparedRequest:
    """A copy of ``request`` sent to ``address`` (an IP), its ``Host`` header kept as the name."""
    parts = urlsplit(request.url or "")
    shown = f"[{address}]" if ":" in address else address
    netloc = shown if parts.port is None else f"{shown}:{parts.port}"
    pinned = request.copy()
    pinned.url = urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))
    if "Host" not in pinned.headers:
        pinned.headers["Host"] = parts.netloc.rpartition("@")[2]
    return pinned


def _note_pause(gate: HostGate, response: Any) -> None:
    """Pause the host until the time an answer gives when it says the quota is used up or
    asks to wait, before the slot is given to the next request waiting for it (the client
    then decides whether the request that got it waits or gives up). An answer that gives no
    time leaves the pacing to the client's own retries, as when it gives up on one."""
    status, headers = response.status_code, response.headers
    if not (rate_limit_exhausted(status, headers) or quota_used_up(headers)):
        return
    reset = reset_time(headers)
    if reset is not None:
        gate.paused_until = max(gate.paused_until, reset)


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
        original = request
        if state.pin:
            address = guard.check_public(request.url or "")[0]
            request = pinned_request(request, address)
            state.pinned_name = urlsplit(original.url or "").hostname
        try:
            gate = state.gate
            if gate is None:
                response = self._send(request, timeout, verify, cert, proxies)
            else:
                with gate:
                    gate.wait_turn(client.sleep)
                    # checked with the slot held: a pause another request was told of while
                    # this one waited for the slot holds for this one too
                    if gate.paused_until > time.time():
                        client._wait_for_reset(state.url, gate.paused_until)
                    response = self._send(request, timeout, verify, cert, proxies)
                    _note_pause(gate, response)
        finally:
            state.pinned_name = None
        if request is not original:
            response.url, response.request = original.url, original
        return response

    def build_connection_pool_key_attributes(self, request, verify, cert=None):  # type: ignore[no-untyped-def]
        """requests' pool key, plus, for a pinned https request, the name TLS must verify."""
        host_params, pool_kwargs = super().build_connection_pool_key_attributes(
            request, verify, cert
        )
        name = self.client._state.pinned_name
        if name and host_params.get("scheme") == "https":
            pool_kwargs["server_hostname"] = name
            pool_kwargs["assert_hostname"] = name
        return host_params, pool_kwargs

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
            raise Transfer("large", "declared", size=int(declared), cap=max_bytes)
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
                    raise Transfer("large", "sent", cap=max_bytes)
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
        return UNRESOLVED
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
