"""Reading a data-export archive in place, safely.

:func:`open_archive` opens a zip, a tar (plain, gzip, bzip2 or xz), an already-unpacked folder,
or a single JSON/CSV file, without extracting anything to disk. Members are listed under
normalised names (``/`` separators, a top-level folder shared by every member removed); names
with ``..`` segments or absolute paths are ignored (and listed in :attr:`Archive.ignored`).

Reading is capped, counting the bytes actually produced rather than trusting declared sizes:
no member may unpack to more than ``member_bytes``, reads from one archive may not add up to
more than ``total_bytes``, and a member may not unpack to more than ``ratio`` times its
compressed size (beyond a small allowance). An archive with more than ``members`` members, or
whose declared contents are both larger than ``total_bytes`` and implausibly compressed, is
refused when opened. Every failure is an :class:`ArchiveError` with a message a person can act on.
The caps: :mod:`collectors.archives.caps`; the errors: :mod:`collectors.archives.errors`.
"""

from __future__ import annotations

import io
import lzma
import os
import re
import stat
import tarfile
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from collectors.archives import encodings
from collectors.archives.caps import RATIO_ALLOWANCE, CappedStream, Caps, mib
from collectors.archives.compressed import holds_tar, is_tar
from collectors.archives.errors import (
    ArchiveDamaged,
    ArchiveError,
    ArchiveTooLarge,
    MissingMember,
    NotAnArchive,
    damaged,
    locked,
)

CHUNK = 64 * 1024
#: Single files that may be named directly instead of an archive.
SINGLE_FILE_SUFFIXES = (".json", ".csv", ".js")

_DRIVE = re.compile(r"^[A-Za-z]:")


@dataclass
class Member:
    name: str
    ref: Any
    size: int
    compressed: int | None = None


def clean_name(raw: str) -> str | None:
    """The normalised member name, or None for absolute names and names with ``..``."""
    name = raw.replace("\\", "/")
    if name.startswith("/") or _DRIVE.match(name):
        return None
    parts = [part for part in name.split("/") if part not in ("", ".")]
    if not parts or ".." in parts:
        return None
    return "/".join(parts)


