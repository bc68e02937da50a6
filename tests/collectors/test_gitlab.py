"""The GitLab collector against a local server answering like gitlab.com's REST API v4."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from collectors import gitlab
from collectors.errors import BadResponse, CollectError, NotFound, RateLimited, Suspended
from collectors.gitlab import COLLECTOR
from linkage.status import StatusKind
from tests import json_strategies
from tests.collectors.gitlab_serving import (
    ALEX,
    EVENTS,
    PAGE1,
    PAGE2,
    USERS,
    events_query,
    load,
    raw,
    requested,
    serve,
)
from tests.server import LocalServer

# --- handles -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("alex-example", "alex-example"),
        ("@Alex-Example", "alex-example"),
        ("quiet.example", "quiet.example"),
        ("_under_score", "_under_score"),
        (".dot-first", ".dot-first"),  # GitLab's PathRegex allows it
        ("a", "a"),
        ("x" * 255, "x" * 255),
    ],
)
def test_normalise(given: str, expected: str) -> None:
    assert COLLECTOR.normalise(given) == expected


@pytest.mark.parametrize(
    ("bad", "words"),
    [
        ("", "is not a GitLab username"),
        ("-dash-first", "not starting with '-'"),
        (".", "not ending with '.'"),
        ("ends.", "not ending with '.'"),
        ("project.git", "'.git'"),
        ("feed.atom", "'.atom'"),
        ("a b", "is not a GitLab username"),
        ("alex/project", "is not a GitLab username"),
        ("x" * 256, "up to 255"),
        ("explore", "is a page of gitlab.com, not a username"),
        ("Users", "is a page of gitlab.com"),
        ("-", "is a page of gitlab.com"),
    ],
)
def test_normalise_rejects_in_plain_words(bad: str, words: str) -> None:
    with pytest.raises(ValueError) as caught:
        COLLECTOR.normalise(bad)
    assert words in str(caught.value)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://gitlab.com/Alex-Example", "Alex-Example"),
        ("https://gitlab.com/alex-example/", "alex-example"),
        ("https://www.gitlab.com/quiet.example", "quiet.example"),
        ("http://gitlab.com/alex-example", "alex-example"),
        ("https://gitlab.com/users/alex-example", "alex-example"),
        ("https://gitlab.com/users/alex-example/activity", "alex-example"),
        ("https://gitlab.com/users/alex-example/projects/", "alex-example"),
        ("https://gitlab.com/users/sign_in", None),
        ("https://gitlab.com/users/alex-example/not-a-tab", None),
        ("https://gitlab.com/alex-example/routing", None),  # a project
        ("https://gitlab.com/maps-group/sub/routing", None),
        ("https://gitlab.com/alex-example/routing/-/issues/12", None),
        ("https://gitlab.com/-/snippets/123", None),
        ("https://gitlab.com/explore", None),
        ("https://gitlab.com/help", None),
        ("https://gitlab.com/dashboard/projects", None),
        ("https://gitlab.com/groups/maps-group", None),
        ("https://gitlab.com/api/v4/users", None),
        ("https://gitlab.com/alex-example.git", None),
        # the person's SSH and GPG keys and activity feed are theirs
        ("https://gitlab.com/alex-example.keys", "alex-example"),
        ("https://gitlab.com/alex-example.gpg", "alex-example"),
        ("https://gitlab.com/alex-example.atom", "alex-example"),
        ("https://gitlab.com/sitemap.xml", None),
        ("https://gitlab.com/apple-touch-icon.png", None),
        ("https://gitlab.com/", None),
        ("https://gitlab.example.org/alex-example", None),
        ("https://github.com/alex-example", None),
        ("ftp://gitlab.com/alex-example", None),
    ],
)
def test_from_url(url: str, expected: str | None) -> None:
    assert COLLECTOR.from_url(url) == expected
    assert COLLECTOR.profile_url("alex-example") == "https://gitlab.com/alex-example"


def test_a_profile_address_is_read_as_a_gitlab_handle() -> None:
    from linkage.handles import parse_handle

    assert parse_handle("https://gitlab.com/Alex-Example/").id == "gitlab:alex-example"
    assert parse_handle("gitlab:@Alex-Example").id == "gitlab:alex-example"
    assert parse_handle("https://gitlab.com/alex-example/routing").platform == "web"


# --- collection --------------------------------------------------------------------------


def test_full_profile(server: LocalServer, make_ctx) -> None:
    serve(server)
    profile = COLLECTOR.collect("Alex-Example", make_ctx())
    assert profile.id == "gitlab:alex-example"
    assert profile.handle == "Alex-Example"
    assert profile.url == "https://gitlab.com/Alex-Example"
    assert profile.collected.source == "https://gitlab.com/api/v4/users/4100001"
    assert profile.display_name == "Alex Example"
    assert profile.location == "Exampleton"
    assert profile.created_at == "2016-03-02T09:15:27.123Z"
    assert profile.bio == "Maps, routing & open data. Notes at notes.example.org/alex"
    assert profile.links == [
        "https://alex.example.org",
        "https://www.linkedin.com/in/alex-example-maps",
        "https://x.com/alexmaps",
        "https://notes.example.org/alex",
    ]
    assert not any("discord" in link or "104857600000000001" in link for link in profile.links)
    assert profile.avatar.sha256 == hashlib.sha256(raw("avatar.png")).hexdigest()
    assert profile.avatar.default is False
    assert profile.collected.error is None


def test_job_title_and_organisation_are_read_as_the_profile_shows_them() -> None:
    data = load("user.json")
    data |= {"job_title": "Data engineer", "organization": "Exampleton Transit"}
    fields = gitlab.parse_user(data)
    assert fields["bio"] == (
        "Maps, routing & open data. Notes at notes.example.org/alex\n"
        "Data engineer at Exampleton Transit"
    )
    data |= {"bio": "", "job_title": None}
    assert gitlab.parse_user(data)["bio"] == "Exampleton Transit"
    data |= {"bio": "Routing at Exampleton Transit since 2019", "job_title": ""}
    assert gitlab.parse_user(data)["bio"] == "Routing at Exampleton Transit since 2019"


def test_activity_across_two_pages(server: LocalServer, make_ctx) -> None:
    serve(server)
    posts = COLLECTOR.collect("alex-example", make_ctx()).posts
    assert [p.text for p in posts] == [
        "I can reproduce this with the ferry data too.\n\nA coarser grid fixes it for me.",
        "Snapping fails near bridges & ferries",
        "Use a coarser grid for snapping near water",
        "Draft: Second page merge request about tiles",
    ]
    # the comment's own time, and the project the writing is in
    assert posts[0].created_at == "2026-05-03T10:00:04.812Z"
    assert posts[0].url == "https://gitlab.com/projects/5200001"
    assert posts[2].url == "https://gitlab.com/projects/5200002"
    assert posts[3].created_at == "2026-03-01T12:00:00.000Z"
    # x-next-page is blank on the second page: no third is asked for
    assert requested(server, EVENTS) == [events_query(1), events_query(2)]


def test_pages_follow_the_link_header_without_x_next_page(server: LocalServer, make_ctx) -> None:
    serve(server, events=False)
    link = (
        '<https://gitlab.com/api/v4/users/4100001/events?page=2&per_page=100>; rel="next", '
        '<https://gitlab.com/api/v4/users/4100001/events?page=1&per_page=100>; rel="first"'
    )
    server.route(EVENTS, query=events_query(1)).json(
        load("events_page1.json"), headers={"Link": link}
    )
    server.route(EVENTS, query=events_query(2)).json(load("events_page2.json"))
    posts = COLLECTOR.collect("alex-example", make_ctx()).posts
    assert posts[-1].text == "Draft: Second page merge request about tiles"
    assert requested(server, EVENTS) == [events_query(1), events_query(2)]


def test_max_posts_limits_requests(server: LocalServer, make_ctx) -> None:
    serve(server)
    profile = COLLECTOR.collect("alex-example", make_ctx(max_posts=2))
    assert len(profile.posts) == 2
    assert requested(server, EVENTS) == [events_query(1)]


def test_a_failing_second_page_keeps_the_first_and_blames_no_user(
    server: LocalServer, make_ctx
) -> None:
    serve(server, events=False)
    server.route(EVENTS, query=events_query(1)).json(load("events_page1.json"), headers=PAGE1)
    server.route(EVENTS, query=events_query(2)).json(
        {"message": "500 Internal Server Error"}, status=500
    )
    profile = COLLECTOR.collect("alex-example", make_ctx(max_retries=0))
    assert len(profile.posts) == 3
    assert profile.status.partial and profile.ok
    reason = profile.status.reason or ""
    assert reason.startswith("the activity could not all be read: 3 read, then server error")
    assert "GitLab had a fault on its side" in reason
    assert "no user" not in reason and "not found" not in reason


def test_activity_hidden_after_the_profile_was_read_is_partial(
    server: LocalServer, make_ctx
) -> None:
    serve(server, events=False)
    server.route(EVENTS).json(load("not_found.json"), status=404)
    profile = COLLECTOR.collect("alex-example", make_ctx())
    assert profile.posts == [] and profile.display_name == "Alex Example"
    assert profile.collected.error.startswith("partial: the activity could not be read: ")
    assert "though the profile itself was read" in profile.collected.error


def test_unknown_user_is_not_found(server: LocalServer, make_ctx) -> None:
    server.route(USERS, query={"username": "nobody-here"}).json([])
    with pytest.raises(NotFound, match="GitLab has no user called 'nobody-here'") as caught:
        COLLECTOR.collect("nobody-here", make_ctx())
    assert "Check the spelling" in caught.value.message
    assert requested(server, "/api/v4/users/0") == []


def test_a_list_without_the_name_is_not_found(server: LocalServer, make_ctx) -> None:
    """GitLab's filter is exact; a list naming someone else is not that account."""
    server.route(USERS).json(load("users_lookup_private.json"))
    with pytest.raises(NotFound):
        COLLECTOR.collect("alex-example", make_ctx())


