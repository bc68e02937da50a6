"""The web collector against realistic blog and personal-site pages served by a local server."""

from __future__ import annotations

import random
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from collectors.errors import BadResponse, NotFound, Refused
from collectors.web import COLLECTOR, WELL_KNOWN_FEEDS
from collectors.webfeed import iso_from_text, parse_feed
from collectors.webpage import decode_html, parse_page
from collectors.websocial import profile_link, x_link
from tests.server import LocalServer

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "web"
HTML = "text/html; charset=utf-8"
ATOM = "application/atom+xml; charset=utf-8"
RSS = "application/rss+xml; charset=UTF-8"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def serve(
    server: LocalServer,
    path: str,
    body: bytes | str = b"",
    content_type: str = HTML,
    *,
    status: int = 200,
    host: str | None = None,
    query: str | None = None,
    headers: dict[str, str] | None = None,
) -> None:
    server.route(path, query=query, headers={"Host": host} if host else None).reply(
        body, status=status, content_type=content_type, headers=headers
    )


def not_found_elsewhere(server: LocalServer) -> None:
    """Everything not served explicitly is a 404 (registered last, so it matches last)."""
    server.route(re.compile(".*")).reply("gone", status=404)


def requested(server: LocalServer) -> list[str]:
    """The paths (with query) the collector asked for, in order."""
    out = []
    for request in server.requests:
        query = request.query
        out.append(request.path + (f"?{query}" if query else ""))
    return out


def hosts_asked(server: LocalServer) -> list[tuple[str, str]]:
    return [(request.headers.get("Host", ""), request.path) for request in server.requests]


# --- handles ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given_name", "expected"),
    [
        ("https://alice.example.org/", "https://alice.example.org/"),
        ("https://Alice.EXAMPLE.org", "https://alice.example.org/"),
        ("alice.example.org", "https://alice.example.org/"),
        ("HTTP://Alice.example.org/Blog/?p=1#top", "http://alice.example.org/Blog/?p=1"),
        ("alice.example.org:8443/~alice", "https://alice.example.org:8443/~alice"),
        ("  https://alice.example.org/about  ", "https://alice.example.org/about"),
    ],
)
def test_normalise_accepts_web_addresses(given_name: str, expected: str) -> None:
    assert COLLECTOR.normalise(given_name) == expected


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "ftp://files.example.org/",
        "mailto:alice@example.org",
        "javascript:alert(1)",
        "https://",
        "https://user:secret@alice.example.org/",
        "alice example org",
        "https://nodots/",
        "https://alice.example.org:99999/",
    ],
)
def test_normalise_rejects_what_is_not_a_web_address(bad: str) -> None:
    with pytest.raises(ValueError):
        COLLECTOR.normalise(bad)


def test_handle_url_and_title() -> None:
    assert COLLECTOR.title == "Website"
    assert COLLECTOR.from_url("https://alice.example.org/") is None
    assert COLLECTOR.profile_url("https://alice.example.org/") == "https://alice.example.org/"
    assert COLLECTOR.handle_of("https://alice.example.org/") == "alice.example.org"
    assert COLLECTOR.handle_of("https://example.org/~alice/") == "example.org/~alice"


def test_handle_parser_falls_back_to_web() -> None:
    from linkage.handles import parse_handle

    assert parse_handle("web:alice.example.org").id == "web:https://alice.example.org/"
    handle = parse_handle("https://Alice.example.org")
    assert (handle.platform, handle.name) == ("web", "https://alice.example.org/")


# --- whole collections ------------------------------------------------------------------


