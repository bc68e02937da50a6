"""An audit mixing a data-export archive with live accounts, end to end through the CLI."""

from __future__ import annotations

import json
import re

from typer.testing import CliRunner

from linkage.cli import app
from tests.collectors.archives.layouts import Builder, x_layout
from tests.test_cli import common, serve_github_user

runner = CliRunner()


def test_archive_and_live_account_in_one_audit(server, tmp_path):
    (tmp_path / "exports").mkdir()
    Builder(tmp_path / "exports").zip("twitter.zip", x_layout())
    serve_github_user(server, "alex-example", blog="https://alex.example.org/")
    accounts = tmp_path / "accounts.toml"
    accounts.write_text(
        '[[account]]\nhandle = "github:alex-example"\npersona = "professional"\n'
        '[[account]]\narchive = "exports/twitter.zip"\npersona = "personal"\n'
    )
    out = tmp_path / "report.html"
    result = runner.invoke(
        app,
        [
            "audit",
            str(accounts),
            "-o",
            str(out),
            "--json",
            str(tmp_path / "r.json"),
            *common(server, tmp_path),
        ],
    )
    # the site found from their links could not be read: said apart, and the audit is
    # complete as the contract counts it (every listed account was read)
    assert result.exit_code == 0, result.output
    assert "1 link in your profiles could not be followed" in result.output
    assert "This audit is incomplete" not in result.output
    analysis = json.loads((tmp_path / "r.json").read_text())
    ids = {a["id"]: a for a in analysis["accounts"]}
    assert (
        ids["x:alex_example"]["persona"] == "personal" and ids["x:alex_example"]["status"] == "ok"
    )
    (exposure,) = analysis["exposure"]
    assert exposure["from"] == "x:alex_example" and exposure["to"] == "github:alex-example"
    assert exposure["bits"] > 0  # the same username, and the same site
    assert "alex_example (X" in out.read_text() or "alex_example" in out.read_text()


def test_collect_archive_option_and_unknown_kind(server, tmp_path):
    path = Builder(tmp_path).zip("twitter.zip", x_layout())
    out = tmp_path / "p.jsonl"
    result = runner.invoke(
        app,
        [
            "collect",
            "--archive",
            str(path),
            "-o",
            str(out),
            "--quiet",
            "--cache-dir",
            str(tmp_path / "c"),
        ],
    )
    assert result.exit_code == 0, result.output
    record = json.loads(out.read_text())
    assert record["id"] == "x:alex_example" and record["collected"]["source"] == "twitter.zip"
    accounts = tmp_path / "accounts.toml"
    accounts.write_text('[[account]]\narchive = "twitter.zip"\nkind = "myspace-export"\n')
    result = runner.invoke(app, ["collect", "--accounts", str(accounts), "-o", str(out)])
    assert (
        result.exit_code == 2 and "Known kinds: " in result.output and "x-archive" in result.output
    )


def test_damaged_archive_is_one_failed_account(server, tmp_path):
    bad = tmp_path / "broken.zip"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    serve_github_user(server, "alex-example")
    accounts = tmp_path / "accounts.toml"
    accounts.write_text(
        '[[account]]\narchive = "broken.zip"\n[[account]]\nhandle = "github:alex-example"\n'
    )
    out = tmp_path / "p.jsonl"
    result = runner.invoke(
        app, ["collect", "--accounts", str(accounts), "-o", str(out), *common(server, tmp_path)]
    )
    assert result.exit_code == 1
    records = [json.loads(line) for line in out.read_text().splitlines()]
    errors = {r["id"]: r["collected"]["error"] for r in records}
    assert errors["github:alex-example"] is None
    assert errors["archive:broken.zip"].startswith("bad archive:")


def audit_with_a_broken_export(server, tmp_path, professional: str):
    """An audit of ``professional`` (an accounts-file line) and a personal export that is no
    zip: (the accounts file, the result)."""
    (tmp_path / "home.zip").write_bytes(b"PK\x03\x04 not really a zip")
    accounts = tmp_path / "accounts.toml"
    accounts.write_text(
        f'[[account]]\n{professional}\npersona = "professional"\n'
        '[[account]]\narchive = "home.zip"\npersona = "personal"\n'
    )
    result = runner.invoke(
        app,
        ["audit", str(accounts), "-o", str(tmp_path / "r.html"), "--no-history",
         *common(server, tmp_path)],
    )  # fmt: skip
    return accounts, result


