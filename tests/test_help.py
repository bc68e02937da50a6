"""Help texts worth reading: argument names in words, no Python types, one default per
option, an example for every command, and the demo listed first."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from linkage.cli import app

COMMANDS = [
    "demo",
    "collect",
    "audit",
    "link",
    "report",
    "explain",
    "sweep",
    "forget",
    "history",
    "app",
    "init",
]
#: Commands with nothing to quieten: they print a line or two, or are interactive.
NOTHING_TO_QUIETEN = {"forget", "history", "app", "init"}
PYTHON_TYPES = re.compile(r"<(path|str|int|float|bool|list\[[^\]]*\]|[a-z]+ range)>|\{[a-z_]+\}")


def help_text(*args: str) -> str:
    done = CliRunner().invoke(app, [*args, "--help"], terminal_width=100)
    assert done.exit_code == 0, done.output
    return done.output


def entries(text: str) -> list[str]:
    """The help's argument and option entries, each with its wrapped lines."""
    out: list[str] = []
    section = False
    for line in text.splitlines():
        if line in ("Options:", "Arguments:"):
            section = True
            continue
        if not section or not line.strip():
            continue
        if re.match(r"^  \S", line):
            out.append(line.strip())
        elif out:
            out[-1] += " " + line.strip()
    return out


def test_the_root_help_starts_with_the_demo_and_shows_an_example():
    text = help_text()
    commands = re.findall(r"^  ([a-z]+) ", text.split("Commands:", 1)[1], flags=re.M)
    assert commands[0] == "demo" and set(commands) == set(COMMANDS)
    assert "linkage demo" in text and "linkage audit accounts.toml" in text


@pytest.mark.parametrize("command", COMMANDS)
def test_command_help_reads_as_words(command):
    text = help_text(command)
    assert not PYTHON_TYPES.search(text), PYTHON_TYPES.search(text)
    assert re.search(r"Examples?:\s+linkage " + command, text), "no example"
    for entry in entries(text):
        assert len(re.findall(r"\bdefault\b", entry)) <= 1, entry
    if command not in NOTHING_TO_QUIETEN:
        assert "-q, --quiet" in text
