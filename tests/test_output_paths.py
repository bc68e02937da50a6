"""Where a command will write is checked when the command line is read: a folder given for a
file, a folder that does not exist, a report named .pdf or a file given for the CSV folder
stop the command before any collecting, with what to do instead (an audit used to collect
every account and then end on "outdir: Is a directory."). So does an output that is one of
the command's inputs, or that two options both name: ``report profiles.jsonl -o
profiles.jsonl`` replaced the profiles with the report, and ``audit accounts.toml --json
accounts.toml`` the user's accounts file with the analysis."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from linkage.cli import app

runner = CliRunner()

PROFILE = {"id": "github:wren-halloway", "platform": "github", "handle": "wren-halloway"}


@pytest.fixture()
def place(tmp_path: Path) -> Path:
    (tmp_path / "outdir").mkdir()
    (tmp_path / "file.txt").write_text("x", "utf-8")
    (tmp_path / "profiles.jsonl").write_text(json.dumps(PROFILE) + "\n", "utf-8")
    (tmp_path / "accounts.toml").write_text(
        '[[account]]\nhandle = "github:wren-halloway"\n', "utf-8"
    )
    return tmp_path


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["demo", "-o", "outdir"], "'outdir' is a folder: give a file name in it, such as "),
        (["demo", "-o", "r.pdf"], "name it r.html, and add --pdf"),
        (["demo", "-o", "missing/r.html"], "the folder 'missing' does not exist: create it"),
        (["demo", "--json", "outdir"], "such as outdir/analysis.json"),
        (["demo", "--csv", "file.txt"], "'file.txt' is a file: give a folder"),
        (["demo", "--csv", "missing/tables"], "the folder 'missing' does not exist"),
        (["audit", "accounts.toml", "-o", "outdir"], "such as outdir/report.html"),
        (["audit", "accounts.toml", "--profiles", "outdir"], "such as outdir/profiles.jsonl"),
        (["collect", "github:wren-halloway", "-o", "outdir"], "such as outdir/profiles.jsonl"),
        (["link", "profiles.jsonl", "-o", "file.txt/links.csv"], "'file.txt' is a file, not a"),
        (["report", "profiles.jsonl", "-o", "report.PDF"], "name it report.html"),
        (["init", "-o", "outdir"], "such as outdir/accounts.toml"),
        (["sweep", "wren-halloway", "-o", "outdir"], "such as outdir/sweep.jsonl"),
    ],
)
def test_an_output_linkage_cannot_write_stops_the_command_before_any_work(
    place: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], said: str
) -> None:
    monkeypatch.chdir(place)
    monkeypatch.setenv("LINKAGE_DATA_DIR", str(place / "data"))
    before = sorted(p.name for p in place.rglob("*"))
    done = runner.invoke(app, args)
    assert done.exit_code == 2, done.output
    message = " ".join(done.output.split())
    assert said in message, message
    assert "Collecting" not in done.output and "Linking" not in done.output
    assert sorted(p.name for p in place.rglob("*")) == before  # nothing written


def test_outputs_in_a_folder_that_exists_are_written(place: Path, monkeypatch) -> None:
    monkeypatch.chdir(place)
    done = runner.invoke(app, ["link", "profiles.jsonl", "-o", "outdir/links.csv"])
    assert done.exit_code == 0, done.output
    assert (place / "outdir" / "links.csv").is_file()


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["report", "profiles.jsonl", "-o", "profiles.jsonl"], "name it profiles.html"),
        (
            ["report", "profiles.jsonl", "-o", "r.json"],
            "the report is an HTML page: name it r.html",
        ),
        (["demo", "--json", "r.html"], "the analysis is JSON: name it r.json"),
        (
            ["link", "profiles.jsonl", "-o", "./outdir/../profiles.jsonl"],
            "is the profiles file, which this command reads: writing there would replace it",
        ),
        (
            [
                "report",
                "profiles.jsonl",
                "--links",
                "links.csv",
                "-o",
                "r.html",
                "--json",
                "r.html",
            ],
            "the analysis is JSON",
        ),
        (
            ["audit", "accounts.toml", "--json", "accounts.toml"],
            "--json accounts.toml is the accounts file, which this command reads",
        ),
        (
            ["audit", "accounts.toml", "--profiles", "accounts.toml"],
            "such as accounts-new.toml",
        ),
        (
            ["collect", "--accounts", "accounts.toml", "-o", "accounts.toml"],
            "-o accounts.toml is the accounts file",
        ),
        (
            ["report", "profiles.jsonl", "--links", "links.csv", "--json", "links.csv"],
            "--json links.csv is the links table, which this command reads",
        ),
        (
            ["demo", "-o", "r.html", "--profiles", "r.html"],
            "-o and --profiles both name r.html: the second would replace the first",
        ),
        (
            ["sweep", "wren-halloway", "--sites", "sites.json", "-o", "sites.json"],
            "-o sites.json is the site list, which this command reads",
        ),
    ],
)
def test_an_output_over_an_input_or_another_output_is_refused(
    place: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], said: str
) -> None:
    monkeypatch.chdir(place)
    monkeypatch.setenv("LINKAGE_DATA_DIR", str(place / "data"))
    (place / "links.csv").write_text("a,b,probability\n", "utf-8")
    (place / "sites.json").write_text("{}", "utf-8")
    before = {p: p.read_bytes() for p in place.rglob("*") if p.is_file()}
    done = runner.invoke(app, args)
    assert done.exit_code == 2, done.output
    message = " ".join(done.output.split())
    assert said in message, message
    assert "Collecting" not in done.output and "Linking" not in done.output
    assert {p: p.read_bytes() for p in place.rglob("*") if p.is_file()} == before


def test_a_report_named_without_html_is_written_with_it_and_said_so(
    place: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """'-o myreport' wrote a report called myreport, which a double-click opens in no browser;
    the name gets .html, the terminal says so, and every line after names the file written."""
    monkeypatch.chdir(place)
    monkeypatch.setenv("LINKAGE_DATA_DIR", str(place / "data"))
    done = runner.invoke(app, ["report", "profiles.jsonl", "-o", "myreport", "--json", "my.json"])
    assert done.exit_code == 0, done.output
    said = " ".join(done.output.split())
    assert (
        "The report is written as myreport.html: with .html at the end of its name, a "
        "double-click opens it in a browser." in said
    )
    assert "Files written: myreport.html: the full report" in said
    assert (place / "myreport.html").is_file() and not (place / "myreport").exists()
    # a name with another ending keeps it, and the PDF printed beside it is named after it
    done = runner.invoke(
        app, ["report", "profiles.jsonl", "-o", "my.report", "--pdf", "--json", "my.report.pdf"]
    )
    assert done.exit_code == 2, done.output
    assert "--json and --pdf both name my.report.pdf" in " ".join(done.output.split())
    # the audit's next command names the report as written
    done = runner.invoke(
        app,
        ["audit", "accounts.toml", "--offline", "--redact", "-o", "shared", "--cache-dir", "c"],
    )
    assert done.exit_code == 1, done.output  # nothing cached: the account could not be read
    said = " ".join(done.output.split())
    assert "Files written: shared.html: redacted" in said
    assert "Next: linkage audit accounts.toml --cache-dir c --redact -o shared.html" in said
    assert (place / "shared.html").is_file() and not (place / "shared").exists()
