"""The GitHub collector against a local server answering like the GitHub REST API."""

from __future__ import annotations

import copy
import io
import json
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from collectors import github
from collectors.errors import BadResponse, CollectError, NotFound, RateLimited, Refused
from collectors.github import COLLECTOR
from collectors.registry import get as get_collector
from linkage.handles import parse_handle
from linkage.records import Profile
from tests.server import Answer, LocalServer, Request

FIX = Path(__file__).resolve().parents[2] / "fixtures" / "github"
TOKEN = "ghp_FictionalToken0123456789"
NEXT_PAGE = "/user/1000001/events/public"


def load(name: str) -> Any:
    return json.loads((FIX / name).read_text(encoding="utf-8"))


def png() -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", (32, 32), (30, 90, 160))
    image.paste((240, 200, 40), (8, 8, 24, 24))
    image.save(out, format="PNG")
    return out.getvalue()


def serve_user(server: LocalServer, *, etag: str | None = None, events: bool = True) -> None:
    """Every endpoint the collector reads for Alex-Example, shaped like GitHub's answers."""
    headers = {"ETag": etag} if etag else {}
    server.route("/users/alex-example").json(load("user.json"), headers=headers)
    server.route("/users/Alex-Example/social_accounts").json(load("social_accounts.json"))
    if events:
        next_link = (
            f'<https://api.github.com{NEXT_PAGE}?per_page=100&page=2>; rel="next", '
            f'<https://api.github.com{NEXT_PAGE}?per_page=100&page=2>; rel="last"'
        )
        server.route("/users/Alex-Example/events/public", query={"per_page": "100"}).json(
            load("events_page1.json"), headers={"Link": next_link}
        )
        server.route(NEXT_PAGE, query={"per_page": "100", "page": "2"}).json(
            load("events_page2.json")
        )
    server.route(
        "/users/Alex-Example/repos",
        query={"type": "owner", "sort": "pushed", "per_page": "100"},
    ).json(load("repos.json"))
    for repo in ("tool", "notes"):
        server.route(
            f"/repos/Alex-Example/{repo}/commits",
            query={"author": "Alex-Example", "per_page": "30"},
        ).json(load(f"commits_{repo}.json"))
    server.route("/users/Alex-Example/gists", query={"per_page": "100"}).json(load("gists.json"))
    server.route("/u/1000001", query={"v": "4"}).reply(png(), content_type="image/png")


def paths(server: LocalServer) -> list[str]:
    return [request.path for request in server.requests]


def api_requests(server: LocalServer) -> list[Request]:
    return [r for r in server.requests if r.headers.get("Host") == "api.github.com"]


# --- the whole collector --------------------------------------------------------------


def test_full_profile(server: LocalServer, make_ctx: Callable[..., Any]) -> None:
    serve_user(server)
    profile = COLLECTOR.collect("alex-example", make_ctx())
    assert profile.id == "github:alex-example"
    assert profile.platform == "github"
    assert profile.handle == "Alex-Example"
    assert profile.url == "https://github.com/Alex-Example"
    assert profile.display_name == "Alex Example"
    assert profile.bio == "Writes about maps and trains. Notes at https://notes.example.org/alex"
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


def test_writing_limits_stop_fetching(server: LocalServer, make_ctx: Callable[..., Any]) -> None:
    serve_user(server)
    profile = COLLECTOR.collect("alex-example", make_ctx(max_posts=3))
    assert len(profile.posts) == 3
    assert profile.collected is not None and profile.collected.error is None
    requested = paths(server)
    assert NEXT_PAGE not in requested
    assert "/users/Alex-Example/repos" not in requested
    assert "/users/Alex-Example/gists" not in requested


def test_word_limit(server: LocalServer, make_ctx: Callable[..., Any]) -> None:
    serve_user(server)
    profile = COLLECTOR.collect("alex-example", make_ctx(max_words=20))
    assert sum(len(post.text.split()) for post in profile.posts) == 20


