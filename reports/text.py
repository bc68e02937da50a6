"""How values are written in the report: percentages, counts with their noun, dates, long
addresses that may wrap, texts shortened at a word, words joined into a sentence, and the set
of numbers behind a level word (for the ``details.numbers`` views). The template filters
``pct``, ``plural``, ``when`` and ``breakable`` are these functions."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from markupsafe import Markup, escape

from linkage.evidence.levels import crowd_size, describe_crowd, level_for
from linkage.read_memory import Kept
from linkage.snippet import shorten as shorten  # a template filter, kept where the rest are
from linkage.wording import plural as plural  # a template filter; the collectors use it too
from reports.graphemes import chunks as cluster_chunks


def pct(p: float) -> str:
    """A probability for the report's numbers: never "100 %" or "0 %" for what is not certain
    (from 99.5 % to 99.9 % one decimal, as for under 10 %)."""
    if p >= 0.999:
        return "over 99.9 %"
    if p < 0.001:
        return "under 0.1 %"
    if 0.1 <= p < 0.995:
        return f"{p * 100:.0f} %"
    return f"{p * 100:.1f} %"


def human_date(value: str | None) -> str:
    """'2026-12-05T05:08:07Z' → '5 December 2026, 05:08 UTC'; anything else unchanged."""
    if not value:
        return ""
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return value
    zone = "UTC" if when.utcoffset() is not None and not when.utcoffset() else ""
    return f"{when.day} {when:%B %Y, %H:%M} {zone}".strip()


_SEPARATORS = re.compile(r"([/.\-_@?&=:#~+])")
#: A run of this many characters with no space or separator may break inside (a hash, say).
LONGEST_RUN = 30
_RUN = re.compile(rf"[^\s/.\-_@?&=:#~+]{{{LONGEST_RUN + 1},}}")


def breakable(value: object) -> Markup:
    """Escape ``value`` and allow line breaks after the separators of URLs and handles
    (``<wbr>``), so a long address wraps at a slash or a dot, never inside a word; a run of
    more than ``LONGEST_RUN`` characters with nothing to break at may break every so often,
    between whole characters as a reader sees them (an accent stays on its letter, an emoji
    sequence whole: :mod:`reports.graphemes`)."""
    parts = _SEPARATORS.split(str(value))
    out = []
    for i, part in enumerate(parts):
        if i % 2 == 1:
            out.append(str(escape(part)) + "<wbr>")
            continue
        last = 0
        for run in _RUN.finditer(part):
            out.append(str(escape(part[last : run.start()])))
            text = run.group()
            pieces = cluster_chunks(text, LONGEST_RUN)
            out.append("<wbr>".join(str(escape(piece)) for piece in pieces))
            last = run.end()
        out.append(str(escape(part[last:])))
    return Markup("".join(out))


#: a value quoted in a sentence ("different locations ('ירושלים', 'القاهرة')"): from a quote
#: that no letter comes before to the first quote that no letter follows ("O'Brien" whole)
_QUOTED = re.compile(r"(?<!\w)'(.+?)'(?!\w)", re.DOTALL)


def right_to_left(text: str) -> bool:
    """Whether ``text`` holds a right-to-left letter (Hebrew, Arabic, Syriac…) or digit."""
    return not text.isascii() and _RIGHT_TO_LEFT.get(text, lambda: _right_to_left(text))


#: :func:`right_to_left`'s answers: a report asks it of every account's name in each of its
#: sentences
_RIGHT_TO_LEFT: Kept[bool] = Kept(limit=4_096)


def _right_to_left(text: str) -> bool:
    return any(unicodedata.bidirectional(ch) in ("R", "AL", "AN") for ch in text)


def isolated(value: object, names: Iterable[str] = (), breaking: bool = False) -> Markup:
    """A sentence of the report, escaped (and ``breaking``: breakable, :func:`breakable`), with each collected
    value in it that holds right-to-left letters in a ``<bdi>``: each quoted value, and each of
    ``names`` (handles, sides) where it stands. Two Hebrew or Arabic values side by side in a
    left-to-right sentence were drawn in the wrong order ("('القاهرة' ,'ירושלים')"), the
    second account's first; isolated, each keeps its place and its own direction."""
    text = str(value)
    spans = [(m.start(1), m.end(1)) for m in _QUOTED.finditer(text) if right_to_left(m.group(1))]
    wanted = sorted({n for n in names if n and right_to_left(n)}, key=len, reverse=True)
    if wanted:
        pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, wanted)) + r")(?!\w)")
        for m in pattern.finditer(text):
            if not any(start < m.end() and m.start() < end for start, end in spans):
                spans.append((m.start(), m.end()))
    written = breakable if breaking else escape
    out, last = [], 0
    for start, end in sorted(spans):
        out.append(str(written(text[last:start])))
        out.append(f"<bdi>{written(text[start:end])}</bdi>")
        last = end
    out.append(str(written(text[last:])))
    return Markup("".join(out))


