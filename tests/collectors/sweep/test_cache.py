"""The sweep's cache: a sweep run again asks only what it does not know from the last day.

Each test runs ``linkage sweep`` twice (or more) against the local server and counts the
requests the server saw: what a site said (found or missing, and its answer about a random
username) is taken from the cache folder; "could not tell", an edited site entry, an entry
older than a day and ``--refresh`` are asked again.
"""

from __future__ import annotations

import json
import os
import stat
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from collectors.http.policy import CACHE_LIFETIME
from collectors.sweep.cache import FILE_NAME, SweepCache, site_key
from collectors.sweep.sites import load_sites
from linkage.cli import app
from tests.server import Answer, LocalServer, Request

runner = CliRunner()
HOSTS = {"Alpha": "alpha.example.org", "Beta": "beta.example.org", "Gamma": "gamma.example.org"}


def entry(name: str, host: str) -> dict:
    return {
        "name": name,
        "url": f"https://{host}/@{{username}}",
        "check": f"https://{host}/api/{{username}}",
        "username": "^[a-z0-9_]{2,20}$",
        "found": {"status": 200, "text": '"login":'},
        "missing": {"status": 404, "text": "no such user"},
    }


def write_sites(path: Path, change: Callable[[dict], None] | None = None) -> Path:
    """Three sites; ``change`` edits Beta's entry."""
    sites = [entry(name, host) for name, host in HOSTS.items()]
    if change is not None:
        change(sites[1])
    path.write_text(json.dumps({"format": "linkage-sites", "version": 1, "sites": sites}))
    return path


def serve(server: LocalServer, accounts: dict[str, set[str]], failing: set[str] = frozenset()):
    """``accounts``: who exists where (by host); a request for a name in ``failing`` gets a
    server error (the site cannot tell); everyone else is missing."""

    def handler(request: Request) -> Answer:
        name = request.path.rsplit("/", 1)[-1]
        if name in failing:
            return Answer.data("down for maintenance", status=503)
        if name in accounts.get(request.headers["Host"], set()):
            return Answer.json({"login": name})
        return Answer.data("no such user", status=404)

    server.serve_all(handler)


def sweep(
    server: LocalServer,
    tmp_path: Path,
    *args: str,
    names: tuple[str, ...] = ("ada_example",),
    status: int = 0,
):
    """Run ``linkage sweep`` on the test's site list and cache; (result, requests it sent).
    ``status``: the exit status expected (1 when a site could not tell)."""
    before = len(server.requests)
    sites = tmp_path / "sites.json"
    if not sites.exists():
        write_sites(sites)
    result = runner.invoke(
        app,
        [
            "sweep", *names, "--sites", str(sites), "--endpoint", f"*={server.url}",
            "--cache-dir", str(tmp_path / "cache"), "-q", *args,
        ],
    )  # fmt: skip
    assert result.exit_code == status, result.output
    return result, server.requests[before:]


def records(path: Path) -> dict[tuple[str, str], dict]:
    return {(r["username"], r["site"]): r for r in map(json.loads, path.read_text().splitlines())}


def test_a_second_sweep_asks_no_site_it_has_an_answer_from(server, tmp_path):
    """Running the same sweep twice sent every request again (hundreds of sites)."""
    serve(server, {"alpha.example.org": {"ada_example"}})
    first, sent = sweep(server, tmp_path, "-o", str(tmp_path / "one.jsonl"))
    # one username on 3 sites, and each site's random-username check
    assert len(sent) == 6
    assert "from the last 24 hours' cache" not in first.output

    again, sent = sweep(server, tmp_path, "-o", str(tmp_path / "two.jsonl"))
    assert sent == []
    assert "found  ada_example  Alpha  https://alpha.example.org/@ada_example" in again.output
    assert (
        "on 3 sites of sites.json in " in again.output
        and ": 1 found, 2 missing, 0 could not tell; 3 answers were from the last 24 hours' "
        "cache (--refresh to ask again).\n"
        in again.output
    )
    # the same records, as the contract has them
    assert records(tmp_path / "two.jsonl") == records(tmp_path / "one.jsonl")
    assert all(
        list(r) == ["username", "site", "url", "status", "http_status", "detail"]
        for r in records(tmp_path / "two.jsonl").values()
    )


def test_what_could_not_tell_is_asked_again_and_nothing_else(server, tmp_path):
    serve(server, {"alpha.example.org": {"ada_example"}}, failing={"bob_example"})
    names = ("ada_example", "bob_example")
    first, sent = sweep(server, tmp_path, names=names, status=1)
    assert "1 found, 2 missing, 3 could not tell." in first.output

    again, sent = sweep(server, tmp_path, names=names, status=1)
    # bob's three checks, and nothing else: ada's answers and the probes are kept
    assert sorted((r.host, r.path) for r in sent) == [
        (host, "/api/bob_example") for host in sorted(HOSTS.values())
    ]
    assert "1 found, 2 missing, 3 could not tell; 3 answers were from" in again.output


