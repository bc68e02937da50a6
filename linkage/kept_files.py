"""Every file linkage keeps in its data folder, readable or not, for ``linkage forget``.

The loaders skip what they cannot read (a kept audit cut short by a full disk, a profiles
file left ``.partial`` by an interrupted write); forgetting must not: a damaged file still
holds what it held. A file that can be read as a kept audit is judged by the accounts it
names; one that cannot is judged by its text, which holds an account's id as written.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from linkage.store import data_dir

#: the fingerprints' key in ``history/``: about no account, deleted only with everything
SECRET = ".secret"


def history_folder() -> Path:
    return data_dir(create=False) / "history"


def profiles_folder() -> Path:
    return data_dir(create=False) / "profiles"


def files_in(folder: Path) -> list[Path]:
    """Every file in a folder (and its subfolders), whatever its name; none if it is missing."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file() or p.is_symlink())


def audit_ids(path: Path) -> set[str] | None:
    """The ids (lower case) a kept audit names, or None when the file is not a kept audit
    linkage can read (damaged, or not one at all). Raises OSError when it cannot be opened."""
    from linkage.history import PastAudit

    text = path.read_text("utf-8", errors="replace")
    try:
        data = json.loads(text)
        if not isinstance(data, dict):
            return None
        return PastAudit.from_dict(data, path).ids
    except (ValueError, TypeError, AttributeError, KeyError):
        return None


def names_in_text(text: str, ids: Iterable[str]) -> bool:
    """Whether ``text`` names one of these ids as a whole (``github:ann`` is not named by
    ``github:anna``), in any case."""
    lowered = text.lower()
    for account in ids:
        pattern = r"(?<![\w.@-])" + re.escape(account.lower()) + r"(?![\w.@-])"
        if re.search(pattern, lowered):
            return True
    return False


@dataclass
class Found:
    """The kept files about some accounts, and those that could not be checked."""

    #: readable kept files that name one of the accounts
    files: list[Path] = field(default_factory=list)
    #: damaged files whose text names one of the accounts
    damaged: list[Path] = field(default_factory=list)
    #: files that could not be opened to check (permissions, say)
    unchecked: list[Path] = field(default_factory=list)
    #: the other accounts the kept audits among ``files`` were audits of
    others: set[str] = field(default_factory=set)


def audits_about(ids: Iterable[str]) -> Found:
    """Every file in ``history/`` that holds one of these accounts: the kept audits that name
    it, and any other file there (damaged, or left by an interrupted write) whose text does."""
    wanted = {i.lower() for i in ids}
    found = Found()
    for path in files_in(history_folder()):
        if path.name == SECRET:
            continue
        try:
            named = audit_ids(path) if path.suffix == ".json" else None
            text = None if named is not None else path.read_text("utf-8", errors="replace")
        except OSError:
            found.unchecked.append(path)
            continue
        if named is not None:
            if named & wanted:
                found.files.append(path)
                found.others |= _listed(path) - wanted
        elif text is not None and names_in_text(text, wanted):
            found.damaged.append(path)
    return found


def _listed(path: Path) -> set[str]:
    """The accounts a readable kept audit was an audit of (lower case)."""
    with contextlib.suppress(OSError, ValueError, TypeError, AttributeError):
        listed = json.loads(path.read_text("utf-8")).get("accounts", [])
        return {str(a).lower() for a in listed} if isinstance(listed, list) else set()
    return set()


def profiles_about(ids: Iterable[str]) -> Found:
    """Every file in ``profiles/`` that holds one of these accounts: a kept profiles file, or
    one left ``.partial`` (or as a temporary file) by an interrupted write."""
    from linkage.store import profile_ids

    wanted = {i.lower() for i in ids}
    found = Found()
    for path in files_in(profiles_folder()):
        try:
            text = path.read_text("utf-8", errors="replace")
        except OSError:
            found.unchecked.append(path)
            continue
        if profile_ids(text) & wanted:
            found.files.append(path)
        elif names_in_text(text, wanted):  # a line cut short still names it
            found.damaged.append(path)
    return found


def mentioned_ids() -> set[str]:
    """Every account id (lower case) a readable kept audit names."""
    found: set[str] = set()
    for path in files_in(history_folder()):
        if path.suffix == ".json":
            with contextlib.suppress(OSError):
                found |= audit_ids(path) or set()
    return found