def test_blocked_user_is_suspended(server: LocalServer, make_ctx) -> None:
    server.route(USERS, query={"username": "blocked_example"}).json(
        load("users_lookup_blocked.json")
    )
    with pytest.raises(Suspended, match="GitLab has blocked the account 'blocked_example'"):
        COLLECTOR.collect("blocked_example", make_ctx())
    assert [r.path for r in server.requests] == [USERS]


def test_banned_on_the_profile_itself_is_suspended(server: LocalServer, make_ctx) -> None:
    server.route(USERS).json(load("users_lookup.json"))
    server.route(ALEX).json({**load("user.json"), "state": "banned"})
    with pytest.raises(Suspended, match="GitLab has banned the account"):
        COLLECTOR.collect("alex-example", make_ctx())


def test_private_profile_keeps_what_is_shown(server: LocalServer, make_ctx) -> None:
    gravatar = "/avatar/" + "5d41402abc4b2a76b9719d911017c592" * 2
    server.route(USERS, query={"username": "quiet.example"}).json(load("users_lookup_private.json"))
    server.route("/api/v4/users/4100002").json(load("user_private.json"))
    server.route(gravatar).reply(raw("avatar.png"), content_type="image/png")
    profile = COLLECTOR.collect("quiet.example", make_ctx())
    assert profile.status.kind == StatusKind.PRIVATE
    assert profile.collected.error.startswith("private: GitLab shows only the name and picture")
    assert profile.display_name == "Quiet Example"
    assert profile.url == "https://gitlab.com/quiet.example"
    # the Gravatar address (d=identicon) is the person's own picture or one drawn from their
    # address: not a stock picture
    assert profile.avatar.sha256 and profile.avatar.default is False
    assert profile.bio is None and profile.created_at is None and profile.posts == []
    assert requested(server, "/api/v4/users/4100002/events") == []