def test_refresh_asks_every_site_again_and_keeps_the_new_answers(server, tmp_path):
    accounts = {"alpha.example.org": {"ada_example"}}
    serve(server, accounts)
    sweep(server, tmp_path)
    accounts["beta.example.org"] = {"ada_example"}  # she has made an account there since

    result, sent = sweep(server, tmp_path)
    assert sent == [] and "found  ada_example  Beta" not in result.output  # a day's answers

    result, sent = sweep(server, tmp_path, "--refresh")
    assert len(sent) == 6  # every check and every probe
    assert "found  ada_example  Beta" in result.output
    assert "from the last 24 hours' cache" not in result.output

    result, sent = sweep(server, tmp_path)
    assert sent == [] and "2 found, 1 missing" in result.output  # the new answers were kept


def _other_address(site: dict) -> None:
    site["check"] = "https://beta.example.org/v2/api/{username}"


def _other_rule(site: dict) -> None:
    site["missing"] = {"status": 404, "text": "no such"}


def _other_request(site: dict) -> None:
    site["headers"] = {"Accept": "application/json"}


@pytest.mark.parametrize("change", [_other_address, _other_rule, _other_request])
def test_an_edited_site_entry_is_not_answered_from_the_cache(server, tmp_path, change):
    serve(server, {})
    sweep(server, tmp_path)
    write_sites(tmp_path / "sites.json", change)
    _, sent = sweep(server, tmp_path)
    # Beta's check and its random-username check; Alpha's and Gamma's answers are kept
    assert len(sent) == 2 and {r.host for r in sent} == {"beta.example.org"}
    # and the sites' names and shown addresses are not part of what is asked
    write_sites(tmp_path / "sites.json", lambda site: site.update(name="Beta renamed"))
    _, sent = sweep(server, tmp_path)
    assert len(sent) == 0


def test_what_another_endpoint_said_is_not_taken_for_this_one(server, tmp_path):
    serve(server, {})
    sweep(server, tmp_path)
    with LocalServer() as mirror:
        serve(mirror, {})
        _, sent = sweep(mirror, tmp_path)
        assert len(sent) == 6  # a mirror is another source: asked, not taken from the cache
    _, sent = sweep(server, tmp_path)
    assert sent == []  # and the first one's answers are still kept


def test_an_answer_older_than_a_day_is_asked_again(server, tmp_path):
    serve(server, {"alpha.example.org": {"ada_example"}})
    sweep(server, tmp_path)
    alpha = load_sites(tmp_path / "sites.json").sites[0]
    key = site_key(alpha, {"*": server.url})
    with SweepCache(tmp_path / "cache") as cache:
        assert cache.check(key, "ada_example") == (
            "found",
            "HTTP 200 fits the site's 'found' rule",
            200,
        )
    # the same answer, kept a day and a minute ago
    long_ago = time.time() - CACHE_LIFETIME - 60
    with SweepCache(tmp_path / "cache", clock=lambda: long_ago) as cache:
        cache.keep_check(key, "ada_example", "ada_example", "found", "HTTP 200", 200)

    result, sent = sweep(server, tmp_path)
    assert [(r.host, r.path) for r in sent] == [("alpha.example.org", "/api/ada_example")]
    assert "1 found, 2 missing, 0 could not tell; 2 answers were from" in result.output

    with SweepCache(tmp_path / "cache", clock=lambda: time.time() + CACHE_LIFETIME) as cache:
        assert cache.check(key, "ada_example") is None and cache.probe(key) is None  # a day on


def test_the_cache_is_owner_only_and_in_the_user_cache_folder_by_default(
    server, tmp_path, private_cache_dir
):
    serve(server, {})
    old = os.umask(0)
    try:
        sweep(server, tmp_path)
        args = ["sweep", "ada_example", "--sites", str(tmp_path / "sites.json"), "-q"]
        result = runner.invoke(app, [*args, "--endpoint", f"*={server.url}"])
        assert result.exit_code == 0, result.output
    finally:
        os.umask(old)
    from linkage.pipeline import http_config

    default = http_config().cache_dir  # where the other commands keep their answers
    assert default is not None and default.parent == private_cache_dir
    for folder in (tmp_path / "cache", default):
        assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700
        assert [p.name for p in folder.iterdir()] == [FILE_NAME]
        assert stat.S_IMODE(os.stat(folder / FILE_NAME).st_mode) == 0o600
