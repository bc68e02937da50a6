"""The time-zone signal: the local offsets that posts' times carry, where a source gives them."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from linkage.records import Post, Profile
from linkage.signals import default_signals
from linkage.signals.activity import DEPENDENCE
from linkage.signals.cohort import COHORT_FULL
from linkage.signals.timezone import (
    M_APART,
    M_SHARED,
    U_APART,
    U_SHARED,
    TimeZoneSignal,
    post_offsets,
    zones,
)

SHARED_BITS = math.log2(M_SHARED / U_SHARED)
APART_BITS = math.log2(M_APART / U_APART)


def account(pid: str, offsets: list[str]) -> Profile:
    """A fictional account with one post a day at 09:30 local time, cycling through the
    ``offsets`` ("+01:00", "Z", "" for none)."""
    start = datetime(2024, 1, 8, 9, 30)
    posts = [
        Post(text=f"note {i}", created_at=(start + timedelta(days=i)).isoformat() + offset)
        for i, offset in enumerate(offsets)
    ]
    platform, handle = pid.split(":", 1)
    return Profile(id=pid, platform=platform, handle=handle, posts=posts)


def test_offsets_are_read_only_where_the_source_gives_a_local_time():
    profile = account("blog:kestrel", ["+01:00", "-05:00", "Z", "", "+05:30", "+00:00"])
    profile.posts.append(Post(text="undated", created_at=None))
    profile.posts.append(Post(text="garbled", created_at="last Tuesday"))
    assert post_offsets(profile) == [60, -300, 330, 0]


def test_an_accounts_zones_are_the_offsets_of_a_fifth_of_its_posts_or_more():
    assert zones([60] * 6 + [120] * 3 + [-300]) == frozenset({60, 120})
    assert zones([60, 60]) is None  # too few posts to say
    assert zones([0, 0, 0, 0]) is None  # all UTC: the source, not the writer, chose it
    assert zones([0, 0, 60, 60]) == frozenset({0, 60})  # a winter and a summer in London
    assert zones([60, 120, 180, 240, 300, 360]) is None  # always on the move: no zone of its own


def test_accounts_posting_from_one_zone_gain_and_from_zones_that_never_meet_lose():
    berlin = account("blog:kestrel", ["+01:00"] * 5 + ["+02:00"] * 5)
    berlin_too = account("mastodon:k", ["+02:00"] * 4)
    new_york = account("mastodon:hawk", ["-05:00", "-04:00"] * 3)
    signal = TimeZoneSignal()
    signal.prepare([berlin, berlin_too, new_york])
    same = signal.compare(berlin, berlin_too)
    assert same is not None and math.isclose(same.match_weight, SHARED_BITS)
    assert 0.5 < same.match_weight < 1.5
    assert "same time zone (UTC+02:00)" in same.detail
    apart = signal.compare(berlin, new_york)
    assert apart is not None and math.isclose(apart.match_weight, APART_BITS)
    assert -3 < apart.match_weight < -2
    assert "UTC+01:00, UTC+02:00 against UTC−05:00, UTC−04:00" in apart.detail


def test_times_in_utc_say_nothing_about_a_zone():
    utc_platform = account("reddit:owl", ["Z"] * 10)
    unzoned = account("bluesky:owl", [""] * 10)
    berlin = account("blog:kestrel", ["+01:00"] * 10)
    signal = TimeZoneSignal()
    signal.prepare([utc_platform, unzoned, berlin])
    assert signal.compare(utc_platform, berlin) is None
    assert signal.compare(unzoned, berlin) is None


def test_in_a_large_input_a_shared_zone_counts_as_post_hours_do():
    people = [account(f"blog:p{i}", ["+01:00"] * 5) for i in range(COHORT_FULL + 2)]
    signal = TimeZoneSignal()
    signal.prepare(people)
    evidence = signal.compare(people[0], people[1])
    assert evidence is not None
    assert math.isclose(evidence.match_weight, DEPENDENCE * SHARED_BITS)
    assert "counted at 50% of its weight" in evidence.detail


def test_the_signal_is_one_of_the_defaults():
    assert "timezone" in [s.name for s in default_signals()]