class Archive:
    """The members of an export, read in place. Use as a context manager."""

    def __init__(self, path: Path, caps: Caps) -> None:
        self.path = path
        self.label = path.name or str(path)
        self.caps = caps
        self.members: dict[str, Member] = {}
        self.ignored: list[str] = []
        self.read_total = 0
        self.declared = 0
        #: the top-level folder(s) every member shared, removed from their names ("a/b/")
        self.stripped = ""
        try:
            self.on_disk: int | None = path.stat().st_size if path.is_file() else None
        except OSError:
            self.on_disk = None

    # listing -------------------------------------------------------------------------------

    def _add(self, raw_name: str, ref: Any, size: int, compressed: int | None = None) -> None:
        if len(self.members) + len(self.ignored) >= self.caps.members:
            raise ArchiveTooLarge(
                f"the archive '{self.label}' has more than {self.caps.members:,} members; "
                "it is not a data export this tool can read safely."
            )
        self.declared += max(int(size), 0)
        if (
            self.on_disk is not None
            and self.declared > self.caps.total_bytes
            and self.declared > self.caps.ratio * max(self.on_disk, 1)
        ):
            raise ArchiveTooLarge(
                f"the archive '{self.label}' would unpack to more than {mib(self.declared)} "
                f"from {mib(self.on_disk)}: it looks like a zip bomb, so it was not read."
            )
        name = clean_name(raw_name)
        if name is None:
            self.ignored.append(raw_name)
        elif name not in self.members:
            self.members[name] = Member(name, ref, max(int(size), 0), compressed)

    def _finish(self) -> None:
        """Strip a top-level folder that every member shares."""
        while self.members and all("/" in name for name in self.members):
            tops = {name.split("/", 1)[0] for name in self.members}
            if len(tops) != 1:
                break
            self.stripped += next(iter(tops)) + "/"
            self.members = {
                name.split("/", 1)[1]: Member(name.split("/", 1)[1], m.ref, m.size, m.compressed)
                for name, m in self.members.items()
            }

    @property
    def names(self) -> list[str]:
        return sorted(self.members)

    def find(self, suffix: str) -> list[str]:
        """Members named ``suffix`` or ending in ``/suffix`` (shortest path first)."""
        found = [n for n in self.members if n == suffix or n.endswith("/" + suffix)]
        return sorted(found, key=lambda n: (n.count("/"), n))

    def first(self, *suffixes: str) -> str | None:
        for suffix in suffixes:
            found = self.find(suffix)
            if found:
                return found[0]
        return None

    def matching(self, pattern: re.Pattern[str]) -> list[str]:
        return sorted(n for n in self.members if pattern.search(n))

    def has(self, *suffixes: str) -> bool:
        return self.first(*suffixes) is not None

    def too_large(self, name: str) -> str | None:
        """Why the member ``name`` is too large to read (its declared size is over the member
        cap), or None. A member whose declared size is also implausibly compressed is not
        said to be too large: it is read, and stops at the caps as a zip bomb."""
        member = self.members.get(name)
        if member is None or member.size <= self.caps.member_bytes:
            return None
        packed = member.compressed
        if packed is not None and member.size > self.caps.ratio * packed + RATIO_ALLOWANCE:
            return None
        return (
            f"'{name}' is larger than {mib(self.caps.member_bytes)} ({mib(member.size)}), "
            "the most this tool reads of one file"
        )

    # reading -------------------------------------------------------------------------------

    def missing(self, name: str, what: str = "") -> MissingMember:
        extra = f" ({what})" if what else ""
        return MissingMember(
            f"the archive '{self.label}' has no '{name}'{extra}. It may be incomplete or "
            "not the export you meant; request a new export, or check the kind."
        )

    def open(self, name: str, limit: int | None = None) -> BinaryIO:
        """A capped binary stream of one member (raises :class:`MissingMember`)."""
        member = self.members.get(name)
        if member is None:
            raise self.missing(name)
        cap = self.caps.member_bytes if limit is None else min(limit, self.caps.member_bytes)
        raw = self._guard(name, lambda: self._open_raw(member))
        stream = CappedStream(self, member, raw, cap)
        return io.BufferedReader(stream, CHUNK)  # type: ignore[arg-type]

    def read(self, name: str, limit: int | None = None) -> bytes:
        with self.open(name, limit) as stream:
            return stream.read()

    def text(self, name: str, limit: int | None = None) -> str:
        """A member as text: UTF-8, UTF-16 by its byte-order mark, else Windows-1252
        (:mod:`collectors.archives.encodings`)."""
        return encodings.decode(self.read(name, limit))

    def text_stream(self, name: str) -> io.TextIOWrapper:
        """A member as a text stream, in the encodings :meth:`text` reads."""
        return encodings.text_stream(self.open(name))

    def _guard(self, name: str, action: Any) -> Any:
        try:
            return action()
        except ArchiveError:
            raise
        except RuntimeError:  # zipfile: encrypted member
            raise locked(self.label) from None
        except (
            zipfile.BadZipFile,
            tarfile.TarError,
            zlib.error,
            lzma.LZMAError,
            EOFError,
            OSError,
            ValueError,
            NotImplementedError,
        ) as exc:
            raise damaged(
                f"the archive '{self.label}' is damaged or incomplete ('{name}' cannot be "
                f"read: {exc or exc.__class__.__name__}); download it again."
            ) from None

    def _open_raw(self, member: Member) -> BinaryIO:
        raise NotImplementedError

    def close(self) -> None:
        pass

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class ZipArchive(Archive):
    def __init__(self, path: Path, caps: Caps) -> None:
        super().__init__(path, caps)
        try:
            self.zip = zipfile.ZipFile(path)
            infos = self.zip.infolist()
        except (
            zipfile.BadZipFile,
            zlib.error,
            EOFError,
            OSError,
            ValueError,
            NotImplementedError,
        ) as exc:
            raise damaged(
                f"the archive '{self.label}' is damaged or incomplete (truncated zip: {exc}); "
                "download it again."
            ) from None
        if any(info.flag_bits & 0x1 for info in infos):  # encrypted: nothing can be read
            self.zip.close()
            raise locked(self.label)
        if len(infos) > caps.members:
            self.zip.close()
            raise ArchiveTooLarge(
                f"the archive '{self.label}' has {len(infos):,} members, more than "
                f"{caps.members:,}; it is not a data export this tool can read safely."
            )
        try:
            for info in infos:
                if info.filename and not info.is_dir():  # a nameless member holds nothing
                    self._add(info.filename, info, info.file_size, info.compress_size)
        except ArchiveError:
            self.zip.close()
            raise
        self._finish()

    def _open_raw(self, member: Member) -> BinaryIO:
        return self.zip.open(member.ref)  # type: ignore[return-value]

    def close(self) -> None:
        self.zip.close()


