"""Activity rhythm: two accounts that post at the same hours of the day (and days of the week)
suggest one person with one time zone and one routine.

Each profile's post times (``created_at``, ISO 8601, converted to UTC) become a smoothed
hour-of-day distribution (a wrapped Gaussian kernel of 1.5 hours, shrunk towards the
population's distribution with the weight of 4 posts) and a weekday distribution (shrunk with
the weight of 7 posts). The statistic asks how much better one account's rhythm predicts the
other's post times than the population's rhythm does, in bits per post, both ways averaged:

    T = ½ [mean over b's posts of log2(p_a(hour) / p_0(hour)) + the same from b to a]
    D = the same with weekdays

Calibration (the mapping to a log2 likelihood ratio) is a logistic model fitted on a public
reference with known authorship: the upload times signed in the ``changelog.Debian.gz`` files
of the Debian packages installed when it was built (11,185 distinct signatures by 561
maintainers, with their time zones): the earlier and later halves of one maintainer's uploads
(126 maintainers with 20 or more) are the same-person pairs; halves of two different
maintainers (3,000 random pairs, matched in size) are the null: different people drawn from
the same population, so sharing a time zone by chance is part of the null. Classes are
balanced, so the log-odds are log2(m/u):

    weight = 4.89·T + 2.03·T·g + 1.18·D + 1.38·D·g + 1.12·g − 0.01,  g = log2(n) − 4

with n the smaller number of timed posts. On that reference the weights of one person's
halves average about +1.8 bits and different people's about −1.8 bits. The weight is bounded
to ±1.5 bits: post times are weak evidence (people in one time zone keep similar hours), and
the reference's halves are close in time while routines drift: on the same reference, the
first and last thirds of one maintainer's uploads average +0.7 bits when they are under two
years apart and +0.3 bits when more than seven, against +1.3 to +1.9 for adjacent halves.
It needs at least 10 timed posts on each side. ``linkage/reference/build_style_background.py
--activity`` recomputes these numbers.

In a large input the weight counts half (DEPENDENCE = 0.5, so at most ±0.75 bits), blended in
with the input's size as the writing signal's own null is (none with 20 other timed accounts or
fewer, fully from 60 on). The reference's calibration treats post times as independent of the
other signals, and in a large input they are not: the pairs that compete for the top are the
hardest ones, colleagues of one community who share their hours as they share a house style,
and one person whose routine drifted over the years as their writing did. On the development
benchmarks the weight alone is calibrated (pairs at ±1.5 bits are about 2^±1.5 times as likely
one person as not), yet at full weight it lowered the ranking of every whole set; at half
weight, chosen on one benchmark, it raised every whole set of both (commit messages of 2,000
words: AUC 0.970 -> 0.981 on the second). In an audit of a few people the full weight ranks
best (small audits of mailing-list replies against commit messages: AUC 0.785 full, 0.774 at
half), so it stays.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import UTC, datetime

import numpy as np

from linkage.records import Evidence, Profile
from linkage.signals import Signal
from linkage.signals.cohort import COHORT_FROM, cohort_weight

#: population distribution of post hours (UTC), times 24, from the Debian reference
POPULATION_HOURS = (
    0.72, 0.60, 0.53, 0.49, 0.50, 0.56, 0.67, 0.81, 0.96, 1.07, 1.15, 1.20,
    1.24, 1.28, 1.31, 1.32, 1.32, 1.32, 1.31, 1.30, 1.26, 1.16, 1.03, 0.87,
)  # fmt: skip
#: population distribution of weekdays (Monday first, UTC), times 7, from the same reference
POPULATION_DAYS = (0.98, 1.03, 1.07, 1.02, 1.02, 0.93, 0.96)
#: calibration coefficients (bits) for T, T·g, D, D·g, g, 1 (see the module text)
COEFFICIENTS = (4.89, 2.03, 1.18, 1.38, 1.12, -0.01)
KERNEL_HOURS = 1.5
PRIOR_POSTS_HOURS = 4.0
PRIOR_POSTS_DAYS = 7.0
MIN_POSTS = 10
MAX_POSTS = 2000
MAX_BITS = 1.5
#: the share of the weight that counts in a large input (see the module text)
DEPENDENCE = 0.5

_P0_HOURS = np.array(POPULATION_HOURS) / sum(POPULATION_HOURS)
_P0_DAYS = np.array(POPULATION_DAYS) / sum(POPULATION_DAYS)
_GRID = np.arange(24) + 0.5


def post_times(profile: Profile) -> list[datetime]:
    """The profile's post times in UTC (posts without a readable time are skipped)."""
    out = []
    for post in profile.posts[:MAX_POSTS]:
        stamp = post.created_at
        if not isinstance(stamp, str) or not stamp:
            continue
        try:
            moment = datetime.fromisoformat(stamp.strip().replace("Z", "+00:00"))
        except ValueError:
            continue
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)  # the contract's times are UTC
        try:
            out.append(moment.astimezone(UTC))
        except (OverflowError, ValueError):
            continue
    return out


