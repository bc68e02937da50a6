"""A broken accounts file is said in plain words: the line at fault, as written, what is wrong
with it and how to write it (it said "not valid TOML (Invalid value (at line 1, column 9))")."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linkage.accounts import load_accounts
from linkage.errors import InputError
from linkage.toml_words import plain_toml_error


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (
            'owner = Alex\n[[account]]\nhandle = "github:a"',
            "line 1 (the line reads: owner = Alex): the value after owner = must be in double "
            'quotes, as in owner = "Alex".',
        ),
        (
            '[[account]]\nhandle = "github:alex-example\npersona = "personal"',
            'line 2 (the line reads: handle = "github:alex-example): a quoted value is not closed',
        ),
        (
            '[[account]]\nhandle = "github:a"\npersona = "personal',  # open at the very end
            'line 3 (the line reads: persona = "personal): a quoted value is not closed',
        ),
        (
            "[[account]]\nhandle = “github:a”",
            'use straight double quotes ("), as in handle = "github:a"',
        ),
        (
            '[[account]]\nhandle "github:a"',
            "each setting is a name, an equals sign and a quoted value",
        ),
        (
            '[[account]\nhandle = "github:a"',
            "line 1 (the line reads: [[account]): each account starts",
        ),
        (
            '[[account]]\nhandle = "github:a"\nhandle = "reddit:b"',
            'line 3 (the line reads: handle = "reddit:b"): a setting is given twice in one account',
        ),
        (
            '[account]\nhandle = "github:a"\n[[account]]\nhandle = "reddit:b"',
            "line 3 (the line reads: [[account]]): an account is begun with [account] in one place",
        ),
        ('[[account]]\nhandle = "github:a" persona = "x"', "put each setting on a line of its own"),
        (
            "owner = ",
            'a value is missing after owner =: write it in double quotes, as in owner = "…"',
        ),
    ],
)
def test_a_broken_accounts_file_names_the_line_and_what_to_write(
    tmp_path: Path, text: str, said: str
) -> None:
    path = tmp_path / "accounts.toml"
    path.write_text(text, "utf-8")
    with pytest.raises(InputError) as info:
        load_accounts(path)
    message = str(info.value)
    assert message.startswith(f"{path}, ")
    assert said in message, message
    assert "TOML" not in message and "column" not in message


def test_a_long_line_is_shown_in_part(tmp_path: Path) -> None:
    path = tmp_path / "accounts.toml"
    path.write_text("owner = " + "A" * 500, "utf-8")
    with pytest.raises(InputError) as info:
        load_accounts(path)
    assert "A" * 60 in str(info.value) and "A" * 100 not in str(info.value)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="[]=\"'“”\n abc=#\\1", max_size=60))
def test_any_broken_text_gets_a_sentence(text: str) -> None:
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        words = plain_toml_error(text, str(exc))
        assert words.startswith(("line ", "the file")) and words.endswith((".", ")."))
