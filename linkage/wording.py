"""Counts in words, for every floor: ``plural(2, "entry", "entries")`` → ``'2 entries'``.

Pure and dependency-free, so the collectors (the username sweep's summary) and the reports
(the template filter ``plural``, re-exported by :mod:`reports.text`) say counts the same way.
"""

from __future__ import annotations


def plural(count: int, word: str, many: str | None = None) -> str:
    """'1 link', '2 links' (``many`` for irregular plurals)."""
    return f"{count} {word if count == 1 else (many or word + 's')}"
