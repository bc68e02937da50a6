"""Outside text made safe to show: what a server, a file or a profile says may hold escape
sequences (which rewrite a terminal: its title, its screen, a fake line), bidirectional
overrides (which turn a sentence round) and characters that show nothing (so that
``zoe\\u200bquill`` passes for ``zoequill``).

* :func:`one_line` is for a message's reason (a server's error text): such characters are
  dropped and line breaks become spaces.
* :func:`marked` is for an account's name and for lines printed on a terminal: each such
  character is written out as ``⟨U+202E⟩``, so that it can be seen rather than obeyed.
"""

from __future__ import annotations

import re

#: printable characters that show as nothing at all: they make a handle look like another
_BLANKS = frozenset("\u115f\u1160\u3164\u2800\uffa0")
_SPACES = re.compile(r"\s+")


def _hidden(ch: str) -> bool:
    """Shows nothing, or does something else than show (a line break and a tab are text)."""
    return ch not in " \n\t" and (not ch.isprintable() or ch in _BLANKS)


def one_line(text: str) -> str:
    """``text`` on one line, without control or format characters."""
    kept = "".join(" " if ch.isspace() else ch for ch in text if ch.isspace() or not _hidden(ch))
    return _SPACES.sub(" ", kept).strip()


def marked(text: str) -> str:
    """``text`` with every control, format or blank character written out (``⟨U+200B⟩``)."""
    if (text.isprintable() and _BLANKS.isdisjoint(text)) or not any(map(_hidden, text)):
        return text
    return "".join(f"⟨U+{ord(ch):04X}⟩" if _hidden(ch) else ch for ch in text)
