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


def test_discover_adds_found_accounts(server, tmp_path):
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
