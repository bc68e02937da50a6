"""The app's guards, against the real server: token, Host, Origin, CSRF, CSP, upload caps."""

from __future__ import annotations

import requests

from linkage.accounts import load_accounts


def test_listens_on_loopback_only(running_app) -> None:
    assert running_app.base.startswith("http://127.0.0.1:")


def test_request_without_token_is_refused(running_app) -> None:
    for path in ("/", "/api/accounts", "/api/run", "/download/json", "/view/report"):
        answer = requests.get(running_app.base + path, timeout=10)
        assert answer.status_code == 403, path
        assert "secret address" in answer.text
    wrong = requests.get(running_app.base + "/?token=guess", timeout=10)
    assert wrong.status_code == 403
    # the page's own script and style hold nothing of the person's
    assert requests.get(running_app.base + "/static/app.js", timeout=10).status_code == 200


def test_no_cookie_carries_the_token(running_app) -> None:
    """A cookie of 127.0.0.1 is sent to every port of it: another program listening on this
    computer was given the token by the browser and could use the app."""
    answer = requests.get(running_app.url, allow_redirects=False, timeout=10)
    assert answer.status_code == 200 and "set-cookie" not in answer.headers
    assert "How easily can your accounts be linked?" in answer.text
    # what a cookie would have let in: the page and the data, without the header
    for path in ("/", "/api/accounts"):
        assert requests.get(running_app.base + path, timeout=10).status_code == 403


def test_a_ticket_opens_one_frame_or_download_once(running_app) -> None:
    """The report's frame and the download links cannot send a header: a ticket the page
    asks for (with the token) lets one request in, once."""
    session = running_app.session()
    (running_app.data / "last-audit").mkdir(parents=True, exist_ok=True)
    ticket = running_app.post(session, "/api/ticket?path=/view/report").json()["ticket"]
    other = running_app.post(session, "/api/ticket?path=/view/report").json()["ticket"]
    elsewhere = requests.get(f"{running_app.base}/download/json?ticket={other}", timeout=10)
    assert elsewhere.status_code == 403  # a ticket opens the path it was asked for only
    first = requests.get(f"{running_app.base}/view/report?ticket={ticket}", timeout=10)
    assert first.status_code == 404 and "run the audit first" in first.text  # let in
    again = requests.get(f"{running_app.base}/view/report?ticket={ticket}", timeout=10)
    assert again.status_code == 403 and "secret address" in again.text
    # the frame reloaded by the browser: its ticket spent, it says so inside the frame
    reloaded = requests.get(
        f"{running_app.base}/view/report?ticket={ticket}",
        headers={"Sec-Fetch-Dest": "iframe"},
        timeout=10,
    )
    assert reloaded.status_code == 403 and "Choose one of the report's tabs" in reloaded.text
    assert reloaded.headers["x-frame-options"] == "SAMEORIGIN"
    made = requests.post(running_app.base + "/api/ticket?path=/view/report", timeout=10)
    assert made.status_code == 403  # no token, no ticket
    assert running_app.post(session, "/api/ticket?path=/api/accounts").status_code == 400


def test_foreign_host_is_refused(running_app) -> None:
    # DNS rebinding: a page of evil.example whose name now points at 127.0.0.1
    session = running_app.session()
    for host in ("evil.example", f"evil.example:{running_app.base.rsplit(':', 1)[1]}"):
        answer = session.get(running_app.base + "/api/accounts", headers={"Host": host})
        assert answer.status_code == 403  # the contract's refusal codes are 401 and 403
        assert "answers only at the address it printed" in answer.text
    assert running_app.token not in answer.text


def test_foreign_origin_is_refused(running_app) -> None:
    session = running_app.session()
    before = (running_app.data / "accounts.toml").exists()
    answer = running_app.post(
        session,
        "/api/accounts/add",
        json={"text": "github:mfinlay-lib"},
        headers={"Origin": "https://evil.example"},
    )
    assert answer.status_code == 403
    assert "another web site" in answer.text
    cross = session.get(
        running_app.base + "/api/accounts", headers={"Sec-Fetch-Site": "cross-site"}
    )
    assert cross.status_code == 403
    assert (running_app.data / "accounts.toml").exists() == before


