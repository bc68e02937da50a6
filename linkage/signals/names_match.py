"""Pairwise name evidence shared by the ``username`` and ``display_name`` signals.

The two signals split one likelihood ratio by the chain rule, so that a name is never counted
twice::

    P(display names, usernames | same) / P(... | different)
        = LR(display names)  x  LR(usernames | display names)

``display_name`` reports the first factor: how rare the shared first name and surname are.
``username`` reports the second: what the handles add once the display names are known. When
both handles are built from a name the display names already share (``angelogauthier`` and
``agauthier`` for two "Angelo Gauthier" accounts), they add almost nothing, because a namesake
would build their handles from the same name; when a display name is missing, the name parts
the handles show (``fpez`` made from "Florinda Páez") carry the name evidence themselves; an
invented handle shared by both accounts counts by its own rarity.

Per-profile features are computed once (:func:`features`, cached by profile id and content).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from rapidfuzz.distance import Levenshtein

from linkage.records import Profile
from linkage.signals import names_model as nm
from linkage.signals import names_parts as name_parts

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
# One person's deliberately separated accounts (filed under different personas: a personal
# account kept apart from a professional one) disagree by design: that is how the person
# keeps them apart. Between such accounts a disagreement weighs only as much as it does among
# them: their handles share nothing four times in five (the rest keep a name or a habit);
# their display names conflict about one time in seven (most such accounts show no name, a
# nickname or initials rather than another full name, which still counts against).
M_DIFF_SEPARATED = 0.80
# An account that hides the name another shows (no display name beside one) is kept apart
# on purpose too, but less surely than one filed under another persona: their handles share
# nothing about half the time (an estimate; the rest reuse a handle or a piece of one).
M_DIFF_NAMELESS = 0.50
M_DISPLAY_CONFLICT_SEPARATED = 0.15
# Display names: how often one person's two display names agree on the name (first name at
# least), and how often they conflict (a different first name or surname): people use
# nicknames, pen names and initials, so a conflict is not proof.
M_DISPLAY_AGREE = 0.85
M_DISPLAY_CONFLICT_FIRST = 0.06
M_DISPLAY_CONFLICT_LAST = 0.08
U_DISPLAY_CONFLICT = 0.98
#: cost of choosing a particular handle form (firstlast, flast, first.last, ...) in bits:
#: about eight common forms, and a namesake picks the same one about one time in four to six.
FORM_BITS = 2.5
#: a shared piece is part of two different handles, not the handle itself: two strangers'
#: handles can share a made-up fragment far more often than a character model predicts
#: (common syllables, shared fandoms), so its rarity counts up to this many bits.
PIECE_CAP_BITS = 12.0

_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b",
                       "@": "a", "$": "s"})  # fmt: skip
_LEET_INSIDE = re.compile(r"(?<=[a-z])[013457@$8]+(?=[a-z])")


@dataclass
class Features:
    """What the name signals need from one profile, computed once."""

    handle: str = ""  # the user-chosen part of the handle, as shown
    flat: str = ""  # folded, separators removed
    core: str = ""  # letters only: leetspeak undone, digits and affixes removed
    cores: tuple[str, ...] = ()  # the core, plus the variant with accented letters dropped
    digits: str = ""
    bits: float = 0.0  # rarity of the handle
    core_bits: float = 0.0
    affixes: tuple[str, ...] = ()
    leet: int = 0  # leetspeak substitutions
    name: name_parts.PersonName | None = None
    display: str = ""
    hyps: list[name_parts.Hypothesis] = field(default_factory=list)
    grams: frozenset[str] = frozenset()


_CACHE: dict[tuple[str, str, str | None, str], Features] = {}


def user_part(profile: Profile) -> str:
    """The user-chosen part of a handle (``alice`` from ``alice@example.social``), or "" when
    the platform's handle is not chosen by the person (web sites, hashed ids)."""
    handle = (profile.handle or "").strip()
    if profile.platform in ("web", "gravatar", "stackexchange"):
        return ""
    if handle.startswith("@"):
        handle = handle[1:]
    if "@" in handle:  # fediverse: user@instance
        handle = handle.split("@")[0]
    if profile.platform == "bluesky" and handle.endswith(".bsky.social"):
        handle = handle[: -len(".bsky.social")]
    if "/" in handle or len(handle) > 64:
        return ""
    return handle


def features(profile: Profile) -> Features:
    key = (profile.id, profile.handle or "", profile.display_name, profile.platform)
    found = _CACHE.get(key)
    if found is None:
        if len(_CACHE) > 200_000:
            _CACHE.clear()
        found = _CACHE[key] = _compute(profile)
    return found


