"""Time zones: two accounts whose posts carry the same local time offset suggest one person in
one place; posts from zones that never meet suggest two.

Where a source gives each post's time in its writer's own time zone (a blog's feed, a mail
archive, a git history, a data export: ``2024-03-01T09:12:00+01:00``), the offset says where
the writer was. An outsider reads it as easily as the text. Most platforms give times in UTC
(``Z``) and so say nothing about a zone: a time without an offset, or written with ``Z``,
counts for nothing here, and an account whose offsets are all zero has no known zone either
(a source that writes UTC as ``+00:00`` looks just like that). linkage's collectors keep a
post's time as its source gave it; a profiles file made by another tool must do the same, since
times converted to the collecting machine's own zone would make every account look like one
zone.

An account's zones are the offsets of at least ``ZONE_SHARE`` of its posts that carry one: a
writer in Berlin shows +01:00 in winter and +02:00 in summer, one who travels keeps most posts
at home. Each side needs ``MIN_POSTS`` such posts.

Weights (log2 m/u), from the public reference that calibrates post hours
(:mod:`linkage.signals.activity`): the time zones signed in the ``changelog.Debian.gz`` files
of Debian packages, 131 maintainers with 20 or more signed uploads, each side a sample of 3 to
20 uploads (``python -m linkage.reference.build_timezone`` prints these figures):

* sharing a zone: m = 0.90 (one maintainer's first and last thirds, five years or more apart:
  0.90 to 0.93; adjacent halves 0.92 to 0.98), u = 0.48 (two maintainers: 0.44 to 0.48; most
  of them live in two neighbouring zones of Europe): +0.9 bits;
* no zone in common: m = 0.10, u = 0.52: -2.4 bits. People move and travel, so this stays
  well short of what adjacent halves would allow.

A zone goes with the hours a person posts at (:mod:`linkage.signals.activity`), and like those
hours, in a large input it counts half: the pairs that compete for the top there are
colleagues of one community, who share a zone as they share hours and a house style (the same
share and blend with the input's size as ``linkage.signals.activity.counted_share``). On the
development benchmarks, whose posts carry their writers' offsets, it raised the ranking (AUC)
of every set in both settings but one, which it left as it was (commit messages of 2,000
words, whole first set: 0.990 -> 0.989); e.g. mailing-list replies against commit messages
in small audits 0.814 -> 0.867.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from datetime import datetime

from linkage.records import Evidence, Profile
from linkage.signals import Signal
from linkage.signals.activity import counted_share
from linkage.signals.cohort import COHORT_FROM

#: the share of an account's offsets that makes one of its zones
ZONE_SHARE = 0.2
#: posts with an offset needed on each side
MIN_POSTS = 3
#: the most posts read
MAX_POSTS = 2000
M_SHARED, U_SHARED = 0.90, 0.48
M_APART, U_APART = 0.10, 0.52
MAX_BITS = math.log2(U_APART / M_APART)


def post_offsets(profile: Profile) -> list[int]:
    """The UTC offsets (minutes) of the profile's posts that carry one (``Z`` and times
    without an offset are left out)."""
    out = []
    for post in profile.posts[:MAX_POSTS]:
        stamp = post.created_at
        if not isinstance(stamp, str) or not stamp.strip() or stamp.strip()[-1] in "Zz":
            continue
        try:
            minutes = offset_minutes(datetime.fromisoformat(stamp.strip()))
        except (ValueError, OverflowError):
            continue
        if minutes is not None:
            out.append(minutes)
    return out


def offset_minutes(moment: datetime) -> int | None:
    """The moment's UTC offset in minutes, or None for a time without one."""
    offset = moment.utcoffset()
    return None if offset is None else round(offset.total_seconds() / 60)


def zones(offsets: Sequence[int]) -> frozenset[int] | None:
    """The offsets of at least ZONE_SHARE of the posts, or None when the zone is unknown (too
    few offsets, all of them zero, or none that often: a writer always on the move)."""
    if len(offsets) < MIN_POSTS or not any(offsets):
        return None
    counts = Counter(offsets)
    found = frozenset(z for z, n in counts.items() if n >= ZONE_SHARE * len(offsets))
    return found or None


def zone_name(minutes: int) -> str:
    sign = "+" if minutes >= 0 else "−"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{rest:02d}"


def zone_names(found: frozenset[int]) -> str:
    return ", ".join(zone_name(z) for z in sorted(found))


class TimeZoneSignal(Signal):
    name = "timezone"
    title = "time zones of the posts"
    clue = "posts from the same time zone"
    because = "their posts come from the same time zone"
    redacted = "the accounts post from the same time zone"
    reads = frozenset({"posts"})
    max_bits = MAX_BITS

    def __init__(self) -> None:
        self._zones: dict[str, frozenset[int] | None] = {}
        #: the share of the weight that counts in this input (see the module text)
        self.counted = 1.0

    def prepare(self, profiles: Sequence[Profile]) -> None:
        known = 0
        for profile in profiles:
            self._zones[profile.id] = zones(post_offsets(profile))
            known += self._zones[profile.id] is not None
        if known - 1 >= COHORT_FROM:  # a large batch sets the share; one prepared again keeps it
            self.counted = counted_share(known - 1)

    def zones_of(self, profile: Profile) -> frozenset[int] | None:
        if profile.id not in self._zones:
            self._zones[profile.id] = zones(post_offsets(profile))
        return self._zones[profile.id]

    def compare(self, a: Profile, b: Profile) -> Evidence | None:
        za, zb = self.zones_of(a), self.zones_of(b)
        if za is None or zb is None:
            return None
        shared = za & zb
        if shared:
            bits = math.log2(M_SHARED / U_SHARED)
            detail = f"both accounts post from the same time zone ({zone_names(shared)})"
        else:
            bits = math.log2(M_APART / U_APART)
            detail = (
                f"the accounts post from different time zones ({zone_names(za)} against "
                f"{zone_names(zb)})"
            )
        if self.counted < 1.0:
            detail += (
                f"; counted at {self.counted:.0%} of its weight, as in any input this large"
                " (time zones go with writing among many accounts)"
            )
        return Evidence(self.name, bits * self.counted, detail, (zone_names(za), zone_names(zb)))


SIGNAL = TimeZoneSignal
