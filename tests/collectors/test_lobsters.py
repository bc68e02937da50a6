"""The Lobsters collector against a local server answering like lobste.rs."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from collectors import lobsters
from collectors.errors import BadResponse, CollectError, NotFound, RateLimited
from collectors.lobsters import COLLECTOR
from tests import json_strategies
from tests.server import LocalServer

FIX = Path(__file__).resolve().parents[2] / "fixtures" / "lobsters"


def load(name: str) -> Any:
    return json.loads((FIX / name).read_text(encoding="utf-8"))


def raw(name: str) -> bytes:
    return (FIX / name).read_bytes()


@pytest.fixture
def ctx(make_ctx):
    """A context whose waits are recorded instead of spent (Lobsters asks for 1 s gaps, and
    ``host_settings=True`` lets the HTTP layer apply that request)."""
    context = make_ctx(host_settings=True)
    context.waits = []
    context.http.sleep = context.waits.append
    return context


def serve(server: LocalServer, *, page2: bool = True) -> None:
    server.route("/~alexexample.json").json(load("user.json"))
    server.route("/avatars/alexexample-100.png").reply(raw("avatar.png"), content_type="image/png")
    server.route("/~alexexample/stories.json").json(load("stories_page1.json"))
    if page2:
        server.route("/~alexexample/stories/page/2.json").json(load("stories_page2.json"))


# --- handles -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [("alice", "alice"), ("~alice", "alice"), ("u/Bob_1", "Bob_1"), ("@carol-x", "carol-x")],
)
def test_normalise(given: str, expected: str) -> None:
    assert COLLECTOR.normalise(given) == expected


@pytest.mark.parametrize("bad", ["", "-alice", "a b", "alice/x", "x" * 60, "ali.ce"])
def test_normalise_rejects(bad: str) -> None:
    with pytest.raises(ValueError):
        COLLECTOR.normalise(bad)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://lobste.rs/~alice", "alice"),
        ("https://lobste.rs/~alice/", "alice"),
        ("https://lobste.rs/u/alice", "alice"),
        ("https://lobste.rs/s/abcd12/some_story", None),
        ("https://lobste.rs/~alice/stories", None),
        ("https://example.org/~alice", None),
    ],
)
def test_from_url(url: str, expected: str | None) -> None:
    assert COLLECTOR.from_url(url) == expected
    assert COLLECTOR.profile_url("alice") == "https://lobste.rs/~alice"


# --- collection --------------------------------------------------------------------------


def test_full_profile(server: LocalServer, ctx) -> None:
    serve(server)
    profile = COLLECTOR.collect("~alexexample", ctx)
    assert profile.id == "lobsters:alexexample"
    assert profile.handle == "alexexample"
    assert profile.url == "https://lobste.rs/~alexexample"
    assert profile.created_at == "2020-01-01T14:30:00Z"
    assert profile.display_name is None
    assert profile.bio.startswith("Maps and routing. Writing at my blog.")
    assert "<" not in profile.bio
    assert profile.links == [
        "https://alex.example.org",
        "https://github.com/alex-example",
        "https://x.com/alexexample",
        "https://example.social/@alex",
        "https://keybase.io/alexexample",
        "https://blog.example.org/",
    ]
    assert profile.avatar.url == "https://lobste.rs/avatars/alexexample-100.png"
    assert profile.avatar.sha256 == hashlib.sha256(raw("avatar.png")).hexdigest()
    assert profile.collected.error is None


def test_stories_are_writing_with_pagination(server: LocalServer, ctx) -> None:
    serve(server)
    posts = COLLECTOR.collect("alexexample", ctx).posts
    assert len(posts) == 26
    first = posts[0]
    assert first.text == "Snapping GPS points to roads & paths\nI wrote up how we snap points."
    assert first.created_at == "2026-05-01T15:00:00Z"
    assert first.url == "https://lobste.rs/s/ab0001"
    assert posts[-1].text == "An older map story\nOlder text."
    # requests to lobste.rs were spaced out (the HTTP gate asked for ~1 s waits)
    assert ctx.waits and max(ctx.waits) > 0.5


def test_short_story_list_reads_one_page(server: LocalServer, ctx) -> None:
    server.route("/~quietperson.json").json(load("user_admin_minimal.json"))
    server.route("/avatars/quietperson-100.png").reply(b"", status=404)
    server.route("/~quietperson/stories.json").json(load("stories_empty.json"))
    profile = COLLECTOR.collect("quietperson", ctx)
    assert profile.bio is None
    assert profile.links == []  # a bare Mastodon name without its server is not an address
    assert profile.posts == []
    assert profile.avatar.url == "https://lobste.rs/avatars/quietperson-100.png"
    assert profile.avatar.sha256 is None
    assert not any("page/2" in request.path for request in server.requests)


def test_a_missing_second_page_keeps_the_first_and_blames_no_user(server: LocalServer, ctx) -> None:
    serve(server, page2=False)
    server.route("/~alexexample/stories/page/2.json").reply(
        (FIX / "not_found.html").read_bytes(), status=404, content_type="text/html"
    )
    profile = COLLECTOR.collect("alexexample", ctx)
    kept = len(profile.posts)
    assert kept > 0 and profile.status.partial
    reason = profile.status.reason or ""
    assert reason.startswith(f"the stories could not all be read: {kept} read, then bad response")
    assert "no user" not in reason


def test_max_posts_stops_before_page_two(server: LocalServer, make_ctx) -> None:
    serve(server, page2=False)
    context = make_ctx(max_posts=3)
    context.http.sleep = lambda seconds: None
    profile = COLLECTOR.collect("alexexample", context)
    assert len(profile.posts) == 3


def test_unknown_user_is_not_found(server: LocalServer, ctx) -> None:
    server.route("/~nobody.json").reply(raw("not_found.html"), status=404, content_type="text/html")
    with pytest.raises(NotFound, match="no user called 'nobody'"):
        COLLECTOR.collect("nobody", ctx)


def test_broken_stories_give_partial_profile(server: LocalServer, ctx) -> None:
    server.route("/~alexexample.json").json(load("user.json"))
    server.route("/avatars/alexexample-100.png").reply(raw("avatar.png"), content_type="image/png")
    server.route("/~alexexample/stories.json").reply(
        raw("not_found.html"), content_type="text/html"
    )
    profile = COLLECTOR.collect("alexexample", ctx)
    assert profile.bio
    assert profile.posts == []
    assert profile.collected.error.startswith("partial: the stories could not be read")


def test_throttled_is_rate_limited(server: LocalServer, ctx) -> None:
    server.route("/~alexexample.json").reply(
        "Throttled, sleep(1) between hits", status=429, headers={"Retry-After": "3600"}
    )
    with pytest.raises(RateLimited):
        COLLECTOR.collect("alexexample", ctx)


@pytest.mark.parametrize(
    "body",
    [
        raw("not_found.html"),
        b'{"username": "alexexample", "about": "<p>cut',
        b"null",
        b'["alexexample"]',
        b'{"username": null}',
        b"",
    ],
)
def test_malformed_profile_is_bad_response(server: LocalServer, ctx, body: bytes) -> None:
    server.route("/~alexexample.json").reply(body, content_type="application/json")
    with pytest.raises(BadResponse):
        COLLECTOR.collect("alexexample", ctx)


def test_mastodon_url_forms() -> None:
    assert lobsters.mastodon_url("alex@example.social") == "https://example.social/@alex"
    assert lobsters.mastodon_url("@alex@Example.Social") == "https://example.social/@alex"
    assert lobsters.mastodon_url("alex", "example.social") == "https://example.social/@alex"
    assert lobsters.mastodon_url("alex") is None
    assert lobsters.mastodon_url(42) is None


# --- property tests ----------------------------------------------------------------------

json_values = json_strategies.json_values()
user_like = st.dictionaries(
    st.sampled_from(
        [
            "username",
            "about",
            "homepage",
            "avatar_url",
            "created_at",
            "github_username",
            "twitter_username",
            "mastodon_username",
            "keybase_signatures",
        ]
    ),
    json_values | st.text(max_size=120),
    max_size=9,
)


@settings(max_examples=50, deadline=None)
@given(st.one_of(json_values, user_like))
def test_parse_user_never_crashes(data: Any) -> None:
    try:
        fields = lobsters.parse_user(data)
    except CollectError:
        return
    assert isinstance(fields["username"], str) and fields["username"]
    assert fields["bio"] is None or isinstance(fields["bio"], str)
    assert all(link.startswith("https://") for link in fields["links"])
    assert fields["created_at"] is None or fields["created_at"].endswith("Z")


story_like = st.dictionaries(
    st.sampled_from(
        ["title", "description", "description_plain", "created_at", "short_id_url", "url"]
    ),
    json_values | st.text(max_size=120),
    max_size=6,
)


@settings(max_examples=50, deadline=None)
@given(st.one_of(json_values, st.lists(st.one_of(story_like, json_values), max_size=5)))
def test_parse_stories_never_crashes(data: Any) -> None:
    try:
        stories = lobsters.parse_stories(data)
    except CollectError:
        return
    for text, when, url in stories:
        assert isinstance(text, str) and text
        assert when is None or when.endswith("Z")
        assert url is None or url.startswith(("http://", "https://"))


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=40))
def test_iso_time_never_crashes(text: str) -> None:
    result = lobsters.iso_time(text)
    assert result is None or result.endswith("Z")
