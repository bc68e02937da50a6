"""The Mastodon collector's parsers and handles never crash on random or mutated input (property
tests)."""

from __future__ import annotations

import contextlib

from hypothesis import given, settings
from hypothesis import strategies as st

from collectors.errors import BadResponse, CollectError
from collectors.mastodon import (
    COLLECTOR,
    Account,
    parse_account,
    parse_actor,
    parse_statuses,
    parse_webfinger,
    split_handle,
)
from collectors.mastodon_fields import html_fragment, verified_links
from tests.collectors.mastodon_serving import fixture

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=20,
)
ACCOUNT_KEYS = list(fixture("account.json"))


@settings(max_examples=50, deadline=None)
@given(data=JSON_VALUES)
def test_parsers_never_crash_on_random_json(data):
    for parse in (parse_account, parse_actor):
        with contextlib.suppress(BadResponse):
            assert isinstance(parse(data), Account)
    with contextlib.suppress(BadResponse):
        assert all(isinstance(t, str) and t for t, _, _ in parse_statuses(data))
    finger = parse_webfinger(data, "alice", "example.social")
    assert finger is None or finger.server
    assert isinstance(verified_links(data), list)


@settings(max_examples=50, deadline=None)
@given(
    drop=st.sets(st.sampled_from(ACCOUNT_KEYS), max_size=6),
    junk=st.dictionaries(st.sampled_from(ACCOUNT_KEYS), JSON_VALUES, max_size=5),
)
def test_parse_account_survives_mutated_accounts(drop, junk):
    account = fixture("account.json")
    for key in drop:
        account.pop(key, None)
    account.update(junk)
    try:
        parsed = parse_account(account, "https://example.social/")
    except CollectError:
        return
    assert all(link.startswith("https://") for link in parsed.links)
    assert parsed.bio is None or isinstance(parsed.bio, str)
    if "emojis" not in drop and "emojis" not in junk:  # listed custom emoji are stripped
        assert ":blobcat:" not in (parsed.display_name or "")


STATUS_KEYS = [
    "content",
    "visibility",
    "reblog",
    "spoiler_text",
    "in_reply_to_id",
    "url",
    "created_at",
]
HTML_TOKENS = [*'<>/"=& apbrqot:@#.\nx', "<a href=", "https://", "<blockquote>", "<pre>", "<p>"]
HTMLISH = st.lists(st.sampled_from(HTML_TOKENS), max_size=40).map("".join)


@settings(max_examples=50, deadline=None)
@given(index=st.integers(0, 5), key=st.sampled_from(STATUS_KEYS), value=JSON_VALUES | HTMLISH)
def test_parse_statuses_survives_mutated_statuses(index, key, value):
    items = fixture("statuses_page1.json")
    items[index][key] = value
    posts = parse_statuses(items)
    assert len(posts) <= 5
    for text_, created_at, url in posts:
        assert text_ and "\x00" not in text_
        assert created_at is None or created_at[:2] == "20"
        assert url is None or url.startswith("http")


@settings(max_examples=50, deadline=None)
@given(HTMLISH)
def test_html_fragment_gives_text_and_web_links(html):
    text_, links = html_fragment(html, drop_quotes=True)
    assert isinstance(text_, str)
    assert all(link.startswith(("http://", "https://")) for link in links)


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=40))
def test_split_handle_accepts_or_explains(raw):
    try:
        user, domain = split_handle(raw)
    except ValueError as exc:
        assert str(exc)
    else:
        assert "@" not in user and "." in domain and domain == domain.lower()
        assert split_handle(f"{user}@{domain}") == (user, domain)


@settings(max_examples=50, deadline=None)
@given(
    user=st.from_regex(r"[a-z0-9_]{1,20}", fullmatch=True),
    host=st.from_regex(r"[a-z][a-z0-9]{0,10}\.[a-z]{2,6}", fullmatch=True),
)
def test_handles_round_trip_through_profile_urls(user, host):
    name = COLLECTOR.normalise(f"@{user}@{host}")
    url = COLLECTOR.profile_url(name)
    assert url is not None
    assert COLLECTOR.from_url(url) == name