def test_sparse_profile_with_gitlab_s_own_default_picture(server: LocalServer, make_ctx) -> None:
    server.route(USERS, query={"username": "sam_example"}).json(load("users_lookup_plain.json"))
    server.route("/api/v4/users/4100004").json(load("user_plain.json"))
    server.route("/api/v4/users/4100004/events").json([], headers=PAGE2)
    profile = COLLECTOR.collect("sam_example", make_ctx())
    assert profile.display_name == 'Sam "S" Example'
    assert profile.bio is None and profile.location is None
    assert profile.links == [
        "https://www.linkedin.com/in/sam-example",
        "https://x.com/sam_example",
        "https://github.com/sam-example",
    ]
    assert profile.avatar.default is True
    assert profile.posts == [] and profile.collected.error is None


def test_too_many_requests_is_rate_limited(server: LocalServer, make_ctx) -> None:
    server.route(USERS).reply(
        raw("rate_limited.txt"),
        status=429,
        headers={
            "Retry-After": "60",
            "RateLimit-Limit": "500",
            "RateLimit-Remaining": "0",
            "RateLimit-Reset": "1900000000",
        },
        content_type="text/plain",
    )
    with pytest.raises(RateLimited) as caught:
        COLLECTOR.collect("alex-example", make_ctx(max_retries=0))
    assert caught.value.retry_at is not None
    assert caught.value.message.startswith("GitLab says linkage has sent too many requests")


