"""Mastodon handles: how they are written, which are rejected, and reading and writing profile
addresses."""

from __future__ import annotations

import pytest

from collectors.mastodon import COLLECTOR


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("@alice@example.social", "alice@example.social"),
        ("alice@Example.Social", "alice@example.social"),
        ("Alice@example.social", "alice@example.social"),
        ("  @bob_1@sub.example.social ", "bob_1@sub.example.social"),
        ("acct:carol@example.net", "carol@example.net"),
    ],
)
def test_normalise(raw, expected):
    assert COLLECTOR.normalise(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "alice",
        "@alice",
        "alice@",
        "@alice@localhost",
        "al ice@example.social",
        "a@b@c.example",
        "alice@-bad.example",
    ],
)
def test_normalise_rejects(raw):
    with pytest.raises(ValueError):
        COLLECTOR.normalise(raw)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.social/@alice", "alice@example.social"),
        ("https://example.social/@alice/", "alice@example.social"),
        ("https://mastodon.example/@bob@other.example", "bob@other.example"),
        ("https://example.social/@alice/112000000000000010", None),
        ("https://example.social/users/alice", None),
        ("https://medium.com/@alice", None),
        ("https://www.youtube.com/@alice", None),
        ("https://example.social/alice", None),
        ("ftp://example.social/@alice", None),
        ("https://[::1/@alice", None),
    ],
)
def test_from_url(url, expected):
    assert COLLECTOR.from_url(url) == expected


def test_profile_url():
    assert COLLECTOR.profile_url("alice@example.social") == "https://example.social/@alice"
