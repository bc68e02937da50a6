"""Where a command will write, checked when the command line is read, before any work: an
audit that collected for minutes must not end on "Is a directory".

Each writing option takes one of these as its ``callback``; a path it cannot write to stops
the command at once, with what to do instead:

* a file option (``-o``, ``--json``, ``--profiles``) given a folder: name a file in it;
* a folder that does not exist: create it, or write elsewhere;
* a folder linkage may not write in;
* the HTML report's ``-o`` given a ``.pdf`` name: the report is HTML, and ``--pdf`` prints
  a PDF beside it;
* a folder option (``--csv``) given a file.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import typer


def _parent_writable(path: Path) -> None:
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.exists():
        raise typer.BadParameter(
            f"the folder '{parent}' does not exist: create it first, or write somewhere else."
        )
    if not parent.is_dir():
        raise typer.BadParameter(f"'{parent}' is a file, not a folder to write in.")
    _may_write_in(parent)


def _may_write_in(folder: Path) -> None:
    if not os.access(folder, os.W_OK | os.X_OK):
        raise typer.BadParameter(
            f"linkage may not write in the folder '{folder}': choose a folder of your own."
        )


def file_out(example: str, *, html: bool = False) -> Callable[[Path | None], Path | None]:
    """The check of a file option; ``example`` is a file name to suggest inside a folder given
    instead of a file; ``html``: the option names the HTML report."""

    def check(value: Path | None) -> Path | None:
        if value is None or str(value) == "-":
            return value
        if value.is_dir():
            raise typer.BadParameter(
                f"'{value}' is a folder: give a file name in it, such as {value / example}."
            )
        if html and value.suffix.lower() == ".pdf":
            raise typer.BadParameter(
                f"the report is an HTML page: name it {value.with_suffix('.html')}, and add "
                "--pdf to print a PDF of it beside it."
            )
        _parent_writable(value)
        return value

    return check


def folder_out(value: Path | None) -> Path | None:
    """The check of a folder option (``--csv``): a folder, or a new one in a folder that
    exists."""
    if value is None:
        return value
    if value.exists() and not value.is_dir():
        raise typer.BadParameter(f"'{value}' is a file: give a folder to write the tables into.")
    if value.exists():
        _may_write_in(value)
    else:
        _parent_writable(value)
    return value


REPORT = file_out("report.html", html=True)
ANALYSIS = file_out("analysis.json")
