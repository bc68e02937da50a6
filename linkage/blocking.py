"""Blocking: which pairs of a large input are worth scoring.

Small inputs (an audit, a team) are scored pair by pair. Above ``ALL_PAIRS_LIMIT`` profiles,
only candidate pairs are scored: pairs that share a blocking key (the same username core or
name part, a link from one to the other or to the same site, an avatar hash band, a rare bio
word, ...), plus pairs a signal proposes itself (writing-style nearest neighbours). Each
signal supplies its own keys through ``Signal.block_keys``; keys shared by more than
``MAX_BLOCK`` profiles (a common surname, a popular host) are too unspecific to block on and
are skipped, so the work grows near-linearly with the input.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Sequence

from linkage.records import Profile
from linkage.signals import Signal

ALL_PAIRS_LIMIT = 2500
MAX_BLOCK = 500


def all_pairs(count: int) -> Iterable[tuple[int, int]]:
    return itertools.combinations(range(count), 2)


def candidate_pairs(
    profiles: Sequence[Profile], signals: Sequence[Signal], *, max_block: int = MAX_BLOCK
) -> set[tuple[int, int]]:
    """Index pairs ``(i, j)`` with ``i < j`` into ``profiles`` that share a blocking key."""
    blocks: dict[str, list[int]] = defaultdict(list)
    pairs: set[tuple[int, int]] = set()
    for signal in signals:
        for index, profile in enumerate(profiles):
            for key in signal.block_keys(profile):
                blocks[f"{signal.name}|{key}"].append(index)
        proposed = signal.candidate_pairs(profiles)
        if proposed:
            pairs.update((min(i, j), max(i, j)) for i, j in proposed if i != j)
    for members in blocks.values():
        if 2 <= len(members) <= max_block:
            unique = sorted(set(members))
            pairs.update(itertools.combinations(unique, 2))
    return pairs
