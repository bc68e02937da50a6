"""The exact search for the least disruptive plan of a small audit (used by
:func:`linkage.evidence.remediation.plan_remediation`): best-first over sets of candidate
changes, bounded by what every working plan must do (:mod:`linkage.evidence.remediation_needs`),
each set that meets it scored with the whole model (:mod:`linkage.evidence.remediation_model`).
"""

from __future__ import annotations

import heapq
import time
from collections.abc import Sequence

from linkage.evidence.changes import Change, slot
from linkage.evidence.remediation_model import MAX_CHANGES, ChangedModel, excess
from linkage.evidence.remediation_needs import Need, lower_bound

#: The exact search's allowance where the needs bound it (an audit with followable evidence
#: between personas, which is what makes a proof reachable), in pairs of accounts scored by
#: the whole model: an audit of n accounts may evaluate EXACT_WORK / (n (n - 1) / 2) plans
#: (5,000 for 5 accounts, 1,111 for 10, 476 for 15; about 0.3 to 5 ms a plan), a count, not
#: seconds, so that the same audit gets the same advice on any machine. Unbounded, a search
#: of more than a few accounts is blind and rarely ends, so it keeps the swaps' allowance
#: (``linkage.evidence.remediation.SEARCH_PLANS``).
EXACT_WORK = 50_000
#: Sets of changes the exact search may consider (most are never scored: see
#: :mod:`linkage.evidence.remediation_needs`), a count for the same reason.
SEARCH_NODES = 200_000


def allowance(accounts: int, needs: Sequence[Need], work: int, plans: int) -> int:
    """The plans the exact search may score (see EXACT_WORK)."""
    if not needs:
        return plans
    return max(plans, work * 2 // max(1, accounts * (accounts - 1)))


def cheapest(
    model: ChangedModel,
    candidates: list[Change],
    target: float,
    deadline: float,
    bound: float,
    plans: int,
    needs: Sequence[Need] = (),
) -> tuple[frozenset[Change] | None, float]:
    """The cheapest set of candidates costing at most ``bound`` that reaches ``target``
    (a best-first search over sets, each extended only with later candidates, ordered by
    cost plus what the ``needs`` say it must still cost), or None when ``plans``
    evaluations, ``SEARCH_NODES`` sets or the time ran out first; with the cost below which
    no set works, as far as the search got. Only sets that meet every need are scored."""
    costs = [c.cost for c in candidates]
    slots = [slot(c) for c in candidates]
    budget = model.evaluations + plans
    everything = (1 << len(candidates)) - 1

    def after(index: int) -> int:
        return everything & ~((1 << (index + 1)) - 1)

    queue: list[tuple[float, float, int, int, tuple[int, ...]]] = []
    for i, cost in enumerate(costs):
        rest = lower_bound(needs, 1 << i, after(i), costs)
        if cost + rest <= bound + 1e-9:
            queue.append((cost + rest, cost, 1, i, (i,)))
    heapq.heapify(queue)
    lower, nodes = 0.0, SEARCH_NODES
    while queue:
        if time.monotonic() > deadline or nodes <= 0:
            return None, lower
        nodes -= 1
        least, cost, size, _, members = heapq.heappop(queue)
        lower = least
        mask = sum(1 << i for i in members)
        if all(n.met(mask) for n in needs):
            if model.evaluations >= budget:
                return None, lower
            plan = frozenset(candidates[i] for i in members)
            if excess(model.chains(plan), target) <= 1e-9:
                return plan, cost
        if size >= MAX_CHANGES:
            continue
        taken = {slots[i] for i in members}
        for nxt in range(members[-1] + 1, len(candidates)):
            total = cost + costs[nxt]
            if total > bound + 1e-9:
                break  # candidates are sorted by cost
            if slots[nxt] in taken:
                continue  # two changes of one field of one account: one of them is enough
            grown = mask | 1 << nxt
            least = total + lower_bound(needs, grown, after(nxt), costs)
            if least <= bound + 1e-9:
                heapq.heappush(queue, (least, total, size + 1, nxt, (*members, nxt)))
    return None, max(lower, bound)
