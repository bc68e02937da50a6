"""Combining evidence: match weights add, the prior turns them into a probability.

This is the one place where the prior and the combination rules live (Fellegi–Sunter: each
signal's weight is log2(m/u); weights of independent signals add; the posterior log-odds are
the prior log-odds plus the total weight).

**Followable evidence is not outvoted.** Some evidence is a path anyone reading the profiles
takes, whatever else differs: a profile that names the other account's address or handle, a
link a platform verified, the same picture file (``Evidence.followable``). People who keep
two accounts apart on purpose give them different names, handles and styles, so those
differences say little against a link one account declares. A pair's total weight is
therefore never below the weight of its followable evidence alone, nor below
``FOLLOWABLE_MIN_BITS`` (the "high" level: whoever reads the profile is led to the other
account, however the statistics of such links run); where the other evidence would pull it
lower, one model item (signal ``followable``) says how much the floor added, so the evidence
still adds up to the pair's weight.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from linkage.evidence.levels import level_for, level_label
from linkage.records import Evidence

#: The default prior follows the size of the input: each account is expected to have about
#: this many other accounts of its owner among the accounts compared, so that for N accounts
#: the prior that a given pair is one person is OWNER_ACCOUNTS / (N - 1), at most PRIOR_CAP.
#: In a ten-account self-audit that is 1 in 9; among 1,000 accounts about 1 in 1,000. This is
#: the usual assumption of record linkage that true matches grow with the number of records
#: while pairs grow with its square. ``--prior`` fixes the prior instead.
OWNER_ACCOUNTS = 1.0
PRIOR_CAP = 0.5
PRIOR_FLOOR = 1e-7
#: The prior of a typical run (100 accounts), for functions called without an input size.
DEFAULT_PRIOR = OWNER_ACCOUNTS / 99
#: Default ``--min-probability`` for ``linkage link`` output.
DEFAULT_MIN_PROBABILITY = 0.05
#: The probability at which two accounts count as one identity.
DEFAULT_THRESHOLD = 0.5
#: The probability at which two accounts are taken as surely one person's: they teach the
#: signals that learn (``linkage.evidence.learning``) and form a person's group of accounts
#: (``linkage.evidence.groups``).
SURE_PROBABILITY = 0.99


#: The model's own evidence items, beside the signals': evidence through a person's other
#: accounts (:mod:`linkage.evidence.groups`, :mod:`linkage.evidence.chains`) and the floor of
#: followable evidence (above).
CHAIN = "chain"
FOLLOWED = "followable"
#: Followable evidence puts a pair at least here: the "high" level (linkage.evidence.levels).
FOLLOWABLE_MIN_BITS = 12.0
MODEL_ITEMS = frozenset({CHAIN, FOLLOWED})


def default_prior(accounts: int) -> float:
    """The prior that two of ``accounts`` accounts are one person (see OWNER_ACCOUNTS)."""
    if accounts < 2:
        return PRIOR_CAP
    return min(PRIOR_CAP, max(PRIOR_FLOOR, OWNER_ACCOUNTS / (accounts - 1)))


def resolve_prior(prior: float | None, accounts: int) -> float:
    """``prior`` when the user set one, else the default for an input of this size."""
    return default_prior(accounts) if prior is None else prior


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


def own_weight(evidence: Iterable[Evidence]) -> float:
    """The bits of a pair's own clues: its evidence less what the person's other accounts add
    (the :data:`CHAIN` item); a followable link's floor stays, as it is the pair's own."""
    return sum(e.match_weight for e in evidence if e.signal != CHAIN)


def signal_evidence(evidence: Iterable[Evidence]) -> list[Evidence]:
    """The signals' own items, without the model's (:data:`MODEL_ITEMS`)."""
    return [e for e in evidence if e.signal not in MODEL_ITEMS]


def with_followable_floor(evidence: list[Evidence]) -> list[Evidence]:
    """``evidence`` (without a previous floor item), plus a ``followable`` item when the
    followable items alone weigh more than all of it together (see the module's note)."""
    evidence = [e for e in evidence if e.signal != FOLLOWED]
    followable = [e for e in evidence if e.followable and e.match_weight > 0]
    if not followable:
        return evidence
    floor = max(sum(e.match_weight for e in followable), FOLLOWABLE_MIN_BITS)
    shortfall = floor - total_weight(evidence)
    if shortfall <= 1e-9:
        return evidence
    what = "; ".join(e.detail for e in followable)
    # in words (a sentence with "bits" in it is the numbers view's); "whatever else differs"
    # only where something does
    against = any(e.match_weight < 0 for e in evidence)
    detail = (
        f"anyone reading the profiles can follow this ({what}): the tie counts as at least "
        f"\u201c{level_label(level_for(floor).name)}\u201d"
        + (", whatever else differs" if against else "")
    )
    return [*evidence, Evidence(FOLLOWED, shortfall, detail)]
