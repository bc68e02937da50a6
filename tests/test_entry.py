"""Ctrl-C while the command line is still loading: one plain line and status 130, not
Python's traceback."""

from __future__ import annotations

import os
import subprocess
import sys

#: Ctrl-C arrives while the command line's modules load (here: when typer is imported)
INTERRUPTED = """
import sys

class Interrupt:
    def find_spec(self, name, path=None, target=None):
        if name == "typer":
            raise KeyboardInterrupt
        return None

sys.meta_path.insert(0, Interrupt())
from linkage.entry import main
main()
"""


def test_ctrl_c_while_starting_is_one_plain_line() -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run(
        [sys.executable, "-c", INTERRUPTED, "--help"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 130
    assert done.stderr == "linkage: stopped while starting; nothing was read or written.\n"


def test_the_installed_script_and_python_m_start_the_same_command_line() -> None:
    import tomllib
    from pathlib import Path

    project = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text())
    assert project["project"]["scripts"]["linkage"] == "linkage.entry:main"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run(
        [sys.executable, "-m", "linkage", "--version"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0 and done.stdout.startswith("linkage ")