class Rhythm:
    """One profile's smoothed hour and weekday distributions and its own post slots."""

    __slots__ = ("day_bins", "days", "hour_bins", "hours", "logs", "peak", "posts", "shares")

    def __init__(self, times: Sequence[datetime]) -> None:
        hours = np.array([t.hour + t.minute / 60 for t in times])
        days = np.array([t.weekday() for t in times], dtype=int)
        self.posts = len(times)
        diff = (_GRID[None, :] - hours[:, None] + 12) % 24 - 12
        kernel = np.exp(-0.5 * (diff / KERNEL_HOURS) ** 2)
        kernel /= kernel.sum(axis=1, keepdims=True)
        p_hours = (kernel.sum(axis=0) + PRIOR_POSTS_HOURS * _P0_HOURS) / (
            self.posts + PRIOR_POSTS_HOURS
        )
        p_days = (np.bincount(days, minlength=7) + PRIOR_POSTS_DAYS * _P0_DAYS) / (
            self.posts + PRIOR_POSTS_DAYS
        )
        self.hours = np.log2(p_hours / _P0_HOURS)  # bits per post in each hour slot
        self.days = np.log2(p_days / _P0_DAYS)
        self.hour_bins = np.floor(hours).astype(int) % 24
        self.day_bins = days
        # for quick comparison: the log ratios as a 2 x 31 block matrix, the post shares as 31
        self.logs = np.zeros((2, 31))
        self.logs[0, :24] = self.hours
        self.logs[1, 24:] = self.days
        self.shares = np.concatenate(
            [np.bincount(self.hour_bins, minlength=24), np.bincount(days, minlength=7)]
        ) / max(self.posts, 1)
        self.peak = _peak(self.hour_bins)

    def towards(self, other: Rhythm) -> tuple[float, float]:
        """Mean bits per post of ``other``'s posts under this rhythm: hours, weekdays."""
        hours, days = self.logs @ other.shares
        return float(hours), float(days)


def weight(hours: float, days: float, posts: int, counted: float = 1.0) -> float:
    """The reference's weight, bounded, times the share of it that ``counted``."""
    g = math.log2(posts) - 4
    c = COEFFICIENTS
    raw = c[0] * hours + c[1] * hours * g + c[2] * days + c[3] * days * g + c[4] * g + c[5]
    return counted * max(-MAX_BITS, min(MAX_BITS, raw))


def counted_share(others: int) -> float:
    """The share of the weight that counts among ``others`` other timed accounts: all of it in
    an audit, DEPENDENCE in a large input (see the module text)."""
    return 1.0 - (1.0 - DEPENDENCE) * cohort_weight(others)


class ActivitySignal(Signal):
    name = "activity"
    title = "when the accounts are active"
    clue = "active at the same times"
    because = "they are active at the same times"
    redacted = "the accounts are active at the same times"
    reads = frozenset({"posts"})
    max_bits = MAX_BITS

    def __init__(self) -> None:
        self._rhythms: dict[str, Rhythm | None] = {}
        #: the share of the weight that counts in this input (see ``counted_share``)
        self.counted = 1.0

    def prepare(self, profiles: Sequence[Profile]) -> None:
        timed = 0
        for profile in profiles:
            self._rhythms[profile.id] = self._rhythm(profile)
            timed += self._rhythms[profile.id] is not None
        if timed - 1 >= COHORT_FROM:  # a large batch sets the share; one prepared again keeps it
            self.counted = counted_share(timed - 1)

    def _rhythm(self, profile: Profile) -> Rhythm | None:
        times = post_times(profile)
        return Rhythm(times) if len(times) >= MIN_POSTS else None

    def rhythm(self, profile: Profile) -> Rhythm | None:
        if profile.id not in self._rhythms:
            self._rhythms[profile.id] = self._rhythm(profile)
        return self._rhythms[profile.id]

    def compare(self, a: Profile, b: Profile) -> Evidence | None:
        ra, rb = self.rhythm(a), self.rhythm(b)
        if ra is None or rb is None:
            return None
        hours, days = (ra.logs @ rb.shares + rb.logs @ ra.shares).tolist()
        bits = weight(hours / 2, days / 2, min(ra.posts, rb.posts), self.counted)
        if bits >= 0.5 * self.counted:
            detail = "the two accounts post at similar hours of the day (UTC)"
        elif bits <= -0.5 * self.counted:
            detail = "the two accounts post at different hours of the day (UTC)"
        else:
            detail = "the accounts' posting hours neither match nor differ clearly"
        judged = f"judged from {ra.posts} and {rb.posts} dated posts"
        if self.counted < 1.0:
            judged += (
                f"; counted at {self.counted:.0%} of its weight, as in any input this large"
                " (post times go with writing among many accounts)"
            )
        return Evidence(
            self.name,
            bits,
            f"{detail}, {judged}",
            (ra.peak, rb.peak),
        )


def _peak(hour_bins: np.ndarray) -> str:
    """The busiest three-hour window, e.g. 'most posts 18:00–21:00 UTC'."""
    counts = np.bincount(hour_bins, minlength=24)
    window = [counts[h] + counts[(h + 1) % 24] + counts[(h + 2) % 24] for h in range(24)]
    start = int(np.argmax(window))
    return f"most posts {start:02d}:00–{(start + 3) % 24:02d}:00 UTC"


SIGNAL = ActivitySignal
