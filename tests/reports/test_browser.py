"""The report in a real browser: headless Chromium (Debian's) driven by Playwright."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reports.render import ReportOptions, render_html

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(
            "Debian's chromium is missing: run 'make test' (it installs it) or apt-get install chromium"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield browser
        browser.close()


def open_report(browser, path: Path, width: int = 1280, height: int = 900):
    page = browser.new_page(viewport={"width": width, "height": height})
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return page, requests, errors


def outside(requests: list[str], path: Path) -> list[str]:
    return [u for u in requests if u != path.as_uri() and not u.startswith("data:")]


def check_page(page, requests, errors, path):
    assert outside(requests, path) == []
    assert errors == []
    assert page.evaluate("window.__pwned") is None
    for section in ("verdict", "graph", "evidence", "changes", "accounts", "method"):
        assert page.locator(f"section#{section}").is_visible()


def test_hostile_report_is_inert(browser, tmp_path, hostile_analysis):
    path = tmp_path / "report.html"
    path.write_text(render_html(hostile_analysis), encoding="utf-8")
    page, requests, errors = open_report(browser, path)
    check_page(page, requests, errors, path)
    assert "<script>window.__pwned = 1</script>" in page.inner_text("body")
    page.close()


def test_redacted_report_is_inert(browser, tmp_path, hostile_analysis):
    path = tmp_path / "redacted.html"
    path.write_text(render_html(hostile_analysis, ReportOptions(redact=True)), encoding="utf-8")
    page, requests, errors = open_report(browser, path)
    check_page(page, requests, errors, path)
    page.close()


def test_link_filter_script_runs_under_the_csp(browser, tmp_path, hostile_analysis):
    path = tmp_path / "report.html"
    path.write_text(render_html(hostile_analysis), encoding="utf-8")
    page, _, errors = open_report(browser, path)
    search = page.locator("#link-filter")
    assert search.is_visible()  # the script un-hides it: proof that the hashed script ran
    before = page.locator("details[data-filter]:visible").count()
    search.fill("no-such-account-anywhere")
    assert page.locator("details[data-filter]:visible").count() == 0 < before or before == 0
    assert errors == []
    page.close()


def test_demo_report_in_browser(browser, tmp_path):
    from linkage.demo import run_demo

    analysis = run_demo(quiet=True)
    ARTIFACTS.mkdir(exist_ok=True)
    for name, options in (
        ("demo", ReportOptions(training=True)),
        ("demo-redacted", ReportOptions(redact=True, training=True)),
    ):
        path = tmp_path / f"{name}.html"
        path.write_text(render_html(analysis, options), encoding="utf-8")
        page, requests, errors = open_report(browser, path)
        check_page(page, requests, errors, path)
        swatches = page.eval_on_selector_all(
            ".legend svg", "els => els.map(e => e.getBoundingClientRect().width)"
        )
        assert swatches and max(swatches) <= 24  # legend shapes stay icon-sized
        graph_box = page.eval_on_selector(".graph > svg", "e => e.getBoundingClientRect().width")
        assert graph_box > 600
        page.screenshot(path=str(ARTIFACTS / f"{name}-desktop.png"), full_page=True)
        page.set_viewport_size({"width": 390, "height": 844})
        page.screenshot(path=str(ARTIFACTS / f"{name}-phone.png"), full_page=True)
        page.close()
