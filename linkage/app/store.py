"""The accounts list the app edits: the same TOML file as ``linkage audit FILE`` reads.

Writing is done here (TOML basic strings are written with JSON's escapes, which TOML reads
alike), reading is :func:`linkage.accounts.load_accounts`, so a file saved by the app or by
``linkage init`` is read by the command line exactly as if typed by hand, and back.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass
from pathlib import Path

from linkage.accounts import AccountSpec, load_accounts, misspelt_side, side_typo_words
from linkage.errors import InputError, SideError, UsageError
from linkage.handles import parse_handle, recognise
from linkage.record_files import write_text

#: the personas offered first; users may type their own label
PERSONAS = ("personal", "professional")
HEADER = (
    "# Accounts audited by linkage (written by 'linkage app' or 'linkage init').\n"
    "# Edit by hand if you like: 'linkage audit THIS-FILE' reads it.\n"
)


def toml_string(text: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's, with every non-ASCII escaped)."""
    return json.dumps(text, ensure_ascii=True)


#: the longest label a side may have (the page's field takes no more; ``linkage init`` asks
#: again for a longer one)
MAX_LABEL = 40


def clean_persona(text: str | None) -> str | None:
    """A persona label as typed: trimmed, one line, at most :data:`MAX_LABEL` characters; None
    when empty. A label that misspells one of the usual sides is refused
    (:func:`linkage.accounts.misspelt_side`)."""
    label = _tidy(text)
    typo = misspelt_side(label)
    if typo is not None:
        raise SideError(side_typo_words(label, typo))
    return label or None


def _tidy(text: str | None) -> str:
    """A label as typed, trimmed to one line of at most :data:`MAX_LABEL` characters."""
    return re.sub(r"\s+", " ", text or "").strip()[:MAX_LABEL]


def listed_side_words(account: str, listed: str | None, given: str | None) -> str:
    """What re-adding an account already in the list says: that it is there, and, when the
    side given differs from the one it is listed on, how to change its side."""
    said = f"{account} is already in the list."
    side = _tidy(given)
    if not side or side.casefold() == (listed or "").casefold():
        return said
    on = f"as {listed}" if listed else "with no side"
    return (
        f"{account} is already in the list {on}. To change its side to {side}, remove it with "
        "✕ and add it again."
    )


def account_entry(spec: AccountSpec, folder: Path) -> dict[str, str]:
    """One ``[[account]]`` entry's keys and values; an archive inside ``folder`` is written
    relative to it."""
    entry = {}
    if spec.handle is not None:
        entry["handle"] = spec.handle.id
    elif spec.archive is not None:
        path = spec.archive
        if path.is_relative_to(folder):
            path = path.relative_to(folder)
        entry["archive"] = path.as_posix()
        if spec.kind:
            entry["kind"] = spec.kind
        if spec.name:
            entry["handle"] = spec.name
    if spec.persona:
        entry["persona"] = spec.persona
    return entry


def accounts_toml(owner: str | None, specs: list[AccountSpec], folder: Path) -> str:
    """The accounts file's text; archives inside ``folder`` are written relative to it."""
    lines = [HEADER]
    if owner:
        lines.append(f"owner = {toml_string(owner)}\n")
    for spec in specs:
        lines.append("\n[[account]]\n")
        lines += [f"{k} = {toml_string(v)}\n" for k, v in account_entry(spec, folder).items()]
    return "".join(lines)


