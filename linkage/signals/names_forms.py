"""Which parts of a name a username is built from, for the ``username`` signal.

:func:`explain` reads a handle's letters against a candidate name
(:class:`linkage.signals.names_parts.Hypothesis`): ``first.last``, ``flast``, ``lastfirst``,
a first name or surname cut short, or an abbreviation (``rdpem`` for Rosalind Pemberton).
:func:`weaker` and :func:`stronger` compare the levels at which two accounts show a part.
The rarity of what they share is :func:`linkage.signals.names_parts.part_bits`.
"""

from __future__ import annotations

from dataclasses import dataclass

from linkage.read_memory import Kept
from linkage.signals.names_parts import MIN_SURNAME_PREFIX, Hypothesis


@dataclass
class Parts:
    """Which parts of a name an account shows: 'full', a prefix length, 'initial' or None."""

    first: str | int | None = None
    last: str | int | None = None
    leftover: str = ""
    form: str = ""

    def score(self) -> int:
        f = {"full": 4, "initial": 1, None: 0}.get(self.first, 2)  # type: ignore[arg-type]
        ln = {"full": 4, "initial": 1, None: 0}.get(self.last, 2)  # type: ignore[arg-type]
        return f + ln


_EXPLAINED: Kept[Parts] = Kept(limit=500_000)


def explain(core: str, hyp: Hypothesis) -> Parts:
    """Which parts of the name ``hyp`` the handle core (letters only) is built from (cached)."""
    key = (core, hyp.key)
    return _EXPLAINED.get(key, lambda: _explain(core, hyp))


def _explain(core: str, hyp: Hypothesis) -> Parts:
    best = Parts(leftover=core)
    if not core:
        return best
    candidates: list[Parts] = []
    firsts = [v for v in hyp.first_variants if len(v) >= 2]
    lasts = [v for v in hyp.last_variants if len(v) >= 2]
    # full first name at the start, then the surname / its initial / nothing
    for f in firsts:
        if core.startswith(f):
            rest = core[len(f) :]
            candidates.append(_rest_after_first(rest, lasts, hyp))
        if core.endswith(f) and len(core) > len(f):  # lastfirst, or initial + first
            head = core[: -len(f)]
            matched = False
            for ln in lasts:
                if head == ln:
                    candidates.append(Parts("full", "full", "", "lastfirst"))
                    matched = True
                elif head.endswith(ln):
                    candidates.append(Parts("full", "full", head[: -len(ln)], "lastfirst"))
                    matched = True
            if not matched:
                if len(head) == 1 and hyp.last and head == hyp.last[0]:
                    candidates.append(Parts("full", "initial", "", "lfirst"))
                elif len(f) >= 5:  # a short name at the end is often a coincidence
                    candidates.append(Parts("full", None, head, "xfirst"))
        elif f in core and len(f) >= 5:
            i = core.index(f)
            candidates.append(Parts("full", None, core[:i] + core[i + len(f) :], "xfirstx"))
    # the surname at the start or the end, with the first initial or first name
    for ln in lasts:
        if core.startswith(ln):
            rest = core[len(ln) :]
            cut = _cut_first(rest, hyp.first) if rest and len(hyp.first) >= 2 else None
            if rest and hyp.first and rest == hyp.first[0]:
                candidates.append(Parts("initial", "full", "", "lastf"))
            elif cut is not None:  # the first name cut short after it: pembertonro
                candidates.append(Parts(cut[0], "full", cut[1], ABBREVIATION))
            elif rest:
                candidates.append(Parts(None, "full", rest, "lastx"))
            else:
                candidates.append(Parts(None, "full", "", "last"))
        if core.endswith(ln) and len(core) > len(ln):
            head = core[: -len(ln)]
            if hyp.first and head == hyp.first[0]:
                candidates.append(Parts("initial", "full", "", "flast"))
            else:
                k = _first_prefix(head, firsts)
                if k:
                    candidates.append(Parts(k, "full", head[k:], "frlast"))
                else:
                    candidates.append(Parts(None, "full", head, "xlast"))
        elif ln in core and len(ln) >= 4 and not core.startswith(ln):
            i = core.index(ln)
            head = core[:i]
            k = _first_prefix(head, firsts)
            left = head[k:] + core[i + len(ln) :] if k else head + core[i + len(ln) :]
            candidates.append(Parts(k or None, "full", left, "xlastx"))
    candidates.extend(_abbreviated(core, hyp, lasts))
    # a truncated first name (at least 3 letters), possibly with something after it
    if not candidates:
        k = _first_prefix(core, firsts)
        if k:
            rest = core[k:]
            if rest and lasts and any(rest == ln for ln in lasts):
                candidates.append(Parts(k, "full", "", "frlast"))
            elif rest and hyp.last and rest == hyp.last[0]:
                candidates.append(Parts(k, "initial", "", "frl"))
            else:
                candidates.append(Parts(k, None, rest, "truncated"))
    if not candidates:  # the surname cut short, alone: "sokol" for Sokolov
        for ln in lasts:
            if MIN_SURNAME_PREFIX < len(core) < len(ln) and ln.startswith(core):
                candidates.append(Parts(None, len(core), "", "lasttrunc"))
                break
    for cand in candidates:
        if cand.score() > best.score() or (
            cand.score() == best.score() and len(cand.leftover) < len(best.leftover)
        ):
            best = cand
    return best


