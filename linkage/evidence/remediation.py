"""Remediation: the least disruptive set of concrete changes that breaks every chain.

Candidate changes come from the accounts on chains that are too strong: rename a handle,
replace a picture or display name, remove a link, the bio, the location or the writing, or
make the account private. Each candidate is applied to a copy of the profile records exactly
as the contract defines it, the pairs are scored again with the real signals and the whole
model (:mod:`linkage.evidence.linking`), and the exposures recomputed. Small audits get an
exact search, larger ones a greedy one with a stated bound (:func:`plan_remediation`).
"""

from __future__ import annotations

import copy
import hashlib
import heapq
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from linkage import platforms
from linkage.evidence.exposure import Exposure, exposures
from linkage.evidence.linking import input_prior, link_pair, model_links
from linkage.records import Link, Profile
from linkage.signals import Signal, default_signals
from linkage.urls import normalise_url

#: Chains are brought to this many bits or fewer by default (the top of the "low" level).
DEFAULT_TARGET_BITS = 6.0
#: How disruptive each kind of change is to the person (smaller is easier).
COST = {
    ("links", "remove"): 1.0,
    ("location", "remove"): 1.0,
    ("avatar", "replace"): 1.2,
    ("display_name", "replace"): 1.5,
    ("bio", "remove"): 2.0,
    ("handle", "replace"): 3.0,
    ("posts", "remove"): 4.0,
    ("visibility", "make_private"): 5.0,
}
MAX_CHANGES = 25
#: A change that lowers no chain by at least this many bits on its own is not advice.
MIN_SAVING = 0.5
#: Audits of up to this many accounts get the exact search; larger ones the greedy one.
EXACT_LIMIT = 15
#: Seconds the search may take before it stops with what it has (marked incomplete).
TIME_BUDGET = 30.0
#: Seconds the exact search may take to better or prove the greedy plan.
EXACT_BUDGET = 1.0


@dataclass(frozen=True)
class Change:
    account: str
    field: str
    action: str
    value: str | None = None

    @property
    def cost(self) -> float:
        return COST.get((self.field, self.action), 3.0)


@dataclass
class ChosenChange:
    change: Change
    bits_saved: float
    before_bits: float
    after_bits: float
    explanation: str

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
        }


@dataclass
class Remediation:
    target_bits: float
    before_bits: float
    after_bits: float
    changes: list[ChosenChange] = field(default_factory=list)
    #: whether the changes bring every chain to the target
    complete: bool = True
    #: "exact" (least disruptive set among the candidates) or "greedy"
    method: str = "exact"
    #: no set of candidate changes costing less than this reaches the target
    lower_bound_cost: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "target_bits": self.target_bits,
            "before_bits": round(self.before_bits, 3),
            "after_bits": round(self.after_bits, 3),
            "complete": self.complete,
            "method": self.method,
            "changes": [c.to_dict() for c in self.changes],
        }


# -- applying a change, as the contract defines it ------------------------------------------------


def new_handle(profile: Profile) -> str:
    """A suggested replacement handle: unrelated to the old one and to any name."""
    digest = hashlib.sha256(profile.id.encode("utf-8")).hexdigest()
    return f"acct{digest[:10]}"


def apply_change(profile: Profile, change: Change) -> Profile:
    """A copy of ``profile`` with ``change`` applied (the contract's meaning of each action)."""
    out = copy.deepcopy(profile)
    if change.action == "make_private":
        return Profile(
            id=out.id,
            platform=out.platform,
            handle=out.handle,
            url=out.url,
            persona=out.persona,
            collected=out.collected,
        )
    if change.field == "handle" and change.action == "replace":
        handle = change.value or new_handle(profile)
        platform = platforms.get(profile.platform)
        out.handle = handle
        out.id = f"{profile.platform}:{handle}"
        out.url = platform.profile_url(handle) if platform else None
        return out
    if change.field in ("avatar", "display_name", "location") or (
        change.field == "bio" and change.value is None
    ):
        setattr(out, change.field, None)
        return out
    if change.field == "links":
        if change.value is None:
            out.links, out.verified_links = [], []
        else:
            key = normalise_url(change.value)
            out.links = [u for u in out.links if normalise_url(u) != key]
            out.verified_links = [u for u in out.verified_links if normalise_url(u) != key]
        return out
    if change.field == "bio" and out.bio:
        out.bio = _without_phrase(out.bio, change.value or "")
        return out
    if change.field == "posts":
        out.posts = (
            []
            if change.value is None
            else [p for p in out.posts if (change.value or "").lower() not in p.text.lower()]
        )
        return out
    return out


