"""The Mastodon collector against a local server answering like real Mastodon instances."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from collectors.errors import BadResponse, CollectError, NotFound, Refused, Suspended
from collectors.mastodon import (
    COLLECTOR,
    Account,
    Finger,
    html_fragment,
    next_page,
    parse_account,
    parse_actor,
    parse_statuses,
    parse_webfinger,
    split_handle,
    verified_links,
)
from tests.server import LocalServer

FIX = Path(__file__).resolve().parents[2] / "fixtures" / "mastodon"
STATUSES = "/api/v1/accounts/109000000000000001/statuses"
FIRST_PAGE = {"exclude_reblogs": "true", "limit": "40"}
AVATAR = "/accounts/avatars/109/000/000/000/000/001/original/a1b2c3d4.png"


def text(name: str) -> str:
    return (FIX / name).read_text(encoding="utf-8")


def fixture(name: str) -> Any:
    return json.loads(text(name))


def png(colour: tuple[int, int, int] = (200, 40, 40)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), colour).save(buffer, format="PNG")
    return buffer.getvalue()


def serve(
    server: LocalServer,
    path: str,
    name: str | None = None,
    *,
    host: str = "example.social",
    query: dict[str, str] | None = None,
    status: int = 200,
    body: str | bytes | None = None,
    headers: dict[str, str] | None = None,
    content_type: str = "application/json; charset=utf-8",
) -> None:
    """Answer ``path`` on ``host`` with a fixture file (or ``body``)."""
    data = body if body is not None else text(name) if name else ""
    server.route(path, query=query, headers={"Host": host}).reply(
        data, status=status, headers=headers, content_type=content_type
    )


def webfinger(server: LocalServer, name: str = "webfinger.json", **kw: Any) -> None:
    serve(
        server,
        "/.well-known/webfinger",
        name,
        query={"resource": "acct:alice@example.social"},
        **{"content_type": "application/jrd+json; charset=utf-8", **kw},
    )


def lookup(server: LocalServer, name: str = "account.json", **kw: Any) -> None:
    serve(server, "/api/v1/accounts/lookup", name, query={"acct": "alice"}, **kw)


def statuses(server: LocalServer, host: str = "example.social") -> None:
    nxt = f"https://{host}{STATUSES}?exclude_reblogs=true&limit=40&max_id=112000000000000005"
    prev = f"https://{host}{STATUSES}?exclude_reblogs=true&limit=40&min_id=112000000000000010"
    link = f'<{nxt}>; rel="next", <{prev}>; rel="prev"'
    serve(
        server, STATUSES, "statuses_page1.json", host=host, query=FIRST_PAGE, headers={"Link": link}
    )
    page2 = {**FIRST_PAGE, "max_id": "112000000000000005"}
    serve(server, STATUSES, "statuses_page2.json", host=host, query=page2)


def avatar(server: LocalServer, host: str = "files.example.social") -> None:
    server.route(AVATAR, headers={"Host": host}).reply(png(), content_type="image/png")


# --- whole collections -----------------------------------------------------------------------


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


def test_full_profile_with_verified_fields_and_two_pages_of_posts(server, make_ctx):
    webfinger(server)
    lookup(server)
    statuses(server)
    avatar(server)
    profile = COLLECTOR.collect("@Alice@Example.social", make_ctx())

    assert profile.id == "mastodon:alice@example.social"
    assert profile.handle == "alice@example.social"
    assert profile.url == "https://example.social/@alice"
    assert profile.display_name == "Alice Example"
    assert profile.bio is not None
    assert profile.bio.startswith("Maps, trains and #opendata.")
    assert ":blobcat:" not in profile.bio
    assert "notes.example.org/alice" in profile.bio
    assert profile.verified_links == ["https://alice.example.org"]
    assert profile.links == [
        "https://alice.example.org",  # verified first
        "https://blog.example.net/",
        "https://github.com/alice-example",
        "https://other.example/@alice_alt",
        "https://notes.example.org/alice",
    ]
    assert profile.created_at == "2022-11-05T00:00:00.000Z"
    assert profile.avatar is not None and profile.avatar.default is False
    assert profile.avatar.url and profile.avatar.url.endswith(AVATAR)
    assert profile.avatar.sha256 and profile.avatar.phash
    texts = [p.text for p in profile.posts]
    assert texts == [
        "The 07:42 to the coast was on time for once. Small victories.",
        "honestly the old timetable was easier to read.",
        "TV finale\n\nSpoilers for the finale below.\n\nThey missed the train.",
        "Quietly unlisted thought.",  # unlisted: public writing; followers-only is not
        "Disagree, lifts never have a buffet car.",
        "Mapped three new footpaths near the river today #opendata",
        "Evening walk, no trains involved.",
    ]
    assert profile.posts[0].created_at == "2026-05-02T18:20:11.000Z"
    assert profile.posts[0].url == "https://example.social/@alice/112000000000000010"
    assert profile.collected is not None and profile.collected.error is None
    assert profile.collected.source and "/api/v1/accounts/lookup" in profile.collected.source


def test_verified_links_only_lists_fields_with_verified_at():
    assert verified_links(fixture("account.json")) == ["https://alice.example.org"]
    assert verified_links(fixture("account_default_avatar.json")) == []
    assert verified_links(None) == []


def test_webfinger_delegates_to_another_server_host(server, make_ctx):
    webfinger(server, "webfinger_delegated.json")
    account = fixture("account.json")
    account["url"] = "https://mastodon.example.social/@alice"
    lookup(server, body=json.dumps(account), host="mastodon.example.social")
    statuses(server, host="mastodon.example.social")
    avatar(server)
    profile = COLLECTOR.collect("alice@example.social", make_ctx())
    assert profile.id == "mastodon:alice@example.social"
    assert profile.handle == "alice@example.social"
    assert profile.url == "https://mastodon.example.social/@alice"
    assert len(profile.posts) == 7  # six public, one unlisted
    assert profile.collected is not None and profile.collected.error is None
    hosts = {request.headers["Host"] for request in server.requests}
    assert "mastodon.example.social" in hosts


def test_default_avatar_and_empty_profile(server, make_ctx):
    serve(
        server,
        "/.well-known/webfinger",
        body=text("webfinger.json").replace("alice", "quietreader"),
        query={"resource": "acct:quietreader@example.social"},
    )
    serve(
        server,
        "/api/v1/accounts/lookup",
        "account_default_avatar.json",
        query={"acct": "quietreader"},
    )
    serve(server, "/api/v1/accounts/109000000000000002/statuses", body="[]", query=FIRST_PAGE)
    server.route("/avatars/original/missing.png").reply(
        png((128, 128, 128)), content_type="image/png"
    )
    profile = COLLECTOR.collect("quietreader@example.social", make_ctx())
    assert profile.avatar is not None and profile.avatar.default is True
    assert profile.display_name is None and profile.bio is None
    assert profile.links == [] and profile.posts == []
    assert profile.collected is not None and profile.collected.error is None


def test_moved_account_links_to_the_new_one(server, make_ctx):
    serve(
        server,
        "/.well-known/webfinger",
        body=text("webfinger.json").replace("example.social", "old.example.social"),
        host="old.example.social",
        query={"resource": "acct:alice@old.example.social"},
    )
    lookup(server, "account_moved.json", host="old.example.social")
    serve(
        server,
        "/api/v1/accounts/109000000000000004/statuses",
        body="[]",
        host="old.example.social",
        query=FIRST_PAGE,
    )
    profile = COLLECTOR.collect("alice@old.example.social", make_ctx())
    assert "https://example.social/@alice" in profile.links


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


# --- errors ----------------------------------------------------------------------------------


def test_webfinger_404_is_not_found(server, make_ctx):
    webfinger(server, status=404, body="")
    with pytest.raises(NotFound, match=r"could not find the account @alice@example\.social"):
        COLLECTOR.collect("alice@example.social", make_ctx())


def test_webfinger_410_is_suspended(server, make_ctx):
    webfinger(server, status=410, body="")
    with pytest.raises(Suspended):
        COLLECTOR.collect("alice@example.social", make_ctx())


def test_suspended_account_entity(server, make_ctx):
    webfinger(server)
    lookup(server, "account_suspended.json")
    with pytest.raises(Suspended, match="suspended by its server"):
        COLLECTOR.collect("alice@example.social", make_ctx())


def test_lookup_410_is_suspended(server, make_ctx):
    webfinger(server, status=503, body="")  # WebFinger unavailable: the API is asked anyway
    lookup(server, "not_found.json", status=410)
    with pytest.raises(Suspended):
        COLLECTOR.collect("alice@example.social", make_ctx())


def test_record_not_found_without_webfinger(server, make_ctx):
    webfinger(server, "error_page.html", content_type="text/html")
    lookup(server, "not_found.json", status=404)
    with pytest.raises(NotFound, match=r"could not find the account @alice@example\.social"):
        COLLECTOR.collect("alice@example.social", make_ctx())


def test_record_not_found_in_a_200_answer(server, make_ctx):
    webfinger(server, "error_page.html", content_type="text/html")
    lookup(server, "not_found.json")
    with pytest.raises(NotFound):
        COLLECTOR.collect("alice@example.social", make_ctx())


def test_null_account_is_not_found(server, make_ctx):
    webfinger(server, status=500, body="")
    lookup(server, body="null")
    with pytest.raises(NotFound, match="returned nothing"):
        COLLECTOR.collect("alice@example.social", make_ctx())


def test_statuses_needing_login_give_a_partial_profile(server, make_ctx):
    webfinger(server)
    lookup(server)
    avatar(server)
    serve(server, STATUSES, "statuses_unauthenticated.json", status=401, query=FIRST_PAGE)
    profile = COLLECTOR.collect("alice@example.social", make_ctx())
    assert profile.display_name == "Alice Example"
    assert profile.posts == []
    assert profile.collected is not None and profile.collected.error is not None
    assert profile.collected.error.startswith("partial:")
    assert "anonymous" in profile.collected.error


def test_lookup_needing_login_without_actor_is_refused(server, make_ctx):
    webfinger(server, status=502, body="")
    lookup(server, "unauthenticated.json", status=401)
    with pytest.raises(Refused, match="anonymous reading"):
        COLLECTOR.collect("alice@example.social", make_ctx())


def test_non_mastodon_server_falls_back_to_the_actor_document(server, make_ctx):
    serve(
        server,
        "/.well-known/webfinger",
        "webfinger_gotosocial.json",
        host="example.net",
        query={"resource": "acct:carol@example.net"},
    )
    serve(
        server,
        "/api/v1/accounts/lookup",
        "not_found.json",
        host="gts.example.net",
        status=404,
        query={"acct": "carol"},
    )
    serve(
        server,
        "/users/carol",
        "actor_gotosocial.json",
        host="gts.example.net",
        content_type="application/activity+json",
    )
    server.route("/fileserver/01ABC/attachment/original/01DEF.png").reply(
        png((10, 120, 10)), content_type="image/png"
    )
    profile = COLLECTOR.collect("@carol@example.net", make_ctx())
    assert profile.id == "mastodon:carol@example.net"
    assert profile.handle == "carol@example.net"
    assert profile.display_name == "Carol Example"
    assert profile.url == "https://gts.example.net/@carol"
    assert profile.links == [
        "https://git.example.net/carol",
        "https://github.com/carol-codes",
        "https://carol.example.net",
    ]
    assert profile.created_at == "2023-08-14T00:00:00Z"
    assert profile.avatar is not None and profile.avatar.sha256
    assert profile.collected is not None and profile.collected.error is not None
    assert "ActivityPub" in profile.collected.error
    actor_requests = [r for r in server.requests if r.path == "/users/carol"]
    assert "activity+json" in actor_requests[0].headers["Accept"]


def test_html_instead_of_json_is_a_bad_response(server, make_ctx):
    webfinger(server)
    lookup(server, "error_page.html", content_type="text/html")
    # the actor fallback gets a web page too: the lookup's own error is reported
    serve(server, "/users/alice", "error_page.html", content_type="text/html")
    with pytest.raises(BadResponse, match="web page where JSON was expected"):
        COLLECTOR.collect("alice@example.social", make_ctx())


def test_truncated_json_is_a_bad_response(server, make_ctx):
    webfinger(server, "error_page.html", content_type="text/html")
    lookup(server, "account_truncated.json")
    with pytest.raises(BadResponse, match="malformed or truncated"):
        COLLECTOR.collect("alice@example.social", make_ctx())


def test_statuses_that_are_not_a_list_give_a_partial_profile(server, make_ctx):
    webfinger(server)
    lookup(server)
    avatar(server)
    serve(server, STATUSES, body='{"statuses": []}', query=FIRST_PAGE)
    profile = COLLECTOR.collect("alice@example.social", make_ctx())
    assert profile.collected is not None and profile.collected.error is not None
    assert "not a list" in profile.collected.error


# --- handles ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("@alice@example.social", "alice@example.social"),
        ("alice@Example.Social", "alice@example.social"),
        ("Alice@example.social", "alice@example.social"),
        ("  @bob_1@sub.example.social ", "bob_1@sub.example.social"),
        ("acct:carol@example.net", "carol@example.net"),
    ],
)
def test_normalise(raw, expected):
    assert COLLECTOR.normalise(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "alice",
        "@alice",
        "alice@",
        "@alice@localhost",
        "al ice@example.social",
        "a@b@c.example",
        "alice@-bad.example",
    ],
)
def test_normalise_rejects(raw):
    with pytest.raises(ValueError):
        COLLECTOR.normalise(raw)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.social/@alice", "alice@example.social"),
        ("https://example.social/@alice/", "alice@example.social"),
        ("https://mastodon.example/@bob@other.example", "bob@other.example"),
        ("https://example.social/@alice/112000000000000010", None),
        ("https://example.social/users/alice", None),
        ("https://medium.com/@alice", None),
        ("https://www.youtube.com/@alice", None),
        ("https://example.social/alice", None),
        ("ftp://example.social/@alice", None),
        ("https://[::1/@alice", None),
    ],
)
def test_from_url(url, expected):
    assert COLLECTOR.from_url(url) == expected


def test_profile_url():
    assert COLLECTOR.profile_url("alice@example.social") == "https://example.social/@alice"


# --- parsers ---------------------------------------------------------------------------------


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
