"""Username evidence: the same or a related handle on two accounts.

A shared username is strong evidence only when the username is rare: ``john85`` is chosen by
many people, ``quietknitter_ed`` by very few. Rarity is -log2 of the probability that a person
picks the handle, from a model built on real word and name frequencies
(:mod:`linkage.signals.names_model`): known words and first names cost by their frequency,
other letters by a character 4-gram model, a year or two digits little; a handle that reads
as a name, an initial or a first name beside a known surname (``jsmith``, ``smithj``), costs
the form and the name's parts (:func:`linkage.signals.names_features.name_form_bits`), so that
a handle thousands of people share is not read as rare.

Levels, each with m (how often one person's two accounts show it; see
:mod:`linkage.signals.names_username` for the sources) and u (how often two different
people's do):

* exact (case and separators aside): m = 0.35, u = 2^-rarity;
* the same core apart from digits, affixes, separators and leetspeak: m = 0.15,
  u = 2^-rarity of the core;
* one edit apart: m = 0.05, u = 25 x length x 2^-rarity;
* made from the same name (``first.last``, ``flast``, ``lastfirst``, truncations, a name plus
  digits) or sharing a distinctive piece: m = 0.25, u = 2^-bits of the shared name parts;
* nothing in common: m = 0.20, u = 0.97 (0.40 between accounts showing the same name); between
  accounts filed under different personas (deliberately kept apart) m = 0.80: unrelated
  handles are how one person keeps a personal account apart, so they weigh only as much as
  they do among such accounts (-0.3 bits instead of -2.3); when one account hides the name
  the other shows (no display name beside one), it is kept apart on purpose as well, though
  such accounts still reuse a handle now and then: m = 0.50 (-1.0 bits; an estimate). Two
  name-less accounts keep m = 0.20: their handles are all the identity they carry.

Namesakes are the hard case: a handle made from a name is shared by people with that name, so
the bits of name parts are capped by namesake floors (first name 1/100, surname 1/400, full
name 1/2000), and when both display names already show the name (the ``display_name`` signal
counts it), a handle made from that name adds only what a namesake would not repeat: the same
form, digits or extra letters. An invented handle keeps its full rarity.
"""

from __future__ import annotations

import math
import re
import unicodedata
import zlib
from collections.abc import Mapping, Sequence
from typing import ClassVar

from linkage.records import DIFFERENT, SAME, Evidence, Profile
from linkage.signals import Signal
from linkage.signals import names_model as nm
from linkage.signals.names_display import nameless, separated
from linkage.signals.names_features import Features, features
from linkage.signals.names_scripts import latin_spelling
from linkage.signals.names_username import (
    M_DIFF,
    M_DIFF_NAMELESS,
    M_DIFF_SEPARATED,
    compare_usernames,
)

_LEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"}
)
_SEPARATORS = re.compile(r"[\s._\-]+")


def fold(handle: str) -> str:
    """Case-folded, accent-free handle with separators removed, other scripts spelt in Latin
    letters (``Иван_Петров`` -> ``ivanpetrov``)."""
    text = unicodedata.normalize("NFKD", latin_spelling(handle))
    text = text.encode("ascii", "ignore").decode("ascii")
    return _SEPARATORS.sub("", text.lower().lstrip("@"))


def _handle_features(handle: str) -> Features:
    """The name features of a bare handle (no display name, no platform)."""
    return features(Profile(id="_handle:" + handle, platform="_", handle=handle))


def core(handle: str) -> str:
    """The handle's core: folded, leetspeak undone, digits and common affixes removed."""
    return _handle_features(handle).core


def rarity_bits(handle: str) -> float:
    """Rarity of a handle in bits: -log2 of the probability that a person picks it."""
    if not fold(handle):
        return 0.0
    return _handle_features(handle).bits


_BANDS, _ROWS = 12, 2
_SEEDS = tuple(range(_BANDS * _ROWS))


