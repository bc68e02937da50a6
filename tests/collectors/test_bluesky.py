"""The Bluesky collector against a local server answering like the public AppView."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from collectors.bluesky import (
    COLLECTOR,
    BlueskyProfile,
    bio_links,
    labels_of,
    parse_feed,
    parse_profile,
    post_url,
)
from collectors.errors import BadResponse, CollectError, NotFound, Private, Suspended
from linkage.platforms import normalise_actor
from tests.server import LocalServer

FIX = Path(__file__).resolve().parents[2] / "fixtures" / "bluesky"
APPVIEW = "public.api.bsky.app"
PROFILE = "/xrpc/app.bsky.actor.getProfile"
FEED = "/xrpc/app.bsky.feed.getAuthorFeed"
DID = "did:plc:aliceexample234567abcdef"
FEED_QUERY = {"actor": DID, "limit": "100", "filter": "posts_with_replies"}
AVATAR = f"/img/avatar/plain/{DID}/bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy@jpeg"


def text(name: str) -> str:
    return (FIX / name).read_text(encoding="utf-8")


def fixture(name: str) -> Any:
    return json.loads(text(name))


def jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), (30, 90, 200)).save(buffer, format="JPEG")
    return buffer.getvalue()


def serve(
    server: LocalServer,
    path: str,
    name: str | None = None,
    *,
    query: dict[str, str] | None = None,
    status: int = 200,
    body: str | None = None,
    content_type: str = "application/json; charset=utf-8",
) -> None:
    data = body if body is not None else text(name) if name else ""
    server.route(path, query=query, headers={"Host": APPVIEW}).reply(
        data, status=status, content_type=content_type
    )


def profile_answer(
    server: LocalServer, name: str = "profile.json", actor: str = "alice.example.org", **kw: Any
) -> None:
    serve(server, PROFILE, name, query={"actor": actor}, **kw)


def feed(server: LocalServer) -> None:
    serve(server, FEED, "feed_page1.json", query=FEED_QUERY)
    cursor = fixture("feed_page1.json")["cursor"]
    serve(server, FEED, "feed_page2.json", query={**FEED_QUERY, "cursor": cursor})


def avatar(server: LocalServer) -> None:
    server.route(AVATAR, headers={"Host": "cdn.bsky.app"}).reply(jpeg(), content_type="image/jpeg")


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
        "https://blog.example.net/posts",
        "https://github.com/alice-example",
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


# --- errors ----------------------------------------------------------------------------------


def test_profile_not_found(server, make_ctx):
    profile_answer(server, "error_profile_not_found.json", actor="nobody.bsky.social", status=400)
    with pytest.raises(NotFound, match="Check the spelling"):
        COLLECTOR.collect("nobody.bsky.social", make_ctx())


def test_account_takedown_is_suspended(server, make_ctx):
    profile_answer(server, "error_account_takedown.json", status=400)
    with pytest.raises(Suspended, match="taken down"):
        COLLECTOR.collect("alice.example.org", make_ctx())


def test_account_deactivated_is_not_found_with_a_reason(server, make_ctx):
    profile_answer(server, "error_account_deactivated.json", status=400)
    with pytest.raises(NotFound, match="deactivated"):
        COLLECTOR.collect("alice.example.org", make_ctx())


def test_no_unauthenticated_label_is_private_and_nothing_more_is_read(server, make_ctx):
    profile_answer(server, "profile_no_unauthenticated.json", actor="hidden.bsky.social")
    with pytest.raises(Private, match="logged-out"):
        COLLECTOR.collect("hidden.bsky.social", make_ctx())
    assert [r.path for r in server.requests] == [PROFILE]


def test_feed_error_gives_a_partial_profile(server, make_ctx):
    profile_answer(server)
    avatar(server)
    serve(server, FEED, "error_profile_not_found.json", query=FEED_QUERY, status=400)
    profile = COLLECTOR.collect("alice.example.org", make_ctx())
    assert profile.display_name == "Alice Example 🚆"
    assert profile.posts == []
    assert profile.status.partial
    assert (profile.status.reason or "").startswith("the posts could not be read: bad response (")


@pytest.mark.parametrize(
    ("status", "body", "kind"),
    [
        (500, "error_internal.json", "server error"),
        (400, "error_profile_not_found.json", "bad response"),
        (400, None, "bad response"),
    ],
)
def test_a_failing_cursor_page_keeps_page_one_and_says_so(server, make_ctx, status, body, kind):
    """Page 1 of the author feed answers, the page its cursor names fails: the posts of page 1
    stay, and the status says how many were read and what the AppView answered."""
    profile_answer(server)
    avatar(server)
    serve(server, FEED, "feed_page1.json", query=FEED_QUERY)
    cursor = fixture("feed_page1.json")["cursor"]
    expired = '{"error": "InvalidRequest", "message": "Malformed cursor"}'
    serve(
        server,
        FEED,
        body,
        body=None if body else expired,
        query={**FEED_QUERY, "cursor": cursor},
        status=status,
    )
    profile = COLLECTOR.collect("alice.example.org", make_ctx(max_wait=0.05))

    assert len(profile.posts) == 2  # the account's own posts on page 1 (not the repost)
    assert profile.ok and profile.status.partial
    reason = profile.status.reason or ""
    assert reason.startswith(f"the posts could not all be read: 2 read, then {kind} (")
    assert "page 2" in reason or kind == "server error"
    assert "Check the spelling" not in reason and "not the posts" not in reason


def test_an_unresolved_handle_and_failing_posts_are_both_said(server, make_ctx):
    answer = fixture("profile_handle_invalid.json")
    actor = answer["did"]
    serve(server, PROFILE, body=json.dumps(answer), query={"actor": actor})
    serve(server, FEED, "error_internal.json", query={**FEED_QUERY, "actor": actor}, status=502)
    with contextlib.suppress(Exception):
        avatar(server)
    profile = COLLECTOR.collect(actor, make_ctx(max_wait=0.05))
    reasons = profile.status.reasons
    assert len(reasons) == 2
    assert reasons[0].startswith("the account's handle no longer resolves")
    assert reasons[1].startswith("the posts could not be read: server error (")


def test_html_instead_of_json(server, make_ctx):
    profile_answer(server, "error_page.html", content_type="text/html")
    with pytest.raises(BadResponse, match="web page"):
        COLLECTOR.collect("alice.example.org", make_ctx())


def test_truncated_json(server, make_ctx):
    profile_answer(server, body=text("profile.json")[:200])
    with pytest.raises(BadResponse, match="truncated"):
        COLLECTOR.collect("alice.example.org", make_ctx())


def test_null_profile_is_not_found(server, make_ctx):
    profile_answer(server, body="null")
    with pytest.raises(NotFound):
        COLLECTOR.collect("alice.example.org", make_ctx())


def test_profile_without_did_is_a_bad_response(server, make_ctx):
    profile_answer(server, body='{"handle": "alice.example.org"}')
    with pytest.raises(BadResponse, match="not a profile"):
        COLLECTOR.collect("alice.example.org", make_ctx())


def test_error_with_html_body(server, make_ctx):
    profile_answer(server, "error_page.html", status=400, content_type="text/html")
    with pytest.raises(BadResponse, match="HTTP 400"):
        COLLECTOR.collect("alice.example.org", make_ctx())


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


# --- parsers ---------------------------------------------------------------------------------


def test_post_url():
    assert post_url(f"at://{DID}/app.bsky.feed.post/3lk2", "a.example.org") == (
        "https://bsky.app/profile/a.example.org/post/3lk2"
    )
    assert post_url(f"at://{DID}/app.bsky.feed.like/3lk2", "a.example.org") is None
    assert post_url(None, "a.example.org") is None


def test_bio_links_finds_urls_and_bare_domains_but_not_mentions():
    bio = "Site: https://a.example.org. Code at github.com/alice, fan of @bob.bsky.social"
    assert bio_links(bio) == ["https://a.example.org", "github.com/alice"]


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
