"""The Mastodon collector's posts: which visibilities are public writing, pagination and its
caps, and a later page that fails."""

from __future__ import annotations

import json

import pytest

from collectors.mastodon import COLLECTOR
from tests.collectors.mastodon_serving import (
    FIRST_PAGE,
    STATUSES,
    avatar,
    fixture,
    lookup,
    serve,
    statuses,
    webfinger,
)


def test_unlisted_posts_are_public_writing_direct_followers_only_and_boosts_are_not(
    server, make_ctx
):
    """A real account's statuses mix visibilities and carry boosts (a wrapper with empty
    content whose ``reblog`` holds someone else's post), shaped like Mastodon's answers."""
    webfinger(server)
    lookup(server)
    serve(server, STATUSES, "statuses_mixed_visibility.json", query=FIRST_PAGE)
    avatar(server)
    profile = COLLECTOR.collect("alice@example.social", make_ctx())

    assert [p.text for p in profile.posts] == [
        "Public: the river path is open again.",
        "Unlisted: quietly posting the timetable notes here.",
        "Unlisted reply: the 8:10 is faster.",
        "Rail strike\n\nPublic with a warning.",
    ]
    assert all("somebody else" not in p.text for p in profile.posts)  # the boost
    assert profile.posts[1].url == "https://example.social/@alice/113000000000000019"
    assert profile.status.complete


@pytest.mark.parametrize(
    ("status", "kind"), [(500, "server error"), (404, "bad response"), (429, "rate-limited")]
)
def test_a_failing_later_page_keeps_the_first_and_says_what_happened(
    server, make_ctx, status, kind
):
    webfinger(server)
    lookup(server)
    nxt = (
        f"https://example.social{STATUSES}?exclude_reblogs=true&limit=40&max_id=112000000000000005"
    )
    serve(
        server,
        STATUSES,
        "statuses_page1.json",
        query=FIRST_PAGE,
        headers={"Link": f'<{nxt}>; rel="next"'},
    )
    page2 = {**FIRST_PAGE, "max_id": "112000000000000005"}
    serve(server, STATUSES, body='{"error":"boom"}', query=page2, status=status)
    avatar(server)
    profile = COLLECTOR.collect("alice@example.social", make_ctx(max_wait=0.05))

    assert len(profile.posts) == 5  # page 1: four public and one unlisted
    assert profile.ok and profile.status.partial
    reason = profile.status.reason or ""
    assert reason.startswith(f"the posts could not all be read: 5 read, then {kind} (")
    assert "Check the spelling" not in reason


def test_max_posts_stops_before_the_second_page(server, make_ctx):
    webfinger(server)
    lookup(server)
    statuses(server)
    avatar(server)
    profile = COLLECTOR.collect("alice@example.social", make_ctx(max_posts=2))
    assert len(profile.posts) == 2
    assert not any("max_id" in request.query for request in server.requests)


def test_pagination_stops_at_the_page_cap(server, make_ctx):
    webfinger(server)
    lookup(server)
    avatar(server)
    one = json.dumps(fixture("statuses_page2.json")[:1])
    endless = f'<https://example.social{STATUSES}?limit=40&max_id=1>; rel="next"'
    # every page points to a "next" page with a new max_id: the cap must stop the loop
    for n in range(1, 12):
        nxt = f'<https://example.social{STATUSES}?limit=40&max_id={n + 1}>; rel="next"'
        serve(
            server,
            STATUSES,
            body=one,
            query={"limit": "40", "max_id": str(n)},
            headers={"Link": nxt},
        )
    serve(server, STATUSES, body=one, query=FIRST_PAGE, headers={"Link": endless})
    profile = COLLECTOR.collect("alice@example.social", make_ctx())
    pages = [r for r in server.requests if r.path == STATUSES]
    assert len(pages) == 5
    assert len(profile.posts) == 5  # the same post on every page, kept once per page
