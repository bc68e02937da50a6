"""Keeping an audit in the history is a side task: it happens once the report is written, and
when it fails (a file where the folder should be, a full disk) the report is written all the
same and one line says why it was not kept. A run stopped before its report is written is not
kept as the last audit. Fictional sites (tests/people.py) served by the demo's server."""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from linkage import history
from linkage.cli import app
from linkage.cli.commanding import interrupted_message
from linkage.demo import FixtureServer
from linkage.store import data_dir
from tests.people import write_sites
from tests.test_history import audit_args

runner = CliRunner()


def test_a_file_where_the_history_folder_should_be_costs_no_report(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    blocking = data_dir() / "history"
    blocking.write_text("x", "utf-8")
    with FixtureServer(write_sites(tmp_path / "sites")) as server:
        done = runner.invoke(app, audit_args(tmp_path, server, "report.html"))
    assert done.exit_code == 0, done.output  # the audit's own result: it read every account
    assert (tmp_path / "out" / "report.html").is_file()
    said = " ".join(done.output.split())
    assert (
        "Warning: This audit was not compared with your past audits, nor kept with them: "
        f"{blocking} is a file, not a folder. Move that file away or set LINKAGE_DATA_DIR to a "
        "folder elsewhere, for the next audits to be kept." in said
    )
    assert "File exists" not in said

    listed = runner.invoke(app, ["history"])
    assert listed.exit_code == 2
    assert f"{blocking} is a file, not a folder" in listed.output
    assert "No past audits" not in listed.output


def test_a_full_disk_when_keeping_the_audit_costs_no_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "out").mkdir()
    folder = history.history_dir()
    replace = os.replace

    def full_disk(source: object, target: object, *args: object, **kwargs: object) -> None:
        if Path(str(target)).parent == folder:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        replace(source, target, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", full_disk)
    with FixtureServer(write_sites(tmp_path / "sites")) as server:
        done = runner.invoke(app, audit_args(tmp_path, server, "report.html"))
    assert done.exit_code == 0, done.output
    assert (tmp_path / "out" / "report.html").is_file()
    said = " ".join(done.output.split())
    assert "Warning: This audit was not kept with your past audits" in said
    assert "the disk is full" in said and "Free some space on that disk" in said
    assert "this audit, kept to compare" not in said
    assert history.list_audits() == []
    assert [p.name for p in folder.iterdir()] == [".secret"]  # nothing half-written left


def test_a_run_stopped_while_its_report_is_written_is_not_kept_as_the_last_audit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It was kept before the report was written: the next audit said "Since your last audit"
    of a run whose report the person never saw."""
    (tmp_path / "out").mkdir()
    report = tmp_path / "out" / "report.html"
    report.write_text("the earlier report", "utf-8")
    replace = os.replace

    def stopped(source: object, target: object, *args: object, **kwargs: object) -> None:
        if Path(str(target)) == report:
            raise KeyboardInterrupt  # Ctrl-C as the report is put in place
        replace(source, target, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", stopped)
    with FixtureServer(write_sites(tmp_path / "sites")) as server:
        runner.invoke(app, audit_args(tmp_path, server, "report.html"))
    assert history.list_audits() == []
    assert report.read_text("utf-8") == "the earlier report"  # whole, as it was
    assert sorted(p.name for p in report.parent.iterdir()) == ["report.html"]  # no .partial
    said = " ".join(interrupted_message().split())
    assert f"No report was written: {report} is still the one an earlier run wrote." in said


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="finds a file by /proc")
def test_the_command_line_names_the_file_a_full_disk_stopped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """It said "linkage: a file: No space left on device." and left the half-written file."""
    from linkage.cli import main

    (tmp_path / "out").mkdir()
    profiles = data_dir() / "profiles"
    write = os.write

    def full_disk(fd: int, data: bytes) -> int:
        if os.readlink(f"/proc/self/fd/{fd}").startswith(str(profiles)):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))  # as write() does: no name
        return write(fd, data)

    monkeypatch.setattr(os, "write", full_disk)
    with FixtureServer(write_sites(tmp_path / "sites")) as server:
        monkeypatch.setattr(sys, "argv", ["linkage", *audit_args(tmp_path, server, "r.html")])
        with pytest.raises(SystemExit) as stop:
            main()
    assert stop.value.code == 2
    assert list(profiles.iterdir()) == []  # no half-written file left
    said = " ".join(capsys.readouterr().err.split())
    assert f"linkage: The disk is full: there was no room to write {profiles}/" in said
    assert said.endswith(
        ".jsonl.partial. Free some space on that disk or set LINKAGE_DATA_DIR to a folder "
        "elsewhere, then run the same command again."
    )


def test_a_response_cache_that_cannot_be_used_is_said_plainly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full or unopenable cache read "internal error (OperationalError: …). This is a bug
    in linkage"."""
    import sqlite3

    def cannot_open(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("disk I/O error")  # as on a full disk

    monkeypatch.setattr(sqlite3, "connect", cannot_open)
    (tmp_path / "out").mkdir()
    with FixtureServer(write_sites(tmp_path / "sites")) as server:
        done = runner.invoke(app, audit_args(tmp_path, server, "report.html"))
    assert done.exit_code == 2, done.output
    said = " ".join(done.output.split())
    assert (
        f"linkage: the response cache in {tmp_path / 'cache'} could not be used (disk I/O "
        "error): the disk holding it may be full, or the folder read-only. Free some space "
        "there or make it writable, or give --cache-dir another folder" in said
    )
    assert "bug" not in said
