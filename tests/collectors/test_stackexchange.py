"""The Stack Exchange collector against a local server answering like API 2.3."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from collectors import stackexchange as se
from collectors.errors import BadResponse, CollectError, NotFound, RateLimited
from collectors.stackexchange import COLLECTOR
from tests.server import Answer, LocalServer, Request

FIX = Path(__file__).resolve().parents[2] / "fixtures" / "stackexchange"
MD5 = "0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e"
FILTER = "!T3AudpjMHm0Shx0yfB"
UID = "1000001"


def load(name: str) -> Any:
    return json.loads((FIX / name).read_text(encoding="utf-8"))


def raw(name: str) -> bytes:
    return (FIX / name).read_bytes()


def serve_profile(server: LocalServer, user: str = "user.json", *, picture: bool = True) -> None:
    server.route(
        "/2.3/filters/create",
        query={"include": "user.about_me", "base": "default", "unsafe": "false"},
    ).json(load("filter_create.json"))
    server.route(f"/2.3/users/{UID}", query={"site": "stackoverflow", "filter": FILTER}).json(
        load(user)
    )
    probe = server.route(f"/avatar/{MD5}", query={"s": "256", "d": "404"})
    if picture:
        probe.reply(raw("uploaded.png"), content_type="image/png")
    else:
        probe.reply(b"", status=404)
    server.route(f"/avatar/{MD5}", query={"s": "256", "d": "identicon", "r": "PG"}).reply(
        raw("identicon.png"), content_type="image/png"
    )


def serve_writing(server: LocalServer, events: list[tuple[str, Any]] | None = None) -> None:
    def answers(request: Request) -> Answer:
        page = request.args.get("page")
        assert request.args.get("filter") == "withbody"
        assert request.args.get("site") == "stackoverflow"
        if events is not None:
            events.append(("answers", page))
        name = "answers_page1.json" if page == "1" else "answers_page2.json"
        return Answer.data(raw(name), content_type="application/json")

    def comments(request: Request) -> Answer:
        if events is not None:
            events.append(("comments", request.args.get("page")))
        return Answer.data(raw("comments.json"), content_type="application/json")

    server.route(f"/2.3/users/{UID}/answers").handle(answers)
    server.route(f"/2.3/users/{UID}/comments").handle(comments)


def recording_sleep(ctx, events: list[tuple[str, Any]]) -> None:
    """Observe the waits the collector asks for (without spending the time in tests)."""
    ctx.http.sleep = lambda seconds: events.append(("sleep", seconds))


# --- handles -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("stackoverflow.com/12345", "stackoverflow.com/12345"),
        ("stackoverflow/12345", "stackoverflow.com/12345"),
        ("math/678", "math.stackexchange.com/678"),
        ("math.stackexchange.com/678", "math.stackexchange.com/678"),
        ("superuser/5", "superuser.com/5"),
        ("askubuntu.com/users/5/some-name", "askubuntu.com/5"),
        ("mathoverflow/9", "mathoverflow.net/9"),
        ("ru.stackoverflow/3", "ru.stackoverflow.com/3"),
        ("WWW.StackOverflow.com/7/", "stackoverflow.com/7"),
    ],
)
def test_normalise(given: str, expected: str) -> None:
    assert COLLECTOR.normalise(given) == expected


@pytest.mark.parametrize(
    "bad",
    ["", "stackoverflow.com", "12345", "stackoverflow.com/abc", "stackexchange.com/5", "x y/1"],
)
def test_normalise_rejects(bad: str) -> None:
    with pytest.raises(ValueError):
        COLLECTOR.normalise(bad)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://stackoverflow.com/users/12345/alex-example", "stackoverflow.com/12345"),
        ("https://math.stackexchange.com/users/678", "math.stackexchange.com/678"),
        ("https://superuser.com/users/5/x?tab=profile", "superuser.com/5"),
        ("https://serverfault.com/users/5/", "serverfault.com/5"),
        ("https://mathoverflow.net/users/9/a", "mathoverflow.net/9"),
        ("https://stackapps.com/users/4/b", "stackapps.com/4"),
        ("https://stackoverflow.com/questions/1/title", None),
        ("https://stackexchange.com/users/2000002/alex", None),
        ("https://example.org/users/5", None),
    ],
)
def test_from_url(url: str, expected: str | None) -> None:
    assert COLLECTOR.from_url(url) == expected


def test_profile_url_and_api_site() -> None:
    assert COLLECTOR.profile_url("askubuntu.com/5") == "https://askubuntu.com/users/5"
    assert se.api_site("math.stackexchange.com") == "math"
    assert se.api_site("stackoverflow.com") == "stackoverflow"
    assert se.api_site("ru.stackoverflow.com") == "ru.stackoverflow.com"


def test_gravatar_hash_is_exposed() -> None:
    assert se.gravatar_hash(f"https://www.gravatar.com/avatar/{MD5}?s=256&d=identicon") == MD5
    assert se.gravatar_hash("https://i.sstatic.net/AbCdE.png") is None


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
    assert "pause of 600 s" in profile.collected.error
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


def test_unknown_user_is_not_found(server: LocalServer, make_ctx) -> None:
    serve_profile(server, "user_not_found.json")
    with pytest.raises(NotFound, match="no user with the id 1000001"):
        COLLECTOR.collect("stackoverflow.com/1000001", make_ctx())


def test_unknown_site_is_not_found(server: LocalServer, make_ctx) -> None:
    server.route("/2.3/filters/create").json(load("filter_create.json"))
    server.route("/2.3/users/5").json(load("error_no_site.json"), status=400)
    with pytest.raises(NotFound, match="does not know the site"):
        COLLECTOR.collect("nosuchsite/5", make_ctx())


def test_throttle_violation_is_rate_limited(server: LocalServer, make_ctx) -> None:
    server.route("/2.3/filters/create").json(load("error_throttle.json"), status=400)
    with pytest.raises(RateLimited) as caught:
        COLLECTOR.collect("stackoverflow.com/1000001", make_ctx())
    assert "throttling" in caught.value.message
    assert caught.value.retry_at is not None


def test_exhausted_quota_stops_further_requests(server: LocalServer, make_ctx) -> None:
    serve_profile(server, "user_quota_exhausted.json")
    serve_writing(server)
    ctx = make_ctx()
    profile = COLLECTOR.collect("stackoverflow.com/1000001", ctx)
    assert profile.display_name == "Alex O'Example"
    assert profile.posts == []
    assert "daily allowance of 300 requests" in profile.collected.error
    assert not any("/answers" in request.path for request in server.requests)
    with pytest.raises(RateLimited, match="Try again tomorrow"):
        COLLECTOR.collect("stackoverflow.com/1000001", ctx)


def test_filter_failure_gives_partial_profile(server: LocalServer, make_ctx) -> None:
    server.route("/2.3/filters/create").json(load("error_internal.json"), status=400)
    server.route(f"/2.3/users/{UID}", query={"site": "stackoverflow", "filter": "default"}).json(
        load("user_uploaded_picture.json")
    )
    server.route("/AbCdE.png").reply(b"", status=404)
    serve_writing(server)
    profile = COLLECTOR.collect("stackoverflow.com/1000001", make_ctx(max_posts=1))
    assert profile.display_name == "Alex O'Example"
    assert profile.collected.error.startswith("partial: the profile text could not be requested")


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (raw("maintenance.html"), "text/html"),
        (b'{"items": [{"user_id": 1000001, "display_na', "application/json"),
        (b"", "application/json"),
        (b"[1, 2, 3]", "application/json"),
        (b'{"items": null, "has_more": false}', "application/json"),
        (b'{"items": [null]}', "application/json"),
        (b'{"items": ["text"]}', "application/json"),
    ],
)
def test_malformed_answers_are_bad_responses(
    server: LocalServer, make_ctx, body: bytes, content_type: str
) -> None:
    server.route("/2.3/users/1000001").reply(body, content_type=content_type)
    ctx = make_ctx(env={"STACKEXCHANGE_FILTER": "!given"})
    with pytest.raises(BadResponse):
        COLLECTOR.collect("stackoverflow.com/1000001", ctx)


def test_html_error_page_with_status_is_not_found(server: LocalServer, make_ctx) -> None:
    server.route("/2.3/users/1000001").reply(
        raw("maintenance.html"), status=404, content_type="text/html"
    )
    with pytest.raises(NotFound):
        COLLECTOR.collect("stackoverflow.com/1000001", make_ctx(env={"STACKEXCHANGE_FILTER": "x"}))


def test_huge_about_me_is_clipped() -> None:
    fields = se.parse_user({"about_me": "<p>" + "word " * 50_000 + "</p>"})
    assert len(fields["bio"]) <= 20_001


def test_does_not_exist_user_type() -> None:
    with pytest.raises(NotFound):
        se.parse_user({"user_type": "does_not_exist", "display_name": "x"})


# --- property tests ----------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=12,
)
user_keys = st.sampled_from(
    [
        "display_name",
        "about_me",
        "location",
        "website_url",
        "profile_image",
        "creation_date",
        "account_id",
        "user_type",
        "link",
    ]
)
user_like = st.dictionaries(user_keys, json_values | st.text(max_size=200), max_size=9)


@settings(max_examples=50, deadline=None)
@given(st.one_of(json_values, user_like))
def test_parse_user_never_crashes(data: Any) -> None:
    try:
        fields = se.parse_user(data)
    except CollectError:
        return
    for key in ("display_name", "bio", "location", "created_at", "profile_image"):
        assert fields[key] is None or isinstance(fields[key], str)
    assert all(link.startswith("https://") for link in fields["links"])


@settings(max_examples=50, deadline=None)
@given(
    st.one_of(
        json_values,
        st.fixed_dictionaries(
            {
                "items": st.lists(
                    st.one_of(
                        json_values,
                        st.dictionaries(
                            st.sampled_from(
                                ["body", "creation_date", "answer_id", "comment_id", "link"]
                            ),
                            json_values | st.text(max_size=80),
                            max_size=5,
                        ),
                    ),
                    max_size=5,
                )
            }
        ),
    ),
    st.sampled_from(["answers", "comments"]),
)
def test_parse_posts_never_crashes(data: Any, kind: str) -> None:
    try:
        posts = se.parse_posts(data, kind, "stackoverflow.com")
    except CollectError:
        return
    for text, when, url in posts:
        assert isinstance(text, str) and text
        assert when is None or when.endswith("Z")
        assert url is None or url.startswith(("http://", "https://", "//"))


@settings(max_examples=50, deadline=None)
@given(
    st.one_of(
        json_values,
        st.dictionaries(
            st.sampled_from(["error_id", "error_name", "error_message", "items", "backoff"]),
            json_values,
            max_size=5,
        ),
    )
)
def test_check_wrapper_never_crashes(data: Any) -> None:
    try:
        result = se.check_wrapper(data, "a test")
    except CollectError:
        return
    assert isinstance(result["items"], list)


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=60))
def test_normalise_and_site_domain_never_crash(text: str) -> None:
    domain = se.site_domain(text)
    assert domain is None or "." in domain
    try:
        name = COLLECTOR.normalise(text)
    except ValueError:
        return
    assert COLLECTOR.normalise(name) == name
