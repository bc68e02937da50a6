"""The response cache: hits, ETag revalidation, refresh, offline, permissions, secrets."""

from __future__ import annotations

import stat
import time
from pathlib import Path

import pytest

from collectors.errors import NotCached
from collectors.http import HttpClient, HttpConfig
from tests.server import Answer, LocalServer, Request

TOKEN = "tok-7f3c9a1e5b2d4f60"


def etag_handler(body: bytes, etag: str = '"v1"'):
    def handle(request: Request) -> Answer:
        if request.headers.get("If-None-Match") == etag:
            return Answer.data(status=304, headers={"ETag": etag})
        return Answer.data(body, headers={"ETag": etag, "Content-Type": "application/json"})

    return handle


def test_second_identical_get_is_served_from_the_cache(
    server: LocalServer, make_client, tmp_path: Path
) -> None:
    server.route("/users/alex").json({"login": "alex"})
    client = make_client(cache_dir=tmp_path)
    first = client.get("https://api.example.com/users/alex")
    second = client.get("https://api.example.com/users/alex")
    assert (first.from_cache, second.from_cache) == (False, True)
    assert second.json() == {"login": "alex"}
    assert second.status == 200
    assert len(server.requests) == 1
    assert client.requests_sent == 1


def test_cache_survives_a_new_client(server: LocalServer, make_client, tmp_path: Path) -> None:
    server.route("/x").reply("stored")
    make_client(cache_dir=tmp_path).get("https://api.example.com/x")
    again = make_client(cache_dir=tmp_path).get("https://api.example.com/x")
    assert again.from_cache and again.content == b"stored"
    assert len(server.requests) == 1


def test_cache_keeps_hosts_apart_under_the_endpoint_override(
    server: LocalServer, make_client, tmp_path: Path
) -> None:
    """Two logical hosts mapped to one test server must not share cache entries."""
    server.route("/about", headers={"Host": "a.example.org"}).reply("A")
    server.route("/about", headers={"Host": "b.example.org"}).reply("B")
    client = make_client(cache_dir=tmp_path)
    assert client.get("https://a.example.org/about").content == b"A"
    assert client.get("https://b.example.org/about").content == b"B"
    assert client.get("https://a.example.org/about").from_cache


def test_cache_keeps_accept_variants_apart(
    server: LocalServer, make_client, tmp_path: Path
) -> None:
    def negotiate(request: Request) -> Answer:
        if "activity+json" in request.headers.get("Accept", ""):
            return Answer.data('{"type": "Person"}', content_type="application/activity+json")
        return Answer.data("<html>profile</html>", content_type="text/html")

    server.route("/@alex").handle(negotiate)
    client = make_client(cache_dir=tmp_path)
    page = client.get("https://example.social/@alex")
    actor = client.get(
        "https://example.social/@alex", headers={"Accept": "application/activity+json"}
    )
    assert page.content.startswith(b"<html>")
    assert actor.json() == {"type": "Person"}


def test_server_errors_and_rate_limits_are_not_cached(
    server: LocalServer, make_client, tmp_path: Path
) -> None:
    server.route("/x", once=True).reply("busy", status=503)
    server.route("/x", once=True).reply("", status=429)
    server.route("/x").reply("fine")
    client = make_client(cache_dir=tmp_path, max_retries=3)
    client.sleep = lambda seconds: None
    assert client.get("https://api.example.com/x").content == b"fine"
    assert client.get("https://api.example.com/x").from_cache
    assert len(server.requests) == 3


def test_not_found_is_cached(server: LocalServer, make_client, tmp_path: Path) -> None:
    server.route("/nobody").reply("no", status=404)
    client = make_client(cache_dir=tmp_path)
    client.get("https://api.example.com/nobody")
    again = client.get("https://api.example.com/nobody")
    assert again.status == 404 and again.from_cache


