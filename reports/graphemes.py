"""Where a text may be split without splitting a character as a reader sees it: between
grapheme clusters (Unicode's UAX #29, the rules that matter for the report's line breaks).

An accented "é" written as "e" and a combining accent, a Devanagari consonant and its vowel
sign, a family emoji made of four people joined by zero-width joiners, a flag made of two
regional indicators and a Hangul syllable spelt in jamo are each one cluster: a line break
inside one moved an accent, or half a face, to the next line.

Built on :mod:`unicodedata` alone (the ``regex`` package's ``\\X`` would mean a new
dependency); the rules left out (prepended concatenation marks, the exact emoji test after a
joiner) only ever keep a few more characters together.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

ZWJ = "\u200d"
_EXTEND_CATEGORIES = ("Mn", "Me", "Mc")
#: Hangul jamo: leading consonants, vowels, trailing consonants (and their extended blocks)
_L = ((0x1100, 0x115F), (0xA960, 0xA97C))
_V = ((0x1160, 0x11A7), (0xD7B0, 0xD7C6))
_T = ((0x11A8, 0x11FF), (0xD7CB, 0xD7FB))
_SYLLABLES = (0xAC00, 0xD7A3)


def _within(code: int, ranges: tuple[tuple[int, int], ...]) -> bool:
    return any(low <= code <= high for low, high in ranges)


def _hangul(ch: str) -> str | None:
    """The character's Hangul syllable type (L, V, T, LV, LVT), if any."""
    code = ord(ch)
    if _within(code, _L):
        return "L"
    if _within(code, _V):
        return "V"
    if _within(code, _T):
        return "T"
    if _SYLLABLES[0] <= code <= _SYLLABLES[1]:
        return "LV" if (code - _SYLLABLES[0]) % 28 == 0 else "LVT"
    return None


def _extends(ch: str) -> bool:
    """A character that belongs to the one before it: a combining mark, a joiner, a
    variation selector, an emoji skin tone, a tag character."""
    code = ord(ch)
    return (
        unicodedata.category(ch) in _EXTEND_CATEGORIES
        or ch in (ZWJ, "\u200c")
        or 0x1F3FB <= code <= 0x1F3FF  # emoji modifiers (skin tones)
        or 0xE0020 <= code <= 0xE007F  # tags (subdivision flags)
    )


def _regional(ch: str) -> bool:
    return 0x1F1E6 <= ord(ch) <= 0x1F1FF


def _joins(before: str, after: str, regional_run: int) -> bool:
    """Whether no break may come between ``before`` and ``after`` (``regional_run``: how many
    regional indicators end the text before the boundary)."""
    if before == "\r" and after == "\n":
        return True
    if _extends(after):
        return True
    if before == ZWJ:  # an emoji sequence: person, joiner, person
        return True
    if unicodedata.combining(before) == 9 and unicodedata.category(after) == "Lo":
        return True  # a virama joins the consonants of a conjunct (Devanagari क्ष)
    if _regional(before) and _regional(after):
        return regional_run % 2 == 1  # flags are pairs
    kinds = (_hangul(before), _hangul(after))
    if kinds[0] == "L" and kinds[1] in ("L", "V", "LV", "LVT"):
        return True
    if kinds[0] in ("LV", "V") and kinds[1] in ("V", "T"):
        return True
    return kinds[0] in ("LVT", "T") and kinds[1] == "T"


def clusters(text: str) -> Iterator[str]:
    """``text`` one grapheme cluster at a time."""
    if not text:
        return
    start = 0
    regional_run = 1 if _regional(text[0]) else 0
    for index in range(1, len(text)):
        before, after = text[index - 1], text[index]
        if not _joins(before, after, regional_run):
            yield text[start:index]
            start = index
        regional_run = regional_run + 1 if _regional(after) else 0
    yield text[start:]


def chunks(text: str, size: int) -> list[str]:
    """``text`` in pieces of ``size`` grapheme clusters (the last may be shorter)."""
    pieces: list[str] = []
    current: list[str] = []
    for cluster in clusters(text):
        current.append(cluster)
        if len(current) == size:
            pieces.append("".join(current))
            current = []
    if current:
        pieces.append("".join(current))
    return pieces
