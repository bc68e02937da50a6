"""The report as PDF: headless Chromium's print through Playwright, with the print layout
(evidence expanded, no scroll boxes, no words broken where they fit whole)."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from linkage.cli import app
from reports.pdf import FLAGS, pdf_engine, prepare_for_print, write_pdf
from reports.render import ReportOptions, write_report
from tests.browser import CHROMIUM

pytestmark = pytest.mark.browser

#: Elements the print layout must not leave as a scroll box or a mid-word break.
LAYOUT_PROBLEMS = """() => {
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const style = getComputedStyle(el);
    if (['auto', 'scroll', 'hidden'].includes(style.overflowY) && el.scrollHeight > el.clientHeight + 1)
      out.push('scroll box: ' + el.tagName + '.' + el.className);
    if (style.overflowWrap === 'anywhere' || style.wordBreak === 'break-all')
      out.push('mid-word breaks: ' + el.tagName + '.' + el.className);
  }
  for (const d of document.querySelectorAll('details')) if (!d.open) out.push('closed details');
  return out;
}"""


def test_the_print_layout_expands_evidence_and_leaves_no_scroll_box(
    hostile_analysis, tmp_path: Path
) -> None:
    from playwright.sync_api import sync_playwright

    report = tmp_path / "report.html"
    write_report(report, hostile_analysis, ReportOptions())
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        context = browser.new_context(viewport={"width": 800, "height": 600})
        page = context.new_page()
        page.goto(report.as_uri())
        before = page.evaluate(LAYOUT_PROBLEMS)
        assert before, "the screen layout has nothing to fix: the test would prove nothing"
        prepare_for_print(page)
        assert page.evaluate(LAYOUT_PROBLEMS) == []
        assert page.evaluate("window.__pwned") is None
        browser.close()


def test_report_pdf_writes_a_pdf_beside_the_html(hostile_analysis, tmp_path: Path) -> None:
    assert pdf_engine() is not None
    profiles = tmp_path / "profiles.jsonl"
    with profiles.open("w") as out:
        for p in hostile_analysis.profiles:
            out.write(json.dumps(p.to_dict()) + "\n")
    report = tmp_path / "shared.html"
    result = CliRunner().invoke(
        app, ["report", str(profiles), "-o", str(report), "--redact", "--pdf"]
    )
    assert result.exit_code == 1, result.output  # one hostile account could not be read
    pdf = tmp_path / "shared.pdf"
    assert pdf.read_bytes().startswith(b"%PDF-") and pdf.stat().st_size > 10_000
    assert stat.S_IMODE(os.stat(pdf).st_mode) == 0o600
    assert f"{pdf}: redacted, to share: no names, handles, pictures or posts" in result.output


def test_without_an_engine_the_user_is_told_how_to_get_one(
    hostile_analysis, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LINKAGE_CHROMIUM", str(tmp_path / "no-such-browser"))
    assert pdf_engine() is None
    with pytest.raises(Exception, match="apt-get install chromium"):
        write_pdf(tmp_path / "r.html", tmp_path / "r.pdf")
    profiles = tmp_path / "profiles.jsonl"
    profiles.write_text(json.dumps(hostile_analysis.profiles[0].to_dict()) + "\n")
    result = CliRunner().invoke(
        app, ["report", str(profiles), "-o", str(tmp_path / "r.html"), "--pdf"]
    )
    assert result.exit_code == 2
    assert "No PDF engine is available" in result.output and "Save as PDF" in result.output
    assert not (tmp_path / "r.html").exists()  # stopped before writing anything
    # so it does not send the reader to an HTML report it did not write
    assert "leave out --pdf" in " ".join(result.output.split())
    # the report itself says how to get a PDF
    write_report(tmp_path / "r.html", hostile_analysis, ReportOptions())
    assert "--pdf" in (tmp_path / "r.html").read_text()
