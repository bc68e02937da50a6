"""A report as PDF, printed by headless Chromium through Playwright.

Policy: the PDF is the HTML report as printed, with a print layout laid over it: every piece
of evidence expanded (``<details>`` opened), no scroll boxes (nothing clipped by a height or
an overflow), words broken only where they cannot fit (long addresses), headings kept with
what follows. The page is opened from the file with the network cut off (the report loads
nothing from outside anyway), JavaScript on, the page's CSP bypassed only to add the print
stylesheet.

The engine is Playwright's Chromium driver with the system's Chromium (Debian's
``/usr/bin/chromium``, or ``LINKAGE_CHROMIUM``), else a browser Playwright installed itself.
:func:`pdf_engine` says which is available; without one, :func:`write_pdf` raises a
:class:`~linkage.errors.LinkageError` saying how to get one.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from linkage.errors import LinkageError

#: Chromium's flags for printing in a container or an unprivileged session.
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")

HOW_TO_GET = (
    "No PDF engine is available. Install one, then run the same command again: Playwright "
    "in linkage's environment ('pipx inject --include-apps linkage playwright', or 'pip install "
    "\"linkage[pdf]\"') and a Chromium (Debian/Ubuntu: 'sudo apt-get install chromium'; "
    "elsewhere 'playwright install chromium'). Without one, leave out --pdf: the HTML "
    "report can be printed from any browser (Print, then 'Save as PDF')."
)


def _chromium() -> str | None:
    named = os.environ.get("LINKAGE_CHROMIUM")
    if named:
        return named if os.path.exists(named) else None
    for path in CANDIDATES:
        if os.path.exists(path):
            return path
    return shutil.which("chromium")


def pdf_engine() -> str | None:
    """A short name of the engine that would print the PDF, or None when there is none
    (Playwright missing, or ``LINKAGE_CHROMIUM`` naming a browser that is not there)."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return None
    chromium = _chromium()
    if chromium is None and os.environ.get("LINKAGE_CHROMIUM"):
        return None
    if chromium:
        return f"Chromium ({chromium}) through Playwright"
    return "Playwright's own Chromium"


def prepare_for_print(page) -> None:  # type: ignore[no-untyped-def]
    """Lay a loaded report page out for print: evidence expanded, print media emulated (the
    report's own stylesheet holds the print layout, so its Content-Security-Policy stays)."""
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    page.emulate_media(media="print")


def write_pdf(html: Path, pdf: Path) -> None:
    """Print the HTML report ``html`` to ``pdf`` (owner-only) with the print layout."""
    if pdf_engine() is None:
        raise LinkageError(HOW_TO_GET)
    from playwright.sync_api import Error, sync_playwright

    chromium = _chromium()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium, args=FLAGS, headless=True
            )
            try:
                context = browser.new_context(offline=True)
                page = context.new_page()
                page.goto(Path(html).resolve().as_uri())
                page.wait_for_load_state("load")
                prepare_for_print(page)
                data = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
            finally:
                browser.close()
    except Error as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise LinkageError(f"The PDF could not be printed ({first}). {HOW_TO_GET}") from None
    fd = os.open(pdf, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
