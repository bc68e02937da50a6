"""Combining evidence: match weights add, the prior turns them into a probability.

This is the one place where the prior and the combination rules live (Fellegi–Sunter: each
signal's weight is log2(m/u); weights of independent signals add; the posterior log-odds are
the prior log-odds plus the total weight).
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from linkage.records import Evidence

#: Default prior probability that two accounts in an audit belong to one person, before any
#: evidence: about one pair in a hundred. ``--prior`` changes it.
DEFAULT_PRIOR = 0.01
#: Default ``--min-probability`` for ``linkage link`` output.
DEFAULT_MIN_PROBABILITY = 0.05
#: The probability at which two accounts count as one identity.
DEFAULT_THRESHOLD = 0.5


def log2_odds(probability: float) -> float:
    probability = min(max(probability, 1e-12), 1 - 1e-12)
    return math.log2(probability / (1 - probability))


def probability_from_weight(weight: float, prior: float = DEFAULT_PRIOR) -> float:
    odds = log2_odds(prior) + weight
    if odds > 60:
        return 1.0
    if odds < -60:
        return 0.0
    return 1.0 / (1.0 + 2.0 ** (-odds))


def total_weight(evidence: Iterable[Evidence]) -> float:
    return sum(e.match_weight for e in evidence)
