"""A large input's own null, as the signals that measure one on themselves share it.

Nearly all pairs of a large input are different people, so a sample's scores against a
*cohort* of the input's other samples say what unrelated accounts of this input share. The
input's own null counts in from COHORT_FROM other samples and replaces a reference's fully
from COHORT_FULL on (``cohort_weight``); at most COHORT_SIZE samples form the cohort. A null
is a median and a spread (``robust``): the larger of the robust one (1.4826 x MAD) and the
upper tail's, (q97 - median) / 1.881 (where a Gaussian's 97th percentile lies), so that a
sample whose community writes alike counts in units of its heavy upper tail.
"""

from __future__ import annotations

import numpy as np

COHORT_FROM, COHORT_FULL, COHORT_SIZE = 20, 60, 300
TAIL_QUANTILE, TAIL_Z = 0.97, 1.881


def cohort_weight(others: int) -> float:
    """How far the input's own null replaces the reference's, for ``others`` other samples."""
    return min(1.0, max(0.0, (others - COHORT_FROM) / (COHORT_FULL - COHORT_FROM)))


def robust(values: np.ndarray) -> tuple[float, float]:
    """A null's median and spread (see the module text)."""
    middle = float(np.median(values))
    spread = 1.4826 * float(np.median(np.abs(values - middle)))
    upper = (float(np.quantile(values, TAIL_QUANTILE)) - middle) / TAIL_Z
    return middle, max(spread, upper, 1e-3)


#: a sample's own null: (median, spread) against the whole cohort, and per kind of writing
#: (median, spread, size) against the cohort's samples of that kind
Null = tuple[tuple[float, float], dict[str, tuple[float, float, int]]]


def sample_null(scores: np.ndarray, kinds: np.ndarray) -> Null | None:
    """A sample's null from its ``scores`` against cohort members of ``kinds`` ("" when
    unknown; the sample itself left out): against the whole cohort, and against each kind
    with more than COHORT_FROM members. None with fewer than two scores."""
    if len(scores) < 2:
        return None
    by_kind = {}
    for kind in sorted(set(kinds.tolist()) - {""}):
        chosen = scores[kinds == kind]
        if len(chosen) > COHORT_FROM:
            by_kind[kind] = (*robust(chosen), len(chosen))
    return robust(scores), by_kind


def in_null_units(score: float, null: Null, other_kind: str | None) -> float:
    """``score`` in units of a sample's null: against the cohort's samples of the other
    side's kind of writing as far as there are enough of them (fully from COHORT_FULL on),
    else against the whole cohort."""
    (middle, spread), by_kind = null
    units = (score - middle) / spread
    found = by_kind.get(other_kind) if other_kind else None
    if found is None:
        return units
    k_middle, k_spread, size = found
    share = cohort_weight(size)
    return (1 - share) * units + share * (score - k_middle) / k_spread
