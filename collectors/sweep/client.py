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
import zlib
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import SplitResult, quote, urlsplit

if TYPE_CHECKING:
    import ssl

MAX_HEAD = 64 * 1024
_DEFAULT_PORTS = {"http": 80, "https": 443}
PoolKey = tuple[str, str, int, str]


class HttpError(OSError):
    """An answer that is not readable HTTP, or a connection that ended too early."""


@dataclass(slots=True)
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def charset(self) -> str | None:
        for part in self.headers.get("content-type", "").split(";")[1:]:
            key, _, value = part.strip().partition("=")
            if key.lower() == "charset" and value:
                return value.strip("\"'")
        return None

    def text(self) -> str:
        try:
            return self.body.decode(self.charset or "utf-8", "replace")
        except LookupError:
            return self.body.decode("utf-8", "replace")


class _Exchange:
    """One response being read; ``done`` resolves with the :class:`Answer`."""

    def __init__(self, head_only: bool, max_bytes: int) -> None:
        self.head_only = head_only
        self.max_bytes = max_bytes
        self.buffer = bytearray()
        self.done: asyncio.Future[Answer] = asyncio.get_running_loop().create_future()
        self.status = 0
        self.version = ""
        self.headers: dict[str, str] = {}
        self.body_start = -1
        self.length: int | None = None
        self.chunked = False
        #: The connection may carry another request after this one.
        self.reusable = False

    @property
    def received_any(self) -> bool:
        return bool(self.buffer) or self.body_start >= 0

    def feed(self, data: bytes) -> None:
        if self.done.done():
            return
        self.buffer += data
        try:
            if self.body_start < 0 and not self._read_head():
                return
            self._maybe_finish(eof=False)
        except HttpError as exc:
            self.done.set_exception(exc)

    def ended(self, exc: BaseException | None) -> None:
        if self.done.done():
            return
        try:
            if self.body_start < 0:
                raise HttpError("the connection closed before a complete answer")
            self._maybe_finish(eof=True)
            if not self.done.done():
                raise HttpError("the connection closed in the middle of the answer")
        except HttpError as err:
            self.done.set_exception(err)

    def _read_head(self) -> bool:
        while True:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                if len(self.buffer) > MAX_HEAD:
                    raise HttpError("the answer's headers are too large")
                return False
            lines = bytes(self.buffer[:end]).decode("latin-1").split("\r\n")
            parts = lines[0].split(" ", 2)
            if len(parts) < 2 or not parts[0].startswith("HTTP/") or not parts[1].isdigit():
                raise HttpError(f"not an HTTP answer ({lines[0][:60]!r})")
            status = int(parts[1])
            if 100 <= status < 200 and status != 101:  # interim answers: skip
                del self.buffer[: end + 4]
                continue
            headers: dict[str, str] = {}
            for line in lines[1:]:
                key, sep, value = line.partition(":")
                if sep:
                    key = key.strip().lower()
                    value = value.strip()
                    headers[key] = f"{headers[key]}, {value}" if key in headers else value
            self.status, self.version, self.headers = status, parts[0], headers
            self.body_start = end + 4
            if self.head_only or status in (204, 304):
                self.length = 0
            elif "chunked" in headers.get("transfer-encoding", "").lower():
                self.chunked = True
            elif "content-length" in headers:
                try:
                    self.length = int(headers["content-length"].split(",")[0])
                except ValueError:
                    raise HttpError("the answer's Content-Length is not a number") from None
            return True

    def _maybe_finish(self, eof: bool) -> None:
        body = self.buffer[self.body_start :]
        if self.length is not None:
            if len(body) >= self.length or len(body) >= self.max_bytes:
                self.reusable = (
                    len(body) == self.length
                    and self.version == "HTTP/1.1"
                    and "close" not in self.headers.get("connection", "").lower()
                )
                self._finish(bytes(body[: min(self.length, self.max_bytes)]))
            elif eof:
                raise HttpError("the connection closed before the whole body arrived")
        elif self.chunked:
            decoded, complete = _dechunk(body, self.max_bytes)
            if complete or len(decoded) >= self.max_bytes:
                self._finish(decoded[: self.max_bytes])
            elif eof:
                raise HttpError("the connection closed in the middle of a chunked body")
        elif eof or len(body) >= self.max_bytes:
            self._finish(bytes(body[: self.max_bytes]))

    def _finish(self, raw: bytes) -> None:
        encoding = self.headers.get("content-encoding", "").strip().lower()
        if encoding in ("gzip", "x-gzip", "deflate") and raw:
            raw = _inflate(raw, encoding, self.max_bytes)
        self.done.set_result(Answer(self.status, self.headers, raw))


class _Connection(asyncio.Protocol):
    """One connection; carries one exchange at a time."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.exchange: _Exchange | None = None
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


def _dechunk(data: bytearray, cap: int) -> tuple[bytes, bool]:
    out = bytearray()
    pos = 0
    while True:
        line_end = data.find(b"\r\n", pos)
        if line_end < 0:
            return bytes(out), False
        size_text = bytes(data[pos:line_end]).split(b";")[0].strip()
        try:
            size = int(size_text, 16)
        except ValueError:
            raise HttpError("a chunk size is not a number") from None
        if size == 0:
            return bytes(out), True
        start = line_end + 2
        if len(data) < start + size:
            out += data[start:]
            return bytes(out), len(out) >= cap
        out += data[start : start + size]
        if len(out) >= cap:
            return bytes(out), True
        pos = start + size + 2


def _inflate(raw: bytes, encoding: str, cap: int) -> bytes:
    wbits = 31 if "gzip" in encoding else 15
    try:
        return zlib.decompressobj(wbits).decompress(raw, cap)
    except zlib.error:
        if wbits == 15:  # some servers send raw deflate
            try:
                return zlib.decompressobj(-15).decompress(raw, cap)
            except zlib.error:
                pass
        raise HttpError(f"the {encoding} body cannot be decompressed") from None


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
        ascii_host = host if host.isascii() else host.encode("idna").decode("ascii")
        if host_header is None:
            shown = f"[{ascii_host}]" if ":" in ascii_host else ascii_host
            default = parts.port in (None, _DEFAULT_PORTS[scheme])
            host_header = shown if default else f"{shown}:{port}"
        payload = self._payload(method, parts, host_header, headers, body)
        for _attempt in range(2):
            key, connection, reused = await self._open(scheme, ascii_host, port, pinned)
            exchange = _Exchange(method == "HEAD", self.max_bytes)
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