def write_accounts(path: Path, owner: str | None, specs: list[AccountSpec]) -> None:
    """Save the accounts file (readable by its owner only), replacing it in one step."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text(path, accounts_toml(owner, specs, path.parent.resolve()))


def edit_accounts(
    path: Path, add: AccountSpec | None = None, remove: AccountSpec | None = None
) -> bool:
    """Add an account to, or remove one from, an accounts file that exists, keeping
    everything else as it was written: comments, layout, keys linkage does not read (a
    hand-written file edited in the app stays the user's file). The account removed is found
    by what it is (its handle or export), as the file reads now, not by its place in the
    list. False, and nothing written, when its accounts are not written as ``[[account]]``
    tables (one ``[account]`` table, an inline array): the caller then writes the file
    whole."""
    import tomlkit
    from tomlkit.items import AoT

    document = tomlkit.parse(path.read_text(encoding="utf-8-sig"))
    entries = document.get("account")
    if entries is None:
        entries = tomlkit.aot()
        document.append("account", entries)
    if not isinstance(entries, AoT):
        return False
    if remove is not None:
        now = load_accounts(path).accounts  # in the file's order, as its entries are
        place = next(
            (i for i, spec in enumerate(now) if _identity(spec) == _identity(remove)), None
        )
        if place is not None:
            del entries[place]
    if add is not None:
        entry = tomlkit.table()
        for key, value in account_entry(add, path.parent.resolve()).items():
            entry.add(key, value)
        if len(entries) and not tomlkit.dumps(document).endswith("\n\n"):
            entries[-1].add(tomlkit.nl())  # a blank line between entries, as written by hand
        entries.append(entry)
    write_text(path, tomlkit.dumps(document))
    return True


def _row_label(spec: AccountSpec) -> str:
    """How the page names an account: its handle, or its export's file name."""
    if spec.handle is not None:
        return spec.handle.id
    return spec.archive.name if spec.archive else "?"


def _identity(spec: AccountSpec) -> str:
    """What an account is: its handle, or the export file it is read from."""
    if spec.handle is not None:
        return spec.handle.id
    return str(spec.archive.resolve()) if spec.archive else ""


@dataclass
class Row:
    """One account as the page shows it."""

    number: int
    label: str
    persona: str | None
    platform: str
    explanation: str
    archive: bool


class AccountsStore:
    """The accounts list behind the page, kept in its TOML file after every change.

    The file is the list: the page says it is "the same file linkage audit reads", and people
    edit it by hand while the app runs. So the list is read again whenever the file has changed
    since it was last read or written (its size or time of change differ), before it is shown,
    changed or audited; a file edited into one that cannot be read is said, in the page, until
    it is mended."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.lock = threading.RLock()
        self._owner: str | None = None
        self._specs: list[AccountSpec] = []
        self._stamp: tuple[int, int] | None = None
        with self.lock:
            self._fresh()

    @property
    def specs(self) -> list[AccountSpec]:
        """The accounts as the file now holds them."""
        with self.lock:
            self._fresh()
            return self._specs

    @property
    def owner(self) -> str | None:
        with self.lock:
            self._fresh()
            return self._owner

    def _file_stamp(self) -> tuple[int, int] | None:
        try:
            found = self.path.stat()
        except OSError:
            return None
        return found.st_mtime_ns, found.st_size

    def _fresh(self) -> None:
        """Read the file again if it changed since it was last read or written (deleted: no
        accounts)."""
        stamp = self._file_stamp()
        if stamp == self._stamp:
            return
        if stamp is None:
            self._owner, self._specs, self._stamp = None, [], None
            return
        self._read()

    def _read(self) -> None:
        """The list as its file holds it (a file of no accounts: an empty list)."""
        stamp = self._file_stamp()  # before reading: a change while it is read is read again
        try:
            file = load_accounts(self.path)
        except InputError as exc:
            if "no accounts found" not in str(exc):
                raise
            self._specs = []
        else:
            self._owner, self._specs = file.owner, file.accounts
        self._stamp = stamp

    def rows(self) -> list[Row]:
        """The accounts as the page lists them (the label is :func:`_row_label`)."""
        rows = []
        for spec in self.specs:
            if spec.handle is not None:
                found = recognise(spec.handle.id)
                rows.append(
                    Row(
                        spec.number,
                        _row_label(spec),
                        spec.persona,
                        found.title or spec.handle.platform,
                        found.explanation,
                        False,
                    )
                )
            else:
                from collectors.archives import all_importers

                importer = all_importers().get(spec.kind or "")
                rows.append(
                    Row(
                        spec.number,
                        _row_label(spec),
                        spec.persona,
                        importer.title if importer and importer.title else "data export",
                        "A data export you downloaded: it is read on this computer only.",
                        True,
                    )
                )
        return rows

    def add_handle(self, text: str, persona: str | None) -> AccountSpec:
        found = recognise(text, place="app")  # the page's words: its own file chooser
        if found.handle is None:
            raise UsageError(found.message)
        with self.lock:
            listed = next((s for s in self.specs if s.handle == found.handle), None)
            if listed is not None:
                raise UsageError(listed_side_words(found.handle.id, listed.persona, persona))
            spec = AccountSpec(len(self.specs) + 1, clean_persona(persona), found.handle)
            self._save([*self.specs, spec], added=spec)
        return spec

    def add_archive(self, path: Path, kind: str | None, persona: str | None) -> AccountSpec:
        with self.lock:
            spec = AccountSpec(
                len(self.specs) + 1, clean_persona(persona), archive=path.resolve(), kind=kind
            )
            self._save([*self.specs, spec], added=spec)
        return spec

    def remove(self, number: int, label: str | None = None) -> AccountSpec:
        """Take an account off the list: the one the page showed as ``label`` (found in the
        file as it is now: an entry added by hand meanwhile moves the numbers), else account
        ``number``."""
        with self.lock:
            specs = self.specs
            named = [s for s in specs if label is not None and _row_label(s) == label]
            numbered = [s for s in specs if s.number == number]
            both = [s for s in named if s in numbered]
            found = both or named or (numbered if label is None else [])
            if not found:
                raise UsageError("That account is no longer in the list; reload the page.")
            gone = found[0]
            self._save([s for s in specs if s is not gone], removed=gone)
        return gone

    def remove_archive(self, archive: Path) -> bool:
        """Take the entry reading this export off the list, found by its file (a number
        changes with each removal); whether it was listed."""
        where = archive.resolve()
        with self.lock:
            gone = next(
                (s for s in self.specs if s.archive is not None and s.archive.resolve() == where),
                None,
            )
            if gone is not None:
                self._save([s for s in self.specs if s is not gone], removed=gone)
        return gone is not None

    def _save(
        self,
        specs: list[AccountSpec],
        added: AccountSpec | None = None,
        removed: AccountSpec | None = None,
    ) -> None:
        """Save the list: a file that exists is edited in place (the entry added or removed,
        the rest as written) and read back; a new one is written whole."""
        edited = (
            self.path.exists()
            and (added is not None or removed is not None)
            and edit_accounts(self.path, add=added, remove=removed)
        )
        if edited:  # the list is the file's, with whatever else was written to it meanwhile
            self._read()  # the last account removed: none
            return
        write_accounts(self.path, self._owner, specs)
        for number, spec in enumerate(specs, start=1):
            spec.number = number
        self._specs, self._stamp = specs, self._file_stamp()


def handle_spec(text: str, persona: str | None, number: int) -> AccountSpec:
    """An account from a handle typed at ``linkage init`` (:class:`UsageError` if not one)."""
    found = recognise(text)
    if found.handle is None:
        raise UsageError(found.message)
    return AccountSpec(number, clean_persona(persona), parse_handle(found.handle.id))