def test_expired_entry_is_revalidated_with_its_etag(
    server: LocalServer, make_client, tmp_path: Path
) -> None:
    server.route("/users/alex").handle(etag_handler(b'{"v": 1}'))
    client = make_client(cache_dir=tmp_path, expire_after=0)
    first = client.get("https://api.example.com/users/alex")
    second = client.get("https://api.example.com/users/alex")
    assert not first.from_cache
    assert server.requests[1].headers.get("If-None-Match") == '"v1"'
    assert server.requests[1].status == 304
    assert second.status == 200 and second.json() == {"v": 1}
    assert second.from_cache


def test_changed_resource_replaces_the_cached_one(
    server: LocalServer, make_client, tmp_path: Path
) -> None:
    server.route("/x", once=True).handle(etag_handler(b"old", '"1"'))
    server.route("/x").handle(etag_handler(b"new", '"2"'))
    client = make_client(cache_dir=tmp_path, expire_after=0)
    assert client.get("https://api.example.com/x").content == b"old"
    assert client.get("https://api.example.com/x").content == b"new"


def test_refresh_revalidates_with_etag(server: LocalServer, make_client, tmp_path: Path) -> None:
    server.route("/x").handle(etag_handler(b"body"))
    make_client(cache_dir=tmp_path).get("https://api.example.com/x")
    refreshed = make_client(cache_dir=tmp_path, refresh=True).get("https://api.example.com/x")
    assert len(server.requests) == 2
    assert server.requests[1].headers.get("If-None-Match") == '"v1"'
    assert refreshed.content == b"body" and refreshed.status == 200


def test_refresh_without_validator_fetches_again(
    server: LocalServer, make_client, tmp_path: Path
) -> None:
    server.route("/x", once=True).reply("old")
    server.route("/x").reply("new")
    make_client(cache_dir=tmp_path).get("https://api.example.com/x")
    refreshed = make_client(cache_dir=tmp_path, refresh=True).get("https://api.example.com/x")
    assert refreshed.content == b"new" and not refreshed.from_cache
    # and the fresh answer replaced the old one for later runs
    assert make_client(cache_dir=tmp_path).get("https://api.example.com/x").content == b"new"
    assert len(server.requests) == 2


def test_offline_serves_cached_and_refuses_uncached(
    server: LocalServer, make_client, tmp_path: Path
) -> None:
    server.route("/cached").reply("kept")
    make_client(cache_dir=tmp_path).get("https://api.example.com/cached")
    offline = make_client(cache_dir=tmp_path, offline=True)
    response = offline.get("https://api.example.com/cached")
    assert response.content == b"kept" and response.from_cache
    with pytest.raises(NotCached) as caught:
        offline.get("https://api.example.com/elsewhere")
    assert caught.value.status == "not in cache"
    assert "--offline" in caught.value.message
    # the site by its name, not the API address nobody typed
    assert caught.value.message.startswith("no answer from example.com was saved")
    assert "api.example.com/elsewhere" not in caught.value.message
    with pytest.raises(NotCached) as caught:
        offline.get("https://api.github.com/users/quill")
    assert caught.value.message.startswith("no answer from GitHub was saved")
    assert len(server.requests) == 1
    assert offline.requests_sent == 0


def test_offline_serves_expired_entries(server: LocalServer, make_client, tmp_path: Path) -> None:
    server.route("/etag").handle(etag_handler(b"tagged"))
    server.route("/plain").reply("plain")
    online = make_client(cache_dir=tmp_path, expire_after=1)
    online.get("https://api.example.com/etag")
    online.get("https://api.example.com/plain")
    time.sleep(1.2)
    offline = make_client(cache_dir=tmp_path, offline=True, expire_after=1)
    assert offline.get("https://api.example.com/etag").content == b"tagged"
    assert offline.get("https://api.example.com/plain").content == b"plain"
    assert len(server.requests) == 2


def test_offline_without_a_cache_never_fetches(server: LocalServer, make_client) -> None:
    server.route("/x").reply("live")
    with pytest.raises(NotCached):
        make_client(offline=True).get("https://api.example.com/x")
    assert len(server.requests) == 0


