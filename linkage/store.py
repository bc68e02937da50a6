"""What linkage keeps on this machine about the accounts it audits, and where.

Policy:

* Everything kept is owner-only (folders 0700, files 0600) and lives in two private folders,
  never beside a report: the **data folder** (``platformdirs.user_data_dir("linkage")``, or
  ``LINKAGE_DATA_DIR``) holds past audits (``history/``) and the profiles each audit collected
  (``profiles/``: per set of accounts, the last audit's that read any of them), and ``linkage app`` keeps its accounts list, uploaded exports and last
  audit's files under ``app/`` unless given ``--data`` (such a folder is noted in
  ``app-folders.json``, for ``linkage forget`` to find it); the **cache folder** (``--cache-dir``,
  by default ``platformdirs.user_cache_dir("linkage")``) holds the answers the sites gave
  (``http-cache.sqlite``), what the username sweep found or missed (``sweep-cache.sqlite``)
  and the **account index** (``accounts-index.json``).
* The account index says which cached answers belong to which account: while an account is
  collected, the logical address (host, path and query, no credentials) of every answer read
  for it is noted, whatever endpoint served it; an account found by following a link or by
  the username sweep is noted with the accounts it was found from. ``linkage forget`` deletes
  by this index, so it does not depend on the ``--endpoint`` or tokens of the run that filled
  the cache, and it takes the accounts discovered from a forgotten account with it.

This module does file I/O only; it never touches the network.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import threading
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

#: Overrides the data folder (tests, portable installs).
DATA_ENV = "LINKAGE_DATA_DIR"
INDEX_NAME = "accounts-index.json"
APP_FOLDER = "app"
#: the app's last audit (its reports, analysis and the profiles it collected), in its folder
APP_LAST_AUDIT = "last-audit"
#: the profiles the app's last audit collected, in that folder
APP_PROFILES = "profiles.jsonl"
#: the app's uploaded exports, in its folder
APP_UPLOADS = "uploads"
#: the folders other than the default that ``linkage app --data`` kept things in
APP_FOLDERS = "app-folders.json"


def data_dir(create: bool = True) -> Path:
    """The private data folder (created owner-only when ``create``)."""
    from platformdirs import user_data_dir

    folder = Path(os.environ.get(DATA_ENV) or user_data_dir("linkage")).expanduser()
    if create:
        private_folder(folder)
    return folder


def cache_folder(given: Path | None = None) -> Path:
    """The cache folder: ``given`` (``--cache-dir``), else the platform's user cache folder.
    Not created here: the caches create it owner-only when they first keep something."""
    if given is not None:
        return Path(given).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("linkage"))


def app_dir() -> Path:
    """Where ``linkage app`` keeps its accounts list, uploads and last audit by default."""
    return data_dir(create=False) / APP_FOLDER


def private_folder(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(folder, 0o700)
    return folder


def write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically, owner-only, in a private folder."""
    from linkage.record_files import write_text

    private_folder(path.parent)
    write_text(path, text)


def accounts_key(ids: Iterable[str]) -> str:
    """A short name for a set of accounts (the same set gives the same key)."""
    joined = "\n".join(sorted({i.lower() for i in ids}))
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:16]


def profiles_dir(create: bool = True) -> Path:
    """Where audits keep the profiles they collected (made, private, when ``create``)."""
    folder = data_dir(create) / "profiles"
    return private_folder(folder) if create else folder


def profiles_path(ids: Iterable[str]) -> Path:
    """Where an audit of these accounts keeps the profiles it collected (the latest run)."""
    return profiles_dir() / f"{accounts_key(ids)}.jsonl"


def kept_text(path: Path) -> str | None:
    """A kept profiles file's text before an audit replaces it (None when there is none)."""
    try:
        return path.read_text("utf-8")
    except OSError:
        return None


def keep_read_profiles(path: Path, earlier: str | None, profiles: Sequence[Any]) -> bool:
    """Put back the profiles an earlier audit kept when this one read none of its accounts
    (the network was down, say) and the earlier one read some: error records do not replace
    what was read. Whether they were put back. An audit that read any account keeps its own
    profiles, its failures with them: the file is the last audit's that read something.
    ``linkage forget`` deletes the file whatever it holds."""
    if earlier is None or any(p.ok for p in profiles):
        return False
    from linkage.status import Status

    read = False
    for line in earlier.splitlines():
        with contextlib.suppress(ValueError, AttributeError, TypeError):
            error = (json.loads(line).get("collected") or {}).get("error")
            read = read or Status.from_error(error).ok
    if read:
        write_private(path, earlier)
    return read