def test_events_pages_are_capped(server: LocalServer, make_ctx: Callable[..., Any]) -> None:
    event = load("events_page2.json")

    def endless(request: Request) -> Answer:
        page = int(request.args.get("page", "1"))
        link = f'<https://api.github.com{NEXT_PAGE}?per_page=100&page={page + 1}>; rel="next"'
        return Answer.data(
            json.dumps(event), content_type="application/json", headers={"Link": link}
        )

    server.route("/users/alex-example").json(load("user.json"))
    server.route("/users/Alex-Example/social_accounts").json([])
    server.route("/users/Alex-Example/events/public").handle(endless)
    server.route(NEXT_PAGE).handle(endless)
    server.route("/users/Alex-Example/repos").json([])
    server.route("/users/Alex-Example/gists").json([])
    profile = COLLECTOR.collect("alex-example", make_ctx())
    event_paths = [p for p in paths(server) if p.endswith("/events/public")]
    assert len(event_paths) == 3
    assert len(profile.posts) == 3


def test_next_link_to_another_host_is_not_followed(
    server: LocalServer, make_ctx: Callable[..., Any]
) -> None:
    link = '<https://collector.example/steal?page=2>; rel="next"'
    server.route("/users/alex-example").json(load("user.json"))
    server.route("/users/Alex-Example/social_accounts").json([])
    server.route("/users/Alex-Example/events/public").json(
        load("events_page2.json"), headers={"Link": link}
    )
    server.route("/users/Alex-Example/repos").json([])
    server.route("/users/Alex-Example/gists").json([])
    profile = COLLECTOR.collect("alex-example", make_ctx(env={"GITHUB_TOKEN": TOKEN}))
    assert "/steal" not in paths(server)
    assert [p.text for p in profile.posts] == ["Second page comment about projections."]


def test_next_link_loop_is_not_followed(server: LocalServer, make_ctx: Callable[..., Any]) -> None:
    itself = '<https://api.github.com/users/Alex-Example/events/public?per_page=100>; rel="next"'
    server.route("/users/alex-example").json(load("user.json"))
    server.route("/users/Alex-Example/social_accounts").json([])
    server.route("/users/Alex-Example/events/public").json(
        load("events_page2.json"), headers={"Link": itself}
    )
    server.route("/users/Alex-Example/repos").json([])
    server.route("/users/Alex-Example/gists").json([])
    profile = COLLECTOR.collect("alex-example", make_ctx())
    assert paths(server).count("/users/Alex-Example/events/public") == 1
    assert len(profile.posts) == 1


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


# --- failures -----------------------------------------------------------------------------


def test_not_found(server: LocalServer, make_ctx: Callable[..., Any]) -> None:
    server.route("/users/nobody-here").json(load("user_not_found.json"), status=404)
    with pytest.raises(NotFound) as caught:
        COLLECTOR.collect("nobody-here", make_ctx())
    assert caught.value.message == (
        "GitHub has no user called 'nobody-here' (it may have been renamed, deleted or "
        "suspended). Check the spelling."
    )


@pytest.mark.parametrize("status", [403, 429])
def test_rate_limited_with_token_hint(
    server: LocalServer, make_ctx: Callable[..., Any], status: int
) -> None:
    reset = int(time.time()) + 3600
    server.route("/users/alex-example").json(
        load("rate_limited.json"),
        status=status,
        headers={
            "X-RateLimit-Limit": "60",
            "X-RateLimit-Remaining": "0",
            "X-RateLimit-Used": "60",
            "X-RateLimit-Reset": str(reset),
            "X-RateLimit-Resource": "core",
        },
    )
    with pytest.raises(RateLimited) as caught:
        COLLECTOR.collect("alex-example", make_ctx())
    assert "GITHUB_TOKEN" in caught.value.message
    assert "from 60 to 5,000 requests an hour" in caught.value.message
    assert caught.value.retry_at == datetime.fromtimestamp(reset, UTC)
    assert len(server.requests) == 1


def test_forbidden_without_rate_limit_headers(
    server: LocalServer, make_ctx: Callable[..., Any]
) -> None:
    server.route("/users/alex-example").json(load("forbidden.json"), status=403)
    with pytest.raises(Refused, match="HTTP 403: Request forbidden by administrative rules"):
        COLLECTOR.collect("alex-example", make_ctx())


def test_partial_when_events_fail(server: LocalServer, make_ctx: Callable[..., Any]) -> None:
    server.route("/users/Alex-Example/events/public").reply("oops", status=500)
    serve_user(server, events=False)
    profile = COLLECTOR.collect("alex-example", make_ctx())
    assert profile.status.partial
    assert profile.status.reasons[0].startswith(
        "the public events could not be read: server error ("
    )
    assert "HTTP 500" in profile.status.reasons[0]
    assert profile.display_name == "Alex Example"
    assert "https://social.example/@alex" in profile.links
    # the other writing sources are still read
    assert [p.text for p in profile.posts][-1] == "Notes on slippy map tile math"


