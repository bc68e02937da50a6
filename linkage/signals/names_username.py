"""Username evidence for the ``username`` signal, given the display names.

The ``display_name`` and ``username`` signals split one likelihood ratio by the chain rule, so
that a name is never counted twice::

    P(display names, usernames | same) / P(... | different)
        = LR(display names)  x  LR(usernames | display names)

``display_name`` reports the first factor: how rare the shared first name and surname are.
``username`` reports the second: what the handles add once the display names are known. When
both handles are built from a name the display names already share (``angelogauthier`` and
``agauthier`` for two "Angelo Gauthier" accounts), they add almost nothing, because a namesake
would build their handles from the same name; when a display name is missing, the name parts
the handles show (``fpez`` made from "Florinda Páez") carry the name evidence themselves; an
invented handle shared by both accounts counts by its own rarity.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from linkage.signals import names_forms as name_forms
from linkage.signals import names_model as nm
from linkage.signals import names_parts as name_parts
from linkage.signals.names_display import (
    ACROSS_BITS,
    ACROSS_CONSONANT_BITS,
    compare_display,
    display_levels,
)
from linkage.signals.names_features import Features
from linkage.signals.names_parts import FORM_BITS
from linkage.signals.names_scripts import CONSONANT_SCRIPTS, same_across, script_of

# --- Fellegi–Sunter probabilities ---------------------------------------------------------
# m: how often one person's two accounts show each username level. Username-reuse studies
# find that about half of people reuse a handle exactly or nearly across sites (Perito et al.,
# "How unique and traceable are usernames?", PETS 2011; Goga et al., "On the reliability of
# profile matching across large online social networks", KDD 2015); the rest mostly build
# handles from their name in other forms or pick unrelated ones.
M_EXACT = 0.35  # the same handle (case and separators aside)
M_CORE = 0.15  # the same apart from digits, affixes, separators, leetspeak
M_NEAR = 0.05  # one edit apart
M_PARTS = 0.25  # sharing parts of a name or a distinctive piece
M_DIFF = 0.20  # nothing in common
# u for "nothing in common": nearly all pairs of different people (the rest share something);
# among namesakes, whose handles are built from the same name, about 40 % share nothing.
U_DIFF = 0.97
U_DIFF_NAMESAKE = 0.40
# u for "sharing name parts already shown by both display names": most namesakes' handles are
# built from the name too (estimated 60 %).
U_PARTS_NAMESAKE = 0.60
# Between deliberately separated accounts (filed under different personas: see
# :func:`linkage.signals.names_display.separated`) a disagreement weighs only as much as it
# does among them: their handles share nothing four times in five (the rest keep a name or a
# habit).
M_DIFF_SEPARATED = 0.80
# An account that hides the name another shows (no display name beside one) is kept apart
# on purpose too, but less surely than one filed under another persona: their handles share
# nothing about half the time (an estimate; the rest reuse a handle or a piece of one).
M_DIFF_NAMELESS = 0.50
#: a shared piece is part of two different handles, not the handle itself: two strangers'
#: handles can share a made-up fragment far more often than a character model predicts
#: (common syllables, shared fandoms), so its rarity counts up to this many bits.
PIECE_CAP_BITS = 12.0
#: the most a letter left over beside a name costs: one of 26 (the character model prices a
#: stray "o" in ``hendo`` as a whole word, 15 bits, as if no nickname ended in a letter)
LETTER_BITS = math.log2(26)


@dataclass
class UsernameResult:
    weight: float
    level: str
    detail: str


def compare_usernames(a: Features, b: Features) -> UsernameResult | None:
    if not a.flat or not b.flat:
        return None
    display = compare_display(a, b)
    credit = display.name_bits if display is not None and display.name_bits > 0 else 0.0
    names_agree = credit > 0
    ha, hb = a.handle, b.handle

    cheap_filter = not a.grams.isdisjoint(b.grams)
    # a handle beside its spelling in another script may share no three letters with it
    # (محمد read as "mhmd" beside "mohamed")
    across = _across_scripts(a, b)
    if across is None and _untellable(a, b):
        return None
    if not cheap_filter and a.flat != b.flat and across is None:
        # nothing of three letters in common: no shared name part, piece or near match
        u = U_DIFF_NAMESAKE if names_agree else U_DIFF
        return UsernameResult(
            math.log2(M_DIFF / u), "different", f"different usernames ('{ha}', '{hb}')"
        )
    # Name parts the two accounts share, over every name either account suggests.
    best_bits, best_hyp, best_parts = 0.0, None, (None, None)
    if cheap_filter or a.flat == b.flat:
        for hyp in _hypotheses(a, b):
            fa, la = _levels(a, hyp)
            fb, lb = _levels(b, hyp)
            first, last = name_forms.weaker(fa, fb), name_forms.weaker(la, lb)
            if first is None and last is None:
                continue
            bits = name_parts.part_bits(hyp, first, last)
            if bits > best_bits:
                best_bits, best_hyp, best_parts = bits, hyp, (first, last)
    new_bits = max(0.0, best_bits - credit)

    if across is not None:
        # one handle in the other's script: compared by its Latin spelling, counted for less
        # than the same handle (as a name in two scripts is), since such spellings vary
        rarity = min(_rarity_given_names(f, best_hyp, best_bits, credit) for f in (a, b))
        if a.flat != b.flat:  # spelt alike, not the same: at most what a name's spelling tells
            rarity = min(rarity, name_parts.CAP_FULL)
        return UsernameResult(
            math.log2(M_EXACT) + rarity - across, "core",
            f"usernames '{ha}' and '{hb}' are one username written in two scripts, compared by "
            "its spelling in Latin letters (counted for less than the same username: such "
            "spellings vary)",
        )  # fmt: skip
    if a.flat == b.flat:
        weight = math.log2(M_EXACT) + _rarity_given_names(a, best_hyp, best_bits, credit)
        same = (
            f"the same username '{ha}' on both accounts"
            if ha == hb
            else f"the same username written two ways ('{ha}', '{hb}')"
        )
        return UsernameResult(weight, "exact", same + _how_rare(a, best_hyp))
    shared_cores = set(a.cores) & set(b.cores)
    if shared_cores and len(a.core) >= 3:
        weight = math.log2(M_CORE) + _rarity_given_names(a, best_hyp, best_bits, credit, True)
        return UsernameResult(
            weight, "core",
            f"usernames '{ha}' and '{hb}' are the same apart from digits, separators or "
            f"affixes (core '{a.core}')",
        )  # fmt: skip
    near = _near(a, b)
    if near is not None:
        rarity = min(near, name_parts.CAP_FULL) if best_hyp is not None else near
        weight = math.log2(M_NEAR) + max(0.0, rarity - credit)
        if weight > 0:
            return UsernameResult(
                weight, "near", f"usernames '{ha}' and '{hb}' differ by one letter"
            )
    shared_piece = _shared_piece(a, b, best_hyp) if cheap_filter else None
    if new_bits > 0 or shared_piece:
        piece_bits = shared_piece[1] if shared_piece else 0.0
        if new_bits >= piece_bits and best_hyp is not None:
            weight = math.log2(M_PARTS) + new_bits
            shown = _describe(best_hyp, best_parts)
            detail = f"usernames '{ha}' and '{hb}' are both made from {shown}"
        else:
            assert shared_piece is not None
            weight = math.log2(M_PARTS) + piece_bits
            detail = f"usernames '{ha}' and '{hb}' share the distinctive part '{shared_piece[0]}'"
        return UsernameResult(weight, "parts", detail)
    # the name the display names show, or their spelling in Latin letters read from a handle
    spelt = [h for h in _hypotheses(a, b) if h.key[:1] == ("s",)]
    made = [h for h in (best_hyp, *spelt) if h is not None]
    if names_agree and any(_made_from(a, h) and _made_from(b, h) for h in made):
        weight = math.log2(M_PARTS / U_PARTS_NAMESAKE)
        return UsernameResult(
            weight, "name",
            f"usernames '{ha}' and '{hb}' are different forms of the same name",
        )  # fmt: skip
    u = U_DIFF_NAMESAKE if names_agree else U_DIFF
    return UsernameResult(
        math.log2(M_DIFF / u), "different", f"different usernames ('{ha}', '{hb}')"
    )


def _across_scripts(a: Features, b: Features) -> float | None:
    """The bits a handle beside the same handle in another script counts for less than the
    same handle (:data:`~linkage.signals.names_display.ACROSS_BITS`, more from a script that
    leaves vowels out), or None when the handles are in one script or are not alike."""
    scripts = {a.handle_script, b.handle_script}
    if len(scripts) < 2 or "" in scripts:
        return None
    consonants = not scripts.isdisjoint(CONSONANT_SCRIPTS)
    if a.flat != b.flat and not same_across(a.flat, b.flat, consonants):
        return None
    return ACROSS_CONSONANT_BITS if consonants else ACROSS_BITS


def _untellable(a: Features, b: Features) -> bool:
    """Whether a handle written without vowels beside a handle in another script cannot be
    told apart from it: spelt from its consonants alone, a short name may not be recognised
    (محمد, "mhmd", beside ``mohamed``), so, as with display names, they say nothing."""
    scripts = {a.handle_script, b.handle_script}
    return len(scripts) == 2 and "" not in scripts and not scripts.isdisjoint(CONSONANT_SCRIPTS)


def _hypotheses(a: Features, b: Features) -> list[name_parts.Hypothesis]:
    """Every name either account suggests, those its display names show first: on a tie the
    name a person wrote out is the one the explanation gives, not a guess from a handle
    ("the start of the surname 'Pemberton'", not "the surname 'Pem'" from ``rosalindpem``)."""
    seen: set[tuple] = set()
    out = []
    hyps = (*a.hyps, *b.hyps)
    for hyp in sorted(hyps, key=lambda h: h.source != "display"):
        if hyp.key not in seen:
            seen.add(hyp.key)
            out.append(hyp)
    return out


def _levels(f: Features, hyp: name_parts.Hypothesis) -> tuple[str | int | None, str | int | None]:
    first: str | int | None = None
    last: str | int | None = None
    if f.name is not None:
        first, last = display_levels(f.name, hyp)
    for core in f.cores:
        parts = name_forms.explain(core, hyp)
        first = name_forms.stronger(first, parts.first)
        last = name_forms.stronger(last, parts.last)
    return first, last


def _made_from(f: Features, hyp: name_parts.Hypothesis) -> bool:
    """Whether the handle is built from the name in a way a namesake would repeat. An
    abbreviation (``rdpem`` for Rosalind Pemberton) is not: which letters it keeps is the
    person's own choice, so a reused one counts by its own rarity."""
    parts = name_forms.explain(f.core, hyp)
    if parts.form == name_forms.ABBREVIATION:
        return False
    return parts.first is not None or parts.last is not None


