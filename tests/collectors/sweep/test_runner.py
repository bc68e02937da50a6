"""The sweep engine end to end against a local server: rules, probe, failures, limits. (The
address guard on its redirects: test_runner_guard.py.)"""

from __future__ import annotations

import json
import time

from collectors.sweep.runner import USER_AGENT, SweepSettings, sweep
from collectors.sweep.sites import parse_sites
from tests.server import Answer, LocalServer, Request

FIELDS = ["username", "site", "url", "status", "http_status", "detail"]


def native(*sites: dict) -> object:
    return parse_sites({"format": "linkage-sites", "version": 1, "sites": list(sites)}, "test")


def api_site(name: str = "Example", host: str = "api.example.org", **extra) -> dict:
    entry = {
        "name": name,
        "url": f"https://{host}/@{{username}}",
        "check": f"https://{host}/users/{{username}}",
        "username": "^[a-z0-9_]{2,20}$",
        "found": {"status": 200, "text": '"login":'},
        "missing": {"status": 404, "text": "no such user"},
    }
    entry.update(extra)
    return entry


def by_name(results) -> dict[str, object]:
    return {r.username: r for r in results}


def test_found_is_not_trusted_when_the_probe_cannot_tell(server, settings):
    def user(request: Request) -> Answer:
        name = request.path.rsplit("/", 1)[-1]
        if name == "alice":
            return Answer.json({"login": name})
        return Answer.data("no such user", status=404)

    # only the two real names are routed: the probe's random name gets the server's own 404,
    # whose text is not the site's 'missing' text, so the probe cannot tell
    server.route("/users/alice").handle(user)
    server.route("/users/bob").handle(user)
    server.unrouted = Answer.data("no route in the test server", status=404)
    results = sweep(["alice", "bob"], native(api_site()), settings)
    got = by_name(results)
    assert got["bob"].status == "missing" and got["bob"].http_status == 404
    # the probe could not tell (404 without the 'missing' text), so 'found' is not trusted
    assert got["alice"].status == "unknown" and "random-username" in got["alice"].detail


def test_found_stands_when_the_random_probe_is_missing(server, settings):
    def user(request: Request) -> Answer:
        name = request.path.rsplit("/", 1)[-1]
        if name == "alice":
            return Answer.json({"login": name})
        return Answer.data("no such user", status=404)

    server.serve_all(user)
    results = sweep(["alice", "bob"], native(api_site()), settings)
    got = by_name(results)
    assert got["alice"].status == "found"
    assert got["alice"].url == "https://api.example.org/@alice"
    assert got["alice"].http_status == 200
    assert got["bob"].status == "missing"
    probes = [p for p in server.paths() if p not in ("/users/alice", "/users/bob")]
    assert len(probes) == 1, "one random-username probe per site"
    assert all(s.host == "api.example.org" for s in server.requests)
    assert all(s.headers["User-Agent"] == USER_AGENT for s in server.requests)


def test_site_that_says_found_to_everyone_is_unknown(server, settings):
    def anything(_: Request) -> Answer:
        return Answer.json({"login": "whoever"})

    server.serve_all(anything)
    results = sweep(["alice", "bob", "carol"], native(api_site()), settings)
    assert [r.status for r in results] == ["unknown"] * 3
    assert all("random username exists" in r.detail for r in results)
    assert len(server.requests) == 4  # three checks and one probe


def test_rate_limits_pause_the_host_as_the_http_layer_does(server, settings):
    """A 429 without Retry-After pauses the host (30 s, longer than a check's deadline): the
    host's other checks are "could not tell" and are not sent."""
    server.route("/users/first").reply("slow down", status=429)

    def others(_: Request) -> Answer:
        return Answer.data("no such user", status=404)

    server.serve_all(others)
    settings.per_host, settings.probe = 1, False
    results = by_name(sweep(["first", "second", "third"], native(api_site()), settings))
    assert results["first"].http_status == 429 and "rate-limited" in results["first"].detail
    for name in ("second", "third"):
        assert results[name].status == "unknown", results[name]
        assert "rate-limited: the site asked to wait" in results[name].detail
    assert server.paths() == ["/users/first"]


def test_a_short_retry_after_is_waited_for(server, settings):
    """A 403 with ``X-RateLimit-Remaining: 0`` and ``Retry-After: 1`` is a rate limit (as the
    HTTP layer reads it); the host's next check waits a second and is then sent."""
    server.route("/users/first").reply(
        "quota", status=403, headers={"X-RateLimit-Remaining": "0", "Retry-After": "1"}
    )
    server.route("/users/second").reply("no such user", status=404)
    settings.per_host, settings.probe, settings.timeout = 1, False, 5
    started = time.monotonic()
    results = by_name(sweep(["first", "second"], native(api_site()), settings))
    assert results["first"].status == "unknown" and "rate-limited" in results["first"].detail
    assert results["second"].status == "missing"
    assert server.paths() == ["/users/first", "/users/second"]
    assert time.monotonic() - started >= 0.9  # it waited for the pause (a behaviour, not speed)