def _compute(profile: Profile) -> Features:
    f = Features()
    handle = user_part(profile)
    if handle:
        f.handle = handle
        folded = nm.fold(handle)
        f.flat = re.sub(r"[\s._\-]+", "", folded)
        f.bits = nm.handle_bits(handle)
        unleet = _LEET_INSIDE.sub(lambda m: m.group().translate(_LEET), f.flat)
        f.leet = sum(1 for x, y in zip(f.flat, unleet, strict=False) if x != y)
        match = re.search(r"\d+$", unleet)
        f.digits = match.group() if match else ""
        letters = re.sub(r"[^a-z]", "", unleet)
        letters, f.affixes = _strip_affixes(letters)
        f.core = letters
        dropped = re.sub(r"[\s._\-]+", "", nm.fold_drop(handle))
        dropped = _LEET_INSIDE.sub(lambda m: m.group().translate(_LEET), dropped)
        dropped, _ = _strip_affixes(re.sub(r"[^a-z]", "", dropped))
        f.cores = tuple(dict.fromkeys(c for c in (letters, dropped) if c))
        f.core_bits = nm.segment(letters)[0] if letters else 0.0
    display = (profile.display_name or "").strip()
    if display:
        f.display = display[:120]
        f.name = name_parts.parse_name(display)
    if f.name is not None:
        hyp = name_parts.hypothesis_from_name(f.name)
        if hyp is not None:
            f.hyps.append(hyp)
    f.hyps.extend(_handle_hypotheses(f.core))
    grams: set[str] = set()
    names = (*f.name.tokens, *f.name.first_variants, *f.name.last_variants) if f.name else ()
    for text in (*f.cores, *names):
        text = text.replace("-", "")
        grams.update(text[i : i + 3] for i in range(len(text) - 2))
    f.grams = frozenset(grams)
    return f


def _strip_affixes(letters: str) -> tuple[str, tuple[str, ...]]:
    affixes = []
    changed = True
    while changed:
        changed = False
        for prefix in nm.PREFIX_AFFIXES:
            if letters.startswith(prefix) and len(letters) - len(prefix) >= 4:
                letters = letters[len(prefix) :]
                affixes.append(prefix)
                changed = True
                break
    for suffix in nm.SUFFIX_AFFIXES:
        if len(suffix) >= 3 and letters.endswith(suffix) and len(letters) - len(suffix) >= 4:
            letters = letters[: -len(suffix)]
            affixes.append(suffix)
            break
    return letters, tuple(affixes)


def _handle_hypotheses(core: str) -> list[name_parts.Hypothesis]:
    """Names a handle may be built from: a known first name at its start or end, the rest
    taken as the surname (``volterraninetta`` -> Ninetta Volterra), or the whole handle."""
    if len(core) < 3:
        return []
    firsts = nm.reference().first
    out: list[name_parts.Hypothesis] = []
    if core in firsts:
        out.append(
            name_parts.Hypothesis(core, "", frozenset({core}), frozenset(), "handle", ("h", core))
        )
        return out
    # The longest first name at either end, preferring a split whose rest is itself a known
    # word or name ("tom" + "miller" over "tommi" + "ller": a rest that no list knows is as
    # likely a coincidence of letters as a surname). A three-letter first name counts only
    # with such a rest.
    best: tuple[tuple[bool, int], str, str] | None = None
    for i in range(3, len(core) - 2):
        head, tail = core[:i], core[i:]
        for first, rest in ((head, tail), (tail, head)):
            if first not in firsts or len(rest) < 3:
                continue
            known = len(rest) >= 4 and (nm.word_zipf(rest) > 0 or rest in firsts)
            if len(first) < 4 and not known:
                continue
            rank = (known, len(first))
            if best is None or rank > best[0]:
                best = (rank, first, rest)
    if best is not None:
        _, first, last = best
        out.append(
            name_parts.Hypothesis(
                first, last, frozenset({first}), frozenset({last}), "handle", ("h", first, last)
            )
        )
    return out


