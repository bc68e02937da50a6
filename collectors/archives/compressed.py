"""What a compressed file holds: a tar archive (an export, as some platforms send them) or one
compressed file (a single JSON or CSV file someone gzipped), told from its first bytes and
its first block once decompressed."""

from __future__ import annotations

import bz2
import gzip
import lzma
import tarfile
import zlib
from pathlib import Path

#: how compressed files and tar archives begin: gzip, bzip2, xz
_COMPRESSED = (b"\x1f\x8b", b"BZh", b"\xfd7zXZ\x00")


def is_tar(head: bytes) -> bool:
    """Whether a file beginning with ``head`` may be a tar archive (compressed or not)."""
    return head.startswith(_COMPRESSED) or head[257:262] == b"ustar"


def holds_tar(path: Path, head: bytes) -> bool:
    """Whether a compressed file holds a tar archive (a member header first), not one file.
    A file that cannot be decompressed is left to the tar reader to call damaged."""
    if head[257:262] == b"ustar":  # an uncompressed tar
        return True
    opener = {b"\x1f\x8b": gzip.open, b"BZ": bz2.open, b"\xfd7": lzma.open}.get(head[:2])
    if opener is None:
        return True
    try:
        with opener(path, "rb") as inner:
            block = inner.read(tarfile.BLOCKSIZE)
    except (OSError, EOFError, lzma.LZMAError, zlib.error):
        return True
    if len(block) < tarfile.BLOCKSIZE:
        return False  # shorter than one tar header: one small file
    try:  # a header whose checksum holds (old tars have no "ustar" magic)
        tarfile.TarInfo.frombuf(block, "utf-8", "surrogateescape")
    except tarfile.HeaderError:
        return False
    return True
