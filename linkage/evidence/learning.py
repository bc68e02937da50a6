"""Sure pairs of the input, from which a signal may learn this input's own weights.

A signal calibrated on shipped reference data can be far more (or less) telling on the
input at hand: writing style in particular depends on the kind of writing, and the
reference's is not the input's. Record linkage has a standard answer (Splink estimates one
comparison's m probabilities on pairs that other comparisons already tie, "training on
deterministic rules"): pairs that the *other* signals tie with near certainty (a rare
username both accounts use, the same picture, a verified link) are, as nearly as anything in
the input is known, one person's two accounts. A signal that learns (``Signal.learns``)
compares its scores on those pairs with its scores on the input at large.

The sure pairs are the candidate pairs the other signals block on (at most ``MAX_EXAMINED``
of them, evenly spread) whose evidence from those signals alone reaches
``SURE_PROBABILITY`` under the run's prior. Each learning signal decides itself how much it
needs: style learns nothing in a ten-account audit, whose handful of sure pairs says
little (see :meth:`linkage.signals.style.StyleSignal.learn`).

A learning signal also hears of the pairs the other signals merely *tie*: any net evidence
for one person from them alone (``TIED_BITS``; the sure pairs among them). Style leaves those out
when it measures how close a writer's nearest company is (a person's own accounts are close
for a reason of their own; see :mod:`linkage.signals.style_house`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from linkage.evidence.candidates import candidate_pairs
from linkage.evidence.scorer import PairScorer, score_pairs
from linkage.evidence.weights import SURE_PROBABILITY, probability_from_weight
from linkage.records import Profile
from linkage.signals import Signal

MAX_EXAMINED = 50_000
#: pairs with more evidence than this from the other signals alone (a tenth of a bit: any net
#: evidence for one person) count as tied by them
TIED_BITS = 0.1


def tied_pairs(
    profiles: Sequence[Profile],
    signals: Sequence[Signal],
    prior: float,
    pairs: np.ndarray | None = None,
) -> tuple[list[tuple[Profile, Profile]], list[tuple[Profile, Profile]]]:
    """The pairs that ``signals`` alone tie at ``SURE_PROBABILITY`` or above, and those they
    give ``TIED_BITS`` or more (the sure ones among them), among ``pairs`` (index rows into
    ``profiles``; by default the pairs those signals block on)."""
    if len(profiles) < 2 or not signals:
        return [], []
    if pairs is None:
        pairs = candidate_pairs(profiles, signals)
    if len(pairs) > MAX_EXAMINED:
        pairs = pairs[np.linspace(0, len(pairs) - 1, MAX_EXAMINED).astype(np.int64)]
    least = min(SURE_PROBABILITY, probability_from_weight(TIED_BITS, prior))
    links = score_pairs(profiles, pairs, PairScorer(signals, prior, least))
    by_id = {p.id: p for p in profiles}
    tied = [(by_id[link.a], by_id[link.b]) for link in links]
    sure = [
        pair for pair, link in zip(tied, links, strict=True) if link.probability >= SURE_PROBABILITY
    ]
    return sure, tied


def sure_pairs(
    profiles: Sequence[Profile],
    signals: Sequence[Signal],
    prior: float,
    pairs: np.ndarray | None = None,
) -> list[tuple[Profile, Profile]]:
    """Pairs that ``signals`` alone tie at ``SURE_PROBABILITY`` or above (see ``tied_pairs``)."""
    return tied_pairs(profiles, signals, prior, pairs)[0]


def learn_from_sure_pairs(
    profiles: Sequence[Profile],
    signals: Sequence[Signal],
    prior: float,
    pairs: np.ndarray | None = None,
) -> None:
    """Let each learning signal learn from the pairs the other signals are sure of."""
    learners = [s for s in signals if s.learns]
    if not learners:
        return
    others = [s for s in signals if not s.learns]
    sure, tied = tied_pairs(profiles, others, prior, pairs)
    for signal in learners:
        signal.learn(sure, tied)
