"""The Bluesky collector's parsers called directly (post addresses, links in a bio, labels, the
author feed), and property tests of them."""

from __future__ import annotations

import contextlib

from hypothesis import given, settings
from hypothesis import strategies as st

from collectors.bluesky import (
    COLLECTOR,
    BlueskyProfile,
    bio_links,
    labels_of,
    parse_feed,
    parse_profile,
    post_url,
)
from collectors.errors import BadResponse, CollectError
from linkage.platforms import normalise_actor
from tests.collectors.bluesky_serving import DID, fixture

# --- parsers ---------------------------------------------------------------------------------


def test_post_url():
    assert post_url(f"at://{DID}/app.bsky.feed.post/3lk2", "a.example.org") == (
        "https://bsky.app/profile/a.example.org/post/3lk2"
    )
    assert post_url(f"at://{DID}/app.bsky.feed.like/3lk2", "a.example.org") is None
    assert post_url(None, "a.example.org") is None


def test_bio_links_finds_urls_and_bare_domains_but_not_mentions():
    bio = "Site: https://a.example.org. Code at github.com/alice, fan of @bob.bsky.social"
    assert bio_links(bio) == ["https://a.example.org", "https://github.com/alice"]
    # a bare domain: Bluesky's clients link it, so people write it so; a dotted word in
    # capitals is a word ("ASP.NET", "PyCon.de/2024")
    assert bio_links("Built with ASP.NET and PyCon.de/2024; blog at pell.example.dev") == [
        "https://pell.example.dev",
    ]


def test_negated_labels_do_not_count():
    labels = [{"val": "!no-unauthenticated", "neg": True}, {"val": "porn"}, {"val": 3}, "x"]
    assert labels_of(labels) == {"porn"}


def test_parse_feed_keeps_only_the_authors_own_posts():
    posts, cursor = parse_feed(fixture("feed_page1.json"), DID, "alice.example.org")
    assert [uri.rsplit("/", 1)[1] for *_, uri in posts] == ["3lkxyztrain1a", "3lreply111111"]
    assert cursor == "2025-03-01T10:00:00.000Z::3lreply111111"


def test_parse_feed_skips_reposts_even_of_the_accounts_own_posts():
    data = fixture("feed_page1.json")
    data["feed"][1]["post"] = fixture("feed_page2.json")["feed"][0]["post"]  # alice's own post
    posts, _ = parse_feed(data, DID, "alice.example.org")
    assert "Evening walk, no trains involved." not in [t for t, *_ in posts]


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=20,
)
PROFILE_KEYS = list(fixture("profile.json"))
ITEM_KEYS = ["post", "reason", "reply", "uri", "author", "record", "text", "createdAt", "did"]


@settings(max_examples=50, deadline=None)
@given(data=JSON_VALUES)
def test_parsers_never_crash_on_random_json(data):
    with contextlib.suppress(BadResponse):
        assert isinstance(parse_profile(data), BlueskyProfile)
    with contextlib.suppress(BadResponse):
        posts, cursor = parse_feed(data, DID, "alice.example.org")
        assert cursor is None or isinstance(cursor, str)
        assert all(isinstance(t, str) and t for t, *_ in posts)
    assert isinstance(labels_of(data), set)


@settings(max_examples=50, deadline=None)
@given(
    drop=st.sets(st.sampled_from(PROFILE_KEYS), max_size=6),
    junk=st.dictionaries(st.sampled_from(PROFILE_KEYS), JSON_VALUES, max_size=5),
)
def test_parse_profile_survives_mutated_profiles(drop, junk):
    data = fixture("profile.json")
    for key in drop:
        data.pop(key, None)
    data.update(junk)
    try:
        parsed = parse_profile(data)
    except CollectError:
        return
    assert all(link.startswith("https://") for link in parsed.links)
    assert parsed.avatar_url is None or parsed.avatar_url.startswith("http")


@settings(max_examples=50, deadline=None)
@given(index=st.integers(0, 3), key=st.sampled_from(ITEM_KEYS), value=JSON_VALUES)
def test_parse_feed_survives_mutated_items(index, key, value):
    data = fixture("feed_page1.json")
    item = data["feed"][index]
    for target in (item, item.get("post"), item.get("post", {}).get("record")):
        if isinstance(target, dict) and key in target:
            target[key] = value
    posts, _ = parse_feed(data, DID, "alice.example.org")
    assert len(posts) <= 2
    assert all(url is None or url.startswith("https://bsky.app/profile/") for _, _, url, _ in posts)


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=40))
def test_normalise_actor_accepts_or_explains(raw):
    try:
        name = normalise_actor(raw)
    except ValueError as exc:
        assert str(exc)
    else:
        assert name == name.lower() and normalise_actor(name) == name
        assert COLLECTOR.from_url(f"https://bsky.app/profile/{name}") == name