def test_an_audit_that_read_nothing_says_so_and_suggests_running_it_again(server, tmp_path):
    (tmp_path / "work.zip").write_bytes(b"PK\x03\x04 not really a zip")
    accounts, result = audit_with_a_broken_export(server, tmp_path, 'archive = "work.zip"')
    assert result.exit_code == 1
    text = " ".join(result.output.split())
    assert "This audit is incomplete: 2 accounts could not be read" in text
    assert "Read 0 of 2 accounts in " in text and "audited" not in text  # nothing was
    shown = runner.invoke(
        app,
        ["audit", str(accounts), "-o", str(tmp_path / "r.html"), "--no-history",
         *[a for a in common(server, tmp_path) if a != "--quiet"]],
    )  # fmt: skip
    assert "Read 0 of 2 accounts" in shown.output and "Linking" not in shown.output
    assert "Not known yet whether your " in text and "accounts can be joined: none of" in text
    assert "unlikely to join your accounts" not in text
    # the command suggested reads from where this one did: the same endpoint and cache
    again = (
        f"linkage audit {accounts} --endpoint '*={server.url}' --cache-dir {tmp_path / 'cache'}"
        " --no-history"  # the audit's own options, as it was run
    )
    assert f"Next: {again} (again once what stopped each account above" in text
    assert "--redact" not in text


def test_an_incomplete_audit_suggests_reading_what_it_lacks_before_sharing(server, tmp_path):
    """With one account unread, 'Next:' suggested the redacted version to share, of an audit
    that was incomplete, and without the run's --endpoint (so, offline, it read nothing)."""
    serve_github_user(server, "alex-example")
    accounts, result = audit_with_a_broken_export(
        server, tmp_path, 'handle = "github:alex-example"'
    )
    text = " ".join(result.output.split())
    assert result.exit_code == 1
    again = (
        f"linkage audit {accounts} --endpoint '*={server.url}' --cache-dir {tmp_path / 'cache'}"
        " --no-history"  # the audit's own options, as it was run
    )
    assert f"Next: {again} (again once what stopped each account above is put right: " in text
    assert "this audit is incomplete)" in text and "--redact" not in text


def test_a_redacted_audit_names_no_account_on_the_terminal_either(server, tmp_path):
    """With --redact the progress lines still named every account and gave each failure's
    reason, which carries the handle in its address or the export's path; a trainer's
    screen is shared as the report is."""
    (tmp_path / "exports").mkdir()
    Builder(tmp_path / "exports").zip("twitter.zip", x_layout())
    (tmp_path / "exports" / "wren-home.zip").write_bytes(b"PK\x03\x04 not really a zip")
    serve_github_user(server, "alex-example", blog="https://alex.example.org/")
    accounts = tmp_path / "accounts.toml"
    accounts.write_text(
        '[[account]]\nhandle = "github:alex-example"\npersona = "professional"\n'
        '[[account]]\nhandle = "github:nobody-here-xyz"\npersona = "professional"\n'
        '[[account]]\narchive = "exports/twitter.zip"\npersona = "personal"\n'
        '[[account]]\narchive = "exports/wren-home.zip"\npersona = "personal"\n'
    )
    shown = [  # not --quiet: the progress lines are what is tested
        "--endpoint", f"*={server.url}", "--cache-dir", str(tmp_path / "cache"),
        "--depth", "0", "--no-history",
    ]  # fmt: skip
    result = runner.invoke(
        app, ["audit", str(accounts), "--redact", "-o", str(tmp_path / "shared.html"), *shown]
    )
    assert result.exit_code == 1, result.output
    said = " ".join(result.output.split())
    assert "✗ entry 2 of 4 (GitHub, professional): " in said
    # not why (the full report says it): a reason may say something of the person
    assert "✗ entry 4 of 4 (Data export, personal): not read" in said
    for name in ("alex-example", "nobody-here-xyz", "alex_example", "wren-home", "twitter.zip"):
        assert name not in said, name
    assert "The same command without --redact says why each could not be read." in said
    # and the audit suggested next is redacted too: the full report would be on that screen
    assert f"--redact -o {tmp_path / 'shared.html'}" in said.split("Next:")[1]
    plain = runner.invoke(app, ["audit", str(accounts), "-o", str(tmp_path / "full.html"), *shown])
    assert "nobody-here-xyz" in plain.output  # without --redact the lines say which account


