"""Display-name evidence shared by the ``display_name`` and ``username`` signals.

``display_name`` reports how rare the shared first name and surname are
(:func:`compare_display`); ``username`` asks for the same result, to count only what the
handles add once the display names are known (the chain rule in
:mod:`linkage.signals.names_username`). :func:`separated` and :func:`nameless` tell accounts
kept apart on purpose.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from linkage.records import Profile
from linkage.signals import names_forms as name_forms
from linkage.signals import names_parts as name_parts
from linkage.signals.names_features import Features
from linkage.signals.names_scripts import CONSONANT_SCRIPTS, UNSPACED, same_across

# One person's deliberately separated accounts (filed under different personas: a personal
# account kept apart from a professional one) disagree by design: that is how the person
# keeps them apart. Between such accounts a disagreement weighs only as much as it does among
# them: their display names conflict about one time in seven (most such accounts show no name,
# a nickname or initials rather than another full name, which still counts against).
M_DISPLAY_CONFLICT_SEPARATED = 0.15
# Display names: how often one person's two display names agree on the name (first name at
# least), and how often they conflict (a different first name or surname): people use
# nicknames, pen names and initials, so a conflict is not proof.
M_DISPLAY_AGREE = 0.85
M_DISPLAY_CONFLICT_FIRST = 0.06
M_DISPLAY_CONFLICT_LAST = 0.08
U_DISPLAY_CONFLICT = 0.98
#: the same two names in the other order ("Wang Fang", "Fang Wang"; "Nagy Anna", "Anna
#: Nagy"): family name first is how much of the world writes a name, and a person may write it
#: both ways; counted as the same name less this many bits (an estimate: about half as often
#: as one order throughout)
ORDER_BITS = 1.0
#: a name beside its spelling in another script ("Дмитрий Соколов", "Dmitry Sokolov") is
#: compared on its Latin spelling loosely: a transliteration has several spellings (Dmitriy,
#: Dmitry, Dmitrii), so about eight times as many other people's names pass as an identical
#: name does: counted as the same name less this many bits, the allowance the similar
#: display names above are given
ACROSS_BITS = 3.0
#: from a script that leaves vowels unwritten (Arabic, Hebrew) or implied (Devanagari, Thai)
#: only the consonants can be compared (Salma, Salim and Selma alike): about four times as
#: many names again
ACROSS_CONSONANT_BITS = 5.0


@dataclass
class DisplayResult:
    weight: float
    name_bits: float  # the name evidence credited (what usernames must not count again)
    first: str | int | None
    last: str | None
    detail: str
    hyp: name_parts.Hypothesis | None = None
    #: the m of the conflict counted against the pair (a different first name or surname)
    conflict_m: float | None = None


def display_levels(
    name: name_parts.PersonName, hyp: name_parts.Hypothesis
) -> tuple[str | None, str | None]:
    """At which level a display name shows the first name and surname of ``hyp`` (a
    hypothesis from "T. Miller" knows the first name by its initial only)."""
    first = "full" if name.first_variants & hyp.first_variants else None
    one_initial = len(hyp.first) == 1 or not name.first
    if first is None and one_initial and hyp.first and name.first_initial == hyp.first[0]:
        first = "initial"
    last = None
    if hyp.last and name.last_variants & hyp.last_variants:
        last = "full"
    elif (
        hyp.last and not name.last and name.last_initial and name.last_initial == hyp.last[0]
    ) or (hyp.last and name.last and len(hyp.last) == 1 and hyp.last == name.last[0]):
        last = "initial"
    return first, last


_LAST_DISPLAY: list = [None, None, None]


def compare_display(a: Features, b: Features) -> DisplayResult | None:
    """Display-name evidence (the last pair's result is kept: both name signals ask for it)."""
    last = _LAST_DISPLAY
    if last[0] is a and last[1] is b:
        return last[2]
    result = _compare_display(a, b)
    last[0], last[1], last[2] = a, b, result
    return result


def _compare_display(a: Features, b: Features) -> DisplayResult | None:
    na, nb = a.name, b.name
    if na is None or nb is None:
        return None
    hyp = name_parts.hypothesis_from_name(na) if len(na.tokens) >= len(nb.tokens) else None
    hyp = hyp or name_parts.hypothesis_from_name(nb)
    if hyp is None:
        return None
    if na.script != nb.script:
        return _compare_across(a, b)
    if na.script in UNSPACED and na.tokens != nb.tokens:
        # where a Chinese or Korean name's family name ends is a guess (王小明 or 小明 alone):
        # only the same name counts
        return None
    if len(na.tokens) == len(nb.tokens) == 2 and na.tokens == nb.tokens[::-1] and na.first:
        readings = [h for h in map(name_parts.hypothesis_from_name, (na, nb)) if h is not None]
        bits = min(name_parts.part_bits(h, "full", "full") for h in readings) - ORDER_BITS
        return DisplayResult(
            math.log2(M_DISPLAY_AGREE) + bits, bits, "full", "full",
            f"the same name in the other order ('{a.display}', '{b.display}')", readings[0],
        )  # fmt: skip
    other = nb if hyp.first == na.first and hyp.last == na.last else na
    this = na if other is nb else nb
    f_this, l_this = display_levels(this, hyp)
    f_other, l_other = display_levels(other, hyp)
    first, last = name_forms.weaker(f_this, f_other), name_forms.weaker(l_this, l_other)
    first_conflict = (
        first is None
        and na.is_name
        and nb.is_name
        and (
            na.first_initial != nb.first_initial
            if not (na.first and nb.first)  # one shows only an initial
            else not _similar(na.first, nb.first)
        )
    )
    last_conflict = (  # a phrase ("Sea glass & knots") shows no surname to differ
        last is None
        and na.is_name
        and nb.is_name
        and len(na.last) >= 2
        and len(nb.last) >= 2
        and not (na.last_variants & nb.last_variants)
        and not _similar(na.last, nb.last)
    )
    if first is None and last is None:
        if first_conflict or last_conflict:
            m = M_DISPLAY_CONFLICT_FIRST if first_conflict else M_DISPLAY_CONFLICT_LAST
            weight = math.log2(m / U_DISPLAY_CONFLICT)
            return DisplayResult(
                weight, 0.0, None, None,
                f"different names shown ('{a.display}', '{b.display}')", conflict_m=m,
            )  # fmt: skip
        if _similar(na.text, nb.text):
            bits = min(name_parts.first_bits(na.first), name_parts.CAP_FIRST)
            weight = math.log2(M_DISPLAY_AGREE) + bits - 3.0
            return DisplayResult(
                weight, bits - 3.0, None, None,
                f"similar display names ('{a.display}', '{b.display}')",
            )  # fmt: skip
        return None  # nothing comparable (e.g. a nickname against a name)
    bits = name_parts.part_bits(hyp, first, last)
    weight = math.log2(M_DISPLAY_AGREE) + bits
    conflict_m = None
    if last_conflict and first is not None:
        conflict_m = M_DISPLAY_CONFLICT_LAST
        weight += math.log2(M_DISPLAY_CONFLICT_LAST / U_DISPLAY_CONFLICT)
        shared = "first initial" if first == "initial" else "first name"
        detail = f"the same {shared} but different surnames ('{a.display}', '{b.display}')"
    elif first_conflict and last is not None:
        conflict_m = M_DISPLAY_CONFLICT_FIRST
        weight += math.log2(M_DISPLAY_CONFLICT_FIRST / U_DISPLAY_CONFLICT)
        shared = "surname initial" if last == "initial" else "surname"
        detail = f"the same {shared} but different first names ('{a.display}', '{b.display}')"
    elif first == "full" and last == "full":
        detail = (
            f"the same name '{a.display}' on both accounts"
            if a.display == b.display
            else (f"the same name ('{a.display}', '{b.display}')")
        )
    elif first == "full" and last == "initial":
        detail = f"the same first name and surname initial ('{a.display}', '{b.display}')"
    elif first == "initial" and last == "full":
        detail = f"the same surname and first initial ('{a.display}', '{b.display}')"
    elif first == "full":
        detail = f"the same first name ('{a.display}', '{b.display}')"
    else:
        detail = f"display names share part of a name ('{a.display}', '{b.display}')"
    return DisplayResult(weight, bits, first, last, detail, hyp, conflict_m)


def _compare_across(a: Features, b: Features) -> DisplayResult | None:
    """Two display names in different scripts, compared on their Latin spellings. A part
    that agrees counts less an allowance for the looser match; when no part agrees the names
    may still be one (a Japanese name is spelt by its Chinese reading, a name may be
    translated), so nothing is counted; a part that differs beside one that agrees counts
    against as it does in one script."""
    na, nb = a.name, b.name
    assert na is not None and nb is not None
    consonants = na.script in CONSONANT_SCRIPTS or nb.script in CONSONANT_SCRIPTS
    latin = nb if nb.script == "latin" else na  # the dictionaries know the Latin spelling
    hyp = name_parts.hypothesis_from_name(latin) or name_parts.hypothesis_from_name(na)
    first, last = _across(na.first, nb.first, consonants), _across(na.last, nb.last, consonants)
    order_bits = 0.0
    if (first, last) != ("full", "full") and (
        _across(na.first, nb.last, consonants) == _across(na.last, nb.first, consonants) == "full"
    ):  # the two names in the other order ("Xiaoming Wang" and 王小明, read as 王 小明)
        first, last, order_bits = "full", "full", ORDER_BITS
    if hyp is None or (first != "full" and last != "full"):
        return None
    shared = [x for x in (first, last) if x == "full"]
    name_bits = (
        name_parts.part_bits(
            hyp, "full" if first == "full" else None, "full" if last == "full" else None
        )
        - order_bits
    )
    allowance = ACROSS_CONSONANT_BITS if consonants else ACROSS_BITS
    weight = math.log2(M_DISPLAY_AGREE) + name_bits - allowance
    conflict_m = None
    what = "name" if len(shared) == 2 else "first name" if first == "full" else "surname"
    detail = f"the same {what} written in two scripts ('{a.display}', '{b.display}')"
    if "different" in (first, last):
        conflict_m = M_DISPLAY_CONFLICT_LAST if last == "different" else M_DISPLAY_CONFLICT_FIRST
        weight += math.log2(conflict_m / U_DISPLAY_CONFLICT)
        detail += " but different surnames" if last == "different" else " but different first names"
    detail += (
        ", compared by their spelling in Latin letters (counted for less than an identical"
        " name: such spellings vary)"
    )
    return DisplayResult(
        weight, name_bits, first if first == "full" else None,
        last if last == "full" else None, detail, hyp, conflict_m,
    )  # fmt: skip


def _across(x: str, y: str, consonants: bool) -> str | None:
    """How two name parts, one spelt from another script, compare: "full" when they may be one
    name, "different", or None when either is missing or cannot be told apart."""
    if not x or not y:
        return None
    if same_across(x, y, consonants):
        return "full"
    # spelt from consonants alone, a short name may not be recognised (نوال, "nwl", Nawal)
    return None if consonants else "different"


def separated(a: Profile, b: Profile) -> bool:
    """Whether the two accounts are filed under different personas (kept apart on purpose)."""
    pa, pb = (a.persona or "").strip().lower(), (b.persona or "").strip().lower()
    return bool(pa and pb and pa != pb)


def nameless(profile: Profile) -> bool:
    """Whether the account shows no name at all (no display name): kept apart on purpose."""
    return not (profile.display_name or "").strip()


def separated_display_weight(result: DisplayResult) -> float:
    """The display-name weight between deliberately separated accounts: a conflict counts
    with M_DISPLAY_CONFLICT_SEPARATED instead of its usual m."""
    if result.conflict_m is None:
        return result.weight
    return result.weight + math.log2(M_DISPLAY_CONFLICT_SEPARATED / result.conflict_m)


def _similar(x: str, y: str) -> bool:
    """Whether two names may be one person's: a typo apart, or one the start of the other (a
    short form: "Alex", "Alexander"). Two first names that both exist and are one letter apart
    are two names, not a typo: Gabriel and Gabriela, Sara and Sarah, Daniel and Daniela."""
    if not x or not y:
        return False
    one_apart = Levenshtein.distance(x, y, score_cutoff=1) <= 1
    if one_apart and x != y and _known_first(x) and _known_first(y):
        return False
    if min(len(x), len(y)) >= 5 and one_apart:
        return True
    return len(x) >= 3 and len(y) >= 3 and (x.startswith(y) or y.startswith(x))


def _known_first(token: str) -> bool:
    return name_parts.first_name_bits(token) is not None