def test_cache_is_private_to_the_owner(server: LocalServer, make_client, tmp_path: Path) -> None:
    server.route("/x").reply("data")
    cache_dir = tmp_path / "nested" / "cache"
    client = make_client(cache_dir=cache_dir)
    client.get("https://api.example.com/x")
    assert stat.S_IMODE(cache_dir.stat().st_mode) == 0o700
    files = list(cache_dir.iterdir())
    assert cache_dir / "http-cache.sqlite" in files
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name


def test_loose_permissions_are_tightened(tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    cache_dir.mkdir(mode=0o755)
    db = cache_dir / "http-cache.sqlite"
    db.touch(mode=0o644)
    db.chmod(0o644)
    with HttpClient(HttpConfig(cache_dir=cache_dir)):
        pass
    assert stat.S_IMODE(cache_dir.stat().st_mode) == 0o700
    assert stat.S_IMODE(db.stat().st_mode) == 0o600


@pytest.mark.parametrize("header", ["Authorization", "authorization", "AUTHORIZATION"])
def test_tokens_never_reach_the_cache_file(
    server: LocalServer, make_client, tmp_path: Path, header: str
) -> None:
    server.route("/me").json({"login": "alex"})
    server.route("/search").json({"items": []})
    client = make_client(cache_dir=tmp_path)
    client.get("https://api.example.com/me", headers={header: f"Bearer {TOKEN}"})
    client.get(
        "https://api.example.com/search",
        params={"q": "alex", "access_token": TOKEN},
        headers={"Cookie": f"session={TOKEN}", "X-Api-Key": TOKEN},
    )
    # the server did get the secrets
    assert server.requests[0].headers["Authorization"] == f"Bearer {TOKEN}"
    assert server.requests[1].args["access_token"] == TOKEN
    # and a second request is still a cache hit despite the redaction
    assert client.get("https://api.example.com/me", headers={header: f"Bearer {TOKEN}"}).from_cache
    client.close()
    stored = b"".join(path.read_bytes() for path in tmp_path.iterdir() if path.is_file())
    assert b"alex" in stored  # the body is there, so the search below is meaningful
    assert TOKEN.encode() not in stored


def test_answers_that_vary_on_authorization_are_still_cached(
    server: LocalServer, make_client, tmp_path: Path
) -> None:
    """GitHub answers ``Vary: Accept, Authorization``; with a token the cache must still hit,
    and offline must still serve it without a request."""
    server.route("/users/alex").json(
        {"login": "alex"}, headers={"Vary": "Accept, Authorization, Cookie, Accept-Encoding"}
    )
    auth = {"Authorization": f"Bearer {TOKEN}", "Accept": "application/vnd.github+json"}
    client = make_client(cache_dir=tmp_path)
    client.get("https://api.github.com/users/alex", headers=auth)
    assert client.get("https://api.github.com/users/alex", headers=auth).from_cache
    offline = make_client(cache_dir=tmp_path, offline=True)
    assert offline.get("https://api.github.com/users/alex", headers=auth).json() == {
        "login": "alex"
    }
    assert len(server.requests) == 1


def test_cached_redirect_keeps_no_token(server: LocalServer, make_client, tmp_path: Path) -> None:
    server.route("/old").reply(
        "", status=301, headers={"Location": "/new", "Set-Cookie": f"sid={TOKEN}"}
    )
    server.route("/new").reply("moved here")
    client = make_client(cache_dir=tmp_path)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    assert client.get("https://api.example.com/old", headers=auth).content == b"moved here"
    assert client.get("https://api.example.com/old", headers=auth).from_cache
    # the cookie the server set is not sent back either: the session keeps none in the cache
    client.close()
    stored = b"".join(path.read_bytes() for path in tmp_path.iterdir() if path.is_file())
    assert b"moved here" in stored
    assert TOKEN.encode() not in stored
