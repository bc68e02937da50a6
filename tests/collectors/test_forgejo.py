"""Forgejo and Gitea servers of anyone's (``forgejo:NAME@HOST``, ``gitea:NAME@HOST``): their
handles, and the collector against a local server answering as the Forgejo server at
git.example.org would (Codeberg's fixtures, on that host)."""

from __future__ import annotations

import re

import pytest

from collectors.errors import BadResponse, NotFound
from collectors.forgejo import COLLECTOR
from linkage.errors import UsageError
from linkage.handles import parse_handle
from tests.collectors.codeberg_serving import FEED, feed_query, load, requested, serve
from tests.server import LocalServer

HOST = "git.example.org"
USER = "/api/v1/users/alex-example"
VERSION = "/api/v1/version"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("forgejo:Alex-Example@Git.Example.ORG", "forgejo:alex-example@git.example.org"),
        ("gitea:alex-example@git.example.org", "forgejo:alex-example@git.example.org"),
        ("Gitea:@alex-example@git.example.org", "forgejo:alex-example@git.example.org"),
        ("forgejo:alex@git.Bücher.example", "forgejo:alex@git.xn--bcher-kva.example"),
        ("forgejo:alex@git.example.org:3000", "forgejo:alex@git.example.org:3000"),
        # Codeberg's own accounts are Codeberg's
        ("forgejo:Alex@codeberg.org", "codeberg:alex"),
        ("gitea:alex@www.codeberg.org", "codeberg:alex"),
        ("forgejo:https://codeberg.org/alex", "codeberg:alex"),
        # an address, where the platform is said
        ("forgejo:https://git.example.org/Alex.keys", "forgejo:alex@git.example.org"),
        ("gitea:https://git.example.org/alex/-/projects", "forgejo:alex@git.example.org"),
    ],
)
def test_a_handle_names_its_server(given: str, expected: str) -> None:
    assert parse_handle(given).id == expected


@pytest.mark.parametrize(
    ("bad", "words"),
    [
        ("forgejo:alex", "does not name its server: write forgejo:NAME@HOST"),
        ("forgejo:explore@git.example.org", "'explore' is a page of git.example.org"),
        ("forgejo:_alex@git.example.org", "is not a Forgejo username (Forgejo usernames are"),
        ("forgejo:alex.keys@git.example.org", "is not a Forgejo username (names ending in"),
        ("forgejo:alex@-git.example.org", "is not a valid server name"),
        ("forgejo:https://git.example.org/alex/routing", "is not the address of a Forgejo"),
    ],
)
def test_a_bad_server_or_name_is_refused_in_plain_words(bad: str, words: str) -> None:
    with pytest.raises(UsageError, match=re.escape(words)):
        parse_handle(bad)


def test_an_address_on_a_server_of_anyone_s_is_a_web_page_unless_the_platform_is_said() -> None:
    assert parse_handle("https://git.example.org/alex").platform == "web"
    assert COLLECTOR.profile_url("alex@git.example.org") == "https://git.example.org/alex"


def test_profile_and_activity_on_the_server(server: LocalServer, make_ctx) -> None:
    serve(server, host=HOST)
    profile = COLLECTOR.collect("Alex-Example@git.example.org", make_ctx())
    assert profile.id == "forgejo:alex-example@git.example.org"
    assert profile.platform == "forgejo"
    assert profile.handle == "Alex-Example@git.example.org"
    assert profile.url == "https://git.example.org/Alex-Example"
    assert profile.collected.source == "https://git.example.org/api/v1/users/alex-example"
    assert profile.links == ["https://alex.example.org", "https://notes.example.org/alex"]
    assert profile.avatar.url.startswith("https://git.example.org/avatars/")
    assert profile.avatar.sha256 and profile.avatar.default is False
    assert profile.posts and profile.collected.error is None
    assert all(p.url.startswith("https://git.example.org/") for p in profile.posts)
    assert requested(server, FEED) == [feed_query(1), feed_query(2)]
    assert {r.host for r in server.requests} == {HOST}


def test_forgejo_s_own_picture_on_the_server_is_a_default(server: LocalServer, make_ctx) -> None:
    server.route("/api/v1/users/sam_example").json(load("user_plain.json", HOST))
    server.route("/assets/img/avatar_default.png").reply(b"\x89PNG", content_type="image/png")
    server.route("/api/v1/users/sam_example/activities/feeds").json([])
    profile = COLLECTOR.collect("sam_example@git.example.org", make_ctx())
    assert profile.avatar.url == "https://git.example.org/assets/img/avatar_default.png"
    assert profile.avatar.default is True


def test_a_name_nobody_shows_on_a_forgejo_server_is_not_found_there(
    server: LocalServer, make_ctx
) -> None:
    server.route("/api/v1/users/nobody-here").json(load("not_found.json"), status=404)
    server.route(VERSION).json({"version": "11.0.1+gitea-1.22.0"})
    with pytest.raises(
        NotFound, match=re.escape("git.example.org shows no user called 'nobody-here'")
    ):
        COLLECTOR.collect("nobody-here@git.example.org", make_ctx())


@pytest.mark.parametrize(
    ("body", "status", "version"),
    [
        ("<!doctype html><html><body>Our community</body></html>", 200, None),
        ("<html><body>Not Found</body></html>", 404, 404),
        ('{"message": "not found"}', 404, 404),
        ("Not Found", 404, 200),  # the version is a web page too
    ],
)
def test_a_server_that_is_not_forgejo_is_said_so(
    server: LocalServer, make_ctx, body: str, status: int, version: int | None
) -> None:
    server.route(USER).reply(body, status=status, content_type="text/html")
    if version is not None:
        server.route(VERSION).reply("<html>a page</html>", status=version)
    with pytest.raises(BadResponse) as caught:
        COLLECTOR.collect("alex-example@git.example.org", make_ctx())
    message = str(caught.value)
    assert "The server at git.example.org does not look like a Forgejo server" in message
    assert "https://git.example.org/api/v1" in message and "gitlab:NAME@HOST" in message
    assert "no user" not in message
