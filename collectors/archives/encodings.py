"""The text encodings export members come in: UTF-8 (with or without a byte-order mark) as the
platforms write them; UTF-16 (by its byte-order mark) and Windows-1252 when a file was opened
and saved again in Excel or Notepad on Windows.

UTF-8 is tried first; text that is not valid UTF-8 is read as Windows-1252 (every byte is a
character there, so nothing is replaced by "�" where UTF-8 failed), unless it was UTF-8
beyond plain ASCII before the failure (a damaged byte in a UTF-8 file: it is replaced). A
stream is decoded as it is read, and switches at the first piece that is not UTF-8.
"""

from __future__ import annotations

import codecs
import io
from typing import Any, BinaryIO

#: the fallback for text that is not UTF-8: what Excel on Windows saves
FALLBACK = "cp1252"
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_PIECE = 64 * 1024


def decode(data: bytes) -> str:
    """``data`` as text: UTF-8 (a BOM dropped), UTF-16 by its BOM, else Windows-1252."""
    if data.startswith(_UTF16_BOMS):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if not data[: exc.start].isascii():  # UTF-8 until then: a damaged byte, not Excel
            return data.decode("utf-8-sig", errors="replace")
        return data.decode(FALLBACK, errors="replace")


class _Transcoder(io.RawIOBase):
    """A member's bytes in any of the encodings above, given out as UTF-8."""

    def __init__(self, source: BinaryIO) -> None:
        self.source = source
        self.decoder: Any = None
        self.fallback = False
        self.non_ascii = False  # UTF-8 beyond ASCII was read
        self.out = b""
        self.done = False

    def readable(self) -> bool:
        return True

    def _start(self, head: bytes) -> None:
        if head.startswith(_UTF16_BOMS):
            self.decoder = codecs.getincrementaldecoder("utf-16")(errors="replace")
        else:
            self.decoder = codecs.getincrementaldecoder("utf-8-sig")()

    def _decode(self, piece: bytes, final: bool) -> str:
        if self.decoder is None:
            self._start(piece)
        pending = self.decoder.getstate()[0]
        try:
            text = self.decoder.decode(piece, final)
        except UnicodeDecodeError as exc:
            if self.fallback:
                raise
            self.fallback = True
            # UTF-8 so far, beyond ASCII: a damaged byte. Else not UTF-8: what was read so far
            # was plain ASCII, which reads the same in Windows-1252
            utf8 = self.non_ascii or not (pending + piece)[: exc.start].isascii()
            encoding = "utf-8-sig" if utf8 else FALLBACK
            self.decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
            return self.decoder.decode(pending + piece, final)
        self.non_ascii = self.non_ascii or not text.isascii()
        return text

    def readinto(self, buffer: Any) -> int:
        while len(self.out) < len(buffer) and not self.done:
            piece = self.source.read(_PIECE)
            self.done = not piece
            self.out += self._decode(piece, self.done).encode("utf-8")
        n = min(len(buffer), len(self.out))
        buffer[:n] = self.out[:n]
        self.out = self.out[n:]
        return n

    def close(self) -> None:
        self.source.close()
        super().close()


def text_stream(source: BinaryIO) -> io.TextIOWrapper:
    """A text stream of ``source`` (line endings kept as written, for CSV)."""
    raw = io.BufferedReader(_Transcoder(source), _PIECE)  # type: ignore[arg-type]
    return io.TextIOWrapper(raw, encoding="utf-8", newline="")
