"""Shared name and username model for the ``username``, ``display_name`` and ``bio`` signals.

Reference data (built by ``linkage/reference/build_name_model.py``, sources in
``linkage/data/SOURCES.md``) is loaded once, lazily:

* first-name rarity in bits (from the multilingual first-name dictionary shipped in
  ``gender-guesser``),
* word frequencies in many languages (``wordfreq``), used both to segment usernames into words
  and for the rarity of words shared by two bios,
* a character 4-gram model of name-like and word-like strings, for the parts of a username
  that are not known words or names.

From these, :func:`handle_bits` estimates how many bits a username carries (-log2 of the
probability that a person picks it): a handle made of a common first name and a year costs
little, an invented string of rare words a lot. Display names and the name parts of
usernames are read by :mod:`linkage.signals.names_parts`.
"""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
import warnings
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from linkage.signals.sorted_table import SortedTable

DATA = Path(__file__).resolve().parent.parent / "data"

# --- folding ------------------------------------------------------------------------------

_SPECIAL = str.maketrans(
    {"ß": "ss", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "œ": "oe", "Œ": "OE", "đ": "d",
     "Đ": "D", "ł": "l", "Ł": "L", "ı": "i", "þ": "th", "ð": "d"}
)  # fmt: skip


def fold(text: str) -> str:
    """Lower-case ASCII with accents transliterated (``Mendizábal`` -> ``mendizabal``)."""
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKD", text.translate(_SPECIAL).lower())
    return text.encode("ascii", "ignore").decode("ascii")


def fold_drop(text: str) -> str:
    """Lower-case ASCII with accented letters dropped (``Mendizábal`` -> ``mendizbal``), as
    many sites do when a name is typed into a username field."""
    if text.isascii():
        return text.lower()
    out = []
    for ch in unicodedata.normalize("NFC", text.lower()):
        if ch.isascii():
            out.append(ch)
        elif ch in "ßæøœłđ":
            out.append(ch.translate(_SPECIAL))
    return "".join(out)


# --- reference data -----------------------------------------------------------------------


@dataclass
class Reference:
    first_table: SortedTable  # folded first name -> bits
    words_table: SortedTable  # token -> zipf
    charlm: np.ndarray  # uint8 (27, 27, 27, 27): -log2 P(c | 3 previous) * 8
    #: each first name's share of people, summed in key order (from 0), and their total
    _cumulative: np.ndarray | None = None

    #: what lookups read: each table, replaced by its dictionary once it builds one
    first: SortedTable | dict[str, str] = field(init=False)
    words: SortedTable | dict[str, str] = field(init=False)

    def __post_init__(self) -> None:
        self.first, self.words = self.first_table, self.words_table
        self.first_table.on_dict = lambda found: setattr(self, "first", found)
        self.words_table.on_dict = lambda found: setattr(self, "words", found)

    def _shares(self, prefix: str, longer: bool) -> tuple[float, float]:
        """The share of people whose first name starts with ``prefix`` (with ``longer``, only
        names longer than it), and the total share of all names."""
        if self._cumulative is None:
            shares = np.exp2(-self.first_table.numbers())
            self._cumulative = np.concatenate([[0.0], np.cumsum(shares)])
        cumulative = self._cumulative
        start, stop = self.first_table.span(prefix)
        share = float(cumulative[stop] - cumulative[start])
        if longer and start < stop and self.first_table.key_at(start) == prefix:
            share -= float(cumulative[start + 1] - cumulative[start])
        return share, float(cumulative[-1])

    def prefix_bits(self, prefix: str) -> float | None:
        """-log2 of the share of people whose first name starts with ``prefix`` (3 to 5
        letters) and goes on; None when no known name does."""
        if len(prefix) not in (3, 4, 5):
            return None
        share, total = self._shares(prefix, longer=True)
        return -math.log2(share / total) if share > 0 else None

    def initial_bits(self, letter: str) -> float:
        """-log2 of the share of people whose first name starts with ``letter`` (at most 7)."""
        share, total = self._shares(letter, longer=False) if letter else (0.0, 0.0)
        return min(7.0, -math.log2(share / total)) if share > 0 else 6.0


