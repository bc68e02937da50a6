"""Every collector says a failed answer in the same plain words, whatever the site: the site
by its name (not an API address), what happened (a fault on its side; it refused to show the
account; too many requests; the page is gone; an answer that could not be read) and what to do,
the HTTP status only an aside at the end. Each collector runs its real HTTP code against the
local test server, which answers every request the same way."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from collectors import (
    bluesky,
    codeberg,
    devto,
    github,
    gitlab,
    gravatar,
    hackernews,
    keybase,
    lobsters,
    mastodon,
    reddit,
    stackexchange,
    web,
)
from collectors.base import Collector
from collectors.errors import BadResponse, CollectError, RateLimited, Refused, ServerError
from tests.collectors import bluesky_serving, github_serving, mastodon_serving, reddit_serving
from tests.server import LocalServer

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
HASH = hashlib.sha256(b"alex@example.org").hexdigest()

#: (collector, handle, the site as the collector names it, the site as the HTTP layer names it)
ACCOUNTS = [
    pytest.param(keybase.COLLECTOR, "alice_example", "Keybase", "Keybase", id="keybase"),
    pytest.param(reddit.COLLECTOR, "quiet_reader", "Reddit", "Reddit", id="reddit"),
    pytest.param(
        stackexchange.COLLECTOR,
        "stackoverflow.com/1000001",
        "Stack Exchange",
        "Stack Exchange",
        id="stackexchange",
    ),
    pytest.param(
        mastodon.COLLECTOR,
        "alice@example.social",
        "example.social",
        "example.social",
        id="mastodon",
    ),
    pytest.param(bluesky.COLLECTOR, "alice.example.org", "Bluesky", "Bluesky", id="bluesky"),
    pytest.param(gravatar.COLLECTOR, HASH, "Gravatar", "Gravatar", id="gravatar"),
    pytest.param(devto.COLLECTOR, "alexexample", "dev.to", "dev.to", id="devto"),
    pytest.param(lobsters.COLLECTOR, "alice", "Lobsters", "Lobsters", id="lobsters"),
    pytest.param(gitlab.COLLECTOR, "alex-example", "GitLab", "GitLab", id="gitlab"),
    pytest.param(codeberg.COLLECTOR, "alex-example", "Codeberg", "Codeberg", id="codeberg"),
    pytest.param(
        hackernews.COLLECTOR, "AlexExample", "Hacker News", "Hacker News", id="hackernews"
    ),
]
#: The personal web site, for the failures that are not about reading data.
WEB = pytest.param(
    web.COLLECTOR, "https://alex.example.org/", "alex.example.org", "alex.example.org", id="web"
)


def failure(collector: Collector, handle: str, ctx: Any) -> CollectError:
    with pytest.raises(CollectError) as caught:
        collector.collect(handle, ctx)
    return caught.value


@pytest.mark.parametrize(("collector", "handle", "site", "host"), [*ACCOUNTS, WEB])
@pytest.mark.parametrize("status", [501, 503])
def test_a_fault_on_the_site_s_side_says_so_and_to_try_later(
    server: LocalServer, make_ctx, collector, handle, site, host, status
) -> None:
    """501 reaches the collector; 503 is retried by the HTTP layer, which then gives up."""
    server.route().reply("Service Unavailable", status=status, content_type="text/plain")
    error = failure(collector, handle, make_ctx(max_retries=0))
    assert isinstance(error, ServerError) and error.status == "server error"
    # named alike whether the collector or the HTTP layer (after its tries) words it
    assert error.message.startswith(f"{site} had a fault on its side and could not answer")
    assert error.message.endswith(f"Try again later (HTTP {status}).")


@pytest.mark.parametrize(("collector", "handle", "site", "host"), [*ACCOUNTS, WEB])
def test_a_refusal_says_the_account_may_be_private_or_need_signing_in(
    server: LocalServer, make_ctx, collector, handle, site, host
) -> None:
    server.route().reply("Forbidden", status=403, content_type="text/plain")
    error = failure(collector, handle, make_ctx(max_retries=0))
    assert isinstance(error, Refused)
    assert error.message.startswith(f"{site} refused to show ")
    assert "answered" not in error.message


@pytest.mark.parametrize(("collector", "handle", "site", "host"), [*ACCOUNTS, WEB])
def test_too_many_requests_says_when_to_try_again(
    server: LocalServer, make_ctx, collector, handle, site, host
) -> None:
    server.route().reply("Too Many Requests", status=429, content_type="text/plain")
    error = failure(collector, handle, make_ctx(max_retries=0))
    assert isinstance(error, RateLimited) and error.retry_at is not None
    assert error.message.startswith(
        f"{host} says linkage has sent too many requests for now (HTTP 429). Try again after "
    )


@pytest.mark.parametrize(("collector", "handle", "site", "host"), ACCOUNTS)
def test_an_answer_that_cannot_be_read_says_so_and_to_try_later(
    server: LocalServer, make_ctx, collector, handle, site, host
) -> None:
    server.route().json([1, 2])
    error = failure(collector, handle, make_ctx(max_retries=0))
    assert isinstance(error, BadResponse)
    assert error.message.startswith(f"{site} sent back something linkage could not read as ")
    assert error.message.endswith("; try again later.")


# --- a page gone after the profile was read -----------------------------------------------------


def reddit_profile(server: LocalServer) -> None:
    reddit_serving.serve_json(
        server, "/user/quiet_reader/about.json", reddit_serving.fixture("about.json")
    )


def mastodon_profile(server: LocalServer) -> None:
    mastodon_serving.webfinger(server)
    mastodon_serving.lookup(server)


def devto_profile(server: LocalServer) -> None:
    user = FIXTURES / "devto" / "user.json"
    server.route("/api/users/by_username").json(json.loads(user.read_text(encoding="utf-8")))


def gitlab_profile(server: LocalServer) -> None:
    found = FIXTURES / "gitlab"
    for path, name in (
        ("/api/v4/users", "users_lookup.json"),
        ("/api/v4/users/4100001", "user.json"),
    ):
        server.route(path).json(json.loads((found / name).read_text(encoding="utf-8")))


def codeberg_profile(server: LocalServer) -> None:
    user = FIXTURES / "codeberg" / "user.json"
    server.route("/api/v1/users/alex-example").json(json.loads(user.read_text(encoding="utf-8")))


def github_profile(server: LocalServer) -> None:
    server.route("/users/alex-example").json(github_serving.load("user.json"))


GONE_LATER: list[Any] = [
    pytest.param(reddit.COLLECTOR, "quiet_reader", "Reddit", reddit_profile, id="reddit"),
    pytest.param(
        mastodon.COLLECTOR,
        "alice@example.social",
        "example.social",
        mastodon_profile,
        id="mastodon",
    ),
    pytest.param(
        bluesky.COLLECTOR,
        "alice.example.org",
        "Bluesky",
        bluesky_serving.profile_answer,
        id="bluesky",
    ),
    pytest.param(devto.COLLECTOR, "alexexample", "dev.to", devto_profile, id="devto"),
    pytest.param(github.COLLECTOR, "alex-example", "GitHub", github_profile, id="github"),
    pytest.param(gitlab.COLLECTOR, "alex-example", "GitLab", gitlab_profile, id="gitlab"),
    pytest.param(codeberg.COLLECTOR, "alex-example", "Codeberg", codeberg_profile, id="codeberg"),
]


@pytest.mark.parametrize(("collector", "handle", "site", "profile"), GONE_LATER)
def test_a_page_gone_after_the_profile_was_read_blames_no_handle(
    server: LocalServer,
    make_ctx,
    collector: Collector,
    handle: str,
    site: str,
    profile: Callable[[LocalServer], None],
) -> None:
    """The profile is read; every later page answers 404: the account is partial, and the
    reason says the page could not be found though the profile was, not a misspelt handle."""
    profile(server)
    server.route().reply("Not Found", status=404, content_type="text/plain")
    read = collector.collect(handle, make_ctx(max_retries=0))
    assert read.status.partial
    reason = read.status.reason or ""
    assert f"{site} could not find " in reason
    assert "though the profile itself was read" in reason and "(HTTP 404)" in reason
    assert "answered" not in reason and "Check the spelling" not in reason
