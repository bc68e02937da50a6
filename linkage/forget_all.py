"""``linkage forget --all``: delete everything linkage keeps, readable or not.

In the cache folder: the response cache, its account index and the username sweep's cache.
In the data folder: every file of ``history/`` (kept audits, damaged ones too, and the key of
their fingerprints) and of ``profiles/`` (leftovers of interrupted writes too), and the app's
folder (``app/``: its accounts list, uploads and last audit), then those folders themselves;
in each folder named with ``linkage app --data``, what the app wrote there. The data folder
itself stays (empty), as do files linkage did not write, which are named.
"""

from __future__ import annotations

import dataclasses
import errno
import os
import shutil
from pathlib import Path
from typing import Any

from linkage.forget import Failure, attempt
from linkage.history import history_dir
from linkage.kept_files import SECRET, files_in, read_kept
from linkage.store import (
    APP_FOLDERS,
    DATA_ENV,
    INDEX_NAME,
    app_dir,
    app_folders,
    data_dir,
    profiles_dir,
)


@dataclasses.dataclass
class Everything:
    """What linkage keeps, found before deleting it (for the question, then the account)."""

    cache: Path
    data: Path
    #: the kept audits that can be read, and the other files of ``history/``
    audits: list[Path] = dataclasses.field(default_factory=list)
    damaged: list[Path] = dataclasses.field(default_factory=list)
    #: the collected profiles files, and the other files of ``profiles/``
    profiles: list[Path] = dataclasses.field(default_factory=list)
    leftovers: list[Path] = dataclasses.field(default_factory=list)
    #: the app's default folder, when it exists; the others ``--data`` named
    app: Path | None = None
    other_apps: list[Path] = dataclasses.field(default_factory=list)
    #: after deleting: those of ``other_apps`` the app had written something in
    cleared_apps: list[Path] = dataclasses.field(default_factory=list)
    #: the app's default folder of earlier versions, outside the data folder: not deleted
    earlier_app: Path | None = None
    #: after deleting: what could not be deleted; the cache's counts
    failures: list[Failure] = dataclasses.field(default_factory=list)
    answers: int = 0
    swept: int | None = None


def survey(cache: Path) -> Everything:
    """Everything linkage keeps, with the cache folder ``cache``."""
    found = Everything(cache, data_dir(create=False))
    for path in files_in(history_dir(create=False)):
        if path.name == SECRET:
            continue
        try:
            readable = read_kept(path)[0] is not None
        except OSError:
            readable = False
        (found.audits if readable else found.damaged).append(path)
    for path in files_in(profiles_dir(create=False)):
        (found.profiles if path.suffix == ".jsonl" else found.leftovers).append(path)
    found.app = app_dir() if app_dir().is_dir() else None
    found.other_apps = app_folders()[1:]
    found.earlier_app = earlier_app_folder()
    return found


def earlier_app_folder() -> Path | None:
    """The app's folder as versions before 0.1.0's ``LINKAGE_DATA_DIR`` support made it (in
    the platform's data folder), when the data folder is elsewhere and it exists."""
    if not os.environ.get(DATA_ENV):
        return None
    from platformdirs import user_data_dir

    folder = Path(user_data_dir("linkage")) / "app"
    if folder.is_dir() and folder.resolve() != app_dir().resolve():
        return folder
    return None


def delete_everything(found: Everything) -> Everything:
    """Delete what :func:`survey` found (and whatever else linkage's folders hold now)."""

    from collectors.cache_admin import delete_all
    from collectors.sweep.cache import delete_cache

    def step(what: str, where: Path, action: Any, in_cache: bool = False) -> Any:
        return attempt(found.failures, what, where, action, in_cache)

    found.answers = step("the response cache", found.cache, lambda: delete_all(found.cache), True)
    step(
        "the account index",
        found.cache,
        lambda: (found.cache / INDEX_NAME).unlink(missing_ok=True),
        True,
    )
    found.swept = step(
        "the username sweep's cache", found.cache, lambda: delete_cache(found.cache), True
    )
    for folder, what in (
        (history_dir(create=False), "the past audits"),
        (profiles_dir(create=False), "the collected profiles"),
        (found.app, "the app's accounts list, uploads and last audit"),
    ):
        if folder is not None and folder.exists():
            step(what, folder, lambda f=folder, w=what: _remove_tree(f, w, found))
    for other in found.other_apps:
        if step("the app's uploads and last audit", other, lambda o=other: delete_app_files(o)):
            found.cleared_apps.append(other)
    step(
        "the list of the app's folders",
        found.data,
        lambda: (found.data / APP_FOLDERS).unlink(missing_ok=True),
    )
    return found


def _remove_tree(folder: Path, what: str, found: Everything) -> None:
    """Delete a folder and all it holds; each file that cannot go is noted, the rest go."""

    def remove(path: Path, folder: bool) -> None:
        try:
            path.rmdir() if folder and not path.is_symlink() else path.unlink()
        except OSError as exc:
            if not (folder and exc.errno == errno.ENOTEMPTY):  # its failed file is noted
                found.failures.append(Failure(what, path, exc.strerror or str(exc)))

    for root, folders, files in os.walk(folder, topdown=False):
        for name in files:
            remove(Path(root, name), folder=False)
        for name in folders:
            remove(Path(root, name), folder=True)
    remove(folder, folder=True)


def remaining() -> list[Path]:
    """What the data folder still holds after deleting everything (not linkage's)."""
    folder = data_dir(create=False)
    return sorted(folder.iterdir()) if folder.is_dir() else []


def delete_app_files(folder: Path) -> bool:
    """Delete what the app wrote in a folder named with ``--data``, and nothing else there (a
    person may have named a folder of their own): its upload folders (``export-*``), its last
    audit's files and the demo's, its lock; whether anything of the app's was there."""
    import contextlib

    from linkage.app.jobs import DEMO_FOLDER, LAST_AUDIT_FILES
    from linkage.folder_lock import APP_LOCK
    from linkage.store import APP_LAST_AUDIT, APP_UPLOADS

    uploads, last = folder / APP_UPLOADS, folder / APP_LAST_AUDIT
    found = [p for p in uploads.glob("export-*") if p.is_dir()] if uploads.is_dir() else []
    files = [last / name for name in LAST_AUDIT_FILES if (last / name).is_file()]
    files += [p for p in last.glob("*.partial")] if last.is_dir() else []
    demo = [last / DEMO_FOLDER] if (last / DEMO_FOLDER).is_dir() else []
    for path in [*found, *demo]:
        shutil.rmtree(path)
    for path in files:
        path.unlink(missing_ok=True)
    for emptied in (last, uploads):
        with contextlib.suppress(OSError):  # not empty: something of the person's is there
            emptied.rmdir()
    (folder / APP_LOCK).unlink(missing_ok=True)
    return bool(found or files or demo)
