"""Installing and re-auditing: wheel size and build time, install time into a fresh virtual
environment, and the demo's accounts audited cold, again from the cache (offline), and
printed to PDF.

usage: python -m benchmarks install [--skip-install]

The audits run the installed-in-place ``linkage`` (this checkout) against the demo's fixture
server with a cache and a data folder of their own, as a user's re-audit would.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from linkage.demo import DEMO_DIR, FixtureServer
from tests.release import build_wheel


def timed(command: list[str], **kwargs) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, **kwargs)
    return time.perf_counter() - started


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks install")
    parser.add_argument("--skip-install", action="store_true", help="only the audits")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="linkage-install-bench-") as tmp:
        base = Path(tmp)
        if not args.skip_install:
            started = time.perf_counter()
            build_wheel(base).check_returncode()  # from a copy of the source files only
            seconds = time.perf_counter() - started
            (wheel,) = (base / "dist").glob("linkage-*.whl")
            print(f"wheel: {wheel.stat().st_size / 1e6:.1f} MB, built in {seconds:.1f} s")
            timed([sys.executable, "-m", "venv", str(base / "venv")])
            seconds = timed(
                [str(base / "venv/bin/python"), "-m", "pip", "install", "-q", str(wheel)]
            )
            print(f"install into a fresh venv (pip's cache warm): {seconds:.1f} s")
        env = os.environ | {"LINKAGE_DATA_DIR": str(base / "data")}
        linkage = [sys.executable, "-m", "linkage"]
        with FixtureServer(DEMO_DIR / "sites") as server:
            audit = [
                *linkage, "audit", str(DEMO_DIR / "accounts.toml"), "-q",
                "--endpoint", f"*={server.url}", "--cache-dir", str(base / "cache"),
                "-o", str(base / "report.html"),
            ]  # fmt: skip
            for label, extra in (
                ("demo accounts, cold cache", []),
                ("demo accounts, cached re-audit (--offline)", ["--offline"]),
                ("demo accounts, cached re-audit + --pdf", ["--offline", "--pdf"]),
            ):
                started = time.perf_counter()
                done = subprocess.run([*audit, *extra], env=env, capture_output=True)
                seconds = time.perf_counter() - started
                print(f"{label:<44} {seconds:>6.1f} s (exit {done.returncode})")
    return 0
