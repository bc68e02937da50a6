"""The Mastodon collector against a local server answering like real Mastodon instances: whole
profiles, verified links, delegated servers, default avatars and moved accounts."""

from __future__ import annotations

import json

from collectors.mastodon import COLLECTOR
from collectors.mastodon_fields import verified_links
from tests.collectors.mastodon_serving import (
    AVATAR,
    FIRST_PAGE,
    avatar,
    fixture,
    lookup,
    png,
    serve,
    statuses,
    text,
    webfinger,
)


def test_full_profile_with_verified_fields_and_two_pages_of_posts(server, make_ctx):
    webfinger(server)
    lookup(server)
    statuses(server)
    avatar(server)
    profile = COLLECTOR.collect("@Alice@Example.social", make_ctx())

    assert profile.id == "mastodon:alice@example.social"
    assert profile.handle == "alice@example.social"
    assert profile.url == "https://example.social/@alice"
    assert profile.display_name == "Alice Example"
    assert profile.bio is not None
    assert profile.bio.startswith("Maps, trains and #opendata.")
    assert ":blobcat:" not in profile.bio
    assert "notes.example.org/alice" in profile.bio
    assert profile.verified_links == ["https://alice.example.org"]
    assert profile.links == [
        "https://alice.example.org",  # verified first
        "https://blog.example.net/",
        "https://github.com/alice-example",
        "https://other.example/@alice_alt",
        "https://notes.example.org/alice",
    ]
    assert profile.created_at == "2022-11-05T00:00:00.000Z"
    assert profile.avatar is not None and profile.avatar.default is False
    assert profile.avatar.url and profile.avatar.url.endswith(AVATAR)
    assert profile.avatar.sha256 and profile.avatar.phash
    texts = [p.text for p in profile.posts]
    assert texts == [
        "The 07:42 to the coast was on time for once. Small victories.",
        "honestly the old timetable was easier to read.",
        "TV finale\n\nSpoilers for the finale below.\n\nThey missed the train.",
        "Quietly unlisted thought.",  # unlisted: public writing; followers-only is not
        "Disagree, lifts never have a buffet car.",
        "Mapped three new footpaths near the river today #opendata",
        "Evening walk, no trains involved.",
    ]
    assert profile.posts[0].created_at == "2026-05-02T18:20:11.000Z"
    assert profile.posts[0].url == "https://example.social/@alice/112000000000000010"
    assert profile.collected is not None and profile.collected.error is None
    assert profile.collected.source and "/api/v1/accounts/lookup" in profile.collected.source


def test_verified_links_only_lists_fields_with_verified_at():
    assert verified_links(fixture("account.json")) == ["https://alice.example.org"]
    assert verified_links(fixture("account_default_avatar.json")) == []
    assert verified_links(None) == []


def test_webfinger_delegates_to_another_server_host(server, make_ctx):
    webfinger(server, "webfinger_delegated.json")
    account = fixture("account.json")
    account["url"] = "https://mastodon.example.social/@alice"
    lookup(server, body=json.dumps(account), host="mastodon.example.social")
    statuses(server, host="mastodon.example.social")
    avatar(server)
    profile = COLLECTOR.collect("alice@example.social", make_ctx())
    assert profile.id == "mastodon:alice@example.social"
    assert profile.handle == "alice@example.social"
    assert profile.url == "https://mastodon.example.social/@alice"
    assert len(profile.posts) == 7  # six public, one unlisted
    assert profile.collected is not None and profile.collected.error is None
    hosts = {request.headers["Host"] for request in server.requests}
    assert "mastodon.example.social" in hosts


def test_default_avatar_and_empty_profile(server, make_ctx):
    serve(
        server,
        "/.well-known/webfinger",
        body=text("webfinger.json").replace("alice", "quietreader"),
        query={"resource": "acct:quietreader@example.social"},
    )
    serve(
        server,
        "/api/v1/accounts/lookup",
        "account_default_avatar.json",
        query={"acct": "quietreader"},
    )
    serve(server, "/api/v1/accounts/109000000000000002/statuses", body="[]", query=FIRST_PAGE)
    server.route("/avatars/original/missing.png").reply(
        png((128, 128, 128)), content_type="image/png"
    )
    profile = COLLECTOR.collect("quietreader@example.social", make_ctx())
    assert profile.avatar is not None and profile.avatar.default is True
    assert profile.display_name is None and profile.bio is None
    assert profile.links == [] and profile.posts == []
    assert profile.collected is not None and profile.collected.error is None


def test_moved_account_links_to_the_new_one(server, make_ctx):
    serve(
        server,
        "/.well-known/webfinger",
        body=text("webfinger.json").replace("example.social", "old.example.social"),
        host="old.example.social",
        query={"resource": "acct:alice@old.example.social"},
    )
    lookup(server, "account_moved.json", host="old.example.social")
    serve(
        server,
        "/api/v1/accounts/109000000000000004/statuses",
        body="[]",
        host="old.example.social",
        query=FIRST_PAGE,
    )
    profile = COLLECTOR.collect("alice@old.example.social", make_ctx())
    assert "https://example.social/@alice" in profile.links