# --- display names ------------------------------------------------------------------------


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
    """At which level a display name shows the first name and surname of ``hyp``."""
    first = "full" if name.first_variants & hyp.first_variants else None
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
    other = nb if hyp.first == na.first and hyp.last == na.last else na
    this = na if other is nb else nb
    f_this, l_this = display_levels(this, hyp)
    f_other, l_other = display_levels(other, hyp)
    first, last = name_parts.weaker(f_this, f_other), name_parts.weaker(l_this, l_other)
    first_conflict = (
        first is None and na.is_name and nb.is_name and not _similar(na.first, nb.first)
    )
    last_conflict = (
        last is None
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
        detail = f"the same first name but different surnames ('{a.display}', '{b.display}')"
    elif first_conflict and last is not None:
        conflict_m = M_DISPLAY_CONFLICT_FIRST
        weight += math.log2(M_DISPLAY_CONFLICT_FIRST / U_DISPLAY_CONFLICT)
        detail = f"the same surname but different first names ('{a.display}', '{b.display}')"
    elif first == "full" and last == "full":
        detail = (
            f"the same name '{a.display}' on both accounts"
            if a.display == b.display
            else (f"the same name ('{a.display}', '{b.display}')")
        )
    elif first == "full" and last == "initial":
        detail = f"the same first name and surname initial ('{a.display}', '{b.display}')"
    elif first == "full":
        detail = f"the same first name ('{a.display}', '{b.display}')"
    else:
        detail = f"display names share part of a name ('{a.display}', '{b.display}')"
    return DisplayResult(weight, bits, first, last, detail, hyp, conflict_m)


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
    if not x or not y:
        return False
    if min(len(x), len(y)) >= 5 and Levenshtein.distance(x, y) <= 1:
        return True
    return len(x) >= 3 and len(y) >= 3 and (x.startswith(y) or y.startswith(x))


def _title(hyp: name_parts.Hypothesis) -> str:
    return " ".join(p.capitalize() for p in (hyp.first, hyp.last) if p)


# --- usernames ----------------------------------------------------------------------------


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
    if not cheap_filter and a.flat != b.flat:
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
            first, last = name_parts.weaker(fa, fb), name_parts.weaker(la, lb)
            if first is None and last is None:
                continue
            bits = name_parts.part_bits(hyp, first, last)
            if bits > best_bits:
                best_bits, best_hyp, best_parts = bits, hyp, (first, last)
    new_bits = max(0.0, best_bits - credit)

    if a.flat == b.flat:
        weight = math.log2(M_EXACT) + _rarity_given_names(a, best_hyp, best_bits, credit)
        return UsernameResult(
            weight, "exact", f"the same username '{ha}' on both accounts{_how_rare(a, best_hyp)}"
        )
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
    if best_hyp is not None and names_agree and _made_from(a, best_hyp) and _made_from(b, best_hyp):
        weight = math.log2(M_PARTS / U_PARTS_NAMESAKE)
        return UsernameResult(
            weight, "name",
            f"usernames '{ha}' and '{hb}' are different forms of the same name",
        )  # fmt: skip
    u = U_DIFF_NAMESAKE if names_agree else U_DIFF
    return UsernameResult(
        math.log2(M_DIFF / u), "different", f"different usernames ('{ha}', '{hb}')"
    )


def _hypotheses(a: Features, b: Features) -> list[name_parts.Hypothesis]:
    seen: set[tuple] = set()
    out = []
    for hyp in (*a.hyps, *b.hyps):
        if hyp.key not in seen:
            seen.add(hyp.key)
            out.append(hyp)
    return out


def _levels(f: Features, hyp: name_parts.Hypothesis) -> tuple[str | int | None, str | None]:
    first: str | int | None = None
    last: str | None = None
    if f.name is not None:
        first, last = display_levels(f.name, hyp)
    for core in f.cores:
        parts = name_parts.explain(core, hyp)
        first = name_parts.stronger(first, parts.first)
        last = name_parts.stronger(last, parts.last)  # type: ignore[assignment]
    return first, last


def _made_from(f: Features, hyp: name_parts.Hypothesis) -> bool:
    parts = name_parts.explain(f.core, hyp)
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
        return ", made from the name"
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
    parts = name_parts.explain(f.core, hyp)
    if parts.first is None and parts.last is None:
        return f.core_bits if core_only else f.bits
    if parts.leftover:
        bits += nm.charlm_bits(parts.leftover)
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
    if first == "full":
        bits.append(f"the first name '{hyp.first.capitalize()}'")
    elif isinstance(first, int):
        bits.append(f"the start of the first name '{hyp.first.capitalize()}'")
    elif first == "initial":
        bits.append(f"the initial '{hyp.first[:1].upper()}'")
    if last == "full":
        bits.append(f"the surname '{hyp.last.capitalize()}'")
    elif last == "initial":
        bits.append(f"the surname initial '{hyp.last[:1].upper()}'")
    return " and ".join(bits) if bits else "the same name"
