"""How the app's page says a path or a size: under the home folder as ``~/…`` (no login name
on a shared screen), and a number of bytes in KB or MB."""

from __future__ import annotations

from pathlib import Path


def shown_path(path: Path) -> str:
    """A path as the page shows it: under the home folder as ``~/…``, so that a page shown on
    a projector or a shared screen does not give the login name."""
    try:
        return "~/" + path.resolve().relative_to(Path.home().resolve()).as_posix()
    except (ValueError, RuntimeError, OSError):  # elsewhere, or no home folder
        return str(path)


def size_words(size: int) -> str:
    """A number of bytes as the page says it: ``512 MB``, ``195 KB``."""
    if size >= 1024**2:
        return f"{size / 1024**2:.3g} MB"
    return f"{max(1, round(size / 1024))} KB"