def _without_phrase(text: str, phrase: str) -> str:
    if not phrase:
        return text
    lowered, target = text.lower(), phrase.lower()
    while target in lowered:
        start = lowered.index(target)
        text = text[:start] + text[start + len(phrase) :]
        lowered = text.lower()
    return text


def apply_changes(profiles: Sequence[Profile], changes: Sequence[Change]) -> list[Profile]:
    """Apply changes in order; changes to a renamed account follow it by its original id."""
    current = {p.id: p for p in profiles}
    renamed: dict[str, str] = {}
    for change in changes:
        key = renamed.get(change.account, change.account)
        if key not in current:
            continue
        updated = apply_change(current[key], change)
        del current[key]
        current[updated.id] = updated
        if updated.id != key:
            renamed[change.account] = updated.id
    return list(current.values())


# -- the search ------------------------------------------------------------------------------------


def candidate_changes(profile: Profile) -> list[Change]:
    """Every concrete change that could remove evidence from ``profile``."""
    pid = profile.id
    out: list[Change] = []
    for link in dict.fromkeys(profile.links + profile.verified_links):
        out.append(Change(pid, "links", "remove", link))
    if profile.location:
        out.append(Change(pid, "location", "remove"))
    if profile.avatar is not None and not profile.avatar.default:
        out.append(Change(pid, "avatar", "replace"))
    if profile.display_name:
        out.append(Change(pid, "display_name", "replace"))
    if profile.bio:
        out.append(Change(pid, "bio", "remove"))
    if profile.platform not in ("web",) and not profile.platform.endswith(("-archive", "-export")):
        out.append(Change(pid, "handle", "replace", new_handle(profile)))
    if profile.posts:
        out.append(Change(pid, "posts", "remove"))
    out.append(Change(pid, "visibility", "make_private"))
    return out


