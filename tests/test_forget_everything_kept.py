"""``linkage forget`` on the files a person's data folder really holds: kept audits a full disk
cut short, ``.partial`` leftovers, the fingerprints' key, the app's uploaded copy of an
export, a cache it cannot open, and an app or audit using the folder meanwhile."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from linkage.cli import app
from tests.collectors.archives.layouts import Builder, x_layout

runner = CliRunner()
JO, KIM = "github:jo-example", "reddit:kim_example"


def kept_audit(data: Path, name: str, accounts: list[str]) -> Path:
    """A kept audit as 'linkage audit' writes it."""
    record = {
        "format": 1,
        "at": "2026-12-07T11:11:37.678459Z",
        "version": "0.1.0",
        "accounts": accounts,
        "chains": [{"from": accounts[0], "to": accounts[-1], "chain": accounts, "bits": 9.5}],
        "advice": [],
        "fields": {a: {"visibility": "ok", "bio": "0f0f0f"} for a in accounts},
    }
    path = data / "history" / f"{name}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(record, indent=1) + "\n", "utf-8")
    return path


def forget(*args: str, cache: Path) -> object:
    return runner.invoke(app, ["forget", *args, "--cache-dir", str(cache)])


def said(result: object) -> str:
    return " ".join(result.output.split())  # type: ignore[attr-defined]


def test_a_damaged_kept_audit_is_forgotten_with_its_account(
    private_data_dir: Path, tmp_path: Path
) -> None:
    """A kept audit cut short (a full disk) was skipped by every reader, so 'forget' said
    "Forgot" and left it, naming the account."""
    whole = kept_audit(private_data_dir, "20261207T101010Z-aaaa", [JO, KIM])
    cut = kept_audit(private_data_dir, "20261207T111111Z-bbbb", [KIM, "mastodon:x@ex.social"])
    cut.write_text(cut.read_text("utf-8")[:150], "utf-8")  # it still names reddit:kim_example
    other = kept_audit(private_data_dir, "20261207T121212Z-cccc", ["github:jo-examples"])
    other.write_text(other.read_text("utf-8")[:150], "utf-8")  # another account's, damaged
    partial = private_data_dir / "profiles" / "28edfbdec7182c10.jsonl.partial"
    partial.parent.mkdir()
    partial.write_text(json.dumps({"id": KIM, "bio": "knits"}) + '\n{"id": "reddit:ki', "utf-8")
    result = forget(KIM, "--yes", cache=tmp_path / "cache")
    assert result.exit_code == 0, result.output
    assert not whole.exists() and not cut.exists() and not partial.exists()
    assert other.exists()  # github:jo-examples is not github:jo-example
    assert "Deleted 2 past audits (1 of them damaged) and 1 collected profiles file" in said(result)
    # the other account of the kept audit lost what its next audit is compared with
    assert (
        "Those past audits were also audits of github:jo-example: the next audit of those has "
        "no earlier one to compare with." in said(result)
    )


def test_forgetting_everything_leaves_nothing_in_the_data_folder(
    private_data_dir: Path, tmp_path: Path
) -> None:
    """'forget --all' said it deleted everything linkage keeps, and left damaged kept audits,
    the fingerprints' key, the empty history folder and '.partial' profiles files."""
    kept_audit(private_data_dir, "20261207T101010Z-aaaa", [JO])
    cut = kept_audit(private_data_dir, "20261207T111111Z-bbbb", [KIM])
    cut.write_text(cut.read_text("utf-8")[:120], "utf-8")
    (private_data_dir / "history" / ".secret").write_bytes(b"k" * 32)
    (private_data_dir / "history" / ".20261207.json.x1.tmp").write_text("{", "utf-8")
    profiles = private_data_dir / "profiles"
    profiles.mkdir()
    (profiles / "a.jsonl").write_text(json.dumps({"id": JO}) + "\n", "utf-8")
    (profiles / "a.jsonl.partial").write_text('{"id": "github:jo-', "utf-8")
    result = forget("--all", "--yes", cache=tmp_path / "cache")
    assert result.exit_code == 0, result.output
    assert list(private_data_dir.iterdir()) == []
    text = said(result)
    assert (
        "Deleted 3 past audits (2 of them damaged), 2 collected profiles files (1 left by" in text
    )
    assert "the key of the past audits' fingerprints" in text
    assert text.count("Reports you wrote or downloaded") == 1
    assert "linkage does not keep track of them, so delete them yourself." in text


