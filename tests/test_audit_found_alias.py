"""An account found by following a link that is an account already listed, under another name,
is that account, audited once: it was a second account with the same label, so the verdict read
"alice@example.social … joined … through alice@example.social", and the advice to close it was
filed against an account the person never listed."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from linkage.cli import app
from linkage.store import data_dir
from tests.collectors import mastodon_serving as ms
from tests.server import NOT_FOUND
from tests.test_cli import common, serve_github_user


def test_a_found_alias_of_a_listed_account_is_that_account(server, tmp_path) -> None:
    serve_github_user(server, "quietknitter", blog="https://example.social/@alice_old")
    for user in ("alice", "alice_old"):  # the old name is an alias: WebFinger answers alice
        ms.serve(
            server,
            "/.well-known/webfinger",
            "webfinger.json",
            query={"resource": f"acct:{user}@example.social"},
            content_type="application/jrd+json; charset=utf-8",
        )
    ms.lookup(server)
    ms.statuses(server)
    ms.avatar(server)
    server.unrouted = NOT_FOUND
    accounts = tmp_path / "accounts.toml"
    accounts.write_text(
        '[[account]]\nhandle = "github:quietknitter"\npersona = "professional"\n\n'
        '[[account]]\nhandle = "mastodon:alice@example.social"\npersona = "personal"\n'
    )
    report = tmp_path / "r.html"
    result = CliRunner().invoke(
        app, ["audit", str(accounts), "-o", str(report), *common(server, tmp_path)]
    )
    assert result.exit_code == 0, result.output
    kept = next((data_dir() / "profiles").glob("*.jsonl")).read_text().splitlines()
    ids = sorted(json.loads(line)["id"] for line in kept)
    assert "mastodon:alice@example.social" in ids
    assert not [i for i in ids if "alice_old" in i]  # not a second alice
    assert any(  # the alias was asked for, and found to be alice
        "alice_old" in request.target for request in server.requests
    )
