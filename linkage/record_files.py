"""Reading and writing the records of :mod:`linkage.records` as files: JSON Lines read line
by line (a malformed line named by its number, another of linkage's files named for what it
is), written owner-only."""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from linkage.disk_errors import naming
from linkage.errors import InputError
from linkage.file_kinds import (
    ACCOUNTS,
    ANALYSIS,
    DOCUMENT,
    LINKS,
    LINKS_TABLE,
    PROFILES,
    PROFILES_TABLE,
    REPORT,
    said,
    sniff,
)
from linkage.records import Link, Profile
from linkage.shown_text import marked


def iter_jsonl(path: Path, wanted: str = "") -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield ``(line number, object)`` for each non-blank line; malformed lines raise
    :class:`InputError` naming the file and line. ``wanted`` says what file the caller needs,
    for the message when ``path`` is one JSON document instead (see :func:`_one_document`)."""
    try:
        handle = path.open(encoding="utf-8-sig", errors="strict")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file. Check the path and try again.") from None
    except IsADirectoryError:
        raise InputError(f"{path}: a folder, not a file. Give the file itself.") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror}).") from None
    with handle:
        try:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    data = json.loads(line)
                except json.JSONDecodeError as exc:
                    whole = _other_file(path, wanted) if number == 1 else None
                    if whole is not None:
                        raise InputError(whole) from None
                    raise InputError(
                        f"{path}, line {number}: not valid JSON ({exc.msg}). "
                        "Each line must be one JSON object; fix or delete that line."
                    ) from None
                yield number, data
        except UnicodeDecodeError:
            raise InputError(f"{path}: not UTF-8 text. Save the file as UTF-8.") from None


#: what to give instead of a report's JSON, where a profiles or a links file is read
PROFILES_WANTED = (
    "Give the profiles file instead: the path 'linkage audit' prints, the file it saves "
    "with --profiles FILE, or the one 'linkage collect' writes."
)
LINKS_WANTED = "Give the links file 'linkage link' writes instead (.csv or .jsonl)."


def _wanted_name(wanted: str) -> str:
    """The file a command wanted, in words ("a profiles file"), for "…, not a profiles file"."""
    return "a links file" if wanted == LINKS_WANTED else "a profiles file"


def _other_file(path: Path, wanted: str) -> str | None:
    """What to say when ``path``, whose first line is not JSON, is another file linkage
    writes or reads (a report or its JSON, an accounts file, a links table, one JSON
    document), else None."""
    kind = sniff(path)
    if kind == ACCOUNTS:
        records = f"{_wanted_name(wanted)} ('linkage audit {path}' audits the accounts it lists)"
        return said(path, ACCOUNTS, records, wanted)
    if kind == DOCUMENT:
        return (
            f"{path}: one JSON document over several lines, not JSON Lines. Write one JSON "
            "object per line (each record on a line of its own)."
        )
    if kind in (REPORT, ANALYSIS, PROFILES_TABLE) or (
        kind == LINKS_TABLE and wanted != LINKS_WANTED
    ):
        return said(path, kind, _wanted_name(wanted), wanted)
    return None


def _id_problem(profile: Profile) -> str | None:
    """What is wrong with a profile's id as the contract defines it (``PLATFORM:NAME``), or
    None: a file written by hand or by another tool may give anything, and the id is shown in
    the terminal and written to every table (a spreadsheet runs a cell that begins with "=")."""
    shown = marked(profile.id, strict=True)
    if any(unicodedata.category(ch) == "Cc" for ch in profile.id):
        return (
            f"the id '{shown}' holds control characters, which no account's name has. "
            "Write ids as PLATFORM:NAME, for example github:octocat."
        )
    if not _ID.match(profile.id):
        return (
            f"the id '{shown}' is not a platform's name, a colon and the account's name. "
            "Write ids as PLATFORM:NAME, for example github:octocat."
        )
    return None


#: an id as the contract writes it: a platform's name (never a spreadsheet's formula sign), a
#: colon, then the account's name
_ID = re.compile(r"^[A-Za-z0-9][\w.-]*:\S")


def read_profiles(path: Path) -> list[Profile]:
    """Read a profiles JSONL file. Avatar paths are made absolute against its folder."""
    profiles: list[Profile] = []
    seen: set[str] = set()
    for number, data in iter_jsonl(path, PROFILES_WANTED):
        try:
            profile = Profile.from_dict(data)
        except (ValueError, TypeError) as exc:
            if not profiles and sniff(path) == LINKS:
                raise InputError(said(path, LINKS, "a profiles file", PROFILES_WANTED)) from None
            raise InputError(f"{path}, line {number}: not a profile record ({exc}).") from None
        problem = _id_problem(profile)
        if problem:
            raise InputError(f"{path}, line {number}: {problem}")
        if profile.id in seen:
            raise InputError(
                f"{path}, line {number}: the id '{marked(profile.id, strict=True)}' appears "
                "twice. Each account must appear once; delete the duplicate line."
            )
        seen.add(profile.id)
        if profile.avatar and profile.avatar.path and not os.path.isabs(profile.avatar.path):
            profile.avatar.path = str((path.parent / profile.avatar.path).resolve())
        profiles.append(profile)
    if not profiles:
        raise InputError(
            f"{path}: holds no profiles, so there is nothing to compare. {PROFILES_WANTED}"
        )
    return profiles


def read_links(path: Path) -> list[Link]:
    links = []
    for number, data in iter_jsonl(path, LINKS_WANTED):
        try:
            links.append(Link.from_dict(data))
        except (KeyError, ValueError, TypeError) as exc:
            if not links and sniff(path) == PROFILES:
                raise InputError(said(path, PROFILES, "a links file", LINKS_WANTED)) from None
            raise InputError(f"{path}, line {number}: not a link record ({exc}).") from None
    return links


def profile_line(profile: Profile) -> str:
    return json.dumps(profile.to_dict(), ensure_ascii=False, sort_keys=False)


def write_jsonl(path: Path, items: Iterable[Profile | Link]) -> None:
    """Write records atomically: to a temporary file, then renamed over ``path``. When that
    fails (a full disk), the temporary file is removed and ``path`` is as it was."""
    write_text(path, "".join(json.dumps(i.to_dict(), ensure_ascii=False) + "\n" for i in items))


def write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` owner-only and atomically: to a temporary ``PATH.*.partial``
    beside it (one of its own, so two runs writing one file never share it), then renamed
    over it. When that fails (a full disk, a stop), the partial file is removed, ``path`` is
    as it was, and the error names ``path``."""
    partial: str | None = None
    try:
        fd, partial = tempfile.mkstemp(dir=path.parent, prefix=f"{path.name}.", suffix=".partial")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(partial, path)
    except BaseException as exc:
        if partial is not None:
            with contextlib.suppress(OSError):
                os.remove(partial)
        if isinstance(exc, OSError) and exc.filename in (None, partial):
            exc.filename = str(path)
        raise


