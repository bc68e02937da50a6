"""The ``linkage`` command line: the :data:`app` that holds every command, in the order
``linkage --help`` lists them, and :func:`main`, the installed script. Every option is
documented where it is defined; the commands themselves live in the ``*_commands`` modules."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Annotated

import typer

from linkage import __version__
from linkage.cli.accounts_commands import init, local_app
from linkage.cli.audit_commands import audit, demo
from linkage.cli.collect_command import collect
from linkage.cli.commanding import (
    PlainCommand,
    PlainGroup,
    debugging,
    handled,
    interrupted_message,
)
from linkage.cli.kept_commands import forget, history
from linkage.cli.link_commands import explain, link, report
from linkage.cli.sweep_command import sweep

app = typer.Typer(
    name="linkage",
    cls=PlainGroup,
    help=(
        "Audit how easily your own online accounts can be linked to each other: collect their "
        "public profiles, score every pair, and report what connects your personal and "
        "professional sides and what to change.\n\n"
        "Start with the demo, then list your accounts and audit them:\n\n"
        "\b\n"
        "  linkage demo -o report.html    (a fictional person's audit, offline)\n"
        "  linkage init accounts.toml     (asks which accounts are yours)\n"
        "  linkage audit accounts.toml    (writes report.html)\n\n"
        "Or do it all in your browser: linkage app.\n\n"
        "Each command explains itself: linkage COMMAND --help."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _register(function: Callable[..., None], summary: str, name: str | None = None) -> None:
    """Add ``function`` to :data:`app` as a command (named after it unless ``name`` is given),
    with the handling every command shares (:func:`linkage.cli.commanding.handled`).
    ``summary`` is its line in 'linkage --help': short enough not to be cut off in a terminal
    80 columns wide (its own --help gives the whole first paragraph)."""
    app.command(name, cls=PlainCommand, short_help=summary)(handled(function))


# The order here is the order 'linkage --help' lists them: the way a first audit goes first.
_register(demo, "Start here: a fictional person's audit, offline.")
_register(init, "Write your accounts file by answering a few questions.")
# not named after its function: 'app' is taken here
_register(local_app, "Do it all in your browser: accounts, audit, report.", name="app")
_register(audit, "Audit the accounts in an accounts file; write the report.")
_register(collect, "Collect public profiles into a profiles file.")
_register(link, "Score every pair of profiles into a link table.")
_register(report, "Write the report from profiles collected before.")
_register(explain, "Show clue by clue why two accounts look like one person's.")
_register(sweep, "Find where your own usernames are taken across a list of sites.")
_register(history, "List past audits and their strongest chains.")
_register(forget, "Delete what linkage keeps about some accounts, or all of it.")


def version_callback(value: bool) -> None:
    if value:
        typer.echo(f"linkage {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=version_callback, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Audit how easily your own online accounts can be linked to each other."""


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        typer.echo(interrupted_message(), err=True)
        sys.exit(130)
    except SystemExit as exc:
        if exc.code == 130:  # Typer turns Ctrl-C into a silent exit with this code
            typer.echo(interrupted_message(), err=True)
        raise
    except OSError as exc:
        if debugging():
            raise
        from linkage.disk_errors import said

        typer.echo(f"linkage: {said(exc)}", err=True)  # which file, what is wrong, what to do
        sys.exit(2)
    except Exception as exc:
        if debugging():
            raise
        typer.echo(
            f"linkage: internal error ({exc.__class__.__name__}: {exc}). This is a bug in linkage; "
            "please report it, with the output of the same command run with --debug.",
            err=True,
        )
        sys.exit(1)
