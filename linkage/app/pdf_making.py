"""The app's PDFs of its reports, or why there is none and how to make one."""

from __future__ import annotations

from pathlib import Path


def pdf_of(html: Path, pdf: Path, which: str = "full report") -> str | None:
    """Print a report to PDF; None when done, else why not and how to make one, in plain words
    (``which``: the report's name on the page, "full report" or "redacted report").

    The one place the app makes PDFs: it uses ``reports.pdf`` (the project's PDF writer)
    when this version of linkage has it. Without it, the report is printed from its own file:
    the app's page, where it shows in a frame, would print only the frame's first screen."""
    yourself = (
        f"To make one yourself: download the {which} (HTML) above, open the downloaded file in "
        "your browser, choose Print, then 'Save as PDF'."
    )
    try:
        from reports.pdf import pdf_engine, write_pdf  # type: ignore[import-not-found]
    except ImportError:
        return f"This version of linkage cannot make PDFs yet. {yourself}"
    if pdf_engine() is None:
        return f"No PDF maker was found on this computer. {yourself}"
    write_pdf(html, pdf)
    return None
