"""Counts and sizes in words, for every floor: ``plural(2, "entry", "entries")`` →
``'2 entries'``, ``in_megabytes(4194304)`` → ``'4 MB'``.

Pure and dependency-free, so the collectors (the username sweep's summary, a page too large to
read), the reports (the template filter ``plural``, re-exported by :mod:`reports.text`) and the
app (its upload cap) say counts and sizes the same way; the app's page need not load the HTTP
client for it.
"""

from __future__ import annotations


def plural(count: int, word: str, many: str | None = None) -> str:
    """'1 link', '2 links' (``many`` for irregular plurals)."""
    return f"{count} {word if count == 1 else (many or word + 's')}"


def in_megabytes(size: int) -> str:
    """A size in words: ``4194304`` -> ``4 MB`` (``100000`` -> ``98 KB``)."""
    if size >= 2**20:
        return f"{size / 2**20:.0f} MB"
    return f"{max(1, round(size / 1024))} KB"
