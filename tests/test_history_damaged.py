"""A kept audit that cannot be used (not JSON, valid JSON with a field of the wrong type, or a
newer version's) is left out, and the commands say which file it is and what to do: it never
stops an audit after all its work, nor ``linkage history``, and is never called a bug."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from linkage import history, history_choice
from linkage.cli import app
from linkage.demo import FixtureServer
from tests.people import write_sites
from tests.test_history import audit_args

runner = CliRunner()

WORK, BIRDS = "web:https://ines-dunmore.example.org/", "web:https://ines-birds.example.net/"


def kept_audit(at: str) -> dict[str, Any]:
    """A kept audit of Ines's two sites (fictional), as linkage writes one."""
    return {
        "format": 1,
        "at": at,
        "version": "0.1.0",
        "accounts": [WORK, BIRDS],
        "chains": [
            {
                "from": BIRDS,
                "to": WORK,
                "bits": 21.5,
                "probability": 1.0,
                "level": "near-certain",
                "chain": [BIRDS, WORK],
                "steps": [{"a": BIRDS, "b": WORK, "bits": 21.5, "evidence": ["crosslink"]}],
            }
        ],
        "advice": [{"account": BIRDS, "field": "links", "action": "remove", "value_key": "ab"}],
        "fields": {
            WORK: {"handle": "aa", "links": ["ab"], "mentions": [], "visibility": "ok"},
            BIRDS: {"handle": "bb", "links": ["ab"], "mentions": [], "visibility": "ok"},
        },
    }


def _set(path: list[Any], value: Any) -> Any:
    def damage(data: dict[str, Any]) -> None:
        where: Any = data
        for step in path[:-1]:
            where = where[step]
        where[path[-1]] = value

    return damage


#: each way a kept audit's JSON can be valid and still not one linkage wrote (as found)
DAMAGES = {
    "chains as an object": _set(["chains"], {"a": 1}),
    "a chain's bits as text": _set(["chains", 0, "bits"], "lots"),
    "a chain's accounts as numbers": _set(["chains", 0, "chain"], [1, 2]),
    "a chain's end missing": _set(["chains", 0, "from"], None),
    "a step's evidence as text": _set(["chains", 0, "steps", 0, "evidence"], "crosslink"),
    "advice items as text": _set(["advice"], ["remove the link"]),
    "advice as null": _set(["advice"], None),
    "accounts as text": _set(["accounts"], WORK),
    "the time as a number": _set(["at"], 12345),
    "fields as a list": _set(["fields"], [1]),
    "an account's fields as text": _set(["fields", WORK], "ok"),
    "an account's links as text": _set(["fields", WORK, "links"], "ab"),
}


def write_kept(folder: Path, name: str, data: Any) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), "utf-8")
    return path


@pytest.mark.parametrize("damage", list(DAMAGES), ids=list(DAMAGES))
def test_a_kept_audit_with_a_field_of_the_wrong_type_is_left_out_and_named(
    damage: str, tmp_path: Path
) -> None:
    folder = history.history_dir()
    good = write_kept(folder, "20261201T100000000000Z-x.json", kept_audit("2026-12-01T10:00:00Z"))
    data = kept_audit("2026-12-02T10:00:00Z")
    DAMAGES[damage](data)
    bad = write_kept(folder, "20261202T100000000000Z-x.json", data)

    audits, unreadable = history.scan()
    assert [a.path for a in audits] == [good]
    assert [u.path for u in unreadable] == [bad]
    # what the next audit is compared with, and what forget reads, use the good one only
    base = history_choice.baseline([WORK, BIRDS])
    assert base is not None and base.path == good
    assert history.mentioned_ids() == {WORK, BIRDS}

    listed = runner.invoke(app, ["history"])
    assert listed.exit_code == 0, listed.output
    said = " ".join(listed.output.split())
    assert f"The past audit {bad} could not be read (it is damaged), so it was left out." in said
    assert "Delete that file, or run 'linkage forget --all'" in said
    assert "2026-12-01 10:00 UTC  2 accounts" in listed.output
    assert "bug" not in listed.output


def test_history_says_how_many_kept_audits_it_could_not_read_and_which() -> None:
    folder = history.history_dir()
    write_kept(folder, "20261201T100000000000Z-x.json", kept_audit("2026-12-01T10:00:00Z"))
    cut = json.dumps(kept_audit("2026-12-02T10:00:00Z"))[:150]  # a truncated file
    write_kept(folder, "20261202T100000000000Z-x.json", cut)
    write_kept(folder, "20261203T100000000000Z-x.json", [kept_audit("2026-12-03T10:00:00Z")])

    listed = runner.invoke(app, ["history"])
    assert listed.exit_code == 0, listed.output
    said = " ".join(listed.output.split())
    assert (
        f"2 past audits in {folder} could not be read (they are damaged), so they were left "
        "out: 20261202T100000000000Z-x.json, 20261203T100000000000Z-x.json." in said
    )
    assert said.count(" UTC ") == 1  # the one it could read is listed


def test_a_kept_audit_of_a_newer_version_is_said_to_be_so() -> None:
    data = kept_audit("2026-12-02T10:00:00Z")
    data["format"] = 99
    path = write_kept(history.history_dir(), "20261202T100000000000Z-x.json", data)
    listed = runner.invoke(app, ["history"])
    said = " ".join(listed.output.split())
    assert f"The past audit {path} could not be read (a newer version of linkage wrote it)" in said
    assert "Update linkage, or delete that file" in said


def test_an_audit_with_a_damaged_kept_audit_writes_its_report_and_names_the_file(
    tmp_path: Path,
) -> None:
    """It stopped after all its collecting and linking with 'internal error … a bug',
    writing no report, and every later audit of those accounts did the same."""
    (tmp_path / "out").mkdir()
    sites = write_sites(tmp_path / "sites")
    with FixtureServer(sites) as server:
        first = runner.invoke(app, audit_args(tmp_path, server, "first.html"))
        assert first.exit_code == 0, first.output
        (kept,) = history.list_audits()
        assert kept.path is not None
        data = json.loads(kept.path.read_text("utf-8"))
        data["chains"] = {"a": 1}
        kept.path.write_text(json.dumps(data), "utf-8")

        again = runner.invoke(app, audit_args(tmp_path, server, "again.html"))
    assert again.exit_code == 0, again.output
    assert (tmp_path / "out" / "again.html").is_file()
    said = " ".join(again.output.split())
    assert "bug" not in said
    assert f"The past audit {kept.path} could not be read (it is damaged)" in said
    assert "Since your last audit" not in said  # the only earlier one could not be read
    audits, unreadable = history.scan()
    assert len(audits) == 1 and [u.path for u in unreadable] == [kept.path]
