"""The GitHub collector's failures: unknown users, rate limits and refusals, partial profiles,
and malformed answers."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from collectors.errors import BadResponse, NotFound, RateLimited, Refused
from collectors.github import COLLECTOR
from tests.collectors.github_serving import NEXT_PAGE, load, paths, serve_user
from tests.server import LocalServer


def test_not_found(server: LocalServer, make_ctx: Callable[..., Any]) -> None:
    server.route("/users/nobody-here").json(load("user_not_found.json"), status=404)
    with pytest.raises(NotFound) as caught:
        COLLECTOR.collect("nobody-here", make_ctx())
    assert caught.value.message == (
        "GitHub has no user called 'nobody-here' (it may have been renamed, deleted or "
        "suspended). Check the spelling."
    )


@pytest.mark.parametrize("status", [403, 429])
def test_rate_limited_with_token_hint(
    server: LocalServer, make_ctx: Callable[..., Any], status: int
) -> None:
    reset = int(time.time()) + 3600
    server.route("/users/alex-example").json(
        load("rate_limited.json"),
        status=status,
        headers={
            "X-RateLimit-Limit": "60",
            "X-RateLimit-Remaining": "0",
            "X-RateLimit-Used": "60",
            "X-RateLimit-Reset": str(reset),
            "X-RateLimit-Resource": "core",
        },
    )
    with pytest.raises(RateLimited) as caught:
        COLLECTOR.collect("alex-example", make_ctx())
    assert "GITHUB_TOKEN" in caught.value.message
    assert "from 60 to 5,000 requests an hour" in caught.value.message
    assert caught.value.retry_at == datetime.fromtimestamp(reset, UTC)
    assert len(server.requests) == 1


def test_forbidden_without_rate_limit_headers(
    server: LocalServer, make_ctx: Callable[..., Any]
) -> None:
    server.route("/users/alex-example").json(load("forbidden.json"), status=403)
    with pytest.raises(Refused, match="HTTP 403: Request forbidden by administrative rules"):
        COLLECTOR.collect("alex-example", make_ctx())


def test_partial_when_events_fail(server: LocalServer, make_ctx: Callable[..., Any]) -> None:
    server.route("/users/Alex-Example/events/public").reply("oops", status=500)
    serve_user(server, events=False)
    profile = COLLECTOR.collect("alex-example", make_ctx())
    assert profile.status.partial
    assert profile.status.reasons[0].startswith(
        "the public events could not be read: server error ("
    )
    assert "HTTP 500" in profile.status.reasons[0]
    assert profile.display_name == "Alex Example"
    assert "https://social.example/@alex" in profile.links
    # the other writing sources are still read
    assert [p.text for p in profile.posts][-1] == "Notes on slippy map tile math"


def test_a_failing_second_page_of_events_keeps_the_first(
    server: LocalServer, make_ctx: Callable[..., Any]
) -> None:
    """GitHub's ``Link: rel="next"`` names page 2 by the user's numeric id; it fails (a 502
    from GitHub's front end): page 1's writing stays and the status counts it."""
    next_link = f'<https://api.github.com{NEXT_PAGE}?per_page=100&page=2>; rel="next"'
    server.route("/users/Alex-Example/events/public", query={"per_page": "100"}).json(
        load("events_page1.json"), headers={"Link": next_link}
    )
    server.route(NEXT_PAGE, query={"per_page": "100", "page": "2"}).reply(
        "<html><body>502 Bad Gateway</body></html>", status=502
    )
    serve_user(server, events=False)
    profile = COLLECTOR.collect("alex-example", make_ctx())
    assert profile.status.reasons[0].startswith(
        "the public events could not all be read: 6 read, then server error ("
    )
    assert len(profile.posts) > 6  # page 1 of the events, then commits and gists


def test_partial_when_rate_limited_after_the_profile(
    server: LocalServer, make_ctx: Callable[..., Any]
) -> None:
    limited = {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(int(time.time()) + 3600)}
    server.route("/users/Alex-Example/events/public").json(
        load("rate_limited.json"), status=403, headers=limited
    )
    serve_user(server, events=False)
    profile = COLLECTOR.collect("alex-example", make_ctx())
    assert profile.status.reasons == (
        profile.status.reasons[0],
        "not tried after that: commit messages, gists",
        profile.status.reasons[2],
    )
    assert profile.status.reasons[0].startswith("the public events could not be read: rate-lim")
    assert profile.status.reasons[2].endswith("from 60 to 5,000 requests an hour.")
    assert profile.posts == []
    assert "/users/Alex-Example/repos" not in paths(server)
    assert "/users/Alex-Example/gists" not in paths(server)


def test_partial_when_social_accounts_are_malformed(
    server: LocalServer, make_ctx: Callable[..., Any]
) -> None:
    server.route("/users/Alex-Example/social_accounts").json({"message": "unexpected"})
    serve_user(server)
    profile = COLLECTOR.collect("alex-example", make_ctx())
    assert profile.collected is not None
    assert profile.collected.error == (
        "partial: the social accounts could not be read: bad response "
        "(GitHub sent back something linkage could not read as a list of social accounts; try "
        "again later.)"
    )
    assert "https://social.example/@alex" not in profile.links
    assert "https://x.com/alexexample" in profile.links
    assert len(profile.posts) == 11


@pytest.mark.parametrize(
    ("body", "content_type", "expected"),
    [
        (b'{"login": "alex-example", "name": "Alex', "application/json", "damaged answer"),
        (b"<!DOCTYPE html><html><body>Unicorn!</body></html>", "text/html", "web page"),
        (b"null", "application/json", "could not read as the profile"),
        (b"[]", "application/json", "could not read as the profile"),
        (b'{"message": "hello"}', "application/json", "could not read as the profile"),
        (b'{"login": ["alex"]}', "application/json", "could not read as the profile"),
        (b"", "application/json", "empty answer"),
    ],
)
def test_malformed_profile_answers(
    server: LocalServer,
    make_ctx: Callable[..., Any],
    body: bytes,
    content_type: str,
    expected: str,
) -> None:
    server.route("/users/alex-example").reply(body, content_type=content_type)
    with pytest.raises(BadResponse, match=expected):
        COLLECTOR.collect("alex-example", make_ctx())


def test_invalid_handle_given_to_collect(make_ctx: Callable[..., Any]) -> None:
    with pytest.raises(NotFound, match="not a GitHub username"):
        COLLECTOR.collect("-bad-", make_ctx())
