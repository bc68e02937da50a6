"""The Reddit collector's failures: the ways Reddit says no (not found, suspended, blocked,
private) and malformed answers."""

from __future__ import annotations

import pytest

from collectors.errors import BadResponse, NotFound, Private, Refused, Suspended
from collectors.reddit import COLLECTOR
from tests.collectors.reddit_serving import fixture, serve_json
from tests.server import LocalServer

# --- the ways Reddit says no -------------------------------------------------------------------


def test_not_found(server: LocalServer, make_ctx) -> None:
    serve_json(server, "/user/nobody_here/about.json", fixture("not_found.json"), status=404)
    with pytest.raises(NotFound, match="no user called 'nobody_here'"):
        COLLECTOR.collect("nobody_here", make_ctx())


def test_suspended(server: LocalServer, make_ctx) -> None:
    serve_json(server, "/user/gone_rogue/about.json", fixture("about_suspended.json"))
    with pytest.raises(Suspended, match="suspended"):
        COLLECTOR.collect("gone_rogue", make_ctx())
    assert len(server.requests) == 1  # no writing requested for a suspended account


@pytest.mark.parametrize("status", [403, 200])
def test_block_page_is_refused_with_export_advice(
    server: LocalServer, make_ctx, status: int
) -> None:
    server.route("/user/quiet_reader/about.json").reply(
        fixture("blocked.html"), status=status, content_type="text/html"
    )
    with pytest.raises(Refused) as caught:
        COLLECTOR.collect("quiet_reader", make_ctx())
    message = str(caught.value)
    assert "https://www.reddit.com/settings/data-request" in message
    assert 'archive = "..."' in message and "REDDIT_TOKEN" in message


def test_401_is_refused(server: LocalServer, make_ctx) -> None:
    serve_json(server, "/user/quiet_reader/about.json", fixture("unauthorized.json"), 401)
    with pytest.raises(Refused, match="data-request"):
        COLLECTOR.collect("quiet_reader", make_ctx())


@pytest.mark.parametrize(
    ("name", "error"),
    [
        ("forbidden_private.json", Private),
        ("forbidden_banned.json", Suspended),
        ("forbidden_reason.json", Refused),
    ],
)
def test_403_json_reasons(server: LocalServer, make_ctx, name: str, error: type) -> None:
    serve_json(server, "/user/quiet_reader/about.json", fixture(name), status=403)
    with pytest.raises(error) as caught:
        COLLECTOR.collect("quiet_reader", make_ctx())
    assert type(caught.value) is error


def test_refused_writing_gives_partial_profile(server: LocalServer, make_ctx) -> None:
    serve_json(server, "/user/quiet_reader/about.json", fixture("about.json"))
    server.route("/user/quiet_reader/comments.json").reply(
        fixture("blocked.html"), status=403, content_type="text/html"
    )
    serve_json(server, "/user/quiet_reader/submitted.json", fixture("submitted.json"))
    profile = COLLECTOR.collect("quiet_reader", make_ctx())
    assert profile.display_name == "Quiet Reader & Friends"
    assert profile.status.partial
    assert (profile.status.reason or "").startswith("the comments could not be read: refused (")
    assert [post.text for post in profile.posts][-1] == "My sighting log, as a map"


# --- malformed answers -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (fixture("login_page.html"), "text/html"),
        (fixture("about.json")[:400], "application/json"),
        ("null", "application/json"),
        ("[]", "application/json"),
        ('{"kind": "t2", "data": null}', "application/json"),
        ('{"kind": "t2", "data": {"name": 42}}', "application/json"),
        ("", "application/json"),
    ],
    ids=["html", "truncated", "null", "list", "null-data", "bad-name", "empty"],
)
def test_malformed_about_is_bad_response(
    server: LocalServer, make_ctx, body: str, content_type: str
) -> None:
    server.route("/user/quiet_reader/about.json").reply(body, content_type=content_type)
    with pytest.raises(BadResponse):
        COLLECTOR.collect("quiet_reader", make_ctx())


def test_malformed_listing_is_partial(server: LocalServer, make_ctx) -> None:
    serve_json(server, "/user/quiet_reader/about.json", fixture("about.json"))
    serve_json(server, "/user/quiet_reader/comments.json", fixture("comments_page1.json")[:999])
    serve_json(server, "/user/quiet_reader/submitted.json", "null")
    profile = COLLECTOR.collect("quiet_reader", make_ctx())
    assert profile.posts == [] and profile.status.partial
    reasons = profile.status.reasons
    assert reasons[0].startswith("the comments could not be read: bad response (")
    assert reasons[1].startswith("the submissions could not be read: bad response (")
