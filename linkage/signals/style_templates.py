"""Template posts in a pair of accounts, for the writing-style signal.

Two people whose posts follow one template (a dependency bot's ``chore(deps): bump X from
A to B``, a forge's ``Merge pull request #N from ...``, a project's release announcement)
share its words, punctuation and casing post after post, and no background of other writing
tells that apart from one author's habits: in a small audit, which has no cohort of its own
to measure a house style on (:mod:`linkage.signals.style_house`), three different people's
template commit messages reached the signal's 12-bit cap on every pair, and so did two
websites of one announcement template.

A pair's *template posts* are those of either side that a post of the other side matches up
to its variable parts: each post's words, lower-cased, with data (numbers, versions, hashes:
:func:`linkage.signals.style_pasted.is_data`) masked as one token, and two posts of at least
MIN_TOKENS tokens, each with a number in its data (a template *filled in*), match when their
token sets overlap by JACCARD or more (Jaccard index).
Only posts that begin or end alike (their first or last two tokens) are compared, so that a
pair costs little beyond the posts' own tokens. Two posts identical but for whitespace are not
a template filled twice: they are one text posted twice (a person's cross-post) and stay.

The pair is then compared on each side's other posts (the signal rebuilds the two samples
without the template posts, see :meth:`linkage.signals.style.StyleSignal.compare`): the
matching depends on the two accounts alone, so a pair scores the same whichever other
accounts are prepared with it, or after. Only inputs whose own null counts for less than
in full do this (:data:`linkage.signals.style_model.TEMPLATES_BELOW`); a larger one discounts
house style on its cohort.

Measured on the reviewer's fictional audits: three people of one commit template, 12.0 bits
on each pair -> 0.0 (nothing but the template is left to compare); with a fifth or half of
their commits from the template, 12.0 -> 2.8 and 4.6 (1.7 without the template at all); two
websites of one announcement template 12.0 -> 0.0; twelve template writers among 15
accounts, median 10.6 -> 2.1 bits, highest 12.0 -> 7.6. On the development benchmarks
(``python -m benchmarks engine``) only small audits moved: commit messages of 250 words AUC
0.8375 -> 0.8420 (Brier 0.0875 -> 0.0871), of 750 words Brier 0.0866 -> 0.0870, replies
against commit messages' same-genre control AUC 0.9704 -> 0.9718 (Brier 0.0535 -> 0.0530);
the second benchmark did not move. Matching templates without a number (any shared frame of
five or more tokens) took one writer's own recurring phrasings on both sides away too: the
second benchmark's commit messages of 750 and 2,000 words lost F1 at 0.5 (0.039 -> 0.000,
0.316 -> 0.286) and the same-genre control 0.517 -> 0.507.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from linkage.signals.style_features import clean
from linkage.signals.style_pasted import is_data

#: the fewest tokens of a post that can be a template filled in
MIN_TOKENS = 5
#: the least overlap of two posts' token sets (Jaccard index) for one template
JACCARD = 0.6
#: the token that stands for any data token (a number, a version, a hash)
DATA = "\x00"
#: text sequences read without a pair's template posts kept at most (then forgotten at once)
KEPT_LIMIT = 4096


@dataclass(frozen=True)
class Skeletons:
    """One account's posts ready to match: per post its whole text (whitespace folded), its
    token set (data masked), and the posts by their first and last two tokens."""

    texts: tuple[str, ...]
    sets: tuple[frozenset[str], ...]
    ends: dict[tuple[str, ...], tuple[int, ...]]


def skeletons(posts: Sequence[str]) -> Skeletons:
    """The posts of one account (see :class:`Skeletons`); posts under MIN_TOKENS tokens are
    left out of the matching."""
    texts: list[str] = []
    sets: list[frozenset[str]] = []
    ends: dict[tuple[str, ...], list[int]] = {}
    for post in posts:
        text = clean(post)
        raw = text.lower().split()
        data = [is_data(t) for t in raw]
        tokens = [DATA if d else t for t, d in zip(raw, data, strict=True)]
        texts.append(text)
        sets.append(frozenset(tokens))
        filled = any(d and any(c.isdigit() for c in t) for t, d in zip(raw, data, strict=True))
        if len(tokens) >= MIN_TOKENS and filled:
            k = len(texts) - 1
            for key in {("<", *tokens[:2]), (">", *tokens[-2:])}:
                ends.setdefault(key, []).append(k)
    return Skeletons(tuple(texts), tuple(sets), {k: tuple(v) for k, v in ends.items()})


def _alike(a: frozenset[str], b: frozenset[str]) -> bool:
    shared = len(a & b)
    return shared >= JACCARD * (len(a) + len(b) - shared)


def template_posts(a: Skeletons, b: Skeletons) -> tuple[frozenset[int], frozenset[int]]:
    """The indices of ``a``'s and of ``b``'s posts that follow a template both use (see the
    module text)."""
    found_a: set[int] = set()
    found_b: set[int] = set()
    for key, mine in a.ends.items():
        theirs = b.ends.get(key)
        if not theirs:
            continue
        for i in mine:
            for j in theirs:
                if i in found_a and j in found_b:
                    continue
                if a.texts[i] != b.texts[j] and _alike(a.sets[i], b.sets[j]):
                    found_a.add(i)
                    found_b.add(j)
    return frozenset(found_a), frozenset(found_b)


Read = TypeVar("Read")


class PairPosts(Generic[Read]):
    """Each account's posts, their skeletons once a pair needs them, and each sequence of
    posts read (by ``read``) without a pair's template posts, memoised."""

    def __init__(self, read: Callable[[list[str]], Read]) -> None:
        self._read = read
        self._texts: dict[str, tuple[str, ...]] = {}
        self._skeletons: dict[str, Skeletons] = {}
        self._kept: dict[tuple[str, ...], Read] = {}

    def remember(self, pid: str, texts: tuple[str, ...]) -> None:
        """Keep an account's posts (its skeletons go when they change)."""
        if self._texts.get(pid) != texts:
            self._texts[pid] = texts
            self._skeletons.pop(pid, None)

    def _skeleton(self, pid: str) -> Skeletons:
        if pid not in self._skeletons:
            self._skeletons[pid] = skeletons(self._texts.get(pid, ()))
        return self._skeletons[pid]

    def template_posts(self, a: str, b: str) -> tuple[frozenset[int], frozenset[int]]:
        """:func:`template_posts` of two remembered accounts."""
        return template_posts(self._skeleton(a), self._skeleton(b))

    def without(self, pid: str, left: frozenset[int]) -> Read:
        """An account's posts read without those ``left`` out."""
        kept = tuple(t for k, t in enumerate(self._texts[pid]) if k not in left)
        if kept not in self._kept:
            if len(self._kept) >= KEPT_LIMIT:
                self._kept.clear()
            self._kept[kept] = self._read(list(kept))
        return self._kept[kept]
