"""The Bluesky collector's failures: accounts not found, taken down, deactivated or hidden from
logged-out readers, feeds that fail part-way, and malformed answers."""

from __future__ import annotations

import contextlib
import json

import pytest

from collectors.bluesky import COLLECTOR
from collectors.errors import BadResponse, NotFound, Private, Suspended
from tests.collectors.bluesky_serving import (
    FEED,
    FEED_QUERY,
    PROFILE,
    avatar,
    fixture,
    profile_answer,
    serve,
    text,
)

# --- errors ----------------------------------------------------------------------------------


def test_profile_not_found(server, make_ctx):
    profile_answer(server, "error_profile_not_found.json", actor="nobody.bsky.social", status=400)
    with pytest.raises(NotFound, match="Check the spelling"):
        COLLECTOR.collect("nobody.bsky.social", make_ctx())


def test_account_takedown_is_suspended(server, make_ctx):
    profile_answer(server, "error_account_takedown.json", status=400)
    with pytest.raises(Suspended, match="taken down"):
        COLLECTOR.collect("alice.example.org", make_ctx())


def test_account_deactivated_is_not_found_with_a_reason(server, make_ctx):
    profile_answer(server, "error_account_deactivated.json", status=400)
    with pytest.raises(NotFound, match="deactivated"):
        COLLECTOR.collect("alice.example.org", make_ctx())


def test_no_unauthenticated_label_is_private_and_nothing_more_is_read(server, make_ctx):
    profile_answer(server, "profile_no_unauthenticated.json", actor="hidden.bsky.social")
    with pytest.raises(Private, match="logged-out"):
        COLLECTOR.collect("hidden.bsky.social", make_ctx())
    assert [r.path for r in server.requests] == [PROFILE]


def test_feed_error_gives_a_partial_profile(server, make_ctx):
    profile_answer(server)
    avatar(server)
    serve(server, FEED, "error_profile_not_found.json", query=FEED_QUERY, status=400)
    profile = COLLECTOR.collect("alice.example.org", make_ctx())
    assert profile.display_name == "Alice Example 🚆"
    assert profile.posts == []
    assert profile.status.partial
    assert (profile.status.reason or "").startswith("the posts could not be read: bad response (")


@pytest.mark.parametrize(
    ("status", "body", "kind"),
    [
        (500, "error_internal.json", "server error"),
        (400, "error_profile_not_found.json", "bad response"),
        (400, None, "bad response"),
    ],
)
def test_a_failing_cursor_page_keeps_page_one_and_says_so(server, make_ctx, status, body, kind):
    """Page 1 of the author feed answers, the page its cursor names fails: the posts of page 1
    stay, and the status says how many were read and what the AppView answered."""
    profile_answer(server)
    avatar(server)
    serve(server, FEED, "feed_page1.json", query=FEED_QUERY)
    cursor = fixture("feed_page1.json")["cursor"]
    expired = '{"error": "InvalidRequest", "message": "Malformed cursor"}'
    serve(
        server,
        FEED,
        body,
        body=None if body else expired,
        query={**FEED_QUERY, "cursor": cursor},
        status=status,
    )
    profile = COLLECTOR.collect("alice.example.org", make_ctx(max_wait=0.05))

    assert len(profile.posts) == 2  # the account's own posts on page 1 (not the repost)
    assert profile.ok and profile.status.partial
    reason = profile.status.reason or ""
    assert reason.startswith(f"the posts could not all be read: 2 read, then {kind} (")
    assert "page 2" in reason or kind == "server error"
    assert "Check the spelling" not in reason and "not the posts" not in reason


def test_an_unresolved_handle_and_failing_posts_are_both_said(server, make_ctx):
    answer = fixture("profile_handle_invalid.json")
    actor = answer["did"]
    serve(server, PROFILE, body=json.dumps(answer), query={"actor": actor})
    serve(server, FEED, "error_internal.json", query={**FEED_QUERY, "actor": actor}, status=502)
    with contextlib.suppress(Exception):
        avatar(server)
    profile = COLLECTOR.collect(actor, make_ctx(max_wait=0.05))
    reasons = profile.status.reasons
    assert len(reasons) == 2
    assert reasons[0].startswith("the account's handle no longer resolves")
    assert reasons[1].startswith("the posts could not be read: server error (")


def test_html_instead_of_json(server, make_ctx):
    profile_answer(server, "error_page.html", content_type="text/html")
    with pytest.raises(BadResponse, match="web page"):
        COLLECTOR.collect("alice.example.org", make_ctx())


def test_truncated_json(server, make_ctx):
    profile_answer(server, body=text("profile.json")[:200])
    with pytest.raises(BadResponse, match="damaged answer"):
        COLLECTOR.collect("alice.example.org", make_ctx())


def test_null_profile_is_not_found(server, make_ctx):
    profile_answer(server, body="null")
    with pytest.raises(NotFound):
        COLLECTOR.collect("alice.example.org", make_ctx())


def test_profile_without_did_is_a_bad_response(server, make_ctx):
    profile_answer(server, body='{"handle": "alice.example.org"}')
    with pytest.raises(BadResponse, match="could not read as a profile"):
        COLLECTOR.collect("alice.example.org", make_ctx())


def test_error_with_html_body(server, make_ctx):
    profile_answer(server, "error_page.html", status=400, content_type="text/html")
    with pytest.raises(BadResponse, match="HTTP 400"):
        COLLECTOR.collect("alice.example.org", make_ctx())
