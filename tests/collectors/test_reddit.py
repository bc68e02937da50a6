"""The Reddit collector against a local server answering like Reddit does: a full profile, its
writing and the paging of its listings. (Refusals and malformed answers:
test_reddit_failures.py; the token: test_reddit_token.py; handles: test_reddit_handles.py;
property tests of the parsers: test_reddit_fuzz.py.)"""

from __future__ import annotations

import json

import pytest

from collectors.reddit import COLLECTOR
from tests.collectors.reddit_serving import (
    ICON_PATH,
    fixture,
    png,
    requested,
    serve_json,
    serve_profile,
)
from tests.server import LocalServer

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
