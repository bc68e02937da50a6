"""Outside text made safe to show: what a server, a file or a profile says may hold escape
sequences (which rewrite a terminal: its title, its screen, a fake line), bidirectional
overrides (which turn a sentence round) and characters that show nothing (so that
``zoe\\u200bquill`` passes for ``zoequill``).

* :func:`one_line` is for a message's reason (a server's error text): control characters and
  those that reorder or hide text are dropped, and line breaks become spaces.
* :func:`marked` is for what the report and the terminal show: each such character is written
  out as ``⟨U+202E⟩``, so that it can be seen rather than obeyed. Characters that ordinary
  writing uses stay as they are: a no-break space, a soft hyphen, the joiner inside an emoji
  (👩‍💻), the marks that set the direction of Arabic or Hebrew words.
* ``marked(..., strict=True)`` is for an account's name (a handle), where nothing invisible
  has a place: every character that is not plainly visible is written out.
"""

from __future__ import annotations

import re
import unicodedata

#: characters that reorder text or show nothing, with no use in ordinary writing: the
#: bidirectional embeddings, overrides and isolates, zero-width spaces and invisible operators
_SPOOFING = frozenset(
    chr(c)
    for c in (
        *range(0x202A, 0x202F),
        *range(0x2066, 0x206A),
        0x200B,
        0x2060,
        *range(0x2061, 0x2065),
        0xFEFF,
        0x180E,
    )
)
#: printable characters that show as nothing at all: in a handle they make it look like another
_BLANKS = frozenset("\u115f\u1160\u3164\u2800\uffa0")
_SPACES = re.compile(r"\s+")


def _hidden(ch: str, strict: bool = False) -> bool:
    """Does something other than show (a control, an override), or shows nothing; a line
    break and a tab are text."""
    if ch in "\n\t":
        return False
    if unicodedata.category(ch) == "Cc" or ch in _SPOOFING:
        return True
    return strict and ch != " " and (not ch.isprintable() or ch in _BLANKS)


def one_line(text: str) -> str:
    """``text`` on one line, without control characters or characters that hide or reorder
    text."""
    kept = "".join(" " if ch.isspace() else ch for ch in text if ch.isspace() or not _hidden(ch))
    return _SPACES.sub(" ", kept).strip()


def marked(text: str, *, strict: bool = False) -> str:
    """``text`` with every control character, and every character that reorders or hides
    text, written out (``⟨U+202E⟩``); ``strict``: also every other character that is not
    plainly visible (for a handle)."""
    text = text.replace("\r\n", "\n")  # a Windows line break is a line break
    if text.isprintable() and (not strict or _BLANKS.isdisjoint(text)):
        return text
    return "".join(f"⟨U+{ord(ch):04X}⟩" if _hidden(ch, strict) else ch for ch in text)
