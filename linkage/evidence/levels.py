"""Exposure levels: how much a chain of evidence narrows down who someone is.

Evidence in bits compares with the size of a crowd: ``n`` bits single one person out of about
``2**n``. About 12 bits single out one person in an organisation of 5,000; about 33 bits one
person among everyone on Earth. The levels are defined here and nowhere else; the report
explains them from this table.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Level:
    name: str
    min_bits: float
    meaning: str


#: what each level means, in words true in every report: the person's own, the demo's of an
#: invented person, and a redacted one a manager reads
LEVELS: tuple[Level, ...] = (
    Level("low", -math.inf, "little evidence: a searcher would still face many candidates"),
    Level("moderate", 6.0, "enough to narrow a search to a few dozen people, such as a team"),
    Level("high", 12.0, "enough to single one person out in an organisation of several thousand"),
    Level("near-certain", 20.0, "enough to single one person out among a million people or more"),
)


#: The level of a pair with an account that could not be read: nothing seen is not safe.
UNKNOWN = "unknown"

#: Levels in the reader's words: (how sure, in a sentence; a short label for a badge). The
#: report, ``linkage explain`` and the history all say a level this way.
LEVEL_WORDS = {
    "near-certain": ("almost certainly", "almost certain"),
    "high": ("very likely", "very likely"),
    "moderate": ("possibly, with some effort", "possible"),
    "low": ("not from what is public", "unlikely"),
    UNKNOWN: ("perhaps: an account could not be read", "unknown"),
}


def level_label(level: str) -> str:
    """A level's short label, as its badge shows it ("unlikely", "almost certain")."""
    return LEVEL_WORDS.get(level, (level, level))[1]


def level_adverb(level: str) -> str:
    """How sure, in a sentence ("possibly, with some effort")."""
    return LEVEL_WORDS.get(level, (level, level))[0]


def verdict_level(levels: Iterable[str], *, listed_unread: bool = False) -> str | None:
    """The audit's verdict in one level, as the report's headline gives it, from the levels of
    its chains between sides (``unknown`` for one not measured) and whether a listed account
    could not be read (``listed_unread``; accounts found by following links do not count: they
    leave the audit complete). A measured chain that joins the sides gives its level, the
    strongest; else, with a chain not measured or a listed account not read, ``unknown``,
    never ``low``: what could not be read may join them; else ``low``. None without chains
    (no two sides to compare)."""
    levels = list(levels)
    if not levels:
        return None
    rank = {level.name: index for index, level in enumerate(LEVELS)}
    measured = [level for level in levels if level != UNKNOWN]
    strongest = max(measured, key=lambda level: rank.get(level, 0), default=None)
    if strongest is not None and rank.get(strongest, 0) > 0:
        return strongest
    if len(measured) < len(levels) or listed_unread:
        return UNKNOWN
    return LEVELS[0].name


def level_for(bits: float) -> Level:
    """The level of ``bits`` as shown: rounded to one decimal first, so a pair shown as
    12.0 bits is high, as the levels table says, whatever its unrounded value."""
    bits = round(bits, 1)
    chosen = LEVELS[0]
    for level in LEVELS:
        if bits >= level.min_bits:
            chosen = level
    return chosen


def crowd_size(bits: float) -> int:
    """The size of the crowd that ``bits`` of evidence single one person out of."""
    return 1 if bits <= 0 else int(min(2.0**bits, 8.2e9))


def describe_crowd(bits: float) -> str:
    """The crowd ``bits`` single one person out of, in words, from the figure as shown (one
    decimal), so that two pairs shown at 16.2 bits never read 76 and 77 thousand."""
    size = crowd_size(round(bits, 1))
    if size >= 8_000_000_000:
        return "everyone on Earth"
    for limit, word in ((1_000_000_000, "billion"), (1_000_000, "million"), (1_000, "thousand")):
        if size >= limit:
            return f"about {size / limit:.0f} {word} people"
    return f"about {size} people" if size > 1 else "nobody in particular"
