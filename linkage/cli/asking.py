"""A yes-or-no question in the terminal, asked again in plain words when the answer is neither
(the framework's own question said only "Error: invalid input")."""

from __future__ import annotations

import typer

#: the answers taken, as the framework's own question takes them
_YES = frozenset({"y", "yes"})
_NO = frozenset({"n", "no"})


def yes_or_no(question: str, *, default: bool = False) -> bool:
    """The person's answer to ``question``: y or yes, n or no (any case), or Enter for
    ``default``; anything else is asked again, saying what to type. The end of input (or
    Ctrl-C) raises :class:`typer.Abort`, as the framework's question does."""
    choices = "[Y/n]" if default else "[y/N]"
    enter = "yes" if default else "no"
    while True:
        answer = typer.prompt(f"{question} {choices}", default="", show_default=False)
        said = answer.strip().lower()
        if not said:
            return default
        if said in _YES:
            return True
        if said in _NO:
            return False
        typer.echo(f"Type y or n (or press Enter for {enter}).")
