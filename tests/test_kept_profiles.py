"""The profiles an audit keeps in the data folder are replaced only once the new run has read
something: a run stopped before (Ctrl-C) leaves them as they were, and says so rather than
"the accounts read so far are saved". A write that fails (a full disk) leaves no half-written
file behind."""

from __future__ import annotations

import errno
import json
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from linkage.cli.commanding import interrupted_message, kept_so_far
from linkage.record_files import RecordSink, write_jsonl
from linkage.records import Profile
from linkage.store import profiles_path

ROOT = Path(__file__).resolve().parents[1]
BIRDS = "web:https://ines-birds.example.net/"  # fictional


def _site(host: str) -> Profile:
    return Profile(id=f"web:https://{host}", platform="web", handle=f"https://{host}")


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_before_any_account_is_read_leaves_the_kept_profiles_as_they_were(
    tmp_path: Path,
) -> None:
    """The kept file was emptied at the start of collecting, and the message still said
    "The accounts read so far are saved in …"."""
    kept = profiles_path([BIRDS])
    earlier = json.dumps({"id": BIRDS, "platform": "web", "handle": BIRDS[4:]}) + "\n"
    kept.write_text(earlier, "utf-8")
    accounts = tmp_path / "accounts.toml"
    accounts.write_text(f'[[account]]\nhandle = "{BIRDS}"\npersona = "personal"\n', "utf-8")
    with socket.create_server(("127.0.0.1", 0)) as site:  # a site that never answers
        site.settimeout(120)
        command = [
            sys.executable, "-m", "linkage", "audit", str(accounts), "-q", "--depth", "0",
            "--endpoint", f"*=http://127.0.0.1:{site.getsockname()[1]}",
            "--cache-dir", str(tmp_path / "cache"), "-o", str(tmp_path / "report.html"),
        ]  # fmt: skip
        process = subprocess.Popen(
            command,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=tmp_path,
            preexec_fn=_default_sigint,  # Ctrl-C as at a terminal
        )
        try:
            asked, _ = site.accept()  # the audit is collecting: it asked the site
            process.send_signal(signal.SIGINT)
            _, err = process.communicate(timeout=60)
            asked.close()
        finally:
            if process.poll() is None:
                process.kill()
                process.communicate()
    assert process.returncode == 130, err
    assert kept.read_text("utf-8") == earlier
    assert sorted(p.name for p in kept.parent.iterdir()) == [kept.name]  # no .partial
    said = " ".join(err.decode().split())
    assert (
        f"linkage: interrupted before any account was read, so {kept} is as it was before this "
        f"run. No report was written. To go on, run the same command again." in said
    )
    assert "read so far are saved" not in said


def test_ctrl_c_before_any_account_is_read_with_nothing_kept_says_nothing_was_saved(
    tmp_path: Path,
) -> None:
    kept_so_far(tmp_path / "profiles.jsonl")
    said = interrupted_message()
    assert said.startswith("linkage: interrupted before any account was read, so nothing was")
    assert "saved in" not in said
    (tmp_path / "profiles.jsonl").write_text("{}\n", "utf-8")  # the run read one
    assert "The accounts read so far are saved in" in interrupted_message()


def test_the_kept_file_is_replaced_by_the_first_record_and_grows_with_the_next(
    tmp_path: Path,
) -> None:
    path = tmp_path / "profiles.jsonl"
    path.write_text("the earlier run's\n", "utf-8")
    sink = RecordSink(path)
    assert path.read_text("utf-8") == "the earlier run's\n"  # nothing read yet: as it was
    sink.write(_site("ines-birds.example.net/"))
    assert [json.loads(line)["handle"] for line in path.read_text("utf-8").splitlines()] == [
        "https://ines-birds.example.net/"
    ]
    sink.write(_site("ines-dunmore.example.org/"))
    sink.close()
    assert len(path.read_text("utf-8").splitlines()) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["profiles.jsonl"]
    assert path.stat().st_mode & 0o777 == 0o600


def test_a_full_disk_mid_way_cuts_the_file_back_to_its_last_whole_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "profiles.jsonl"
    sink = RecordSink(path)
    sink.write(_site("ines-birds.example.net/"))
    write = os.write

    def half_then_full(fd: int, data: bytes) -> int:
        write(fd, data[:10])  # part of the record goes in, then the disk is full
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "write", half_then_full)
    with pytest.raises(OSError) as failed:
        sink.write(_site("ines-dunmore.example.org/"))
    monkeypatch.setattr(os, "write", write)
    sink.close()
    assert failed.value.filename == str(path)  # the message can name it
    lines = path.read_text("utf-8").splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["handle"] == "https://ines-birds.example.net/"


def test_a_failed_write_of_a_records_file_leaves_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A '.jsonl.partial' holding collected data was left behind, and nothing deleted it."""
    path = tmp_path / "profiles.jsonl"
    path.write_text("as it was\n", "utf-8")

    def full_disk(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(OSError):
        write_jsonl(path, [_site("ines-birds.example.net/")])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["profiles.jsonl"]
    assert path.read_text("utf-8") == "as it was\n"