class RecordSink:
    """Writes records to ``path`` one at a time, as they arrive, so that a run stopped half-way
    keeps those already written. ``path`` is replaced only once the first record is whole in
    the new file (written beside it, then renamed over it): a run stopped before it had any,
    or whose first write failed, leaves the file as it was. A write that fails later (a full
    disk) cuts the file back to its last whole record."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.partial = path.with_name(path.name + ".partial")
        self._fd: int | None = None
        self._whole = 0  # the size of the whole records written

    @property
    def started(self) -> bool:
        """Whether ``path`` holds this run's records (it replaced what was there)."""
        return self._whole > 0

    def write(self, record: Profile | Link) -> None:
        data = (json.dumps(record.to_dict(), ensure_ascii=False) + "\n").encode("utf-8")
        if not self.started:
            fd = os.open(self.partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            try:
                os.fchmod(fd, 0o600)
                with naming(self.partial):
                    _write_all(fd, data)
                with naming(self.path):
                    os.replace(self.partial, self.path)
            except BaseException:
                os.close(fd)
                with contextlib.suppress(OSError):
                    os.remove(self.partial)
                raise
            self._fd = fd
        else:
            assert self._fd is not None, "written to after it was closed"
            try:
                with naming(self.path):
                    _write_all(self._fd, data)
            except OSError:
                with contextlib.suppress(OSError):
                    os.ftruncate(self._fd, self._whole)
                raise
        self._whole += len(data)

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def _write_all(fd: int, data: bytes) -> None:
    while data:
        data = data[os.write(fd, data) :]


class _NamedFile:
    """A file open for writing whose errors name it: a failed ``write()`` (a full disk) names
    no file otherwise."""

    def __init__(self, file: Any, path: Path) -> None:
        self._file = file
        self._path = path

    def write(self, text: str) -> int:
        with naming(self._path):
            return int(self._file.write(text))

    def flush(self) -> None:
        with naming(self._path):
            self._file.flush()

    def close(self) -> None:
        with naming(self._path):
            self._file.close()

    def __enter__(self) -> _NamedFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._file, name)


def open_private(path: Path, mode: str = "w", encoding: str = "utf-8") -> Any:
    """Open a file for writing with owner-only permissions (0600), also when it existed; its
    errors name it (:class:`_NamedFile`)."""
    flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if "a" in mode else os.O_TRUNC)
    fd = os.open(path, flags, 0o600)
    os.fchmod(fd, 0o600)
    return _NamedFile(os.fdopen(fd, mode, encoding=encoding), Path(path))