def test_a_failing_second_page_of_events_keeps_the_first(
    server: LocalServer, make_ctx: Callable[..., Any]
) -> None:
    """GitHub's ``Link: rel="next"`` names page 2 by the user's numeric id; it fails (a 502
    from GitHub's front end): page 1's writing stays and the status counts it."""
    next_link = f'<https://api.github.com{NEXT_PAGE}?per_page=100&page=2>; rel="next"'
    server.route("/users/Alex-Example/events/public", query={"per_page": "100"}).json(
        load("events_page1.json"), headers={"Link": next_link}
    )
    server.route(NEXT_PAGE, query={"per_page": "100", "page": "2"}).reply(
        "<html><body>502 Bad Gateway</body></html>", status=502
    )
    serve_user(server, events=False)
    profile = COLLECTOR.collect("alex-example", make_ctx())
    assert profile.status.reasons[0].startswith(
        "the public events could not all be read: 6 read, then server error ("
    )
    assert len(profile.posts) > 6  # page 1 of the events, then commits and gists


def test_partial_when_rate_limited_after_the_profile(
    server: LocalServer, make_ctx: Callable[..., Any]
) -> None:
    limited = {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(int(time.time()) + 3600)}
    server.route("/users/Alex-Example/events/public").json(
        load("rate_limited.json"), status=403, headers=limited
    )
    serve_user(server, events=False)
    profile = COLLECTOR.collect("alex-example", make_ctx())
    assert profile.status.reasons == (
        profile.status.reasons[0],
        "not tried after that: commit messages, gists",
        profile.status.reasons[2],
    )
    assert profile.status.reasons[0].startswith("the public events could not be read: rate-lim")
    assert profile.status.reasons[2].endswith("from 60 to 5,000 requests an hour.")
    assert profile.posts == []
    assert "/users/Alex-Example/repos" not in paths(server)
    assert "/users/Alex-Example/gists" not in paths(server)


def test_partial_when_social_accounts_are_malformed(
    server: LocalServer, make_ctx: Callable[..., Any]
) -> None:
    server.route("/users/Alex-Example/social_accounts").json({"message": "unexpected"})
    serve_user(server)
    profile = COLLECTOR.collect("alex-example", make_ctx())
    assert profile.collected is not None
    assert profile.collected.error == (
        "partial: the social accounts could not be read: bad response "
        "(GitHub's list of social accounts is not a list.)"
    )
    assert "https://social.example/@alex" not in profile.links
    assert "https://x.com/alexexample" in profile.links
    assert len(profile.posts) == 11


@pytest.mark.parametrize(
    ("body", "content_type", "expected"),
    [
        (b'{"login": "alex-example", "name": "Alex', "application/json", "truncated JSON"),
        (b"<!DOCTYPE html><html><body>Unicorn!</body></html>", "text/html", "web page"),
        (b"null", "application/json", "not a user profile"),
        (b"[]", "application/json", "not a user profile"),
        (b'{"message": "hello"}', "application/json", "not a user profile"),
        (b'{"login": ["alex"]}', "application/json", "not a user profile"),
        (b"", "application/json", "empty body"),
    ],
)
def test_malformed_profile_answers(
    server: LocalServer,
    make_ctx: Callable[..., Any],
    body: bytes,
    content_type: str,
    expected: str,
) -> None:
    server.route("/users/alex-example").reply(body, content_type=content_type)
    with pytest.raises(BadResponse, match=expected):
        COLLECTOR.collect("alex-example", make_ctx())


def test_invalid_handle_given_to_collect(make_ctx: Callable[..., Any]) -> None:
    with pytest.raises(NotFound, match="not a GitHub username"):
        COLLECTOR.collect("-bad-", make_ctx())


# --- odd content ----------------------------------------------------------------------


def _serve_only_profile(server: LocalServer, login: str, body: bytes) -> None:
    server.route(f"/users/{login.lower()}").reply(body, content_type="application/json")
    for tail in ("social_accounts", "events/public", "repos", "gists"):
        server.route(f"/users/{login}/{tail}").json([])


