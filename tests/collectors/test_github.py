"""The GitHub collector against a local server answering like the GitHub REST API: a whole
profile, the request headers, the token, and revalidation by ETag."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from collectors.errors import Refused
from collectors.github import COLLECTOR
from linkage.records import Profile
from tests.collectors.github_serving import TOKEN, api_requests, paths, serve_user
from tests.server import LocalServer


def test_full_profile(server: LocalServer, make_ctx: Callable[..., Any]) -> None:
    serve_user(server)
    profile = COLLECTOR.collect("alex-example", make_ctx())
    assert profile.id == "github:alex-example"
    assert profile.platform == "github"
    assert profile.handle == "Alex-Example"
    assert profile.url == "https://github.com/Alex-Example"
    assert profile.display_name == "Alex Example"
    # the company is read as the profile shows it, under the bio
    assert profile.bio == (
        "Writes about maps and trains. Notes at https://notes.example.org/alex\n@example-org"
    )
    assert profile.location == "Exampleton"
    assert profile.created_at == "2015-01-01T00:00:00Z"
    assert profile.links == [
        "https://alex.example.org",
        "https://x.com/alexexample",
        "https://github.com/example-org",
        "https://notes.example.org/alex",
        "https://social.example/@alex",
        "https://www.linkedin.com/in/alex-example",
        "https://bsky.app/profile/alex.example.org",
        "https://blog.example.net/",
        "https://future.example/u/alex",
    ]
    assert profile.avatar is not None
    assert profile.avatar.url == "https://avatars.githubusercontent.com/u/1000001?v=4"
    assert profile.avatar.sha256 and profile.avatar.phash and not profile.avatar.default
    assert profile.collected is not None
    assert profile.collected.error is None
    assert profile.collected.source == "https://api.github.com/users/alex-example"
    texts = [post.text for post in profile.posts]
    assert texts == [
        "I think the eviction runs too late.\n\nLet me open a pull request tomorrow.",
        "Could this use the interface instead?",
        "Looks good to me, thanks for the careful tests.",
        "This broke the Windows build, reverting soon.",
        "Support offline tile bundles\n\nIt would help field work if bundles could be loaded from disk.",
        "Faster tile rendering and a quieter log.",
        "Second page comment about projections.",
        "Evict tiles by age, not by count\n\nThe old rule kept huge tiles forever.",
        "Fix typo in the README",
        "Add notes on map projections",
        "Notes on slippy map tile math",
    ]
    first, review, commit = profile.posts[0], profile.posts[2], profile.posts[7]
    assert first.url == "https://github.com/example-org/tool/issues/12#issuecomment-9001"
    assert first.created_at == "2026-01-02T10:00:00Z"
    assert review.created_at == "2026-01-01T17:00:00Z"
    assert commit.created_at == "2026-01-02T08:55:00Z"
    assert commit.url == "https://github.com/Alex-Example/tool/commit/" + "a" * 40
    assert profile.posts[-1].url == "https://gist.github.com/Alex-Example/aa11"
    # forks and empty repositories are not read
    assert "/repos/Alex-Example/forked-lib/commits" not in paths(server)
    assert "/repos/Alex-Example/empty/commits" not in paths(server)
    Profile.from_dict(json.loads(json.dumps(profile.to_dict())))


def test_headers_and_no_token(server: LocalServer, make_ctx: Callable[..., Any]) -> None:
    serve_user(server)
    COLLECTOR.collect("alex-example", make_ctx())
    requests = api_requests(server)
    assert len(requests) == 8
    for request in requests:
        assert request.headers["Accept"] == "application/vnd.github+json"
        assert request.headers["X-GitHub-Api-Version"] == "2022-11-28"
        assert "Authorization" not in request.headers
        assert request.headers["User-Agent"].startswith("linkage/")


def test_token_sent_only_to_the_api_and_never_stored(
    server: LocalServer, make_ctx: Callable[..., Any]
) -> None:
    serve_user(server)
    profile = COLLECTOR.collect("alex-example", make_ctx(env={"GITHUB_TOKEN": f" {TOKEN}\n"}))
    assert api_requests(server)
    for request in server.requests:
        if request.headers.get("Host") == "api.github.com":
            assert request.headers["Authorization"] == f"Bearer {TOKEN}"
        else:
            assert "Authorization" not in request.headers
    assert TOKEN not in json.dumps(profile.to_dict())


def test_rejected_token(server: LocalServer, make_ctx: Callable[..., Any]) -> None:
    server.route("/users/alex-example").json(
        {"message": "Bad credentials", "status": "401"}, status=401
    )
    with pytest.raises(Refused) as caught:
        COLLECTOR.collect("alex-example", make_ctx(env={"GITHUB_TOKEN": TOKEN}))
    assert "GITHUB_TOKEN" in caught.value.message and TOKEN not in str(caught.value)


def test_unusable_token_is_refused_before_any_request(
    server: LocalServer, make_ctx: Callable[..., Any]
) -> None:
    with pytest.raises(Refused, match="GITHUB_TOKEN"):
        COLLECTOR.collect("alex-example", make_ctx(env={"GITHUB_TOKEN": "two words"}))
    assert server.requests == []


def test_etag_revalidation(
    server: LocalServer, make_ctx: Callable[..., Any], tmp_path: Path
) -> None:
    serve_user(server, etag='"etag-v1"')
    first = COLLECTOR.collect("alex-example", make_ctx(cache_dir=tmp_path / "c"))
    server.clear()
    server.route("/users/alex-example", headers={"If-None-Match": '"etag-v1"'}).reply(
        b"", status=304, headers={"ETag": '"etag-v1"'}
    )
    serve_user(server)
    second = COLLECTOR.collect("alex-example", make_ctx(cache_dir=tmp_path / "c", refresh=True))
    profile_requests = [r for r in server.requests if r.path == "/users/alex-example"]
    assert len(profile_requests) == 1
    assert profile_requests[0].headers.get("If-None-Match") == '"etag-v1"'
    assert server.requests[0].status == 304
    for record in (first, second):
        assert record.collected is not None
        record.collected.at = ""
    assert second.to_dict() == first.to_dict()
