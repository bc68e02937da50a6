"""``linkage sweep`` reads the username out of a handle or a profile address: a pasted
``github:NAME`` or ``https://github.com/NAME`` was checked as it was, and reported "missing"
everywhere (a false all-clear)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from linkage.cli import app
from tests.collectors.sweep.test_cli_sweep import serve, site_list
from tests.server import LocalServer

runner = CliRunner()


def sweep(server: LocalServer, tmp_path: Path, *usernames: str):
    serve(server)
    sites = site_list(tmp_path)
    data = json.loads(sites.read_text())
    data["sites"].append(  # a site whose profile address no platform of linkage's knows
        {
            "name": "Gamma",
            "url": "https://www.gamma.example.org/people/{username}/",
            "check": "https://gamma.example.org/api/{username}",
            "found": {"status": 200, "text": '"login":'},
            "missing": {"status": 404, "text": "no such user"},
        }
    )
    sites.write_text(json.dumps(data))
    out = tmp_path / "found.jsonl"
    args = ["sweep", *usernames, "--sites", str(sites), "-o", str(out), "-q"]
    result = runner.invoke(app, [*args, "--endpoint", f"*={server.url}"])
    records = [json.loads(line) for line in out.read_text().splitlines()] if out.exists() else []
    return result, records


def test_the_username_is_taken_out_of_handles_and_profile_addresses(server, tmp_path):
    result, records = sweep(
        server,
        tmp_path,
        "github:fernbrook",
        "https://github.com/fernbrook",
        "@ada_example@social.example",
        "https://gamma.example.org/people/ada_example",
        "ada_example",
        "reddit:u/quiet_fern",
    )
    assert result.exit_code == 0, result.output
    assert (
        "Checking 'fernbrook' (the username in github:fernbrook and "
        "https://github.com/fernbrook)." in result.output
    )
    assert (
        "Checking 'ada_example' (the username in @ada_example@social.example and "
        "https://gamma.example.org/people/ada_example)." in result.output
    )
    assert "Checking 'quiet_fern' (the username in reddit:u/quiet_fern)." in result.output
    # names that came out the same are checked once
    assert sorted({r["username"] for r in records}) == ["ada_example", "fernbrook", "quiet_fern"]
    assert len(records) == 3 * 4  # 3 usernames x 4 entries of the list
    assert "found  ada_example  Alpha  https://alpha.example.org/@ada_example" in result.output
    assert "Checked 3 usernames" in result.output


def test_a_value_that_cannot_be_a_username_is_refused_in_plain_words(server, tmp_path):
    for value, words in [
        ("ada example", "cannot be a username on any site"),
        ("https://blog.example.net/about/ada", "cannot tell which part of it is a username"),
        ("web:https://ada.example.net/", "a website's address"),
        ("stackexchange:stackoverflow.com/12345", "named by its number"),
        ("notes/ada", "no spaces or slashes"),
        # not valid handles of those platforms: their remainder is no username either
        ("stackexchange:12345", "names a Stack Exchange account, which has no username"),
        ("web:notaurl", "names a website, which has no username"),
        ("github:", "names no account"),
    ]:
        result, records = sweep(server, tmp_path, "ada_example", value)
        assert result.exit_code == 2, (value, result.output)
        assert words in result.output and f"'{value}'" in result.output, result.output
        assert "Traceback" not in result.output
        assert len(result.output.strip().splitlines()) == 1, result.output  # one line
        assert not records
    assert not server.requests  # refused before any site was asked
