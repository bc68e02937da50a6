"""One account listed twice (the same export under two paths, a zip and its unpacked folder)
is audited once, and the audit says which entries they were."""

from __future__ import annotations

import json
import shutil

from typer.testing import CliRunner

from linkage.cli import app
from tests.collectors.archives.layouts import Builder, x_layout
from tests.test_cli import common, serve_github_user

runner = CliRunner()


def _twice(tmp_path, first: str, second: str) -> None:
    exports = tmp_path / "exports"
    exports.mkdir()
    Builder(exports).zip("twitter.zip", x_layout())
    Builder(exports).folder("twitter-unpacked", x_layout())
    shutil.copy(exports / "twitter.zip", exports / "twitter-copy.zip")
    (tmp_path / "accounts.toml").write_text(
        f'[[account]]\narchive = "exports/{first}"\npersona = "personal"\n'
        '[[account]]\nhandle = "github:alex-example"\npersona = "professional"\n'
        f'[[account]]\narchive = "exports/{second}"\npersona = "professional"\n'
    )


def _audit(server, tmp_path, *extra: str):
    serve_github_user(server, "alex-example")
    out = tmp_path / "r.json"
    result = runner.invoke(
        app,
        ["audit", str(tmp_path / "accounts.toml"), "-o", str(tmp_path / "r.html"),
         "--json", str(out), "--depth", "0", "--no-history", *extra,
         *common(server, tmp_path)],
    )  # fmt: skip
    return result, json.loads(out.read_text())


def test_a_zip_and_its_unpacked_folder_are_one_account_audited_once(server, tmp_path):
    """Both were audited, the second as 'x:alex_example#2', and the headline finding was
    that the personal X account could be joined to the professional one: itself."""
    _twice(tmp_path, "twitter.zip", "twitter-unpacked")
    result, analysis = _audit(server, tmp_path)
    assert result.exit_code == 0, result.output
    assert [a["id"] for a in analysis["accounts"]] == ["x:alex_example", "github:alex-example"]
    assert analysis["accounts"][0]["persona"] == "personal"
    assert analysis["duplicates"] == [
        {"id": "x:alex_example", "entries": [1, 3], "personas": ["personal", "professional"]}
    ]
    assert all("#2" not in e["from"] + e["to"] for e in analysis["exposure"])
    said = " ".join(result.output.split())
    assert (
        "Entries 1 and 3 of the accounts file are the same account, alex_example (X): it was "
        "audited once." in said
    )
    assert "one account cannot be both sides: it was audited as personal" in said
    page = (tmp_path / "r.html").read_text()
    assert "Entries 1 and 3 of the accounts file are the same account" in page


def test_the_same_file_under_two_names_is_audited_once_and_redacted_says_no_handle(
    server, tmp_path
):
    _twice(tmp_path, "twitter.zip", "twitter-copy.zip")
    result, analysis = _audit(server, tmp_path, "--redact")
    assert [a["id"] for a in analysis["accounts"]] == [
        "Personal account A (X)",
        "Professional account B (GitHub)",
    ]
    assert analysis["duplicates"][0]["id"] == "Personal account A (X)"
    said = " ".join(result.output.split())
    assert "Entries 1 and 3 of the accounts file are the same account, personal account A" in said
    assert "alex_example" not in said