def minhash_bands(text: str) -> list[str]:
    """MinHash band keys of a handle's letter trigrams: handles that share most of their
    trigrams (reordered name parts, one edit) share a band with high probability."""
    if len(text) < 5:
        return []
    grams = {text[i : i + 3] for i in range(len(text) - 2)}
    mins = [min(zlib.crc32(f"{seed}:{g}".encode()) for g in grams) for seed in _SEEDS]
    return [f"mh{b}:{mins[b * _ROWS]:x}.{mins[b * _ROWS + 1]:x}" for b in range(_BANDS)]


class UsernameSignal(Signal):
    name = "username"
    title = "usernames"
    clue = "similar usernames"
    because = "the usernames are alike"
    redacted = "the usernames are the same or alike"
    reads = frozenset({"display_name", "handle", "platform"})
    fact = "name"
    relational = True  # an unrelated handle weighs by how the accounts stand to each other
    max_bits = 20.0
    #: a four-letter piece of a handle is a much weaker key than a whole core: in a synthetic
    #: input of 20,000 profiles these keys made three quarters of the candidate pairs, and
    #: capping them at 20 profiles kept every pair linked at 0.5 or above
    block_caps: ClassVar[Mapping[str, int]] = {"sub4": 20}

    def prepare(self, profiles: Sequence[Profile]) -> None:
        for profile in profiles:
            features(profile)

    def block_keys(self, profile: Profile) -> list[str]:
        f = features(profile)
        keys = [f"core:{c}" for c in f.cores if len(c) >= 3]
        if f.flat:
            keys.append(f"flat:{f.flat}")
        keys += [f"last:{h.last}" for h in f.hyps if len(h.last) >= 3]
        keys += [f"name:{h.first}|{h.last}" for h in f.hyps if h.first and h.last]
        keys += minhash_bands(f.core or f.flat)
        if len(f.core) >= 4:
            keys += [
                f"piece:{p}" for kind, p in nm.segment(f.core)[1] if len(p) >= 4 and kind != "affix"
            ]
        if f.name is not None and f.name.first and f.name.last:
            first, last = f.name.first.replace(" ", ""), f.name.last.replace(" ", "")
            forms = {first + last, first[0] + last, last + first, first + last[0], last, first}
            keys += [
                f"core:{form}" for form in forms if len(form) >= 4
            ]  # handles made from the name
        # A name part inside the other's handle (``hazou`` in ``bufahazou``): the part's first
        # four letters are one of the handle's four-letter pieces.
        core_ = f.core or ""
        keys += [f"sub4:{core_[i : i + 4]}" for i in range(max(0, len(core_) - 3))][:16]
        for hyp in f.hyps:
            keys += [f"sub4:{part[:4]}" for part in (hyp.first, hyp.last) if len(part) >= 4]
        return keys

    @classmethod
    def reason(cls, evidence: Evidence) -> str:
        """ "they use the same username" where it is one handle, not "alike"."""
        return "they use the same username" if evidence.kind == SAME else cls.because

    def compare(self, a: Profile, b: Profile) -> Evidence | None:
        fa, fb = features(a), features(b)
        result = compare_usernames(fa, fb)
        if result is None:
            return None
        weight, detail = result.weight, result.detail
        if result.level == "different" and separated(a, b):
            weight += math.log2(M_DIFF_SEPARATED / M_DIFF)
            detail += (
                " (accounts kept apart as different sides of one person: unrelated usernames are expected)"
                if weight <= 0
                else " (accounts kept apart as different sides of one person: unrelated usernames are"
                " expected, more often than of two people whose names agree, so this counts a"
                " little towards one person)"
            )
        elif result.level == "different" and nameless(a) != nameless(b):
            weight += math.log2(M_DIFF_NAMELESS / M_DIFF)
            detail += (
                " (one account hides the name the other shows: unrelated usernames are expected)"
            )
        weight = max(-self.max_bits, min(self.max_bits, weight))
        kind = (
            DIFFERENT if result.level == "different" else SAME if result.level == "exact" else None
        )
        return Evidence(self.name, weight, detail, (fa.handle, fb.handle), kind=kind)


SIGNAL = UsernameSignal
