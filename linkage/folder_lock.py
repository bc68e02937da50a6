"""Who is using linkage's data folder: an audit (held shared, so audits run side by side), a
running ``linkage app`` (its ``app.lock``, :func:`holding_app_folder`) and
``linkage forget`` (held alone: what it deletes must not be written back under it).

Locks are advisory ``flock`` locks: an audit locks the data folder itself (no file of its
own to leave behind); the app locks ``app.lock`` in its folder. Where the system or the file
system has no such locks, nothing is held and everything runs unguarded, as before.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from linkage.errors import LinkageError

#: the file in an app folder that one running app holds locked (:func:`holding_app_folder`)
APP_LOCK = "app.lock"


def _flock(fd: int, exclusive: bool, wait: bool) -> bool:
    """Lock ``fd``; whether it was locked (False: someone else holds it and ``wait`` is off).
    True as well where there are no locks to take."""
    try:
        import fcntl
    except ImportError:  # not a POSIX system: unguarded
        return True
    flags = (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | (0 if wait else fcntl.LOCK_NB)
    try:
        fcntl.flock(fd, flags)
    except OSError as exc:  # held; else a file system without locks (network shares): unguarded
        return exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN)
    return True


def _open_folder(folder: Path) -> int | None:
    try:
        return os.open(folder, os.O_RDONLY)
    except OSError:
        return None


@contextlib.contextmanager
def auditing(folder: Path) -> Iterator[None]:
    """Hold the data folder while an audit runs, beside any other audit; wait (saying so)
    while ``linkage forget`` is deleting from it. A folder that cannot be opened is not held:
    the audit then says what is wrong with it, as it did."""
    fd = _open_folder(folder)
    try:
        if fd is not None and not _flock(fd, exclusive=False, wait=False):
            print(
                f"linkage forget is deleting from {folder}; this audit starts when it is done.",
                file=sys.stderr,
                flush=True,
            )
            _flock(fd, exclusive=False, wait=True)
        yield
    finally:
        if fd is not None:
            os.close(fd)


def holding_data_folder(*, create: bool) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """A command that keeps things (an audit, a collection, a sweep), run while holding the
    data folder (:func:`auditing`), made first if ``create`` (an audit keeps its profiles
    there): 'linkage forget' refuses meanwhile, and waits for it."""

    def wrap(command: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(command)
        def run(*args: Any, **kwargs: Any) -> Any:
            from linkage.store import data_dir

            folder = data_dir(create=False)
            if create:
                with contextlib.suppress(OSError):  # the command says what is wrong with it
                    folder = data_dir(create=True)
            with auditing(folder):
                return command(*args, **kwargs)

        return run

    return wrap


@contextlib.contextmanager
def forgetting(folder: Path, app_folders: Iterable[Path] = ()) -> Iterator[None]:
    """Hold the data folder alone while forgetting, and each app folder's ``app.lock`` that
    exists; :class:`LinkageError` (nothing deleted) while an audit or an app uses them."""
    held: list[int] = []
    try:
        fd = _open_folder(folder)
        if fd is not None:
            held.append(fd)
            if not _flock(fd, exclusive=True, wait=False):
                raise LinkageError(
                    f"an audit is running with the data folder {folder} ('linkage audit' in "
                    "another terminal, or the app's): it would write back what you forget. "
                    "Nothing was deleted. Wait for it to finish (or stop it with Ctrl-C), then "
                    "run this again."
                )
        for app_folder in app_folders:
            lock = app_folder / APP_LOCK
            if not lock.is_file():
                continue
            with contextlib.suppress(OSError):
                held.append(os.open(lock, os.O_RDONLY))
                if not _flock(held[-1], exclusive=True, wait=False):
                    raise LinkageError(
                        f"linkage app is running with the folder {app_folder}, in another "
                        "terminal or window: it would write back what you forget. Nothing was "
                        "deleted. Stop the app with Ctrl-C in the terminal where it runs (or "
                        "use its own 'Forget everything about these accounts'), then run this "
                        "again."
                    )
        yield
    finally:
        for fd in held:
            os.close(fd)


def holding_app_folder(folder: Path) -> IO[bytes] | None:
    """Hold an app folder for one running app (its ``app.lock``, kept open for the app's
    life), or say that another app holds it: two apps on one folder would each edit the list
    of accounts and the last audit under the other. None where the system has no such locks
    (no lock file is made); an unguarded handle where the folder's file system has none."""
    try:
        import fcntl  # noqa: F401 - only to know that there are locks to take
    except ImportError:  # not a POSIX system
        return None
    try:
        handle = open(folder / APP_LOCK, "ab")  # noqa: SIM115 - held for the app's life
    except OSError as exc:
        raise LinkageError(
            f"linkage cannot write in the folder {folder} ({exc.strerror}), where the app "
            "keeps your list of accounts and its reports. Give it a folder you can write to "
            "with --data."
        ) from None
    if not _flock(handle.fileno(), exclusive=True, wait=False):
        handle.close()
        raise LinkageError(
            f"the app is already running with the folder {folder}, in another terminal "
            "or window. Use that one (its address is the first line it printed), or stop it "
            "with Ctrl-C there and start this again. To run a second app beside it, give this "
            "one another folder with --data."
        )
    return handle
