"""The Stack Exchange collector against a local server answering like API 2.3: a full profile,
its writing, paging and backoff, pictures, a given filter and key. (Failures:
test_stackexchange_failures.py; handles: test_stackexchange_handles.py; the parsers:
test_stackexchange_parsers.py.)"""

from __future__ import annotations

import hashlib
from typing import Any

from collectors import stackexchange as se
from collectors.stackexchange import COLLECTOR
from tests.collectors.stackexchange_serving import (
    MD5,
    UID,
    load,
    raw,
    recording_sleep,
    serve_profile,
    serve_writing,
)
from tests.server import Answer, LocalServer, Request

# --- collection --------------------------------------------------------------------------


def test_full_profile(server: LocalServer, make_ctx) -> None:
    serve_profile(server)
    serve_writing(server)
    ctx = make_ctx()
    ctx.http.sleep = lambda seconds: None
    profile = COLLECTOR.collect("stackoverflow/1000001", ctx)

    assert profile.id == "stackexchange:stackoverflow.com/1000001"
    assert profile.url == "https://stackoverflow.com/users/1000001"
    assert profile.display_name == "Alex O'Example"
    assert profile.location == "Exampleton & Co, Examplia"
    assert profile.created_at == "2017-07-14T02:40:00Z"
    assert "Maps & routing at Example Works." in profile.bio
    assert "birdwatching" in profile.bio
    assert (
        "<" not in profile.bio and "alert" not in profile.bio and "secret_token" not in profile.bio
    )
    assert profile.links == [
        "https://alex.example.org/",  # as written, less its tracking parameter
        "https://work.example.com",
        "https://code.example.net/alex",
    ]
    assert profile.collected.error is None
    # a real Gravatar picture: fingerprinted, not a default
    assert profile.avatar.default is False
    assert profile.avatar.sha256 == hashlib.sha256(raw("uploaded.png")).hexdigest()
    assert se.gravatar_hash(profile.avatar.url) == MD5


def test_writing_merged_newest_first_without_code_or_quotes(server: LocalServer, make_ctx) -> None:
    serve_profile(server)
    serve_writing(server)
    ctx = make_ctx()
    ctx.http.sleep = lambda seconds: None
    posts = COLLECTOR.collect("stackoverflow.com/1000001", ctx).posts
    assert [p.url for p in posts] == [
        "https://stackoverflow.com/a/70000001",
        "https://stackoverflow.com/posts/comments/130000001",
        "https://stackoverflow.com/a/70000002",
        "https://stackoverflow.com/a/70000003",
    ]
    first = posts[0]
    assert first.created_at == "2025-06-15T15:11:40Z"
    assert "R-tree" in first.text and "—" in first.text
    assert "CREATE INDEX" not in first.text
    assert "How do I snap" not in posts[2].text
    assert "nearest-neighbour" in posts[2].text
    assert posts[1].text == "Thanks, that fixed it – the index was missing."


def test_backoff_is_waited_out_before_the_same_method(server: LocalServer, make_ctx) -> None:
    serve_profile(server)
    events: list[tuple[str, Any]] = []
    serve_writing(server, events)
    ctx = make_ctx()
    recording_sleep(ctx, events)
    COLLECTOR.collect("stackoverflow.com/1000001", ctx)
    assert [e for e in events if e[0] != "sleep"] == [
        ("answers", "1"),
        ("comments", "1"),
        ("answers", "2"),
    ]
    before_page_two = events[: events.index(("answers", "2"))]
    waits = [s for kind, s in before_page_two if kind == "sleep"]
    assert waits and 1.0 < max(waits) <= 2.0  # backoff was 2 s, some already elapsed
    # the comments call (another method) did not wait
    assert events[events.index(("answers", "1")) + 1] == ("comments", "1")


def test_long_backoff_keeps_what_was_read(server: LocalServer, make_ctx) -> None:
    serve_profile(server)
    page1 = load("answers_page1.json")
    page1["backoff"] = 600
    server.route(f"/2.3/users/{UID}/answers").json(page1)
    server.route(f"/2.3/users/{UID}/comments").json(load("comments.json"))
    profile = COLLECTOR.collect("stackoverflow.com/1000001", make_ctx())
    assert profile.collected.error.startswith("partial: ")
    assert "pause for 600 s" in profile.collected.error
    assert len(profile.posts) == 3  # page 1 of answers and the comment with text


