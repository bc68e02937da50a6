"""The HTTP client against a local server: identity, endpoint override, params, retries,
rate limits and redirects. (Bodies and broken connections: test_transport.py; the cache:
test_cache.py; per-host pacing: test_limits.py; the address guard: test_guard.py.)"""

from __future__ import annotations

import email.utils
import time
from datetime import UTC, datetime, timedelta

import pytest

from collectors.errors import AddressRefused, BadResponse, NetworkFailure, RateLimited
from collectors.http import (
    USER_AGENT,
    HttpClient,
    HttpConfig,
    parse_endpoints,
    rate_limit_exhausted,
    reset_time,
)
from collectors.http import (
    Response as HttpResponse,
)
from linkage import HOMEPAGE, __version__
from tests.server import Answer, LocalServer, Request

NOW = 1_700_000_000.0


def recorded(client: HttpClient) -> list[float]:
    """Make the client record its waits instead of sleeping through them."""
    waits: list[float] = []
    client.sleep = waits.append
    return waits


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


# -- retries and server errors --------------------------------------------------------------


def test_500_then_200_succeeds_after_a_retry(server: LocalServer, make_client) -> None:
    server.route("/flaky", once=True).reply("oops", status=500)
    server.route("/flaky").reply("fine")
    client = make_client()
    waits = recorded(client)
    response = client.get("https://api.example.com/flaky")
    assert (response.status, response.content) == (200, b"fine")
    assert len(server.requests) == 2
    assert len(waits) == 1 and 0 < waits[0] < 1


def test_503_always_is_a_server_error_after_the_retries(server: LocalServer, make_client) -> None:
    server.route("/down").reply("down", status=503)
    client = make_client(max_retries=2)
    waits = recorded(client)
    with pytest.raises(NetworkFailure) as caught:
        client.get("https://api.example.com/down")
    assert caught.value.status == "server error"
    assert "HTTP 503" in caught.value.message and "3 times" in caught.value.message
    assert "api.example.com" in caught.value.message
    assert len(server.requests) == 3
    assert len(waits) == 2 and waits[1] > waits[0]  # exponential backoff


def test_404_is_returned_not_retried(server: LocalServer, make_client) -> None:
    server.route("/gone").reply("no", status=404)
    response = make_client().get("https://api.example.com/gone")
    assert response.status == 404
    assert len(server.requests) == 1


# -- rate limits ----------------------------------------------------------------------------


def test_429_retry_after_seconds_waits_then_succeeds(server: LocalServer, make_client) -> None:
    server.route("/rl", once=True).reply("slow down", status=429, headers={"Retry-After": "2"})
    server.route("/rl").reply("ok")
    client = make_client(max_wait=5.0)
    waits = recorded(client)
    response = client.get("https://api.example.com/rl")
    assert response.content == b"ok"
    assert len(waits) == 1 and 1.5 < waits[0] <= 2.0


def test_429_retry_after_http_date_waits_then_succeeds(server: LocalServer, make_client) -> None:
    when = datetime.now(UTC) + timedelta(seconds=4)
    server.route("/rl", once=True).reply(
        "slow down",
        status=429,
        headers={"Retry-After": email.utils.format_datetime(when, usegmt=True)},
    )
    server.route("/rl").reply("ok")
    client = make_client(max_wait=10.0)
    waits = recorded(client)
    assert client.get("https://api.example.com/rl").content == b"ok"
    assert len(waits) == 1 and 2.0 < waits[0] <= 4.0


def test_429_longer_than_max_wait_raises_rate_limited_with_retry_at(
    server: LocalServer, make_client
) -> None:
    server.route("/rl").reply("slow down", status=429, headers={"Retry-After": "600"})
    client = make_client(max_wait=2.0)
    waits = recorded(client)
    before = datetime.now(UTC)
    with pytest.raises(RateLimited) as caught:
        client.get("https://api.example.com/rl")
    error = caught.value
    assert error.status == "rate-limited"
    assert error.retry_at is not None
    assert timedelta(seconds=590) < error.retry_at - before < timedelta(seconds=610)
    assert "Try again after" in error.message
    assert waits == []
    # the host said when to come back: a second request does not bother it before then
    with pytest.raises(RateLimited):
        client.get("https://api.example.com/other")
    assert len(server.requests) == 1


def test_429_without_hint_backs_off_then_gives_up(server: LocalServer, make_client) -> None:
    server.route("/rl").reply("slow down", status=429)
    client = make_client(max_retries=2, max_wait=10.0)
    waits = recorded(client)
    with pytest.raises(RateLimited):
        client.get("https://api.example.com/rl")
    assert len(server.requests) == 3
    assert len(waits) == 2 and waits[1] > waits[0] > 0


