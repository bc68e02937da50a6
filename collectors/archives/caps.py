"""The caps on reading a data-export archive (see :mod:`collectors.archives.reader`): the
defaults and :class:`Caps`, and :class:`CappedStream`, which counts the bytes a member really
unpacks to and stops at the caps."""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, BinaryIO

from collectors.archives.errors import ArchiveTooLarge

if TYPE_CHECKING:
    from collectors.archives.reader import Archive, Member

#: Default caps (see :mod:`collectors.archives.reader`); pass :class:`Caps` to change them.
MAX_TOTAL_BYTES = 2 * 1024**3
MAX_MEMBERS = 100_000
MAX_MEMBER_BYTES = 200 * 1024**2
MAX_RATIO = 200
#: Bytes a member may unpack to beyond ``ratio`` x its compressed size (small files compress well).
RATIO_ALLOWANCE = 1024**2


@dataclass(frozen=True)
class Caps:
    total_bytes: int = MAX_TOTAL_BYTES
    members: int = MAX_MEMBERS
    member_bytes: int = MAX_MEMBER_BYTES
    ratio: float = MAX_RATIO


def mib(size: float) -> str:
    return f"{size / 1024**2:,.0f} MiB" if size >= 1024**2 else f"{int(size):,} bytes"


class CappedStream(io.RawIOBase):
    """Counts what a member really unpacks to and stops at the caps."""

    def __init__(self, archive: Archive, member: Member, raw: BinaryIO, cap: int) -> None:
        self.archive, self.member, self.raw, self.cap = archive, member, raw, cap
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self.archive._guard(self.member.name, lambda: self.raw.read(len(buffer)))
        n = len(data)
        self.count += n
        self.archive.read_total += n
        self._check()
        buffer[:n] = data
        return n

    def _check(self) -> None:
        label, name, caps = self.archive.label, self.member.name, self.archive.caps
        if self.count > self.cap:
            raise ArchiveTooLarge(
                f"the member '{name}' of the archive '{label}' unpacks to more than "
                f"{mib(self.cap)}; it was not read (a damaged export or a zip bomb)."
            )
        compressed = self.member.compressed
        if compressed is not None and self.count > caps.ratio * compressed + RATIO_ALLOWANCE:
            raise ArchiveTooLarge(
                f"the member '{name}' of the archive '{label}' unpacks to more than "
                f"{caps.ratio:g} times its packed size: it looks like a zip bomb, so it was not read."
            )
        if self.archive.read_total > caps.total_bytes:
            raise ArchiveTooLarge(
                f"reading the archive '{label}' went past {mib(caps.total_bytes)} unpacked; "
                "it was not read further."
            )

    def close(self) -> None:
        with contextlib.suppress(Exception):  # closing a damaged member must not hide the error
            self.raw.close()
        super().close()