class _Model:
    """The whole model (:mod:`linkage.evidence.linking`) on the audit's accounts with some
    changes applied. Every account keeps its original id while changed (a renamed account is
    still the same account), and the direct link of two account versions is scored once."""

    def __init__(
        self, profiles: Sequence[Profile], prior: float, signals_factory: Callable[[], list[Signal]]
    ) -> None:
        self.prior = prior
        self.signals = signals_factory()
        self.original = {p.id: p for p in profiles}
        self.ids = sorted(self.original)
        for signal in self.signals:
            signal.prepare(list(profiles))
        self._versions: dict[tuple[str, frozenset[Change]], Profile] = {}
        self._direct: dict[tuple, Link] = {}
        # for each account and signal, the changes its prepared features reflect
        self._prepared: dict[tuple[str, int], frozenset[Change]] = {
            (pid, k): frozenset() for pid in self.ids for k in range(len(self.signals))
        }
        self._chains: dict[frozenset[Change], list[Exposure]] = {}
        self.evaluations = 0

    def version(self, account: str, changes: frozenset[Change]) -> Profile:
        key = (account, changes)
        if key not in self._versions:
            profile = self.original[account]
            for change in sorted(changes, key=lambda c: (c.field, c.action, c.value or "")):
                profile = apply_change(profile, change)
            profile.id = account  # the same account, whatever its new handle
            self._versions[key] = profile
        return self._versions[key]

    def _ready(self, account: str, changes: frozenset[Change]) -> Profile:
        """The account's version with ``changes``, each signal's features prepared for it
        (again only where a change touched what the signal reads)."""
        profile = self.version(account, changes)
        for k, signal in enumerate(self.signals):
            seen = frozenset(c for c in changes if _touches(c, signal))
            if self._prepared[(account, k)] != seen:
                signal.prepare([profile])
                self._prepared[(account, k)] = seen
        return profile

    def links(self, plan: frozenset[Change]) -> list[Link]:
        """The final links of every pair with the changes of ``plan`` applied."""
        per_account = {pid: frozenset(c for c in plan if c.account == pid) for pid in self.ids}
        direct = []
        for i, x in enumerate(self.ids):
            for y in self.ids[i + 1 :]:
                key = (x, per_account[x], y, per_account[y])
                if key not in self._direct:
                    a = self._ready(x, per_account[x])
                    b = self._ready(y, per_account[y])
                    self._direct[key] = link_pair(a, b, self.signals, self.prior)
                direct.append(self._direct[key])
        return model_links(direct, self.prior, self.signals)

    def chains(self, plan: frozenset[Change]) -> list[Exposure]:
        if plan in self._chains:
            return self._chains[plan]
        self.evaluations += 1
        profiles = [
            self.version(pid, frozenset(c for c in plan if c.account == pid)) for pid in self.ids
        ]
        found = self._chains[plan] = exposures(profiles, self.links(plan), self.prior)
        return found


#: the profile fields each kind of change alters (making an account private alters all)
CHANGED_FIELDS = {
    "links": frozenset({"links", "verified_links"}),
    "location": frozenset({"location"}),
    "avatar": frozenset({"avatar"}),
    "display_name": frozenset({"display_name"}),
    "bio": frozenset({"bio"}),
    "handle": frozenset({"handle", "url"}),
    "posts": frozenset({"posts"}),
}


def _touches(change: Change, signal: Signal) -> bool:
    fields = CHANGED_FIELDS.get(change.field)
    if change.action == "make_private" or fields is None or signal.reads is None:
        return True
    return bool(fields & signal.reads)


def _excess(chains: Sequence[Exposure], target: float) -> float:
    return sum(max(0.0, c.bits - target) for c in chains)


def _max_bits(chains: Sequence[Exposure]) -> float:
    return max((c.bits for c in chains), default=0.0)


def _bits(chains: Sequence[Exposure]) -> dict[tuple[str, str], float]:
    return {(c.source, c.target): c.bits for c in chains}


def plan_remediation(
    profiles: Sequence[Profile],
    *,
    prior: float | None = None,
    target_bits: float = DEFAULT_TARGET_BITS,
    signals_factory: Callable[[], list[Signal]] = default_signals,
    time_budget: float = TIME_BUDGET,
    exact_limit: int = EXACT_LIMIT,
    exact_budget: float = EXACT_BUDGET,
) -> Remediation:
    """The least disruptive set of changes that brings every chain between personas to
    ``target_bits`` or below.

    * **Candidates**: the changes (:func:`candidate_changes`) on the accounts that can matter
      (:func:`_candidates`). A change that removes less than ``MIN_SAVING`` bits of excess
      when its turn comes is not advice.
    * **Greedy** first: at each step the change that removes the most excess evidence (bits
      above the target, summed over all cross-persona pairs) per unit of cost.
    * **Exact** for audits of up to ``exact_limit`` accounts: a uniform-cost search over the
      sets of candidates cheaper than the greedy plan (total ``Change.cost``, then fewer
      changes), so the first set that reaches the target is a least disruptive one among
      the candidates; when none is cheaper, the greedy plan is proven least disruptive.
      Should ``exact_budget`` seconds run out first, the greedy plan stands with the bound
      the search proved: no set of candidates costing less than ``lower_bound_cost``
      reaches the target (``method`` says which).

    Each chosen change is reported with what it saves on the pair it helps most, in the
    order that saves the most first.
    """
    deadline = time.monotonic() + time_budget
    model = _Model(profiles, input_prior(profiles, prior), signals_factory)
    start = model.chains(frozenset())
    before = _max_bits(start)
    plan = Remediation(target_bits=target_bits, before_bits=before, after_bits=before)
    if _excess(start, target_bits) <= 1e-9:
        return plan
    candidates = _candidates(model, start, target_bits)
    chosen = _greedy(model, candidates, start, target_bits, deadline)
    plan.method = "greedy"
    if len(model.ids) <= exact_limit and _excess(model.chains(chosen), target_bits) <= 1e-9:
        bound = sum(c.cost for c in chosen)
        cheaper, plan.lower_bound_cost = _cheapest(
            model, candidates, target_bits, min(deadline, time.monotonic() + exact_budget), bound
        )
        if cheaper is not None:
            chosen, plan.method = cheaper, "exact"
    _describe(plan, model, chosen, start, profiles)
    final = model.chains(chosen)
    plan.after_bits = _max_bits(final)
    plan.complete = _excess(final, target_bits) <= 1e-9
    return plan


