"""The Stack Exchange collector's failures: unknown users and sites, throttling and the daily
quota, a failing filter, malformed answers and error pages."""

from __future__ import annotations

import pytest

from collectors.errors import BadResponse, NotFound, RateLimited
from collectors.stackexchange import COLLECTOR
from tests.collectors.stackexchange_serving import (
    UID,
    load,
    raw,
    serve_profile,
    serve_writing,
)
from tests.server import LocalServer


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
    assert "too many requests" in caught.value.message
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
