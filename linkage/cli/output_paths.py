"""Where a command will write, checked when the command line is read, before any work: an
audit that collected for minutes must not end on "Is a directory".

Each writing option takes one of these as its ``callback``; a path it cannot write to stops
the command at once, with what to do instead:

* a file option (``-o``, ``--json``, ``--profiles``) given a folder: name a file in it;
* a folder that does not exist: create it, or write elsewhere;
* a folder linkage may not write in;
* the HTML report's ``-o`` given a ``.pdf`` name: the report is HTML, and ``--pdf`` prints
  a PDF beside it;
* a folder option (``--csv``) given a file;
* the HTML report's ``-o`` given a data file's name (``.json``, ``.csv`` …), or ``--json`` an
  HTML page's;
* the HTML report's ``-o`` given a name without ``.html`` (``-o myreport``): ``.html`` is
  added, and said, since a file without it opens in no browser when double-clicked.

Once every option is read, :func:`keep_apart` refuses a file to write that is one the command
reads (``linkage report profiles.jsonl -o profiles.jsonl`` would replace the profiles with the
report) or that two options both name (only the last written would be left).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path

import typer

from linkage.errors import UsageError

#: names a data file has, never the HTML report's
_DATA_SUFFIXES = frozenset({".json", ".jsonl", ".csv", ".toml", ".txt", ".zip"})
#: the endings a browser opens as a page: the report's name is given one when it has none
_PAGE_SUFFIXES = (".html", ".htm")


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
        suffix = value.suffix.lower()
        if html and suffix == ".pdf":
            raise typer.BadParameter(
                f"the report is an HTML page: name it {value.with_suffix('.html')}, and add "
                "--pdf to print a PDF of it beside it."
            )
        if html and suffix in _DATA_SUFFIXES:
            raise typer.BadParameter(
                f"the report is an HTML page: name it {value.with_suffix('.html')} (--json "
                "writes the analysis as JSON)."
            )
        given = value
        if html and suffix not in _PAGE_SUFFIXES:  # double-clicked, it would open in no browser
            value = value.with_name((value.name.rstrip(".") or "report") + ".html")
            if value.is_dir():
                raise typer.BadParameter(
                    f"'{value}' is a folder: give a file name in it, such as {value / example}."
                )
        if example.endswith(".json") and suffix in _PAGE_SUFFIXES:
            raise typer.BadParameter(
                f"the analysis is JSON: name it {value.with_suffix('.json')} (-o writes the "
                "HTML report)."
            )
        _parent_writable(value)
        if value != given:
            typer.echo(
                f"The report is written as {value}: with .html at the end of its name, a "
                "double-click opens it in a browser.",
                err=True,
            )
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


def _same_file(first: Path, second: Path) -> bool:
    try:
        if first.exists() and second.exists():
            return os.path.samefile(first, second)
        return first.resolve() == second.resolve()
    except OSError:
        return False


def keep_apart(
    reads: Sequence[tuple[str, Path | None]], writes: Sequence[tuple[str, Path | None]]
) -> None:
    """Refuse, before any work, to write a file the command reads or one file twice.

    ``reads`` and ``writes`` pair how each file was given (``"the profiles file"``, ``"-o"``)
    with its path (None when not given)."""
    given = [(how, path) for how, path in writes if path is not None and str(path) != "-"]
    for how, path in given:
        for what, source in reads:
            if source is not None and _same_file(path, source):
                raise UsageError(
                    f"{how} {path} is {what}, which this command reads: writing there would "
                    f"replace it. Write to another file, such as {_instead(path, how)}."
                )
    for number, (how, path) in enumerate(given):
        for other, second in given[number + 1 :]:
            if _same_file(path, second):
                raise UsageError(
                    f"{how} and {other} both name {path}: the second would replace the first. "
                    "Give each its own file."
                )


def _instead(path: Path, how: str) -> Path:
    """A name beside ``path`` for what ``how`` writes."""
    suffix = {"--json": ".json", "--pdf": ".pdf"}.get(how, path.suffix)
    stem = path.stem if suffix != path.suffix else f"{path.stem}-new"
    return path.with_name(stem + suffix)


REPORT = file_out("report.html", html=True)
ANALYSIS = file_out("analysis.json")
