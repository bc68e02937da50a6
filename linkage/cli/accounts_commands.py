"""The commands that make and edit the accounts file: ``app`` (the local app in the browser,
registered under that name from :func:`local_app`) and ``init`` (questions in the terminal)."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Annotated

import typer

from linkage.accounts import AccountSpec
from linkage.cli import output_paths
from linkage.cli.asking import yes_or_no
from linkage.cli.options import AllowPrivate, CacheDir, Debug, Endpoint, Refresh
from linkage.errors import LinkageError, UsageError
from reports.text import plural


def local_app(
    accounts: Annotated[
        Path | None,
        typer.Argument(
            metavar="ACCOUNTS_FILE",
            help="The accounts file (TOML) the page edits (default: accounts.toml in --data).",
            show_default=False,
        ),
    ] = None,
    data: Annotated[
        Path | None,
        typer.Option(
            "--data",
            metavar="FOLDER",
            help="Where the app keeps the accounts list, uploaded exports and the last reports "
            "(default: the app folder in linkage's data folder).",
        ),
    ] = None,
    port: Annotated[
        int,
        typer.Option(
            "--port",
            metavar="PORT",
            min=0,
            max=65535,
            help="The port on 127.0.0.1 (0: a free one).",
        ),
    ] = 0,
    no_browser: Annotated[
        bool,
        typer.Option("--no-browser", help="Print the app's address without opening a browser."),
    ] = False,
    endpoint: Endpoint = None,
    cache_dir: CacheDir = None,
    refresh: Refresh = False,
    allow_private: AllowPrivate = False,
    debug: Debug = False,
) -> None:
    """Open the local app in your browser: add accounts, run the audit, read the report.

    The app listens on 127.0.0.1 only, behind a secret address that this command prints and
    opens; the accounts list it edits is the same file 'linkage audit' reads. Stop it with
    Ctrl-C.

    Example:

    \b
      linkage app accounts.toml
    """
    from linkage.app.server import Settings
    from linkage.app.serving import serve
    from linkage.store import app_dir, remember_app_folder

    folder = (data or app_dir()).expanduser().resolve()
    if data is not None:  # for 'linkage forget' to find what the app keeps there
        remember_app_folder(folder)
    settings = Settings(
        data_dir=folder,
        accounts=accounts.expanduser().resolve() if accounts else None,
        endpoints=list(endpoint or []),
        cache_dir=cache_dir,
        refresh=refresh,
        allow_private=allow_private,
    )
    serve(settings, port=port, open_browser=not no_browser, echo=typer.echo)


def _ask_side() -> str:
    """The side of the person an account is on, as the user says it: no side is chosen for
    them (a work account filed as personal by a pressed Enter puts both sides on one), and an
    address typed here by mistake is not taken for a label."""
    from linkage.accounts import misspelt_side, side_typo_words
    from linkage.app.store import MAX_LABEL, PERSONAS

    choices = "/".join(PERSONAS)
    while True:
        side = " ".join(
            typer.prompt(
                f"  Which side of you is it? ({choices}, or your own label)",
                default="",
                show_default=False,
            ).split()
        )
        if len(side) > MAX_LABEL:
            typer.echo(
                f"  That label is {len(side)} characters long; keep it to {MAX_LABEL} characters "
                "or fewer (such as volunteering)."
            )
            continue
        typo = misspelt_side(side)
        if typo is not None:
            typer.echo("  " + side_typo_words(side, typo))
            continue
        if (
            side
            and not _PATH.match(side)
            and not re.match(r"(?i)^(https?://|@)|^\S+[.:/]\S+$", side)
        ):
            return side
        typer.echo(
            f"  Type {' or '.join(PERSONAS)}, or a word of your own for this side of you "
            "(such as volunteering)."
        )


#: what a file's path begins with, as typed or pasted (quoted, in a home folder, relative, on
#: a Windows drive or share)
_PATH = re.compile(r"""^(['"]|/|~|\.{1,2}/|[A-Za-z]:[\\/]|\\\\)""")
#: what a data export's file name ends with
_EXPORT_SUFFIX = re.compile(r"(?i)\.(zip|tar|tar\.gz|tgz)$")
#: a character a terminal escapes with a backslash when it types a dragged file's path (a
#: space, a bracket, a quote: never a letter, a digit or a backslash, as in a Windows path)
_ESCAPED = re.compile(r"\\([^A-Za-z0-9\\])")


def _typed_path(text: str) -> Path | None:
    """The path ``text`` names, as a terminal writes a file dragged onto it: quoted, or with
    its spaces and other characters escaped by a backslash (``My\\ Downloads``); None when it
    cannot be a path here (``~name`` for a user this computer does not have)."""
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        text = text[1:-1]
    elif os.name != "nt":  # Windows writes its paths with backslashes, and escapes nothing
        text = _ESCAPED.sub(r"\1", text)
    try:
        return Path(text).expanduser()
    except RuntimeError:  # "~name" of no user here: a handle, perhaps
        return None


def _export_at(text: str) -> tuple[Path, str | None, str] | str | None:
    """A data export named by its path: (the file, its kind, the platform's name); why the
    audit could not read it (a message: it is checked as the audit checks it); or None when
    ``text`` names no file or folder (a handle, then). Text that names nothing here but reads
    as a path ("/home/…", "~/Downloads/x.zip") is said to name no file, unless it reads as a
    handle too ("/u/name" is a Reddit account)."""
    from linkage.app.export_check import importers_of
    from linkage.handles import recognise

    path = _typed_path(text)
    try:
        there = path is not None and path.exists()
    except OSError:  # a name too long for a path: a handle
        return None
    if path is None or not there:
        looks = _PATH.match(text.strip()) or _EXPORT_SUFFIX.search(text.strip().strip("'\""))
        if looks and "://" not in text and not recognise(text).ok:
            return (
                f"There is no file at {path or text.strip()}. Check the path: dragging the file "
                "onto this window types it for you."
            )
        return None
    try:
        found = importers_of(path, at_prompt=True)
    except LinkageError as exc:
        return str(exc)
    importer = found[0]  # the one the audit reads: a file several platforms' read is refused
    return path.resolve(), importer.kind, importer.known_as


def init(
    accounts: Annotated[
        Path | None,
        typer.Argument(
            metavar="ACCOUNTS_FILE",
            help="The accounts file to write (default: accounts.toml in this folder).",
            callback=output_paths.file_out("accounts.toml"),
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            metavar="FILE",
            help="The same as ACCOUNTS_FILE, as the other commands name the file they write.",
            callback=output_paths.file_out("accounts.toml"),
            show_default=False,
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace the accounts file if it exists.")
    ] = False,
    debug: Debug = False,
) -> None:
    """Write an accounts file by answering a few questions: which accounts, which side of you.

    Each account may be a profile address, a handle (github:octocat, @alice@example.social), a
    website, or the path of a platform's data export (an X or LinkedIn export, say); each is
    recognised as you type it, as in 'linkage app'. An empty line, or Ctrl-D, ends the list.

    Example:

    \b
      linkage init accounts.toml
    """
    from linkage.app.store import clean_persona, handle_spec, write_accounts
    from linkage.handles import recognise

    if accounts is not None and output is not None and accounts != output:
        raise UsageError(f"two files to write: {accounts} and --output {output}. Give one of them.")
    output = accounts or output or Path("accounts.toml")
    if output.exists() and not force:
        try:
            replace = yes_or_no(f"{output} exists. Replace it?")
        except typer.Abort:  # the end of input (no one to answer) or Ctrl-C: not replaced
            typer.echo("")
            replace = False
        if not replace:
            raise UsageError(f"{output} was left as it was. Give another file name, or --force.")
    typer.echo(
        "List your accounts one at a time: paste a profile address or a handle "
        "(for example https://github.com/octocat or @alice@example.social), or the path of a "
        "platform's data export you downloaded (such as an X or LinkedIn export). "
        "An empty line ends the list."
    )
    specs: list[AccountSpec] = []
    try:
        while True:
            try:
                text = typer.prompt("Account", default="", show_default=False).strip()
            except typer.Abort as stop:  # Click's Abort, from the end of input or Ctrl-C
                if specs and isinstance(stop.__context__, EOFError):
                    typer.echo("")
                    break  # the end of the input (Ctrl-D) ends the list, as an empty line does
                raise
            if not text:
                if specs:
                    break
                typer.echo("Give at least one account.")
                continue
            export = _export_at(text)
            if isinstance(export, str):  # a file, but not an export linkage can read
                typer.echo(f"  {export}")
                continue
            if export is not None:
                path, kind, title = export
                if any(s.archive == path for s in specs):
                    typer.echo(f"  {path.name} is already listed.")
                    continue
                typer.echo(f"  A data export of {title} ({path.name}): read from the file, offline")
                side = clean_persona(_ask_side())
                specs.append(AccountSpec(len(specs) + 1, side, archive=path, kind=kind))
                continue
            found = recognise(text, place="init")  # this prompt takes an export's path itself
            if not found.ok:
                typer.echo(f"  {found.message}")
                continue
            assert found.handle is not None
            if any(s.handle == found.handle for s in specs):
                typer.echo(f"  {found.handle.id} is already listed.")
                continue
            typer.echo(f"  {found.explanation} ({found.handle.id})")
            specs.append(handle_spec(found.handle.id, _ask_side(), len(specs) + 1))
    except typer.Abort:  # end of input or Ctrl-C before the empty line that ends the list
        typer.echo("")
        if not specs:
            message = "stopped before any account was given: nothing saved."
        else:
            message = (
                f"stopped before the list was ended, so the {plural(len(specs), 'account')} "
                f"typed {'was' if len(specs) == 1 else 'were'} not saved. An empty line ends "
                "the list and saves it."
            )
        if not sys.stdin.isatty():  # its questions had no one to answer them: bad usage
            raise UsageError(
                f"{message} 'linkage init' asks its questions in a terminal; without one, "
                "'linkage app' lists your accounts in the browser, or write the accounts file "
                "by hand (the README has an example)."
            ) from None
        raise UsageError(message) from None  # stopped by the person (Ctrl-C): not saved
    write_accounts(output, None, specs)
    typer.echo(f"Saved {len(specs)} account{'s' if len(specs) != 1 else ''} in {output}.")
    typer.echo(f"Next: linkage audit {output}   (or open it in the app: linkage app {output})")