def _rest_after_first(rest: str, lasts: list[str], hyp: Hypothesis) -> Parts:
    if not rest:
        return Parts("full", None, "", "first")
    for ln in lasts:
        if rest == ln:
            return Parts("full", "full", "", "firstlast")
    for ln in sorted(lasts, key=len, reverse=True):
        if rest.startswith(ln):
            return Parts("full", "full", rest[len(ln) :], "firstlastx")
    if hyp.last and rest == hyp.last[0]:
        return Parts("full", "initial", "", "firstl")
    for ln in lasts:  # a truncated surname ("federicopizza")
        if len(rest) >= MIN_SURNAME_PREFIX and ln.startswith(rest):
            return Parts("full", len(rest), "", "firstlasttrunc")
    return Parts("full", None, rest, "firstx")


#: the longest abbreviation of a first name before a surname ("rd" or "rsd" for Rosalind)
MAX_ABBREVIATION = 4
#: the form of a handle that abbreviates a first name before a surname (:func:`_abbreviated`)
ABBREVIATION = "abbrevlast"


def _abbreviated(core: str, hyp: Hypothesis, lasts: list[str]) -> list[Parts]:
    """A first name cut short, then the surname or its first three letters or more: the
    initial alone (``rpem``), the start of the first name (``rosalpem``), or a few of its
    letters in order from its initial (``rdpem``, ``rsdpemberton``) for Rosalind Pemberton.
    The first name counts as its initial, or as its start from four letters on; letters
    picked out of it are the handle's own choice (its ``leftover``); a cut surname counts as
    its first letters (:func:`part_bits`)."""
    first = hyp.first
    if not first or len(first) < 2:
        return []
    found = []
    for ln in lasts:
        for k in range(len(ln), MIN_SURNAME_PREFIX - 1, -1):
            head = core[:-k]
            if not head or not core.endswith(ln[:k]):
                continue
            cut = _cut_first(head, first)
            if cut is None:
                continue
            last: str | int = "full" if k == len(ln) else k
            found.append(Parts(cut[0], last, cut[1], ABBREVIATION))
            break
    return found


def _cut_first(text: str, first: str) -> tuple[str | int, str] | None:
    """``text`` read as the first name cut short: its start (the level is its length from
    four letters on, else the initial) or a few of its letters in order from its initial
    (the initial, and the picked letters left over); None when it is neither."""
    if not text or text[0] != first[0] or len(text) >= len(first):
        return None
    if first.startswith(text):
        return (len(text) if len(text) >= MIN_PREFIX else "initial"), ""
    if len(text) <= MAX_ABBREVIATION and _in_order(text[1:], first[1:]):
        return "initial", text[1:]
    return None


def _in_order(letters: str, word: str) -> bool:
    """Whether ``letters`` are letters of ``word`` in the same order (not always adjacent)."""
    rest = iter(word)
    return all(ch in rest for ch in letters)


#: a truncated first name counts from four letters on ("hend" for Hendrika; "ben" is too common)
MIN_PREFIX = 4


def _first_prefix(text: str, firsts: list[str]) -> int:
    """Length (>= MIN_PREFIX) of the longest proper prefix of a first name that ``text`` starts with."""
    best = 0
    for f in firsts:
        k = 0
        limit = min(len(f), len(text))
        while k < limit and f[k] == text[k]:
            k += 1
        if k >= MIN_PREFIX and k > best:
            best = k
    return best


def weaker(a: str | int | None, b: str | int | None) -> str | int | None:
    """The weaker of two levels at which a name part is shown (what two accounts share)."""
    if a is None or b is None:
        return None
    if a == "full":
        return b
    if b == "full":
        return a
    if a == "initial" or b == "initial":
        return "initial"
    return min(a, b)  # two prefixes: the shorter one  # type: ignore[type-var]


def stronger(a: str | int | None, b: str | int | None) -> str | int | None:
    if a is None:
        return b
    if b is None:
        return a
    if a == "full" or b == "full":
        return "full"
    if isinstance(a, int) and isinstance(b, int):
        return max(a, b)
    return a if isinstance(a, int) else b
