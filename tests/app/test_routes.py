"""The app's answers to a user's mistakes, in plain words, from the real server."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from linkage.accounts import load_accounts


def test_run_with_no_accounts_says_what_to_do(running_app) -> None:
    session = running_app.session()
    answer = running_app.post(session, "/api/run", json={})
    assert answer.status_code == 400
    assert answer.json()["error"] == "Add at least one account first."


def test_unrecognised_handle_is_refused_with_the_hint(running_app) -> None:
    session = running_app.session()
    answer = running_app.post(session, "/api/accounts/add", json={"text": "octocat"})
    assert answer.status_code == 400
    assert "github:octocat" in answer.json()["error"]
    assert not (running_app.data / "accounts.toml").exists()


def test_add_twice_and_remove(running_app) -> None:
    session = running_app.session()
    path = running_app.data / "accounts.toml"
    first = running_app.post(
        session, "/api/accounts/add", json={"text": "u/mfinlay_knits", "persona": " my  hobby "}
    )
    assert first.json()["accounts"][0]["persona"] == "my hobby"
    again = running_app.post(session, "/api/accounts/add", json={"text": "reddit:mfinlay_knits"})
    assert again.status_code == 400 and "already in the list" in again.json()["error"]
    running_app.post(session, "/api/accounts/add", json={"text": "github:mfinlay-lib"})
    assert [a.label for a in load_accounts(path).accounts] == [
        "reddit:mfinlay_knits",
        "github:mfinlay-lib",
    ]
    gone = running_app.post(session, "/api/accounts/remove", json={"number": 1})
    assert [a["label"] for a in gone.json()["accounts"]] == ["github:mfinlay-lib"]
    assert [a.label for a in load_accounts(path).accounts] == ["github:mfinlay-lib"]
    stale = running_app.post(session, "/api/accounts/remove", json={"number": 7})
    assert "reload the page" in stale.json()["error"]


def test_a_misspelt_side_is_refused_with_what_to_write(running_app, mastodon_export) -> None:
    session = running_app.session()
    answer = running_app.post(
        session, "/api/accounts/add", json={"text": "github:mfinlay-lib", "persona": "Proffesional"}
    )
    assert answer.status_code == 400
    assert answer.json()["error"].startswith("'Proffesional' looks like 'professional' misspelt.")
    upload = running_app.post(
        session, "/api/archive?name=alex.zip&persona=persnal", data=mastodon_export.read_bytes()
    )
    assert upload.status_code == 400 and "looks like 'personal'" in upload.json()["error"]
    assert not (running_app.data / "accounts.toml").exists()
    assert not any((running_app.data / "uploads").glob("*/*"))  # nothing kept of the upload


def test_nothing_to_download_before_a_run(running_app) -> None:
    session = running_app.session()
    for path in ("/download/report", "/view/report", "/download/../accounts.toml"):
        answer = session.get(running_app.base + path, timeout=10)
        assert answer.status_code == 404, path


def _linkage_app(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "linkage", "app", "--no-browser", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=60)


def test_port_in_use_is_a_plain_error(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = _linkage_app("--data", str(tmp_path), "--port", str(port))
    assert result.returncode == 1
    assert f"Cannot listen on 127.0.0.1 port {port}" in result.stderr
    assert "Traceback" not in result.stderr


def test_broken_accounts_file_is_a_plain_error(tmp_path: Path) -> None:
    broken = tmp_path / "accounts.toml"
    broken.write_text('[[account]]\nhandle = "github:mfinlay-lib\n', encoding="utf-8")
    result = _linkage_app(str(broken), "--data", str(tmp_path / "data"))
    assert result.returncode == 2
    assert 'line 2 (the line reads: handle = "github:mfinlay-lib)' in result.stderr
    assert "a quoted value is not closed" in result.stderr
    assert "Traceback" not in result.stderr


def test_zip_that_is_no_known_export_is_refused(running_app, tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "holiday.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("photos/list.json", '{"beach": true}')
    session = running_app.session()
    answer = running_app.post(session, "/api/archive?name=holiday.zip", data=path.read_bytes())
    assert answer.status_code == 400
    error = answer.json()["error"]
    assert error.startswith(
        "This is not a data export linkage can read. It reads the exports of Facebook (in JSON "
        "format"
    )
    assert "facebook-export" not in error and "X/Twitter (a zip holding" in error
    assert not any((running_app.data / "uploads").iterdir())


def test_without_data_the_app_keeps_its_things_in_linkage_data_folder(
    private_data_dir: Path,
) -> None:
    """The app's default folder followed the user's data folder, not LINKAGE_DATA_DIR, so
    its accounts list, uploads and reports landed where 'forget --all' never looked."""
    import os

    import requests

    command = [sys.executable, "-m", "linkage", "app", "--no-browser"]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()  # the first line is the address alone
        page = requests.get(url, timeout=10).text
    finally:
        process.terminate()
        process.wait(10)
    assert str(private_data_dir / "app" / "accounts.toml") in page


def test_the_app_fetches_as_its_options_say(tmp_path: Path) -> None:
    """The contract's common options --refresh and --allow-private reach the app's audits (it
    had neither: a discovered address on the user's own network could not be allowed)."""
    from linkage.app.server import App, Settings

    plain = App(Settings(data_dir=tmp_path), "token").audit_options().http
    assert not plain.allow_private and not plain.refresh
    told = Settings(data_dir=tmp_path, refresh=True, allow_private=True)
    http = App(told, "token").audit_options().http
    assert http.allow_private and http.refresh


def run_to_the_end(running_app, session) -> str:
    """Start an audit of the app's list and wait (up to a minute) for it to end; its state."""
    import time

    assert running_app.post(session, "/api/run", json={}).status_code == 200
    deadline, state = time.monotonic() + 60, "running"
    while time.monotonic() < deadline:
        state = session.get(running_app.base + "/api/run", timeout=10).json()["state"]
        if state in ("done", "failed"):
            break
        time.sleep(0.2)
    return state


def read_in_memory(word: str) -> list[str]:
    """What this process keeps in memory of the profiles it read that holds ``word``."""
    from linkage.signals import bio, names_features, names_forms

    kept = [*bio._READ, *names_features._CACHE, *names_forms._EXPLAINED]
    return [str(key) for key in kept if word in str(key).lower()]


def test_forgetting_says_everything_it_deleted(running_app) -> None:
    """The app's forget deleted past audits and collected profiles too but said only "saved
    pages, report files and uploaded exports"; then it said "0 collected profiles files, 0
    report files" after deleting the last audit's reports, analysis and profiles, and counted
    that audit among the past audits."""
    session = running_app.session()
    for text in ("github:mfinlay-lib", "reddit:mfinlay_knits"):
        running_app.post(session, "/api/accounts/add", json={"text": text})
    state = run_to_the_end(running_app, session)
    assert state == "done"
    # what the audit wrote holds what was collected: owner-only, its folder too
    last = running_app.data / "last-audit"
    assert (last.stat().st_mode & 0o777) == 0o700
    assert all((f.stat().st_mode & 0o077) == 0 for f in last.iterdir())
    assert read_in_memory("mfinlay"), "the audit read nothing: the test would prove nothing"
    message = running_app.post(session, "/api/forget", json={}).json()["message"]
    assert message.startswith("Forgotten: ")
    assert read_in_memory("mfinlay") == []  # nor kept in the app's memory
    assert "saved pages from these accounts, 1 past audit and " in message, message
    # nothing said of what there was none of ("0 uploaded exports")
    assert not re.search(r"\b0 ", message), message
    assert "the app's last report (full and redacted" in message, message
    assert "its analysis (full and redacted) and its collected profiles." in message
    assert "0 collected profiles files" not in message and "report files" not in message
    assert not any((running_app.data / "last-audit").iterdir())
    # what linkage never kept track of is said once
    assert message.count("Reports you wrote or downloaded") == 1


def test_forgetting_an_export_s_account_deletes_the_audits_that_hold_it(
    running_app, mastodon_export
) -> None:
    """The kept audits of an account read from an uploaded export stayed after "Forget
    everything about these accounts": the export was known only by its file."""
    from linkage import history

    session = running_app.session()
    upload = running_app.post(
        session, "/api/archive?name=archive-alex.zip", data=mastodon_export.read_bytes()
    )
    assert upload.status_code == 200, upload.text
    state = run_to_the_end(running_app, session)
    assert state == "done" and len(history.list_audits()) == 1
    message = running_app.post(session, "/api/forget", json={}).json()["message"]
    assert "1 past audit," in message and "1 uploaded export" in message, message
    assert history.list_audits() == []


def test_the_same_export_uploaded_twice_is_refused(running_app, mastodon_export) -> None:
    """The page took the same file twice, and the audit then joined the account to itself."""
    session = running_app.session()
    first = running_app.post(
        session, "/api/archive?name=archive-alex.zip", data=mastodon_export.read_bytes()
    )
    assert first.status_code == 200, first.text
    again = running_app.post(
        session, "/api/archive?name=copy.zip&persona=work", data=mastodon_export.read_bytes()
    )
    assert again.status_code == 400
    assert again.json()["error"] == (
        "This export is already in the list (account 1, archive-alex.zip); it was not added again."
    )
    assert len(load_accounts(running_app.data / "accounts.toml").accounts) == 1
    assert len(list((running_app.data / "uploads").iterdir())) == 1


def test_an_export_in_html_form_is_refused_at_upload_with_what_to_do(running_app, tmp_path) -> None:
    from tests.collectors.archives.layouts import Builder

    path = Builder(tmp_path).zip(
        "facebook-zoe.zip",
        {"personal_information/profile_information/profile_information.html": "<html/>"},
    )
    session = running_app.session()
    answer = running_app.post(session, "/api/archive?name=facebook-zoe.zip", data=path.read_bytes())
    assert answer.status_code == 400
    assert answer.json()["error"].startswith(
        "The archive 'facebook-zoe.zip' is a Facebook export in HTML form, which this tool "
        "cannot read. Request the export again in JSON format"
    )


def test_an_upload_holding_other_exports_is_told_what_to_do_in_the_page(
    running_app, tmp_path
) -> None:
    """The page takes one file and has no accounts file to edit: it was told to "point at
    that file" and to "list each one's own file or folder in its own [[account]] entry"."""
    from tests.collectors.archives.layouts import Builder

    build = Builder(tmp_path)
    inner = build.zip("twitter-2025-01-01.zip", {"data/account.js": "x"}).read_bytes()
    session = running_app.session()
    for name, members, said in (
        ("outer.zip", {"twitter-2025-01-01.zip": inner}, "unzip it and add that file instead"),
        (
            "two.zip",
            {"a/twitter-1.zip": inner, "b/twitter-2.zip": inner},
            "then add each export on its own",
        ),
    ):
        path = build.zip(name, members)
        answer = running_app.post(session, f"/api/archive?name={name}", data=path.read_bytes())
        assert answer.status_code == 400
        error = answer.json()["error"]
        assert said in error and "[[account]]" not in error and "point at" not in error


def refused_upload(running_app, path: Path) -> str:
    """Upload the export at ``path`` through the app; it must be refused and nothing added to
    the list: the error the page shows."""
    session = running_app.session()
    answer = running_app.post(session, f"/api/archive?name={path.name}", data=path.read_bytes())
    assert answer.status_code == 400
    listed = running_app.data / "accounts.toml"
    assert not listed.exists() or not load_accounts(listed).accounts
    return answer.json()["error"]


@pytest.mark.parametrize("beside", [False, True])
def test_an_upload_of_several_exports_is_refused_with_what_to_do(
    running_app, tmp_path, beside
) -> None:
    """A zip of an X archive's folder and a Reddit export's was added as one account, which
    the audit then refused as "the exports of more than one platform"; one with a zipped
    Reddit export beside the X archive's folder was added as the X account alone, leaving the
    Reddit account out without a word."""
    from tests.collectors.archives.layouts import Builder, x_layout, zip_bytes
    from tests.collectors.archives.layouts_more import reddit_layout

    members = {f"twitter/{name}": data for name, data in x_layout().items()}
    if beside:
        members["reddit-export.zip"] = zip_bytes(reddit_layout())
    else:
        members |= {f"reddit/{name}": data for name, data in reddit_layout().items()}
    assert refused_upload(running_app, Builder(tmp_path).zip("mine.zip", members)) == (
        "This file holds an X/Twitter archive and other exports beside it (reddit-export.zip). "
        "Unzip it and add each export on its own."
        if beside
        else "This file holds several exports, not one: a Reddit data export in 'reddit' and an "
        "X/Twitter archive in 'twitter'. Unzip it, zip each export's folder into a file of its "
        "own, and add each file."
    )


def test_an_upload_two_platforms_read_is_refused_as_the_audit_refuses_it(
    running_app, tmp_path
) -> None:
    """A zip holding an X archive's files and a Reddit export's mixed together was added with
    no kind, which the audit then refused as "the exports of more than one platform"."""
    from tests.collectors.archives.layouts import Builder, x_layout
    from tests.collectors.archives.layouts_more import reddit_layout

    members = {**x_layout(), **{f"data/{name}": data for name, data in reddit_layout().items()}}
    assert refused_upload(running_app, Builder(tmp_path).zip("mine.zip", members)) == (
        "This file looks like the exports of more than one platform (Reddit and X/Twitter) "
        "mixed together, so linkage cannot tell which one to read. Add each platform's export "
        "as a file of its own."
    )


def test_the_page_says_why_nothing_moves_while_a_request_waits() -> None:
    """The terminal said "github.com asked linkage to wait 20 s (try 2 of 4)"; the app's page
    showed only its stage and a timer, for as long as the wait lasted."""
    import threading

    from collectors.http.waits import ASKED, Wait
    from linkage.app.jobs import PageEvents, Progress

    progress = Progress()
    PageEvents(progress, threading.Lock()).waiting(
        Wait(host="api.github.com", why=ASKED, seconds=20.0, next_try=2, tries=4)
    )
    assert progress.to_dict()["wait"] == "GitHub asked linkage to wait 20 s (try 2 of 4)"
    progress.wait_until = 0.0  # the wait is over: nothing is said of it
    assert progress.to_dict()["wait"] == ""


def test_a_wait_is_not_carried_into_the_next_stage() -> None:
    """The last try's wait outlived its stage: the page said "Comparing every pair of
    accounts… could not reach alex.example.org; trying again (try 4 of 4)."."""
    import threading

    from collectors.http.waits import UNREACHABLE, Wait
    from linkage.app.jobs import STAGES, PageEvents, Progress

    progress = Progress()
    events = PageEvents(progress, threading.Lock())
    events.stage("discover")
    events.waiting(
        Wait(
            host="alex.example.org",
            why=UNREACHABLE,
            seconds=4.0,
            next_try=4,
            tries=4,
            then_up_to=20,
        )
    )
    assert progress.to_dict()["wait"].startswith("could not reach alex.example.org")
    events.stage("link")
    shown = progress.to_dict()
    assert shown["stage"] == STAGES["link"] and shown["wait"] == ""


def test_forgetting_two_uploaded_exports_leaves_every_other_account_listed(
    running_app, mastodon_export, tmp_path
) -> None:
    """Each removal renumbered the list, so "Forget everything" took the account after the
    first export off the list and left the second export listed with its file deleted."""
    from tests.collectors.archives.layouts import Builder, x_layout

    x_export = Builder(tmp_path).zip("twitter-alex.zip", x_layout())
    session = running_app.session()
    running_app.post(session, "/api/accounts/add", json={"text": "github:mfinlay-lib"})
    for name, path in (("archive-alex.zip", mastodon_export), ("twitter-alex.zip", x_export)):
        answer = running_app.post(session, f"/api/archive?name={name}", data=path.read_bytes())
        assert answer.status_code == 200, answer.text
    running_app.post(session, "/api/accounts/add", json={"text": "reddit:mfinlay_knits"})
    answer = running_app.post(session, "/api/forget", json={})
    assert answer.status_code == 200, answer.text
    listed = load_accounts(running_app.data / "accounts.toml").accounts
    assert [a.label for a in listed] == ["github:mfinlay-lib", "reddit:mfinlay_knits"]
    assert [a["label"] for a in answer.json()["accounts"]] == [a.label for a in listed]
    assert "2 uploaded exports" in answer.json()["message"]
    assert "uploaded exports are off the list" in answer.json()["message"]


def test_without_a_browser_it_says_to_open_the_address(tmp_path: Path) -> None:
    """With no browser to start (no display, none installed: webbrowser.open() is False) it
    said only "linkage app is running at the address above." and nothing of opening it."""
    import os

    nothing = tmp_path / "no-programs"  # PATH: no browser, no xdg-open
    nothing.mkdir()
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("BROWSER", None)
    env.update(PATH=str(nothing), TMPDIR=str(temp), PYTHONUNBUFFERED="1")
    command = [sys.executable, "-m", "linkage", "app", "--data", str(tmp_path / "data")]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert process.stdout is not None
        address = process.stdout.readline().strip()
        assert address.startswith("http://127.0.0.1:") and "token=" in address
        said = process.stdout.readline()
    finally:
        process.terminate()
        process.wait(10)
    assert "running at the address above" in said
    assert "open that address in your web browser" in said, said
    assert "Ctrl-C" in said
    assert not any(temp.iterdir())  # the page that would have opened it is not left behind