def _rarity_given_names(
    f: Features,
    hyp: name_parts.Hypothesis | None,
    name_bits: float,
    credit: float,
    core_only: bool = False,
) -> float:
    """Bits a shared handle (or core) adds once the display names are known: for a handle made
    from the shared name, what a namesake would not repeat (form, digits, affixes, leftover
    letters) plus any name evidence the display names did not already give; for a handle not
    made from the name, its own rarity."""
    own = f.core_bits if core_only else f.bits
    if hyp is None or not _made_from(f, hyp):
        return own
    total = min(own, _residual_bits(f, hyp, core_only) + name_bits)
    return max(0.0, total - credit)


def _how_rare(f: Features, hyp: name_parts.Hypothesis | None) -> str:
    if hyp is not None and _made_from(f, hyp):
        # a name read from the handle itself is no name the accounts show
        return ", made from the name" if hyp.source == "display" else ", which reads as a name"
    if f.bits < 20:
        return ", a common kind of username"
    return ", a rare username"


def _residual_bits(
    f: Features, hyp: name_parts.Hypothesis | None, core_only: bool = False
) -> float:
    """Bits of the handle once the name it is made from is known: the form chosen, digits,
    affixes, leetspeak and any unexplained letters."""
    bits = FORM_BITS
    if not core_only:
        bits += _name_digits_bits(f.digits) + nm.AFFIX_BITS * len(f.affixes)
        bits += nm.LEET_BITS * f.leet
    if hyp is None:
        return f.core_bits if core_only else f.bits
    parts = name_forms.explain(f.core, hyp)
    if parts.first is None and parts.last is None:
        return f.core_bits if core_only else f.bits
    if parts.leftover:
        bits += min(nm.charlm_bits(parts.leftover), LETTER_BITS * len(parts.leftover))
    return bits