def app_folders() -> list[Path]:
    """The app's folders: its default one, then each other one ``--data`` named."""
    try:
        named = json.loads((data_dir(create=False) / APP_FOLDERS).read_text("utf-8"))
    except (OSError, ValueError):
        named = []
    others = [Path(p) for p in named if isinstance(p, str)] if isinstance(named, list) else []
    return [app_dir(), *(p for p in others if p != app_dir())]


def remember_app_folder(folder: Path) -> None:
    """Note a folder the app keeps things in (``--data``), for ``linkage forget``."""
    known = app_folders()
    if folder not in known:
        names = [str(p) for p in [*known[1:], folder]]
        write_private(data_dir() / APP_FOLDERS, json.dumps(names, indent=1) + "\n")


def forget_app_audit(ids: Iterable[str]) -> list[tuple[Path, list[str]]]:
    """Delete the app's last audit (in each of its folders) when its profiles hold one of
    these accounts: every file of it, the reports among them; each folder's last-audit
    folder with the names of the files deleted there."""
    wanted = {i.lower() for i in ids}
    deleted = []
    for app_folder in app_folders():
        folder = app_folder / APP_LAST_AUDIT
        profiles = folder / APP_PROFILES
        if not profiles.is_file() or not (wanted & _ids_in(profiles)):
            continue
        names = []
        for path in sorted(path for path in folder.iterdir() if path.is_file()):
            path.unlink(missing_ok=True)
            names.append(path.name)
        deleted.append((folder, names))
    return deleted


def kept_profiles_files() -> list[Path]:
    """Every profiles file linkage keeps: the audits' (the data folder's ``profiles/``) and
    the app's last audit in each of its folders."""
    folder = profiles_dir(create=False)
    files = sorted(folder.glob("*.jsonl")) if folder.is_dir() else []
    app = [f / APP_LAST_AUDIT / APP_PROFILES for f in app_folders()]
    return [*files, *(path for path in app if path.is_file())]


def kept_ids(cache_dir: Path) -> set[str]:
    """The ids (lower case) of every account linkage keeps collected data about: in its
    profiles files and the cache's account index (the kept audits are
    :func:`linkage.history.mentioned_ids`)."""
    found: set[str] = set(_read_index(cache_dir)["accounts"])
    for path in kept_profiles_files():
        found |= _ids_in(path)
    return found - {""}


def export_ids(name: str) -> set[str]:
    """The ids (lower case) of the kept profiles read from a data export of this file name."""
    found: set[str] = set()
    for path in kept_profiles_files():
        with contextlib.suppress(OSError), path.open(encoding="utf-8", errors="replace") as f:
            for line in f:
                with contextlib.suppress(ValueError, AttributeError, TypeError):
                    record = json.loads(line)
                    if (record.get("collected") or {}).get("source") == name:
                        found.add(str(record["id"]).lower())
    return found


def _ids_in(path: Path) -> set[str]:
    try:
        return profile_ids(path.read_text("utf-8", errors="replace"))
    except OSError:
        return set()


def profile_ids(text: str) -> set[str]:
    """The ids (lower case) of the profiles a profiles file's text holds, and of the accounts
    they were found from; a line that is not a whole record is passed over."""
    found: set[str] = set()
    for line in text.splitlines():
        with contextlib.suppress(ValueError, AttributeError, TypeError):
            record = json.loads(line)
            found.add(str(record.get("id", "")).lower())
            found |= _parents(record.get("discovered_by"), None)
    return found - {""}


# -- the account index ------------------------------------------------------------------------

Address = tuple[str, str]


class Notes(set[Address]):
    """The addresses read for one account, and when each answer served from the cache without
    asking the site had been saved (``saved``, epoch seconds)."""

    def __init__(self) -> None:
        super().__init__()
        self.saved: list[float] = []


