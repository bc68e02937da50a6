"""The Reddit collector against a local server answering like Reddit does."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from collectors import reddit
from collectors.errors import BadResponse, CollectError, NotFound, Private, Refused, Suspended
from linkage.records import profile_line
from tests.server import LocalServer

FIX = Path(__file__).resolve().parents[2] / "fixtures" / "reddit"
COLLECTOR = reddit.COLLECTOR
ICON_PATH = "/t5_2abcde/styles/profileIcon_q1w2e3r4t5.png"


def fixture(name: str) -> str:
    return (FIX / name).read_text(encoding="utf-8")


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (32, 32), (40, 120, 200)).save(buffer, format="PNG")
    return buffer.getvalue()


def serve_json(server: LocalServer, path: str, body: str, status: int = 200, **match: Any) -> None:
    server.route(path, **match).reply(
        body, status=status, content_type="application/json; charset=UTF-8"
    )


def serve_profile(
    server: LocalServer, name: str = "quiet_reader", about: str = "about.json"
) -> None:
    serve_json(server, f"/user/{name}/about.json", fixture(about), query={"raw_json": "1"})
    serve_json(
        server,
        f"/user/{name}/comments.json",
        fixture("comments_page1.json"),
        query={"limit": "100", "raw_json": "1"},
    )
    serve_json(
        server,
        f"/user/{name}/comments.json",
        fixture("comments_page2.json"),
        query={"limit": "100", "raw_json": "1", "after": "t1_c3"},
    )
    serve_json(
        server,
        f"/user/{name}/submitted.json",
        fixture("submitted.json"),
        query={"limit": "100", "raw_json": "1"},
    )
    server.route(ICON_PATH).reply(png(), content_type="image/png")


def requested(server: LocalServer) -> list[str]:
    return [request.target for request in server.requests]


# --- a full profile --------------------------------------------------------------------------


def test_full_profile(server: LocalServer, make_ctx) -> None:
    serve_profile(server)
    profile = COLLECTOR.collect("quiet_reader", make_ctx())

    assert profile.id == "reddit:quiet_reader"
    assert profile.handle == "Quiet_Reader"
    assert profile.url == "https://www.reddit.com/user/Quiet_Reader"
    assert profile.display_name == "Quiet Reader & Friends"
    assert profile.bio is not None
    assert profile.bio.startswith("Mostly lurking in r/birding.")
    assert "&amp;" not in profile.bio and " & notes" in profile.bio
    assert "<b>not bold</b>" in profile.bio  # HTML-looking text stays text
    assert profile.links == ["https://quiet.example.org/photos", "https://www.quiet-notes.example"]
    assert profile.created_at == "2020-09-13T12:26:40Z"
    assert profile.avatar is not None
    assert profile.avatar.url is not None and "&amp;" not in profile.avatar.url
    assert profile.avatar.url.startswith(
        "https://styles.redditmedia.com" + ICON_PATH + "?width=256&"
    )
    assert profile.avatar.default is False
    assert profile.avatar.sha256 and profile.avatar.phash
    assert profile.collected is not None
    assert profile.collected.error is None
    assert profile.collected.source == "https://www.reddit.com/user/quiet_reader/about.json"


def test_writing_is_merged_newest_first_and_cleaned(server: LocalServer, make_ctx) -> None:
    serve_profile(server)
    posts = COLLECTOR.collect("quiet_reader", make_ctx()).posts
    texts = [post.text for post in posts]

    assert len(posts) == 6  # 4 comments (one deleted skipped) + 2 submissions
    assert texts[0].startswith("Saw a pair of goldfinches")
    assert posts[0].created_at == "2026-01-02T10:00:00Z"
    assert posts[0].url == (
        "https://www.reddit.com/r/birding/comments/abc001/what_did_you_spot_this_weekend/c5/"
    )
    assert texts[1] == (
        "First kingfisher of the year\n\nAlong the canal near the lock. Blurry photo, but it "
        "counts!\n\nAny tips for fast shutter speeds?"
    )
    assert texts[2] == "No hide, just sat very still by the hedge for an hour."
    assert "[deleted]" not in texts
    assert "import csv" not in texts[3] and "one row per bird & keeps the date" in texts[3]
    assert "sorted()" not in texts[4] and "pass" not in texts[4]
    assert texts[5] == "My sighting log, as a map"
    dates = [post.created_at or "" for post in posts]
    assert dates == sorted(dates, reverse=True)


def test_pagination_follows_after(server: LocalServer, make_ctx) -> None:
    serve_profile(server)
    profile = COLLECTOR.collect("quiet_reader", make_ctx())
    assert any("after=t1_c3" in path for path in requested(server))
    assert any(post.text.startswith("Here is the script") for post in profile.posts)


#: How real Reddit answers a failing listing page: a JSON error object for 404 and 429, an
#: HTML page for a 5xx.
FAILED_PAGES = {
    404: ('{"message": "Not Found", "error": 404}', "application/json; charset=UTF-8"),
    429: ('{"message": "Too Many Requests", "error": 429}', "application/json; charset=UTF-8"),
    500: ("<html><body><h1>500 Internal Server Error</h1></body></html>", "text/html"),
}


@pytest.mark.parametrize(
    ("status", "kind"), [(404, "bad response"), (429, "rate-limited"), (500, "server error")]
)
def test_a_failing_second_page_keeps_the_first_and_names_the_failure(
    server: LocalServer, make_ctx, status: int, kind: str
) -> None:
    """Page 1 of the comments and the submissions answer 200, page 2 of the comments fails:
    what was read stays, and the status says which listing stopped and why, never that the
    account does not exist."""
    name = "quiet_reader"
    serve_json(server, f"/user/{name}/about.json", fixture("about.json"))
    page1 = {"limit": "100", "raw_json": "1"}
    serve_json(
        server,
        f"/user/{name}/comments.json",
        fixture("comments_page1.json"),
        query=page1,
    )
    body, content_type = FAILED_PAGES[status]
    server.route(f"/user/{name}/comments.json", query={**page1, "after": "t1_c3"}).reply(
        body, status=status, content_type=content_type
    )
    serve_json(server, f"/user/{name}/submitted.json", fixture("submitted.json"))
    server.route(ICON_PATH).reply(png(), content_type="image/png")

    profile = COLLECTOR.collect(name, make_ctx(max_posts=500, max_wait=0.05))

    assert len(profile.posts) == 4  # two comments of page 1 and two submissions
    assert profile.ok and profile.status.partial
    reason = profile.status.reason or ""
    assert reason.startswith(f"the comments could not all be read: 2 read, then {kind} (")
    assert "no user called" not in reason and "submissions" not in reason


def test_a_cursor_that_does_not_move_ends_the_listing(server: LocalServer, make_ctx) -> None:
    name = "quiet_reader"
    serve_json(server, f"/user/{name}/about.json", fixture("about.json"))
    stuck = json.loads(fixture("comments_page2.json"))
    stuck["data"]["after"] = "t1_c3"  # page 2 names itself as the next page again
    page1 = {"limit": "100", "raw_json": "1"}
    serve_json(
        server,
        f"/user/{name}/comments.json",
        fixture("comments_page1.json"),
        query=page1,
    )
    serve_json(
        server,
        f"/user/{name}/comments.json",
        json.dumps(stuck),
        query={**page1, "after": "t1_c3"},
    )
    serve_json(server, f"/user/{name}/submitted.json", fixture("submitted.json"))
    server.route(ICON_PATH).reply(png(), content_type="image/png")
    profile = COLLECTOR.collect(name, make_ctx(max_posts=500))
    asked = [p for p in requested(server) if "comments.json" in p]
    assert len(asked) == 2 and profile.status.complete


def test_writing_limit_stops_paging(server: LocalServer, make_ctx) -> None:
    serve_profile(server)
    profile = COLLECTOR.collect("quiet_reader", make_ctx(max_posts=2))
    assert len(profile.posts) == 2
    assert not any("after=" in path for path in requested(server))


def test_default_avatar_recognised(server: LocalServer, make_ctx) -> None:
    serve_profile(server, "plain_user", "about_default_avatar.json")
    server.route("/avatars/defaults/v2/avatar_default_3.png").reply(png(), content_type="image/png")
    profile = COLLECTOR.collect("plain_user", make_ctx())
    assert profile.avatar is not None and profile.avatar.default is True
    assert profile.display_name is None and profile.bio is None and profile.links == []


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


# --- handles ---------------------------------------------------------------------------------


@pytest.mark.parametrize("raw", ["alice", "Alice", "u/Alice", "/u/alice", "user/ALICE", " alice "])
def test_normalise(raw: str) -> None:
    assert COLLECTOR.normalise(raw) == "alice"


@pytest.mark.parametrize("raw", ["", "u/", "al ice", "alice/comments", "a" * 40, "al!ce"])
def test_normalise_rejects(raw: str) -> None:
    with pytest.raises(ValueError):
        COLLECTOR.normalise(raw)


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("https://www.reddit.com/user/Quiet_Reader", "Quiet_Reader"),
        ("https://www.reddit.com/user/Quiet_Reader/comments/", "Quiet_Reader"),
        ("https://reddit.com/u/quiet_reader/", "quiet_reader"),
        ("https://old.reddit.com/user/quiet-reader", "quiet-reader"),
        ("https://www.reddit.com/r/birding", None),
        ("https://example.org/user/quiet_reader", None),
        ("not a url", None),
    ],
)
def test_from_url(url: str, name: str | None) -> None:
    assert COLLECTOR.from_url(url) == name


def test_profile_url() -> None:
    assert COLLECTOR.profile_url("alice") == "https://www.reddit.com/user/alice"


# --- property tests of the parsers ----------------------------------------------------------

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=20,
)
ABOUT = json.loads(fixture("about.json"))
LISTING = json.loads(fixture("comments_page1.json"))


def mutate(value: Any, data: st.DataObject, depth: int = 0) -> Any:
    """Replace, drop or keep each key of a nested object, at random."""
    if isinstance(value, dict) and depth < 4:
        out = {}
        for key, item in value.items():
            choice = data.draw(st.sampled_from(["keep", "keep", "drop", "replace"]))
            if choice == "keep":
                out[key] = mutate(item, data, depth + 1)
            elif choice == "replace":
                out[key] = data.draw(JSON)
        return out
    if isinstance(value, list) and depth < 4:
        return [mutate(item, data, depth + 1) for item in value]
    return value


@settings(max_examples=50, deadline=None)
@given(JSON)
def test_parsers_never_crash_on_any_json(body: Any) -> None:
    for parse in (lambda: reddit.parse_about(body, "x"), lambda: reddit.parse_listing(body)):
        with contextlib.suppress(CollectError):
            parse()
    assert reddit.post_from_child(body) is None or isinstance(reddit.post_from_child(body), tuple)


@settings(max_examples=50, deadline=None)
@given(st.data())
def test_parsers_survive_mutated_fixtures(data: st.DataObject) -> None:
    try:
        fields = reddit.parse_about(mutate(ABOUT, data), "quiet_reader")
    except CollectError:
        pass
    else:
        assert isinstance(fields["handle"], str) and isinstance(fields["links"], list)
        assert fields["bio"] is None or isinstance(fields["bio"], str)
    try:
        items, after = reddit.parse_listing(mutate(LISTING, data))
    except CollectError:
        pass
    else:
        assert all(isinstance(text, str) and text for _, text, _, _ in items)
        assert after is None or isinstance(after, str)


@settings(max_examples=50, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_characters="&"), min_size=1, max_size=200))
def test_bio_text_is_kept_as_text(text: str) -> None:
    body = {"data": {"name": "someone", "subreddit": {"public_description": text}}}
    bio = reddit.parse_about(body, "someone")["bio"]
    assert bio == (reddit.tidy(text) or None)


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=80))
def test_default_avatar_markers(suffix: str) -> None:
    assert reddit.is_default_avatar(
        "https://www.redditstatic.com/avatars/defaults/v2/avatar_default_" + suffix
    )
    assert reddit.is_default_avatar(None)
