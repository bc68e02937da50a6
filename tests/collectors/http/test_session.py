"""The HTTP client against a local server: identity, endpoint override, params, the answer and
redirects. (Retries and rate limits: test_session_retries.py; bodies and broken connections:
test_transport.py; the cache: test_cache.py; per-host pacing: test_limits.py; the address
guard: test_guard.py.)"""

from __future__ import annotations

import pytest

from collectors.errors import AddressRefused, BadResponse
from collectors.http import (
    USER_AGENT,
    HttpClient,
    HttpConfig,
    parse_endpoints,
)
from collectors.http import (
    Response as HttpResponse,
)
from linkage import HOMEPAGE, __version__
from tests.server import Answer, LocalServer, Request

# -- identity and the endpoint override ------------------------------------------------------


def test_user_agent_names_tool_version_and_home_page(server: LocalServer, make_client) -> None:
    server.route("/ua").reply("ok")
    make_client().get("https://api.example.com/ua")
    request = server.requests[-1]
    agent = request.headers["User-Agent"]
    assert agent == USER_AGENT
    assert agent.startswith(f"linkage/{__version__} ")
    assert HOMEPAGE in agent


def test_endpoint_override_sends_logical_host_and_keeps_path_and_query(
    server: LocalServer, make_client
) -> None:
    server.route("/users/alex", query="page=2").json({"a": 1})
    response = make_client().get("https://api.example.com/users/alex?page=2")
    request = server.requests[-1]
    assert request.headers["Host"] == "api.example.com"
    assert response.status == 200
    assert response.json() == {"a": 1}
    # the response carries the logical address, not the test server's
    assert response.url == "https://api.example.com/users/alex?page=2"


def test_specific_mapping_wins_over_star(server: LocalServer, make_client) -> None:
    server.route("/prefix/x").reply("specific")
    server.route("/x").reply("star")
    base = server.url
    client = make_client(endpoints={"api.example.com": base + "/prefix", "*": base})
    assert client.get("https://api.example.com/x").content == b"specific"
    assert client.get("https://other.example.org/x").content == b"star"
    assert server.requests[-1].headers["Host"] == "other.example.org"


def test_unmapped_host_is_not_rewritten(make_client) -> None:
    client = make_client(endpoints={"api.example.com": "http://127.0.0.1:9"})
    assert client.mapped("https://other.example.org/x") == ("https://other.example.org/x", None)
    assert client.mapped("https://API.example.com:443/x?q=1") == (
        "http://127.0.0.1:9/x?q=1",
        "API.example.com:443",
    )


def test_parse_endpoints_forms() -> None:
    assert parse_endpoints(None) == {}
    assert parse_endpoints("") == {}
    assert parse_endpoints(["API.Example.com=http://127.0.0.1:8080/"]) == {
        "api.example.com": "http://127.0.0.1:8080"
    }
    # LINKAGE_ENDPOINTS: one comma-separated string, spaces tolerated
    assert parse_endpoints("a.example=http://127.0.0.1:1, *=https://mirror.example/base/,") == {
        "a.example": "http://127.0.0.1:1",
        "*": "https://mirror.example/base",
    }
    assert parse_endpoints(["h.example:8443=http://[::1]:9"]) == {
        "h.example:8443": "http://[::1]:9"
    }


@pytest.mark.parametrize(
    "item",
    [
        "api.example.com",
        "=http://127.0.0.1:1",
        "api.example.com=",
        "api.example.com=ftp://127.0.0.1",
        "api.example.com=127.0.0.1:8080",
        "api.example.com=http://",
        "api.example.com/path=http://127.0.0.1:1",
        "api example.com=http://127.0.0.1:1",
    ],
)
def test_parse_endpoints_rejects_malformed_items(item: str) -> None:
    with pytest.raises(ValueError, match="HOST=BASEURL"):
        parse_endpoints([item])


# -- params ---------------------------------------------------------------------------------


def test_params_are_encoded_and_appended(server: LocalServer, make_client) -> None:
    server.route("/search").reply("ok")
    make_client().get(
        "https://api.example.com/search?fixed=1",
        params={
            "q": "Alex Example & co/ü",
            "limit": 40,
            "tag": ["a", "b"],
            "skip": None,
            "exclude_replies": True,
            "pinned": False,
        },
    )
    request = server.requests[-1]
    assert request.query == (
        "fixed=1&q=Alex+Example+%26+co%2F%C3%BC&limit=40&tag=a&tag=b"
        "&exclude_replies=true&pinned=false"
    )
    assert request.args.getlist("tag") == ["a", "b"]
    assert request.args["q"] == "Alex Example & co/ü"


def test_params_without_existing_query_and_with_fragment(server: LocalServer, make_client) -> None:
    server.route("/p").reply("ok")
    make_client().get("https://api.example.com/p#top", params={"a": "1"})
    assert server.requests[-1].query == "a=1"


# -- Response -------------------------------------------------------------------------------


