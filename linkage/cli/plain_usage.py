"""The command line's own usage mistakes (an option's value refused, an option that does not
exist, a value missing after an option) said as every other refusal of linkage is: one line,
"linkage: …", with what to do, instead of the framework's "Usage: … Error: Invalid value for
'-o' / '--output': …" block.

:class:`linkage.cli.commanding.PlainCommand` turns each usage error of reading a command's
line into a :class:`PlainUsageError` with :func:`plain_words`.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Sequence
from typing import IO, Any, TypeVar

import typer

from linkage.shown_text import marked

#: the command-line framework's exceptions: click's, which newer typers carry inside themselves
#: (``typer._click``), so they are found where typer's own BadParameter is
errors: Any = importlib.import_module(typer.BadParameter.__module__)
T = TypeVar("T")
#: the "error" that shows a command's help when it is given nothing (no_args_is_help)
_HELP_INSTEAD: Any = getattr(errors, "NoArgsIsHelpError", ())

#: the framework's own words for a number it could not take ("Input should be greater than or
#: equal to 0.1", "'x' is not a valid integer", "5 is not in the range 0<=x<=3")
_FRAMEWORK_NUMBER = re.compile(
    r"^(Input should be|.* is not a valid (integer|float|number)|.* is not in the range)"
)


class PlainUsageError(errors.UsageError):
    """A usage error shown as linkage's other refusals are: "linkage: MESSAGE", one line on
    the error stream, no usage block (exit status 2)."""

    def show(self, file: IO[Any] | None = None) -> None:
        typer.echo(f"linkage: {marked(self.message)}", file=file, err=file is None)


def plain_words(error: Any, ctx: Any, args: Sequence[str]) -> str:
    """What ``error``, raised while reading ``args`` (the command's line as typed), says in
    linkage's words: which option, what is wrong, what to do."""
    path = ctx.command_path
    helped = f"'{path} --help' lists its options"
    if isinstance(error, errors.MissingParameter):  # its own hint says what to do
        return error.format_message()
    if isinstance(error, errors.BadParameter):
        return _bad_value(error, args)
    if isinstance(error, errors.NoSuchOption):
        close = sorted(error.possibilities or ())
        listed = ", ".join(close[:-1]) + " or " + close[-1] if len(close) > 1 else "".join(close)
        maybe = f" Did you mean {listed}?" if close else ""
        return f"{path} has no option {error.option_name}.{maybe} {helped}."
    if isinstance(error, errors.BadOptionUsage) and "requires an argument" in error.message:
        name = error.option_name
        param = next((p for p in ctx.command.params if name in getattr(p, "opts", ())), None)
        what = getattr(param, "metavar", None) or "a value"
        return f"{name} needs {_article(what)} after it. {helped}, and what each takes."
    if isinstance(error, errors.BadOptionUsage) and "does not take a value" in error.message:
        name = error.option_name
        return f"{name} takes no value: write {name} alone. {helped}, and what each takes."
    unknown = re.match(r"^No such command '(.*)'\.(.*)$", error.message)
    if unknown:
        return (
            f"{path} has no command '{unknown.group(1)}'.{unknown.group(2)} '{path} --help' "
            "lists its commands."
        )
    extra = re.match(r"^Got unexpected extra argument(?:s|\(s\))? \((.*)\)$", error.message)
    if extra:
        return (
            f"{path} does not take '{extra.group(1)}' as well (a name with spaces in it is "
            f"written in quotes). '{path} --help' says what it takes."
        )
    message = error.message.strip()
    end = "" if message.endswith((".", "?", "!")) else "."
    return f"{message}{end} '{path} --help' says how to write it."


def plainly(read: Callable[[], T], ctx: Any, args: Sequence[str]) -> T:
    """``read()`` (the framework's reading of ``args``, the command's line), its usage errors
    said in linkage's words (:func:`plain_words`)."""
    typed = list(args)
    try:
        return read()
    except errors.UsageError as error:
        if isinstance(error, (PlainUsageError, _HELP_INSTEAD)):  # said, or the help itself
            raise
        raise PlainUsageError(plain_words(error, ctx, typed), ctx) from None


def _article(metavar: str) -> str:
    """An option's value as said after "needs": "a FILE", "a NUMBER", "a value"."""
    if metavar == "a value":
        return metavar
    return f"{'an' if metavar[:1] in 'AEIOU' else 'a'} {metavar}"


def _bad_value(error: Any, args: Sequence[str]) -> str:
    """An option's (or an argument's) value refused: the option as typed, then why; a number
    the framework could not take is said as what the option takes."""
    param = error.param
    if param is None:
        return error.message
    option = param.param_type_name == "option"
    name = _as_typed(param, args) if option else _argument(param)
    message = error.message
    if _FRAMEWORK_NUMBER.match(message):
        given = _given(param, args) if option else None
        not_that = f", not '{given}'" if given is not None else ""
        return f"{name} takes {_number(param, message)}{not_that}."
    return f"{name}: {message}" if option else message


def _number(param: Any, message: str) -> str:
    """The numbers an option takes, in words: "a whole number from 0 to 65535", "a number of
    0.1 or more"."""
    described = getattr(param, "type_descriptor", None)  # where typer keeps the annotation
    whole = "integer" in message or getattr(described, "annotation", None) is int
    noun = "a whole number" if whole else "a number"
    low, high = getattr(param, "min", None), getattr(param, "max", None)
    if low is not None and high is not None:
        return f"{noun} from {low:g} to {high:g}"
    if low is not None:
        return f"{noun} of {low:g} or more"
    if high is not None:
        return f"{noun} of {high:g} or less"
    return noun


def _argument(param: Any) -> str:
    """An argument as its command's help names it (ACCOUNTS_FILE)."""
    return str(getattr(param, "metavar", None) or (param.name or "").upper())


def _as_typed(param: Any, args: Sequence[str]) -> str:
    """The option's name as the person typed it (``-o`` or ``--output``), else its longest."""
    names = list(getattr(param, "opts", ())) + list(getattr(param, "secondary_opts", ()))
    typed = [arg.split("=", 1)[0] for arg in args if arg.split("=", 1)[0] in names]
    return typed[-1] if typed else max(names, key=len)


def _given(param: Any, args: Sequence[str]) -> str | None:
    """The value the person typed for ``param`` (the last one given), or None."""
    names = set(getattr(param, "opts", ()))
    found = None
    for index, arg in enumerate(args):
        if arg in names and index + 1 < len(args):
            found = args[index + 1]
        elif "=" in arg and arg.split("=", 1)[0] in names:
            found = arg.split("=", 1)[1]
    return found
