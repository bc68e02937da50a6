"""Opening the app in the browser: through an owner-only page (the browser's command line is
readable by every user of the computer), in the background, and never in the terminal."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

OPEN = (
    "import sys; from linkage.app.browser_open import open_privately; "
    "folder = open_privately(sys.argv[1]); print(folder if folder else 'none')"
)
ADDRESS = "http://127.0.0.1:5000/?token=s3cret"


def _fake(folder: Path, name: str, body: str) -> Path:
    folder.mkdir(exist_ok=True)
    script = folder / name
    script.write_text("#!/bin/sh\nexec >/dev/null 2>&1\n" + body)
    script.chmod(0o755)
    return script


def _open(tmp_path: Path, path: str, **extra: str) -> str:
    """open_privately in a process of its own, in a terminal, seeing only ``path``'s programs;
    it must come back while the browser it started is still open (else the run times out)."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("BROWSER", None)
    env.update(
        PATH=path, TERM="xterm", TMPDIR=str(tmp_path), PYTHONPATH=os.pathsep.join(sys.path), **extra
    )
    done = subprocess.run(
        [sys.executable, "-c", OPEN, ADDRESS], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.mark.skipif(sys.platform == "win32", reason="shell scripts as browsers")
def test_the_browser_is_opened_through_a_private_file_and_not_waited_for(tmp_path) -> None:
    """The browser's command line held the secret address; and a browser of the person's own
    (BROWSER=...) was waited for, so the app printed nothing more until it was closed."""
    seen, go = tmp_path / "seen", tmp_path / "go"
    browser = _fake(
        tmp_path / "bin",
        "mybrowser",
        f'printf "%s" "$1" > "{seen}"\ni=0\nwhile [ ! -e "{go}" ] && [ $i -lt 1800 ]; do'
        " /bin/sleep 0.1; i=$((i+1)); done\n",
    )
    try:
        folder = Path(_open(tmp_path, str(tmp_path / "bin"), BROWSER=str(browser)))
    finally:
        go.touch()  # the browser "closes"
    assert folder.parent == tmp_path
    page = folder / "open.html"
    assert "s3cret" in page.read_text() and 'http-equiv="refresh"' in page.read_text()
    assert stat.S_IMODE(page.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for _ in range(600):  # started in the background: it may not have begun yet
        if seen.exists() and seen.read_text():
            break
        time.sleep(0.1)
    address = seen.read_text()
    assert "s3cret" not in address and address == page.as_uri()


@pytest.mark.skipif(sys.platform == "win32", reason="shell scripts as browsers")
def test_a_browser_that_runs_in_the_terminal_is_not_started(tmp_path) -> None:
    """With no display, Python's choice is lynx or w3m: started by the app, it took over the
    terminal the app runs in. The person is shown the address instead."""
    started = tmp_path / "started"
    _fake(tmp_path / "bin", "lynx", f': > "{started}"; exit 0\n')
    assert _open(tmp_path, str(tmp_path / "bin")) == "none"
    assert not started.exists()
    assert not list(tmp_path.glob("linkage-app-*"))  # the private page is not left behind