def test_changes_need_the_token_header_and_the_origin(running_app) -> None:
    session = requests.Session()  # has the page, not the token
    session.get(running_app.url, timeout=10)
    answer = session.post(
        running_app.base + "/api/accounts/add",
        json={"text": "github:mfinlay-lib"},
        headers={"Origin": running_app.base},
        timeout=10,
    )
    assert answer.status_code == 403
    assert "linkage's own page" in answer.text
    no_origin = session.post(
        running_app.base + "/api/forget",
        json={},
        headers={"X-Linkage-Token": running_app.token},
        timeout=10,
    )
    assert no_origin.status_code == 403
    ok = running_app.post(session, "/api/accounts/add", json={"text": "github:mfinlay-lib"})
    assert ok.status_code == 200


def test_every_answer_has_a_restrictive_csp(running_app) -> None:
    session = running_app.session()
    for path in ("/", "/static/app.js", "/api/accounts"):
        answer = session.get(running_app.base + path, timeout=10)
        csp = answer.headers["content-security-policy"]
        assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp
        assert "http" not in csp  # nothing from outside
        assert answer.headers["x-content-type-options"] == "nosniff"
    refused = requests.get(running_app.base + "/", timeout=10)
    assert "default-src 'none'" in refused.headers["content-security-policy"]


def test_upload_over_the_cap_is_refused_and_not_kept(running_app) -> None:
    session = running_app.session()
    answer = running_app.post(
        session, "/api/archive?name=big.zip", data=b"PK\x03\x04" + b"x" * 300_000
    )
    assert answer.status_code == 413
    assert "larger than 195 KB, the most" in answer.json()["error"]
    assert list((running_app.data / "uploads").glob("*")) == []


def test_upload_that_is_not_an_export_is_refused_in_plain_words(running_app) -> None:
    session = running_app.session()
    answer = running_app.post(session, "/api/archive?name=notes.txt", data=b"hello, just notes")
    assert answer.status_code == 400
    assert "'notes.txt' is not an archive this tool can read" in answer.json()["error"]
    assert list((running_app.data / "uploads").glob("*")) == []


def test_upload_name_cannot_leave_the_uploads_folder(running_app, mastodon_export) -> None:
    session = running_app.session()
    answer = running_app.post(
        session,
        "/api/archive?name=../../evil.zip&persona=personal",
        data=mastodon_export.read_bytes(),
    )
    assert answer.status_code == 200, answer.text
    saved = [p for p in (running_app.data / "uploads").rglob("*") if p.is_file()]
    assert len(saved) == 1 and saved[0].name == "evil.zip"
    assert saved[0].parent.parent == running_app.data / "uploads"
    assert not (running_app.data.parent / "evil.zip").exists()
    accounts = load_accounts(running_app.data / "accounts.toml").accounts
    assert accounts[0].archive == saved[0].resolve()
    assert accounts[0].kind == "mastodon-archive" and accounts[0].persona == "personal"


def test_password_protected_export_is_refused_at_upload(running_app, tmp_path) -> None:
    """The page accepted it, and the audit failed later with Python's words."""
    from tests.collectors.archives.layouts import Builder, mastodon_layout

    locked = Builder(tmp_path).locked_zip("pw.zip", mastodon_layout())
    session = running_app.session()
    answer = running_app.post(session, "/api/archive?name=pw.zip", data=locked.read_bytes())
    assert answer.status_code == 400
    assert answer.json()["error"] == (
        "The archive 'pw.zip' is protected by a password; unzip it with your password and "
        "list the folder instead."
    )
    assert list((running_app.data / "uploads").glob("*")) == []