def test_emoji_and_non_utf8_bytes(server: LocalServer, make_ctx: Callable[..., Any]) -> None:
    data = load("user_emoji_bio.json")
    body = json.dumps(data).encode("ascii")  # emoji as \\u escapes (surrogate pairs)
    body = body.replace(b"tea drinker", b"th\xe9 drinker\\ud800")  # Latin-1 byte, lone surrogate
    _serve_only_profile(server, "pat-example", body)
    profile = COLLECTOR.collect("pat-example", make_ctx())
    assert profile.bio == "Cartographer 🗺️ and th\ufffd drinker 🍵"
    assert profile.display_name == "Pat 🗺️ Example"
    assert profile.location == "Zürich"
    assert profile.links == []  # mailto: blog, no public web links; e-mail never stored
    assert "pat@example.org" not in json.dumps(profile.to_dict())
    json.dumps(profile.to_dict(), ensure_ascii=False).encode("utf-8")


def test_sparse_organization(server: LocalServer, make_ctx: Callable[..., Any]) -> None:
    body = (FIX / "user_organization_sparse.json").read_bytes()
    _serve_only_profile(server, "example-org", body)
    profile = COLLECTOR.collect("example-org", make_ctx())
    assert profile.handle == "example-org"
    assert (profile.display_name, profile.bio, profile.location) == (None, None, None)
    assert profile.links == [] and profile.posts == []
    assert profile.avatar is not None and profile.avatar.sha256 is None  # the picture 404s
    assert profile.collected is not None and profile.collected.error is None


def test_huge_bio_is_clipped(server: LocalServer, make_ctx: Callable[..., Any]) -> None:
    data = load("user.json")
    data["bio"] = "maps " * 30_000
    data["name"] = "N" * 5000
    _serve_only_profile(server, "Alex-Example", json.dumps(data).encode())
    profile = COLLECTOR.collect("alex-example", make_ctx())
    assert profile.bio is not None and len(profile.bio) <= 20_001 and profile.bio.endswith("…")
    assert profile.display_name is not None and len(profile.display_name) <= 501


# --- handles -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("octocat", "octocat"), ("Alex-Example", "alex-example"), ("@a1", "a1"), ("x" * 39, "x" * 39)],
)
def test_normalise_valid(raw: str, expected: str) -> None:
    assert COLLECTOR.normalise(raw) == expected


@pytest.mark.parametrize(
    "raw", ["", "-alex", "alex-", "al--ex", "al_ex", "al ex", "x" * 40, "alex.example", "ålex"]
)
def test_normalise_invalid(raw: str) -> None:
    with pytest.raises(ValueError):
        COLLECTOR.normalise(raw)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://github.com/Alex-Example", "Alex-Example"),
        ("https://www.github.com/alex-example/", "alex-example"),
        ("http://github.com/alex-example?tab=repositories", "alex-example"),
        ("https://github.com/alex-example/tool/issues/3", "alex-example"),
        ("github.com/alex-example", "alex-example"),
        ("https://github.com/orgs/example-org/people", None),
        ("https://github.com/settings/profile", None),
        ("https://github.com/features", None),
        ("https://github.com/topics/maps", None),
        ("https://github.com/about", None),
        ("https://github.com/", None),
        ("https://gitlab.com/alex-example", None),
        ("https://notgithub.com/alex-example", None),
        ("https://github.com.example/alex-example", None),
        ("https://github.com/-bad-", None),
        ("ftp://github.com/alex-example", None),
        ("https://[::1/alex", None),
    ],
)
def test_from_url(url: str, expected: str | None) -> None:
    assert COLLECTOR.from_url(url) == expected


def test_profile_url_registry_and_handles() -> None:
    assert COLLECTOR.profile_url("alex-example") == "https://github.com/alex-example"
    assert get_collector("github") is COLLECTOR
    handle = parse_handle("https://github.com/Alex-Example")
    assert (handle.platform, handle.name) == ("github", "alex-example")


def test_commit_trailers_dropped() -> None:
    message = (
        "Tidy the tile loader\n\nSplit reading from decoding.\n\n"
        "Signed-off-by: A <a@example.org>\nco-authored-by: B <b@example.org>\n"
        "Reviewed-by: C <c@example.org>"
    )
    assert github.commit_text(message) == "Tidy the tile loader\n\nSplit reading from decoding."


