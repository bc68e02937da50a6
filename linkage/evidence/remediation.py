"""Remediation: the smallest set of concrete changes that breaks every cross-persona chain.

Candidate changes come from the accounts on chains that are too strong: rename a handle,
replace a picture or display name, remove a link, the bio, the location or the writing, or
make the account private. Each candidate is applied to a copy of the profile records exactly
as the contract defines it, the affected pairs are scored again with the real signals, and
the chains recomputed. A greedy search picks, at each step, the change that removes the most
excess evidence (bits above the target, summed over all cross-persona pairs) per unit of
disruption, until every chain is at or below the target. On small cases the greedy choice is
checked against an exhaustive search in the tests.
"""

from __future__ import annotations

import copy
import hashlib
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from collectors import registry
from collectors.text import normalise_url
from linkage.evidence.exposure import Exposure, build_graph, exposures
from linkage.evidence.groups import settings, with_group_evidence
from linkage.evidence.linking import input_prior, link_pair
from linkage.records import Link, Profile
from linkage.signals import Signal, default_signals

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
#: Candidate changes are tried on the accounts of this many of the strongest chains per step.
TOP_CHAINS = 3
#: Seconds the search may take before it stops with what it has (marked incomplete).
TIME_BUDGET = 30.0


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
    complete: bool = True

    def to_dict(self) -> dict[str, Any]:
        return {
            "target_bits": self.target_bits,
            "before_bits": round(self.before_bits, 3),
            "after_bits": round(self.after_bits, 3),
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
        collector = registry.get(profile.platform)
        out.handle = handle
        out.id = f"{profile.platform}:{handle}"
        out.url = collector.profile_url(handle) if collector else None
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


class _Scorer:
    """Scores pairs of profiles with one set of prepared signals, re-scoring only what changed."""

    def __init__(
        self, profiles: Sequence[Profile], prior: float, signals_factory: Callable[[], list[Signal]]
    ):
        self.prior = prior
        self.signals = signals_factory()
        for signal in self.signals:
            signal.prepare(list(profiles))

    def _prepare(self, profiles: Sequence[Profile]) -> None:
        for signal in self.signals:
            signal.prepare(list(profiles))

    def all_links(self, profiles: Sequence[Profile]) -> list[Link]:
        ordered = sorted(profiles, key=lambda p: p.id)
        return [
            link_pair(a, b, self.signals, self.prior)
            for i, a in enumerate(ordered)
            for b in ordered[i + 1 :]
        ]

    def relink(
        self, profiles: Sequence[Profile], links: Sequence[Link], old: Profile, new: Profile
    ) -> list[Link]:
        """``links`` with every pair of ``old`` replaced by ``new``'s pairs, scored afresh."""
        self._prepare([new])
        try:
            kept = [link for link in links if old.id not in (link.a, link.b)]
            fresh = []
            for other in profiles:
                if other.id in (old.id, new.id):
                    continue
                a, b = (new, other) if new.id < other.id else (other, new)
                fresh.append(link_pair(a, b, self.signals, self.prior))
            return kept + fresh
        finally:
            self._prepare([old])  # restore: the caller decides whether to keep the change

    def commit(self, new: Profile) -> None:
        self._prepare([new])

    def chains(self, profiles: Sequence[Profile], links: Sequence[Link]) -> list[Exposure]:
        grouped = with_group_evidence(links, self.prior, **settings(self.signals))
        return exposures(build_graph(profiles, grouped), profiles, self.prior)


def _local_chains(
    scorer: _Scorer,
    chains: Sequence[Exposure],
    trial: Sequence[Profile],
    trial_links: Sequence[Link],
    group: set[str],
    old_id: str,
    new_id: str,
) -> list[Exposure]:
    """The chains after a change to one account of ``group``: recomputed inside the group,
    kept as they were elsewhere."""
    members = (group - {old_id}) | {new_id}
    sub_profiles = [p for p in trial if p.id in members]
    sub_links = [link for link in trial_links if link.a in members and link.b in members]
    kept = [c for c in chains if not (c.source in group and c.target in group)]
    return kept + scorer.chains(sub_profiles, sub_links)


def _excess(chains: Sequence[Exposure], target: float) -> float:
    return sum(max(0.0, c.bits - target) for c in chains)


def _max_bits(chains: Sequence[Exposure]) -> float:
    return max((c.bits for c in chains), default=0.0)


def _by_origin(chains: Sequence[Exposure], renamed: dict[str, str]) -> dict[tuple[str, str], float]:
    back = {new: old for old, new in renamed.items()}
    return {(back.get(c.source, c.source), back.get(c.target, c.target)): c.bits for c in chains}


def plan_remediation(
    profiles: Sequence[Profile],
    *,
    prior: float | None = None,
    target_bits: float = DEFAULT_TARGET_BITS,
    signals_factory: Callable[[], list[Signal]] = default_signals,
    links: Sequence[Link] | None = None,
    time_budget: float = TIME_BUDGET,
) -> Remediation:
    """Greedy search for the fewest, least disruptive changes that bring every chain to target.

    Each step tries the changes on the accounts of the strongest chains above target, and
    re-scores only the pairs of the changed account and the chains of its connected group of
    accounts (a change removes evidence, so chains elsewhere cannot move). The search stops,
    marked incomplete, when ``time_budget`` seconds run out.
    """
    deadline = time.monotonic() + time_budget
    scorer = _Scorer(profiles, input_prior(profiles, prior), signals_factory)
    current = list(profiles)
    current_links = list(links) if links is not None else scorer.all_links(current)
    chains = scorer.chains(current, current_links)
    before = _max_bits(chains)
    plan = Remediation(target_bits=target_bits, before_bits=before, after_bits=before)
    chosen: list[Change] = []
    renamed: dict[str, str] = {}
    while _excess(chains, target_bits) > 1e-9 and len(chosen) < MAX_CHANGES:
        if time.monotonic() > deadline:
            plan.complete = False
            break
        worst = sorted((c for c in chains if c.bits > target_bits), key=lambda c: -c.bits)[
            :TOP_CHAINS
        ]
        involved = {node for c in worst for node in c.chain}
        # the accounts a change can reach: groups of accounts tie more of them together
        grouped = with_group_evidence(current_links, scorer.prior, **settings(scorer.signals))
        graph = build_graph(current, grouped)
        back = {new: old for old, new in renamed.items()}
        best: tuple[float, Change, Profile, list[Profile], list[Link], list[Exposure]] | None = None
        excess_now = _excess(chains, target_bits)
        for profile in current:
            if profile.id not in involved:
                continue
            for change in candidate_changes(profile):
                original = Change(
                    back.get(change.account, change.account),
                    change.field,
                    change.action,
                    change.value,
                )
                if original in chosen:
                    continue
                changed = apply_change(profile, change)
                trial = [changed if p.id == profile.id else p for p in current]
                trial_links = scorer.relink(current, current_links, profile, changed)
                group = nx.node_connected_component(graph, profile.id)
                trial_chains = _local_chains(
                    scorer, chains, trial, trial_links, group, profile.id, changed.id
                )
                gain = excess_now - _excess(trial_chains, target_bits)
                if gain <= 1e-9:
                    continue
                score = gain / change.cost
                if best is None or score > best[0] + 1e-9:
                    best = (score, original, changed, trial, trial_links, trial_chains)
        if best is None:
            plan.complete = False
            break
        _, change, changed, trial, trial_links, trial_chains = best
        scorer.commit(changed)
        before_map = _by_origin(chains, renamed)
        if changed.id != renamed.get(change.account, change.account):
            renamed[change.account] = changed.id
        after_map = _by_origin(trial_chains, renamed)
        drops = {pair: before_map[pair] - after_map.get(pair, 0.0) for pair in before_map}
        pair, saved = max(drops.items(), key=lambda item: item[1])
        plan.changes.append(
            ChosenChange(
                change,
                saved,
                before_map[pair],
                after_map.get(pair, 0.0),
                explain(change, pair, before_map[pair], after_map.get(pair, 0.0), profiles),
            )
        )
        chosen.append(change)
        current, current_links, chains = trial, trial_links, trial_chains
    plan.after_bits = _max_bits(chains)
    return plan


_ACTIONS = {
    ("links", "remove"): "Remove the link {value} from",
    ("location", "remove"): "Remove the location from",
    ("avatar", "replace"): "Use a different profile picture on",
    ("display_name", "replace"): "Use a different display name on",
    ("bio", "remove"): "Remove or rewrite the bio of",
    ("handle", "replace"): "Rename",
    ("posts", "remove"): "Delete or hide the public writing of",
    ("visibility", "make_private"): "Make private (or delete)",
}


def explain(
    change: Change, pair: tuple[str, str], before: float, after: float, profiles: Sequence[Profile]
) -> str:
    names = {p.id: f"{p.handle} ({p.platform})" for p in profiles}
    verb = _ACTIONS.get((change.field, change.action), f"Change the {change.field} of").format(
        value=change.value or ""
    )
    target = names.get(change.account, change.account)
    if change.field == "handle" and change.value:
        target = f"{target} to something unrelated, such as '{change.value}'"
    return (
        f"{verb} {target}: the chain from {names.get(pair[0], pair[0])} to {names.get(pair[1], pair[1])} "
        f"falls from {before:.1f} to {after:.1f} bits."
    )