def test_blocked_and_server_errors_are_unknown(server, settings):
    answers = {
        "blocked": (403, "forbidden"),
        "broken": (503, "oops"),
    }

    def handler(request: Request) -> Answer:
        status, body = answers.get(request.path.rsplit("/", 1)[-1], (404, "no such user"))
        return Answer.data(body, status=status)

    server.serve_all(handler)
    results = by_name(sweep(list(answers), native(api_site()), settings))
    assert results["blocked"].status == "unknown" and results["blocked"].http_status == 403
    assert results["broken"].status == "unknown" and "server error" in results["broken"].detail


def test_challenge_page_with_the_found_status_is_unknown(server, settings):
    def handler(_: Request) -> Answer:
        page = (
            '<html><title>Just a moment...</title>"login": <span id="challenge-error-text"></span>'
        )
        return Answer.data(page, content_type="text/html; charset=utf-8")

    server.serve_all(handler)
    (result,) = sweep(["alice"], native(api_site()), settings)
    assert result.status == "unknown" and "Cloudflare" in result.detail


def test_timeout_is_unknown_and_other_checks_go_on(server):
    def handler(request: Request) -> Answer:
        if request.path.endswith("/slow"):
            time.sleep(0.6)
        return Answer.data("no such user", status=404)

    server.serve_all(handler)
    settings = SweepSettings(endpoints={"*": server.url}, timeout=0.3)
    started = time.monotonic()
    got = by_name(sweep(["slow", "fast"], native(api_site()), settings))
    assert time.monotonic() - started < 0.9
    assert got["slow"].status == "unknown" and got["slow"].http_status is None
    assert "no answer within 0.3 s" in got["slow"].detail
    assert got["fast"].status == "missing"


def test_refused_usernames_are_never_requested(server, settings):
    def handler(_: Request) -> Answer:
        return Answer.data("no such user", status=404)

    server.serve_all(handler)
    results = by_name(sweep(["Bad Name!", "ok_name"], native(api_site()), settings))
    refused = results["Bad Name!"]
    assert refused.status == "unknown" and refused.http_status is None
    assert "refused by the site's rule" in refused.detail and "^[a-z0-9_]{2,20}$" in refused.detail
    paths = server.paths()
    assert "/users/ok_name" in paths and len(paths) == 2  # the check and the site's probe
    assert not any("Bad" in path for path in paths)


def test_redirects_not_followed_unless_the_site_says_so(server, settings):
    def handler(request: Request) -> Answer:
        if request.path.startswith("/u/"):
            return Answer.redirect("/gone")
        return Answer.data("home page", status=200)

    server.serve_all(handler)
    wmn = {
        "sites": [
            {
                "name": "Redirector",
                "uri_check": "https://r.example.org/u/{account}",
                "e_code": 200,
                "e_string": "profile",
                "m_code": 302,
                "m_string": "",
                "known": ["a", "b"],
                "cat": "social",
            }
        ]
    }
    (result,) = sweep(["alice"], parse_sites(wmn, "wmn"), settings)
    assert result.status == "missing" and result.http_status == 302
    assert "/gone" not in server.paths() and "/u/alice" in server.paths()
    assert len(server.requests) == 2  # the check and the probe

    server.requests.clear()
    sherlock = {
        "Follower": {
            "url": "https://f.example.org/u/{}",
            "urlMain": "https://f.example.org/",
            "errorType": "message",
            "errorMsg": "home page",
            "username_claimed": "x",
        }
    }
    (result,) = sweep(["alice"], parse_sites(sherlock, "sherlock"), settings)
    assert result.status == "missing" and result.http_status == 200
    assert server.paths().count("/gone") == 2  # the check's redirect and the probe's
    assert all(s.host == "f.example.org" for s in server.requests)