@pytest.mark.parametrize(
    "body",
    [
        b"<!DOCTYPE html><html><body>Sign in</body></html>",
        b'[{"id": 4100001, "username": "alex-ex',
        b"null",
        b'{"message": "nope"}',
        b'[{"id": "4100001", "username": "alex-example"}]',
        b"[1, 2]",
    ],
)
def test_malformed_lookup_is_bad_response(server: LocalServer, make_ctx, body: bytes) -> None:
    server.route(USERS).reply(body, content_type="application/json")
    with pytest.raises(BadResponse):
        COLLECTOR.collect("alex-example", make_ctx())


def test_malformed_profile_is_bad_response(server: LocalServer, make_ctx) -> None:
    server.route(USERS).json(load("users_lookup.json"))
    server.route(ALEX).json({"id": 4100001, "username": None})
    with pytest.raises(BadResponse):
        COLLECTOR.collect("alex-example", make_ctx())


# --- property tests ----------------------------------------------------------------------

json_values = json_strategies.json_values()
user_like = st.dictionaries(
    st.sampled_from(
        [
            "id",
            "username",
            "name",
            "state",
            "bio",
            "location",
            "website_url",
            "linkedin",
            "twitter",
            "github",
            "discord",
            "created_at",
            "avatar_url",
        ]
    ),
    json_values | st.text(max_size=120),
    max_size=12,
)
event_like = st.dictionaries(
    st.sampled_from(
        [
            "action_name",
            "target_type",
            "target_title",
            "project_id",
            "author_id",
            "created_at",
            "note",
            "push_data",
        ]
    ),
    json_values
    | st.sampled_from(["commented on", "opened", "pushed to", "Issue", "MergeRequest"])
    | st.fixed_dictionaries({"body": st.text(max_size=80), "system": st.booleans()})
    | st.fixed_dictionaries(
        {"commit_count": st.integers(-1, 3), "commit_title": st.text(max_size=80)}
    ),
    max_size=8,
)


@settings(max_examples=50, deadline=None)
@given(st.one_of(json_values, user_like))
def test_parse_user_never_crashes(data: Any) -> None:
    try:
        fields = gitlab.parse_user(data)
    except CollectError:
        return
    assert isinstance(fields["username"], str)
    assert all(link.startswith(("https://", "http://")) for link in fields["links"])
    assert fields["avatar_url"] is None or fields["avatar_url"].startswith("http")


@settings(max_examples=50, deadline=None)
@given(st.one_of(json_values, st.lists(st.one_of(event_like, json_values), max_size=5)))
def test_posts_from_events_never_crash(data: Any) -> None:
    try:
        posts = gitlab.posts_from_events(data, 4100001, "https://gitlab.com/alex-example")
    except CollectError:
        return
    for post in posts:
        assert post.text.strip()
        assert post.url and post.url.startswith("https://gitlab.com/")


@settings(max_examples=50, deadline=None)
@given(st.one_of(json_values, st.lists(st.one_of(user_like, json_values), max_size=3)))
def test_find_user_never_crashes(data: Any) -> None:
    try:
        found = gitlab.find_user(data, "alex-example")
    except CollectError:
        return
    assert found["username"].lower() == "alex-example" and found["id"] > 0
