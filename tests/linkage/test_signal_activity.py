"""The activity-rhythm signal: post hours and weekdays, in UTC, weighted by the number of posts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from linkage.records import Post, Profile
from linkage.signals.activity import DEPENDENCE, MAX_BITS, ActivitySignal, post_times


def posting(pid: str, hours: list[int], count: int, offset: str = "+00:00") -> Profile:
    """A fictional account posting ``count`` times, cycling through ``hours`` (local to offset)."""
    start = datetime(2023, 3, 6)
    posts = []
    for i in range(count):
        day = start + timedelta(days=i * 3 % 61)
        moment = day.replace(hour=hours[i % len(hours)], minute=(i * 7) % 60)
        posts.append(Post(text=f"note {i}", created_at=moment.isoformat() + offset))
    platform, handle = pid.split(":", 1)
    return Profile(id=pid, platform=platform, handle=handle, posts=posts)


def test_same_hours_give_positive_bounded_weight():
    a = posting("mastodon:owl", [21, 22, 23], 30)
    b = posting("bluesky:owl2", [21, 22, 23], 30)
    evidence = ActivitySignal().compare(a, b)
    assert evidence is not None
    assert 0 < evidence.match_weight <= MAX_BITS
    assert "similar hours" in evidence.detail
    assert evidence.values and "UTC" in evidence.values[0]


def test_different_hours_give_negative_weight():
    night = posting("mastodon:owl", [1, 2, 3], 30)
    morning = posting("reddit:lark", [9, 10, 11], 30)
    evidence = ActivitySignal().compare(night, morning)
    assert evidence is not None and evidence.match_weight < 0
    assert "different hours" in evidence.detail
    assert evidence.match_weight >= -MAX_BITS


def test_offsets_are_converted_to_utc():
    local = posting("mastodon:a", [3, 4], 20, offset="+08:00")  # 19:00 and 20:00 UTC
    utc = posting("reddit:b", [19, 20], 20, offset="Z")
    unconverted = posting("reddit:c", [3, 4], 20, offset="Z")
    signal = ActivitySignal()
    assert signal.compare(local, utc).match_weight > 0
    assert signal.compare(local, unconverted).match_weight < 0
    assert post_times(local)[0].hour == 19


def test_weight_grows_with_the_number_of_posts():
    daytime = [9, 11, 13, 15, 17, 19]
    few = ActivitySignal().compare(posting("x:a", daytime, 10), posting("y:b", daytime, 10))
    many = ActivitySignal().compare(posting("x:a", daytime, 20), posting("y:b", daytime, 20))
    assert 0 < few.match_weight < many.match_weight


def test_too_few_or_unreadable_times_give_nothing():
    a = posting("x:a", [20], 9)
    b = posting("y:b", [20], 30)
    assert ActivitySignal().compare(a, b) is None
    broken = posting("z:c", [20], 30)
    for post in broken.posts[:25]:
        post.created_at = "yesterday evening"
    assert ActivitySignal().compare(broken, b) is None
    empty = Profile(id="x:e", platform="x", handle="e")
    assert ActivitySignal().compare(empty, b) is None


def test_prepare_then_compare_matches_direct_compare():
    a = posting("x:a", [7, 8], 25)
    b = posting("y:b", [7, 9], 25)
    prepared = ActivitySignal()
    prepared.prepare([a, b])
    assert prepared.compare(a, b).match_weight == ActivitySignal().compare(a, b).match_weight


def test_naive_times_count_as_utc():
    naive = posting("x:a", [20], 12, offset="")
    assert post_times(naive)[0].tzinfo == UTC


def _crowd(count: int) -> list[Profile]:
    """Fictional accounts of other people, each posting around its own hour."""
    return [
        posting(f"forum:other{i}", [(5 + 7 * i) % 24, (6 + 7 * i) % 24], 15) for i in range(count)
    ]


def test_a_large_input_counts_half_the_weight_and_an_audit_all_of_it():
    night = posting("mastodon:owl", [1, 2, 3], 30)
    morning = posting("reddit:lark", [9, 10, 11], 30)
    audit = ActivitySignal()
    audit.prepare([night, morning, *_crowd(8)])
    large = ActivitySignal()
    large.prepare([night, morning, *_crowd(70)])
    full = audit.compare(night, morning).match_weight
    assert full < -0.5
    halved = large.compare(night, morning)
    assert halved.match_weight == pytest.approx(full * DEPENDENCE)
    assert "counted at 50% of its weight" in halved.detail
    assert "counted at" not in audit.compare(night, morning).detail
    # halfway between 20 and 60 other timed accounts, halfway between the two
    middle = ActivitySignal()
    middle.prepare([night, morning, *_crowd(39)])
    assert middle.compare(night, morning).match_weight == pytest.approx(full * (1 + DEPENDENCE) / 2)


def test_preparing_one_account_again_keeps_the_inputs_share():
    night = posting("mastodon:owl", [1, 2, 3], 30)
    morning = posting("reddit:lark", [9, 10, 11], 30)
    large = ActivitySignal()
    large.prepare([night, morning, *_crowd(70)])
    before = large.compare(night, morning).match_weight
    large.prepare([posting("reddit:lark", [9, 10, 11], 30)])  # a remediation trying a change
    assert large.compare(night, morning).match_weight == pytest.approx(before)