class TarArchive(Archive):
    def __init__(self, path: Path, caps: Caps) -> None:
        super().__init__(path, caps)
        try:
            self.tar = tarfile.open(path, "r:*")  # noqa: SIM115 - closed by close()
        except (tarfile.TarError, zlib.error, lzma.LZMAError, EOFError, OSError) as exc:
            raise damaged(
                f"the archive '{self.label}' is damaged or not a tar archive "
                f"({' '.join(str(exc).split())}); download it again."
            ) from None
        try:
            for info in self._iter():
                if info.isfile():
                    self._add(info.name, info, info.size)
        except ArchiveError:
            self.tar.close()
            raise
        self._finish()

    def _iter(self) -> Iterator[tarfile.TarInfo]:
        try:
            while True:
                info = self.tar.next()
                if info is None:
                    return
                self.tar.members = []  # keep memory flat: we hold our own listing
                yield info
        except (tarfile.TarError, zlib.error, lzma.LZMAError, EOFError, OSError) as exc:
            self.tar.close()
            raise damaged(
                f"the archive '{self.label}' is damaged or incomplete (truncated tar: {exc}); "
                "download it again."
            ) from None

    def _open_raw(self, member: Member) -> BinaryIO:
        stream = self.tar.extractfile(member.ref)
        if stream is None:
            raise ArchiveDamaged(f"the member '{member.name}' of '{self.label}' is not a file.")
        return stream  # type: ignore[return-value]

    def close(self) -> None:
        self.tar.close()


class FolderArchive(Archive):
    """An export already unpacked into a folder, read in place (symbolic links are skipped)."""

    def __init__(self, path: Path, caps: Caps) -> None:
        super().__init__(path, caps)
        for root, dirs, files in os.walk(path, followlinks=False):
            dirs.sort()
            for filename in sorted(files):
                full = Path(root, filename)
                if full.is_symlink() or not full.is_file():
                    continue
                relative = full.relative_to(path).as_posix()
                self._add(relative, full, full.stat().st_size)
        self._finish()

    def _open_raw(self, member: Member) -> BinaryIO:
        return open(member.ref, "rb")


class SingleFileArchive(Archive):
    """One export file (JSON or CSV) named directly: an archive of one member."""

    def __init__(self, path: Path, caps: Caps) -> None:
        super().__init__(path, caps)
        self._add(path.name, path, path.stat().st_size)

    def _open_raw(self, member: Member) -> BinaryIO:
        return open(member.ref, "rb")


def open_archive(path: str | os.PathLike[str], caps: Caps | None = None) -> Archive:
    """Open an export for reading in place; raises :class:`ArchiveError` with a clear reason."""
    path = Path(path)
    caps = caps or Caps()
    label = path.name or str(path)
    if path.is_dir():
        return FolderArchive(path, caps)
    try:
        if not stat.S_ISREG(path.stat().st_mode):  # a pipe would wait for a writer forever
            raise NotAnArchive(
                f"'{label}' is not a file but a pipe or a device. Give the export's file as "
                "you downloaded it (a .zip or .tar.gz)."
            )
        with open(path, "rb") as handle:
            head = handle.read(512)
    except FileNotFoundError:
        raise MissingMember(
            f"the archive '{path}' does not exist. Check the path (relative paths in an "
            "accounts file are relative to that file)."
        ) from None
    except OSError as exc:
        raise ArchiveDamaged(f"the archive '{label}' cannot be opened ({exc.strerror}).") from None
    if not head:
        raise ArchiveDamaged(f"the archive '{label}' is empty; download it again.")
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return ZipArchive(path, caps)
    if is_tar(head):
        if not holds_tar(path, head):
            raise NotAnArchive(
                f"the file '{label}' is one compressed file, not an export archive. Give the "
                "whole export as the platform sent it (a .zip or .tar.gz), or decompress this "
                "file (open it, or 'gunzip' it) and give the JSON or CSV file inside."
            )
        return TarArchive(path, caps)
    if path.suffix.lower() == ".zip":
        raise damaged(
            f"the archive '{label}' is not a zip file, or is damaged (truncated zip); "
            "download it again."
        )
    if path.suffix.lower() in SINGLE_FILE_SUFFIXES:
        return SingleFileArchive(path, caps)
    raise NotAnArchive(
        f"the file '{label}' is not an archive this tool can read: expected a platform's "
        "data export as a .zip or .tar.gz file, an unpacked export folder, or one of its "
        "JSON/CSV files."
    )
