"""What a running linkage keeps in memory of the text it read (names, bios, addresses), so
that reading an account's versions again is quick, and forgetting it: the app runs for hours,
and "Forget everything about these accounts" leaves none of their words behind in it.

Each such store is a :class:`Kept`; :func:`forget_read_text` empties every one.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from typing import Generic, TypeVar

Answer = TypeVar("Answer")

#: every store made, to be emptied together
_STORES: list[Kept] = []


#: the most characters of text the keys of one store may hold: a profiles file of
#: megabyte-long bios would otherwise keep gigabytes alive in a store of 20,000 answers
MAX_CHARS = 32_000_000


def _chars(key: Hashable) -> int:
    """About how many characters of text a key holds (its strings, one level down)."""
    if isinstance(key, str):
        return len(key)
    if isinstance(key, tuple):
        return sum(len(part) for part in key if isinstance(part, str))
    return 0


class Kept(Generic[Answer]):
    """Answers worked out from what was read, by what they were worked out from: at most
    ``limit`` of them, and keys of at most ``max_chars`` characters in all, then all
    forgotten at once and kept again from then on."""

    def __init__(self, limit: int, max_chars: int = MAX_CHARS) -> None:
        self.limit = limit
        self.max_chars = max_chars
        self._answers: dict[Hashable, Answer] = {}
        self._chars = 0
        _STORES.append(self)

    def get(self, key: Hashable, work_out: Callable[[], Answer]) -> Answer:
        """The answer for ``key``, worked out by ``work_out()`` the first time."""
        found = self._answers.get(key)
        if found is None:
            size = _chars(key)
            if len(self._answers) > self.limit or self._chars + size > self.max_chars:
                self.clear()
            found = self._answers[key] = work_out()
            self._chars += size
        return found

    def __iter__(self) -> Iterator[Hashable]:
        """What it holds answers about."""
        return iter(list(self._answers))

    def clear(self) -> None:
        self._answers.clear()
        self._chars = 0


def forget_read_text() -> None:
    """Empty every in-memory store of what was read from profiles."""
    for store in _STORES:
        store.clear()


def kept_keys() -> list[Hashable]:
    """What every store holds answers about (to check that forgetting leaves nothing)."""
    return [key for store in _STORES for key in store]
