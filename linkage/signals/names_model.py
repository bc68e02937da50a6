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
little, an invented string of rare words a lot. :func:`parse_name` reads a display name into
first name and surname, and :func:`explain` finds which parts of a name a username is built
from (``first.last``, ``flast``, ``lastfirst``, truncations...).
"""

from __future__ import annotations

import gzip
import math
import re
import unicodedata
import warnings
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

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
    first: dict[str, str]
    words: dict[str, str]
    charlm: np.ndarray  # uint8 (27, 27, 27, 27): -log2 P(c | 3 previous) * 8
    _prefix: dict[str, float] | None = None
    _initial: dict[str, float] | None = None

    def prefix_bits(self, prefix: str) -> float | None:
        """-log2 of the share of people whose first name starts with ``prefix``."""
        if self._prefix is None:
            self._build_prefixes()
        assert self._prefix is not None
        value = self._prefix.get(prefix)
        return value

    def initial_bits(self, letter: str) -> float:
        if self._initial is None:
            self._build_prefixes()
        assert self._initial is not None
        return self._initial.get(letter, 6.0)

    def _build_prefixes(self) -> None:
        shares: dict[str, float] = {}
        initials: dict[str, float] = {}
        total = 0.0
        for name, bits in self.first.items():
            share = 2.0 ** -float(bits)
            total += share
            initials[name[0]] = initials.get(name[0], 0.0) + share
            for k in (3, 4, 5):
                if len(name) > k:
                    key = name[:k]
                    shares[key] = shares.get(key, 0.0) + share
        self._prefix = {k: -math.log2(v / total) for k, v in shares.items()}
        self._initial = {k: min(7.0, -math.log2(v / total)) for k, v in initials.items()}


def _read_tsv(path: Path) -> dict[str, str]:
    try:
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8") as handle:
            return dict(
                line.rstrip("\n").split("\t", 1) for line in handle if not line.startswith("#")
            )
    except (OSError, ValueError) as exc:
        warnings.warn(
            f"linkage could not read its reference table {path.name} ({exc}); username and "
            "name evidence will be weaker. Reinstalling linkage restores the file.",
            RuntimeWarning,
            stacklevel=2,
        )
        return {}


@lru_cache(maxsize=1)
def reference() -> Reference:
    """The shipped reference data (empty tables if a file is missing: signals then fall back
    to the character model's defaults rather than crash)."""
    try:
        charlm = np.load(DATA / "username_charlm.npy")
    except (OSError, ValueError):
        charlm = np.full((27, 27, 27, 27), 38, dtype=np.uint8)  # ~4.75 bits a letter
    return Reference(
        first=_read_tsv(DATA / "names_first.tsv"),
        words=_read_tsv(DATA / "names_words.tsv.gz"),
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
    two-digit year (1940-2029, or 40-99 and 00-29) is one of about 90 common choices."""
    n = len(digits)
    if n == 0:
        return 0.0
    has_digits = 1.7
    if n == 4 and (
        (digits[:2] == "19" and digits[2] >= "4") or digits[:3] in ("200", "201", "202")
    ):
        return has_digits + math.log2(90)
    if n == 2:
        return has_digits + (math.log2(90) if digits[0] in "012456789" else math.log2(100))
    return has_digits + 3.32 * n


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


# --- display names ------------------------------------------------------------------------

_TITLES = {"dr", "mr", "mrs", "ms", "miss", "prof", "sir", "dame", "mx", "phd", "md", "jr",
           "sr", "ii", "iii", "he", "him", "she", "her", "they", "them"}  # fmt: skip
PARTICLES = {"van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "la", "le",
             "dos", "das", "do", "ten", "ter", "te", "zu", "af", "al", "el", "bin", "ibn", "y",
             "st", "mc", "mac", "o"}  # fmt: skip
_NAME_TOKEN = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*", re.UNICODE)


@dataclass(frozen=True)
class PersonName:
    """A display name read as a person's name (folded to ASCII)."""

    text: str  # the folded full text, tokens joined by spaces
    tokens: tuple[str, ...]  # folded content tokens, initials and titles removed
    first: str  # first name ("" if none)
    last: str  # surname, particles included, joined ("" if none)
    last_initial: str  # "b" for "Mila B."
    first_variants: frozenset[str]
    last_variants: frozenset[str]
    is_name: bool  # the first token is a known first name


@lru_cache(maxsize=1 << 18)  # every handle and name of a large input
def parse_name(display: str) -> PersonName | None:
    """Read a display name as first name and surname; None when it has no letters."""
    raw = unicodedata.normalize("NFKC", display or "").strip()[:120]
    if not raw:
        return None
    if raw.count(",") == 1:  # "Last, First"
        left, right = raw.split(",")
        if right.strip() and left.strip():
            raw = f"{right.strip()} {left.strip()}"
    words = _NAME_TOKEN.findall(raw)
    if not words:
        return None
    tokens: list[str] = []
    drop_tokens: list[str] = []
    last_initial = ""
    for i, word in enumerate(words):
        t = fold(word).replace("'", "").replace("’", "")
        d = fold_drop(word).replace("'", "").replace("’", "")
        if not t:
            continue
        if t.replace("-", "") in _TITLES and len(words) > 1:
            continue
        if len(t) == 1:  # an initial: "Mila B." or "Severiano T. Galan"
            if i == len(words) - 1 and i > 0:
                last_initial = t
            continue
        tokens.append(t)
        drop_tokens.append(d or t)
    if not tokens:
        return None
    firsts = reference().first
    # "Dussen van Trudel"-style order: the first token is no first name but the last one is.
    if (
        len(tokens) >= 2
        and tokens[0].replace("-", "") not in firsts
        and tokens[-1].replace("-", "") in firsts
        and tokens[0] not in PARTICLES
    ):
        tokens = [tokens[-1], *tokens[:-1]]
        drop_tokens = [drop_tokens[-1], *drop_tokens[:-1]]
    first = tokens[0].replace("-", "")
    first_variants = {first, drop_tokens[0].replace("-", "")}
    for part in tokens[0].split("-"):
        if len(part) >= 2:
            first_variants.add(part)
    rest, rest_drop = tokens[1:], drop_tokens[1:]
    last = "".join(t.replace("-", "") for t in rest)
    last_variants: set[str] = set()
    if last:
        last_variants.add(last)
        last_variants.add("".join(t.replace("-", "") for t in rest_drop))
        main = [t for t in rest if t not in PARTICLES]
        main_drop = [t for t in rest_drop if t not in PARTICLES]
        if main:
            last_variants.add("".join(main).replace("-", ""))
            last_variants.add("".join(main_drop).replace("-", ""))
            for t, dt in zip(main, main_drop, strict=False):
                for piece in (t, dt, *t.split("-")):
                    if len(piece) >= 3:
                        last_variants.add(piece.replace("-", ""))
    return PersonName(
        text=" ".join(tokens),
        tokens=tuple(tokens),
        first=first,
        last=last,
        last_initial=last_initial or (last[:1] if last else ""),
        first_variants=frozenset(v for v in first_variants if v),
        last_variants=frozenset(v for v in last_variants if v),
        is_name=any(v in firsts for v in first_variants)
        or (len(tokens) >= 2 and word_zipf(first) < 4.0),
    )


# --- name-part rarity ---------------------------------------------------------------------

#: Namesake floors (see the module docstring of ``username``): the probability that another
#: account in an audit belongs to a different person with the same first name, surname, or
#: full name is at least this, however rare the name is in the population, because audits
#: gather accounts found by searching for a name.
NU_FIRST = 1 / 100
NU_LAST = 1 / 400
NU_FULL = 1 / 2000
CAP_FIRST = -math.log2(NU_FIRST)  # 6.6 bits
CAP_LAST = -math.log2(NU_LAST)  # 8.6 bits
CAP_FULL = -math.log2(NU_FULL)  # 11.0 bits


def first_bits(first: str) -> float:
    """Rarity of a first name in bits, uncapped (unknown names are priced by the character
    model, halved since an unknown token in the first position is usually a name)."""
    value = first_name_bits(first)
    if value is not None:
        return value
    return min(16.0, max(8.0, 0.5 * charlm_bits(first)))


def last_bits(last: str) -> float:
    """Rarity of a surname in bits, uncapped: a surname that is also a frequent word (Rossi,
    Schmidt, Baker) is common; one that no word list knows is rare."""
    zipf = word_zipf(last)
    if zipf > 0:
        bits = -math.log2(10 ** (zipf - 6.5))
    else:
        bits = min(17.0, max(10.0, 0.6 * charlm_bits(last)))
    value = first_name_bits(last)
    if value is not None:
        bits = min(bits, value + 1.0)
    return max(5.0, min(17.0, bits))


def prefix_bits(prefix: str) -> float:
    """Rarity of the first letters (3 to 5) of a first name."""
    value = reference().prefix_bits(prefix[:5])
    if value is None:
        return min(12.0, 2.0 + 0.6 * charlm_bits(prefix))
    return value


def initial_bits(letter: str) -> float:
    return reference().initial_bits(letter)


@dataclass
class Parts:
    """Which parts of a name an account shows: 'full', a prefix length, 'initial' or None."""

    first: str | int | None = None
    last: str | None = None
    leftover: str = ""
    form: str = ""

    def score(self) -> int:
        f = {"full": 4, "initial": 1, None: 0}.get(self.first, 2)  # type: ignore[arg-type]
        ln = {"full": 4, "initial": 1, None: 0}[self.last]
        return f + ln


@dataclass
class Hypothesis:
    """A candidate name for the person behind a pair of accounts."""

    first: str
    last: str
    first_variants: frozenset[str]
    last_variants: frozenset[str]
    source: str  # 'display' or 'handle'
    key: tuple = field(default=())


def hypothesis_from_name(name: PersonName) -> Hypothesis | None:
    if not name.first:
        return None
    return Hypothesis(
        name.first,
        name.last,
        name.first_variants,
        name.last_variants,
        "display",
        (
            "d",
            name.first,
            name.last,
            *sorted(name.first_variants),
            "|",
            *sorted(name.last_variants),
        ),
    )


_EXPLAINED: dict[tuple, Parts] = {}


def explain(core: str, hyp: Hypothesis) -> Parts:
    """Which parts of the name ``hyp`` the handle core (letters only) is built from (cached)."""
    key = (core, hyp.key)
    found = _EXPLAINED.get(key)
    if found is None:
        if len(_EXPLAINED) > 500_000:
            _EXPLAINED.clear()
        found = _EXPLAINED[key] = _explain(core, hyp)
    return found


def _explain(core: str, hyp: Hypothesis) -> Parts:
    best = Parts(leftover=core)
    if not core:
        return best
    candidates: list[Parts] = []
    firsts = [v for v in hyp.first_variants if len(v) >= 2]
    lasts = [v for v in hyp.last_variants if len(v) >= 2]
    # full first name at the start, then the surname / its initial / nothing
    for f in firsts:
        if core.startswith(f):
            rest = core[len(f) :]
            candidates.append(_rest_after_first(rest, lasts, hyp))
        if core.endswith(f) and len(core) > len(f):  # lastfirst, or initial + first
            head = core[: -len(f)]
            matched = False
            for ln in lasts:
                if head == ln:
                    candidates.append(Parts("full", "full", "", "lastfirst"))
                    matched = True
                elif head.endswith(ln):
                    candidates.append(Parts("full", "full", head[: -len(ln)], "lastfirst"))
                    matched = True
            if not matched:
                if len(head) == 1 and hyp.last and head == hyp.last[0]:
                    candidates.append(Parts("full", "initial", "", "lfirst"))
                elif len(f) >= 5:  # a short name at the end is often a coincidence
                    candidates.append(Parts("full", None, head, "xfirst"))
        elif f in core and len(f) >= 5:
            i = core.index(f)
            candidates.append(Parts("full", None, core[:i] + core[i + len(f) :], "xfirstx"))
    # the surname at the start or the end, with the first initial or first name
    for ln in lasts:
        if core.startswith(ln):
            rest = core[len(ln) :]
            if rest and hyp.first and rest == hyp.first[0]:
                candidates.append(Parts("initial", "full", "", "lastf"))
            elif rest:
                candidates.append(Parts(None, "full", rest, "lastx"))
            else:
                candidates.append(Parts(None, "full", "", "last"))
        if core.endswith(ln) and len(core) > len(ln):
            head = core[: -len(ln)]
            if hyp.first and head == hyp.first[0]:
                candidates.append(Parts("initial", "full", "", "flast"))
            else:
                k = _first_prefix(head, firsts)
                if k:
                    candidates.append(Parts(k, "full", head[k:], "frlast"))
                else:
                    candidates.append(Parts(None, "full", head, "xlast"))
        elif ln in core and len(ln) >= 4 and not core.startswith(ln):
            i = core.index(ln)
            head = core[:i]
            k = _first_prefix(head, firsts)
            left = head[k:] + core[i + len(ln) :] if k else head + core[i + len(ln) :]
            candidates.append(Parts(k or None, "full", left, "xlastx"))
    # a truncated first name (at least 3 letters), possibly with something after it
    if not candidates:
        k = _first_prefix(core, firsts)
        if k:
            rest = core[k:]
            if rest and lasts and any(rest == ln for ln in lasts):
                candidates.append(Parts(k, "full", "", "frlast"))
            elif rest and hyp.last and rest == hyp.last[0]:
                candidates.append(Parts(k, "initial", "", "frl"))
            else:
                candidates.append(Parts(k, None, rest, "truncated"))
    for cand in candidates:
        if cand.score() > best.score() or (
            cand.score() == best.score() and len(cand.leftover) < len(best.leftover)
        ):
            best = cand
    return best


def _rest_after_first(rest: str, lasts: list[str], hyp: Hypothesis) -> Parts:
    if not rest:
        return Parts("full", None, "", "first")
    for ln in lasts:
        if rest == ln:
            return Parts("full", "full", "", "firstlast")
    for ln in sorted(lasts, key=len, reverse=True):
        if rest.startswith(ln):
            return Parts("full", "full", rest[len(ln) :], "firstlastx")
    if hyp.last and rest == hyp.last[0]:
        return Parts("full", "initial", "", "firstl")
    for ln in lasts:  # a truncated surname ("federicopizza")
        if len(rest) >= 3 and ln.startswith(rest):
            return Parts("full", "initial", "", "firstlasttrunc")
    return Parts("full", None, rest, "firstx")


#: a truncated first name counts from four letters on ("nine" for Ninetta; "ben" is too common)
MIN_PREFIX = 4


def _first_prefix(text: str, firsts: list[str]) -> int:
    """Length (>= MIN_PREFIX) of the longest proper prefix of a first name that ``text`` starts with."""
    best = 0
    for f in firsts:
        k = 0
        limit = min(len(f), len(text))
        while k < limit and f[k] == text[k]:
            k += 1
        if k >= MIN_PREFIX and k > best:
            best = k
    return best


def part_bits(hyp: Hypothesis, first: str | int | None, last: str | None) -> float:
    """Bits of the name parts ``first`` and ``last`` of ``hyp`` that two accounts share,
    capped by the namesake floors."""
    fb = 0.0
    if first == "full":
        fb = min(first_bits(hyp.first), CAP_FIRST)
    elif isinstance(first, int):
        fb = min(prefix_bits(hyp.first[:first]), first_bits(hyp.first), CAP_FIRST)
    elif first == "initial" and hyp.first:
        fb = initial_bits(hyp.first[0])
    lb = 0.0
    if last == "full" and hyp.last:
        lb = min(last_bits(hyp.last), CAP_LAST)
    elif last == "initial" and hyp.last:
        lb = initial_bits(hyp.last[0])
    if first in (None, "initial") and last in (None, "initial"):
        return 0.0  # initials alone say nothing
    return min(fb + lb, CAP_FULL)


def weaker(a: str | int | None, b: str | int | None) -> str | int | None:
    """The weaker of two levels at which a name part is shown (what two accounts share)."""
    if a is None or b is None:
        return None
    if a == "full":
        return b
    if b == "full":
        return a
    if a == "initial" or b == "initial":
        return "initial"
    return min(a, b)  # two prefixes: the shorter one  # type: ignore[type-var]


def stronger(a: str | int | None, b: str | int | None) -> str | int | None:
    if a is None:
        return b
    if b is None:
        return a
    if a == "full" or b == "full":
        return "full"
    if isinstance(a, int) and isinstance(b, int):
        return max(a, b)
    return a if isinstance(a, int) else b