# --- property tests of the parsers -------------------------------------------------------

KEY_NAMES = (
    "login name bio blog twitter_username company location avatar_url html_url created_at "
    "type payload comment review issue release body title action submitted_at published_at "
    "commit message author date parents description full_name fork pushed_at url"
)
KEYS = st.sampled_from(KEY_NAMES.split())
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True)
    | st.text(max_size=30)
    | st.sampled_from(["", "opened", "https://example.org/x", "2026-01-01T00:00:00Z", "\ud800"])
)
JSON = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(KEYS | st.text(max_size=4), inner, max_size=6)
    ),
    max_leaves=25,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The path to every part of a parsed JSON value."""
    found = [prefix]
    items = (
        value.items()
        if isinstance(value, dict)
        else enumerate(value)
        if isinstance(value, list)
        else []
    )
    for key, child in items:
        found += _paths(child, (*prefix, key))
    return found


@st.composite
def mutated(draw: st.DrawFn, value: Any) -> Any:
    """A copy of ``value`` with a few parts, at any depth, replaced by random JSON or dropped."""
    data = copy.deepcopy(value)
    for _ in range(draw(st.integers(1, 6))):
        path = draw(st.sampled_from(_paths(data)))
        replacement = draw(st.one_of(JSON, st.just(DROP)))
        if not path:
            data = None if replacement is DROP else replacement
            continue
        parent = data
        for key in path[:-1]:
            parent = parent[key]
        if replacement is DROP:
            del parent[path[-1]]
        else:
            parent[path[-1]] = replacement
    return data


DROP = object()


def check_posts(posts: list[Any]) -> None:
    for post in posts:
        assert isinstance(post.text, str) and post.text.strip()
        if post.created_at is not None:
            datetime.fromisoformat(post.created_at.replace("Z", "+00:00"))
        assert post.url is None or post.url.startswith(("http://", "https://"))
        json.dumps(post.__dict__, ensure_ascii=False).encode("utf-8")


def only_collect_errors(parse: Callable[[Any], Any], data: Any) -> Any:
    try:
        return parse(data)
    except CollectError:
        return None


@settings(max_examples=50, deadline=None)
@given(st.one_of(JSON, mutated(load("user.json")), mutated(load("user_emoji_bio.json"))))
def test_parse_profile_never_crashes(data: Any) -> None:
    fields = only_collect_errors(github.parse_profile, data)
    if fields is None:
        return
    assert github.valid_login(fields["handle"])
    assert all(isinstance(link, str) for link in fields["links"])
    for key in ("display_name", "bio", "location", "created_at", "avatar_url", "url"):
        assert fields[key] is None or isinstance(fields[key], str)
    json.dumps(fields, ensure_ascii=False).encode("utf-8")


@settings(max_examples=50, deadline=None)
@given(st.one_of(JSON, mutated(load("events_page1.json"))))
def test_posts_from_events_never_crash(data: Any) -> None:
    check_posts(only_collect_errors(github.posts_from_events, data) or [])


@settings(max_examples=50, deadline=None)
@given(
    st.one_of(JSON, mutated(load("commits_tool.json"))),
    st.one_of(JSON, mutated(load("gists.json"))),
    st.one_of(JSON, mutated(load("repos.json")), mutated(load("social_accounts.json"))),
)
def test_other_parsers_never_crash(commits: Any, gists: Any, lists: Any) -> None:
    check_posts(only_collect_errors(github.posts_from_commits, commits) or [])
    check_posts(only_collect_errors(github.posts_from_gists, gists) or [])
    for name in only_collect_errors(github.repos_for_commits, lists) or []:
        assert isinstance(name, str) and name.count("/") == 1
    for link in only_collect_errors(github.links_from_social, lists) or []:
        assert link.startswith("https://")


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=60))
def test_handles_never_crash(text: str) -> None:
    try:
        name = COLLECTOR.normalise(text)
    except ValueError:
        name = None
    if name is not None:
        assert github.valid_login(name) and name == name.lower()
    found = COLLECTOR.from_url("https://github.com/" + text)
    assert found is None or github.valid_login(found)
    assert COLLECTOR.from_url(text) is None or github.valid_login(COLLECTOR.from_url(text) or "")