def test_indieweb_hcard_page_with_rel_me_and_atom_feed(server, make_ctx) -> None:
    serve(server, "/", fixture("indieweb_hcard.html"))
    serve(server, "/feed.atom", fixture("indieweb_feed.atom"), ATOM)
    serve(server, "/images/alice.png", fixture("alice.png"), "image/png")
    not_found_elsewhere(server)

    profile = COLLECTOR.collect("https://alice.example.org/", make_ctx())

    assert profile.id == "web:https://alice.example.org/"
    assert profile.platform == "web"
    assert profile.handle == "alice.example.org"
    assert profile.url == "https://alice.example.org/"
    assert profile.display_name == "Alice Marlowe"
    assert profile.bio is not None and profile.bio.startswith("Cartographer and occasional bread")
    assert "Map maker, Harbour Atlas Co-op" in profile.bio
    assert profile.location == "Port Wren, Westshire, Examplia"
    # rel="me" first (in page order), then the note's link, then header/footer profiles;
    # the site's own pages, mailto:, share buttons and repositories are left out.
    assert profile.links == [
        "https://github.com/alice-marlowe",
        "https://social.example/@amarlowe",
        "https://bsky.app/profile/alice.example.org",
        "https://maps.example.org/harbour",
        "https://keybase.io/amarlowe",
        "https://x.com/amarlowe_maps",
    ]
    assert profile.avatar is not None
    assert profile.avatar.url == "https://alice.example.org/images/alice.png"
    assert profile.avatar.sha256 and profile.avatar.phash
    assert [p.url for p in profile.posts] == [
        "https://alice.example.org/notes/2024/05/tide-tables",
        "https://alice.example.org/posts/port-wren",
        "https://alice.example.org/posts/sourdough",
    ]
    # each time in the writer's own zone, as the feed gives it (the time-zone signal reads it)
    assert [p.created_at for p in profile.posts] == [
        "2024-05-02T08:30:00+01:00",
        "2024-04-11T17:05:00Z",
        "2024-03-20T09:00:00-05:00",
    ]
    first = profile.posts[0].text
    assert first.startswith("Tide tables are maps too")
    assert "drawn in time instead of space" in first
    assert "SECRET_CODE_LINE" not in first
    assert "QUOTED_LINE" not in profile.posts[1].text
    assert profile.collected is not None and profile.collected.error is None
    # autodiscovery found the feed: no well-known address was tried
    assert requested(server) == ["/", "/feed.atom", "/images/alice.png"]


def test_home_page_owner_is_the_hfeed_author_not_a_quoted_or_replying_person(
    server, make_ctx
) -> None:
    """A real home page shape: the owner is the h-feed's ``p-author`` h-card (``u-url`` the
    page, ``rel="me"``), placed last; before it come a reply context (an ``h-cite`` with its
    author's card and picture), a quotation, comments as ``h-cite`` and as a child h-entry,
    and a title-only h-entry in an archive list."""
    serve(server, "/", fixture("hfeed_author_quoted_reply.html"))
    serve(server, "/wp-content/uploads/nell-2024.jpg", fixture("bruno.jpg"), "image/jpeg")
    not_found_elsewhere(server)

    profile = COLLECTOR.collect("https://nell.example.net/", make_ctx())

    assert profile.display_name == "Nell Ashdown"
    assert profile.bio == "Allotment holder, bookbinder, keeper of logbooks."
    assert profile.avatar is not None
    assert profile.avatar.url == "https://nell.example.net/wp-content/uploads/nell-2024.jpg"
    asked = {host for host, _ in hosts_asked(server)}
    assert not asked & {"wren.example.com", "bramble.example.org", "visitor.example.org"}
    assert "https://social.example/@nell" in profile.links
    assert not any("wren" in link or "moss" in link for link in profile.links)
    assert [p.text for p in profile.posts] == [
        "Every season, in pencil. The rain smudges the ink ones.",
        "Notes from the seed swap\n\nForty people, three tables and far too many courgettes.",
        "A compost bin from old pallets",  # title only
    ]
    assert [p.url for p in profile.posts] == [
        "https://nell.example.net/2025/10/03/logbook/",
        "https://nell.example.net/2025/09/20/seed-swap/",
        "https://nell.example.net/2025/08/02/compost/",
    ]
    assert profile.posts[2].created_at == "2025-08-02T12:00:00Z"
    assert profile.status.complete