def _response(body: bytes, content_type: str = "application/json") -> HttpResponse:
    return HttpResponse("https://api.example.com/x", 200, {"Content-Type": content_type}, body)


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (b"", "empty answer"),
        (b"  <!doctype html><p>Log in", "web page"),
        (b'{"a": ', "damaged answer"),
        (b"[" * 100_000, "damaged answer"),
        (b"\xff\xfe{", "damaged answer"),
    ],
)
def test_response_json_errors_are_bad_responses(body: bytes, words: str) -> None:
    with pytest.raises(BadResponse, match=words):
        _response(body).json()


def test_response_text_uses_declared_charset() -> None:
    assert _response("café".encode("latin-1"), "text/plain; charset=ISO-8859-1").text() == "café"
    assert _response("café".encode(), "text/plain; charset=bogus").text() == "café"
    assert _response(b"caf\xe9", "text/plain").text() == "caf\ufffd"


# -- redirects ------------------------------------------------------------------------------


def test_redirects_are_followed_by_hand(server: LocalServer, make_client) -> None:
    server.route("/old").reply("", status=301, headers={"Location": "/new?x=1"})
    server.route("/new").reply("here")
    response = make_client().get("https://blog.example.org/old")
    assert response.content == b"here"
    assert response.url == "https://blog.example.org/new?x=1"
    assert [r.headers["Host"] for r in server.requests] == ["blog.example.org"] * 2


def test_redirect_to_the_mapped_base_is_read_as_the_logical_host(
    server: LocalServer, make_client
) -> None:
    server.route("/old").reply("", status=302, headers={"Location": server.url_for("/new")})
    server.route("/new").reply("here")
    response = make_client().get("https://blog.example.org/old")
    assert response.url == "https://blog.example.org/new"


def test_redirect_loop_is_a_bad_response(server: LocalServer, make_client) -> None:
    server.route("/a").reply("", status=302, headers={"Location": "/b"})
    server.route("/b").reply("", status=302, headers={"Location": "/a"})
    with pytest.raises(BadResponse, match="loop"):
        make_client().get("https://blog.example.org/a")
    assert len(server.requests) == 2


def test_too_many_redirects(server: LocalServer, make_client) -> None:
    def hop(request: Request) -> Answer:
        n = int(request.args.get("n", "0"))
        return Answer.data("", status=302, headers={"Location": f"/hop?n={n + 1}"})

    server.route("/hop").handle(hop)
    with pytest.raises(BadResponse, match="more than 3"):
        make_client().get("https://blog.example.org/hop", max_redirects=3)
    assert len(server.requests) == 4


def test_redirect_to_a_non_web_scheme_is_refused(server: LocalServer, make_client) -> None:
    server.route("/a").reply("", status=302, headers={"Location": "file:///etc/passwd"})
    with pytest.raises(BadResponse, match="not a web address"):
        make_client().get("https://blog.example.org/a")
    assert len(server.requests) == 1


def test_cross_host_redirect_to_loopback_is_refused(server: LocalServer) -> None:
    """Only api.example.com is mapped (not '*'): a hop to 127.0.0.1 is the server's idea."""
    port = server.port
    server.route("/go").reply(
        "", status=302, headers={"Location": f"http://127.0.0.1:{port}/secret"}
    )
    server.route("/secret").reply("internal")
    base = f"http://localhost:{port}"  # the server by name, so the hop is to another address
    assert "127.0.0.1" not in base  # the redirect target must not look like the mapped base
    with (
        HttpClient(HttpConfig(endpoints={"api.example.com": base}, max_retries=0)) as client,
        pytest.raises(AddressRefused, match=r"127\.0\.0\.1"),
    ):
        client.get("https://api.example.com/go")
    assert [r.path for r in server.requests] == ["/go"]

    with HttpClient(
        HttpConfig(endpoints={"api.example.com": base}, max_retries=0, allow_private=True)
    ) as client:
        assert client.get("https://api.example.com/go").content == b"internal"


def test_credentials_are_not_forwarded_to_another_host(server: LocalServer, make_client) -> None:
    server.route("/me", headers={"Host": "cdn.example.net"}).reply("ok")
    server.route("/me").reply("", status=302, headers={"Location": "https://cdn.example.net/me"})
    make_client().get(
        "https://api.example.com/me",
        headers={"authorization": "Bearer s3cret", "Accept": "application/json"},
    )
    first, second = (r for r in server.requests)
    assert first.headers["Authorization"] == "Bearer s3cret"
    assert second.headers["Host"] == "cdn.example.net"
    assert "Authorization" not in second.headers
    assert second.headers["Accept"] == "application/json"


@pytest.mark.parametrize(
    "url",
    [
        "ftp://files.example.org/x",
        "file:///etc/passwd",
        "http://[::1/x",
        "https://example.org:99999/",
        "https:///nohost",
        "example.org/no-scheme",
    ],
)
def test_non_web_address_is_refused_up_front(make_client, url: str) -> None:
    client = make_client(endpoints={})
    with pytest.raises(BadResponse, match="not a web address"):
        client.get(url, discovered=True)
    assert client.requests_sent == 0