def join_words(words: list[str]) -> str:
    """'a', 'a and b', 'a, b and c' (empty words left out)."""
    words = [w for w in words if w]
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def numbers(bits: float, probability: float) -> dict[str, Any]:
    """The numbers behind a level word, one consistent set for the details view."""
    crowd = describe_crowd(bits)
    return {
        "bits": bits,
        "probability": probability,
        "crowd": crowd,
        # "enough to pick one person out of nobody in particular" was said of -0.3 bits
        "picks": (
            "too little to pick anyone out of a crowd"
            if crowd_size(round(bits, 1)) <= 1
            else f"enough to pick one person out of {crowd}, no more: a stranger searching "
            "everyone online would still face many candidates"
            if level_for(bits).name == "low"
            else f"enough to pick one person out of {crowd}"
        ),
    }


#: Said once, when no site's name could be looked up: the computer is not online.
NO_CONNECTION = (
    "This computer could not look up any of the sites' names, so it is probably not "
    "connected to the internet: check the connection, then run the audit again."
)


#: When no account was read and no site could be reached, said once and first.
NOT_REACHED = (
    "linkage could not reach any site: check this computer's internet connection, then run "
    "the audit again."
)
#: The advice that says the trouble is the connection: said first, and in redacted outputs.
CONNECTION_ADVICE = (NO_CONNECTION, NOT_REACHED)


def shared_advice(
    statuses: list[str],
    *,
    unresolved: list[bool] | None = None,
    none_read: bool = False,
    unreachable: list[bool] | None = None,
) -> tuple[list[str], str | None]:
    """Reasons an account could not be read, and the advice closing them when it is the same
    for every one ("Check your connection, or try again later."), to say it once: (each
    reason without that advice, the advice), or (the reasons as they are, None). When no
    account was read (``none_read``), two or more failed and no site's name could be looked up
    for any of them (``unresolved``, one flag per status: :attr:`linkage.status.Status.unresolved`), each reason is "could not reach its site" and the advice
    :data:`NO_CONNECTION`: not the same long address-by-address lines."""
    if none_read and len(statuses) >= 2 and unresolved and all(unresolved):
        return ["could not reach its site."] * len(statuses), NO_CONNECTION
    parts = [status.strip().rstrip(".").rsplit(". ", 1) for status in statuses]
    if none_read and len(statuses) >= 2 and unreachable and all(unreachable):
        # no site could be reached at all (``unreachable``): the connection, said once; each
        # account keeps its short reason without the advice
        return [p[0] + "." for p in parts], NOT_REACHED
    advice = {p[1] for p in parts if len(p) == 2}
    if len(statuses) < 2 or len(advice) != 1 or any(len(p) != 2 for p in parts):
        return list(statuses), None
    return [p[0] + "." for p in parts], advice.pop() + "."
