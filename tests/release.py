"""The checkout as a release sees it, for the tests and benchmarks that build a wheel.

A wheel built straight from the checkout can carry what an earlier build left behind
(``build/``, ``*.egg-info``: modules since deleted). These helpers build from a copy of the
source files only: tracked, or new and not ignored."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def source_files() -> list[str]:
    """The checkout's files as a release sees them: tracked, or new and not ignored."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return [name for name in listed if (ROOT / name).is_file()]


def copy_sources(target: Path) -> Path:
    """A copy of the source files in ``target`` (made if missing); returns ``target``."""
    for name in source_files():
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target / name)
    return target


def build_wheel(base: Path, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """Build the wheel from a copy of the source files in ``base/source`` into ``base/dist``."""
    source = copy_sources(base / "source")
    return subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(base / "dist"),
         str(source)],
        capture_output=True,
        text=True,
        timeout=timeout,
    )  # fmt: skip
