"""Bluesky handles (domain names and DIDs): what the collector accepts, reads from addresses
and writes back."""

from __future__ import annotations

import pytest

from collectors.bluesky import COLLECTOR
from tests.collectors.bluesky_serving import DID

# --- handles ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("alice.bsky.social", "alice.bsky.social"),
        ("@Alice.BSKY.social", "alice.bsky.social"),
        ("alice.example.org", "alice.example.org"),
        (DID, DID),
        ("did:web:alice.example.org", "did:web:alice.example.org"),
        ("at://alice.bsky.social", "alice.bsky.social"),
    ],
)
def test_normalise(raw, expected):
    assert COLLECTOR.normalise(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "alice",
        "",
        "alice bsky.social",
        "alice..bsky.social",
        "alice.123",
        "did:plc:short",
        "-a.example.org",
    ],
)
def test_normalise_rejects(raw):
    with pytest.raises(ValueError):
        COLLECTOR.normalise(raw)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://bsky.app/profile/alice.bsky.social", "alice.bsky.social"),
        ("https://bsky.app/profile/Alice.Example.org/", "alice.example.org"),
        (f"https://bsky.app/profile/{DID}", DID),
        ("https://bsky.app/profile/alice.bsky.social/post/3lkxyztrain1a", None),
        ("https://example.social/profile/alice.bsky.social", None),
        ("https://bsky.app/profile/not a handle", None),
    ],
)
def test_from_url(url, expected):
    assert COLLECTOR.from_url(url) == expected


def test_profile_url():
    assert (
        COLLECTOR.profile_url("alice.bsky.social") == "https://bsky.app/profile/alice.bsky.social"
    )
