"""The README's command reference is the commands' own ``--help``: they never drift."""

from __future__ import annotations

from linkage.cli.reference import END, README, START, reference, with_reference


def test_the_readme_command_reference_is_generated_from_the_help_texts():
    readme = README.read_text(encoding="utf-8")
    assert START in readme and END in readme
    assert with_reference(readme) == readme, (
        "README.md's command reference is out of date: run python -m linkage.cli.reference --write"
    )


def test_the_reference_covers_every_command():
    text = reference()
    for name in ("demo", "audit", "report", "explain", "forget", "app"):
        assert f"#### linkage {name}" in text