def test_what_forget_cannot_delete_is_said_once_and_in_its_help(
    private_data_dir: Path, tmp_path: Path
) -> None:
    kept_audit(private_data_dir, "20261207T101010Z-aaaa", [JO])
    result = forget(JO, cache=tmp_path / "cache")
    assert result.exit_code == 0, result.output
    assert said(result).count("Reports you wrote or downloaded (report.html, the files of") == 1
    shown = " ".join(runner.invoke(app, ["forget", "--help"]).output.split())
    assert "Reports you wrote or downloaded (report.html, the files of --json" in shown
    # where it deletes from, and which cache: the one the audits used
    assert "LINKAGE_DATA_DIR" in shown and "~/.local/share/linkage" in shown
    assert "Where the response cache is: the --cache-dir your audits used" in shown
    assert "'linkage app' or an audit is using them" in shown
    app_help = " ".join(runner.invoke(app, ["app", "--help"]).output.split())
    assert "(default: the app folder in linkage's data folder)" in app_help


def _uploaded(data: Path, tmp_path: Path) -> tuple[Path, Path]:
    """An X archive uploaded to the app, listed in its accounts list with a handle."""
    upload = data / "app" / "uploads" / "export-h7mp1czv"
    upload.mkdir(parents=True)
    export = Builder(tmp_path).zip("twitter-2026.zip", x_layout())
    target = upload / "twitter-2026.zip"
    target.write_bytes(export.read_bytes())
    listing = data / "app" / "accounts.toml"
    listing.write_text(
        f'[[account]]\nhandle = "{JO}"\n\n[[account]]\narchive = "{target}"\nkind = "x-archive"\n',
        "utf-8",
    )
    return target, listing


def test_forgetting_an_uploaded_export_s_account_deletes_the_app_s_copy(
    private_data_dir: Path, tmp_path: Path
) -> None:
    """The app keeps its own copy of an uploaded export (direct messages and all), and
    'linkage forget x:NAME' left it, saying "Forgot"."""
    from linkage.accounts import load_accounts

    target, listing = _uploaded(private_data_dir, tmp_path)
    kept_audit(private_data_dir, "20261207T101010Z-aaaa", ["x:alex_example"])
    result = forget("x:alex_example", cache=tmp_path / "cache")
    assert result.exit_code == 0, result.output
    assert not target.exists() and not target.parent.exists()
    assert [a.label for a in load_accounts(listing).accounts] == [JO]
    assert (
        f"Deleted the app's copy of the export twitter-2026.zip ({target}) and took it off the "
        f"app's accounts list {listing}." in said(result)
    )


def test_forgetting_the_app_s_list_names_its_upload_as_kept(
    private_data_dir: Path, tmp_path: Path
) -> None:
    """'forget --accounts app/accounts.toml' said "linkage keeps nothing about
    twitter-2026.zip (data export)" while linkage kept that very file in app/uploads/."""
    target, listing = _uploaded(private_data_dir, tmp_path)
    result = runner.invoke(
        app, ["forget", "--accounts", str(listing), "--cache-dir", str(tmp_path / "cache")]
    )
    assert result.exit_code == 0, result.output
    assert "keeps nothing about twitter-2026.zip" not in result.output
    assert "Forgot twitter-2026.zip (data export)" in result.output
    assert not target.exists()
    # the handle is still listed: said, not removed
    assert f"The app's accounts list {listing} still names {JO}" in said(result)


