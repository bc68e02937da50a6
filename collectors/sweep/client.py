"""A small HTTP/1.1 client on asyncio, made for the sweep's many small requests.

A sweep sends a few requests to each of hundreds of hosts; what costs is opening connections
and reading small answers, so this client does that and little else, on the standard library
alone: DNS answers cached for the run (or, for an address the guard checked, the checked
addresses: see :mod:`collectors.http.guard`); TLS with the system's certificate store (certificates
and host names verified); keep-alive, so a host's next check reuses an idle connection (a
connection the server closed meanwhile is replaced once, transparently); ``Content-Length``,
chunked and read-to-close bodies; gzip and deflate, bounded so that a compression bomb stops at
the cap; caps on header and body size. Redirects are left to the caller.
"""

from __future__ import annotations

import asyncio
import socket
from typing import TYPE_CHECKING
from urllib.parse import SplitResult, quote, urlsplit

from collectors.sweep.wire import Answer, Exchange, HttpError
from linkage.urls import ascii_host

if TYPE_CHECKING:
    import ssl

_DEFAULT_PORTS = {"http": 80, "https": 443}
PoolKey = tuple[str, str, int, str]


class _Connection(asyncio.Protocol):
    """One connection; carries one exchange at a time."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.exchange: Exchange | None = None
        self.closed = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        if self.exchange is not None:
            self.exchange.feed(data)
        else:  # an idle connection has nothing to say
            self.close()

    def eof_received(self) -> bool | None:
        self.closed = True
        if self.exchange is not None:
            self.exchange.ended(None)
        return None

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        if self.exchange is not None:
            self.exchange.ended(exc)

    def close(self) -> None:
        self.closed = True
        if self.transport is not None:
            self.transport.close()


class Client:
    """Sends requests; keeps the run's DNS answers, idle connections and one TLS context."""

    def __init__(self, user_agent: str, max_bytes: int, max_idle: int = 512) -> None:
        self.user_agent = user_agent
        self.max_bytes = max_bytes
        self.max_idle = max_idle
        self._dns: dict[str, asyncio.Future[list[str]]] = {}
        self._idle: dict[PoolKey, list[_Connection]] = {}
        self._idle_count = 0
        self._tls: ssl.SSLContext | None = None
        #: Connections opened (for tests and measurements).
        self.opened = 0

    def tls(self) -> ssl.SSLContext:
        """The TLS context, made on first use (a sweep of plain-http sites never needs one)."""
        if self._tls is None:
            import ssl

            self._tls = ssl.create_default_context()
        return self._tls

    def close(self) -> None:
        for connections in self._idle.values():
            for connection in connections:
                connection.close()
        self._idle.clear()
        self._idle_count = 0

    async def _resolve(self, host: str, port: int) -> list[str]:
        infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
        addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
        if not addresses:
            raise OSError(f"no address for {host}")
        return addresses

    async def _addresses(self, host: str, port: int) -> list[str]:
        """Addresses of ``host`` (a name or an IP address), resolved once per run (a shared
        task, so one waiter's deadline does not cancel the look-up for the others)."""
        task = self._dns.get(host)
        if task is None:
            task = self._dns[host] = asyncio.ensure_future(self._resolve(host, port))
        return await asyncio.shield(task)

    def _take_idle(self, key: PoolKey) -> _Connection | None:
        connections = self._idle.get(key)
        while connections:
            connection = connections.pop()
            self._idle_count -= 1
            if not connection.closed:
                return connection
        return None

    def _put_idle(self, key: PoolKey, connection: _Connection) -> None:
        if connection.closed or self._idle_count >= self.max_idle:
            connection.close()
            return
        self._idle.setdefault(key, []).append(connection)
        self._idle_count += 1

    async def _open(
        self, scheme: str, host: str, port: int, pinned: list[str] | None = None
    ) -> tuple[PoolKey, _Connection, bool]:
        """A connection to ``host``: an idle one if there is one (reused: True), else new.
        With ``pinned`` (addresses the guard checked), only to those: the name is not looked
        up again, so it cannot answer differently now (DNS rebinding)."""
        loop = asyncio.get_running_loop()
        error: OSError | None = None
        if pinned:
            candidates = [a for ip in pinned for a in await self._addresses(ip, port)]
        else:
            candidates = await self._addresses(host, port)
        for address in candidates:
            key = (scheme, address, port, host)
            connection = self._take_idle(key)
            if connection is not None:
                return key, connection, True
            connection = _Connection()
            try:
                await loop.create_connection(
                    lambda connection=connection: connection,
                    address,
                    port,
                    ssl=self.tls() if scheme == "https" else None,
                    server_hostname=host if scheme == "https" else None,
                )
            except OSError as exc:
                error = exc
                continue
            self.opened += 1
            return key, connection, False
        raise error or OSError(f"cannot connect to {host}")

    async def request(
        self,
        method: str,
        url: str,
        *,
        headers: dict[str, str] | None = None,
        body: bytes | None = None,
        host_header: str | None = None,
        pinned: list[str] | None = None,
    ) -> Answer:
        """Send one request and read its answer (redirects are the caller's). ``pinned``: the
        addresses to connect to instead of looking ``url``'s host up (the address guard's)."""
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in _DEFAULT_PORTS or not parts.hostname:
            raise HttpError(f"'{url[:80]}' is not an http(s) address")
        host = parts.hostname
        try:
            port = parts.port or _DEFAULT_PORTS[scheme]
        except ValueError:
            raise HttpError(f"'{url[:80]}' has a bad port") from None
        try:
            ascii_name = ascii_host(host)
        except UnicodeError:
            raise HttpError(f"'{url[:80]}' has a host name that cannot be one") from None
        if host_header is None:
            shown = f"[{ascii_name}]" if ":" in ascii_name else ascii_name
            default = parts.port in (None, _DEFAULT_PORTS[scheme])
            host_header = shown if default else f"{shown}:{port}"
        payload = self._payload(method, parts, host_header, headers, body)
        for _attempt in range(2):
            key, connection, reused = await self._open(scheme, ascii_name, port, pinned)
            exchange = Exchange(method == "HEAD", self.max_bytes)
            connection.exchange = exchange
            try:
                assert connection.transport is not None
                connection.transport.write(payload)
                answer = await exchange.done
            except OSError:
                connection.close()
                if reused and not exchange.received_any and _attempt == 0:
                    continue  # a kept-alive connection the server had closed: once more, fresh
                raise
            except BaseException:
                connection.close()
                raise
            connection.exchange = None
            if exchange.reusable:
                self._put_idle(key, connection)
            else:
                connection.close()
            return answer
        raise HttpError("the connection closed before a complete answer")

    def _payload(
        self,
        method: str,
        parts: SplitResult,
        host_header: str,
        headers: dict[str, str] | None,
        body: bytes | None,
    ) -> bytes:
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        if not target.isascii() or " " in target:  # as browsers do: percent-encode the rest
            target = quote(target, safe="!#$%&'()*+,/:;=?@[]~")
        lines = [
            f"{method} {target} HTTP/1.1",
            f"Host: {host_header}",
            f"User-Agent: {self.user_agent}",
            "Accept: */*",
            "Accept-Encoding: gzip, deflate",
        ]
        for key, value in (headers or {}).items():
            if "\r" in key or "\n" in key or "\r" in value or "\n" in value:
                raise HttpError("a header contains a line break")
            lines.append(f"{key}: {value}")
        if body is not None or method in ("POST", "PUT"):
            lines.append(f"Content-Length: {len(body or b'')}")
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1", "replace") + (body or b"")
