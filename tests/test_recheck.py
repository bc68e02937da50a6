"""Running an audit again to see what changed: the answers saved before the last kept audit of
the same accounts are asked for again, a failure saved in the cache is not replayed, and what
still comes from the cache is said, with when it was saved. The real commands and collectors
against the local test server; fictional accounts."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from linkage.cli import app
from tests.server import Answer, LocalServer, Request
from tests.test_cli import FIX, accounts_file

runner = CliRunner()
ACCOUNT = '[[account]]\nhandle = "github:ada-example"\npersona = "professional"\n'


def serve_changing_user(server: LocalServer, state: dict) -> None:
    """``github:ada-example``, with the bio (or a 404, with ``state["gone"]``) ``state`` holds
    when the request comes."""
    user = json.loads((FIX / "user.json").read_text())
    user.update(
        login="ada-example",
        html_url="https://github.com/ada-example",
        blog="",
        avatar_url=None,
        company=None,  # the profile text is the bio alone
    )

    def answer(_: Request) -> Answer:
        if state.get("gone"):
            return Answer.json({"message": "Not Found", "status": "404"}, 404)
        return Answer.json({**user, "bio": state["bio"]})

    server.route("/users/ada-example").handle(answer)
    for path in ("social_accounts", "events/public", "repos", "gists"):
        server.route(f"/users/ada-example/{path}").json([])


def audit(server: LocalServer, tmp_path: Path, *extra: str):
    path = accounts_file(tmp_path, ACCOUNT)
    return runner.invoke(
        app,
        [
            "audit", str(path), "--depth", "0", "--quiet",
            "--endpoint", f"*={server.url}", "--cache-dir", str(tmp_path / "cache"),
            "--profiles", str(tmp_path / "profiles.jsonl"), "-o", str(tmp_path / "report.html"),
            *extra,
        ],
    )  # fmt: skip


def collect(server: LocalServer, tmp_path: Path, *extra: str):
    return runner.invoke(
        app,
        [
            "collect", "github:ada-example", "-o", str(tmp_path / "collected.jsonl"),
            "--endpoint", f"*={server.url}", "--cache-dir", str(tmp_path / "cache"), "--quiet",
            *extra,
        ],
    )  # fmt: skip


def bio(path: Path) -> str:
    (record,) = [json.loads(line) for line in path.read_text().splitlines()]
    return record["bio"]


def test_an_audit_run_again_the_same_day_sees_what_the_person_changed(server, tmp_path):
    state = {"bio": "Maps and open data at the Example Council."}
    serve_changing_user(server, state)
    first = audit(server, tmp_path)
    assert first.exit_code == 0, first.output
    state["bio"] = "Maps."  # she takes her employer out of her bio
    again = audit(server, tmp_path)  # no --refresh: that is the point of a re-check
    assert again.exit_code == 0, again.output
    assert bio(tmp_path / "profiles.jsonl") == "Maps."
    assert "read from answers saved" not in again.output


def test_answers_saved_since_the_last_audit_come_from_the_cache_and_are_said_so(server, tmp_path):
    state = {"bio": "Maps and open data."}
    serve_changing_user(server, state)
    assert audit(server, tmp_path).exit_code == 0
    # read again after the audit (as a run that was stopped before its end would have)
    assert collect(server, tmp_path).exit_code == 0
    asked = len(server.requests)
    again = audit(server, tmp_path)
    assert again.exit_code == 0, again.output
    assert len(server.requests) == asked  # nothing fetched again
    assert "1 account was read from answers saved at " in again.output
    assert "if you have changed it since, run again with --refresh." in again.output
    # and the profile says when its data was fetched: by the collect run, not now
    (record,) = [json.loads(x) for x in (tmp_path / "profiles.jsonl").read_text().splitlines()]
    (collected,) = [json.loads(x) for x in (tmp_path / "collected.jsonl").read_text().splitlines()]
    assert record["collected"]["at"] <= collected["collected"]["at"]


def test_offline_says_the_answers_are_saved_ones(server, tmp_path):
    serve_changing_user(server, {"bio": "Maps."})
    assert audit(server, tmp_path).exit_code == 0
    offline = audit(server, tmp_path, "--offline")
    assert offline.exit_code == 0, offline.output
    assert "1 account was read from answers saved at " in offline.output
    assert "as --offline asks: changes made since then do not show." in offline.output


def test_a_not_found_saved_in_the_cache_is_asked_again(server, tmp_path):
    state = {"bio": "Maps.", "gone": True}
    serve_changing_user(server, state)
    gone = collect(server, tmp_path)
    assert gone.exit_code == 1 and "not found" in gone.output
    state["gone"] = False  # the account is back (or the site's trouble is over)
    back = collect(server, tmp_path)
    assert back.exit_code == 0, back.output
    assert bio(tmp_path / "collected.jsonl") == "Maps."


def test_a_re_check_of_accounts_with_a_data_export_sees_the_change_too(server, tmp_path):
    """With an X export listed beside the GitHub account, the last kept audit was not found
    (kept audits name the export's account, "x:alex_example", not its file), so the second
    audit served GitHub from the cache and missed the change."""
    from tests.collectors.archives.layouts import Builder, x_layout

    state = {"bio": "Maps and open data at the Example Council."}
    serve_changing_user(server, state)
    (tmp_path / "exports").mkdir()
    Builder(tmp_path / "exports").zip("twitter-2024.zip", x_layout())
    path = accounts_file(
        tmp_path,
        ACCOUNT + '[[account]]\narchive = "exports/twitter-2024.zip"\npersona = "personal"\n',
    )
    command = [
        "audit", str(path), "--depth", "0", "--quiet", "--endpoint", f"*={server.url}",
        "--cache-dir", str(tmp_path / "cache"), "-o", str(tmp_path / "report.html"),
        "--json", str(tmp_path / "report.json"),
    ]  # fmt: skip
    assert runner.invoke(app, command).exit_code == 0
    state["bio"] = "Maps."
    asked = len(server.requests)
    again = runner.invoke(app, command)
    assert again.exit_code == 0, again.output
    assert len(server.requests) > asked  # GitHub was asked again
    assert "read from answers saved" not in again.output