@pytest.mark.parametrize(
    ("body", "owner"),
    [
        # step 1: url and uid are the page, though a rel=me card comes first
        (
            '<a rel="me" href="https://x.example/" class="h-card u-url">Rel Me</a>'
            '<div class="h-card"><a class="p-name u-url u-uid" href="/">Uid Owner</a></div>',
            "Uid Owner",
        ),
        # step 2: a nested card (an h-entry's author) whose url is a rel=me link
        (
            '<div class="h-entry"><div class="u-in-reply-to h-cite"><a class="p-author h-card" '
            'href="https://other.example/">Quoted</a></div><a class="p-author h-card" rel="me" '
            'href="https://me.example/">Nested Owner</a></div>',
            "Nested Owner",
        ),
        # step 3: the only card (a quoted author does not count), its url the page
        (
            '<blockquote class="h-cite"><span class="p-author h-card">Quoted</span></blockquote>'
            '<div class="h-entry"><a class="p-author h-card" href="/">Only Owner</a></div>',
            "Only Owner",
        ),
        # beyond the published steps: a card on the page's own site (its about page)
        (
            '<div class="h-card"><a class="p-name u-url" href="https://friend.example/">Friend'
            '</a></div><div class="h-card"><a class="p-name u-url" href="/about/">Site Owner</a>'
            "</div>",
            "Site Owner",
        ),
        # a lone top-level card without an address
        ('<div class="h-card"><span class="p-name">Lone Card</span></div>', "Lone Card"),
        # a blogroll: several cards of other people name no owner
        (
            '<ul><li class="h-card"><a class="p-name u-url" href="https://a.example/">Ann</a></li>'
            '<li class="h-card"><a class="p-name u-url" href="https://b.example/">Ben</a></li></ul>',
            None,
        ),
        # nothing but cards inside someone else's item: no owner card at all
        (
            '<div class="h-entry"><div class="u-repost-of h-cite"><span class="p-author h-card">'
            'Reposted</span></div><div class="p-category h-card">Tagged</div></div>',
            None,
        ),
    ],
)
def test_representative_hcard_steps_over_all_cards(body: str, owner: str | None) -> None:
    info = parse_page(f"<html><body>{body}</body></html>", "https://page.example/")
    assert (info.display_name if not info.name_from_title else None) == owner


def test_wordpress_page_with_jsonld_graph_and_rss_feed(server, make_ctx) -> None:
    serve(server, "/", fixture("wordpress_home.html"), host="bruno.example.net")
    serve(server, "/feed/", fixture("wordpress_feed.xml"), RSS, host="bruno.example.net")
    serve(
        server,
        "/avatar/b7c1",
        fixture("bruno.jpg"),
        "image/jpeg",
        host="secure.gravatar.example",
        query="s=96&d=mm&r=g",
    )
    not_found_elsewhere(server)

    profile = COLLECTOR.collect("https://bruno.example.net/", make_ctx())

    assert profile.display_name == "Bruno Castellan"
    assert profile.bio == (
        "Rail enthusiast, ferry timetable collector & occasional translator.\n"
        "Translator, Lingua Freight Ltd"
    )
    assert profile.location == "Lyonnais, Examplia"
    assert profile.links == [
        "https://x.com/bruno_rails",
        "https://instagram.com/bruno.on.rails",
        "https://linkedin.com/in/bruno-castellan-example",
        "https://mastodon.example/@bruno",
        "https://github.com/bruno-castellan",
    ]
    # the JSON-LD image wins over og:image (a banner) and the site icon
    assert profile.avatar is not None and profile.avatar.sha256
    assert profile.avatar.url == "https://secure.gravatar.example/avatar/b7c1?s=96&d=mm&r=g"
    assert [p.created_at for p in profile.posts] == [
        "2024-02-10T21:14:03Z",  # +0000: given in UTC
        "2024-01-16T08:02:11Z",
        "2023-12-08T19:45:00+01:00",  # the writer's own zone
    ]
    night_ferry = profile.posts[0]
    assert night_ferry.url == "https://bruno.example.net/2024/02/night-ferry/"
    assert "the night ferry leaves when the tide says so" in night_ferry.text
    assert "We sailed at 02:10." in night_ferry.text
    for marker in ("QUOTED_LINE", "SECRET_CODE_LINE", "SCRIPT_TEXT", "<p>"):
        assert marker not in night_ferry.text
    asked = hosts_asked(server)
    assert ("bruno.example.net", "/comments/feed/") not in asked
    assert ("secure.gravatar.example", "/avatar/b7c1") in asked


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
    assert profile.links == ["https://blogger.com/profile/01234567890123456789"]
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


