"""The starting point of the report's probabilities, as "the numbers behind these sentences"
say it (``partials/verdict.html.j2``): the chance, before any clue, that two accounts are one
person's, and the accounts it is worked out from.

The default starting point is worked out from the accounts that have anything to compare
(:func:`linkage.evidence.linking.input_prior`: the ones that could be read), not from every
account the report names: an audit of 14 accounts read whose profiles link to 28 addresses
that could not be followed starts at 1 chance in 13, which is 14 accounts' figure, and the
report said "these 42 accounts" beside it. A starting point given to the audit (``--prior``)
comes from no count at all, and is said as given."""

from __future__ import annotations

import math
from typing import Any

from linkage.evidence.analysis import Analysis
from linkage.evidence.linking import comparable
from linkage.evidence.weights import default_prior


def prior_view(analysis: Analysis) -> dict[str, Any]:
    """``odds``: the "1 chance in N" of the starting point; ``count``: how many accounts it is
    worked out from (None: it was given to the audit); ``among``: those accounts in words
    ("these 14 accounts"), or None; ``all_read``: every account named was one of them."""
    counted = len(comparable(analysis.profiles))
    given = not math.isclose(analysis.prior, default_prior(counted), rel_tol=1e-9)
    return {
        "odds": round(1 / analysis.prior) if analysis.prior > 0 else None,
        "count": None if given else counted,
        "among": None if given else f"these {counted} accounts",
        "all_read": counted == len(analysis.profiles),
    }
