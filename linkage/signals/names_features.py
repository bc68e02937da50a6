"""Per-profile name features for the ``username``, ``display_name`` and ``bio`` signals.

What the name signals need from one profile (the user-chosen part of the handle, its core with
leetspeak, digits and affixes removed, its rarity, the display name read as a name, the names
the handle may be built from) is computed once (:func:`features`, cached by profile id and
content).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from linkage.read_memory import Kept
from linkage.records import Profile
from linkage.signals import names_model as nm
from linkage.signals import names_parts as name_parts
from linkage.signals.names_scripts import CONSONANT_SCRIPTS, latin_spelling, same_across, script_of

_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b",
                       "@": "a", "$": "s"})  # fmt: skip
_LEET_INSIDE = re.compile(r"(?<=[a-z])[013457@$8]+(?=[a-z])")


@dataclass
class Features:
    """What the name signals need from one profile, computed once."""

    handle: str = ""  # the user-chosen part of the handle, as shown
    #: the script the handle is written in ("latin", "cyrillic", ...; "" without letters): a
    #: handle in another script is compared by its spelling in Latin letters
    handle_script: str = ""
    flat: str = ""  # folded, separators removed
    core: str = ""  # letters only: leetspeak undone, digits and affixes removed
    #: the core, plus the variant with accented letters dropped and the letters with their
    #: affixes kept
    cores: tuple[str, ...] = ()
    digits: str = ""
    bits: float = 0.0  # rarity of the handle
    core_bits: float = 0.0
    affixes: tuple[str, ...] = ()
    leet: int = 0  # leetspeak substitutions
    name: name_parts.PersonName | None = None
    display: str = ""
    hyps: list[name_parts.Hypothesis] = field(default_factory=list)
    grams: frozenset[str] = frozenset()


_CACHE: Kept[Features] = Kept(limit=200_000)


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
    elif profile.platform == "bluesky" and handle.count(".") >= 2:
        # a handle on the person's own domain (wren.example.net): the name is the first
        # label, the rest is the domain ("wrenfield.example.net" read as the first name
        # Wren and a surname "Fieldexamplenet"); two labels may be the name itself
        handle = handle.split(".", 1)[0]
    if "/" in handle or len(handle) > 64:
        return ""
    return handle


def features(profile: Profile) -> Features:
    key = (profile.id, profile.handle or "", profile.display_name, profile.platform)
    return _CACHE.get(key, lambda: _compute(profile))


def _compute(profile: Profile) -> Features:
    f = Features()
    handle = user_part(profile)
    if handle:
        f.handle = handle
        f.handle_script = script_of(handle) or ""
        # a handle in another script is read in Latin letters (иван_петров as ivan_petrov,
        # 王小明 as wangxiaoming): folded as it is, its letters would all be dropped
        spelt = latin_spelling(handle)
        folded = nm.fold(spelt)
        f.flat = re.sub(r"[\s._\-]+", "", folded)
        f.bits = nm.handle_bits(spelt)
        unleet = _LEET_INSIDE.sub(lambda m: m.group().translate(_LEET), f.flat)
        f.leet = sum(1 for x, y in zip(f.flat, unleet, strict=False) if x != y)
        match = re.search(r"\d+$", unleet)
        f.digits = match.group() if match else ""
        whole = re.sub(r"[^a-z]", "", unleet)
        letters, f.affixes = _strip_affixes(whole)
        f.core = letters
        dropped = re.sub(r"[\s._\-]+", "", nm.fold_drop(spelt))
        dropped = _LEET_INSIDE.sub(lambda m: m.group().translate(_LEET), dropped)
        dropped, _ = _strip_affixes(re.sub(r"[^a-z]", "", dropped))
        # an affix may be a name's own letters ("dr" of drosendahl, D. Rosendahl): both read
        f.cores = tuple(dict.fromkeys(c for c in (letters, dropped, whole) if c))
        f.core_bits = nm.segment(letters)[0] if letters else 0.0
        form = name_form_bits(letters) if letters and not f.affixes else None
        if form is not None:
            f.core_bits = min(f.core_bits, form)
            if unleet == letters + f.digits:  # the name, then digits at most
                form += nm.digits_bits(f.digits) + nm.LEET_BITS * f.leet
                form += nm.SEPARATOR_BITS if folded != f.flat else 0.0
                f.bits = min(f.bits, form)
        if f.handle_script in CONSONANT_SCRIPTS:
            _vowelless_rarity(f, spelt)
    display = (profile.display_name or "").strip()
    if display:
        f.display = display[:120]
        f.name = name_parts.parse_name(display)
    if f.name is not None:
        hyp = name_parts.hypothesis_from_name(f.name)
        if hyp is not None:
            f.hyps.append(hyp)
    from_handle = _handle_hypotheses(f.core)
    f.hyps.extend(from_handle)
    if f.name is not None and f.name.script != "latin":
        f.hyps.extend(_spelt_hypotheses(f.name, from_handle))
    grams: set[str] = set()
    names = (*f.name.tokens, *f.name.first_variants, *f.name.last_variants) if f.name else ()
    for text in (*f.cores, *names):
        text = text.replace("-", "")
        grams.update(text[i : i + 3] for i in range(len(text) - 2))
    f.grams = frozenset(grams)
    return f


def _vowelless_rarity(f: Features, spelt: str) -> None:
    """Bound the rarity of a handle written in a script that leaves vowels out (Arabic,
    Hebrew, ...): spelt in Latin letters it is a run of consonants (محمد as ``mhmd``, כהן as
    ``khhn``) that a model of Latin spelling prices as a rare invented word (15 and 20 bits;
    ``mohamed`` is 9). Such a handle is counted as at most as rare as a surname (one word) or
    a full name (more), and its digits."""
    words = [w for w in re.split(r"[^a-z]+", nm.fold(spelt)) if w]
    cap = name_parts.CAP_LAST if len(words) <= 1 else name_parts.CAP_FULL
    f.bits = min(f.bits, cap + nm.digits_bits(f.digits))
    f.core_bits = min(f.core_bits, cap)


def name_form_bits(letters: str) -> float | None:
    """The rarity of a handle's letters read as a name (-log2 of the chance that a person
    picks it): an initial or a known first name beside a surname that word or name lists
    know (``jsmith``, ``smithj``, ``johnsmith``, ``smithjohn``), or a first name and an
    initial (``kevinf``), priced as the form (FORM_BITS) plus each part's rarity as a name.
    The segmentation of :func:`linkage.signals.names_model.segment` prices ``smith`` as a
    word and ``j`` as a stray letter, so such a handle, one that thousands of people share,
    would read as rare. None when the letters are no such name."""
    firsts = nm.reference().first
    found: list[float] = []
    if len(letters) >= 4:
        if _known_surname(letters[1:]):
            found.append(name_parts.initial_bits(letters[0]) + name_parts.last_bits(letters[1:]))
        if _known_surname(letters[:-1]):
            found.append(name_parts.initial_bits(letters[-1]) + name_parts.last_bits(letters[:-1]))
        if letters[:-1] in firsts:
            found.append(name_parts.first_bits(letters[:-1]) + name_parts.initial_bits(letters[-1]))
    for i in range(2, len(letters) - 2):
        head, tail = letters[:i], letters[i:]
        if head in firsts and _known_surname(tail):
            found.append(name_parts.first_bits(head) + name_parts.last_bits(tail))
        if tail in firsts and _known_surname(head):
            found.append(name_parts.first_bits(tail) + name_parts.last_bits(head))
    return min(found) + name_parts.FORM_BITS if found else None


def _known_surname(token: str) -> bool:
    """Whether ``token`` may be a surname priced by its frequency: a word or a name that the
    lists know (an unknown one keeps the character model's price)."""
    return len(token) >= 3 and (nm.word_zipf(token) > 0 or token in nm.reference().first)


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


def _spelt_hypotheses(
    name: name_parts.PersonName, from_handle: list[name_parts.Hypothesis]
) -> list[name_parts.Hypothesis]:
    """The names read from a handle that are the display name (in another script) spelt in
    Latin letters (``karima-mansour`` beside "كريمة منصور"), as the display name orders them:
    the name the account shows, in the handle's spelling. Marked ``("s", ...)`` in its key."""
    consonants = name.script in CONSONANT_SCRIPTS
    out = []
    for hyp in from_handle:
        for first, last in ((hyp.first, hyp.last), (hyp.last, hyp.first)):
            if (
                first
                and last
                and same_across(first, name.first, consonants)
                and same_across(last, name.last, consonants)
            ):
                out.append(
                    name_parts.Hypothesis(
                        first, last, frozenset({first}), frozenset({last}), "display",
                        ("s", first, last), name.first_shown, name.last_shown,
                    )
                )  # fmt: skip
                break
    return out
