"""Display names and the name parts of usernames, for the ``username`` and ``display_name``
signals.

:func:`parse_name` reads a display name into first name and surname; the rarity of name parts
in bits is capped by namesake floors (a first name is shared by at least 1 person in 100, a
surname by 1 in 400, a full name by 1 in 2,000). Which parts of a name a username is built
from (``first.last``, ``flast``, ``lastfirst``, truncations, abbreviations...) is
:mod:`linkage.signals.names_forms`. The rarity of words, first names and letters comes from
:mod:`linkage.signals.names_model`.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from linkage.signals.names_model import (
    charlm_bits,
    first_name_bits,
    fold_drop,
    reference,
    word_zipf,
)
from linkage.signals.names_scripts import (
    find_words,
    fold_any,
    fold_umlauts,
    script_of,
    split_cjk_name,
)

# --- display names ------------------------------------------------------------------------

_TITLES = {"dr", "mr", "mrs", "ms", "miss", "prof", "sir", "dame", "mx", "phd", "md", "jr",
           "sr", "ii", "iii", "he", "him", "she", "her", "they", "them"}  # fmt: skip
PARTICLES = {"van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "la", "le",
             "dos", "das", "do", "ten", "ter", "te", "zu", "af", "al", "el", "bin", "ibn", "y",
             "st", "mc", "mac", "o"}  # fmt: skip
_NAME_TOKEN = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*", re.UNICODE)


@dataclass(frozen=True)
class PersonName:
    """A display name read as a person's name (folded to ASCII; the letters of other scripts
    spelt in Latin letters first: :mod:`linkage.signals.names_scripts`)."""

    text: str  # the folded full text, tokens joined by spaces
    tokens: tuple[str, ...]  # folded content tokens, initials and titles removed
    first: str  # first name ("" if none)
    last: str  # surname, particles included, joined ("" if none)
    last_initial: str  # "b" for "Mila B."
    first_variants: frozenset[str]
    last_variants: frozenset[str]
    is_name: bool  # the first token is a known first name
    #: the first name's initial: "t" for "T. Miller" (whose ``first`` is then ""), else the
    #: first letter of ``first``
    first_initial: str = ""
    #: the script most of the name's letters are written in ("latin", "cyrillic", "cjk"...)
    script: str = "latin"
    #: the first name and the surname as written (particles apart: "van der Berg")
    first_shown: str = ""
    last_shown: str = ""


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
    script = script_of(raw) or "latin"
    words = find_words(_NAME_TOKEN, split_cjk_name(raw))
    if not words:
        return None
    tokens: list[str] = []
    drop_tokens: list[str] = []
    umlaut_tokens: list[str] = []  # the German or Scandinavian spelling: "mueller", "soeren"
    shown: list[str] = []
    last_initial = first_initial = ""
    for i, word in enumerate(words):
        t = fold_any(word).replace("'", "").replace("’", "")
        d = fold_drop(word).replace("'", "").replace("’", "")
        if not t:
            continue
        if t.replace("-", "") in _TITLES and len(words) > 1:
            continue
        if len(t) == 1:  # an initial: "Mila B.", "Severiano T. Galan" or "T. Miller"
            if i == len(words) - 1 and i > 0:
                last_initial = t
            elif not tokens and not first_initial and i < len(words) - 1:
                first_initial = t
            continue
        tokens.append(t)
        drop_tokens.append(d or t)
        umlaut_tokens.append(fold_umlauts(word).replace("'", "").replace("’", "") or t)
        shown.append(word)
    if not tokens:
        return None
    firsts = reference().first
    if first_initial:  # "T. Miller": the first name shown by its initial, the rest the surname
        return _initial_and_surname(
            first_initial, tokens, (drop_tokens, umlaut_tokens), script, shown
        )
    # "Dussen van Trudel"-style order: the first token is no first name but the last one is.
    if (
        len(tokens) >= 2
        and tokens[0].replace("-", "") not in firsts
        and tokens[-1].replace("-", "") in firsts
        and tokens[0] not in PARTICLES
    ):
        tokens = [tokens[-1], *tokens[:-1]]
        drop_tokens = [drop_tokens[-1], *drop_tokens[:-1]]
        umlaut_tokens = [umlaut_tokens[-1], *umlaut_tokens[:-1]]
        shown = [shown[-1], *shown[:-1]]
    first = tokens[0].replace("-", "")
    first_variants = {first, drop_tokens[0].replace("-", ""), umlaut_tokens[0].replace("-", "")}
    for part in tokens[0].split("-"):
        if len(part) >= 2:
            first_variants.add(part)
    last, last_variants = _surname(tokens[1:], (drop_tokens[1:], umlaut_tokens[1:]))
    return PersonName(
        text=" ".join(tokens),
        tokens=tuple(tokens),
        first=first,
        last=last,
        last_initial=last_initial or (last[:1] if last else ""),
        first_variants=frozenset(v for v in first_variants if v),
        last_variants=last_variants,
        is_name=any(v in firsts for v in first_variants)
        or (len(tokens) >= 2 and word_zipf(first) < 4.0),
        first_initial=first[:1],
        script=script,
        first_shown=shown[0],
        last_shown=" ".join(shown[1:]),
    )


def _surname(rest: list[str], others: tuple[list[str], ...] = ()) -> tuple[str, frozenset[str]]:
    """The surname of a name's tokens after the first name, and the forms it may take
    (``others``: the same tokens in other spellings, accented letters dropped or spelt out)."""
    last = "".join(t.replace("-", "") for t in rest)
    variants: set[str] = set()
    if last:
        variants.add(last)
        for other in others:
            variants.add("".join(t.replace("-", "") for t in other))
        main = [t for t in rest if t not in PARTICLES]
        if main:
            variants.add("".join(main).replace("-", ""))
            for other in others:
                main_other = [t for t in other if t not in PARTICLES]
                variants.add("".join(main_other).replace("-", ""))
                for t, dt in zip(main, main_other, strict=False):
                    for piece in (t, dt, *t.split("-")):
                        if len(piece) >= 3:
                            variants.add(piece.replace("-", ""))
    return last, frozenset(v for v in variants if v)


def _initial_and_surname(
    initial: str,
    tokens: list[str],
    others: tuple[list[str], ...],
    script: str,
    shown: list[str],
) -> PersonName:
    """A name shown as a first initial and a surname ("T. Miller", "J. van Dijk")."""
    last, last_variants = _surname(tokens, others)
    return PersonName(
        text=" ".join([initial, *tokens]),
        tokens=tuple(tokens),
        first="",
        last=last,
        last_initial=last[:1],
        first_variants=frozenset(),
        last_variants=last_variants,
        is_name=True,
        first_initial=initial,
        script=script,
        last_shown=" ".join(shown),
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
#: cost of choosing a particular handle form (firstlast, flast, first.last, ...) in bits:
#: about eight common forms, and a namesake picks the same one about one time in four to six.
FORM_BITS = 2.5


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
    return max(SURNAME_FLOOR_BITS, min(17.0, bits))


#: the least any surname counts: as if one person in 32 shared it, more than share even the
#: commonest surnames (Smith, about one in a hundred in English-speaking countries)
SURNAME_FLOOR_BITS = 5.0


def prefix_bits(prefix: str) -> float:
    """Rarity of the first letters (3 to 5) of a first name."""
    value = reference().prefix_bits(prefix[:5])
    if value is None:
        return min(12.0, 2.0 + 0.6 * charlm_bits(prefix))
    return value


def initial_bits(letter: str) -> float:
    return reference().initial_bits(letter)


@dataclass
class Hypothesis:
    """A candidate name for the person behind a pair of accounts."""

    first: str
    last: str
    first_variants: frozenset[str]
    last_variants: frozenset[str]
    source: str  # 'display' or 'handle'
    key: tuple = field(default=())
    #: the first name and surname as the display name writes them ("van der Berg"), if known
    first_shown: str = ""
    last_shown: str = ""


def hypothesis_from_name(name: PersonName) -> Hypothesis | None:
    if not name.first and name.first_initial and name.last:  # "T. Miller"
        return Hypothesis(
            name.first_initial,
            name.last,
            frozenset(),
            name.last_variants,
            "display",
            ("d", name.first_initial, name.last, "|", *sorted(name.last_variants)),
            last_shown=name.last_shown,
        )
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
        first_shown=name.first_shown,
        last_shown=name.last_shown,
    )


#: a surname counts by its first letters from three on ("pem" or "pemb" for Pemberton)
MIN_SURNAME_PREFIX = 3


def surname_prefix_bits(last: str, k: int) -> float:
    """Rarity of a surname shown by its first ``k`` letters (3 or more): at most what the
    commonest surnames are worth (the floor of :func:`last_bits`) for three letters, a bit
    more for each further letter, never more than the whole surname."""
    return min(last_bits(last), SURNAME_FLOOR_BITS + (k - MIN_SURNAME_PREFIX))


def part_bits(hyp: Hypothesis, first: str | int | None, last: str | int | None) -> float:
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
    elif isinstance(last, int) and hyp.last:
        lb = min(surname_prefix_bits(hyp.last, last), CAP_LAST)
    elif last == "initial" and hyp.last:
        lb = initial_bits(hyp.last[0])
    if first in (None, "initial") and last in (None, "initial"):
        return 0.0  # initials alone say nothing
    return min(fb + lb, CAP_FULL)
