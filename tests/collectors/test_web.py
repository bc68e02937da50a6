"""The web collector against realistic blog and personal-site pages served by a local server:
whole collections, and pages that fail or mislead."""

from __future__ import annotations

import pytest

from collectors.errors import BadResponse, NotFound, Refused
from collectors.web import COLLECTOR, WELL_KNOWN_FEEDS
from collectors.webpage import parse_page
from tests.collectors.web_serving import (
    ATOM,
    RSS,
    fixture,
    hosts_asked,
    not_found_elsewhere,
    requested,
    serve,
)

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
