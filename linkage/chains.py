"""Evidence through other accounts: when A is tied to X and X to B, A and B are tied too.

A link's own evidence compares only its two accounts, but whoever connects accounts also
follows chains: if A and X are one person and X and B are one person, so are A and B, so

    P(A and B are one person) >= P(A~X) x P(X~B)

the strength of the chain as the contract defines it (the product of its links'
probabilities, the most probable path). When the strongest chain between two accounts is more
probable than their own link, the link gains one evidence item, signal ``chain``, whose weight
lifts the link's probability to the chain's strength; its detail names the accounts in
between. The link's probability is then that of the strongest chain between the two accounts
(the direct link is itself a chain), so nothing is added on top of the direct evidence and
nothing is counted twice: the item only says that the accounts are tied more strongly
through others than directly.

Only links with positive evidence and a probability of at least ``EDGE_FLOOR`` are followed,
and chains weaker than that are not reported. ``linkage link`` writes links with this
evidence; the analysis (identities, exposure chains, what to change) works from the direct
evidence and follows the chains itself, so :func:`direct_only` removes it from links read
back from a file.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence

import networkx as nx

from linkage.model import log2_odds
from linkage.records import Evidence, Link
from linkage.scoring import make_link

CHAIN = "chain"
#: the weakest link followed, and the weakest chain reported
EDGE_FLOOR = 0.05
#: links whose strongest chain is not at least this much more probable gain nothing
MARGIN = 1e-6


def _key(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def add_chains(
    links: Sequence[Link],
    prior: float,
    *,
    min_probability: float = 0.0,
    rescore: Callable[[str, str], Link | None] | None = None,
) -> list[Link]:
    """The links, each raised to its strongest chain where that is stronger. A pair the
    chains tie at ``min_probability`` or above that has no link yet (not scored, or below the
    kept probability) is scored with ``rescore`` and added."""
    by_pair = {_key(link.a, link.b): link for link in links}
    graph = nx.Graph()
    for link in links:
        if link.match_weight > 0 and link.probability >= EDGE_FLOOR:
            graph.add_edge(link.a, link.b, cost=-math.log(link.probability), p=link.probability)
    weakest = max(min_probability, EDGE_FLOOR)
    cutoff = -math.log(weakest)
    result = dict(by_pair)
    for component in nx.connected_components(graph):
        if len(component) < 3:
            continue
        sub = graph.subgraph(component)
        for source in sorted(component):
            distances, paths = nx.single_source_dijkstra(sub, source, cutoff=cutoff, weight="cost")
            for target, distance in distances.items():
                path = paths[target]
                if target <= source or len(path) < 3:
                    continue
                strength = math.exp(-distance)
                pair = _key(source, target)
                direct = by_pair.get(pair)
                if direct is None:
                    direct = rescore(source, target) if rescore is not None else None
                    if direct is None:
                        continue
                if strength <= direct.probability + MARGIN:
                    continue
                result[pair] = _raised(direct, path, strength, sub, prior)
    return sorted(result.values(), key=lambda link: (-link.match_weight, link.a, link.b))


def _raised(direct: Link, path: list[str], strength: float, graph: nx.Graph, prior: float) -> Link:
    weight = log2_odds(strength) - log2_odds(prior) - direct.match_weight
    steps = [graph[x][y]["p"] for x, y in itertools.pairwise(path)]
    between = path[1:-1]
    if len(between) == 1:
        detail = (
            f"both accounts are tied to {between[0]} ({steps[0]:.0%} and {steps[1]:.0%} "
            f"likely one person): together at least {strength:.0%} likely one person"
        )
    else:
        detail = (
            f"the accounts are tied through a chain of {len(steps)} links via "
            f"{', '.join(between)}: at least {strength:.0%} likely one person"
        )
    return make_link(
        direct.a,
        direct.b,
        [*direct.evidence, Evidence(CHAIN, weight, detail, tuple(between))],
        prior,
    )


def direct_only(link: Link, prior: float) -> Link:
    """The link with any chain evidence removed and its probability recomputed."""
    if not any(e.signal == CHAIN for e in link.evidence):
        return link
    return make_link(link.a, link.b, [e for e in link.evidence if e.signal != CHAIN], prior)
