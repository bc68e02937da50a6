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
from linkage.cli.audit_commands import audit, collect, demo
from linkage.cli.commanding import PlainCommand, debugging, handled
from linkage.cli.kept_commands import forget, history
from linkage.cli.link_commands import explain, link, report
from linkage.cli.sweep_command import sweep

app = typer.Typer(
    name="linkage",
    help=(
        "Audit how easily your own online accounts can be linked to each other: collect their "
        "public profiles, score every pair, and report what connects your personal and "
        "professional sides and what to change.\n\n"
        "Start with the demo, then audit your own accounts:\n\n"
        "\b\n"
        "  linkage demo -o report.html\n"
        "  linkage audit accounts.toml -o report.html\n\n"
        "Each command explains itself: linkage COMMAND --help."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _register(function: Callable[..., None], name: str | None = None) -> None:
    """Add ``function`` to :data:`app` as a command (named after it unless ``name`` is given),
    with the handling every command shares (:func:`linkage.cli.commanding.handled`)."""
    app.command(name, cls=PlainCommand)(handled(function))


# The order here is the order 'linkage --help' lists them.
_register(demo)
_register(collect)
_register(audit)
_register(link)
_register(report)
_register(explain)
_register(sweep)
_register(forget)
_register(history)
_register(local_app, name="app")  # not named after its function: 'app' is taken here
_register(init)


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


INTERRUPTED = "linkage: interrupted. Whatever was already written (collected profiles) is kept."


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        typer.echo(INTERRUPTED, err=True)
        sys.exit(130)
    except SystemExit as exc:
        if exc.code == 130:  # Typer turns Ctrl-C into a silent exit with this code
            typer.echo(INTERRUPTED, err=True)
        raise
    except OSError as exc:
        if debugging():
            raise
        typer.echo(f"linkage: {exc.filename or 'a file'}: {exc.strerror or exc}.", err=True)
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