def test_a_cache_that_cannot_be_opened_is_said_plainly(
    private_data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read-only cache made 'forget' crash as "internal error (OperationalError) ... a bug
    in linkage", deleting nothing, not even the kept audits."""
    from linkage.store import INDEX_NAME

    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "http-cache.sqlite").write_bytes(b"")
    index = {"accounts": {JO: {"addresses": [["api.github.com", "/users/jo-example"]]}}}
    (cache / INDEX_NAME).write_text(json.dumps(index), "utf-8")
    kept = kept_audit(private_data_dir, "20261207T101010Z-aaaa", [JO])

    def refuse(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("unable to open database file")

    monkeypatch.setattr(sqlite3, "connect", refuse)
    result = forget(JO, cache=cache)
    assert result.exit_code == 1
    text = said(result)
    assert "bug" not in text and "internal error" not in text
    assert (
        f"could not delete the saved pages of {JO} in {cache} (unable to open database file)"
        in text
    )
    assert f"The cache folder {cache} could not be changed" in text and "--cache-dir" in text
    assert not kept.exists() and "Deleted 1 past audit and" in text


def test_forget_refuses_while_the_app_runs_and_never_takes_its_lock(
    private_data_dir: Path, tmp_path: Path
) -> None:
    """'forget --all' deleted a running app's folder, its lock too, so a second app could
    start on the same folder; 'forget' said "Forgot" while the app could write it all back."""
    from linkage.folder_lock import holding_app_folder

    app_folder = private_data_dir / "app"
    app_folder.mkdir()
    (app_folder / "accounts.toml").write_text(f'[[account]]\nhandle = "{JO}"\n', "utf-8")
    kept = kept_audit(private_data_dir, "20261207T101010Z-aaaa", [JO])
    held = holding_app_folder(app_folder)  # as a running 'linkage app' holds it
    assert held is not None
    try:
        for args in ((JO,), ("--all", "--yes")):
            result = forget(*args, cache=tmp_path / "cache")
            assert result.exit_code == 1
            assert f"linkage app is running with the folder {app_folder}" in said(result)
            assert "Nothing was deleted. Stop the app with Ctrl-C" in said(result)
            assert kept.exists() and (app_folder / "app.lock").exists()
    finally:
        held.close()
    assert forget("--all", "--yes", cache=tmp_path / "cache").exit_code == 0
    assert not app_folder.exists() and not kept.exists()


def test_forget_refuses_while_an_audit_uses_the_data_folder(
    private_data_dir: Path, tmp_path: Path
) -> None:
    """An audit running in another terminal wrote the forgotten account back after 'forget'
    had said "Forgot"."""
    from linkage.folder_lock import auditing

    kept = kept_audit(private_data_dir, "20261207T101010Z-aaaa", [JO])
    with auditing(private_data_dir):  # as 'linkage audit' holds it while it runs
        result = forget(JO, cache=tmp_path / "cache")
        assert result.exit_code == 1 and kept.exists()
        assert "an audit is running with the data folder" in said(result)
        assert "Nothing was deleted. Wait for it to finish" in said(result)
    assert forget(JO, cache=tmp_path / "cache").exit_code == 0 and not kept.exists()


def test_an_earlier_version_s_app_folder_is_named(
    private_data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Versions that ignored LINKAGE_DATA_DIR kept the app's things in the platform's data
    folder, which 'forget --all' never mentioned."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    earlier = tmp_path / "xdg" / "linkage" / "app"
    (earlier / "uploads").mkdir(parents=True)
    result = forget("--all", "--yes", cache=tmp_path / "cache")
    assert result.exit_code == 0, result.output
    assert (
        f"Earlier versions of linkage kept the app's accounts list, uploaded exports and last "
        f"reports in {earlier}" in said(result)
    )