def _candidates(model: _Model, start: list[Exposure], target: float) -> list[Change]:
    """Every concrete change on the accounts that can matter: all of a small audit's (a
    person's other accounts tie the chains too), else those on the chains above target. A
    change may help only together with others (one clue removed while another still ties
    the pair), so none is left out for doing little on its own."""
    if len(model.ids) <= EXACT_LIMIT:
        involved = set(model.ids)
    else:
        involved = {node for c in start if c.bits > target for node in c.chain}
    found = [
        change
        for pid in model.ids
        if pid in involved
        for change in candidate_changes(model.original[pid])
    ]
    return sorted(found, key=lambda c: (c.cost, c.account, c.field, c.value or ""))


def _cheapest(
    model: _Model, candidates: list[Change], target: float, deadline: float, bound: float
) -> tuple[frozenset[Change] | None, float]:
    """The cheapest set of candidates costing at most ``bound`` that reaches ``target``
    (uniform-cost search), or None when time ran out first; with the cost below which no set
    works, as far as the search got."""
    queue: list[tuple[float, int, int, tuple[int, ...]]] = [
        (candidates[i].cost, 1, i, (i,)) for i in range(len(candidates))
    ]
    heapq.heapify(queue)
    lower = 0.0
    while queue:
        if time.monotonic() > deadline:
            return None, lower
        cost, size, _, members = heapq.heappop(queue)
        if cost > bound + 1e-9:
            return None, bound
        lower = cost
        plan = frozenset(candidates[i] for i in members)
        if len({(c.account, c.field) for c in plan}) < len(plan):
            continue  # two changes of one field of one account: one of them is enough
        if _excess(model.chains(plan), target) <= 1e-9:
            return plan, cost
        for nxt in range(members[-1] + 1, len(candidates)):
            if size < MAX_CHANGES and cost + candidates[nxt].cost <= bound + 1e-9:
                heapq.heappush(queue, (cost + candidates[nxt].cost, size + 1, nxt, (*members, nxt)))
    return None, lower


