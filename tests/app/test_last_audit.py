"""The app's last audit: compared with the one before it, as on the command line, and shown
again when the app is started again (its reports are kept), until it is forgotten."""

from __future__ import annotations

import json
from pathlib import Path

from playwright.sync_api import expect

from linkage.app.server import Settings
from tests.app.conftest import serving
from tests.app.test_app_a11y import open_app
from tests.app.test_routes import run_to_the_end


def _settings(tmp_path: Path, site: str) -> Settings:
    return Settings(
        data_dir=tmp_path / "data", endpoints=[f"*={site}"], cache_dir=tmp_path / "cache"
    )


def test_the_last_audit_is_compared_and_shown_again_after_a_restart(
    tmp_path, fixture_site, browser
) -> None:
    """The app kept each audit but its report never said what had changed since the one
    before; and once the app was stopped, its page offered none of the reports it kept."""
    settings = _settings(tmp_path, fixture_site)
    with serving(settings) as app:
        session = app.session()
        for text in ("github:mfinlay-lib", "reddit:mfinlay_knits"):
            app.post(session, "/api/accounts/add", json={"text": text})
        assert run_to_the_end(app, session) == "done"
        assert "Since your last audit" not in (app.data / "last-audit" / "report.html").read_text()
        assert run_to_the_end(app, session) == "done"
        assert "Since your last audit" in (app.data / "last-audit" / "report.html").read_text()
        ended = session.get(app.base + "/api/run", timeout=10).json()

    with serving(settings) as app:  # started again
        session = app.session()
        again = session.get(app.base + "/api/run", timeout=10).json()
        assert again["state"] == "done" and again["earlier"] and not again["demo"]
        assert again["summary"].startswith("Your last audit, of ")
        assert ended["summary"] in again["summary"]
        assert again["verdict"] == ended["verdict"] and again["outputs"] == ended["outputs"]
        assert [a["label"] for a in again["accounts"]] == [a["label"] for a in ended["accounts"]]
        visit = open_app(browser, app)
        page = visit.page
        expect(page.locator("#stage-words")).to_have_text("Your last audit, kept from before.")
        expect(page.locator("#verdict-counts")).to_contain_text("Your last audit, of ")
        frame = page.frame_locator("#report-frame")
        expect(frame.locator("h1")).to_be_visible()
        visit.close()
        # forgotten: not shown again
        assert app.post(session, "/api/forget", json={}).status_code == 200
    with serving(settings) as app:
        session = app.session()
        assert session.get(app.base + "/api/run", timeout=10).json()["state"] == "idle"


def test_a_damaged_or_orphaned_last_audit_is_not_shown(tmp_path, fixture_site) -> None:
    """What was kept of the last audit is read as untrusted: damaged, or without its report,
    the page starts empty instead of failing."""
    from linkage.app.last_run import RUN_FILE

    settings = _settings(tmp_path, fixture_site)
    folder = settings.outputs
    folder.mkdir(parents=True)
    kept = {"summary": "Read 2 of 2 accounts.", "verdict": {}, "accounts": [], "outputs": {}}
    for text in (
        "{not json",
        json.dumps({**kept, "accounts": "two"}),
        json.dumps({**kept, "outputs": {"report": ""}}),  # its report is gone
    ):
        (folder / RUN_FILE).write_text(text)
        with serving(settings) as app:
            run = app.session().get(app.base + "/api/run", timeout=10).json()
            assert run["state"] == "idle", text
