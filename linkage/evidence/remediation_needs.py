"""What every plan that works must do: remove the followable evidence between personas.

A pair of accounts of different personas whose own evidence holds a followable item (a link
naming the other account, the same picture file) weighs at least ``FOLLOWABLE_MIN_BITS``
whatever else the model says (:mod:`linkage.evidence.weights`), and its exposure is that
weight (:mod:`linkage.evidence.exposure`). So while such an item stands, no plan brings the
pair below a target at or under that floor. Which sets of candidate changes remove all of a
pair's followable items is measured on the two accounts alone, with the signals that gave
the items (a pair's own evidence depends on its two accounts only). Every change removes or
replaces what an account shows, so an item, once removed, does not come back: a set that
removes them all still does with more changes. That is checked while the sets are measured,
and a pair for which it does not hold (or with more than ``MAX_RELEVANT`` changes that could
matter) sets no need, which leaves the search exact, only slower.

The exact search (:func:`linkage.evidence.remediation.plan_remediation`) reads the needs as
a lower bound on what a partial plan must still cost (an admissible heuristic, so the first
plan that works is still a least disruptive one) and scores with the whole model only the
plans that meet them all. A larger audit, planned greedily, states the needs' bound: no set
of its candidate changes that costs less can work.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from linkage.evidence.changes import Change, slot, touches
from linkage.evidence.graph import pair_key
from linkage.evidence.weights import FOLLOWABLE_MIN_BITS
from linkage.records import Evidence, Link
from linkage.signals import Signal

#: a pair with more candidate changes than this that could remove its followable items sets
#: no need (2**MAX_RELEVANT sets of changes would be measured)
MAX_RELEVANT = 12
#: needs are measured for at most this many pairs (each up to 2**MAX_RELEVANT sets)
MAX_NEEDS = 50

#: the evidence of two account versions: (account, its changes, account, its changes,
#: the signals to compare) -> evidence
Compare = Callable[
    [str, frozenset[Change], str, frozenset[Change], Sequence[Signal]], list[Evidence]
]


@dataclass(frozen=True)
class Need:
    """A pair's followable evidence: the candidates (as a bit mask of their indices) that
    can remove it, and the least sets of them (masks) that remove all of it."""

    pair: tuple[str, str]
    mask: int
    minimal: tuple[int, ...]
    #: :meth:`extra` by what it reads (the plan's and the open candidates' bits in ``mask``):
    #: the exact search asks again and again of plans that differ elsewhere
    _extras: dict[tuple[int, int, int], float] = field(
        default_factory=dict, compare=False, repr=False
    )

    def met(self, plan: int) -> bool:
        return any(m & ~plan == 0 for m in self.minimal)

    def extra(self, plan: int, open_: int, costs: Sequence[float]) -> float:
        """The least cost still to add to ``plan`` (a mask) from the candidates in ``open_``
        to meet the need; infinite when those cannot."""
        key = (plan & self.mask, open_ & self.mask, id(costs))
        known = self._extras.get(key)
        if known is not None:
            return known
        best = math.inf
        for m in self.minimal:
            missing = m & ~plan
            if missing & ~open_ == 0:
                best = min(best, _cost(missing, costs))
        self._extras[key] = best
        return best


def followable_needs(
    pairs: Sequence[tuple[str, str]],
    candidates: Sequence[Change],
    signals: Sequence[Signal],
    compare: Compare,
    target: float,
    *,
    start: Mapping[tuple[str, str], Link] | None = None,
) -> list[Need]:
    """The needs of ``pairs`` (accounts of different personas) whose own evidence holds a
    followable item, for a ``target`` at or below the followable floor (none above it): of
    the first MAX_NEEDS such pairs (fewer needs bound less, never wrongly). ``start``: the
    pairs' own links before any change, when known (else compared afresh)."""
    if target > FOLLOWABLE_MIN_BITS:
        return []
    needs: list[Need] = []
    for a, b in pairs:
        if len(needs) >= MAX_NEEDS:
            break
        own = start.get(pair_key(a, b)) if start is not None else None
        found = _need(a, b, candidates, signals, compare, own)
        if found is not None:
            needs.append(found)
    return needs


def lower_bound(needs: Sequence[Need], plan: int, open_: int, costs: Sequence[float]) -> float:
    """What a plan (mask) extended only with candidates in ``open_`` must still cost to meet
    every need: the needs' least extra costs, summed over needs whose candidates do not
    overlap (largest first), so that no change is counted twice."""
    extras = sorted(((n.extra(plan, open_, costs), n.mask) for n in needs), reverse=True)
    used, total = 0, 0.0
    for extra, mask in extras:
        if extra == math.inf:
            return math.inf
        if extra > 0 and mask & used == 0:
            total += extra
            used |= mask
    return total


def _need(
    a: str,
    b: str,
    candidates: Sequence[Change],
    signals: Sequence[Signal],
    compare: Compare,
    own: Link | None = None,
) -> Need | None:
    none: frozenset[Change] = frozenset()
    evidence = own.evidence if own is not None else compare(a, none, b, none, signals)
    names = {e.signal for e in evidence if _followable(e)}
    if not names:
        return None
    givers = [s for s in signals if s.name in names]
    relevant = [
        i
        for i, c in enumerate(candidates)
        if c.account in (a, b) and any(touches(c, s) for s in givers)
    ]
    if len(relevant) > MAX_RELEVANT:
        return None
    good: set[int] = set()
    measured: set[int] = set()
    for subset in range(1 << len(relevant)):
        members = [relevant[k] for k in range(len(relevant)) if subset >> k & 1]
        if len({slot(candidates[i]) for i in members}) < len(members):
            continue  # two changes of one field of one account: alternatives
        mask = sum(1 << i for i in members)
        measured.add(mask)
        changes = [candidates[i] for i in members]
        left = compare(
            a,
            frozenset(c for c in changes if c.account == a),
            b,
            frozenset(c for c in changes if c.account == b),
            givers,
        )
        if not any(_followable(e) for e in left):
            good.add(mask)
    if not good or any(
        (g | 1 << i) in measured and (g | 1 << i) not in good for g in good for i in relevant
    ):
        return None  # none works, or a removed item came back: no bound to rely on
    minimal = sorted(g for g in good if not any(h != g and h & ~g == 0 for h in good))
    return Need((a, b), sum(1 << i for i in relevant), tuple(minimal))


def _followable(e: Evidence) -> bool:
    return e.followable and e.match_weight > 0


def _cost(mask: int, costs: Sequence[float]) -> float:
    """The summed cost of the candidates in ``mask``, lowest index first: read set bit by set
    bit (a mask holds a few of a few hundred candidates, and the exact search asks millions
    of times)."""
    total = 0.0
    while mask:
        low = mask & -mask
        total += costs[low.bit_length() - 1]
        mask ^= low
    return total
