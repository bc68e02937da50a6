"""``linkage forget`` and the app's uploaded exports: the app keeps its own copy of every data
export uploaded through its page (``uploads/export-*/NAME`` in each app folder). Forgetting an
account read from one deletes that copy and takes it off the app's accounts list; a copy that
may hold an account not being forgotten is left, and said to be.

Which account an upload holds is known by the kept profiles read from a file of its name, or,
when none is kept, by reading it again offline.
"""

from __future__ import annotations

import contextlib
import dataclasses
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from linkage.errors import LinkageError
from linkage.store import APP_UPLOADS, app_folders


@dataclasses.dataclass
class Upload:
    """One export uploaded to the app, and what forgetting does with it."""

    path: Path
    #: the app folder whose ``uploads/`` holds it
    app_folder: Path
    #: the accounts it holds, as far as known (lower case)
    ids: set[str]
    #: the labels of the accounts being forgotten that it holds
    labels: list[str]
    #: the accounts it may hold that are not being forgotten (then it is left)
    others: set[str] = dataclasses.field(default_factory=set)
    #: the app's accounts list it was taken off (None: it was listed in none)
    delisted: Path | None = None


@dataclasses.dataclass
class Uploads:
    """The uploads that hold the accounts being forgotten: those to delete, those left, and
    the accounts still listed in an app's accounts list (for the person to remove)."""

    delete: list[Upload] = dataclasses.field(default_factory=list)
    left: list[Upload] = dataclasses.field(default_factory=list)
    #: (the accounts list, an account being forgotten that it still lists)
    listed: list[tuple[Path, str]] = dataclasses.field(default_factory=list)

    def holds(self, target: Any) -> bool:
        """Whether an upload held this account (so linkage did keep something about it)."""
        return any(target.label in u.labels for u in [*self.delete, *self.left])


def uploaded(app_folder: Path) -> list[Path]:
    """The exports uploaded to the app with this folder (one per ``export-*`` folder)."""
    uploads = app_folder / APP_UPLOADS
    if not uploads.is_dir():
        return []
    return sorted(
        f for folder in uploads.glob("export-*") if folder.is_dir() for f in folder.iterdir()
    )


def plan(wanted: Sequence[Any], config: Any) -> Uploads:
    """Which uploads hold the accounts of ``wanted`` (:class:`linkage.forget.Target`), read
    before anything is deleted (the kept profiles name the export each account came from)."""
    from linkage.accounts import AccountSpec
    from linkage.forget import _export_id
    from linkage.store import export_ids

    ids_wanted = set().union(*(t.ids for t in wanted)) if wanted else set()
    named = {
        t.spec.archive.resolve(): t
        for t in wanted
        if t.spec is not None and t.spec.archive is not None
    }
    found = Uploads()
    for app_folder in app_folders():
        for path in uploaded(app_folder):
            ids = export_ids(path.name)
            if not ids:  # no kept profile names it: read it again, offline
                read = _export_id(AccountSpec(0, archive=path), config)
                ids = {read} if read else set()
            labels = [t.label for t in wanted if t.ids & ids]
            mine = named.get(path.resolve())
            if mine is not None and mine.label not in labels:
                labels.append(mine.label)
            if not labels:
                continue
            upload = Upload(path, app_folder, ids, labels, ids - ids_wanted)
            # one of the same name held another account: this may be that one's
            (found.delete if mine is not None or not upload.others else found.left).append(upload)
        found.listed += _listed(app_folder / "accounts.toml", ids_wanted)
    return found


def _listed(accounts: Path, ids: set[str]) -> list[tuple[Path, str]]:
    """The accounts being forgotten that an app's accounts list names by their handle."""
    from linkage.accounts import load_accounts
    from linkage.forget import named_as

    if not accounts.is_file():
        return []
    try:
        specs = load_accounts(accounts).accounts
    except (LinkageError, OSError):
        return []
    return [(accounts, named_as(s)) for s in specs if s.handle and s.handle.id.lower() in ids]


def carry_out(found: Uploads) -> Uploads:
    """Delete the uploads planned, each taken off its app's accounts list first."""
    for upload in found.delete:
        upload.delisted = _delist(upload)
        uploads = upload.app_folder / APP_UPLOADS
        delete_upload(upload.path, uploads)
        with contextlib.suppress(OSError):  # the uploads folder, once empty
            uploads.rmdir()
    return found


def delete_upload(path: Path, uploads: Path, *, ignore_errors: bool = False) -> bool:
    """Delete an export uploaded through the app's page: its ``export-*`` folder in the app's
    ``uploads`` folder (or the file alone, anywhere deeper there; ``ignore_errors`` applies to
    the folder); whether it was an upload (one listed by its own path, outside ``uploads``,
    is never deleted)."""
    uploads = uploads.resolve()
    where = path.resolve()
    if not where.is_relative_to(uploads):
        return False
    if where.parent.parent == uploads:
        shutil.rmtree(where.parent, ignore_errors=ignore_errors)
    else:
        where.unlink(missing_ok=True)
    return True


def _delist(upload: Upload) -> Path | None:
    """Take an upload off its app folder's accounts list (where it is listed)."""
    from linkage.app.store import AccountsStore

    accounts = upload.app_folder / "accounts.toml"
    if not accounts.is_file():
        return None
    try:
        listed = AccountsStore(accounts).remove_archive(upload.path)
    except LinkageError:
        return None
    return accounts if listed else None
