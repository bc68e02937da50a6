"""The Keybase collector against a local server answering like keybase.io does."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from collectors import keybase
from collectors.errors import BadResponse, CollectError, NotFound
from tests.server import LocalServer

FIX = Path(__file__).resolve().parents[2] / "fixtures" / "keybase"
COLLECTOR = keybase.COLLECTOR
LOOKUP = "/_/api/1.0/user/lookup.json"
PICTURE = "/keybase_processed_uploads/0a1b2c3d4e5f_200_200_square_200.jpeg"
PROOF_LINKS = [
    "https://x.com/alexmaps",
    "https://github.com/alex-example",
    "https://reddit.com/user/Quiet_Reader",
    "https://news.ycombinator.com/user?id=AlexExample",
    "https://alex.example.org",
    "https://maps.example",
]


def fixture(name: str) -> str:
    return (FIX / name).read_text(encoding="utf-8")


def jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), (200, 90, 30)).save(buffer, format="JPEG")
    return buffer.getvalue()


def serve_lookup(server: LocalServer, name: str, body: str, status: int = 200) -> None:
    query = {"usernames": name, "fields": "basics,profile,proofs_summary,pictures"}
    server.route(LOOKUP, query=query, headers={"Host": "keybase.io"}).reply(
        body, status=status, content_type="application/json; charset=utf-8"
    )


def test_full_profile(server: LocalServer, make_ctx) -> None:
    serve_lookup(server, "alexexample", fixture("lookup.json"))
    server.route(PICTURE).reply(jpeg(), content_type="image/jpeg")
    profile = COLLECTOR.collect("AlexExample", make_ctx())

    assert profile.id == "keybase:alexexample"
    assert profile.handle == "alexexample"
    assert profile.url == "https://keybase.io/alexexample"
    assert profile.display_name == "Alex Example"
    assert profile.location == "Exampleton"
    assert profile.bio == "Maps, trails & <b>tea</b>. Notes: https://notes.example.org/alex"
    assert profile.created_at == "2017-07-14T02:40:00Z"
    assert profile.links == [
        *PROOF_LINKS,
        "https://example.social/@alex",
        "https://notes.example.org/alex",
    ]
    assert profile.posts == []
    assert profile.avatar is not None and profile.avatar.default is False
    assert profile.avatar.url == "https://s3.amazonaws.com" + PICTURE
    assert profile.avatar.sha256 and profile.avatar.dhash
    assert profile.collected is not None and profile.collected.error is None
    record = profile.to_dict()
    assert record["verified_links"] == PROOF_LINKS


def test_verified_links_are_the_verified_proofs() -> None:
    user = json.loads(fixture("lookup.json"))["them"][0]
    assert keybase.verified_links(user) == PROOF_LINKS  # the mastodon proof (state 2) is out


def test_verified_links_state_rules() -> None:
    user = {
        "proofs_summary": {
            "all": [
                {"proof_type": "github", "nametag": "no-state"},
                {"proof_type": "twitter", "nametag": "ok", "state": 1},
                {"proof_type": "reddit", "nametag": "broken", "state": 3},
                {"proof_type": "hackernews", "nametag": "odd", "state": True},
                {"proof_type": "unknown_service", "nametag": "x", "state": 1},
            ]
        }
    }
    assert keybase.verified_links(user) == ["https://github.com/no-state", "https://x.com/ok"]


def test_profile_without_details(server: LocalServer, make_ctx) -> None:
    serve_lookup(server, "newcomer", fixture("lookup_bare.json"))
    profile = COLLECTOR.collect("newcomer", make_ctx())
    assert profile.display_name is None and profile.bio is None and profile.location is None
    assert profile.avatar is None and profile.links == []
    assert profile.created_at == "2023-11-14T22:13:20Z"
    assert keybase.verified_links(json.loads(fixture("lookup_bare.json"))["them"][0]) == []


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (fixture("lookup_not_found.json"), 200),
        (fixture("lookup_status_not_found.json"), 200),
        (fixture("lookup_status_not_found.json"), 400),
        ('{"status": {"code": 0, "name": "OK"}}', 200),
        ('{"status": {"code": 0, "name": "OK"}, "them": []}', 200),
        ("null", 200),
        ("", 404),
    ],
    ids=["them-null", "status-205", "status-205-http-400", "no-them", "empty-them", "null", "404"],
)
def test_not_found(server: LocalServer, make_ctx, body: str, status: int) -> None:
    serve_lookup(server, "nobody", body, status)
    with pytest.raises(NotFound, match="no user called 'nobody'"):
        COLLECTOR.collect("nobody", make_ctx())


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (fixture("lookup_input_error.json"), 200),
        ("<html><body><h1>Keybase is down for maintenance</h1></body></html>", 200),
        (fixture("lookup.json")[:300], 200),
        ('{"status": {"code": 0}, "them": ["alex"]}', 200),
        ('{"status": {"code": 0}, "them": [[1]]}', 200),
        ("[1, 2, 3]", 200),
        ("<html>teapot</html>", 418),
    ],
    ids=["input-error", "html", "truncated", "them-string", "them-list", "list", "http-418"],
)
def test_bad_response(server: LocalServer, make_ctx, body: str, status: int) -> None:
    serve_lookup(server, "alexexample", body, status)
    with pytest.raises(BadResponse):
        COLLECTOR.collect("alexexample", make_ctx())


# --- handles ---------------------------------------------------------------------------------


@pytest.mark.parametrize("raw", ["alexexample", "AlexExample", " @alexexample "])
def test_normalise(raw: str) -> None:
    assert COLLECTOR.normalise(raw) == "alexexample"


@pytest.mark.parametrize("raw", ["", "alex example", "alex.example", "a" * 40, "alex/x"])
def test_normalise_rejects(raw: str) -> None:
    with pytest.raises(ValueError):
        COLLECTOR.normalise(raw)


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("https://keybase.io/alexexample", "alexexample"),
        ("https://keybase.io/AlexExample/", "AlexExample"),
        ("https://keybase.io/alexexample/sigs/AbCdEf0123", None),
        ("https://keybase.io/docs", None),
        ("https://keybase.io/_/api/1.0/user/lookup.json", None),
        ("https://example.org/alexexample", None),
    ],
)
def test_from_url(url: str, name: str | None) -> None:
    assert COLLECTOR.from_url(url) == name


def test_profile_url() -> None:
    assert COLLECTOR.profile_url("alexexample") == "https://keybase.io/alexexample"


# --- property tests of the parsers ----------------------------------------------------------

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=20,
)
LOOKUP_BODY = json.loads(fixture("lookup.json"))


def mutate(value: Any, data: st.DataObject, depth: int = 0) -> Any:
    if isinstance(value, dict) and depth < 5:
        out = {}
        for key, item in value.items():
            choice = data.draw(st.sampled_from(["keep", "keep", "drop", "replace"]))
            if choice == "keep":
                out[key] = mutate(item, data, depth + 1)
            elif choice == "replace":
                out[key] = data.draw(JSON)
        return out
    if isinstance(value, list) and depth < 5:
        return [mutate(item, data, depth + 1) for item in value]
    return value


def check_fields(values: dict[str, Any]) -> None:
    assert isinstance(values["handle"], str)
    for key in ("display_name", "bio", "location", "created_at", "avatar_url"):
        assert values[key] is None or isinstance(values[key], str)
    assert all(link.startswith("https://") for link in values["links"])


@settings(max_examples=50, deadline=None)
@given(JSON)
def test_parsers_never_crash_on_any_json(body: Any) -> None:
    try:
        user = keybase.parse_lookup(body, "x")
    except CollectError:
        pass
    else:
        assert isinstance(user, dict)
    check_fields(keybase.parse_user(body, "x"))
    assert all(isinstance(link, str) for link in keybase.verified_links(body))


@settings(max_examples=50, deadline=None)
@given(st.data())
def test_parsers_survive_mutated_fixtures(data: st.DataObject) -> None:
    body = mutate(LOOKUP_BODY, data)
    try:
        user = keybase.parse_lookup(body, "alexexample")
    except CollectError:
        return
    check_fields(keybase.parse_user(user, "alexexample"))
    verified = keybase.verified_links(user)
    assert set(verified) <= set(keybase.parse_user(user, "alexexample")["links"])