def test_page_with_only_a_title(server, make_ctx) -> None:
    serve(server, "/", fixture("title_only.html"), "text/html")
    not_found_elsewhere(server)

    profile = COLLECTOR.collect("https://dana.example.org/", make_ctx())

    assert profile.display_name == "Dana's corner of the web"
    assert (profile.bio, profile.location, profile.avatar) == (None, None, None)
    assert profile.links == [] and profile.posts == []
    assert profile.collected is not None and profile.collected.error is None
    assert requested(server) == ["/"] + [f"/{p}" for p in WELL_KNOWN_FEEDS]


def test_page_entries_used_when_there_is_no_feed(server, make_ctx) -> None:
    serve(server, "/", fixture("indieweb_hcard.html"))
    not_found_elsewhere(server)

    profile = COLLECTOR.collect("https://alice.example.org/", make_ctx())

    assert len(profile.posts) == 1
    post = profile.posts[0]
    assert post.text.startswith("Tide tables are a kind of map too.")
    assert post.created_at == "2024-05-02T08:30:00+01:00"
    assert post.url == "https://alice.example.org/notes/2024/05/tide-tables"


@pytest.mark.parametrize(
    ("status", "error"), [(404, NotFound), (410, NotFound), (403, Refused), (401, Refused)]
)
def test_http_errors(server, make_ctx, status: int, error: type) -> None:
    serve(server, "/", "<h1>no</h1>", status=status)

    with pytest.raises(error) as caught:
        COLLECTOR.collect("https://ghost.example.org/", make_ctx())
    assert str(status) in caught.value.message
    if error is NotFound:
        assert caught.value.message.startswith("Nothing at https://ghost.example.org/")


@pytest.mark.parametrize("content_type", ["image/png", "application/pdf", "application/json"])
def test_not_a_web_page(server, make_ctx, content_type: str) -> None:
    serve(server, "/", fixture("alice.png"), content_type)

    with pytest.raises(BadResponse) as caught:
        COLLECTOR.collect("https://alice.example.org/", make_ctx())
    assert "not a web page" in caught.value.message
    assert content_type in caught.value.message


def test_empty_page_is_a_bad_response(server, make_ctx) -> None:
    serve(server, "/", b"  \n")

    with pytest.raises(BadResponse, match="empty page"):
        COLLECTOR.collect("https://alice.example.org/", make_ctx())


def test_page_without_content_type_is_sniffed(server, make_ctx) -> None:
    server.route("/").reply(fixture("title_only.html"), headers={"Content-Type": ""})
    not_found_elsewhere(server)

    profile = COLLECTOR.collect("https://dana.example.org/", make_ctx())
    assert profile.display_name == "Dana's corner of the web"


def test_script_in_the_bio_comes_out_as_text(server, make_ctx) -> None:
    serve(server, "/", fixture("script_bio.html"))
    not_found_elsewhere(server)

    profile = COLLECTOR.collect("https://gil.example.org/", make_ctx())

    assert profile.display_name == "Gil Harrow"
    assert profile.bio is not None
    assert profile.bio.startswith("Poet & printer.")
    assert "I set type by hand." in profile.bio
    everything = " ".join(str(v) for v in profile.to_dict().values())
    for marker in ("<script", "NAME_SCRIPT", "BIO_SCRIPT", "BIO_STYLE", "cookie", "onerror"):
        assert marker not in everything
    assert "evil.example" not in " ".join(profile.links)


