"""The web collector's parsers never raise on random or mutated input (property tests)."""

from __future__ import annotations

import random
from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from collectors.web import COLLECTOR
from collectors.webfeed import iso_from_text, parse_feed
from collectors.webpage import decode_html, parse_page
from collectors.websocial import profile_link
from tests.collectors.web_serving import fixture

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
