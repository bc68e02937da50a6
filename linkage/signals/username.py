"""Username evidence: the same or a similar handle on two accounts.

A shared username is strong evidence only when the username is rare: ``john85`` is chosen by
many people, ``quietknitter_ed`` by very few. The weight of an exact match is the handle's
estimated rarity in bits (how unlikely a different person is to pick it) plus log2 of how
often one person reuses a handle; normalised and fuzzy matches count for less.
"""

from __future__ import annotations

import math
import re
import unicodedata

from rapidfuzz.distance import JaroWinkler

from linkage.records import Evidence, Profile
from linkage.signals import Signal

_LEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"}
)
_AFFIXES = ("the", "real", "official", "its", "iam", "im", "mr", "mrs", "ms", "dr", "hey", "hello")
_SUFFIXES = ("official", "real", "dev", "hq", "online", "writes", "codes")
_SEPARATORS = re.compile(r"[\s._\-]+")
_LETTERS = "etaoinshrdlcumwfgypbvkjxqz"

# Fellegi–Sunter m-probabilities: how often one person's two accounts show each level.
# Sources: username-reuse studies report that roughly half of people reuse a handle exactly or
# nearly across sites (Perito et al., "How unique and traceable are usernames?", PETS 2011;
# Goga et al., "On the reliability of profile matching across large online social networks", KDD 2015).
M_EXACT = 0.35
M_NORMALISED = 0.15
M_FUZZY = 0.10
M_DIFFERENT = 0.40


def fold(handle: str) -> str:
    """Case-folded, accent-free handle with separators removed."""
    text = unicodedata.normalize("NFKD", handle).encode("ascii", "ignore").decode("ascii")
    return _SEPARATORS.sub("", text.lower().lstrip("@"))


def core(handle: str) -> str:
    """The handle's core: folded, leetspeak undone, digits and common affixes removed."""
    text = fold(handle)
    text = re.sub(r"\d+$", "", text)  # trailing digits (years, counters)
    text = text.translate(_LEET)
    text = re.sub(r"\d", "", text)
    stripped = True
    while stripped:
        stripped = False
        for prefix in _AFFIXES:
            if text.startswith(prefix) and len(text) - len(prefix) >= 4:
                text = text[len(prefix) :]
                stripped = True
                break
    for suffix in _SUFFIXES:
        if text.endswith(suffix) and len(text) - len(suffix) >= 4:
            text = text[: -len(suffix)]
            break
    return text


def rarity_bits(handle: str) -> float:
    """Rough rarity of a handle in bits: how many equally likely handles it stands out from.

    Letters cost by their English frequency (common letters are cheaper), digits cost about
    3.3 bits each, but a trailing run that looks like a year or a short counter costs little.
    Very short handles are common whatever their letters.
    """
    text = fold(handle)
    if not text:
        return 0.0
    bits = 0.0
    trailing = re.search(r"\d+$", text)
    body = text[: trailing.start()] if trailing else text
    for ch in body:
        if ch.isalpha() and ch in _LETTERS:
            rank = _LETTERS.index(ch)
            bits += 2.5 + rank * 0.1
        elif ch.isdigit():
            bits += 3.3
        else:
            bits += 5.0
    if trailing:
        digits = trailing.group()
        looks_like_year = len(digits) in (2, 4) and (
            digits.startswith(("19", "20")) or len(digits) == 2
        )
        bits += 3.0 if looks_like_year else min(3.3 * len(digits), 10.0)
    # Word-like handles are more predictable than their letters suggest.
    bits *= 0.75
    return max(0.0, min(bits, 40.0))


class UsernameSignal(Signal):
    name = "username"
    max_bits = 20.0

    def compare(self, a: Profile, b: Profile) -> Evidence | None:
        ha, hb = _handle(a), _handle(b)
        if not ha or not hb:
            return None
        fa, fb = fold(ha), fold(hb)
        if not fa or not fb:
            return None
        values = (a.handle, b.handle)
        if fa == fb:
            bits = rarity_bits(ha)
            weight = math.log2(M_EXACT) + bits
            return Evidence(
                self.name,
                _bound(weight, self.max_bits),
                f"the same username '{a.handle}' (about {bits:.0f} bits of rarity)",
                values,
            )
        ca, cb = core(ha), core(hb)
        if len(ca) >= 3 and ca == cb:
            bits = rarity_bits(ca)
            weight = math.log2(M_NORMALISED) + bits * 0.8
            return Evidence(
                self.name,
                _bound(weight, self.max_bits),
                f"usernames '{a.handle}' and '{b.handle}' are the same apart from "
                f"case, separators, digits or affixes (core '{ca}')",
                values,
            )
        similarity = JaroWinkler.similarity(ca or fa, cb or fb)
        if similarity >= 0.9 and min(len(ca), len(cb)) >= 5:
            bits = rarity_bits(ca) * (similarity - 0.8) * 2
            weight = math.log2(M_FUZZY) + bits
            if weight > 0:
                return Evidence(
                    self.name,
                    _bound(weight, self.max_bits),
                    f"usernames '{a.handle}' and '{b.handle}' are similar "
                    f"(Jaro–Winkler {similarity:.2f})",
                    values,
                )
        # Different usernames: mild evidence against, since most people reuse something.
        weight = math.log2(M_DIFFERENT / 0.999)
        return Evidence(
            self.name, weight, f"different usernames ('{a.handle}', '{b.handle}')", values
        )


def _handle(profile: Profile) -> str:
    """The user-chosen part of a handle (``alice`` from ``alice@example.social``)."""
    handle = profile.handle or ""
    if profile.platform == "web":
        return ""
    if profile.platform in ("mastodon",) and "@" in handle.lstrip("@"):
        handle = handle.lstrip("@").split("@")[0]
    if profile.platform == "bluesky" and handle.endswith(".bsky.social"):
        handle = handle[: -len(".bsky.social")]
    if profile.platform in ("gravatar", "stackexchange"):
        return ""
    return handle


def _bound(weight: float, limit: float) -> float:
    return max(-limit, min(limit, weight))


SIGNAL = UsernameSignal