def test_malformed_json_ld_does_not_stop_the_rest(server, make_ctx) -> None:
    serve(server, "/", fixture("malformed_jsonld.html"))
    serve(server, "/img/hana.webp", b"not really a picture", "image/webp")
    not_found_elsewhere(server)

    profile = COLLECTOR.collect("https://hana.example.org/", make_ctx())

    assert profile.display_name == "Hana Oduya"
    assert profile.bio == "Illustrator."
    assert profile.location == "Lake Orrin, Examplia"
    assert profile.links == ["https://instagram.com/hana.draws"]
    # an undecodable picture keeps its address and no hashes
    assert (
        profile.avatar is not None
        and profile.avatar.url == "https://hana.example.org/img/hana.webp"
    )
    assert profile.avatar.sha256 is None


@pytest.mark.parametrize(
    "content_type",
    ["text/html", "text/html; charset=ISO-8859-1", "text/html; charset=utf-8"],
    ids=["meta-only", "header", "wrong-header"],
)
def test_latin1_page(server, make_ctx, content_type: str) -> None:
    serve(server, "/", fixture("latin1.html"), content_type)
    not_found_elsewhere(server)

    profile = COLLECTOR.collect("https://zoe.example.org/", make_ctx())

    assert profile.display_name == "Zoë Bérénice Müller"
    assert profile.bio == "Photographer’s notebook: niños, árboles, mañanas."
    assert profile.location == "Málaga"


def test_feed_on_another_host_through_the_endpoint_override(server, make_ctx) -> None:
    serve(server, "/", fixture("elsewhere_feed.html"), host="erin.example.org")
    serve(server, "/erin.xml", fixture("elsewhere_feed.xml"), RSS, host="feeds.example.net")
    serve(server, "/apple-touch-icon.png", fixture("alice.png"), "image/png")
    not_found_elsewhere(server)

    profile = COLLECTOR.collect("https://erin.example.org/", make_ctx())

    assert profile.display_name == "Erin Vale"
    assert profile.bio == "Sound designer. Field recordings from rivers."
    assert profile.links == ["https://erinvale.substack.com"]
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


# --- parsers ----------------------------------------------------------------------------


def test_comment_feeds_are_left_out_and_icons_prefer_touch_icons() -> None:
    html = """<html><head>
    <link rel="alternate" type="application/rss+xml" title="Comments" href="/comments/feed/">
    <link rel="alternate" type="application/atom+xml" href="/posts.atom">
    <link rel="alternate" type="application/json" href="/feed.json">
    <link rel="icon" sizes="512x512" href="/big.png">
    <link rel="apple-touch-icon" href="/touch.png">
    </head></html>"""
    info = parse_page(html, "https://x.example.org/a/b")
    assert info.feeds == ["https://x.example.org/posts.atom"]
    assert info.icon == "https://x.example.org/touch.png"
    assert info.display_name is None and info.bio is None


def test_representative_hcard_is_the_one_matching_the_page() -> None:
    html = """<body>
    <div class="h-card"><a class="p-name u-url" href="https://friend.example.com/">A Friend</a></div>
    <div class="h-card"><a class="p-name u-url u-uid" href="/">Page Owner</a></div>
    </body>"""
    assert parse_page(html, "https://owner.example.org/").display_name == "Page Owner"


def test_jsonld_person_as_author_of_a_blog_posting() -> None:
    html = """<script type="application/ld+json">{"@context":"https://schema.org",
    "@type":"BlogPosting","headline":"Hi","author":{"@type":"Person","name":"Ida Penrose",
    "url":"https://ida.example.org/","sameAs":["https://github.com/ida-p"],
    "address":{"@type":"PostalAddress","addressLocality":"Northgate",
    "addressCountry":{"@type":"Country","name":"Examplia"}}}}</script><title>Post</title>"""
    info = parse_page(html, "https://blog.example.org/hi")
    assert info.display_name == "Ida Penrose"
    assert info.location == "Northgate, Examplia"
    assert info.links[:2] == ["https://github.com/ida-p", "https://ida.example.org/"]


