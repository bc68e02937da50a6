"""A read-only ``key -> value`` table over a shipped TSV file whose lines are sorted by key.

Reading a quarter of a million lines into a dict costs about a quarter of a second at every
start of ``linkage report`` or ``explain``, although a ten-account audit looks up a few
hundred keys. A :class:`SortedTable` keeps the file's bytes as they are, finds where each line
starts (one vectorised pass), and answers each lookup by binary search over the sorted keys;
an input large enough to make hundreds of thousands of lookups gets a dictionary after all.

Keys are compared as UTF-8 bytes, which orders them as Python orders the strings (by code
point), so a file written with ``sorted(keys)`` is in the order this reads. Lines starting
with ``#`` come first and are skipped; every other line is ``key<TAB>value``.
"""

from __future__ import annotations

import bisect
import gzip
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import numpy as np

#: after this many lookups a table builds a dictionary of itself (about a quarter of a second
#: for the word table): worth it only for inputs far larger than an audit (a ten-account
#: audit makes about 2,000)
DICT_AFTER = 20_000


class UnsortedTable(ValueError):
    """The file's keys are not in sorted order (it was not written by the build script)."""


class _Keys(Sequence[bytes]):
    """The table's keys as a sequence, read from the bytes only when looked at."""

    def __init__(self, data: bytes, starts: list[int], tabs: list[int]) -> None:
        self._data, self._starts, self._tabs = data, starts, tabs

    def __len__(self) -> int:
        return len(self._starts)

    def __getitem__(self, index):  # type: ignore[no-untyped-def, override]
        return self._data[self._starts[index] : self._tabs[index]]


class SortedTable:
    """Lookups in a sorted ``key<TAB>value`` file without building a dict of it."""

    def __init__(self, data: bytes) -> None:
        if data and not data.endswith(b"\n"):
            data += b"\n"
        body = 0
        while data.startswith(b"#", body):  # the header comment lines
            body = data.index(b"\n", body) + 1
        raw = np.frombuffer(data, dtype=np.uint8)
        ends = np.flatnonzero(raw == 10)
        ends = ends[ends >= body]
        tabs = np.flatnonzero(raw == 9)
        tabs = tabs[tabs >= body]
        if len(tabs) != len(ends):
            raise ValueError("each line must be one key, a tab and a value")
        starts = np.concatenate([[body], ends[:-1] + 1]).astype(np.int64)[: len(ends)]
        if np.any(tabs < starts) or np.any(tabs > ends):
            raise ValueError("each line must be one key, a tab and a value")
        self._data = data
        self._starts: list[int] = starts.tolist()
        self._tabs: list[int] = tabs.tolist()
        self._ends: list[int] = ends.tolist()
        self._keys = _Keys(data, self._starts, self._tabs)
        self._lookups = 0
        self._dict: dict[str, str] | None = None
        #: called with the dictionary once it is built, so that its owner can look keys up
        #: in it directly from then on (a large input's millions of lookups)
        self.on_dict: Callable[[dict[str, str]], None] | None = None

    @classmethod
    def read(cls, path: Path) -> SortedTable:
        """The table in ``path`` (gzip-compressed when it ends in ``.gz``)."""
        data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
        return cls(data)

    def __len__(self) -> int:
        return len(self._starts)

    def _lookup(self, key: str) -> str | None:
        """The value for ``key``: by binary search, until so many lookups have been made that
        a dictionary of the whole table pays for itself (a large input's thousands of
        handles), then from that dictionary."""
        if self._dict is not None:
            return self._dict.get(key)
        self._lookups += 1
        if self._lookups > DICT_AFTER:
            self._dict = dict(self.items())
            if self.on_dict is not None:
                self.on_dict(self._dict)
            return self._dict.get(key)
        i = self._find(key)
        return None if i is None else self._data[self._tabs[i] + 1 : self._ends[i]].decode("utf-8")

    def _find(self, key: str) -> int | None:
        encoded = key.encode("utf-8")
        i = bisect.bisect_left(self._keys, encoded)
        if i < len(self._starts) and self._keys[i] == encoded:
            return i
        return None

    def get(self, key: str, default: str | None = None) -> str | None:
        """The value stored for ``key``, or ``default``."""
        found = self._lookup(key)
        return default if found is None else found

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._lookup(key) is not None

    def span(self, prefix: str) -> tuple[int, int]:
        """The positions ``[start, stop)`` of the keys that start with ``prefix`` (they are
        next to each other in a sorted table)."""
        encoded = prefix.encode("utf-8")
        start = bisect.bisect_left(self._keys, encoded)
        # no UTF-8 byte is 0xff, so this is past every key that extends the prefix
        return start, bisect.bisect_left(self._keys, encoded + b"\xff", lo=start)

    def key_at(self, position: int) -> str:
        return self._keys[position].decode("utf-8")

    def numbers(self) -> np.ndarray:
        """Every value read as a number, in key order."""
        data = self._data
        return np.array(
            [float(data[tab + 1 : end]) for tab, end in zip(self._tabs, self._ends, strict=True)],
            dtype=np.float64,
        )

    def items(self) -> Iterator[tuple[str, str]]:
        """Every ``(key, value)``, in key order."""
        data = self._data
        for start, tab, end in zip(self._starts, self._tabs, self._ends, strict=True):
            yield data[start:tab].decode("utf-8"), data[tab + 1 : end].decode("utf-8")

    def check_sorted(self) -> None:
        """Raise :class:`UnsortedTable` unless every key is greater than the one before."""
        keys = self._keys
        for i in range(1, len(keys)):
            if keys[i - 1] >= keys[i]:
                raise UnsortedTable(f"keys out of order at line {i + 1}: {keys[i]!r}")
