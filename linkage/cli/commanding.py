"""What every ``linkage`` command shares: arguments shown as words in help
(:class:`PlainArgument`, :class:`PlainCommand`), the ``--debug`` and error handling
(:func:`handled`, :func:`debugging`), and the early check for a PDF engine
(:func:`pdf_possible`)."""

from __future__ import annotations

import functools
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup

from linkage.errors import LinkageError, UsageError
from linkage.shown_text import marked

#: What to do when an argument is missing, by its name in help: where such a file comes from.
MISSING_HINTS = {
    "ACCOUNTS_FILE": (
        "No accounts file yet? 'linkage init accounts.toml' writes one by asking which "
        "accounts are yours, or 'linkage app' lets you add them in your browser."
    ),
    "PROFILES_FILE": (
        "A profiles file is what 'linkage collect' writes (or 'linkage audit --profiles FILE'); "
        "to audit from an accounts file, use 'linkage audit ACCOUNTS_FILE'."
    ),
    "ACCOUNT_ID": "Name two accounts by their ids, e.g. github:octocat reddit:quiet_reader.",
    "OTHER_ACCOUNT_ID": "Name two accounts by their ids, e.g. github:octocat reddit:quiet_reader.",
}


class PlainArgument(TyperArgument):
    """An argument shown in help by its name in words: no type label (such as ``<path>``),
    no braces; ``NAME...`` when it takes several."""

    def display_type(self, ctx: Any) -> str:
        return ""

    def display_type_rich(self, ctx: Any) -> str | None:
        return None

    def _rich_display_name(self) -> str:
        return self.display_name_raw + ("..." if self.nargs != 1 else "")

    def _usage_display_name(self) -> str:
        name = self.display_name_raw + ("..." if self.nargs != 1 else "")
        return name if self.required else f"[{name}]"

    def get_missing_message(self, ctx: Any) -> str | None:
        """What to do when the argument is missing (:data:`MISSING_HINTS`); a missing accounts
        file when this folder holds the one ``linkage init`` writes is that one."""
        if self.display_name_raw == "ACCOUNTS_FILE" and Path("accounts.toml").is_file():
            return (
                "Name the accounts file: there is one in this folder, so "
                f"'{ctx.command_path} accounts.toml' uses it."
            )
        return MISSING_HINTS.get(self.display_name_raw) or super().get_missing_message(ctx)


class PlainCommand(TyperCommand):
    """A command whose arguments read as words in its help (see :class:`PlainArgument`), whose
    missing argument's error says what to do (:data:`MISSING_HINTS`), and whose usage errors
    (a value an option refuses, an option it does not have) are said as linkage's other
    refusals are, "linkage: …" (:mod:`linkage.cli.plain_usage`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            if type(param) is TyperArgument:
                param.__class__ = PlainArgument

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        from linkage.cli.plain_usage import plainly

        return plainly(lambda: super(PlainCommand, self).parse_args(ctx, args), ctx, args)


class PlainGroup(TyperGroup):
    """The ``linkage`` command itself: a command name or an option it does not know is said
    as linkage's other refusals are, "linkage: …" (:mod:`linkage.cli.plain_usage`)."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        from linkage.cli.plain_usage import plainly

        return plainly(lambda: super(PlainGroup, self).parse_args(ctx, args), ctx, args)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        from linkage.cli.plain_usage import plainly

        return plainly(lambda: super(PlainGroup, self).resolve_command(ctx, args), ctx, args)


_debug = False


#: Where the running command keeps what it has read so far (for the Ctrl-C message), and what
#: that file was when the command started (see :func:`_state`)
_KEPT: list[Path] = []
_KEPT_BEFORE: list[tuple[int, int, int] | None] = [None]
#: Whether the running command asks every site again (``--refresh``): run again, so would it
_REFRESHING: list[bool] = [False]
#: The report the running command is to write, while it is not written yet, and what that
#: file was when the command started
_REPORT: list[Path] = []
_REPORT_BEFORE: list[tuple[int, int, int] | None] = [None]


