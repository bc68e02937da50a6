"""Reading one HTTP/1.1 answer as its bytes arrive, for the sweep's client
(:mod:`collectors.sweep.client`): the status line and headers (capped at ``MAX_HEAD``),
``Content-Length``, chunked and read-to-close bodies, and gzip or deflate bounded so that a
compression bomb stops at the cap."""

from __future__ import annotations

import asyncio
import zlib
from dataclasses import dataclass

MAX_HEAD = 64 * 1024


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


class Exchange:
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
