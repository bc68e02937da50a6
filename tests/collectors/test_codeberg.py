"""The Codeberg collector against a local server answering like codeberg.org's Forgejo API v1."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from collectors import codeberg
from collectors.codeberg import COLLECTOR
from collectors.errors import BadResponse, CollectError, NotFound, RateLimited, Suspended
from linkage.status import StatusKind
from tests import json_strategies
from tests.server import LocalServer

FIX = Path(__file__).resolve().parents[2] / "fixtures" / "codeberg"
ALEX = "/api/v1/users/alex-example"
FEED = "/api/v1/users/Alex-Example/activities/feeds"
AVATAR = "/avatars/8d0c2a7f4b1e9d3c5a6f7e8b9c0d1e2f"
#: what codeberg.org sends with the first of two pages of a list (50 a page, 57 in all)
PAGE1 = {
    "X-Total-Count": "57",
    "Link": (
        "<https://codeberg.org/api/v1/users/Alex-Example/activities/feeds?limit=50"
        '&only-performed-by=true&page=2>; rel="next",<https://codeberg.org/api/v1/users/'
        'Alex-Example/activities/feeds?limit=50&only-performed-by=true&page=2>; rel="last"'
    ),
}
PAGE2 = {
    "X-Total-Count": "57",
    "Link": (
        "<https://codeberg.org/api/v1/users/Alex-Example/activities/feeds?limit=50"
        '&only-performed-by=true&page=1>; rel="first",<https://codeberg.org/api/v1/users/'
        'Alex-Example/activities/feeds?limit=50&only-performed-by=true&page=1>; rel="prev"'
    ),
}


def load(name: str) -> Any:
    return json.loads((FIX / name).read_text(encoding="utf-8"))


def raw(name: str) -> bytes:
    return (FIX / name).read_bytes()


def feed_query(page: int) -> dict[str, str]:
    return {"only-performed-by": "true", "limit": "50", "page": str(page)}


def serve(server: LocalServer, *, feed: bool = True) -> None:
    """Every address the collector reads for Alex-Example."""
    server.route(ALEX).json(load("user.json"))
    server.route(AVATAR).reply(raw("avatar.png"), content_type="image/png")
    if feed:
        server.route(FEED, query=feed_query(1)).json(load("feed_page1.json"), headers=PAGE1)
        server.route(FEED, query=feed_query(2)).json(load("feed_page2.json"), headers=PAGE2)


def requested(server: LocalServer, path: str) -> list[dict[str, str]]:
    return [dict(r.args) for r in server.requests if r.path == path]


# --- handles -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("alex-example", "alex-example"),
        ("@Alex-Example", "alex-example"),
        ("quiet.example", "quiet.example"),
        ("sam_example", "sam_example"),
        ("a", "a"),
        ("9lives", "9lives"),
        ("x" * 40, "x" * 40),
    ],
)
def test_normalise(given: str, expected: str) -> None:
    assert COLLECTOR.normalise(given) == expected


@pytest.mark.parametrize(
    ("bad", "words"),
    [
        ("", "is not a Codeberg username"),
        ("_under_first", "starting with a letter or digit"),
        ("-dash-first", "is not a Codeberg username"),
        (".dot-first", "is not a Codeberg username"),
        ("ends.", "none at the end"),
        ("ends_", "none at the end"),
        ("two..dots", "no two of '-', '_' and '.' in a row"),
        ("dash-_under", "in a row"),
        ("a b", "is not a Codeberg username"),
        ("alex/routing", "is not a Codeberg username"),
        ("x" * 41, "up to 40"),
        ("explore", "is a page of codeberg.org, not a username"),
        ("User", "is a page of codeberg.org"),
        ("-", "is a page of codeberg.org"),
        ("forgejo-actions", "is a page of codeberg.org"),
        ("alex.keys", "are the addresses of a user's keys, feeds and picture"),
        ("alex.PNG", "are the addresses of a user's keys"),
        ("alex.rss", "are the addresses of a user's keys"),
    ],
)
def test_normalise_rejects_in_plain_words(bad: str, words: str) -> None:
    with pytest.raises(ValueError) as caught:
        COLLECTOR.normalise(bad)
    assert words in str(caught.value)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://codeberg.org/Alex-Example", "Alex-Example"),
        ("https://codeberg.org/alex-example/", "alex-example"),
        ("https://www.codeberg.org/quiet.example", "quiet.example"),
        ("http://codeberg.org/alex-example", "alex-example"),
        ("https://codeberg.org/alex-example?tab=activity", "alex-example"),
        ("https://codeberg.org/alex-example/-/projects", "alex-example"),
        ("https://codeberg.org/alex-example/-/packages/", "alex-example"),
        ("https://codeberg.org/alex-example/routing", None),  # a repository
        ("https://codeberg.org/alex-example/routing/issues/12", None),
        ("https://codeberg.org/alex-example/-/settings", None),
        # the person's feed, picture and keys are theirs
        ("https://codeberg.org/alex-example.rss", "alex-example"),
        ("https://codeberg.org/alex-example.png", "alex-example"),
        ("https://codeberg.org/alex-example.keys", "alex-example"),
        ("https://codeberg.org/explore/repos", None),
        ("https://codeberg.org/explore", None),
        ("https://codeberg.org/user/login", None),
        ("https://codeberg.org/org/maps-collective/teams", None),
        ("https://codeberg.org/api/v1/users/alex", None),
        ("https://codeberg.org/assets", None),
        ("https://codeberg.org/-", None),
        ("https://codeberg.org/", None),
        ("https://codeberg.example.org/alex-example", None),
        ("https://gitlab.com/alex-example", None),
        ("ftp://codeberg.org/alex-example", None),
    ],
)
def test_from_url(url: str, expected: str | None) -> None:
    assert COLLECTOR.from_url(url) == expected
    assert COLLECTOR.profile_url("alex-example") == "https://codeberg.org/alex-example"


def test_a_profile_address_is_read_as_a_codeberg_handle() -> None:
    from linkage.handles import parse_handle

    assert parse_handle("https://codeberg.org/Alex-Example/").id == "codeberg:alex-example"
    assert parse_handle("https://www.codeberg.org/alex-example").id == "codeberg:alex-example"
    assert parse_handle("codeberg:@Alex-Example").id == "codeberg:alex-example"
    assert parse_handle("codeberg:alex-example").id == "codeberg:alex-example"
    assert parse_handle("https://codeberg.org/alex-example/routing").platform == "web"


# --- collection --------------------------------------------------------------------------


def test_full_profile(server: LocalServer, make_ctx) -> None:
    serve(server)
    profile = COLLECTOR.collect("Alex-Example", make_ctx())
    assert profile.id == "codeberg:alex-example"
    assert profile.handle == "Alex-Example"
    assert profile.url == "https://codeberg.org/Alex-Example"
    assert profile.collected.source == "https://codeberg.org/api/v1/users/alex-example"
    assert profile.display_name == "Alex Example"
    assert profile.location == "Exampleton"
    assert profile.created_at == "2021-04-11T08:13:52+02:00"
    assert profile.bio == "Maps, routing & open data. Notes at notes.example.org/alex"
    assert profile.links == ["https://alex.example.org", "https://notes.example.org/alex"]
    assert profile.avatar.sha256 == hashlib.sha256(raw("avatar.png")).hexdigest()
    assert profile.avatar.default is False
    assert profile.collected.error is None


def test_no_e_mail_address_is_kept(server: LocalServer, make_ctx) -> None:
    """The placeholder address of the profile and the pushers' addresses in the commits are
    never copied into the record."""
    serve(server)
    record = json.dumps(COLLECTOR.collect("alex-example", make_ctx()).to_dict())
    assert "noreply.codeberg.org" not in record
    assert "alex@example.org" not in record
    assert "they/them" not in record  # pronouns: no field for them


def test_anonymous_zero_values_do_not_make_a_suspended_account(
    server: LocalServer, make_ctx
) -> None:
    """To a visitor Forgejo answers ``active: false`` for everyone: it says nothing."""
    serve(server)
    assert load("user.json")["active"] is False
    profile = COLLECTOR.collect("alex-example", make_ctx())
    assert profile.ok and profile.collected.error is None


def test_activity_across_two_pages(server: LocalServer, make_ctx) -> None:
    serve(server)
    posts = COLLECTOR.collect("alex-example", make_ctx()).posts
    assert [p.text for p in posts] == [
        "I can reproduce this with the ferry data too.\n\nA coarser grid fixes it for me.",
        "Snapping fails near bridges & ferries",
        "Use a coarser grid for snapping near water",
        "WIP: Second page pull request about tiles",
    ]
    assert posts[0].created_at == "2026-05-03T10:00:05+02:00"
    issues = "https://codeberg.org/maps-collective/routing/issues/12"
    assert posts[0].url == f"{issues}#issuecomment-5500001"
    assert posts[1].url == issues
    commit = "2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e"
    assert posts[2].url == f"https://codeberg.org/Alex-Example/tiles/commit/{commit}"
    # the older 'index|title' content of a pull request is read too
    assert posts[3].url == "https://codeberg.org/Alex-Example/tiles/pulls/3"
    assert posts[3].created_at == "2026-03-01T12:00:00+01:00"
    # the second page has no rel="next" and 57 items in all: no third page is asked for
    assert requested(server, FEED) == [feed_query(1), feed_query(2)]


def test_a_full_page_without_headers_asks_for_the_next(server: LocalServer, make_ctx) -> None:
    serve(server, feed=False)
    first = load("feed_page1.json")
    full = (first * 8)[: codeberg.LIMIT]
    server.route(FEED, query=feed_query(1)).json(full)
    server.route(FEED, query=feed_query(2)).json(load("feed_page2.json"))
    posts = COLLECTOR.collect("alex-example", make_ctx(max_posts=100)).posts
    assert posts[-1].text == "WIP: Second page pull request about tiles"
    # a short page without headers is the last
    assert requested(server, FEED) == [feed_query(1), feed_query(2)]


def test_at_most_three_pages(server: LocalServer, make_ctx) -> None:
    serve(server, feed=False)
    server.route(FEED).json(load("feed_page2.json"), headers=PAGE1)
    COLLECTOR.collect("alex-example", make_ctx(max_posts=100))
    assert requested(server, FEED) == [feed_query(1), feed_query(2), feed_query(3)]


def test_max_posts_limits_requests(server: LocalServer, make_ctx) -> None:
    serve(server)
    profile = COLLECTOR.collect("alex-example", make_ctx(max_posts=2))
    assert len(profile.posts) == 2
    assert requested(server, FEED) == [feed_query(1)]


def test_a_failing_second_page_keeps_the_first_and_blames_no_user(
    server: LocalServer, make_ctx
) -> None:
    serve(server, feed=False)
    server.route(FEED, query=feed_query(1)).json(load("feed_page1.json"), headers=PAGE1)
    server.route(FEED, query=feed_query(2)).json(
        {"message": "Internal Server Error", "url": "https://codeberg.org/api/swagger"},
        status=500,
    )
    profile = COLLECTOR.collect("alex-example", make_ctx(max_retries=0))
    assert len(profile.posts) == 3
    assert profile.status.partial and profile.ok
    reason = profile.status.reason or ""
    assert reason.startswith("the activity could not all be read: 3 read, then server error")
    assert "Codeberg had a fault on its side" in reason
    assert "no user" not in reason and "not found" not in reason


def test_a_feed_that_is_not_there_is_partial_not_not_found(server: LocalServer, make_ctx) -> None:
    """An instance without the activity feed (404) still gives the profile."""
    serve(server, feed=False)
    server.route(FEED).json(load("not_found.json"), status=404)
    profile = COLLECTOR.collect("alex-example", make_ctx())
    assert profile.posts == [] and profile.display_name == "Alex Example"
    assert profile.collected.error.startswith("partial: the activity could not be read: ")
    assert "though the profile itself was read" in profile.collected.error
    assert "Check the spelling" not in profile.collected.error


def test_a_refused_feed_is_partial(server: LocalServer, make_ctx) -> None:
    serve(server, feed=False)
    server.route(FEED).json({"message": "token is required"}, status=403)
    profile = COLLECTOR.collect("alex-example", make_ctx())
    assert profile.ok and profile.status.partial and profile.bio
    assert "Codeberg refused to show " in (profile.status.reason or "")


def test_hidden_activity_is_an_empty_list(server: LocalServer, make_ctx) -> None:
    serve(server, feed=False)
    server.route(FEED).json([], headers={"X-Total-Count": "0"})
    profile = COLLECTOR.collect("alex-example", make_ctx())
    assert profile.posts == [] and profile.collected.error is None
    assert requested(server, FEED) == [feed_query(1)]


def test_unknown_user_is_not_found_and_says_why_it_may_be(server: LocalServer, make_ctx) -> None:
    server.route("/api/v1/users/nobody-here").json(load("not_found.json"), status=404)
    with pytest.raises(NotFound, match="Codeberg shows no user called 'nobody-here'") as caught:
        COLLECTOR.collect("nobody-here", make_ctx())
    message = caught.value.message
    assert "Check the spelling" in message
    assert "visible only to signed-in users" in message  # a limited or private profile
    assert requested(server, "/api/v1/users/nobody-here/activities/feeds") == []


def test_login_prohibited_is_suspended(server: LocalServer, make_ctx) -> None:
    server.route(ALEX).json({**load("user.json"), "prohibit_login": True})
    with pytest.raises(Suspended, match="Codeberg has shut the account 'Alex-Example'"):
        COLLECTOR.collect("alex-example", make_ctx())
    assert [r.path for r in server.requests] == [ALEX]


def test_limited_profile_keeps_what_is_shown(server: LocalServer, make_ctx) -> None:
    """An answer naming 'limited' (as a signed-in caller would get it) is kept as private."""
    server.route("/api/v1/users/quiet.example").json(load("user_limited.json"))
    server.route(AVATAR).reply(raw("avatar.png"), content_type="image/png")
    profile = COLLECTOR.collect("quiet.example", make_ctx())
    assert profile.status.kind == StatusKind.PRIVATE
    assert profile.collected.error.startswith("private: Codeberg shows the profile of")
    assert profile.display_name == "Quiet Example" and profile.avatar.sha256
    assert requested(server, "/api/v1/users/quiet.example/activities/feeds") == []


def test_sparse_profile_with_forgejo_s_default_picture(server: LocalServer, make_ctx) -> None:
    server.route("/api/v1/users/sam_example").json(load("user_plain.json"))
    server.route("/assets/img/avatar_default.png").reply(
        raw("avatar.png"), content_type="image/png"
    )
    server.route("/api/v1/users/sam_example/activities/feeds").json([])
    profile = COLLECTOR.collect("sam_example", make_ctx())
    assert profile.display_name == 'Sam "S" Example'
    assert profile.bio is None and profile.location is None and profile.links == []
    assert profile.avatar.default is True
    assert profile.posts == [] and profile.collected.error is None


def test_too_many_requests_is_rate_limited(server: LocalServer, make_ctx) -> None:
    server.route(ALEX).reply(
        raw("rate_limited.txt"),
        status=429,
        headers={"Retry-After": "60"},
        content_type="text/plain",
    )
    with pytest.raises(RateLimited) as caught:
        COLLECTOR.collect("alex-example", make_ctx(max_retries=0))
    assert caught.value.retry_at is not None
    assert caught.value.message.startswith("Codeberg says linkage has sent too many requests")


@pytest.mark.parametrize(
    "body",
    [
        b"<!DOCTYPE html><html><body>Sign in</body></html>",
        b'{"id": 812345, "login": "alex-ex',
        b"null",
        b"[1, 2]",
        b'{"message": "nope"}',
        b'{"id": "812345", "login": "alex-example"}',
        b'{"id": 812345, "login": ""}',
    ],
)
def test_malformed_profile_is_bad_response(server: LocalServer, make_ctx, body: bytes) -> None:
    server.route(ALEX).reply(body, content_type="application/json")
    with pytest.raises(BadResponse):
        COLLECTOR.collect("alex-example", make_ctx())


def test_a_feed_that_is_not_a_list_is_partial(server: LocalServer, make_ctx) -> None:
    serve(server, feed=False)
    server.route(FEED).json({"ok": False})
    profile = COLLECTOR.collect("alex-example", make_ctx())
    assert profile.ok and profile.status.partial
    assert "could not read as a list of activities" in (profile.status.reason or "")


# --- what is read of an activity -----------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('["12","Title with | a pipe"]', ["12", "Title with | a pipe"]),
        ("12|Old style title", ["12", "Old style title"]),
        ("3|Title|with pipes", ["3", "Title", "with pipes"]),
        ('["12", 7]', ["12"]),
        ("[not json]", ["[not json]"]),  # neither: no number, no title
        ("3|Fix [docs] link", ["3", "Fix [docs] link"]),
        ('3|Fix ["a"] link', ["3", 'Fix ["a"] link']),
        ('<b>["12","Wrapped in markup"]</b><script>x()</script>', ["12", "Wrapped in markup"]),
        ("", []),
        (None, []),
    ],
)
def test_issue_infos_reads_both_encodings(content: Any, expected: list[str]) -> None:
    assert codeberg.issue_infos(content) == expected


def test_a_push_wrapped_in_markup_is_still_read() -> None:
    """What a platform wraps around a push's JSON does not lose its commits."""
    page = load("feed_page1.json")
    push = next(a for a in page if a["op_type"] == "commit_repo")
    push["content"] = f"<b>{push['content']}</b><img src=x>"
    posts = codeberg.posts_from_feed([push], 812345, "https://codeberg.org/Alex-Example")
    assert [p.text for p in posts] == ["Use a coarser grid for snapping near water"]


