"""The app's audit and the history: a damaged past audit, or a history that cannot be kept,
costs no report; the page's summary says which file and what to do. Fictional accounts (the
demo's pages)."""

from __future__ import annotations

from linkage import history
from linkage.store import data_dir
from reports.text import human_date
from tests.app.test_routes import run_to_the_end


def _items(shown: dict) -> set[tuple[str, object]]:
    """The report's download as the page is told of it (its name and whether it is ready)."""
    (report,) = [o for o in shown["outputs"] if o["name"] == "report"]
    return {("name", report["name"]), ("ready", report["ready"])}


def test_a_damaged_past_audit_is_named_and_the_audit_ends_with_its_reports(running_app) -> None:
    """The page said "Something went wrong inside linkage (AttributeError…). Please report
    it.", and every later run did the same."""
    damaged = history.history_dir() / "20261201T100000000000Z-x.json"
    damaged.write_text('{"format": 1, "at": "2026-12-01T10:00:00Z", "chains": {"a": 1}}', "utf-8")
    session = running_app.session()
    running_app.post(session, "/api/accounts/add", json={"text": "github:mfinlay-lib"})
    assert run_to_the_end(running_app, session) == "done"
    shown = session.get(running_app.base + "/api/run", timeout=10).json()
    assert {("name", "report"), ("ready", True)} == _items(shown)  # the report is there
    assert f"The past audit {damaged} could not be read (it is damaged)" in shown["summary"]
    assert len(history.list_audits()) == 1  # this one was kept


def test_a_history_that_cannot_be_kept_costs_no_report(running_app) -> None:
    (data_dir() / "history").write_text("x", "utf-8")
    session = running_app.session()
    running_app.post(session, "/api/accounts/add", json={"text": "github:mfinlay-lib"})
    assert run_to_the_end(running_app, session) == "done"
    shown = session.get(running_app.base + "/api/run", timeout=10).json()
    assert {("name", "report"), ("ready", True)} == _items(shown)
    assert f"{data_dir() / 'history'} is a file, not a folder" in shown["summary"]


def test_an_audit_of_fewer_accounts_is_not_compared_with_the_last_one(running_app) -> None:
    """The app audits whatever its list holds: after one account was removed, its report
    compared the audit with the one of three accounts as "the same accounts"."""
    session = running_app.session()
    demo = [
        ("github:mfinlay-lib", "professional"),
        ("mastodon:@quietknitter@knitting.example.social", "personal"),
        ("reddit:mfinlay_knits", "personal"),
    ]
    for text, persona in demo:
        running_app.post(session, "/api/accounts/add", json={"text": text, "persona": persona})
    assert run_to_the_end(running_app, session) == "done"
    (three,) = history.list_audits()
    listed = session.get(running_app.base + "/api/accounts", timeout=10).json()["accounts"]
    (mastodon,) = [a for a in listed if "quietknitter" in a["label"]]
    running_app.post(session, "/api/accounts/remove", json={"number": mastodon["number"]})
    assert run_to_the_end(running_app, session) == "done"
    assert len(history.list_audits()) == 2
    why = (
        f"Not compared with the last audit, on {human_date(three.at)}, which listed 3 accounts: "
        "the 2 listed now and 1 other."
    )
    for name in ("report.html", "report-redacted.html"):
        html = (running_app.data / "last-audit" / name).read_text("utf-8")
        section = " ".join(html.split('id="since"')[1].split("</section>")[0].split())
        assert why in section, name
        assert "than last time" not in section and "audit of the same accounts on" not in section
    assert "quietknitter" not in html and "mfinlay" not in html  # the redacted one
