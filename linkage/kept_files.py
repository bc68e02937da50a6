"""Every file linkage keeps in its data folder, readable or not, for ``linkage forget``.

The loaders skip what they cannot read (a kept audit cut short by a full disk, a profiles
file left ``.partial`` by an interrupted write); forgetting must not: a damaged file still
holds what it held. A file that can be read as a kept audit is judged by the accounts it
names; one that cannot is judged by its text, which holds an account's id as written.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from linkage.history import PastAudit, history_dir
from linkage.store import profiles_dir

#: the fingerprints' key in ``history/``: about no account, deleted only with everything
SECRET = ".secret"


def files_in(folder: Path) -> list[Path]:
    """Every file in a folder (and its subfolders), whatever its name; none if it is missing."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file() or p.is_symlink())


def read_kept(path: Path) -> tuple[PastAudit | None, str]:
    """A file of ``history/``: the kept audit linkage reads from it (None when it is damaged,
    or not a kept audit at all), and its text. Raises OSError when it cannot be opened."""
    text = path.read_text("utf-8", errors="replace")
    if path.suffix != ".json":
        return None, text
    try:  # history_check turns a wrong type, or no JSON object, into a ValueError
        return PastAudit.from_dict(json.loads(text), path), text
    except ValueError:
        return None, text


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
    #: the kept audits among ``files`` that were audits of other accounts too
    shared: list[PastAudit] = field(default_factory=list)


def audits_about(ids: Iterable[str]) -> Found:
    """Every file in ``history/`` that holds one of these accounts: the kept audits that name
    it, and any other file there (damaged, or left by an interrupted write) whose text does."""
    wanted = {i.lower() for i in ids}
    found = Found()
    for path in files_in(history_dir(create=False)):
        if path.name == SECRET:
            continue
        try:
            past, text = read_kept(path)
        except OSError:
            found.unchecked.append(path)
            continue
        if past is not None:
            if past.ids & wanted:
                found.files.append(path)
                others = {a.lower() for a in past.accounts} - wanted
                found.others |= others
                if others:
                    found.shared.append(past)
        elif names_in_text(text, wanted):
            found.damaged.append(path)
    return found


def profiles_about(ids: Iterable[str]) -> Found:
    """Every file in ``profiles/`` that holds one of these accounts: a kept profiles file, or
    one left ``.partial`` (or as a temporary file) by an interrupted write."""
    from linkage.store import profile_ids

    wanted = {i.lower() for i in ids}
    found = Found()
    for path in files_in(profiles_dir(create=False)):
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
