"""Running a test in a new interpreter: forked workers are only used by a process without
other threads, and the test suite runs some (local servers)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def in_fresh_process(module: str, test: str) -> None:
    """Call ``module.test(fresh=True)`` in a new interpreter; fail with its error output."""
    done = subprocess.run(
        [sys.executable, "-c", f"import {module} as m; m.{test}(fresh=True)"],
        capture_output=True, text=True, timeout=600, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
