"""The dev.to collector against a local server answering like the Forem API."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from collectors import devto
from collectors.devto import COLLECTOR
from collectors.errors import BadResponse, CollectError, NotFound
from tests import json_strategies
from tests.server import LocalServer

FIX = Path(__file__).resolve().parents[2] / "fixtures" / "devto"
ACCEPT = {"Accept": "application/vnd.forem.api-v1+json"}
# the picture's address embeds another (percent-encoded) address; match its ends only
IMAGE_PATH = re.compile(r"^/dynamic/image/width=640,.*profile_image.*123456.*alex\.png$")


def load(name: str) -> Any:
    return json.loads((FIX / name).read_text(encoding="utf-8"))


def raw(name: str) -> bytes:
    return (FIX / name).read_bytes()


def serve(server: LocalServer, *, bodies: bool = True) -> None:
    server.route("/api/users/by_username", query={"url": "alexexample"}, headers=ACCEPT).json(
        load("user.json")
    )
    server.route(IMAGE_PATH).reply(raw("profile_image.png"), content_type="image/png")
    for page in (1, 2):
        server.route(
            "/api/articles",
            query={"username": "alexexample", "per_page": "30", "page": str(page)},
            headers=ACCEPT,
        ).json(load(f"articles_page{page}.json"))
    if bodies:
        server.route("/api/articles/900001").json(load("article_900001.json"))
        for article_id in (900002, 900003):
            server.route(f"/api/articles/{article_id}").json(
                {"error": "not found", "status": 404}, status=404
            )


# --- handles -----------------------------------------------------------------------------


@pytest.mark.parametrize(("given", "expected"), [("alice", "alice"), ("@Alice_1", "alice_1")])
def test_normalise(given: str, expected: str) -> None:
    assert COLLECTOR.normalise(given) == expected


@pytest.mark.parametrize("bad", ["", "a-b", "a b", "x" * 31, "api", "alice/post"])
def test_normalise_rejects(bad: str) -> None:
    with pytest.raises(ValueError):
        COLLECTOR.normalise(bad)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://dev.to/alexexample", "alexexample"),
        ("https://dev.to/AlexExample/", "alexexample"),
        ("https://dev.to/alexexample/snapping-points-abcd", None),
        ("https://dev.to/t/python", None),
        ("https://dev.to/latest", None),
        ("https://example.org/alexexample", None),
    ],
)
def test_from_url(url: str, expected: str | None) -> None:
    assert COLLECTOR.from_url(url) == expected
    assert COLLECTOR.profile_url("alice") == "https://dev.to/alice"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Oct  7, 2019", "2019-10-07"),
        ("Jan 1, 2020", "2020-01-01"),
        ("Sept 30, 2021", "2021-09-30"),
        ("2020-01-01", None),
        ("Foo 1, 2020", None),
        (None, None),
    ],
)
def test_joined_date(value: Any, expected: str | None) -> None:
    assert devto.joined_date(value) == expected


# --- collection --------------------------------------------------------------------------


def test_full_profile(server: LocalServer, make_ctx) -> None:
    serve(server)
    profile = COLLECTOR.collect("AlexExample", make_ctx())
    assert profile.id == "devto:alexexample"
    assert profile.handle == "alexexample"
    assert profile.url == "https://dev.to/alexexample"
    assert profile.display_name == "Alex Example"
    assert profile.location == "Exampleton"
    assert profile.created_at == "2019-10-07"
    # summary is plain text: markup in it is kept as typed, never interpreted
    assert profile.bio == "Maps, routing & <b>open data</b>. More at alex.example.org"
    assert profile.links == [
        "https://alex.example.org",
        "https://github.com/alex-example",
        "https://x.com/alexexample",
    ]
    assert profile.avatar.sha256 == hashlib.sha256(raw("profile_image.png")).hexdigest()
    assert profile.collected.error is None


def test_articles_with_pagination_and_bodies(server: LocalServer, make_ctx) -> None:
    serve(server)
    posts = COLLECTOR.collect("alexexample", make_ctx()).posts
    assert len(posts) == 31
    first = posts[0]
    assert first.url == "https://dev.to/alexexample/post-1-abcd"
    assert first.created_at == "2026-05-01T10:00:00Z"
    assert first.text.startswith("Snapping points to roads\nWe snap each GPS point")
    assert "The trick is a good spatial index." in first.text
    for noise in ("index.nearest", "Someone asked", "published: true", "embed"):
        assert noise not in first.text
    # the body could not be read: the description stands in
    assert posts[1].text == "Routing note 2\nShort note number 2 about routing."
    assert posts[-1].text == "An older post\nFrom the archive."
    bodies = [r.path for r in server.requests if r.path.startswith("/api/articles/")]
    assert bodies == ["/api/articles/900001", "/api/articles/900002", "/api/articles/900003"]


def test_max_posts_limits_requests(server: LocalServer, make_ctx) -> None:
    serve(server)
    profile = COLLECTOR.collect("alexexample", make_ctx(max_posts=2))
    assert len(profile.posts) == 2
    assert not any(r.args.get("page") == "2" for r in server.requests)


def test_unknown_user_is_not_found(server: LocalServer, make_ctx) -> None:
    server.route("/api/users/by_username").json(load("user_not_found.json"), status=404)
    with pytest.raises(NotFound, match="no user called 'nobody'"):
        COLLECTOR.collect("nobody", make_ctx())


def test_not_found_with_status_200(server: LocalServer, make_ctx) -> None:
    server.route("/api/users/by_username").json(load("user_not_found.json"))
    with pytest.raises(NotFound):
        COLLECTOR.collect("nobody", make_ctx())


def test_broken_article_list_gives_partial_profile(server: LocalServer, make_ctx) -> None:
    server.route("/api/users/by_username").json(load("user.json"))
    server.route(IMAGE_PATH).reply(b"not an image")
    server.route("/api/articles").reply(
        b'[{"id": 900001, "title": "Snapp', content_type="application/json"
    )
    profile = COLLECTOR.collect("alexexample", make_ctx())
    assert profile.display_name == "Alex Example"
    assert profile.avatar.sha256 is None  # undecodable picture: address only
    assert profile.posts == []
    assert profile.collected.error.startswith(
        "partial: the articles could not be read: bad response"
    )


def test_a_failing_second_page_keeps_the_first_and_blames_no_user(
    server: LocalServer, make_ctx
) -> None:
    server.route("/api/users/by_username").json(load("user.json"))
    server.route(IMAGE_PATH).reply(raw("profile_image.png"))
    query = {"username": "alexexample", "per_page": "30"}
    server.route("/api/articles", query={**query, "page": "1"}).json(load("articles_page1.json"))
    server.route("/api/articles", query={**query, "page": "2"}).json(
        {"error": "not found", "status": 404}, status=404
    )
    server.route("/api/articles/900001").json(load("article_900001.json"))
    profile = COLLECTOR.collect("alexexample", make_ctx())
    assert len(profile.posts) == len(load("articles_page1.json"))
    reason = profile.status.reason or ""
    assert reason.startswith(f"the articles could not all be read: {len(profile.posts)} read, ")
    assert "though the profile itself was read" in reason and "(HTTP 404)" in reason
    assert "no user" not in reason


@pytest.mark.parametrize(
    "body",
    [
        b"<!DOCTYPE html><html><body>Be right back</body></html>",
        b'{"type_of": "user", "username": "alexex',
        b"null",
        b"[]",
        b'{"type_of": "user"}',
    ],
)
def test_malformed_profile_is_bad_response(server: LocalServer, make_ctx, body: bytes) -> None:
    server.route("/api/users/by_username").reply(body, content_type="application/json")
    with pytest.raises(BadResponse):
        COLLECTOR.collect("alexexample", make_ctx())


# --- property tests ----------------------------------------------------------------------

json_values = json_strategies.json_values()
user_like = st.dictionaries(
    st.sampled_from(
        [
            "username",
            "name",
            "summary",
            "location",
            "website_url",
            "github_username",
            "twitter_username",
            "joined_at",
            "profile_image",
            "status",
        ]
    ),
    json_values | st.text(max_size=120),
    max_size=10,
)
article_like = st.dictionaries(
    st.sampled_from(["id", "title", "description", "url", "published_at", "body_markdown"]),
    json_values | st.text(max_size=200),
    max_size=6,
)


@settings(max_examples=50, deadline=None)
@given(st.one_of(json_values, user_like))
def test_parse_user_never_crashes(data: Any) -> None:
    try:
        fields = devto.parse_user(data)
    except CollectError:
        return
    assert isinstance(fields["username"], str)
    assert all(link.startswith("https://") for link in fields["links"])
    assert fields["profile_image"] is None or fields["profile_image"].startswith("http")


@settings(max_examples=50, deadline=None)
@given(st.one_of(json_values, st.lists(st.one_of(article_like, json_values), max_size=5)))
def test_parse_articles_never_crashes(data: Any) -> None:
    try:
        articles = devto.parse_articles(data)
    except CollectError:
        return
    for article in articles:
        assert article["id"] is None or isinstance(article["id"], int)
        assert article["url"] is None or article["url"].startswith("http")


@settings(max_examples=50, deadline=None)
@given(st.one_of(json_values, article_like), st.text(max_size=40))
def test_article_body_and_joined_date_never_crash(data: Any, text: str) -> None:
    body = devto.article_body(data)
    assert body is None or isinstance(body, str)
    joined = devto.joined_date(text)
    assert joined is None or len(joined) == 10
