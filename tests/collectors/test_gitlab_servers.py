"""GitLab servers of anyone's (``gitlab:NAME@HOST``): their handles, and the GitLab collector
against a local server answering as the GitLab server at git.example.org would."""

from __future__ import annotations

import re

import pytest

from collectors.errors import BadResponse, NotFound
from collectors.gitlab import COLLECTOR
from linkage.errors import UsageError
from linkage.handles import parse_handle
from linkage.signals.avatar_defaults import default_url
from tests.collectors.gitlab_serving import USERS, load, serve
from tests.server import LocalServer

HOST = "git.example.org"
NO_AVATAR = "/assets/no_avatar-849f9c04a3a0d0cea2424ae97b27447dc64a7dbfae83c036c45b403392f0e8ba.png"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("gitlab:Alex-Example@Git.Example.ORG", "gitlab:alex-example@git.example.org"),
        ("gitlab:@alex-example@git.example.org.", "gitlab:alex-example@git.example.org"),
        # read as browsers read it (IDNA 2008): ß is kept, not folded to ss
        ("gitlab:alex@git.Bücher.example", "gitlab:alex@git.xn--bcher-kva.example"),
        ("gitlab:alex@straße.example", "gitlab:alex@xn--strae-oqa.example"),
        ("gitlab:alex@git.example.org:8443", "gitlab:alex@git.example.org:8443"),
        # gitlab.com's own accounts are written without it
        ("gitlab:Alex@gitlab.com", "gitlab:alex"),
        ("gitlab:alex@WWW.GitLab.com", "gitlab:alex"),
        # an address, where the platform is said
        ("gitlab:https://git.example.org/Alex-Example", "gitlab:alex-example@git.example.org"),
        ("gitlab:https://git.example.org/users/alex/activity", "gitlab:alex@git.example.org"),
        ("gitlab:https://git.example.org/alex.keys", "gitlab:alex@git.example.org"),
        ("gitlab:https://gitlab.com/alex", "gitlab:alex"),
    ],
)
def test_a_handle_names_its_server(given: str, expected: str) -> None:
    assert parse_handle(given).id == expected


@pytest.mark.parametrize(
    ("bad", "words"),
    [
        ("gitlab:explore@git.example.org", "'explore' is a page of git.example.org"),
        ("gitlab:-dash@git.example.org", "is not a GitLab username"),
        ("gitlab:alex@", "is not a valid server name"),
        ("gitlab:alex@git_example", "is not a valid server name"),
        ("gitlab:alex@git.example.org:70000", "its port is out of range"),
        ("gitlab:https://git.example.org/alex/routing", "is not the address of a GitLab profile"),
    ],
)
def test_a_bad_server_or_name_is_refused_in_plain_words(bad: str, words: str) -> None:
    with pytest.raises(UsageError, match=re.escape(words)):
        parse_handle(bad)


def test_an_address_on_a_server_of_anyone_s_is_a_web_page_unless_the_platform_is_said() -> None:
    """https://git.example.org/alex could be any site's page: read as a website, as before."""
    assert parse_handle("https://git.example.org/alex").platform == "web"
    assert COLLECTOR.from_url("https://git.example.org/alex") is None
    assert COLLECTOR.profile_url("alex@git.example.org:8443") == "https://git.example.org:8443/alex"
    assert COLLECTOR.profile_url("alex") == "https://gitlab.com/alex"


def test_profile_and_activity_on_the_server(server: LocalServer, make_ctx) -> None:
    serve(server, host=HOST)
    profile = COLLECTOR.collect("Alex-Example@Git.Example.org", make_ctx())
    assert profile.id == "gitlab:alex-example@git.example.org"
    assert profile.platform == "gitlab"
    assert profile.handle == "Alex-Example@git.example.org"
    assert profile.url == "https://git.example.org/Alex-Example"
    assert profile.collected.source == "https://git.example.org/api/v4/users/4100001"
    assert profile.display_name == "Alex Example" and profile.avatar.sha256
    assert profile.avatar.url.startswith("https://git.example.org/uploads/")
    assert len(profile.posts) == 4 and profile.collected.error is None
    assert profile.posts[0].url == "https://git.example.org/projects/5200001"
    # every request went to the server named, none to gitlab.com
    assert {r.host for r in server.requests} == {HOST}


def test_gitlab_s_own_picture_on_the_server_is_a_default(server: LocalServer, make_ctx) -> None:
    server.route(USERS).json(load("users_lookup_plain.json", HOST))
    server.route("/api/v4/users/4100004").json(load("user_plain.json", HOST))
    server.route("/api/v4/users/4100004/events").json([])
    profile = COLLECTOR.collect("sam_example@git.example.org", make_ctx())
    assert profile.avatar.url == f"https://{HOST}{NO_AVATAR}"
    assert profile.avatar.default is True
    # and a record from elsewhere holding the address, with the server's address in a path
    assert default_url(f"https://code.example.net/gitlab{NO_AVATAR}") is not None


def test_a_name_nobody_has_on_the_server_is_not_found_there(server: LocalServer, make_ctx) -> None:
    server.route(USERS).json([])
    with pytest.raises(
        NotFound, match=re.escape("git.example.org has no user called 'nobody-here'")
    ):
        COLLECTOR.collect("nobody-here@git.example.org", make_ctx())


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ("<!doctype html><html><body>Welcome to our council</body></html>", 200),
        ('{"message": "404 Not Found"}', 404),
        ("<html><body>Not Found</body></html>", 404),
    ],
)
def test_a_server_that_is_not_gitlab_is_said_so(
    server: LocalServer, make_ctx, body: str, status: int
) -> None:
    server.route(USERS).reply(body, status=status, content_type="text/html")
    with pytest.raises(BadResponse) as caught:
        COLLECTOR.collect("alex@git.example.org", make_ctx())
    message = str(caught.value)
    assert "The server at git.example.org does not look like a GitLab server" in message
    assert "https://git.example.org/api/v4" in message and "forgejo:NAME@HOST" in message
    assert "no user" not in message


def test_gitlab_com_s_own_404_is_still_not_found(server: LocalServer, make_ctx) -> None:
    server.route(USERS).json({"message": "404 Not Found"}, status=404)
    with pytest.raises(NotFound, match="GitLab has no user called 'alex'"):
        COLLECTOR.collect("alex", make_ctx())
