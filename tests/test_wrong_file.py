"""A file of linkage's own given in the wrong place (the report where the profiles go, the
accounts file to 'report', the profiles file to 'audit') is named for what it is, with what
to do instead, rather than reported as broken JSON or TOML at line 1. The files are the ones
linkage itself writes for a fictional person, through the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from linkage.cli import app

runner = CliRunner()

PROFILES = [
    {
        "id": "github:wren-halloway",
        "platform": "github",
        "handle": "wren-halloway",
        "persona": "professional",
        "display_name": "Wren Halloway",
        "bio": "Hydrologist in Kendal",
    },
    {
        "id": "reddit:fellside_wren",
        "platform": "reddit",
        "handle": "fellside_wren",
        "persona": "personal",
        "bio": "Fell running and moths",
    },
]
ACCOUNTS = """owner = "Wren Halloway (fictional)"
[[account]]
handle = "github:wren-halloway"
persona = "professional"
"""


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("files")
    out = {
        "profiles": folder / "profiles.jsonl",
        "accounts": folder / "accounts.toml",
        "csv": folder / "links.csv",
        "jsonl": folder / "links.jsonl",
        "html": folder / "report.html",
        "json": folder / "report.json",
    }
    out["profiles"].write_text("".join(json.dumps(p) + "\n" for p in PROFILES), "utf-8")
    out["accounts"].write_text(ACCOUNTS, "utf-8")
    for links in (out["csv"], out["jsonl"]):
        done = runner.invoke(app, ["link", str(out["profiles"]), "-o", str(links)])
        assert done.exit_code == 0, done.output
    done = runner.invoke(
        app,
        [
            "report",
            str(out["profiles"]),
            "-o",
            str(out["html"]),
            "--json",
            str(out["json"]),
            "--csv",
            str(folder / "tables"),
        ],
        env={"LINKAGE_DATA_DIR": str(folder / "data")},
    )
    assert done.exit_code == 0, done.output
    out["table"] = folder / "tables" / "profiles.csv"
    assert out["table"].is_file()
    return out


@pytest.mark.parametrize(
    ("command", "given", "said"),
    [
        (
            ["report", "{html}"],
            "html",
            "an HTML report (what linkage writes with -o), not a profiles file",
        ),
        (["report", "{accounts}"], "accounts", "'linkage audit {accounts}' audits the accounts"),
        (["report", "{csv}"], "csv", "this is a links table ('linkage link' writes it)"),
        (["report", "{jsonl}"], "jsonl", "this is a links file (JSON Lines link records)"),
        (["report", "{json}"], "json", "this is a report's JSON"),
        (["explain", "{accounts}", "a:1", "b:2"], "accounts", "this is an accounts file"),
        (["audit", "{profiles}"], "profiles", "To report on the accounts it holds: linkage report"),
        (["audit", "{html}"], "html", "not an accounts file. An accounts file lists your"),
        (["audit", "{json}"], "json", "this is a report's JSON"),
        (["audit", "{csv}"], "csv", "this is a links table"),
        (["report", "{profiles}", "--links", "{accounts}"], "accounts", "not a links table"),
        (["report", "{profiles}", "--links", "{json}"], "json", "not a links table"),
        (["report", "{profiles}", "--links", "{profiles}"], "profiles", "not a links file"),
        (["explain", "{table}", "a:1", "b:2"], "table", "the profiles table that --csv writes"),
        (["report", "{profiles}", "--links", "{table}"], "table", "not a links table"),
        (["audit", "{table}"], "table", "not an accounts file"),
    ],
)
def test_a_file_given_in_the_wrong_place_is_named_for_what_it_is(
    files: dict[str, Path], tmp_path: Path, command: list[str], given: str, said: str
) -> None:
    names = {key: str(path) for key, path in files.items()}
    args = [part.format(**names) for part in command]
    if command[0] != "explain":
        args += ["-o", str(tmp_path / "out.html")]
    done = runner.invoke(app, args, env={"LINKAGE_DATA_DIR": str(tmp_path / "data")})
    assert done.exit_code == 2, done.output
    message = " ".join(done.output.split())
    assert message.startswith(f"linkage: {files[given]}"), message
    assert said.format(**names) in message, message
    assert "line 1" not in message and "not valid" not in message  # no parser's complaint
    assert not (tmp_path / "out.html").exists()


def test_a_data_export_given_for_the_accounts_file_says_how_to_list_it(tmp_path: Path) -> None:
    """'linkage audit twitter.zip' said the export was "not UTF-8 text. Save it as UTF-8"."""
    from tests.collectors.archives.layouts import Builder, x_layout

    exports = Builder(tmp_path)
    for given, what in (
        (exports.zip("twitter.zip", x_layout()), "this is a data export (an archive"),
        (exports.folder("twitter-unpacked", x_layout()), "this is a data export (a platform's"),
    ):
        done = runner.invoke(
            app,
            ["audit", str(given), "-o", str(tmp_path / "out.html")],
            env={"LINKAGE_DATA_DIR": str(tmp_path / "data")},
        )
        assert done.exit_code == 2, done.output
        message = " ".join(done.output.split())
        assert message.startswith(f"linkage: {given}: {what}"), message
        assert "not an accounts file" in message
        assert f'archive = "{given}"' in message
        assert "'linkage init'" in message and "'linkage app'" in message
        assert "UTF-8" not in message and "a folder, not" not in message
    # a zip that is no export (a spreadsheet is one) is not called an export
    sheet = exports.zip(
        "budget.xlsx", {"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<w/>"}
    )
    done = runner.invoke(
        app, ["audit", str(sheet)], env={"LINKAGE_DATA_DIR": str(tmp_path / "data")}
    )
    assert done.exit_code == 2 and "holds no platform's data export" in done.output
    assert "UTF-8" not in done.output and "'linkage init' writes one" in done.output


def test_an_accounts_file_saved_as_unicode_by_notepad_is_read(tmp_path: Path) -> None:
    from linkage.accounts import load_accounts

    path = tmp_path / "accounts.toml"
    path.write_bytes(ACCOUNTS.encode("utf-16"))  # with its byte-order mark, as Notepad saves
    file = load_accounts(path)
    assert file.owner == "Wren Halloway (fictional)"
    assert [spec.label for spec in file.accounts] == ["github:wren-halloway"]


def test_an_empty_profiles_file_or_a_folder_is_a_plain_error(tmp_path):
    """An empty profiles file wrote a report saying 'only one persona here'; a folder given
    as a file said '(Is a directory)'."""
    empty = tmp_path / "p.jsonl"
    empty.write_text("\n\n")
    for command in (["report", str(empty), "-o", str(tmp_path / "r.html")],
                    ["link", str(empty), "-o", str(tmp_path / "l.csv")]):  # fmt: skip
        result = runner.invoke(app, command)
        assert result.exit_code == 2 and "holds no profiles" in result.output
    assert not (tmp_path / "r.html").exists()
    result = runner.invoke(app, ["report", str(tmp_path), "-o", str(tmp_path / "r.html")])
    assert result.exit_code == 2 and "a folder, not a file" in result.output
    result = runner.invoke(app, ["audit", str(tmp_path)])
    assert result.exit_code == 2 and "a folder, not an accounts file" in result.output


def test_link_malformed_jsonl_names_the_line(tmp_path):
    profiles = tmp_path / "p.jsonl"
    profiles.write_text('{"id": "github:a", "platform": "github", "handle": "a"}\n{oops\n')
    result = runner.invoke(app, ["link", str(profiles), "-o", str(tmp_path / "l.csv")])
    assert result.exit_code == 2 and "line 2" in result.output