def test_opengraph_profile_names_and_twitter_card() -> None:
    html = """<head><title>Home</title>
    <meta property="profile:first_name" content="Jo"><meta property="profile:last_name" content="Quint">
    <meta name="twitter:creator" content="@jo_quint"><meta name="twitter:site" content="not a handle!">
    <meta property="og:description" content="Knits &amp; codes."></head>"""
    info = parse_page(html, "https://jo.example.org/")
    assert info.display_name == "Jo Quint"
    assert info.bio == "Knits & codes."
    assert info.links == ["https://x.com/jo_quint"]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://github.com/octo-cat", "https://github.com/octo-cat"),
        ("https://github.com/octo-cat/repo", None),
        ("https://github.com/features", None),
        ("https://twitter.com/someone", "https://x.com/someone"),
        ("https://mobile.twitter.com/someone?lang=en", "https://x.com/someone"),
        ("https://x.com/intent/tweet?text=hi", None),
        ("https://social.example/@alice", "https://social.example/@alice"),
        ("https://medium.com/@alice", "https://medium.com/@alice"),
        (
            "https://bsky.app/profile/alice.example.org",
            "https://bsky.app/profile/alice.example.org",
        ),
        ("https://old.reddit.com/u/quiet_reader/", "https://reddit.com/user/quiet_reader"),
        (
            "https://news.ycombinator.com/user?id=alice",
            "https://news.ycombinator.com/user?id=alice",
        ),
        ("https://uk.linkedin.com/in/alice-x", "https://linkedin.com/in/alice-x"),
        ("https://stackoverflow.com/users/12345/alice", "https://stackoverflow.com/users/12345"),
        ("https://lobste.rs/~alice", "https://lobste.rs/~alice"),
        ("https://lobste.rs/u/alice", "https://lobste.rs/~alice"),
        ("https://dev.to/alice", "https://dev.to/alice"),
        ("https://alice.substack.com/", "https://alice.substack.com/"),
        ("https://alice.substack.com/p/a-post", None),
        ("https://www.facebook.com/sharer.php?u=x", None),
        ("https://www.facebook.com/profile.php?id=100", "https://facebook.com/profile.php?id=100"),
        ("https://keybase.io/alice", "https://keybase.io/alice"),
        ("https://www.instagram.com/p/abc/", None),
        ("mailto:alice@example.org", None),
        ("https://alice.example.org/about/", None),
    ],
)
def test_profile_links(url: str, expected: str | None) -> None:
    assert profile_link(url) == expected


def test_x_link() -> None:
    assert x_link("@someone") == "https://x.com/someone"
    assert x_link("https://twitter.com/someone") == "https://x.com/someone"
    assert x_link("Some One") is None
    assert x_link(None) is None


def test_decode_html_prefers_bom_then_header_then_meta() -> None:
    text = "<meta charset='iso-8859-1'><p>café</p>"
    assert "café" in decode_html(text.encode("latin-1"), "text/html")
    assert "café" in decode_html(b"\xef\xbb\xbf" + text.encode("utf-8"), "text/html")
    assert "café" in decode_html(text.encode("utf-8"), "text/html; charset=utf-8")
    assert "caf" in decode_html(b"caf\x81\x8d\xff", "text/html; charset=bogus-label")


def test_feed_parser_reads_bytes_only_and_rejects_non_feeds(tmp_path) -> None:
    secret = tmp_path / "secret.xml"
    secret.write_bytes(fixture("indieweb_feed.atom"))
    # a file name or an address given as bytes is just bytes: nothing is opened or fetched
    assert parse_feed(str(secret).encode(), "https://x.example.org/feed").is_feed is False
    assert (
        parse_feed(b"https://alice.example.org/feed.atom", "https://x.example.org/").entries == []
    )
    assert parse_feed(fixture("title_only.html"), "https://x.example.org/").is_feed is False


# --- property tests ---------------------------------------------------------------------