def test_failing_comments_keep_the_answers_of_the_same_page(server: LocalServer, make_ctx) -> None:
    """Answers answer, then the comments call of the same page is throttled (the API's
    ``error_id`` 502 wrapper): the answers already read stay."""
    serve_profile(server)
    page1 = load("answers_page1.json")
    page1["has_more"] = False
    server.route(f"/2.3/users/{UID}/answers").json(page1)
    server.route(f"/2.3/users/{UID}/comments").json(load("error_throttle.json"), status=400)
    profile = COLLECTOR.collect("stackoverflow.com/1000001", make_ctx())
    assert len(profile.posts) == 2  # page 1 of the answers
    assert profile.status.partial
    assert (profile.status.reason or "").startswith(
        "the answers and comments could not all be read: 2 read, then rate-limited ("
    )


def test_pagination_respects_max_posts(server: LocalServer, make_ctx) -> None:
    serve_profile(server)
    seen: list[dict[str, str]] = []

    def answers(request: Request) -> Answer:
        seen.append(dict(request.args))
        return Answer.data(raw("answers_page1.json"), content_type="application/json")

    server.route(f"/2.3/users/{UID}/answers").handle(answers)
    server.route(f"/2.3/users/{UID}/comments").json(load("comments.json"))
    ctx = make_ctx(max_posts=2)
    ctx.http.sleep = lambda seconds: None
    profile = COLLECTOR.collect("stackoverflow.com/1000001", ctx)
    assert len(profile.posts) == 2
    assert len(seen) == 1 and seen[0]["pagesize"] == "2"
    assert seen[0]["sort"] == "creation" and seen[0]["order"] == "desc"


def test_identicon_is_a_default_picture(server: LocalServer, make_ctx) -> None:
    serve_profile(server, picture=False)
    serve_writing(server)
    ctx = make_ctx(max_posts=1)
    profile = COLLECTOR.collect("stackoverflow.com/1000001", ctx)
    assert profile.avatar.default is True
    assert profile.avatar.url == f"https://www.gravatar.com/avatar/{MD5}?s=256&d=identicon&r=PG"


def test_uploaded_picture_and_missing_about_me(server: LocalServer, make_ctx) -> None:
    serve_profile(server, "user_uploaded_picture.json")
    server.route("/AbCdE.png", query={"s": "256"}).reply(
        raw("uploaded.png"), content_type="image/png"
    )
    serve_writing(server)
    profile = COLLECTOR.collect("stackoverflow.com/1000001", make_ctx(max_posts=1))
    assert profile.bio is None
    assert profile.links == ["https://alex.example.org/"]
    assert profile.avatar.url == "https://i.sstatic.net/AbCdE.png?s=256"
    assert profile.avatar.default is False and profile.avatar.sha256


def test_given_filter_and_key_are_used(server: LocalServer, make_ctx) -> None:
    server.route(
        "/2.3/users/42",
        query={"site": "math", "filter": "!MyBakedFilter", "key": "AppKey(("},
    ).json(load("user_uploaded_picture.json"))
    server.route("/AbCdE.png").reply(b"", status=404)
    server.route("/2.3/users/42/answers").json(load("answers_page2.json"))
    server.route("/2.3/users/42/comments").json(load("user_not_found.json"))
    ctx = make_ctx(env={"STACKEXCHANGE_FILTER": "!MyBakedFilter", "STACKEXCHANGE_KEY": "AppKey(("})
    profile = COLLECTOR.collect("math/42", ctx)
    assert profile.id == "stackexchange:math.stackexchange.com/42"
    assert profile.posts[0].url == "https://math.stackexchange.com/a/70000003"
    api_calls = [request for request in server.requests if request.path.startswith("/2.3/")]
    assert len(api_calls) == 3
    for request in api_calls:
        assert request.args.get("key") == "AppKey(("
        assert not request.path.endswith("/filters/create")