def test_post_body_carries_the_username_json_escaped(server, settings):
    def handler(request: Request) -> Answer:
        name = request.json()["variables"]["username"]
        user = {"id": 1} if name == 'o"brien' else None
        return Answer.data(json.dumps({"data": {"user": user}}, separators=(",", ":")))

    server.serve_all(handler)
    wmn = {
        "sites": [
            {
                "name": "Graph",
                "uri_check": "https://graph.example.org/gql",
                "uri_pretty": "https://graph.example.org/@{account}",
                "post_body": '{"query":"q","variables":{"username":"{account}"}}',
                "headers": {"Content-Type": "application/json", "User-Agent": "Mozilla/5.0"},
                "e_code": 200,
                "e_string": '"id":',
                "m_code": 200,
                "m_string": '"user":null',
                "known": ["a", "b"],
                "cat": "social",
            }
        ]
    }
    got = by_name(sweep(['o"brien', "nobody"], parse_sites(wmn, "wmn"), settings))
    assert got['o"brien'].status == "found"
    assert got["nobody"].status == "missing"
    assert {s.method for s in server.requests} == {"POST"}
    assert all(s.headers["User-Agent"] == USER_AGENT for s in server.requests)


def test_per_host_limit_and_hosts_in_parallel(server: LocalServer):
    """At most two checks at a time per host, and the hosts checked at the same time: both
    measured at the server (requests in flight per host), not with a clock."""
    hosts = 12
    # each answer waits until every host has had a request in flight at once and its own host
    # two (neither happens if the sweep takes the hosts, or a host's checks, one after another:
    # then every wait ends at the deadline), then stays open a moment longer, so that a third
    # check sent to a host too early would be in flight with them
    deadline = time.monotonic() + 3

    def handler(request: Request) -> Answer:
        def overlapping() -> bool:
            return server.peak_hosts == hosts and server.peak[request.host] >= 2

        server.wait_until(overlapping, deadline - time.monotonic())
        time.sleep(0.15)
        return Answer.data("no such user", status=404)

    server.serve_all(handler)
    sites = native(*(api_site(f"Site {i}", f"s{i}.example.org") for i in range(hosts)))
    names = [f"user{i}" for i in range(6)]
    settings = SweepSettings(endpoints={"*": server.url}, per_host=2, timeout=5)
    results = sweep(names, sites, settings)
    assert len(results) == 72 and {r.status for r in results} == {"missing"}
    assert len(server.peak) == hosts and set(server.peak.values()) == {2}  # two at a time
    assert server.peak_hosts == hosts, f"hosts were not checked at the same time ({server.peak})"


def test_a_hosts_checks_share_kept_alive_connections(server):
    def handler(_: Request) -> Answer:
        return Answer.data("no such user", status=404)

    server.serve_all(handler)
    settings = SweepSettings(endpoints={"*": server.url}, per_host=1, timeout=2)
    results = sweep([f"user{i}" for i in range(5)], native(api_site()), settings)
    assert [r.status for r in results] == ["missing"] * 5
    peers = {s.peer for s in server.requests}
    assert len(peers) == 1 and None not in peers


def test_every_check_gives_a_record_with_the_contract_fields(server, settings):
    def handler(_: Request) -> Answer:
        return Answer.data("no such user", status=404)

    server.serve_all(handler)
    sites = parse_sites(
        {
            "format": "linkage-sites",
            "version": 1,
            "sites": [api_site(), {"name": "Broken", "url": "https://b.example.org/{username}"}],
        }
    )
    results = sweep(["alice", "bob"], sites, settings)
    assert len(results) == 4
    for result in results:
        record = result.record()
        assert list(record) == FIELDS
        json.dumps(record)
    broken = [r for r in results if r.site == "Broken"]
    assert {r.status for r in broken} == {"unknown"} and broken[0].url is None
    assert "site entry skipped: missing object 'found'" in broken[0].detail


def test_user_agent_is_the_collectors_one():
    from collectors.http import USER_AGENT as COLLECTORS_UA

    assert USER_AGENT == COLLECTORS_UA
    assert USER_AGENT.startswith("linkage/")


def test_probe_names_fit_the_sites_rule():
    from collectors.sweep.runner import probe_candidates, probe_name

    candidates = probe_candidates()
    sites = native(
        api_site("Digits", username="^[0-9]{6,9}$"),
        api_site("Short", username="^[a-z]{3}$"),
        api_site("Only", username="^alice$"),
    ).sites
    digits, short, only = (probe_name(site, candidates) for site in sites)
    assert digits is not None and digits.isdigit() and 6 <= len(digits) <= 9
    assert short is not None and len(short) == 3
    assert only is None
    assert probe_candidates() != candidates  # random each run


def test_found_is_unknown_when_no_random_name_can_be_asked(server, settings):
    def handler(_: Request) -> Answer:
        return Answer.json({"login": "alice"})

    server.serve_all(handler)
    (result,) = sweep(["alice"], native(api_site(username="^alice$")), settings)
    assert result.status == "unknown" and "no random username fits" in result.detail
    assert len(server.requests) == 1