def test_github_403_rate_limit_waits_for_epoch_reset(server: LocalServer, make_client) -> None:
    reset = int(time.time()) + 2
    server.route("/users/alex", once=True).json(
        {"message": "API rate limit exceeded"},
        status=403,
        headers={"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(reset)},
    )
    server.route("/users/alex").json({"login": "alex"})
    client = make_client(max_wait=5.0)
    waits = recorded(client)
    _, data = client.get_json("https://api.github.com/users/alex")
    assert data == {"login": "alex"}
    assert len(waits) == 1 and 0.5 < waits[0] <= 2.0


def test_github_403_rate_limit_far_reset_raises(server: LocalServer, make_client) -> None:
    reset = int(time.time()) + 3600
    server.route("/users/alex").json(
        {"message": "API rate limit exceeded"},
        status=403,
        headers={"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(reset)},
    )
    with pytest.raises(RateLimited) as caught:
        make_client().get("https://api.github.com/users/alex")
    assert caught.value.retry_at == datetime.fromtimestamp(reset, UTC)


def test_plain_403_is_returned(server: LocalServer, make_client) -> None:
    server.route("/private").reply(
        "forbidden", status=403, headers={"X-RateLimit-Remaining": "4999"}
    )
    assert make_client().get("https://api.github.com/private").status == 403


def test_last_allowed_request_pauses_the_next_one(server: LocalServer, make_client) -> None:
    reset = int(time.time()) + 2
    server.route("/a").reply(
        "ok", headers={"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(reset)}
    )
    server.route("/b").reply("ok")
    client = make_client(max_wait=5.0)
    waits = recorded(client)
    client.get("https://api.github.com/a")
    assert waits == []
    client.get("https://api.github.com/b")
    assert len(waits) == 1 and 0.5 < waits[0] <= 2.0
    # another host is not held up
    client.get("https://other.example.org/b")
    assert len(waits) == 1


# -- reset_time and rate_limit_exhausted (pure) ---------------------------------------------


def test_reset_time_retry_after_seconds_and_date() -> None:
    assert reset_time({"Retry-After": "30"}, now=NOW) == NOW + 30
    assert reset_time({"retry-after": " 7 "}, now=NOW) == NOW + 7
    assert reset_time({"Retry-After": "1.5"}, now=NOW) == NOW + 1.5
    date = email.utils.formatdate(NOW + 90, usegmt=True)
    assert reset_time({"Retry-After": date}, now=NOW) == NOW + 90


def test_reset_time_retry_after_wins_over_reset_headers() -> None:
    headers = {"Retry-After": "5", "X-RateLimit-Reset": str(int(NOW) + 500)}
    assert reset_time(headers, now=NOW) == NOW + 5


def test_reset_time_github_bluesky_epoch() -> None:
    assert reset_time({"X-RateLimit-Reset": "1700000123"}, now=NOW) == 1700000123
    assert reset_time({"RateLimit-Reset": "1700000456"}, now=NOW) == 1700000456


def test_reset_time_mastodon_iso() -> None:
    iso = "2023-11-14T22:15:00.000Z"
    expected = datetime(2023, 11, 14, 22, 15, tzinfo=UTC).timestamp()
    assert reset_time({"X-RateLimit-Reset": iso}, now=NOW) == expected
    assert reset_time({"X-RateLimit-Reset": "2023-11-14T22:15:00+00:00"}, now=NOW) == expected
    # no zone given: taken as UTC, not the machine's local time
    assert reset_time({"X-RateLimit-Reset": "2023-11-14T22:15:00"}, now=NOW) == expected


def test_reset_time_reddit_seconds_until() -> None:
    assert reset_time({"x-ratelimit-reset": "412"}, now=NOW) == NOW + 412
    assert reset_time({"X-Ratelimit-Reset": "12.0"}, now=NOW) == NOW + 12


def test_reset_time_unreadable_or_absent() -> None:
    assert reset_time({}, now=NOW) is None
    assert reset_time({"Retry-After": "soon"}, now=NOW) is None
    assert reset_time({"X-RateLimit-Reset": "whenever"}, now=NOW) is None
    assert reset_time({"X-RateLimit-Reset": "nan"}, now=NOW) is None
    assert reset_time({"X-RateLimit-Reset": "inf"}, now=NOW) is None
    assert reset_time({"Retry-After": "-5"}, now=NOW) is None


def test_rate_limit_exhausted() -> None:
    assert rate_limit_exhausted(429, {})
    assert rate_limit_exhausted(403, {"X-RateLimit-Remaining": "0"})
    assert rate_limit_exhausted(403, {"x-ratelimit-remaining": "0.0"})  # Reddit sends floats
    assert rate_limit_exhausted(403, {"Retry-After": "10"})
    assert not rate_limit_exhausted(403, {"X-RateLimit-Remaining": "12"})
    assert not rate_limit_exhausted(403, {})
    assert not rate_limit_exhausted(200, {"X-RateLimit-Remaining": "0"})
    assert not rate_limit_exhausted(404, {"Retry-After": "10"})


# -- Response -------------------------------------------------------------------------------


def _response(body: bytes, content_type: str = "application/json") -> HttpResponse:
    return HttpResponse("https://api.example.com/x", 200, {"Content-Type": content_type}, body)


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (b"", "empty body"),
        (b"  <!doctype html><p>Log in", "web page"),
        (b'{"a": ', "truncated"),
        (b"[" * 100_000, "malformed"),
        (b"\xff\xfe{", "malformed"),
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
