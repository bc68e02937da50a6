"""The web collector's feeds: found, paginated, cut short, repeated, broken, and on other hosts
(through the endpoint override and the guard on discovered addresses)."""

from __future__ import annotations

import pytest

from collectors.web import COLLECTOR
from tests.collectors.web_serving import (
    ATOM,
    RSS,
    fixture,
    hosts_asked,
    not_found_elsewhere,
    requested,
    serve,
)
from tests.server import LocalServer


def test_blogger_feed_found_at_well_known_address_with_pagination(server, make_ctx) -> None:
    serve(server, "/", fixture("blogger_home.html"))
    serve(server, "/feed/", "<h1>Not found</h1>", status=404)
    for page, start in ((2, 3), (3, 5)):
        serve(
            server,
            "/feeds/posts/default",
            fixture(f"blogger_feed_page{page}.xml"),
            ATOM,
            query=f"start-index={start}&max-results=2",
        )
    serve(server, "/feeds/posts/default", "<feed/>", ATOM, query="start-index=7&max-results=2")
    serve(server, "/feeds/posts/default", fixture("blogger_feed_page1.xml"), ATOM)
    serve(
        server,
        "/img/b/R29v/s220/carol.jpg",
        fixture("bruno.jpg"),
        "image/jpeg",
        host="blogger.googleusercontent.example",
    )
    not_found_elsewhere(server)

    profile = COLLECTOR.collect("https://carol.example.com/", make_ctx())

    # the page only had a blog title; the feed's author names the person
    assert profile.display_name == "Carol Quill"
    assert profile.bio == "Recipes, failures and the occasional success from a small kitchen."
    assert profile.links == ["http://www.blogger.com/profile/01234567890123456789"]
    assert profile.avatar is not None and profile.avatar.sha256
    assert (
        profile.avatar.url == "https://blogger.googleusercontent.example/img/b/R29v/s220/carol.jpg"
    )
    assert [p.url for p in profile.posts] == [
        f"https://carol.example.com/2024/03/note-{i}.html" for i in range(1, 7)
    ]
    assert profile.posts[0].text == "Kitchen note 1\n\nEntry number 1: today the oven behaved."
    assert profile.posts[0].created_at == "2024-03-11T09:15:00-08:00"  # Blogger's local time
    assert requested(server)[:5] == [
        "/",
        "/feed/",
        "/feeds/posts/default",
        "/feeds/posts/default?start-index=3&max-results=2",
        "/feeds/posts/default?start-index=5&max-results=2",
    ]
    # two more pages at most
    assert "/feeds/posts/default?start-index=7&max-results=2" not in requested(server)
    assert profile.collected is not None and profile.collected.error is None


@pytest.mark.parametrize(("status", "kind"), [(404, "bad response"), (503, "server error")])
def test_a_failing_later_feed_page_keeps_the_first(server, make_ctx, status, kind) -> None:
    serve(server, "/", fixture("blogger_home.html"))
    serve(server, "/feed/", "<h1>Not found</h1>", status=404)
    serve(
        server,
        "/feeds/posts/default",
        "<h1>Oops</h1>",
        status=status,
        query="start-index=3&max-results=2",
    )
    serve(server, "/feeds/posts/default", fixture("blogger_feed_page1.xml"), ATOM)
    not_found_elsewhere(server)

    profile = COLLECTOR.collect("https://carol.example.com/", make_ctx())

    assert len(profile.posts) == 2
    assert profile.status.partial
    assert (profile.status.reason or "").startswith(
        f"the feed could not all be read: 2 read, then {kind} ("
    )
    if status == 404:  # a website has no profile: what was read is its first page
        assert "though the site's first page was read" in (profile.status.reason or "")


def test_writing_limits_stop_pagination(server, make_ctx) -> None:
    serve(server, "/", fixture("blogger_home.html"))
    serve(
        server,
        "/feeds/posts/default",
        fixture("blogger_feed_page2.xml"),
        ATOM,
        query="start-index=3&max-results=2",
    )
    serve(server, "/feeds/posts/default", fixture("blogger_feed_page1.xml"), ATOM)
    not_found_elsewhere(server)

    profile = COLLECTOR.collect("https://carol.example.com/", make_ctx(max_posts=3))

    assert len(profile.posts) == 3
    assert "/feeds/posts/default?start-index=5&max-results=2" not in requested(server)


def test_feed_address_named_directly(server, make_ctx) -> None:
    serve(server, "/feeds/posts/default", status=404, query="start-index=3&max-results=2")
    serve(server, "/feeds/posts/default", fixture("blogger_feed_page1.xml"), ATOM)
    not_found_elsewhere(server)

    profile = COLLECTOR.collect("https://carol.example.com/feeds/posts/default", make_ctx())

    assert profile.display_name == "Carol Quill"
    assert profile.handle == "carol.example.com/feeds/posts/default"
    # the page the feed announced answers 404: what was read stays, and the profile says so
    assert len(profile.posts) == 2
    assert profile.status.partial and "HTTP 404" in (profile.status.reason or "")


def test_feed_pages_that_repeat_add_no_duplicates(server, make_ctx) -> None:
    serve(server, "/feeds/posts/default", fixture("blogger_feed_page1.xml"), ATOM)
    not_found_elsewhere(server)

    profile = COLLECTOR.collect("https://carol.example.com/feeds/posts/default", make_ctx())

    assert len(profile.posts) == 2
    assert requested(server).count("/feeds/posts/default?start-index=3&max-results=2") == 1