def _greedy(
    model: _Model, candidates: list[Change], start: list[Exposure], target: float, deadline: float
) -> frozenset[Change]:
    """Lazy greedy: each candidate keeps the gain per cost it had when last measured, an upper
    bound on its gain now (a change seldom gains more once others are made); the best bound
    is measured again, and taken when it still beats every other bound."""
    chosen: frozenset[Change] = frozenset()
    chains = start
    excess = _excess(chains, target)
    first = {c: excess - _excess(model.chains(frozenset({c})), target) for c in candidates}
    queue = [(-gain / c.cost, i, c) for i, c in enumerate(candidates) if (gain := first[c]) > 1e-9]
    # (a change whose gain is under MIN_SAVING when its turn comes is not advice)
    heapq.heapify(queue)
    fresh = set(first)  # measured against the current plan
    while queue and excess > 1e-9 and len(chosen) < MAX_CHANGES:
        if time.monotonic() > deadline:
            break
        _, i, change = heapq.heappop(queue)
        if change not in fresh:
            trial = model.chains(chosen | {change})
            gain = excess - _excess(trial, target)
            fresh.add(change)
            if gain >= MIN_SAVING:
                heapq.heappush(queue, (-gain / change.cost, i, change))
            continue
        chosen = chosen | {change}
        chains = model.chains(chosen)
        excess = _excess(chains, target)
        fresh = set()
    return _without_redundant(model, chosen, target)


def _without_redundant(
    model: _Model, chosen: frozenset[Change], target: float
) -> frozenset[Change]:
    """``chosen`` less the changes the others make unnecessary (most disruptive tried first):
    a greedy step can be overtaken by a later one (a link removed, then the account made
    private)."""
    if _excess(model.chains(chosen), target) > 1e-9:
        return chosen
    for change in sorted(chosen, key=lambda c: -c.cost):
        rest = chosen - {change}
        if rest and _excess(model.chains(rest), target) <= 1e-9:
            chosen = rest
    return chosen


def _describe(
    plan: Remediation,
    model: _Model,
    chosen: frozenset[Change],
    start: list[Exposure],
    profiles: Sequence[Profile],
) -> None:
    """Fill ``plan.changes``: the chosen changes, those that save most on their own first,
    each with what it saves after the ones before it."""
    target = plan.target_bits
    alone = {
        c: _excess(start, target) - _excess(model.chains(frozenset({c})), target) for c in chosen
    }
    order = sorted(chosen, key=lambda c: (-alone[c], c.cost, c.account, c.field, c.value or ""))
    applied: frozenset[Change] = frozenset()
    chains = start
    for change in order:
        trial = model.chains(applied | {change})
        before, after = _bits(chains), _bits(trial)
        pair, saved = max(
            ((k, before[k] - after.get(k, 0.0)) for k in before), key=lambda item: item[1]
        )
        plan.changes.append(
            ChosenChange(
                change,
                saved,
                before[pair],
                after.get(pair, 0.0),
                explain(change, pair, before[pair], after.get(pair, 0.0), profiles),
            )
        )
        applied, chains = applied | {change}, trial


#: Each kind of change as a verb phrase in the reader's words, before the account's name;
#: the report and the plan's own explanations both use it.
VERBS = {
    ("links", "remove"): "Remove a link from",
    ("location", "remove"): "Remove the location from",
    ("avatar", "replace"): "Use a different profile picture on",
    ("display_name", "replace"): "Show a different name on",
    ("bio", "remove"): "Remove or rewrite the profile text of",
    ("handle", "replace"): "Rename",
    ("posts", "remove"): "Delete or hide the public writing of",
    ("visibility", "make_private"): "Make private (or delete)",
}


def verb(change: Change) -> str:
    """What to do, before the account's name ("Make private (or delete)")."""
    return VERBS.get(
        (change.field, change.action), f"Change the {change.field.replace('_', ' ')} of"
    )


def explain(
    change: Change, pair: tuple[str, str], before: float, after: float, profiles: Sequence[Profile]
) -> str:
    names = {p.id: f"{p.handle} ({platforms.title(p.platform)})" for p in profiles}
    what = (
        f"Remove the link {change.value} from"
        if change.field == "links" and change.value
        else verb(change)
    )
    target = names.get(change.account, change.account)
    if change.field == "handle" and change.value:
        target = f"{target} to something unrelated, such as '{change.value}'"
    return (
        f"{what} {target}: the chain from {names.get(pair[0], pair[0])} to {names.get(pair[1], pair[1])} "
        f"falls from {before:.1f} to {after:.1f} bits."
    )