def _read_tsv(path: Path) -> SortedTable:
    try:
        return SortedTable.read(path)
    except (OSError, ValueError, EOFError) as exc:
        warnings.warn(
            f"linkage could not read its reference table {path.name} ({exc}); username and "
            "name evidence will be weaker. Reinstalling linkage restores the file.",
            RuntimeWarning,
            stacklevel=2,
        )
        return SortedTable(b"")


@lru_cache(maxsize=1)
def reference() -> Reference:
    """The shipped reference data (empty tables if a file is missing: signals then fall back
    to the character model's defaults rather than crash)."""
    try:
        charlm = np.load(DATA / "username_charlm.npy")
    except (OSError, ValueError):
        charlm = np.full((27, 27, 27, 27), 38, dtype=np.uint8)  # ~4.75 bits a letter
    return Reference(
        first_table=_read_tsv(DATA / "names_first.tsv"),
        words_table=_read_tsv(DATA / "names_words.tsv.gz"),
        charlm=charlm,
    )


def word_zipf(token: str) -> float:
    """Zipf frequency (log10 per billion words) of a token over many languages; 0 if unknown."""
    value = reference().words.get(token)
    return float(value) if value is not None else 0.0


def first_name_bits(token: str) -> float | None:
    """Rarity in bits of a first name, or None when the token is not a known first name."""
    value = reference().first.get(token)
    return float(value) if value is not None else None


# --- the character model ------------------------------------------------------------------


def charlm_bits(chunk: str) -> float:
    """-log2 P(chunk) under the character 4-gram model, with word boundaries at both ends.
    Characters outside a-z cost 6 bits each."""
    table = reference().charlm
    a = b = c = 0
    bits = 0.0
    for ch in chunk:
        o = ord(ch) - 96
        if not 1 <= o <= 26:
            bits += 6.0
            a = b = c = 0
            continue
        bits += table[a, b, c, o] / 8.0
        a, b, c = b, c, o
    bits += table[a, b, c, 0] / 8.0
    return bits


def _charlm_row(s: str, start: int, limit: int) -> list[float]:
    """Costs of s[start:start+k] (k = 1..limit) as one chunk, including the end boundary."""
    table = reference().charlm
    a = b = c = 0
    acc = 0.0
    out = []
    for i in range(start, min(len(s), start + limit)):
        o = ord(s[i]) - 96
        if not 1 <= o <= 26:
            acc += 6.0
            a = b = c = 0
        else:
            acc += table[a, b, c, o] / 8.0
            a, b, c = b, c, o
        out.append(acc + table[a, b, c, 0] / 8.0)
    return out


# --- username rarity ----------------------------------------------------------------------

#: words people put before or after the name-like part of a handle
PREFIX_AFFIXES = ("official", "the", "real", "its", "iam", "im", "mr", "mrs", "ms", "dr",
                  "hey", "hello", "just", "not", "xx", "my")  # fmt: skip
SUFFIX_AFFIXES = ("official", "real", "dev", "hq", "online", "writes", "codes", "art", "music",
                  "photo", "photos", "tv", "xx", "x", "blog", "uk", "de", "fr", "es", "it",
                  "nl")  # fmt: skip
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b",
                       "@": "a", "$": "s"})  # fmt: skip
_SEPARATORS = re.compile(r"[\s._\-]+")
_LEET_INSIDE = re.compile(r"(?<=[a-z])[013457@$8]+(?=[a-z])")

AFFIX_BITS = 5.0  # a prefix or suffix word such as "the", "real", "official"
SEPARATOR_BITS = 1.5
CHUNK_BITS = 3.0  # entering a stretch of letters that is no known word
WORD_BITS = 1.0  # the boundary between two words
LEET_BITS = 3.0  # one leetspeak substitution (a person picks one and keeps it)
MAX_LEN = 32


def word_bits(token: str) -> float | None:
    """Cost of a known word or first name as one segment of a handle, or None."""
    best = None
    zipf = word_zipf(token)
    if zipf > 0:
        # Word probability in running text, flattened: handles favour content words.
        best = 0.75 * (9.0 - zipf) * math.log2(10) + 2.0
    first = first_name_bits(token)
    if first is not None:
        best = min(best, first + 2.0) if best is not None else first + 2.0
    if best is not None and len(token) <= 2:
        best += 2.0  # two-letter tokens are mostly abbreviations: do not let them chop a handle
    return best


