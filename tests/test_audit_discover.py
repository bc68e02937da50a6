"""audit --discover: a username found on a site of the list joins the audit as a discovered account."""

from __future__ import annotations

import json
import re

from typer.testing import CliRunner

from linkage.cli import app
from linkage.store import data_dir
from tests.server import NOT_FOUND
from tests.test_cli import common, serve_github_user

SITES = {
    "format": "linkage-sites",
    "version": 1,
    "sites": [
        {
            "name": "Knitting forum",
            "url": "https://knitforum.example.net/u/{username}",
            "username": "^[a-z0-9_-]{2,30}$",
            "found": {"status": 200, "text": "profile of"},
            "missing": {"status": 404, "text": "no such member"},
        }
    ],
}


def serve_a_knitter(server, tmp_path):
    """A GitHub account 'quietknitter', a site list where that name has a page (and a random
    one has none): (the site list, the accounts file)."""
    serve_github_user(server, "quietknitter", bio="Knitting.")
    server.route("/u/quietknitter").reply(
        "<html><title>profile of quietknitter</title><body>profile of quietknitter</body></html>",
        content_type="text/html",
    )
    server.route(re.compile(r"^/u/.+")).reply("no such member", status=404)  # the random probe
    server.unrouted = NOT_FOUND
    sites = tmp_path / "sites.json"
    sites.write_text(json.dumps(SITES))
    accounts = tmp_path / "accounts.toml"
    accounts.write_text('[[account]]\nhandle = "github:quietknitter"\npersona = "personal"\n')
    return sites, accounts


def test_discover_adds_found_accounts(server, tmp_path):
    sites, accounts = serve_a_knitter(server, tmp_path)
    result = CliRunner().invoke(
        app,
        [
            "audit",
            str(accounts),
            "-o",
            str(tmp_path / "r.html"),
            "--discover",
            "--sites",
            str(sites),
            "--depth",
            "0",
            *common(server, tmp_path),
        ],
    )
    assert result.exit_code == 0, result.output
    records = {
        r["id"]: r
        for r in map(
            json.loads, next((data_dir() / "profiles").glob("*.jsonl")).read_text().splitlines()
        )
    }
    found = records["web:https://knitforum.example.net/u/quietknitter"]
    assert found["discovered_by"] == "username 'quietknitter' found on Knitting forum"
    assert "Accounts you may have forgotten" in (tmp_path / "r.html").read_text()


def test_discover_asks_the_sites_again_only_when_the_day_is_over_or_refresh(server, tmp_path):
    """The audit's username sweep sent every site its requests on every run, although the
    run had a cache folder: it now keeps what they said, as ``linkage sweep`` does."""
    sites, accounts = serve_a_knitter(server, tmp_path)

    def audit(*extra: str) -> list[str]:
        """The paths the sweep asked the forum for (its check and its random-username check)."""
        before = len(server.requests)
        result = CliRunner().invoke(
            app,
            [
                "audit", str(accounts), "-o", str(tmp_path / "r.html"), "--discover",
                "--sites", str(sites), "--depth", "0", *common(server, tmp_path), *extra,
            ],
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        return [
            r.path
            for r in server.requests[before:]
            if r.headers["Host"] == "knitforum.example.net" and r.path.startswith("/u/")
        ]

    def probes(paths: list[str]) -> list[str]:
        """The random usernames asked for (the web collector asks for /u/feed.xml and such)."""
        return [p for p in paths if re.fullmatch(r"/u/[A-Za-z0-9]+", p) and "knitter" not in p]

    first = audit()
    assert len(probes(first)) == 1 and first.count("/u/quietknitter") == 2  # sweep, collector
    # the sweep did not ask the forum again; the account it found is read again, as every
    # account of an audit whose saved answers are older than the last audit (a re-check)
    second = audit()
    assert probes(second) == [] and second.count("/u/quietknitter") == 1
    again = audit("--refresh")
    assert len(probes(again)) == 1 and again.count("/u/quietknitter") == 2


def test_discover_leaves_out_the_adult_sites_of_a_list(server, tmp_path):
    """'linkage sweep' leaves a list's adult sites out unless --nsfw; an audit, which has no
    --nsfw, checked them and put what it found in a report that may be shown to a room."""
    sites, accounts = serve_a_knitter(server, tmp_path)
    adult = json.loads(sites.read_text())
    adult["sites"][0]["tags"] = ["nsfw"]
    sites.write_text(json.dumps(adult))
    result = CliRunner().invoke(
        app,
        ["audit", str(accounts), "-o", str(tmp_path / "r.html"), "--discover", "--sites",
         str(sites), "--depth", "0", *common(server, tmp_path)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert not [hit for hit in server.hits if hit[0] == "knitforum.example.net"]
    assert "knitforum" not in (tmp_path / "r.html").read_text()
