"""Scoring pairs: every signal on each pair, on all cores when there are many pairs.

The pairs are scored in order (sorted by the first profile), so that signals keeping a
per-profile copy while its pairs are scored (style) make it about once. With many pairs and
more than one core, the prepared signals are shared with worker processes by forking (nothing
is copied up front) and each scores a contiguous share of the pairs, returning only the links
it keeps; the result is the same as scoring in one process.
"""

from __future__ import annotations

import gc
import math
from collections.abc import Sequence

import numpy as np

from linkage.evidence.weights import (
    log2_odds,
    probability_from_weight,
    total_weight,
    with_followable_floor,
)
from linkage.evidence.workers import map_shares
from linkage.records import Evidence, Link, Profile
from linkage.signals import Signal

#: fewer pairs than this are scored in this process (starting workers costs about 0.1 s)
PARALLEL_FROM = 200_000


def compare(signal: Signal, a: Profile, b: Profile) -> Evidence | None:
    try:
        return signal.compare(a, b)
    except (ValueError, TypeError, OSError) as exc:  # a signal never sinks the whole run
        return Evidence(signal.name, 0.0, f"could not compare ({exc.__class__.__name__})")


def make_link(a: str, b: str, evidence: list[Evidence], prior: float) -> Link:
    """The link record of accounts ``a`` and ``b``: the weights add (never below the
    followable evidence's, :func:`~linkage.evidence.weights.with_followable_floor`), the
    prior converts. Every link record of the model is made here."""
    evidence = with_followable_floor(evidence)
    weight = total_weight(evidence)
    return Link(
        a=a,
        b=b,
        probability=probability_from_weight(weight, prior),
        match_weight=weight,
        evidence=evidence,
    )


class PairScorer:
    """Scores pairs, skipping the costly signals of a pair that cannot reach
    ``min_probability`` even if they all gave their largest weight (exact: such a pair would
    not be kept anyway). The evidence keeps the signals' order."""

    def __init__(self, signals: Sequence[Signal], prior: float, min_probability: float) -> None:
        self.signals = list(signals)
        self.prior = prior
        self.min_probability = min_probability
        self.cheap = [k for k, s in enumerate(self.signals) if not s.costly]
        self.costly = [k for k, s in enumerate(self.signals) if s.costly]
        headroom = sum(self.signals[k].max_bits for k in self.costly)
        if min_probability > 0 and self.costly:
            self.floor = log2_odds(min_probability) - log2_odds(prior) - headroom
        else:
            self.floor = -math.inf

    def __call__(self, a: Profile, b: Profile) -> Link | None:
        found: list[Evidence | None] = [None] * len(self.signals)
        for k in self.cheap:
            found[k] = compare(self.signals[k], a, b)
        if self.floor > -math.inf and sum(e.match_weight for e in found if e) < self.floor:
            return None
        for k in self.costly:
            found[k] = compare(self.signals[k], a, b)
        return make_link(a.id, b.id, [e for e in found if e is not None], self.prior)


def score_pairs(
    profiles: Sequence[Profile],
    pairs: np.ndarray,
    scorer: PairScorer,
    *,
    workers: int | None = None,
    parallel_from: int = PARALLEL_FROM,
) -> list[Link]:
    """The links of ``pairs`` (index rows into ``profiles``) at or above the scorer's
    ``min_probability``.
    Workers are used only when a kept probability is set: sending millions of kept links back
    costs more than scoring them here."""
    if scorer.min_probability <= 0:
        return _score(profiles, pairs, scorer)
    return map_shares(
        lambda share: _score(profiles, share, scorer),
        pairs,
        min_items=parallel_from,
        workers=workers,
    )


def _score(profiles: Sequence[Profile], pairs: np.ndarray, scorer: PairScorer) -> list[Link]:
    links = []
    collecting = gc.isenabled()
    gc.disable()  # millions of small records: the cyclic collector would only slow this down
    try:
        for start in range(0, len(pairs), 65536):
            for i, j in pairs[start : start + 65536].tolist():
                link = scorer(profiles[i], profiles[j])
                if link is not None and link.probability >= scorer.min_probability:
                    links.append(link)
    finally:
        if collecting:
            gc.enable()
    return links
