"""The evidence graph: identities, and the strongest chain from each account to each other.

Accounts are nodes; scored links with positive evidence are edges carrying their probability and evidence. A chain's
strength is the product of its links' probabilities, so the strongest chain is a most-probable
path: a shortest path under edge length ``-log p``. Its ``bits`` are that probability's log2
odds less the prior's, on the same scale as a link's match weight.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import networkx as nx

from linkage.evidence.levels import level_for
from linkage.evidence.weights import log2_odds
from linkage.records import Link, Profile


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

    @property
    def level(self) -> str:
        return level_for(self.bits).name

    def to_dict(self) -> dict:
        return {
            "from": self.source,
            "to": self.target,
            "bits": round(self.bits, 3),
            "probability": round(self.probability, 6),
            "level": self.level,
            "chain": self.chain,
            "steps": [s.to_dict() for s in self.steps],
        }


def build_graph(profiles: Sequence[Profile], links: Sequence[Link]) -> nx.Graph:
    graph = nx.Graph()
    for profile in profiles:
        graph.add_node(profile.id, platform=profile.platform, persona=profile.persona)
    for link in links:
        # Only links with evidence for them are edges: a chain through a pair with no evidence
        # (a probability at or below the prior) is no path an adversary could follow.
        if link.a in graph and link.b in graph and link.match_weight > 0 and link.probability > 0:
            graph.add_edge(
                link.a,
                link.b,
                probability=link.probability,
                match_weight=link.match_weight,
                length=-math.log(max(link.probability, 1e-300)),
                evidence=[e.signal for e in link.evidence if e.match_weight > 0],
            )
    return graph


def identities(graph: nx.Graph, threshold: float) -> list[list[str]]:
    """Groups of accounts joined by links at or above ``threshold`` (largest first)."""
    strong = nx.Graph()
    strong.add_nodes_from(graph.nodes)
    strong.add_edges_from(
        (a, b) for a, b, d in graph.edges(data=True) if d["probability"] >= threshold
    )
    groups = [sorted(c) for c in nx.connected_components(strong)]
    return sorted(groups, key=lambda g: (-len(g), g[0]))


def _exposure(graph: nx.Graph, path: list[str], prior: float) -> Exposure:
    probability = 1.0
    steps = []
    for a, b in itertools.pairwise(path):
        data = graph.edges[a, b]
        probability *= data["probability"]
        steps.append(Step(a, b, data["match_weight"], list(data["evidence"])))
    bits = log2_odds(probability) - log2_odds(prior)
    return Exposure(path[0], path[-1], bits, probability, path, steps)


def strongest_chain(graph: nx.Graph, source: str, target: str, prior: float) -> Exposure:
    """The most probable path from ``source`` to ``target`` and its evidence in bits."""
    try:
        path = nx.dijkstra_path(graph, source, target, weight="length")
    except (nx.NetworkXNoPath, nx.NodeNotFound):
        return Exposure(source, target, 0.0, prior, [], [])
    return _exposure(graph, path, prior)


def exposures(graph: nx.Graph, profiles: Sequence[Profile], prior: float) -> list[Exposure]:
    """The strongest chain for every pair of accounts whose personas differ, strongest first.

    One single-source search per account finds its chains to every other account at once.
    """
    result = []
    by_id = {p.id: p for p in profiles}
    ordered = sorted(by_id)
    for i, source_id in enumerate(ordered):
        source = by_id[source_id]
        if not source.persona:
            continue
        targets = [
            t for t in ordered[i + 1 :] if by_id[t].persona and by_id[t].persona != source.persona
        ]
        if not targets:
            continue
        paths = (
            nx.single_source_dijkstra_path(graph, source_id, weight="length")
            if source_id in graph
            else {}
        )
        for target_id in targets:
            a, b = (
                (source_id, target_id)
                if source.persona < by_id[target_id].persona
                else (target_id, source_id)
            )
            path = paths.get(target_id)
            if path is None:
                result.append(Exposure(a, b, 0.0, prior, [], []))
                continue
            exposure = _exposure(graph, path if a == source_id else path[::-1], prior)
            result.append(exposure)
    result.sort(key=lambda e: (-e.bits, e.source, e.target))
    return result
