"""Debian's headless Chromium, as every browser test (and the app benchmark) launches it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

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
MISSING = (
    "Debian's chromium is missing: run 'make test' (it installs it) or apt-get install chromium"
)


@contextmanager
def launched() -> Iterator[Any]:
    """A Playwright browser on Debian's chromium, closed afterwards."""
    if not os.path.exists(CHROMIUM):
        raise RuntimeError(MISSING)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()