class AddressBook:
    """Notes, per account, the logical addresses of the answers read while collecting it.

    :meth:`noting` is used around one account's collection, in the thread that collects it;
    the HTTP client (see :class:`linkage.noting_client.NotingClient`) adds each address it is asked
    for to the current thread's notes."""

    def __init__(self) -> None:
        self.accounts: dict[str, set[Address]] = {}
        #: the accounts read (in whole or in part) from answers saved before, and when the
        #: oldest of them was saved (epoch seconds)
        self.saved: dict[str, float] = {}
        self._local = threading.local()
        self._lock = threading.Lock()

    @contextlib.contextmanager
    def noting(self) -> Iterator[Notes]:
        notes = Notes()
        self._local.notes = notes
        try:
            yield notes
        finally:
            self._local.notes = None

    def note(self, address: Address) -> None:
        notes = getattr(self._local, "notes", None)
        if notes is not None:
            notes.add(address)

    def note_saved(self, when: float | None) -> None:
        """An answer read for the current account came from the cache, saved at ``when``."""
        notes = getattr(self._local, "notes", None)
        if notes is not None and when is not None:
            notes.saved.append(when)

    def add(self, account: str, addresses: Iterable[Address]) -> None:
        saved = getattr(addresses, "saved", None)
        with self._lock:
            self.accounts.setdefault(account, set()).update(addresses)
            if saved:
                self.saved[account] = min(saved)


def _parents(discovered_by: str | None, profiles: Sequence[Any] | None) -> set[str]:
    """The accounts a discovered account was found from, read from its ``discovered_by``."""
    if not discovered_by:
        return set()
    match = re.match(r"linked from (\S+)", discovered_by)
    if match:
        return {match.group(1).lower()}
    match = re.match(r"username '([^']+)'", discovered_by)
    if match and profiles is not None:
        name = match.group(1).lower()
        return {
            p.id.lower()
            for p in profiles
            if (p.handle or "").split("@")[0].lstrip("@").lower() == name
        }
    return set()


def _read_index(cache_dir: Path) -> dict[str, Any]:
    path = Path(cache_dir).expanduser() / INDEX_NAME
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {"accounts": {}}
    if not isinstance(data, dict) or not isinstance(data.get("accounts"), dict):
        return {"accounts": {}}
    return data


def _write_index(cache_dir: Path, data: dict[str, Any]) -> None:
    write_private(Path(cache_dir).expanduser() / INDEX_NAME, json.dumps(data, indent=1) + "\n")


_index_lock = threading.Lock()


def record_collection(cache_dir: Path, book: AddressBook, profiles: Sequence[Any]) -> None:
    """Add what ``book`` noted for these profiles to the cache folder's account index, with
    the accounts each discovered profile was found from."""
    with _index_lock:
        data = _read_index(cache_dir)
        accounts: dict[str, Any] = data["accounts"]
        for profile in profiles:
            key = profile.id.lower()
            entry = accounts.setdefault(key, {"addresses": [], "found_from": []})
            known = {tuple(a) for a in entry.get("addresses", [])}
            known |= book.accounts.get(profile.id, set())
            entry["addresses"] = sorted([list(a) for a in known])
            parents = set(entry.get("found_from", [])) | _parents(profile.discovered_by, profiles)
            entry["found_from"] = sorted(parents - {key})
        _write_index(cache_dir, data)


def with_discovered(cache_dir: Path, ids: Iterable[str]) -> set[str]:
    """``ids`` and every account found from them (transitively), as the index knows them."""
    accounts = _read_index(cache_dir)["accounts"]
    wanted = {i.lower() for i in ids}
    grew = True
    while grew:
        grew = False
        for key, entry in accounts.items():
            if key not in wanted and wanted & set(entry.get("found_from", [])):
                wanted.add(key)
                grew = True
    return wanted


def indexed_addresses(cache_dir: Path, ids: Iterable[str]) -> dict[str, set[Address]]:
    """The noted addresses of each of these accounts that the index knows."""
    accounts = _read_index(cache_dir)["accounts"]
    return {
        i: {tuple(a) for a in accounts[i].get("addresses", [])}  # type: ignore[misc]
        for i in (x.lower() for x in ids)
        if i in accounts
    }


def drop_from_index(cache_dir: Path, ids: Iterable[str]) -> None:
    """Remove these accounts from the index, and from every other account's origins."""
    wanted = {i.lower() for i in ids}
    with _index_lock:
        data = _read_index(cache_dir)
        accounts = data["accounts"]
        for key in list(accounts):
            if key in wanted:
                del accounts[key]
            else:
                accounts[key]["found_from"] = [
                    f for f in accounts[key].get("found_from", []) if f not in wanted
                ]
        if (Path(cache_dir).expanduser() / INDEX_NAME).exists():
            _write_index(cache_dir, data)


# -- forgetting -------------------------------------------------------------------------------
