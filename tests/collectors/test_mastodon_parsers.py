"""The Mastodon collector's parsers on their own: WebFinger, next links, custom emoji and HTML."""

from __future__ import annotations

from collectors.mastodon import Finger, next_page, parse_account, parse_webfinger
from collectors.mastodon_fields import html_fragment
from tests.collectors.mastodon_serving import fixture


def test_parse_webfinger_takes_the_server_from_the_self_link():
    finger = parse_webfinger(fixture("webfinger_delegated.json"), "alice", "example.social")
    assert finger == Finger(
        user="alice",
        domain="example.social",
        server="mastodon.example.social",
        actor="https://mastodon.example.social/users/alice",
        profile_page="https://mastodon.example.social/@alice",
    )
    assert parse_webfinger({"links": []}, "alice", "example.social") is None


def test_next_page_ignores_other_hosts():
    header = '<https://elsewhere.example/api/v1/x?max_id=1>; rel="next"'
    assert next_page(header, "example.social") is None
    assert next_page(None, "example.social") is None
    good = '<https://example.social/api/v1/x?max_id=1>; rel="next"'
    assert next_page(good, "example.social") == "https://example.social/api/v1/x?max_id=1"


def test_only_listed_custom_emoji_are_stripped_when_the_list_is_given():
    account = {**fixture("account.json"), "display_name": "Alice :blobcat: at 10:30:00"}
    assert parse_account(account).display_name == "Alice at 10:30:00"
    account.pop("emojis")
    assert parse_account(account).display_name == "Alice at 10:30:00"  # digits are no emoji
    account["display_name"] = "Alice :unlisted_emoji:"
    assert parse_account(account).display_name == "Alice"


def test_html_fragment_drops_hashtags_and_inline_quotes():
    html = (
        '<p class="quote-inline">RE: x</p><p>hi <a class="mention hashtag" rel="tag" '
        'href="https://s.example/tags/a">#a</a> <a href="https://b.example/">b</a></p>'
    )
    text_, links = html_fragment(html, drop_quotes=True)
    assert text_ == "hi #a b"
    assert links == ["https://b.example/"]
