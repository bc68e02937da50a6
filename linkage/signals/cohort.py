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
