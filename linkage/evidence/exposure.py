"""Identities and exposure: which accounts are one person, and how exposed each persona is.

Both read the final links of :mod:`linkage.evidence.linking`, one probability per pair:

* **Identities** are the groups of accounts joined by links at or above the threshold.
* **Exposure** of one account to another of a different persona is that pair's probability,
  the same number the links file, ``explain`` and the report show, with the **route** an
  outsider walks from one to the other: the accounts in between when the pair's probability
  comes from a chain through them (``Link.via``), else the pair itself. Each step of a route
  is a final link too, so a route is never stronger than its weakest step (a chain's
  strength is a product of probabilities). Its ``bits`` are the pair's match weight: the
  probability's log2 odds less the prior's.
* A pair with an account that could not be read is **unknown**, never low: nothing was seen,
  so nothing can be said to be safe.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field

from linkage.evidence.graph import Graph, pair_key
from linkage.evidence.levels import UNKNOWN, level_for, level_label
from linkage.records import DIFFERENT, Link, Profile


@dataclass
class Step:
    a: str
    b: str
    bits: float
    evidence: list[str]

    def to_dict(self) -> dict:
        return {"a": self.a, "b": self.b, "bits": round(self.bits, 3), "evidence": self.evidence}


@dataclass
class Exposure:
    source: str
    target: str
    bits: float
    probability: float
    chain: list[str]
    steps: list[Step] = field(default_factory=list)
    #: False when either account could not be read: the level is then unknown
    seen: bool = True

    @property
    def level(self) -> str:
        return level_for(self.bits).name if self.seen else UNKNOWN

    def to_dict(self) -> dict:
        return {
            "from": self.source,
            "to": self.target,
            # not measured: no figure (0.0 bits and 50 % read as a measured, even chance)
            "bits": round(self.bits, 3) if self.seen else None,
            "probability": round(self.probability, 6) if self.seen else None,
            "level": self.level,
            # the level in the report's words ("almost certain" for near-certain)
            "label": level_label(self.level),
            "chain": self.chain,
            "steps": [s.to_dict() for s in self.steps],
        }


def identities(
    profiles: Sequence[Profile], links: Sequence[Link], threshold: float
) -> list[list[str]]:
    """Groups of accounts joined by links at or above ``threshold`` (largest first)."""
    graph: Graph[str] = Graph()
    for p in profiles:
        graph.add_node(p.id)
    for k in links:
        if k.probability >= threshold and k.a in graph and k.b in graph:
            graph.add_edge(k.a, k.b)
    groups = [sorted(c) for c in graph.components()]
    return sorted(groups, key=lambda g: (-len(g), g[0]))


def unseen(profiles: Sequence[Profile]) -> list[str]:
    """The accounts that could not be read at all (a partial read still counts as read)."""
    return [p.id for p in profiles if not readable(p)]


def readable(profile: Profile) -> bool:
    """Whether the account was read, in whole or in part."""
    return profile.ok


def exposures(profiles: Sequence[Profile], links: Sequence[Link], prior: float) -> list[Exposure]:
    """The exposure of every pair of accounts whose personas differ, strongest first
    (pairs that could not be judged first of all)."""
    by_pair = {pair_key(k.a, k.b): k for k in links}
    hidden = set(unseen(profiles))
    by_id = {p.id: p for p in profiles}
    ordered = sorted(by_id)
    result = []
    for i, first in enumerate(ordered):
        for second in ordered[i + 1 :]:
            pa, pb = by_id[first].persona, by_id[second].persona
            if not pa or not pb or pa == pb:
                continue
            a, b = (first, second) if pa < pb else (second, first)
            seen = not ({a, b} & hidden)
            link = by_pair.get(pair_key(a, b))
            if link is None:
                result.append(Exposure(a, b, 0.0, prior, [], [], seen))
                continue
            route = [a, *(link.via if link.a == a else link.via[::-1]), b]
            steps = []
            for x, y in itertools.pairwise(route):
                step = by_pair.get(pair_key(x, y))
                if step is None:  # cannot happen for a chain the model built; be safe
                    steps = [_step(a, b, link)]
                    route = [a, b]
                    break
                steps.append(_step(x, y, step))
            result.append(Exposure(a, b, link.match_weight, link.probability, route, steps, seen))
    result.sort(key=lambda e: (e.seen, -e.bits, e.source, e.target))
    return result


def _step(x: str, y: str, link: Link) -> Step:
    """The step from ``x`` to ``y``: its bits, and the signals for it, strongest first (not
    evidence that the two differ, which may count for the pair but ties nothing)."""
    ties = sorted(
        (e for e in link.evidence if e.match_weight > 0 and e.kind != DIFFERENT),
        key=lambda e: -e.match_weight,
    )
    return Step(x, y, link.match_weight, list(dict.fromkeys(e.signal for e in ties)))