def _state(path: Path) -> tuple[int, int, int] | None:
    """Which file ``path`` is, and when it was last written (None: there is none): a file
    replaced or written since is another state."""
    try:
        found = path.stat()
    except OSError:
        return None
    return (found.st_ino, found.st_mtime_ns, found.st_size)


def kept_so_far(path: Path, *, refresh: bool = False) -> None:
    """Say where the running command saves each account as it is read: a Ctrl-C names it
    (and, unless ``refresh``, that a run again takes the accounts already read from the
    cache), or says it is as it was when no account was read before the stop."""
    _KEPT[:] = [path]
    _KEPT_BEFORE[0] = _state(path)
    _REFRESHING[0] = refresh


def report_due(path: Path | None) -> None:
    """Say which report the running command writes once it has audited: a Ctrl-C before it is
    written says that no report was written, and whether ``path`` is an earlier one."""
    _REPORT[:] = [path] if path is not None else []
    _REPORT_BEFORE[0] = _state(path) if path is not None else None


def report_written() -> None:
    """The report is written: a Ctrl-C now stops nothing of it."""
    _REPORT.clear()


def interrupted_message() -> str:
    """What the command line says when it is stopped with Ctrl-C: where what was read so far
    is kept (or that nothing was read, and what was kept before is as it was), whether the
    report was written, and what to do next."""
    report = _report_said()
    if not _KEPT:
        return f"linkage: interrupted. Whatever was already written is kept.{report}"
    path = _KEPT[0]
    if _state(path) == _KEPT_BEFORE[0]:  # not replaced: no account was read before the stop
        kept = (
            f"{path} is as it was before this run"
            if _KEPT_BEFORE[0] is not None
            else "nothing was saved"
        )
        return (
            f"linkage: interrupted before any account was read, so {kept}.{report} To go on, "
            "run the same command again."
        )
    said = f"linkage: interrupted. The accounts read so far are saved in {path}.{report}"
    if _REFRESHING[0]:  # --refresh would ask every site again, the accounts already read too
        return (
            f"{said} To go on, run the same command again without --refresh: the accounts "
            "already read come from the cache (they were just fetched), so they are not "
            "fetched again."
        )
    return (
        f"{said} To go on, run the same command again: the accounts already read come from the "
        "cache, so they are not fetched again."
    )


def _report_said() -> str:
    """Of a report not written yet when the command was stopped: that it was not, and that the
    file of that name is an earlier one ('' when no report was due)."""
    if not _REPORT:
        return ""
    path = _REPORT[0]
    before = _REPORT_BEFORE[0]
    if before is not None and _state(path) == before:
        return f" No report was written: {path} is still the one an earlier run wrote."
    if before is None and _state(path) is None:
        return " No report was written."
    return (
        f" {path} was written, but not every file asked for: run the same command again for "
        "all of them."
    )


def debugging() -> bool:
    """Whether the command being run was given ``--debug`` (full tracebacks)."""
    return _debug


def handled(function: Callable[..., None]) -> Callable[..., None]:
    """``function`` with the handling every command shares: its ``--debug`` option (full
    tracebacks) and its errors (a :class:`LinkageError` prints its plain message and exits
    with its code)."""

    @functools.wraps(function)
    def run(*args: Any, **kwargs: Any) -> None:
        global _debug
        _debug = bool(kwargs.get("debug"))
        try:
            function(*args, **kwargs)
        except LinkageError as exc:
            if _debug:  # the whole traceback, and still the exit code the error stands for
                traceback.print_exc()
            typer.echo(f"linkage: {marked(str(exc))}", err=True)  # outside text shown, not obeyed
            raise typer.Exit(getattr(exc, "exit_code", 1)) from None

    return run


def pdf_possible(pdf: bool) -> None:
    """With --pdf, stop before any work when no PDF engine is installed."""
    if pdf:
        from reports.pdf import HOW_TO_GET, pdf_engine

        if pdf_engine() is None:
            raise UsageError(HOW_TO_GET)