def test_an_export_without_its_writing_is_said_to_be_read_only_in_part(server, tmp_path):
    """Said only on a progress line that --quiet hides: the summary read "Read 2 of 2
    accounts" and the report "0 posts", as of an account that writes nothing. The command
    suggested next keeps the audit's options."""
    layout = x_layout()
    del layout["data/tweets.js"], layout["data/tweets-part1.js"]
    Builder(tmp_path).zip("twitter.zip", layout)
    serve_github_user(server, "alex-example")
    accounts = tmp_path / "accounts.toml"
    accounts.write_text(
        '[[account]]\nhandle = "github:alex-example"\npersona = "professional"\n'
        '[[account]]\narchive = "twitter.zip"\npersona = "personal"\n'
    )
    out = tmp_path / "r.html"
    result = runner.invoke(
        app,
        ["audit", str(accounts), "-o", str(out), "--no-history", "--depth", "0",
         *common(server, tmp_path)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "Read 2 of 2 accounts (1 only in part)" in text
    assert "read only in part" in out.read_text()
    # the version to share is the same audit: it dropped --depth 0, so it read another site
    assert f"--cache-dir {tmp_path / 'cache'} --depth 0 --no-history --offline --redact" in text


def test_the_version_to_share_is_suggested_without_a_second_history_entry(server, tmp_path):
    """The suggested redacted run was kept as a second audit and compared with the one just
    made: the shared report told a line manager "10 of the 10 changes advised then are still
    to make" of an audit six minutes older. It is suggested with --no-history, and run as
    suggested it keeps nothing and compares with nothing."""
    import shlex

    serve_github_user(server, "alex-example")
    serve_github_user(server, "alex-example-work")
    accounts = tmp_path / "accounts.toml"
    accounts.write_text(
        '[[account]]\nhandle = "github:alex-example"\npersona = "personal"\n'
        '[[account]]\nhandle = "github:alex-example-work"\npersona = "professional"\n'
    )
    data = tmp_path / "data"
    env = {"LINKAGE_DATA_DIR": str(data)}
    args = ["audit", str(accounts), "-o", str(tmp_path / "r.html"), "--depth", "0"]
    loud = [a for a in common(server, tmp_path) if a != "--quiet"]
    result = runner.invoke(app, [*args, *loud], env=env)
    assert result.exit_code == 0, result.output
    kept = sorted((data / "history").glob("*.json"))
    assert len(kept) == 1
    text = " ".join(result.output.split())
    suggested = re.search(r"Next: linkage audit (.*?) -o shared\.html", text)
    assert suggested is not None, text
    assert suggested.group(1).endswith("--no-history --offline --redact")
    shared = runner.invoke(
        app,
        ["audit", *shlex.split(suggested.group(1)), "-o", str(tmp_path / "shared.html")],
        env=env,
    )
    assert shared.exit_code == 0, shared.output
    assert sorted((data / "history").glob("*.json")) == kept
    assert 'id="since"' not in (tmp_path / "shared.html").read_text()


def test_an_unreadable_export_is_labelled_with_its_platform(server, tmp_path):
    """Its label was "pw.zip (Archive)" even where the kind was named or had been detected."""
    from tests.collectors.archives.layouts import mastodon_layout

    build = Builder(tmp_path)
    build.locked_zip("pw.zip", x_layout())
    layout = mastodon_layout()
    layout["outbox.json"] = str(layout["outbox.json"])[:300]  # cut short
    build.zip("mastodon.zip", layout)
    build.locked_zip("other.zip", x_layout())
    accounts = tmp_path / "accounts.toml"
    accounts.write_text(
        '[[account]]\narchive = "pw.zip"\nkind = "x-archive"\npersona = "personal"\n'
        '[[account]]\narchive = "mastodon.zip"\npersona = "professional"\n'
        '[[account]]\narchive = "other.zip"\npersona = "professional"\n'
    )
    result = runner.invoke(
        app,
        ["audit", str(accounts), "-o", str(tmp_path / "r.html"), "--json",
         str(tmp_path / "r.json"), "--no-history", *common(server, tmp_path)],
    )  # fmt: skip
    assert result.exit_code == 1, result.output
    analysis = json.loads((tmp_path / "r.json").read_text())
    assert [(a["id"], a["platform"]) for a in analysis["accounts"]] == [
        ("archive:pw.zip", "x"),
        ("archive:mastodon.zip", "mastodon"),
        ("archive:other.zip", "archive"),  # nothing named or showed its platform
    ]
    said = " ".join(result.output.split())
    assert "pw.zip (X): " in said and "mastodon.zip (Mastodon): " in said


def test_an_export_that_names_nobody_takes_the_name_from_the_accounts_file(server, tmp_path):
    """The advice was to "give the account's Facebook username", which the accounts file
    refused next to 'archive'."""
    from tests.collectors.archives.layouts_more import facebook_layout

    layout = facebook_layout()
    name = "personal_information/profile_information/profile_information.json"
    document = json.loads(layout[name])
    for key in ("username", "name"):
        del document["profile_v2"][key]
    layout[name] = json.dumps(document)
    Builder(tmp_path).zip("facebook.zip", layout)
    accounts = tmp_path / "accounts.toml"
    accounts.write_text('[[account]]\narchive = "facebook.zip"\n')
    out = tmp_path / "p.jsonl"
    collect = ["collect", "--accounts", str(accounts), "-o", str(out), *common(server, tmp_path)]
    result = runner.invoke(app, collect)
    assert result.exit_code == 1
    said = " ".join(result.output.split())
    assert (
        "names nobody: add the account's Facebook username to its entry in the accounts file, "
        'beside archive = "…": handle = "facebook:zoe.varga".' in said
    )
    accounts.write_text('[[account]]\narchive = "facebook.zip"\nhandle = "facebook:zoe.varga"\n')
    result = runner.invoke(app, collect)
    assert result.exit_code == 0, result.output
    record = json.loads(out.read_text())
    assert record["id"] == "facebook:zoe.varga" and record["posts"]


def test_an_export_of_no_known_kind_is_labelled_a_data_export(server, tmp_path):
    """It was "mystery.zip (Archive)" in the summary and the report, and every export was
    "(Archive, …)" on a redacted progress line, its platform found or not."""
    from tests.collectors.archives.layouts_more import reddit_layout

    build = Builder(tmp_path)
    build.zip("mystery.zip", {"data/notes.json": "{}", "readme.txt": "fictional"})
    build.zip("reddit.zip", reddit_layout())
    accounts = tmp_path / "accounts.toml"
    accounts.write_text(
        '[[account]]\narchive = "mystery.zip"\npersona = "personal"\n'
        '[[account]]\narchive = "reddit.zip"\npersona = "professional"\n'
    )
    shown = [  # not --quiet: the progress lines are tested too
        "--endpoint", f"*={server.url}", "--cache-dir", str(tmp_path / "cache"),
        "--depth", "0", "--no-history",
    ]  # fmt: skip
    out = tmp_path / "r.html"
    result = runner.invoke(app, ["audit", str(accounts), "-o", str(out), *shown])
    said = " ".join(result.output.split())
    assert "mystery.zip (Data export): the archive 'mystery.zip' is not a data export" in said
    assert "mystery.zip (Data export)" in out.read_text()
    result = runner.invoke(
        app, ["audit", str(accounts), "--redact", "-o", str(tmp_path / "shared.html"), *shown]
    )
    said = " ".join(result.output.split())
    assert "✗ entry 1 of 2 (Data export, personal): not read" in said
    assert "✓ entry 2 of 2 (Reddit, professional): " in said
    text = out.read_text() + (tmp_path / "shared.html").read_text() + said
    assert "Archive)" not in text and "(Archive," not in text
