"""The HTTP client's retries and rate limits against a local server: server errors retried with
backoff, 429 and the platforms' rate-limit headers waited for or given up on, and the reading
of those headers (``reset_time``, ``rate_limit_exhausted``)."""

from __future__ import annotations

import email.utils
import time
from datetime import UTC, datetime, timedelta

import pytest

from collectors.errors import NetworkFailure, RateLimited
from collectors.http import HttpClient, rate_limit_exhausted, reset_time
from tests.server import LocalServer

NOW = 1_700_000_000.0


def recorded(client: HttpClient) -> list[float]:
    """Make the client record its waits instead of sleeping through them."""
    waits: list[float] = []
    client.sleep = waits.append
    return waits


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
    assert caught.value.message == (
        "example.com had a fault on its side and could not answer (3 tries); there is nothing "
        "to fix on your side. Try again later (HTTP 503)."
    )
    assert "api.example.com" not in caught.value.message  # the site by its name
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
