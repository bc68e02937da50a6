"""One account listed twice: entries of the accounts file that read as the same account.

The same export named under two paths, a zip and the folder it was unpacked into, or an
account listed by its handle and again by its export, can only be told apart after reading:
the account's id (platform and handle) is known then. Such entries are audited once (the
first one read in full is kept), and the audit says which entries they were; when they were
filed under different personas it says that one account cannot be both sides.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from linkage.records import Profile

#: the id a failed export gets from its file name: it does not name an account
_UNREAD_ARCHIVE = "archive:"


@dataclass
class Duplicate:
    """Entries (numbers in the accounts file) that are one account, audited once."""

    id: str
    entries: list[int]
    personas: list[str | None]

    @property
    def kept_persona(self) -> str | None:
        return self.personas[0]

    @property
    def sides_differ(self) -> bool:
        return len({p for p in self.personas if p}) > 1

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "entries": self.entries, "personas": self.personas}

    def sentence(self, label: str) -> str:
        """What to tell the user; ``label`` names the account as the report does."""
        said = f"{_entries(self.entries)} of the accounts file are the same account, {label}"
        said += ": it was audited once."
        if self.sides_differ:
            claims = ", ".join(
                f"entry {n} as {p}" for n, p in zip(self.entries, self.personas, strict=True) if p
            )
            said += (
                f" They file it on different sides ({claims}), but one account cannot be both "
                f"sides: it was audited as {self.kept_persona or 'unlabelled'}. Keep one entry "
                "in the accounts file, with the side it is on."
            )
        return said


def _entries(numbers: Sequence[int]) -> str:
    listed = [str(n) for n in numbers]
    if len(listed) == 1:
        return f"Entry {listed[0]}"
    return f"Entries {', '.join(listed[:-1])} and {listed[-1]}"


def _rank(profile: Profile) -> int:
    """Which of one account's entries to keep: read in full, then in part, then not read."""
    if profile.status.complete:
        return 0
    return 1 if profile.ok else 2


def merge_duplicates(
    listed: Sequence[tuple[int, Profile]],
) -> tuple[list[Profile], list[Duplicate]]:
    """The profiles of the listed entries (``(entry number, profile)``, in the file's order)
    with each account once, and the entries that were the same account.

    An export that could not be read names no account (its id is made from its file name):
    two of them are kept apart, the later ids made unique with ``#2``, ``#3``..."""
    groups: dict[str, list[tuple[int, Profile]]] = {}
    for number, profile in listed:
        groups.setdefault(profile.id, []).append((number, profile))
    kept: list[Profile] = []
    duplicates: list[Duplicate] = []
    for pid, group in groups.items():
        if len(group) == 1:
            kept.append(group[0][1])
            continue
        if pid.startswith(_UNREAD_ARCHIVE):
            for count, (_, profile) in enumerate(group, start=1):
                if count > 1:
                    profile.id = f"{pid}#{count}"
                kept.append(profile)
            continue
        best = min(group, key=lambda item: _rank(item[1]))[1]
        best.persona = group[0][1].persona
        kept.append(best)
        duplicates.append(Duplicate(pid, [n for n, _ in group], [p.persona for _, p in group]))
    order = {id(profile): index for index, (_, profile) in enumerate(listed)}
    kept.sort(key=lambda profile: order[id(profile)])
    return kept, duplicates
