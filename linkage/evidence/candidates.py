"""Blocking: which pairs of a large input are worth scoring.

Small inputs (an audit, a team) are scored pair by pair. Above ``ALL_PAIRS_LIMIT`` profiles,
only candidate pairs are scored: pairs that share a blocking key (the same username core or
name part, a link from one to the other or to the same site, an avatar hash band, a rare bio
word, ...), plus any pairs a signal proposes itself (``Signal.candidate_pairs``: the style signal
proposes each sample's nearest neighbours by writing, up to 4,000 samples). Each signal supplies its own keys through
``Signal.block_keys``; keys shared by more than ``MAX_BLOCK`` profiles (a common surname, a
popular host, a town) are too unspecific to block on and are skipped. The cap is a number of
profiles, not a share: in a larger input a key must be rarer to count, as the evidence needed
grows with it (with the default prior, a pair reaches even odds only with about log2(N - 1)
bits: 13 among 10,000 profiles, 17 among 100,000). So the work grows near-linearly with the
input. A signal may set a lower cap for a kind of key that is less specific by nature
(``Signal.block_caps``: the username signal's four-letter pieces of handles, 20). On
synthetic inputs the cap of 50 keeps 99 % or more of the pairs that all-pairs
scoring of a sample puts at 0.5 or above (``python -m benchmarks scale``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import numpy as np

from linkage.records import Profile
from linkage.signals import Signal

ALL_PAIRS_LIMIT = 2500
MAX_BLOCK = 50


def candidate_pairs(
    profiles: Sequence[Profile], signals: Sequence[Signal], *, max_block: int = MAX_BLOCK
) -> np.ndarray:
    """Index pairs ``(i, j)`` with ``i < j`` into ``profiles`` that share a blocking key or that
    a signal proposes, as a sorted array of shape (pairs, 2) without repeats. Pairs are held
    as one integer each (``i * n + j``) and each signal's keys are dropped once its blocks are
    made, so that memory grows with the pairs, not with the keys."""
    n = len(profiles)
    codes: list[np.ndarray] = []
    pending = 0
    upper: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    for signal in signals:
        blocks: dict[str, list[int]] = defaultdict(list)
        for index, profile in enumerate(profiles):
            for key in set(signal.block_keys(profile)):
                blocks[key].append(index)  # in index order, each index once: sorted, unique
        twos: list[int] = []
        caps = signal.block_caps
        for key, members in blocks.items():
            size = len(members)
            if size < 2 or size > max_block:
                continue
            if caps and size > caps.get(key.split(":", 1)[0], max_block):
                continue
            if size == 2:
                twos.append(members[0] * n + members[1])
                continue
            if size not in upper:
                upper[size] = np.triu_indices(size, 1)
            first, second = upper[size]
            unique = np.asarray(members, dtype=np.int64)
            codes.append(unique[first] * n + unique[second])
            pending += len(first)
        del blocks
        codes.append(np.asarray(twos, dtype=np.int64))
        pending += len(twos)
        proposed = np.asarray(list(signal.candidate_pairs(profiles)), dtype=np.int64)
        if proposed.size:
            proposed = np.sort(proposed.reshape(-1, 2), axis=1)
            proposed = proposed[proposed[:, 0] != proposed[:, 1]]
            codes.append(proposed[:, 0] * n + proposed[:, 1])
            pending += len(proposed)
        if pending > 8_000_000:  # fold now and then: repeats across keys would pile up
            codes, pending = [np.unique(np.concatenate(codes))], 0
    merged = np.unique(np.concatenate(codes)) if codes else np.zeros(0, dtype=np.int64)
    return np.stack([merged // max(n, 1), merged % max(n, 1)], axis=1)