def _name_digits_bits(digits: str) -> float:
    """Digits after a name: the form already says that digits follow; a birth year or age is
    one of about 35 common values (most account holders were born 1965-2000)."""
    if not digits:
        return 0.0
    value = nm.digits_bits(digits) - 1.7
    return math.log2(35) if value <= math.log2(100) + 0.01 else value


def _near(a: Features, b: Features) -> float | None:
    """Rarity of the core when the two cores are one edit apart (a typo or a changed letter)."""
    ca, cb = a.core, b.core
    if min(len(ca), len(cb)) < 6 or abs(len(ca) - len(cb)) > 1:
        return None
    if Levenshtein.distance(ca, cb, score_cutoff=1) > 1:
        return None
    # about 25 x length strings lie one edit away from any core
    return max(0.0, min(a.core_bits, b.core_bits) - math.log2(25 * len(ca)))


def _shared_piece(
    a: Features, b: Features, hyp: name_parts.Hypothesis | None
) -> tuple[str, float] | None:
    """A distinctive word or invented piece (4+ letters) that both handles are built from and
    that no shared name explains (``knitter`` in ``quietknitter`` and ``knitter_ed``)."""
    if min(len(a.core), len(b.core)) < 4:
        return None
    pieces_a = {p for kind, p in nm.segment(a.core)[1] if len(p) >= 4 and kind != "affix"}
    pieces_b = {p for kind, p in nm.segment(b.core)[1] if len(p) >= 4 and kind != "affix"}
    shared = pieces_a & pieces_b
    if hyp is not None:
        names = {*hyp.first_variants, *hyp.last_variants}
        shared = {p for p in shared if not any(p in v or v in p for v in names if v)}
    if not shared:
        return None
    firsts = nm.reference().first
    shared = {p for p in shared if p not in firsts}  # a shared first name is a name match
    if not shared:
        return None
    piece = max(shared, key=len)
    # P(another handle contains the piece) ~ (number of segments) x P(piece)
    bits = min(nm.segment(piece)[0] - 2.0, PIECE_CAP_BITS)
    return (piece, bits) if bits > 6 else None


def _describe(hyp: name_parts.Hypothesis, parts: tuple) -> str:
    first, last = parts
    bits = []
    first_name = _shown(hyp.first_shown, hyp.first)
    surname = _shown(hyp.last_shown, hyp.last)
    if first == "full":
        bits.append(f"the first name {first_name}")
    elif isinstance(first, int):
        bits.append(f"the start of the first name {first_name}")
    elif first == "initial":
        bits.append(f"the initial '{hyp.first[:1].upper()}'")
    if last == "full":
        bits.append(f"the surname {surname}")
    elif isinstance(last, int):
        bits.append(f"the start of the surname {surname}")
    elif last == "initial":
        bits.append(f"the surname initial '{hyp.last[:1].upper()}'")
    return " and ".join(bits) if bits else "the same name"


def _shown(shown: str, folded: str) -> str:
    """A name part quoted as the display name writes it ("van der Berg", not "Vanderberg"),
    with its spelling in Latin letters when it is written in another script."""
    if not shown:
        return f"'{folded.capitalize()}'"
    if script_of(shown) in (None, "latin"):
        return f"'{shown}'"
    return f"'{shown}' ('{folded}' in Latin letters)"
