"""The Mastodon collector's failures: accounts not found or suspended, servers that want a login
or are not Mastodon, and malformed answers."""

from __future__ import annotations

import pytest

from collectors.errors import BadResponse, NotFound, Refused, Suspended
from collectors.mastodon import COLLECTOR
from tests.collectors.mastodon_serving import (
    FIRST_PAGE,
    STATUSES,
    avatar,
    lookup,
    png,
    serve,
    webfinger,
)


def test_webfinger_404_is_not_found(server, make_ctx):
    webfinger(server, status=404, body="")
    with pytest.raises(NotFound, match=r"could not find the account @alice@example\.social"):
        COLLECTOR.collect("alice@example.social", make_ctx())


def test_webfinger_410_is_suspended(server, make_ctx):
    webfinger(server, status=410, body="")
    with pytest.raises(Suspended):
        COLLECTOR.collect("alice@example.social", make_ctx())


def test_suspended_account_entity(server, make_ctx):
    webfinger(server)
    lookup(server, "account_suspended.json")
    with pytest.raises(Suspended, match="suspended by its server"):
        COLLECTOR.collect("alice@example.social", make_ctx())


def test_lookup_410_is_suspended(server, make_ctx):
    webfinger(server, status=503, body="")  # WebFinger unavailable: the API is asked anyway
    lookup(server, "not_found.json", status=410)
    with pytest.raises(Suspended):
        COLLECTOR.collect("alice@example.social", make_ctx())


def test_record_not_found_without_webfinger(server, make_ctx):
    webfinger(server, "error_page.html", content_type="text/html")
    lookup(server, "not_found.json", status=404)
    with pytest.raises(NotFound, match=r"could not find the account @alice@example\.social"):
        COLLECTOR.collect("alice@example.social", make_ctx())


def test_record_not_found_in_a_200_answer(server, make_ctx):
    webfinger(server, "error_page.html", content_type="text/html")
    lookup(server, "not_found.json")
    with pytest.raises(NotFound):
        COLLECTOR.collect("alice@example.social", make_ctx())


def test_null_account_is_not_found(server, make_ctx):
    webfinger(server, status=500, body="")
    lookup(server, body="null")
    with pytest.raises(NotFound, match="returned nothing"):
        COLLECTOR.collect("alice@example.social", make_ctx())


def test_statuses_needing_login_give_a_partial_profile(server, make_ctx):
    webfinger(server)
    lookup(server)
    avatar(server)
    serve(server, STATUSES, "statuses_unauthenticated.json", status=401, query=FIRST_PAGE)
    profile = COLLECTOR.collect("alice@example.social", make_ctx())
    assert profile.display_name == "Alice Example"
    assert profile.posts == []
    assert profile.collected is not None and profile.collected.error is not None
    assert profile.collected.error.startswith("partial:")
    assert "refused to show the account's posts" in profile.collected.error


def test_lookup_needing_login_without_actor_is_refused(server, make_ctx):
    webfinger(server, status=502, body="")
    lookup(server, "unauthenticated.json", status=401)
    with pytest.raises(Refused, match="only be seen when signed in"):
        COLLECTOR.collect("alice@example.social", make_ctx())


def test_non_mastodon_server_falls_back_to_the_actor_document(server, make_ctx):
    serve(
        server,
        "/.well-known/webfinger",
        "webfinger_gotosocial.json",
        host="example.net",
        query={"resource": "acct:carol@example.net"},
    )
    serve(
        server,
        "/api/v1/accounts/lookup",
        "not_found.json",
        host="gts.example.net",
        status=404,
        query={"acct": "carol"},
    )
    serve(
        server,
        "/users/carol",
        "actor_gotosocial.json",
        host="gts.example.net",
        content_type="application/activity+json",
    )
    server.route("/fileserver/01ABC/attachment/original/01DEF.png").reply(
        png((10, 120, 10)), content_type="image/png"
    )
    profile = COLLECTOR.collect("@carol@example.net", make_ctx())
    assert profile.id == "mastodon:carol@example.net"
    assert profile.handle == "carol@example.net"
    assert profile.display_name == "Carol Example"
    assert profile.url == "https://gts.example.net/@carol"
    assert profile.links == [
        "https://git.example.net/carol",
        "https://github.com/carol-codes",
        "https://carol.example.net",
    ]
    assert profile.created_at == "2023-08-14T00:00:00Z"
    assert profile.avatar is not None and profile.avatar.sha256
    assert profile.collected is not None and profile.collected.error is not None
    assert "ActivityPub" in profile.collected.error
    actor_requests = [r for r in server.requests if r.path == "/users/carol"]
    assert "activity+json" in actor_requests[0].headers["Accept"]


def test_html_instead_of_json_is_a_bad_response(server, make_ctx):
    webfinger(server)
    lookup(server, "error_page.html", content_type="text/html")
    # the actor fallback gets a web page too: the lookup's own error is reported
    serve(server, "/users/alice", "error_page.html", content_type="text/html")
    with pytest.raises(BadResponse, match="web page instead of its data"):
        COLLECTOR.collect("alice@example.social", make_ctx())


def test_truncated_json_is_a_bad_response(server, make_ctx):
    webfinger(server, "error_page.html", content_type="text/html")
    lookup(server, "account_truncated.json")
    with pytest.raises(BadResponse, match="damaged answer"):
        COLLECTOR.collect("alice@example.social", make_ctx())


def test_statuses_that_are_not_a_list_give_a_partial_profile(server, make_ctx):
    webfinger(server)
    lookup(server)
    avatar(server)
    serve(server, STATUSES, body='{"statuses": []}', query=FIRST_PAGE)
    profile = COLLECTOR.collect("alice@example.social", make_ctx())
    assert profile.collected is not None and profile.collected.error is not None
    assert "could not read as a list of posts" in profile.collected.error
