"""How the app's page says a path: under the home folder as ``~/…`` (no login name on a
shared screen). A size it says with :func:`linkage.wording.in_megabytes`."""

from __future__ import annotations

from pathlib import Path


def shown_path(path: Path) -> str:
    """A path as the page shows it: under the home folder as ``~/…``, so that a page shown on
    a projector or a shared screen does not give the login name."""
    try:
        return "~/" + path.resolve().relative_to(Path.home().resolve()).as_posix()
    except (ValueError, RuntimeError, OSError):  # elsewhere, or no home folder
        return str(path)