def test_someone_else_s_activity_is_left_out() -> None:
    page = load("feed_page1.json")
    for activity in page:
        activity["act_user_id"] = 999
    assert codeberg.posts_from_feed(page, 812345, "https://codeberg.org/Alex-Example") == []


def test_a_comment_without_its_body_falls_back_to_the_activity_s_words() -> None:
    activity = {"op_type": "comment_pull", "content": '["4","Looks good to me"]', "comment": None}
    activity["repo"] = {"full_name": "Alex-Example/tiles"}
    posts = codeberg.posts_from_feed([activity], 812345, "https://codeberg.org/Alex-Example")
    assert [(p.text, p.url) for p in posts] == [
        ("Looks good to me", "https://codeberg.org/Alex-Example/tiles/issues/4")
    ]


# --- property tests ----------------------------------------------------------------------

json_values = json_strategies.json_values()
user_like = st.dictionaries(
    st.sampled_from(
        [
            "id",
            "login",
            "username",
            "full_name",
            "email",
            "description",
            "location",
            "website",
            "visibility",
            "prohibit_login",
            "created",
            "avatar_url",
        ]
    ),
    json_values | st.text(max_size=120),
    max_size=12,
)
activity_like = st.dictionaries(
    st.sampled_from(["op_type", "content", "comment", "repo", "act_user_id", "created"]),
    json_values
    | st.sampled_from(
        ["comment_issue", "create_issue", "create_pull_request", "commit_repo", "12|x", '["1"]']
    )
    | st.fixed_dictionaries({"body": st.text(max_size=80), "id": st.integers()})
    | st.fixed_dictionaries({"full_name": st.text(max_size=30)})
    | st.builds(
        lambda m, s: json.dumps({"Commits": [{"Message": m, "Sha1": s}]}),
        st.text(max_size=60),
        st.text(max_size=50),
    ),
    max_size=6,
)


@settings(max_examples=50, deadline=None)
@given(st.one_of(json_values, user_like))
def test_parse_user_never_crashes(data: Any) -> None:
    try:
        fields = codeberg.parse_user(data)
    except CollectError:
        return
    assert isinstance(fields["login"], str) and fields["id"] > 0
    assert all(link.startswith(("https://", "http://")) for link in fields["links"])
    assert fields["avatar_url"] is None or fields["avatar_url"].startswith("http")


@settings(max_examples=50, deadline=None)
@given(st.one_of(json_values, st.lists(st.one_of(activity_like, json_values), max_size=5)))
def test_posts_from_feed_never_crash(data: Any) -> None:
    try:
        posts = codeberg.posts_from_feed(data, 812345, "https://codeberg.org/alex-example")
    except CollectError:
        return
    for post in posts:
        assert post.text.strip()
        assert post.url and post.url.startswith("https://codeberg.org/")
