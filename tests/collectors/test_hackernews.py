"""The Hacker News collector against a local server answering like Firebase and Algolia do."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from collectors import hackernews
from collectors.errors import BadResponse, CollectError, NotFound
from tests.server import LocalServer

FIX = Path(__file__).resolve().parents[2] / "fixtures" / "hackernews"
COLLECTOR = hackernews.COLLECTOR
SEARCH = "/api/v1/search_by_date"


def fixture(name: str) -> str:
    return (FIX / name).read_text(encoding="utf-8")


def serve(server: LocalServer, path: str, body: str, status: int = 200, **match: Any) -> None:
    server.route(path, **match).reply(
        body, status=status, content_type="application/json; charset=utf-8"
    )


def serve_search(server: LocalServer, kind: str, page: int, body: str, status: int = 200) -> None:
    query = {"tags": f"{kind},author_AlexExample", "hitsPerPage": "100", "page": str(page)}
    serve(server, SEARCH, body, status, query=query, headers={"Host": "hn.algolia.com"})


def serve_user(server: LocalServer, name: str = "AlexExample", body: str | None = None) -> None:
    serve(
        server,
        f"/v0/user/{name}.json",
        body if body is not None else fixture("user.json"),
        headers={"Host": "hacker-news.firebaseio.com"},
    )


def serve_items(server: LocalServer) -> None:
    for path in sorted(FIX.glob("item_*.json")):
        item_id = path.stem.removeprefix("item_")
        serve(server, f"/v0/item/{item_id}.json", path.read_text(encoding="utf-8"))


def serve_all(server: LocalServer) -> None:
    serve_user(server)
    serve_search(server, "comment", 0, fixture("algolia_comments_page0.json"))
    serve_search(server, "comment", 1, fixture("algolia_comments_page1.json"))
    serve_search(server, "story", 0, fixture("algolia_stories.json"))


def paths(server: LocalServer) -> list[str]:
    return [request.target for request in server.requests]


# --- a full profile --------------------------------------------------------------------------


def test_full_profile(server: LocalServer, make_ctx) -> None:
    serve_all(server)
    profile = COLLECTOR.collect("AlexExample", make_ctx())

    assert profile.id == "hackernews:AlexExample"
    assert profile.platform == "hackernews"
    assert profile.handle == "AlexExample"
    assert profile.url == "https://news.ycombinator.com/user?id=AlexExample"
    assert profile.display_name is None and profile.avatar is None and profile.location is None
    assert profile.created_at == "2017-07-14T02:40:00Z"
    assert profile.bio is not None
    assert profile.bio.startswith(
        "Cartographer and occasional Rust tinkerer. Writing at https://alex.example.org/"
    )
    assert "[ my public key: https://keybase.io/alexexample;" in profile.bio
    assert profile.links == [
        "https://alex.example.org/",
        "https://keybase.io/alexexample",
        "https://keybase.io/alexexample/sigs/AbCdEf0123",
        "https://x.com/alexmaps",
    ]
    assert profile.collected is not None and profile.collected.error is None
    assert profile.collected.source == "https://hacker-news.firebaseio.com/v0/user/AlexExample.json"


def test_writing_from_algolia(server: LocalServer, make_ctx) -> None:
    serve_all(server)
    posts = COLLECTOR.collect("AlexExample", make_ctx()).posts
    texts = [post.text for post in posts]

    assert texts == [
        "Vector tiles are great until you need to label curved roads. "
        "We ended up precomputing label paths offline.",
        "Because area distortion near the poles makes the choropleth lie. "
        "An equal-area projection fixes that.",
        "I disagree; most of the craft is typography and restraint.",
        "Show HN: A tiny map renderer\n\nI built a tiny renderer for hiking maps.\n\n"
        "It draws contours from open elevation data.",
        "Here is how I do it:\n\nIt compiles in under a second & runs anywhere.",
        "Projections explained with oranges",
    ]
    assert posts[0].created_at == "2026-01-02T10:00:00Z"
    assert posts[0].url == "https://news.ycombinator.com/item?id=40000012"
    assert posts[3].url == "https://news.ycombinator.com/item?id=40000009"
    assert not any("Someone else" in text for text in texts)  # another author's hit


def test_writing_limit_stops_paging(server: LocalServer, make_ctx) -> None:
    serve_all(server)
    posts = COLLECTOR.collect("AlexExample", make_ctx(max_posts=2)).posts
    assert len(posts) == 2
    assert not any("page=1" in path for path in paths(server))


def test_not_found_is_null(server: LocalServer, make_ctx) -> None:
    serve_user(server, "nobody", fixture("user_not_found.json"))
    with pytest.raises(NotFound, match="no user called 'nobody'"):
        COLLECTOR.collect("nobody", make_ctx())
    assert len(server.requests) == 1


def test_minimal_user(server: LocalServer, make_ctx) -> None:
    serve_user(server, "quietone", fixture("user_minimal.json"))
    empty = json.dumps({"hits": [], "nbPages": 0, "page": 0})
    for kind in ("comment", "story"):
        serve(server, SEARCH, empty, query={"tags": f"{kind},author_quietone"})
    profile = COLLECTOR.collect("quietone", make_ctx())
    assert profile.bio is None and profile.links == [] and profile.posts == []
    assert profile.collected is not None and profile.collected.error is None


def test_script_in_about_stays_text(server: LocalServer, make_ctx) -> None:
    serve_user(server, "Scripty", fixture("user_script_about.json"))
    server.route(SEARCH).json({"hits": [], "nbPages": 0})
    profile = COLLECTOR.collect("Scripty", make_ctx())
    assert profile.bio == 'I like <script>alert("hi")</script> tags and italics.'
    assert "alert(2)" not in (profile.bio or "")


# --- when Algolia fails: the item API ------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "status"), [("<html>Bad gateway</html>", 200), ('{"message": "gone"}', 410)]
)
def test_fallback_to_items(server: LocalServer, make_ctx, body: str, status: int) -> None:
    serve_user(server)
    server.route(SEARCH).reply(body, status=status)
    serve_items(server)  # 40000007 is missing: a 500, skipped
    profile = COLLECTOR.collect("AlexExample", make_ctx())
    assert [post.text for post in profile.posts] == [
        "Vector tiles are great until you need to label curved roads.",
        "Show HN: A tiny map renderer\n\nI built a tiny renderer for hiking maps.",
        "My own words here.",
    ]
    assert profile.posts[0].url == "https://news.ycombinator.com/item?id=40000012"
    assert profile.posts[0].created_at == "2026-01-02T10:00:00Z"
    # one item answered 500: the profile says so, and why the item API was used at all
    assert profile.status.reason is not None
    assert profile.status.reason.startswith(
        "1 of the 6 most recent items could not be read, after the search (Algolia) failed: "
        "bad response"
    )
    item_requests = [p for p in paths(server) if p.startswith("/v0/item/")]
    assert len({p for p in item_requests}) == 6


def test_a_failing_second_search_page_keeps_the_first(server: LocalServer, make_ctx) -> None:
    serve_user(server)
    serve_search(server, "comment", 0, fixture("algolia_comments_page0.json"))
    serve_search(server, "comment", 1, '{"message": "Too many requests"}', status=503)
    serve_search(server, "story", 0, fixture("algolia_stories.json"))
    profile = COLLECTOR.collect("AlexExample", make_ctx(max_wait=0.05))
    assert len(profile.posts) == 5  # page 0 of the comments and the stories
    (reason,) = profile.status.reasons
    assert reason.startswith(
        "the comment search results (Algolia) could not all be read: 3 read, then server error ("
    )
    assert not any("/v0/item/" in p for p in paths(server))  # no fallback: nothing lost


def test_fallback_fails_too_is_partial(server: LocalServer, make_ctx) -> None:
    serve_user(server)
    server.route(SEARCH).reply("not json", status=200)
    server.route("/v0/item/40000012.json").reply("<html>", status=200)
    profile = COLLECTOR.collect("AlexExample", make_ctx(max_retries=0))
    assert profile.bio is not None and profile.posts == []
    assert profile.collected is not None and profile.collected.error is not None
    assert profile.collected.error.startswith("partial: ")


# --- malformed answers -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "<!DOCTYPE html><html><body>Sorry.</body></html>",
        fixture("user.json")[:120],
        '"AlexExample"',
        "[1, 2]",
        '{"karma": 5}',
        "",
    ],
    ids=["html", "truncated", "string", "list", "no-id", "empty"],
)
def test_malformed_user_is_bad_response(server: LocalServer, make_ctx, body: str) -> None:
    serve_user(server, body=body)
    with pytest.raises(BadResponse):
        COLLECTOR.collect("AlexExample", make_ctx())


# --- handles ---------------------------------------------------------------------------------


def test_names_are_case_sensitive() -> None:
    assert COLLECTOR.normalise(" AlexExample ") == "AlexExample"
    assert (
        COLLECTOR.profile_url("AlexExample") == "https://news.ycombinator.com/user?id=AlexExample"
    )


@pytest.mark.parametrize("raw", ["", "alex example", "alex/../x", "a" * 40, "alex?id=1"])
def test_normalise_rejects(raw: str) -> None:
    with pytest.raises(ValueError):
        COLLECTOR.normalise(raw)


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("https://news.ycombinator.com/user?id=AlexExample", "AlexExample"),
        ("https://news.ycombinator.com/user?id=pg&p=2", "pg"),
        ("https://news.ycombinator.com/item?id=40000012", None),
        ("https://news.ycombinator.com/user", None),
        ("https://example.org/user?id=AlexExample", None),
    ],
)
def test_from_url(url: str, name: str | None) -> None:
    assert COLLECTOR.from_url(url) == name


# --- property tests of the parsers ----------------------------------------------------------

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=20,
)
USER = json.loads(fixture("user.json"))
HITS = json.loads(fixture("algolia_comments_page0.json"))


def mutate(value: Any, data: st.DataObject, depth: int = 0) -> Any:
    if isinstance(value, dict) and depth < 4:
        out = {}
        for key, item in value.items():
            choice = data.draw(st.sampled_from(["keep", "keep", "drop", "replace"]))
            if choice == "keep":
                out[key] = mutate(item, data, depth + 1)
            elif choice == "replace":
                out[key] = data.draw(JSON)
        return out
    if isinstance(value, list) and depth < 4:
        return [mutate(item, data, depth + 1) for item in value]
    return value


@settings(max_examples=50, deadline=None)
@given(JSON)
def test_parsers_never_crash_on_any_json(body: Any) -> None:
    for parse in (
        lambda: hackernews.parse_user(body, "x"),
        lambda: hackernews.parse_hits(body, "x"),
    ):
        with contextlib.suppress(CollectError):
            parse()
    item = hackernews.parse_item(body, "x")
    assert item is None or isinstance(item[1], str)


@settings(max_examples=50, deadline=None)
@given(st.data())
def test_parsers_survive_mutated_fixtures(data: st.DataObject) -> None:
    try:
        fields = hackernews.parse_user(mutate(USER, data), "AlexExample")
    except CollectError:
        pass
    else:
        assert all(isinstance(i, int) for i in fields["submitted"])
        assert all(link.startswith("https://") for link in fields["links"])
    try:
        items, pages = hackernews.parse_hits(mutate(HITS, data), "AlexExample")
    except CollectError:
        pass
    else:
        assert isinstance(pages, int)
        assert all(
            text and (url is None or url.startswith("https://")) for _, text, _, url in items
        )


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=300))
def test_writing_never_keeps_quote_lines(html: str) -> None:
    text = hackernews.writing_from_html(html)
    assert not any(line.lstrip().startswith(">") for line in text.split("\n"))


@settings(max_examples=50, deadline=None)
@given(st.text(alphabet="abcdefghij KLMNOP.,;!?0123456789", min_size=1, max_size=200))
def test_plain_writing_is_kept(words: str) -> None:
    assert hackernews.writing_from_html(words) == hackernews.tidy(words)