def digits_bits(digits: str) -> float:
    """Cost of a run of digits: about 30 % of handles carry some (1.7 bits), and a year or a
    two-digit year (1940-2029, or 40-99 and 00-29) is one of about 90 common choices. A digit
    repeated or a run counting up or down (``777``, ``0000``, ``123``, ``4321``) is one of
    about 30 patterns of its length, however long: people pick them far more often than other
    numbers."""
    n = len(digits)
    if n == 0:
        return 0.0
    has_digits = 1.7
    if n >= 3 and _patterned(digits):
        return has_digits + math.log2(30)
    if n == 4 and (
        (digits[:2] == "19" and digits[2] >= "4") or digits[:3] in ("200", "201", "202")
    ):
        return has_digits + math.log2(90)
    if n == 2:
        return has_digits + (math.log2(90) if digits[0] in "012456789" else math.log2(100))
    return has_digits + 3.32 * n


def _patterned(digits: str) -> bool:
    """One digit repeated, or consecutive digits counting up or down."""
    steps = {int(b) - int(a) for a, b in itertools.pairwise(digits)}
    return steps in ({0}, {1}, {-1})


@lru_cache(maxsize=1 << 18)  # every handle and name of a large input
def segment(text: str) -> tuple[float, tuple[tuple[str, str], ...]]:
    """Best segmentation of a folded handle (letters, digits, separators) into words, names,
    unknown chunks, digit runs, separators and affixes. Returns (bits, ((kind, piece), ...))
    where kind is one of word, name, chunk, digits, sep, affix."""
    s = text[:MAX_LEN]
    n = len(s)
    if n == 0:
        return 0.0, ()
    inf = float("inf")
    best = [inf] * (n + 1)
    back: list[tuple[int, str]] = [(0, "")] * (n + 1)
    best[0] = 0.0
    firsts = reference().first
    for j in range(n):
        if best[j] == inf:
            continue
        base = best[j]
        ch = s[j]
        if ch in "._- ":
            k = j
            while k < n and s[k] in "._- ":
                k += 1
            _relax(best, back, k, base + SEPARATOR_BITS, j, "sep")
            continue
        if ch.isdigit():
            k = j
            while k < n and s[k].isdigit():
                k += 1
            _relax(best, back, k, base + digits_bits(s[j:k]), j, "digits")
            continue
        # letters: known words and names, or an unknown chunk
        row = _charlm_row(s, j, 20)
        for k in range(j + 1, min(n, j + 20) + 1):
            piece = s[k - 1]
            if not ("a" <= piece <= "z"):
                break
            sub = s[j:k]
            cost = word_bits(sub) if k - j >= 2 else None
            if cost is not None:
                kind = "name" if sub in firsts else "word"
                _relax(best, back, k, base + cost + WORD_BITS, j, kind)
            _relax(best, back, k, base + row[k - j - 1] + CHUNK_BITS, j, "chunk")
        if j == 0:
            for affix in PREFIX_AFFIXES:
                if s.startswith(affix) and len(s) > len(affix) + 2:
                    _relax(best, back, len(affix), AFFIX_BITS, 0, "affix")
        for affix in SUFFIX_AFFIXES:
            if s.endswith(affix) and j == n - len(affix) and j >= 3:
                _relax(best, back, n, base + AFFIX_BITS, j, "affix")
    pieces = []
    k = n
    while k > 0:
        j, kind = back[k]
        pieces.append((kind, s[j:k]))
        k = j
    pieces.reverse()
    return best[n], tuple(pieces)


def _relax(best: list[float], back: list, k: int, cost: float, j: int, kind: str) -> None:
    if cost < best[k]:
        best[k] = cost
        back[k] = (j, kind)


def handle_bits(handle: str) -> float:
    """Rarity of a handle in bits, -log2 P(a person picks it), leetspeak priced."""
    text = fold(handle).lstrip("@")
    if not text:
        return 0.0
    plain, _ = segment(text)
    unleet = _LEET_INSIDE.sub(lambda m: m.group().translate(_LEET), text)
    if unleet != text:
        subs = sum(1 for x, y in zip(text, unleet, strict=False) if x != y)
        alt, _ = segment(unleet)
        plain = min(plain, alt + LEET_BITS * subs)
    return plain
