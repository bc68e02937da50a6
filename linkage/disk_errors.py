"""A failure to read or write a file, in plain words: which file or folder, what is wrong with
it, and what to do (:func:`problem`, :func:`remedy`). The command line says these for any
:class:`OSError` that reaches it; the audit says them of its history, a side task
(:func:`linkage.audit_history.keep_in_history`). :func:`naming` gives a write's error the file's
name, which a failed ``write()`` does not carry."""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Iterator
from pathlib import Path

from linkage.store import DATA_ENV  # where the data folder is set


@contextlib.contextmanager
def naming(path: Path | str) -> Iterator[None]:
    """Give an :class:`OSError` raised inside, that names no file, the name ``path``."""
    try:
        yield
    except OSError as exc:
        if exc.filename is None:
            exc.filename = str(path)
        raise


def not_a_folder(path: Path | str | None) -> Path | None:
    """The file that stands where ``path`` or one of the folders above it should be a folder
    (None when there is none)."""
    if path is None:
        return None
    for place in [Path(path), *Path(path).parents]:
        if place.exists() or place.is_symlink():
            return None if place.is_dir() else place
    return None


def problem(exc: OSError) -> str:
    """What went wrong, naming the file or folder (no full stop)."""
    name = exc.filename
    where = f" {name}" if name else ""
    number = exc.errno
    if number in (errno.ENOSPC, errno.EDQUOT):
        return f"the disk is full: there was no room to write{where or ' a file'}"
    if isinstance(exc, FileExistsError | NotADirectoryError):
        blocking = not_a_folder(name)
        if blocking is not None:
            return f"{blocking} is a file, not a folder"
    if number == errno.EROFS:
        return f"{name or 'a file'} is on a disk that cannot be written to (read-only)"
    if isinstance(exc, PermissionError):
        return f"linkage is not allowed to use {name or 'a file'} (permission denied)"
    reason = exc.strerror or str(exc) or exc.__class__.__name__
    return f"{name}: {reason}" if name else reason


def remedy(exc: OSError, then: str = "then run the same command again") -> str:
    """What to do about it, as a sentence ending with ``then`` (empty when nothing more can be
    said)."""
    name = exc.filename
    data = _in_data_folder(name)
    elsewhere = f" or set {DATA_ENV} to a folder elsewhere" if data else ""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"Free some space on that disk{elsewhere}, {then}."
    if isinstance(exc, FileExistsError | NotADirectoryError) and not_a_folder(name):
        return f"Move that file away{elsewhere}, {then}."
    if exc.errno == errno.EROFS or isinstance(exc, PermissionError):
        return f"Make it writable{elsewhere}, {then}."
    return ""


def said(exc: OSError) -> str:
    """:func:`problem` and :func:`remedy` as one message."""
    text = problem(exc)
    text = text[0].upper() + text[1:] + "."
    fix = remedy(exc)
    return f"{text} {fix}" if fix else text


def _in_data_folder(name: str | os.PathLike[str] | None) -> bool:
    if not name:
        return False
    from linkage.store import data_dir

    try:
        folder = data_dir(create=False).resolve()
        return Path(name).resolve().is_relative_to(folder)
    except (OSError, RuntimeError, ValueError):
        return False
