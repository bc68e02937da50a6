"""The web collector's handles: which addresses are web sites, and how they are written."""

from __future__ import annotations

import pytest

from collectors.web import COLLECTOR


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
