"""Remediation: the least disruptive set of concrete changes that breaks every chain.

Candidate changes come from the accounts on chains that are too strong: rename a handle,
replace a picture or display name, remove a link, the bio, the location or the writing, or
make the account private. Each candidate is applied to a copy of the profile records exactly
as the contract defines it, the pairs are scored again with the real signals and the whole
model (:mod:`linkage.evidence.linking`), and the exposures recomputed. Small audits get an
exact search, larger ones a greedy one with a stated bound (:func:`plan_remediation`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from linkage.evidence.changes import (
    Change,
    apply_changes,
    candidate_changes,
    explain,
    slot,
)
from linkage.evidence.exposure import Exposure, exposures
from linkage.evidence.graph import pair_key
from linkage.evidence.linking import input_prior, link_profiles
from linkage.evidence.remediation_exact import EXACT_WORK, allowance, cheapest
from linkage.evidence.remediation_greedy import MIN_SAVING, Budget, greedy, without_redundant
from linkage.evidence.remediation_model import (
    FOCUS,
    MAX_CHANGES,
    ChangedModel,
    bits_by_pair,
    excess,
    meets,
    strongest,
)
from linkage.evidence.remediation_needs import followable_needs, lower_bound
from linkage.records import Profile
from linkage.signals import Signal, default_signals
from linkage.signals.crosslinks import named_as

#: Chains are brought below this many bits by default (the "moderate" level starts here).
#: A chain meets a target when it is shown (to one decimal) below it: 5.9 bits meets 6.0,
#: 6.0 does not, as the levels table says (:func:`meets`).
DEFAULT_TARGET_BITS = 6.0
#: Audits of up to this many accounts get the exact search; larger ones the greedy one.
EXACT_LIMIT = 15
#: The greedy search's allowance: pairs scored by the whole model, summed over the plans it
#: evaluates (a plan of n accounts scores n(n-1)/2 pairs, so about 920 plans of 30 accounts,
#: 67 of 109). A count, not seconds, so that the same audit gets the same advice on any
#: machine; audits of up to 15 accounts have always finished well within it.
GREEDY_WORK = 400_000
#: Seconds after which the search stops whatever its allowance (a safety net on a very slow
#: machine), with what it has (marked incomplete).
TIME_BUDGET = 120.0
#: Plans the swaps, and the exact search where nothing bounds it, may evaluate to better or
#: prove the greedy plan: a count, not seconds, so that the same audit gets the same advice
#: on any machine, however busy.
SEARCH_PLANS = 300
#: Seconds the swaps and the exact search may each take at most all the same (a safety net
#: on a very slow machine, never reached on a working one: the count ends the search first).
#: The demo's search took 6 s on a busy two-core machine, too near the 10 s this was; a
#: random seven-account audit's, which uses its whole allowance, 6 s on an idle one and more
#: than the 30 s this then was with four test processes on two cores, which gave the same
#: audit other advice in one run than in the next.
EXACT_BUDGET = 90.0


@dataclass
class ChosenChange:
    change: Change
    bits_saved: float
    before_bits: float
    after_bits: float
    explanation: str
    #: the changes this one works with: the effect given is theirs together
    together: tuple[Change, ...] = ()
    #: the chain (from, to) the figures are of: the strongest chain the change touches
    chain: tuple[str, str] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "account": self.change.account,
            "field": self.change.field,
            "action": self.change.action,
            "value": self.change.value,
            "bits_saved": round(self.bits_saved, 3),
            "before_bits": round(self.before_bits, 3),
            "after_bits": round(self.after_bits, 3),
            "explanation": self.explanation,
            "together_with": [
                {"account": c.account, "field": c.field, "action": c.action, "value": c.value}
                for c in self.together
            ],
            "chain": list(self.chain) if self.chain else None,
        }


#: ``Remediation.stopped`` of a plan that reaches the target on every chain measured, made
#: while listed accounts could not be read: their chains are not known
UNSEEN_ACCOUNTS = "unseen_accounts"


@dataclass
class Remediation:
    target_bits: float
    before_bits: float
    after_bits: float
    changes: list[ChosenChange] = field(default_factory=list)
    #: whether the changes bring every chain to the target (false when listed accounts could
    #: not be read, as their chains are not known: :meth:`not_seeing`)
    complete: bool = True
    #: "exact" (least disruptive set among the candidates) or "greedy"
    method: str = "exact"
    #: no set of candidate changes costing less than this reaches the target
    lower_bound_cost: float = 0.0
    #: why an incomplete plan stops where it does (None when it is complete): ``allowance``
    #: (the search used its allowance, ``GREEDY_WORK``), ``time`` (its seconds,
    #: ``TIME_BUDGET``), ``changes`` (it has ``max_changes`` changes) or ``nothing_helps``
    #: (no further change, alone or with one other, lowers a chain still too strong by
    #: ``MIN_SAVING`` bits); :data:`UNSEEN_ACCOUNTS` when it reaches the target on every chain
    #: measured, but listed accounts could not be read (:meth:`not_seeing`)
    stopped: str | None = None
    #: the listed accounts that could not be read: the plan was made without them, and their
    #: chains are not known, so reaching the target on the chains measured is not "safe"
    unmeasured: list[str] = field(default_factory=list)

    @property
    def reached(self) -> bool:
        """Whether the changes bring every chain measured to the target (``complete`` but for
        the accounts that could not be read)."""
        return self.complete or self.stopped == UNSEEN_ACCOUNTS

    def not_seeing(self, accounts: Sequence[str]) -> None:
        """Mark the plan as made without these listed accounts, which could not be read: a plan
        that reaches the target on the chains measured is then not complete
        (:data:`UNSEEN_ACCOUNTS`); one that stops short keeps its own reason."""
        self.unmeasured = list(accounts)
        if self.unmeasured and self.complete:
            self.complete, self.stopped = False, UNSEEN_ACCOUNTS

    def to_dict(self) -> dict[str, Any]:
        return {
            "target_bits": self.target_bits,
            "before_bits": round(self.before_bits, 3),
            "after_bits": round(self.after_bits, 3),
            "complete": self.complete,
            "method": self.method,
            "cost": round(sum(c.change.cost for c in self.changes), 3),
            "lower_bound_cost": round(self.lower_bound_cost, 3),
            "stopped": self.stopped,
            "unmeasured": self.unmeasured,
            "changes": [c.to_dict() for c in self.changes],
        }


def plan_remediation(
    profiles: Sequence[Profile],
    *,
    prior: float | None = None,
    target_bits: float = DEFAULT_TARGET_BITS,
    signals_factory: Callable[[], list[Signal]] = default_signals,
    time_budget: float = TIME_BUDGET,
    greedy_work: int = GREEDY_WORK,
    max_changes: int = MAX_CHANGES,
    exact_limit: int = EXACT_LIMIT,
    exact_budget: float = EXACT_BUDGET,
    search_plans: int = SEARCH_PLANS,
    exact_work: int = EXACT_WORK,
) -> Remediation:
    """The least disruptive set of changes that brings every chain between personas below
    ``target_bits`` as shown (:func:`meets`).

    * **Candidates**: the changes (:func:`candidate_changes`) on the accounts that can matter
      (:func:`_candidates`). A change that lowers no chain above the target by at least
      ``MIN_SAVING`` bits when its turn comes is not advice.
    * **Greedy** first: at each step the change that removes the most excess evidence (bits
      above the target, summed over all cross-persona pairs) per unit of cost
      (:func:`linkage.evidence.remediation_greedy.greedy`). A small audit's search runs
      until the plan works, so what counts is the whole plan's cost; a larger audit's may
      stop short, so there each chain's excess counts squared
      (:data:`~linkage.evidence.remediation_model.FOCUS`): its first changes lower the
      strongest chains, the ones the verdict names. The search goes on until the plan works, has
      ``max_changes`` changes, no change helps or the search has used its allowance:
      ``greedy_work`` pairs scored by the whole model (a count, so the same audit gets the
      same plan on any machine; ``time_budget`` seconds are only a safety net). A plan that
      stops short says why (``Remediation.stopped``).
    * **Swaps** for audits of up to ``exact_limit`` accounts: a change of the greedy plan
      replaced by a cheaper one while the plan still works (:func:`_swapped`, at most
      ``search_plans`` plans evaluated).
    * **Exact** for audits of up to ``exact_limit`` accounts
      (:func:`linkage.evidence.remediation_exact.cheapest`): a best-first search over the
      sets of candidates costing no more than the greedy plan (total ``Change.cost``), so
      the first set that reaches the target is a least disruptive one among the
      candidates; when none is cheaper, the greedy plan is proven least disruptive. What
      every working plan must do (remove the followable evidence between personas:
      :mod:`linkage.evidence.remediation_needs`) bounds what a partial set must still cost,
      and only sets that do it are scored, with the whole model. Should its allowance
      (``exact_work`` pairs scored where there are needs, else ``search_plans`` plans;
      ``SEARCH_NODES`` sets; ``exact_budget`` seconds) run out first, the greedy plan
      stands with the bound the search proved: no set of candidates costing less than
      ``lower_bound_cost`` reaches the target (``method`` says which). Larger audits state
      the needs' bound.

    Each chosen change is reported with what it saves on the pair it helps most, the
    changes that lower the strongest chains first (:func:`_describe`).
    """
    deadline = time.monotonic() + time_budget
    model = ChangedModel(profiles, input_prior(profiles, prior), signals_factory)
    start = model.chains(frozenset())
    before = strongest(start)
    plan = Remediation(target_bits=target_bits, before_bits=before, after_bits=before)
    if excess(start, target_bits) <= 1e-9:
        return plan
    candidates = _candidates(model, start, target_bits)
    pairs = max(1, len(model.ids) * (len(model.ids) - 1) // 2)
    budget = Budget(model, model.evaluations + max(1, greedy_work // pairs), deadline)
    chosen, stopped = greedy(
        model,
        candidates,
        start,
        target_bits,
        budget,
        lazy=len(model.ids) > exact_limit,
        max_changes=max_changes,
        power=1.0 if len(model.ids) <= exact_limit else FOCUS,
    )
    plan.method = "greedy"
    needs = followable_needs(
        [(e.source, e.target) for e in start if e.seen],
        candidates,
        model.signals,
        model.evidence,
        target_bits,
        start={pair_key(k.a, k.b): k for k in model.direct(frozenset())},
    )
    everything = (1 << len(candidates)) - 1
    needed = lower_bound(needs, 0, everything, [c.cost for c in candidates])
    plan.lower_bound_cost = needed
    if len(model.ids) <= exact_limit and excess(model.chains(chosen), target_bits) <= 1e-9:
        window = min(deadline, time.monotonic() + exact_budget)
        chosen = _swapped(model, chosen, candidates, target_bits, window, search_plans)
        bound = sum(c.cost for c in chosen)
        cheaper, searched = cheapest(
            model,
            candidates,
            target_bits,
            min(deadline, time.monotonic() + exact_budget),
            bound,
            allowance(len(model.ids), needs, exact_work, search_plans),
            needs,
        )
        plan.lower_bound_cost = max(needed, searched)
        if cheaper is not None:
            chosen, plan.method = cheaper, "exact"
    _describe(plan, model, chosen, start, profiles)
    final = model.chains(chosen)
    if plan.changes:  # proven as a reader would check it: applied, and the audit linked anew
        final = relinked(profiles, [c.change for c in plan.changes], model.prior, signals_factory)
    plan.after_bits = strongest(final)
    plan.complete = excess(final, target_bits) <= 1e-9
    plan.stopped = None if plan.complete else stopped or "nothing_helps"
    return plan


def relinked(
    profiles: Sequence[Profile],
    changes: Sequence[Change],
    prior: float,
    signals_factory: Callable[[], list[Signal]] = default_signals,
) -> list[Exposure]:
    """The chains once ``changes`` are made, linked anew: the search scores changed accounts
    with the calibration learned from the audit as it is (:class:`ChangedModel`), so the
    plan's last figure is checked as a person would check it, by auditing again (the two
    differed by 0.016 bits after fifteen changes)."""
    changed = apply_changes(profiles, changes)
    links = link_profiles(changed, prior=prior, chains=True, signals=signals_factory())
    return exposures(changed, links, prior)


def _candidates(model: ChangedModel, start: list[Exposure], target: float) -> list[Change]:
    """Every concrete change on the accounts that can matter: all of a small audit's (a
    person's other accounts tie the chains too), else those on the chains above target. A
    change may help only together with others (one clue removed while another still ties
    the pair), so none is left out for doing little on its own."""
    if len(model.ids) <= EXACT_LIMIT:
        involved = set(model.ids)
    else:
        involved = {node for c in start if not meets(c.bits, target) for node in c.chain}
    names = {pid: named_as(model.original[pid]) for pid in model.ids}
    found = [
        change
        for pid in model.ids
        if pid in involved
        for change in candidate_changes(
            model.original[pid], set().union(*(n for other, n in names.items() if other != pid))
        )
    ]
    return sorted(found, key=lambda c: (c.cost, c.account, c.field, c.value or ""))


def _swapped(
    model: ChangedModel,
    chosen: frozenset[Change],
    candidates: list[Change],
    target: float,
    deadline: float,
    plans: int = SEARCH_PLANS,
) -> frozenset[Change]:
    """``chosen`` improved by swaps: a change replaced by one cheaper candidate while the plan
    still reaches the target (most disruptive change first, the cheapest replacement), until
    no swap helps or ``plans`` evaluations (or the time) run out. A greedy step can be
    dearer than needed: the best pair of changes per unit of cost when none works alone, or
    a change on a professional account where one on a personal account would do."""
    improved = True
    while improved:
        improved = False
        for change in sorted(chosen, key=lambda c: (-c.cost, c.account, c.field, c.value or "")):
            rest = chosen - {change}
            for other in candidates:  # sorted by cost: the first that works is the cheapest
                if other.cost >= change.cost:
                    break
                if other in chosen or any(slot(other) == slot(c) for c in rest):
                    continue
                if plans <= 0 or time.monotonic() > deadline:
                    return without_redundant(model, chosen, target)
                plans -= 1
                if excess(model.chains(rest | {other}), target) <= 1e-9:
                    chosen, improved = rest | {other}, True
                    break
            if improved:
                break
    return without_redundant(model, chosen, target)


def _describe(
    plan: Remediation,
    model: ChangedModel,
    chosen: frozenset[Change],
    start: list[Exposure],
    profiles: Sequence[Profile],
) -> None:
    """Fill ``plan.changes`` in the order that shows what each change does: at each turn the
    change that, after those before it, leaves the strongest chain weakest (so the first
    change lowers the chain the verdict names, where one does); among those that leave it
    as it is, the one that removes the most excess evidence, each chain's excess squared
    (:data:`~linkage.evidence.remediation_model.FOCUS`); then the one that lowers some chain
    the most. Changes that work only together (two routes holding one chain up) lower
    nothing on their own; when no change left lowers a chain by ``MIN_SAVING`` alone, the
    two that together lower one most come next, each reported with their joint effect."""
    target = plan.target_bits
    ordered = sorted(chosen, key=lambda c: (c.cost, c.account, c.field, c.value or ""))
    applied: frozenset[Change] = frozenset()
    chains = start
    left = list(ordered)
    while left:
        before = bits_by_pair(chains)
        groups: list[tuple[Change, ...]] = [(c,) for c in left]
        best = _best_group(model, applied, chains, groups, target)
        if best[0][2] < MIN_SAVING and len(left) > 1:
            pairs = [(a, b) for i, a in enumerate(left) for b in left[i + 1 :]]
            joint = _best_group(model, applied, chains, pairs, target)
            if joint[0] > best[0]:
                best = joint
        (_, _, saved), group, trial, pair = best
        after = bits_by_pair(trial)
        for change in group:
            others = [c for c in group if c != change]
            plan.changes.append(
                ChosenChange(
                    change,
                    saved,
                    before[pair],
                    after.get(pair, 0.0),
                    explain(change, pair, before[pair], after.get(pair, 0.0), profiles, others),
                    tuple(others),
                    pair,
                )
            )
        applied, chains = applied | set(group), trial
        left = [c for c in left if c not in group]


def _best_group(
    model: ChangedModel,
    applied: frozenset[Change],
    chains: list[Exposure],
    groups: list[tuple[Change, ...]],
    target: float,
) -> tuple[tuple[float, float, float], tuple[Change, ...], list[Exposure], tuple[str, str]]:
    """Of ``groups`` of changes, the one that comes first (after ``applied``, which leaves
    ``chains``; see :func:`_describe`): (its rank: minus the strongest chain's bits after
    it, the squared excess it removes and the bits it saves on the pair whose chain falls
    most; the group; the chains after it; that pair)."""
    before = bits_by_pair(chains)
    pressure = excess(chains, target, FOCUS)
    best = None
    for group in groups:
        trial = model.chains(applied | set(group))
        after = bits_by_pair(trial)
        pair, saved = max(
            ((k, before[k] - after.get(k, 0.0)) for k in before), key=lambda item: item[1]
        )
        rank = (
            -round(strongest(trial), 6),
            round(pressure - excess(trial, target, FOCUS), 6),
            round(saved, 9),
        )
        if best is None or rank > best[0]:
            best = (rank, group, trial, pair)
    assert best is not None
    return best