PAGES = [
    "indieweb_hcard.html",
    "wordpress_home.html",
    "blogger_home.html",
    "script_bio.html",
    "malformed_jsonld.html",
    "latin1.html",
    "elsewhere_feed.html",
]
FEEDS = [
    "indieweb_feed.atom",
    "wordpress_feed.xml",
    "blogger_feed_page1.xml",
    "elsewhere_feed.xml",
]
_SNIPPETS = [
    b"<",
    b">",
    b'"',
    b"&",
    b"</div>",
    b"<script>",
    b"{",
    b"]]>",
    b"\x00",
    b"\xff",
    b"<a href='",
]


def mutate(data: bytes, seed: int, edits: int) -> bytes:
    """Cut, duplicate and splice the document at random places."""
    rnd = random.Random(seed)
    out = bytearray(data)
    for _ in range(edits):
        where = rnd.randrange(len(out) + 1)
        choice = rnd.randrange(4)
        if choice == 0:
            del out[where : where + rnd.randrange(1, 200)]
        elif choice == 1:
            out[where:where] = rnd.choice(_SNIPPETS)
        elif choice == 2:
            start = rnd.randrange(len(out) + 1)
            out[where:where] = out[start : start + rnd.randrange(1, 300)]
        else:
            out = out[:where]
    return bytes(out)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=3000))
def test_page_parser_never_raises_on_random_text(text: str) -> None:
    info = parse_page(text, "https://p.example.org/x/")
    assert info.url == "https://p.example.org/x/"
    assert all(link.startswith(("http://", "https://")) for link in info.links)


@settings(max_examples=50, deadline=None)
@given(st.sampled_from(PAGES), st.integers(0, 2**32), st.integers(1, 12), st.text(max_size=40))
def test_page_parser_never_raises_on_mutated_pages(
    name: str, seed: int, edits: int, content_type: str
) -> None:
    data = mutate(fixture(name), seed, edits)
    info = parse_page(decode_html(data, content_type), "https://p.example.org/")
    for value in (info.display_name, info.bio, info.location):
        assert value is None or (value == value.strip() and value and "\x00" not in value)


@settings(max_examples=50, deadline=None)
@given(st.binary(max_size=2000), st.text(max_size=40))
def test_decoder_and_feed_parser_never_raise_on_random_bytes(
    data: bytes, content_type: str
) -> None:
    assert isinstance(decode_html(data, content_type), str)
    info = parse_feed(data, "https://p.example.org/feed", content_type)
    assert isinstance(info.entries, list)


@settings(max_examples=50, deadline=None)
@given(st.sampled_from(FEEDS), st.integers(0, 2**32), st.integers(1, 12))
def test_feed_parser_never_raises_on_mutated_feeds(name: str, seed: int, edits: int) -> None:
    info = parse_feed(mutate(fixture(name), seed, edits), "https://p.example.org/feed")
    for entry in info.entries:
        assert entry.text and entry.text == entry.text.strip()
        assert entry.url is None or urlsplit(entry.url).scheme in ("http", "https")


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=200))
def test_normalise_and_profile_link_never_raise_unexpectedly(text: str) -> None:
    try:
        name = COLLECTOR.normalise(text)
    except ValueError:
        pass
    else:
        assert name.startswith(("http://", "https://")) and COLLECTOR.normalise(name) == name
    link = profile_link(text)
    assert link is None or link.startswith("https://")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-03-11T09:15:00.000-08:00", "2024-03-11T09:15:00-08:00"),  # Atom, local time
        ("Fri, 08 Dec 2023 19:45:00 +0100", "2023-12-08T19:45:00+01:00"),  # RSS, local time
        ("Sat, 10 Feb 2024 21:14:03 +0000", "2024-02-10T21:14:03Z"),
        ("Mon, 04 Mar 2024 06:00:00 GMT", "2024-03-04T06:00:00Z"),
        ("2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z"),
        ("2024-01-01 12:00", "2024-01-01T12:00:00Z"),  # no zone: taken as UTC
        ("last Tuesday", None),
        ("", None),
        (None, None),
    ],
)
def test_dates_keep_the_writers_own_time_zone_where_the_source_gives_one(text, expected):
    assert iso_from_text(text) == expected
