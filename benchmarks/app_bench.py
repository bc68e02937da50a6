"""Time from ``linkage app`` to its page in the browser.

Starts ``linkage app`` as a user would (a new process), with ``BROWSER`` set to a small
script that hands the address it is asked to open to an already-running headless Chromium
(Debian's), and times: the process start until the browser is asked to open the address, and
until the page is drawn there (its accounts list shown). Median of several runs.

usage: python -m benchmarks app [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.browser import CHROMIUM, FLAGS


def once(browser, folder: Path) -> tuple[float, float]:
    opened = folder / "opened.txt"
    opened.unlink(missing_ok=True)
    script = folder / "browser.sh"
    script.write_text(
        f'#!/bin/sh\nprintf %s "$1" > "{opened}.part" && mv "{opened}.part" "{opened}"\n'
    )
    script.chmod(0o755)
    env = {**os.environ, "BROWSER": str(script)}
    page = browser.new_page()  # the user's browser is already open
    command = [sys.executable, "-m", "linkage", "app", "--data", str(folder / "data")]
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        while not opened.exists():
            if process.poll() is not None:
                raise SystemExit(f"linkage app stopped: {process.stderr.read().decode()}")
            time.sleep(0.002)
        asked = time.perf_counter() - started
        page.goto(opened.read_text())
        page.locator("#account-list li").first.wait_for()
        drawn = time.perf_counter() - started
        page.close()
        return asked, drawn
    finally:
        process.terminate()
        process.wait(10)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks app")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    asked, drawn = [], []
    with (
        sync_playwright() as playwright,
        tempfile.TemporaryDirectory(prefix="linkage-app-bench-") as temporary,
    ):
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        for _ in range(args.runs):
            a, d = once(browser, Path(temporary))
            asked.append(a)
            drawn.append(d)
        browser.close()
    print(f"linkage app: browser asked to open the page after {statistics.median(asked):.2f} s")
    print(
        f"linkage app: page drawn in the browser after {statistics.median(drawn):.2f} s "
        f"(median of {args.runs} runs; min {min(drawn):.2f} s, max {max(drawn):.2f} s)"
    )
    return 0
