"""The Bluesky collector against a local server answering like the public AppView: whole
collections, by handle or DID, and the paging of the author feed. (Failures:
test_bluesky_failures.py; handles: test_bluesky_handles.py; the parsers:
test_bluesky_parsers.py.)"""

from __future__ import annotations

import json

from collectors.bluesky import COLLECTOR
from tests.collectors.bluesky_serving import (
    DID,
    FEED,
    FEED_QUERY,
    avatar,
    feed,
    fixture,
    profile_answer,
    serve,
)

# --- whole collections -----------------------------------------------------------------------


def test_full_profile_custom_domain_and_two_pages_of_posts(server, make_ctx):
    profile_answer(server)
    feed(server)
    avatar(server)
    profile = COLLECTOR.collect("@Alice.Example.org", make_ctx())

    assert profile.id == "bluesky:alice.example.org"
    assert profile.handle == "alice.example.org"
    assert profile.url == "https://bsky.app/profile/alice.example.org"
    assert profile.display_name == "Alice Example 🚆"
    assert profile.bio is not None and profile.bio.startswith("Maps, trains and open data.\nCode:")
    assert profile.links == [
        "https://alice.example.org",  # the custom-domain handle
        "https://alice.example.org/about",  # the website field
        "https://github.com/alice-example",  # in the order the bio writes them
        "https://blog.example.net/posts",
    ]
    assert profile.created_at == "2023-05-01T12:34:56.789Z"
    assert profile.avatar is not None and profile.avatar.sha256 and not profile.avatar.default
    assert [p.text for p in profile.posts] == [
        "The 07:42 to the coast was on time for once. Details: alice.example.org/trains",
        "Definitely the branch line — 40 minutes for 12 km.",
        "Evening walk, no trains involved.",
    ]
    first = profile.posts[0]
    assert first.url == "https://bsky.app/profile/alice.example.org/post/3lkxyztrain1a"
    assert first.created_at == "2025-03-05T07:50:00.000Z"
    assert (
        "https://alice.example.org/trains" not in profile.links
    )  # post links are not profile links
    assert profile.collected is not None and profile.collected.error is None
    assert profile.collected.source and "getProfile" in profile.collected.source


def test_bsky_social_handle_without_avatar_or_bio(server, make_ctx):
    profile_answer(server, "profile_no_avatar.json", actor="quietreader.bsky.social")
    serve(
        server,
        FEED,
        body='{"feed": []}',
        query={**FEED_QUERY, "actor": "did:plc:quietreader234567abcdefg"},
    )
    profile = COLLECTOR.collect("quietreader.bsky.social", make_ctx())
    assert profile.avatar is None
    assert profile.links == []  # a *.bsky.social handle is not a domain the person owns
    assert profile.bio is None and profile.display_name is None and profile.posts == []
    assert profile.collected is not None and profile.collected.error is None


def test_collect_by_did(server, make_ctx):
    profile_answer(server, actor=DID)
    serve(server, FEED, body='{"feed": []}', query=FEED_QUERY)
    avatar(server)
    profile = COLLECTOR.collect(DID, make_ctx())
    assert profile.id == f"bluesky:{DID}"
    assert profile.handle == "alice.example.org"
    assert profile.url == "https://bsky.app/profile/alice.example.org"


def test_max_posts_stops_before_the_second_page(server, make_ctx):
    profile_answer(server)
    feed(server)
    avatar(server)
    profile = COLLECTOR.collect("alice.example.org", make_ctx(max_posts=1))
    assert len(profile.posts) == 1
    assert not any("cursor" in r.query for r in server.requests)


def test_pagination_stops_at_the_page_cap(server, make_ctx):
    profile_answer(server)
    avatar(server)
    page = fixture("feed_page2.json")
    page["feed"] = page["feed"][:1]  # one new post a page, every page with a next cursor
    for n in range(12):
        page["cursor"] = f"c{n + 1}"
        page["feed"][0]["post"]["uri"] = f"at://{DID}/app.bsky.feed.post/3lpage{n}"
        query = FEED_QUERY if n == 0 else {**FEED_QUERY, "cursor": f"c{n}"}
        serve(server, FEED, body=json.dumps(page), query=query)
    profile = COLLECTOR.collect("alice.example.org", make_ctx())
    assert len([r for r in server.requests if r.path == FEED]) == 5
    assert len(profile.posts) == 5


def test_handle_invalid_is_collected_by_did_and_flagged(server, make_ctx):
    did = "did:plc:losthandle234567abcdefgh"
    profile_answer(server, "profile_handle_invalid.json", actor=did)
    serve(server, FEED, body='{"feed": []}', query={**FEED_QUERY, "actor": did})
    profile = COLLECTOR.collect(did, make_ctx())
    assert profile.handle == did
    assert profile.links == []
    assert profile.collected is not None and profile.collected.error is not None
    assert "handle.invalid" in profile.collected.error