def test_feed_on_another_host_through_the_endpoint_override(server, make_ctx) -> None:
    serve(server, "/", fixture("elsewhere_feed.html"), host="erin.example.org")
    serve(server, "/erin.xml", fixture("elsewhere_feed.xml"), RSS, host="feeds.example.net")
    serve(server, "/apple-touch-icon.png", fixture("alice.png"), "image/png")
    not_found_elsewhere(server)

    profile = COLLECTOR.collect("https://erin.example.org/", make_ctx())

    assert profile.display_name == "Erin Vale"
    assert profile.bio == "Sound designer. Field recordings from rivers."
    assert profile.links == ["https://erinvale.substack.com/"]
    assert [(p.url, p.created_at) for p in profile.posts] == [
        ("https://erin.example.org/notes/river-dawn", "2024-03-04T06:00:00Z")
    ]
    assert profile.posts[0].text.startswith("The river at dawn")
    # no picture of the person: the site's touch icon stands in
    assert profile.avatar is not None
    assert profile.avatar.url == "https://erin.example.org/apple-touch-icon.png"
    assert ("feeds.example.net", "/erin.xml") in hosts_asked(server)


def _page_with_feed_at(server: LocalServer, feed_url: str) -> None:
    page = fixture("elsewhere_feed.html").replace(
        b"https://feeds.example.net/erin.xml", feed_url.encode()
    )
    serve(server, "/", page, host="erin.example.org")
    serve(server, "/erin.xml", fixture("elsewhere_feed.xml"), RSS)
    not_found_elsewhere(server)


def test_feed_on_another_host_is_guarded_as_discovered(server, make_ctx) -> None:
    base = server.url
    _page_with_feed_at(server, f"{base}/erin.xml")  # a loopback address, not mapped

    profile = COLLECTOR.collect(
        "https://erin.example.org/", make_ctx(endpoints={"erin.example.org": base})
    )

    assert profile.display_name == "Erin Vale"
    assert profile.posts == []
    assert profile.collected is not None
    assert profile.collected.error is not None
    assert profile.collected.error.startswith("partial: the feed could not be read")
    assert "private or local" in profile.collected.error
    assert "/erin.xml" not in requested(server)


def test_feed_on_another_host_allowed_with_allow_private(server, make_ctx) -> None:
    base = server.url
    _page_with_feed_at(server, f"{base}/erin.xml")

    ctx = make_ctx(endpoints={"erin.example.org": base}, allow_private=True)
    profile = COLLECTOR.collect("https://erin.example.org/", ctx)

    assert len(profile.posts) == 1
    assert profile.collected is not None and profile.collected.error is None


def test_user_named_local_site_and_its_own_feed_are_fetched(server, make_ctx) -> None:
    serve(server, "/", fixture("indieweb_hcard.html"))
    serve(server, "/feed.atom", fixture("indieweb_feed.atom"), ATOM)
    not_found_elsewhere(server)
    base = server.url_for("/")

    profile = COLLECTOR.collect(base, make_ctx(endpoints={}))

    assert profile.id == f"web:{base}"
    assert len(profile.posts) == 3  # same host as the page the user named: not guarded
    assert profile.collected is not None and profile.collected.error is None


def test_relative_addresses_resolve_against_the_final_url(server, make_ctx) -> None:
    serve(server, "/start", status=302, headers={"Location": "/people/frank/"})
    serve(server, "/people/frank/", fixture("redirected_home.html"))
    serve(server, "/people/frank/feed.xml", fixture("redirected_feed.xml"), ATOM)
    serve(server, "/people/frank/photo.png", fixture("alice.png"), "image/png")
    not_found_elsewhere(server)

    profile = COLLECTOR.collect("https://frank.example.org/start", make_ctx())

    assert profile.url == "https://frank.example.org/start"
    assert profile.collected is not None
    assert profile.collected.source == "https://frank.example.org/people/frank/"
    assert profile.avatar is not None
    assert profile.avatar.url == "https://frank.example.org/people/frank/photo.png"
    assert profile.avatar.sha256
    assert profile.links == ["https://social.example/@frank"]
    assert [p.url for p in profile.posts] == ["https://frank.example.org/people/frank/posts/dinghy"]


def test_broken_discovered_feed_gives_a_partial_profile(server, make_ctx) -> None:
    serve(server, "/", fixture("indieweb_hcard.html"))
    serve(server, "/feed.atom", "oops", "text/plain", status=503)
    not_found_elsewhere(server)

    profile = COLLECTOR.collect("https://alice.example.org/", make_ctx())

    assert profile.display_name == "Alice Marlowe"
    assert profile.collected is not None and profile.collected.error is not None
    assert profile.collected.error.startswith("partial:")
    # the page's own h-entries still give a writing sample
    assert len(profile.posts) == 1


def test_soft_404_feed_is_skipped(server, make_ctx) -> None:
    serve(server, "/", fixture("title_only.html"))
    serve(server, "/feed/", fixture("title_only.html"))  # a page, not a feed
    serve(server, "/feed.xml", fixture("indieweb_feed.atom"), "application/xml")
    not_found_elsewhere(server)

    profile = COLLECTOR.collect("https://dana.example.org/", make_ctx())

    assert len(profile.posts) == 3
    assert requested(server) == ["/", "/feed/", "/feeds/posts/default", "/feed.xml"]
