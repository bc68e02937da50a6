"""The Reddit collector with a token (``REDDIT_TOKEN``): sent to the OAuth host only, never
kept in the record, and refused in words when Reddit rejects it."""

from __future__ import annotations

import json

import pytest

from collectors.errors import Private, Refused
from collectors.reddit import COLLECTOR
from linkage.record_files import profile_line
from tests.collectors.reddit_serving import ICON_PATH, fixture, serve_json, serve_profile
from tests.server import LocalServer

# --- the token ----------------------------------------------------------------------------------


def test_token_goes_to_oauth_host_and_never_into_the_record(server: LocalServer, make_ctx) -> None:
    token = "tok-SECRET-0123456789"
    auth = {"Authorization": f"bearer {token}", "Host": "oauth.reddit.com"}
    serve_json(server, "/user/quiet_reader/about.json", fixture("about.json"), headers=auth)
    for listing in ("comments", "submitted"):
        serve_json(
            server,
            f"/user/quiet_reader/{listing}.json",
            json.dumps({"kind": "Listing", "data": {"after": None, "children": []}}),
            headers=auth,
        )
    profile = COLLECTOR.collect("quiet_reader", make_ctx(env={"REDDIT_TOKEN": token}))
    assert profile.collected is not None and profile.collected.error is None
    assert profile.collected.source == "https://oauth.reddit.com/user/quiet_reader/about.json"
    assert token not in profile_line(profile)
    reddit_requests = [r for r in server.requests if r.path.startswith("/user/")]
    assert len(reddit_requests) == 3
    assert all(r.headers.get("Authorization") == f"bearer {token}" for r in reddit_requests)
    avatar_requests = [r for r in server.requests if r.path == ICON_PATH]
    assert all("Authorization" not in r.headers for r in avatar_requests)


def test_no_token_no_authorization_header(server: LocalServer, make_ctx) -> None:
    serve_profile(server)
    COLLECTOR.collect("quiet_reader", make_ctx(env={"REDDIT_TOKEN": "  "}))
    assert server.requests
    for request in server.requests:
        assert "Authorization" not in request.headers
        if request.path.startswith("/user/"):
            assert request.headers["Host"] == "www.reddit.com"
            assert request.headers["User-Agent"].startswith("python:linkage:")


def test_rejected_token_is_refused(server: LocalServer, make_ctx) -> None:
    serve_json(server, "/user/quiet_reader/about.json", fixture("unauthorized.json"), 401)
    with pytest.raises(Refused, match="REDDIT_TOKEN") as caught:
        COLLECTOR.collect("quiet_reader", make_ctx(env={"REDDIT_TOKEN": "tok-old"}))
    assert "tok-old" not in str(caught.value)


@pytest.mark.parametrize(
    ("name", "status", "error"),
    [
        ("forbidden_private.json", 403, Private),
        ("forbidden_reason.json", 403, Refused),
        ("blocked.html", 403, Refused),
        ("blocked.html", 200, Refused),
    ],
)
def test_403_with_token(server: LocalServer, make_ctx, name: str, status: int, error: type) -> None:
    server.route("/user/quiet_reader/about.json").reply(fixture(name), status=status)
    with pytest.raises(error) as caught:
        COLLECTOR.collect("quiet_reader", make_ctx(env={"REDDIT_TOKEN": "tok-x"}))
    assert type(caught.value) is error
    if error is Refused:
        assert "REDDIT_TOKEN" in str(caught.value) and "tok-x" not in str(caught.value)
