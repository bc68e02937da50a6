"""The Codeberg collector against a local server answering like codeberg.org's Forgejo API v1."""

from __future__ import annotations

import hashlib
import json

import pytest

from collectors import codeberg
from collectors.codeberg import COLLECTOR
from collectors.errors import BadResponse, NotFound, RateLimited, Suspended
from linkage.status import StatusKind
from tests.collectors.codeberg_serving import (
    ALEX,
    AVATAR,
    FEED,
    PAGE1,
    feed_query,
    load,
    raw,
    requested,
    serve,
)
from tests.server import LocalServer

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
