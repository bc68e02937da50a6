"""``forget`` and ``history`` for accounts read from data exports, and for names linkage
never kept: an export's account is found by the export file or by its id as ``history``
lists it; a name that matches nothing is never told "Forgot"."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from linkage.cli import app
from linkage.store import data_dir
from tests.collectors.archives.layouts import Builder, x_layout
from tests.collectors.archives.layouts_more import reddit_layout

runner = CliRunner()


def audit_exports(tmp_path: Path, times: int = 1) -> Path:
    """Audit two fictional exports (an X archive and a Reddit export), ``times`` times."""
    exports = tmp_path / "exports"
    exports.mkdir()
    Builder(exports).zip("twitter-2024.zip", x_layout())
    Builder(exports).zip("reddit-export.zip", reddit_layout())
    accounts = tmp_path / "accounts.toml"
    accounts.write_text(
        '[[account]]\narchive = "exports/twitter-2024.zip"\npersona = "personal"\n'
        '[[account]]\narchive = "exports/reddit-export.zip"\npersona = "professional"\n',
        encoding="utf-8",
    )
    for run in range(times):
        done = runner.invoke(
            app,
            ["audit", str(accounts), "-q", "--depth", "0", "-o", str(tmp_path / f"r{run}.html"),
             "--cache-dir", str(tmp_path / "cache")],
        )  # fmt: skip
        assert done.exit_code == 0, done.output
    return accounts


def kept_files() -> list[Path]:
    return [p for p in data_dir(create=False).rglob("*") if p.is_file() and p.name != ".secret"]


def kept_text() -> str:
    return "".join(p.read_text("utf-8", errors="replace") for p in kept_files())


def test_forgetting_the_accounts_of_an_accounts_file_of_exports(tmp_path: Path) -> None:
    accounts = audit_exports(tmp_path)
    listed = runner.invoke(app, ["history", str(accounts)])
    assert listed.exit_code == 0 and "2 accounts (x:" in listed.output, listed.output
    ids = listed.output.split("(", 1)[1].split(")", 1)[0].split(", ")
    assert all(i in kept_text() for i in ids)

    done = runner.invoke(
        app, ["forget", "--accounts", str(accounts), "--cache-dir", str(tmp_path / "cache")]
    )
    assert done.exit_code == 0, done.output
    assert "Forgot twitter-2024.zip (data export)" in done.output
    said = " ".join(done.output.split())
    assert "Deleted 1 past audit and 1 collected profiles file mentioning them, in " in said
    assert kept_files() == []
    assert "No past audits" in runner.invoke(app, ["history"]).output


def test_an_export_s_account_is_forgotten_by_its_id_once_the_export_is_gone(
    tmp_path: Path,
) -> None:
    accounts = audit_exports(tmp_path)
    for export in (tmp_path / "exports").iterdir():
        export.unlink()  # the person deleted the exports after the audit
    listed = runner.invoke(app, ["history"]).output
    x_id = next(word.strip("(,;") for word in listed.split() if word.startswith("(x:"))

    # the audit held the other export's account too: --yes deletes it without asking
    done = runner.invoke(app, ["forget", x_id, "--yes", "--cache-dir", str(tmp_path / "cache")])
    assert done.exit_code == 0, done.output
    assert f"Forgot {x_id}" in done.output
    assert x_id not in kept_text()
    # the accounts file still names the other export: its file name finds its account
    done = runner.invoke(
        app, ["forget", "--accounts", str(accounts), "--cache-dir", str(tmp_path / "cache")]
    )
    assert "linkage keeps nothing about twitter-2024.zip (data export)" in done.output
    assert kept_files() == []


def test_a_name_linkage_never_kept_is_not_said_to_be_forgotten(tmp_path: Path) -> None:
    audit_exports(tmp_path)
    listed = runner.invoke(app, ["history"]).output
    x_id = next(word.strip("(,;") for word in listed.split() if word.startswith("(x:"))
    cache = ["--cache-dir", str(tmp_path / "cache")]

    typo = x_id[:-1]  # one letter short: still an id linkage never kept
    done = runner.invoke(app, ["forget", typo, *cache])
    assert done.exit_code == 2
    assert "Forgot" not in done.output and f"Did you mean: {x_id}?" in done.output
    # as for a name with no match, said once: "linkage: linkage keeps nothing" said it twice
    assert (
        "linkage: nothing is kept about '" in done.output and "linkage: linkage" not in done.output
    )

    email = runner.invoke(app, ["forget", "someone@example.org", *cache])
    assert email.exit_code == 2
    said = " ".join(email.output.split())
    assert (
        "write gravatar:someone@example.org; for a Mastodon account, @someone@example.org." in said
    )

    platform_off = runner.invoke(app, ["forget", "githb:nobody-here", *cache])
    assert platform_off.exit_code == 2
    assert "Did you mean github:nobody-here?" in " ".join(platform_off.output.split())

    stranger = runner.invoke(app, ["forget", "github:nobody-here", *cache])
    assert (stranger.exit_code, stranger.output) == (
        0,
        "linkage keeps nothing about github:nobody-here: nothing to delete.\n",
    )
    assert x_id in kept_text()  # nothing of the kept accounts went


def test_history_of_an_accounts_file_of_exports_finds_its_audits(tmp_path: Path) -> None:
    accounts = audit_exports(tmp_path, times=2)
    listed = runner.invoke(app, ["history", str(accounts)])
    assert listed.exit_code == 0, listed.output
    assert listed.output.count("2 accounts (") == 2


def test_what_the_sweep_kept_about_an_export_s_username_is_forgotten(server, tmp_path: Path):
    """`audit --discover` sweeps an export's username too; forgetting the export's account
    left what the sweep kept about that username."""
    import json
    import re

    from collectors.sweep.cache import cache_file
    from tests.server import NOT_FOUND
    from tests.test_audit_discover import SITES

    server.route("/u/alex_example").reply(
        "<html><body>profile of alex_example</body></html>", content_type="text/html"
    )
    server.route(re.compile(r"^/u/.+")).reply("no such member", status=404)
    server.unrouted = NOT_FOUND
    sites = tmp_path / "sites.json"
    sites.write_text(json.dumps(SITES), encoding="utf-8")
    (tmp_path / "exports").mkdir()
    Builder(tmp_path / "exports").zip("twitter-2024.zip", x_layout())
    accounts = tmp_path / "accounts.toml"
    accounts.write_text(
        '[[account]]\narchive = "exports/twitter-2024.zip"\npersona = "personal"\n',
        encoding="utf-8",
    )
    cache = tmp_path / "cache"
    done = runner.invoke(
        app,
        ["audit", str(accounts), "-q", "--depth", "0", "--discover", "--sites", str(sites),
         "--endpoint", f"*={server.url}", "-o", str(tmp_path / "r.html"), "--cache-dir", str(cache)],
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    assert b"alex_example" in cache_file(cache).read_bytes()

    forgot = runner.invoke(app, ["forget", "--accounts", str(accounts), "--cache-dir", str(cache)])
    assert forgot.exit_code == 0, forgot.output
    assert "of the username sweep about 'alex_example'" in forgot.output
    assert b"alex_example" not in cache_file(cache).read_bytes()
