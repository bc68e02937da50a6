"""The web collector's parsers on their own: pages, feeds, profile links and encodings."""

from __future__ import annotations

import pytest

from collectors.webfeed import parse_feed
from collectors.webpage import decode_html, parse_page
from collectors.websocial import profile_link, x_link
from tests.collectors.web_serving import fixture


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
        ("https://gitlab.com/alice", "https://gitlab.com/alice"),
        # pages of the site, as the platforms' own tables list them
        ("https://gitlab.com/sitemap.xml", None),
        ("https://gitlab.com/abuse_reports", None),
        ("https://codeberg.org/alice", "https://codeberg.org/alice"),
        ("https://codeberg.org/notifications", None),
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
