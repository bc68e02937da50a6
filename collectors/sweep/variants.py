"""Common variants of a username, the ones people (and searchers) try next.

``alex.example`` → ``alex.example``, ``alexexample``, ``alex_example``, ``alex-example``;
``AlexExample`` → also ``alexexample``, ``alex.example``…; ``alex_example1987`` → also
``alex_example`` (trailing digits dropped when at least four characters remain). The name as
given always comes first; at most ``limit`` names per username, no duplicates.
"""

from __future__ import annotations

import re

SEPARATORS = ("", ".", "_", "-")
_SPLIT = re.compile(r"[._\-\s]+")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_TRAILING_DIGITS = re.compile(r"^(.*?)[._\-]?\d+$")


def _words(name: str) -> list[str]:
    words: list[str] = []
    for part in _SPLIT.split(name):
        words.extend(w for w in _CAMEL.split(part) if w)
    return words


def variants(username: str, limit: int = 8) -> list[str]:
    """``username`` first, then its common variants (lower case, other separators, no digits)."""
    out: dict[str, None] = {username: None}
    bases = [username]
    stripped = _TRAILING_DIGITS.match(username)
    if stripped and len(stripped.group(1)) >= 4:
        bases.append(stripped.group(1))
    for base in bases:
        words = _words(base)
        if len(words) > 1:
            for sep in SEPARATORS:
                out.setdefault(sep.join(words).lower(), None)
        out.setdefault(base.lower(), None)
        out.setdefault(base, None)
    return [name for name in out if name][:limit]


def expand(usernames: list[str], with_variants: bool) -> list[str]:
    """The usernames to check, in order, without duplicates."""
    out: dict[str, None] = {}
    for name in usernames:
        for item in variants(name) if with_variants else [name]:
            out.setdefault(item, None)
    return list(out)
