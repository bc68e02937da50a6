"""The Gravatar collector against a local server answering like Gravatar's v3 API and images.

The privacy rule is tested here: the email address never appears in the record, in an error
message, in the id, or in any request sent.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from collectors import gravatar
from collectors.errors import BadResponse, CollectError, NotFound, RateLimited
from collectors.gravatar import COLLECTOR
from collectors.stackexchange import gravatar_hash as se_gravatar_hash
from tests import json_strategies
from tests.server import LocalServer

FIX = Path(__file__).resolve().parents[2] / "fixtures" / "gravatar"
EMAIL = "alex@example.org"
HASH = hashlib.sha256(EMAIL.encode()).hexdigest()
AVATAR_QUERY = {"s": "256", "d": "404"}


def load(name: str) -> Any:
    return json.loads((FIX / name).read_text(encoding="utf-8"))


def raw(name: str) -> bytes:
    return (FIX / name).read_bytes()


def serve_picture(server: LocalServer, present: bool = True) -> None:
    answer = server.route(f"/avatar/{HASH}", query=AVATAR_QUERY)
    if present:
        answer.reply(raw("avatar.png"), content_type="image/png")
    else:
        answer.reply(b"", status=404)


def assert_private(server: LocalServer, *texts: str) -> None:
    """The address (in any case) is in none of ``texts`` nor in any request sent."""
    needles = {EMAIL.lower(), EMAIL.upper(), "alex%40example.org"}
    sent = [request.url + str(request.headers) for request in server.requests]
    for text in (*texts, *sent):
        for needle in needles:
            assert needle not in text


# --- handles -----------------------------------------------------------------------------


def test_email_is_hashed_locally() -> None:
    assert COLLECTOR.normalise(EMAIL) == HASH
    assert COLLECTOR.normalise("  Alex@Example.ORG \n") == HASH
    assert COLLECTOR.normalise(f"mailto:{EMAIL}") == HASH
    assert gravatar.email_hash(EMAIL) == HASH


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (HASH.upper(), HASH),
        ("0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e",) * 2,
        ("AlexExample", "alexexample"),
    ],
)
def test_normalise_hashes_and_names(given: str, expected: str) -> None:
    assert COLLECTOR.normalise(given) == expected


@pytest.mark.parametrize("bad", ["", "alex@", "@example.org", "a b", "avatar", "x" * 70])
def test_normalise_rejects(bad: str) -> None:
    with pytest.raises(ValueError) as caught:
        COLLECTOR.normalise(bad)
    if "@" in bad:
        assert bad not in str(caught.value)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://gravatar.com/alexexample", "alexexample"),
        ("https://en.gravatar.com/alexexample/", "alexexample"),
        (f"https://gravatar.com/avatar/{HASH}", HASH),
        (f"https://secure.gravatar.com/avatar/{HASH.upper()}.jpg?s=80", HASH),
        (
            "https://www.gravatar.com/avatar/0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e?d=identicon",
            "0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e",
        ),
        ("https://gravatar.com/support/faq", None),
        ("https://gravatar.com/avatar/nothex", None),
        ("https://example.org/avatar/0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e", None),
    ],
)
def test_from_url(url: str, expected: str | None) -> None:
    assert COLLECTOR.from_url(url) == expected


def test_gravatar_hash_is_shared_with_stackexchange() -> None:
    url = "https://www.gravatar.com/avatar/0B1C2D3E4F5A6B7C8D9E0F1A2B3C4D5E?s=256&amp;d=identicon"
    assert (
        gravatar.gravatar_hash(url) == se_gravatar_hash(url) == "0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e"
    )
    assert gravatar.gravatar_hash(None) is None


# --- collection --------------------------------------------------------------------------


def test_full_profile_without_the_address(server: LocalServer, make_ctx) -> None:
    server.route(f"/v3/profiles/{HASH}").json(load("profile.json"))
    serve_picture(server)
    name = COLLECTOR.normalise(EMAIL)
    profile = COLLECTOR.collect(name, make_ctx())

    assert profile.id == f"gravatar:{HASH}"
    assert profile.handle == "alexexample"
    assert profile.url == "https://gravatar.com/alexexample"
    assert profile.display_name == "Alex Example"
    assert profile.location == "Exampleton"
    assert (
        profile.bio
        == "Maps & routing. Notes at https://notes.example.org\nCartographer at Example Works"
    )
    assert profile.links == [
        "https://github.com/alex-example",
        "https://example.social/@alex",
        "https://alex.example.org",
        "https://notes.example.org",
    ]
    assert profile.avatar.url == f"https://gravatar.com/avatar/{HASH}?s=256&d=404"
    assert profile.avatar.sha256 == hashlib.sha256(raw("avatar.png")).hexdigest()
    assert profile.avatar.default is False
    assert profile.collected.error is None
    assert_private(server, json.dumps(profile.to_dict()), profile.id, profile.handle)


def test_verified_links_skip_hidden_accounts() -> None:
    links = gravatar.verified_links(load("profile.json"))
    assert links == ["https://github.com/alex-example", "https://example.social/@alex"]
    assert gravatar.verified_links(None) == []
    assert gravatar.verified_links({"verified_accounts": [None, {"url": 5}, "x"]}) == []


def test_api_key_is_sent_as_bearer(server: LocalServer, make_ctx) -> None:
    server.route(
        f"/v3/profiles/{HASH}", headers={"Authorization": "Bearer fictional-key-123"}
    ).json(load("profile.json"))
    serve_picture(server)
    profile = COLLECTOR.collect(HASH, make_ctx(env={"GRAVATAR_API_KEY": "fictional-key-123"}))
    assert profile.display_name == "Alex Example"


def test_legacy_profile_when_v3_has_none(server: LocalServer, make_ctx) -> None:
    server.route(f"/v3/profiles/{HASH}").json(load("profile_not_found.json"), status=404)
    server.route(f"/{HASH}.json").json(load("legacy_profile.json"))
    serve_picture(server)
    profile = COLLECTOR.collect(HASH, make_ctx())
    assert profile.display_name == "Alex L. Example"
    assert profile.bio == "Old bio with a link."
    assert profile.location == "Old Exampleton"
    assert profile.handle == "alexlegacy"
    assert profile.links == [
        "https://github.com/alex-example",
        "https://alex.example.org",
        "https://old.example.org",
    ]
    assert profile.collected.source == f"https://gravatar.com/{HASH}.json"


def test_no_profile_and_no_picture_is_not_found(server: LocalServer, make_ctx) -> None:
    server.route(f"/v3/profiles/{HASH}").json(load("profile_not_found.json"), status=404)
    server.route(f"/{HASH}.json").reply("User not found", status=404)
    serve_picture(server, present=False)
    with pytest.raises(NotFound) as caught:
        COLLECTOR.collect(COLLECTOR.normalise(EMAIL), make_ctx())
    assert "no public Gravatar profile for that address" in caught.value.message
    assert_private(server, str(caught.value))


def test_picture_without_profile_is_kept(server: LocalServer, make_ctx) -> None:
    server.route(f"/v3/profiles/{HASH}").json(load("profile_not_found.json"), status=404)
    server.route(f"/{HASH}.json").reply("User not found", status=404)
    serve_picture(server)
    profile = COLLECTOR.collect(HASH, make_ctx())
    assert profile.display_name is None and profile.links == []
    assert profile.avatar.sha256 == hashlib.sha256(raw("avatar.png")).hexdigest()
    assert profile.handle == HASH[:16]


def test_profile_without_picture_has_no_avatar(server: LocalServer, make_ctx) -> None:
    server.route(f"/v3/profiles/{HASH}").json(load("profile.json"))
    serve_picture(server, present=False)
    profile = COLLECTOR.collect(HASH, make_ctx())
    assert profile.avatar is None
    # only the d=404 form was asked for: placeholders are never fetched
    assert all(r.args.get("d") == "404" for r in server.requests if r.path.startswith("/avatar/"))


def test_rate_limit_is_reported(server: LocalServer, make_ctx) -> None:
    server.route(f"/v3/profiles/{HASH}").json(
        {"error": "Too many requests"}, status=429, headers={"Retry-After": "3600"}
    )
    with pytest.raises(RateLimited) as caught:
        COLLECTOR.collect(HASH, make_ctx())
    assert EMAIL not in str(caught.value)


@pytest.mark.parametrize(
    "body",
    [
        b"<!DOCTYPE html><html><body>Gravatar is down</body></html>",
        b'{"hash": "' + HASH.encode() + b'", "display_na',
        b"null",
        b"{}",
        b'{"display_name": 5, "hash": null}',
    ],
)
def test_malformed_profile_is_bad_response(server: LocalServer, make_ctx, body: bytes) -> None:
    server.route(f"/v3/profiles/{HASH}").reply(body, content_type="application/json")
    with pytest.raises(BadResponse):
        COLLECTOR.collect(HASH, make_ctx())


# --- property tests ----------------------------------------------------------------------

json_values = json_strategies.json_values()
profile_like = st.dictionaries(
    st.sampled_from(
        [
            "hash",
            "display_name",
            "profile_url",
            "avatar_url",
            "description",
            "location",
            "job_title",
            "company",
            "verified_accounts",
            "links",
            "registration_date",
        ]
    ),
    json_values | st.text(max_size=120),
    max_size=11,
)
legacy_like = st.fixed_dictionaries(
    {
        "entry": st.lists(
            st.dictionaries(
                st.sampled_from(
                    [
                        "displayName",
                        "aboutMe",
                        "currentLocation",
                        "urls",
                        "accounts",
                        "hash",
                        "profileUrl",
                        "name",
                    ]
                ),
                json_values | st.text(max_size=120),
                max_size=8,
            )
            | json_values,
            max_size=2,
        )
    }
)


@settings(max_examples=50, deadline=None)
@given(st.one_of(json_values, profile_like))
def test_parse_profile_never_crashes(data: Any) -> None:
    try:
        fields = gravatar.parse_profile(data)
    except CollectError:
        return
    assert all(link.startswith("https://") for link in fields["links"])
    assert fields["hash"] is None or len(fields["hash"]) in (32, 64)


@settings(max_examples=50, deadline=None)
@given(st.one_of(json_values, legacy_like))
def test_parse_legacy_never_crashes(data: Any) -> None:
    try:
        fields = gravatar.parse_legacy(data)
    except CollectError:
        return
    assert fields["bio"] is None or isinstance(fields["bio"], str)


@settings(max_examples=50, deadline=None)
@given(st.emails())
def test_no_address_survives_normalising(address: str) -> None:
    name = COLLECTOR.normalise(address)
    assert len(name) == 64 and "@" not in name
    assert address.lower() not in name


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=80))
def test_gravatar_hash_never_crashes(text: str) -> None:
    for candidate in (text, f"https://gravatar.com/avatar/{text}"):
        found = gravatar.gravatar_hash(candidate)
        assert found is None or len(found) in (32, 64)
    assert COLLECTOR.from_url(text) is None or isinstance(COLLECTOR.from_url(text), str)
