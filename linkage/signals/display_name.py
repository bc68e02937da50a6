"""Display-name evidence: the same or a compatible name shown on two accounts.

Display names are read as first name and surname (accents, case, "Last, First" order, middle
initials and titles handled) and compared part by part. The weight of agreement is the rarity
of the shared parts: first names by their frequency in a multilingual first-name dictionary,
surnames by their frequency as words in many languages (a surname that is also a common word
is common), unknown names by a character model, all capped by namesake floors (see
:mod:`linkage.signals.names_model`): two people with the same full name are the hard case.

m and u (see :mod:`linkage.signals.names_display`): agreement m = 0.85, u = 2^-bits of the
shared parts; a different first name m = 0.06, a different surname m = 0.08, u = 0.98. A
row with both (the same surname, different first names) says which way it goes: a rare
shared surname can outweigh the difference.

Names in other scripts are spelt in Latin letters first (:mod:`linkage.signals.names_scripts`):
the same name in one script counts as the same Latin name does; a name beside its spelling in
another script ("Дмитрий Соколов", "Dmitry Sokolov") counts as a name that may be the same,
3 bits less than an identical one (5 from scripts that leave vowels out), as a transliteration
has several spellings; names in two scripts that do not match say nothing.

The username signal counts only what the handles add once the display names are known, so a
handle made from the shared name is not counted twice.
"""

from __future__ import annotations

from collections.abc import Sequence

from linkage.records import Evidence, Profile
from linkage.signals import Signal
from linkage.signals.names_display import compare_display, separated, separated_display_weight
from linkage.signals.names_features import features


class DisplayNameSignal(Signal):
    name = "display_name"
    title = "display names"
    clue = "the same name"
    because = "they show the same name"
    redacted = "the names shown on the profiles are the same or alike"
    reads = frozenset({"display_name", "handle", "platform"})
    fact = "name"
    max_bits = 14.0

    def prepare(self, profiles: Sequence[Profile]) -> None:
        for profile in profiles:
            features(profile)

    def block_keys(self, profile: Profile) -> list[str]:
        name = features(profile).name
        if name is None:
            return []
        keys = [f"tok:{t}" for t in name.tokens if len(t) >= 3]
        if name.first and name.last:
            keys.append(f"name:{name.first}|{name.last}")
        return keys

    def compare(self, a: Profile, b: Profile) -> Evidence | None:
        fa, fb = features(a), features(b)
        result = compare_display(fa, fb)
        if result is None:
            return None
        weight = result.weight
        detail = result.detail
        if result.conflict_m is not None and result.name_bits > 0:
            # a shared part and a difference in one row: say which way the row goes
            detail += (
                ": the shared part counts for more than the difference counts against"
                if (separated_display_weight(result) if separated(a, b) else weight) > 0
                else ": the difference counts for more than the shared part"
            )
        if separated(a, b) and result.conflict_m is not None:
            weight = separated_display_weight(result)
            detail += (
                " (the difference counted for less: accounts kept apart as different sides of"
                " one person often show different names)"
            )
        weight = max(-self.max_bits, min(self.max_bits, weight))
        return Evidence(self.name, weight, detail, (fa.display, fb.display))


SIGNAL = DisplayNameSignal
