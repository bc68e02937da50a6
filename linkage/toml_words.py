"""What is wrong with an accounts file that is not valid TOML, in plain words.

The TOML reader says "Invalid value (at line 1, column 9)" or "Unterminated string (at end of
document)": true, and no help to someone who wrote ``owner = Alex`` in a text editor. This
module finds the line at fault (the reader does not always say which: a string left open is
found "at end of document") and says what is wrong with it and how to write it, quoting the
line as written.
"""

from __future__ import annotations

import re

_AT = re.compile(r"\(at line (\d+), column (\d+)\)")
_KEY_VALUE = re.compile(r"^\s*([A-Za-z0-9_-]+)\s*=\s*(.*?)\s*$")
_SECTION = re.compile(r"^\s*\[")
_CURLY = "“”‘’„«»"
#: how a line of an accounts file is written
EXAMPLE = 'handle = "github:alex-example"'
SHOWN = 80  # characters of the line at fault shown


def plain_toml_error(text: str, error: str) -> str:
    """``line N: what is wrong, and what to write`` for the TOML reader's ``error`` on
    ``text``."""
    lines = text.splitlines()
    found = _AT.search(error)
    number = int(found.group(1)) if found else _open_quote_line(lines) or _repeated_key(lines)
    if number is None and "end of document" in error:
        number = max((n for n, line in enumerate(lines, start=1) if line.strip()), default=None)
    line = lines[number - 1] if number and 0 < number <= len(lines) else ""
    where = f"line {number}" if number else "the file"
    shown = f" (the line reads: {_shorter(line.strip())})" if line.strip() else ""
    return f"{where}{shown}: {_what(error, line)}"


def _what(error: str, line: str) -> str:
    match = _KEY_VALUE.match(line)
    key, value = (match.group(1), match.group(2)) if match else ("handle", "")
    if value and value[0] in _CURLY:
        return (
            "the value is in curly quotes, which word processors put in; use straight double "
            f'quotes ("), as in {key} = "{_shorter(value.strip(_CURLY), 40)}". A plain-text editor (Notepad, '
            "TextEdit in plain-text mode) keeps them straight."
        )
    if "Unterminated string" in error or "Illegal character" in error or 'Expected "\'"' in error:
        return (
            f"a quoted value is not closed: end it with the quote it begins with, as in {EXAMPLE}."
        )
    if "Invalid value" in error and match and not value:
        return f'a value is missing after {key} =: write it in double quotes, as in {key} = "…".'
    if "Invalid value" in error and match:
        return f'the value after {key} = must be in double quotes, as in {key} = "{_shorter(value, 40)}".'
    if "Expected '=' after a key" in error:
        return f"each setting is a name, an equals sign and a quoted value, as in {EXAMPLE}."
    repeated = "Cannot overwrite a value" in error or "Cannot declare" in error
    if repeated and _SECTION.match(line):
        return (
            "an account is begun with [account] in one place and [[account]] in another: begin "
            "every account with [[account]], two brackets each side."
        )
    if "array declaration" in error or "table declaration" in error or _SECTION.match(line):
        return "each account starts with a line that reads [[account]], two brackets each side."
    if repeated:
        return (
            "a setting is given twice in one account. Start each account with its own "
            "[[account]] line, and give each setting once in it."
        )
    if "Expected newline or end of document" in error:
        return f"put each setting on a line of its own, as in {EXAMPLE}."
    return (
        f"this line cannot be read ({error}). Each setting is written as in {EXAMPLE}, and each "
        "account starts with [[account]]; 'linkage init' writes a file for you."
    )


def _shorter(line: str, most: int = SHOWN) -> str:
    return line if len(line) <= most else line[: most - 1] + "…"


def _open_quote_line(lines: list[str]) -> int | None:
    """The first line whose quoted value is not closed on it (a value in triple quotes may
    run over lines, and is not looked into)."""
    for number, line in enumerate(lines, start=1):
        match = _KEY_VALUE.match(line)
        value = match.group(2) if match else ""
        if '"""' in value or "'''" in value:
            return None
        quote = value[:1]
        if quote in "\"'" and quote and not _closed(value[1:], quote):
            return number
    return None


def _closed(rest: str, quote: str) -> bool:
    """Whether ``rest`` (a value after its opening quote) holds the closing quote."""
    escaped = False
    for char in rest:
        if char == quote and not escaped:
            return True
        escaped = quote == '"' and char == "\\" and not escaped
    return False


def _repeated_key(lines: list[str]) -> int | None:
    """The line of a key given a second time in one section."""
    seen: set[str] = set()
    for number, line in enumerate(lines, start=1):
        if _SECTION.match(line):
            seen = set()
            continue
        match = _KEY_VALUE.match(line)
        if match:
            if match.group(1) in seen:
                return number
            seen.add(match.group(1))
    return None
