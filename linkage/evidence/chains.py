"""Evidence through other accounts: when A is tied to X and X to B, A and B are tied too.

A link's own evidence compares only its two accounts, but whoever connects accounts also
follows chains: if A and X are one person and X and B are one person, so are A and B.

P(A and B are one person) >= P(A~X) x P(X~B): the strength of the chain as the contract
defines it (the product of its links' probabilities, the most probable path). Only the
pair's own evidence *against* being one person that the chain's links did not already face
still counts: a display name that contradicts the other account's, where the links in between
showed no such contradiction, lowers the chain by its bits (a username unrelated to the
other's, when the links in between had unrelated usernames too, does not, however much
each weighs: an unrelated handle weighs by how two accounts stand to each other, kept apart
or not, ``Signal.relational``, and says nothing the chain did not face; nor does one whose
account shares its handle with an account inside the chain, since as with a person's group
of accounts, :mod:`linkage.evidence.groups`, such a disagreement counts only when nothing
else shares the fact). When the chain so
judged is more probable than the pair's own link, the link gains one evidence item, signal
``chain``, whose weight lifts the link's probability to that strength; its detail and the
link's ``via`` name the accounts in between, which is the route an outsider walks
(:mod:`linkage.evidence.exposure`). Nothing is added on top of the direct evidence and nothing
is counted twice: the item only says that the accounts are tied more strongly through others
than directly. A chain is never stronger than its weakest link, since the product of
probabilities is at most each of them.

**Chains raise first** (:func:`add_chains`): one strongest-path search (Dijkstra under edge
length ``-ln p``) per account over the links as :mod:`linkage.evidence.groups` left them.

**Then contradictions bound** (:func:`lower_by_partners`), with the raised, final estimates:
if X is almost surely one person with B and A is unlikely to be B, A is unlikely to be X
either: P(A~X) <= P(A~B) + (1 - P(X~B)), true of any joint distribution. A link above that
bound, for a partner B surer of X than the link itself, gains a negative ``chain`` item that
brings it down to it, naming B. So one account that happens to share a town, a hobby and a
turn of phrase with a stranger is not tied to the stranger's other accounts, whose names
contradict its own. Where A~B was itself raised through X the bound cannot bite (it is at
least P(A~X)); and it never touches a link with followable evidence
(:mod:`linkage.evidence.weights`): a profile that declares the other account is followed
whatever its partners say.

**Routes stay honest** (:func:`cap_routes`): a link raised through accounts one of whose
links was then bounded is brought back to what its route still holds (never below its own
evidence), so a route is never stronger than its weakest step.

Only links with positive evidence and a probability of at least ``EDGE_FLOOR`` are followed,
and chains weaker than that are not reported.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from collections.abc import Callable, Sequence

from linkage.evidence.graph import Graph, Pair, pair_key
from linkage.evidence.scorer import make_link
from linkage.evidence.waterfall import in_words_percent
from linkage.evidence.weights import (
    CHAIN,
    MODEL_ITEMS,
    log2_odds,
    probability_from_weight,
    signal_evidence,
)
from linkage.records import Evidence, Link

#: the weakest link followed, and the weakest chain reported
EDGE_FLOOR = 0.05
#: links whose strongest chain is not at least this much more probable gain nothing
MARGIN = 1e-6
#: a partner this probable (X~B) bounds X's other links by B's
PARTNER_FLOOR = 0.5


def add_chains(
    links: Sequence[Link],
    prior: float,
    *,
    min_probability: float = 0.0,
    rescore: Callable[[str, str], Link | None] | None = None,
    relational: frozenset[str] = frozenset(),
) -> list[Link]:
    """The links, each raised to its strongest chain where that is stronger. A pair the chains tie at
    ``min_probability`` or above that has no link yet (not scored, or below the kept
    probability) is scored with ``rescore`` and added. ``relational`` names the signals whose
    disagreement any link of the chain faced counts as faced whatever its weight."""
    direct = {pair_key(link.a, link.b): link for link in links}
    graph: Graph[str] = Graph()
    for link in links:
        if link.match_weight > 0 and link.probability >= EDGE_FLOOR:
            graph.add_edge(link.a, link.b, cost=-math.log(link.probability), p=link.probability)
    raised = _raise(graph, direct, prior, max(min_probability, EDGE_FLOOR), rescore, relational)
    kept = [link for link in raised.values() if link.probability >= min_probability]
    return sorted(kept, key=lambda link: (-link.match_weight, link.a, link.b))


def _raise(
    graph: Graph[str],
    direct: dict[Pair, Link],
    prior: float,
    weakest: float,
    rescore: Callable[[str, str], Link | None] | None,
    relational: frozenset[str] = frozenset(),
) -> dict[Pair, Link]:
    result = dict(direct)
    cutoff = -math.log(weakest)
    for component in graph.components():
        if len(component) < 3:
            continue
        for source in sorted(component):
            distances, paths = graph.cheapest_paths(source, _cost, cutoff)
            for target, distance in distances.items():
                path = paths[target]
                if target <= source or len(path) < 3:
                    continue
                pair = pair_key(source, target)
                link = result.get(pair)
                if link is None:
                    link = rescore(source, target) if rescore is not None else None
                    if link is None:
                        continue
                    result[pair] = link  # known now: the lowering step can use it
                if math.exp(-distance) + 1e-12 <= link.probability + MARGIN:
                    continue  # what the pair's own evidence says against it only lowers this
                against = _unfaced_contradiction(link, path, direct, relational)
                strength = probability_from_weight(log2_odds(math.exp(-distance)) + against, 0.5)
                if strength <= link.probability + MARGIN:
                    continue
                result[pair] = _raised(link, path, strength, against, graph, prior)
    return result


def _cost(edge: dict) -> float:
    return edge["cost"]


def cap_routes(links: Sequence[Link], prior: float) -> list[Link]:
    """Each link raised through a route (``Link.via``) at most the product of that route's
    links as they now are, and never below its own evidence; repeated until nothing moves
    (each pass only lowers, so it ends)."""
    by_pair = {pair_key(k.a, k.b): k for k in links}
    changed = True
    while changed:
        changed = False
        for pair, link in list(by_pair.items()):
            if not link.via:
                continue
            route = [link.a, *link.via, link.b]
            held = 1.0
            for x, y in itertools.pairwise(route):
                step = by_pair.get(pair_key(x, y))
                held *= step.probability if step is not None else 0.0
            if held >= link.probability - MARGIN:
                continue
            own = make_link(link.a, link.b, signal_evidence(link.evidence), prior)
            if held <= own.probability + MARGIN:
                by_pair[pair] = own
            else:
                weight = log2_odds(held) - log2_odds(prior) - own.match_weight
                detail = next(e.detail for e in link.evidence if e.signal == CHAIN)
                capped = make_link(
                    link.a, link.b, [*own.evidence, Evidence(CHAIN, weight, detail)], prior
                )
                capped.via = list(link.via)
                by_pair[pair] = capped
            changed = True
    return list(by_pair.values())


def lower_by_partners(links: Sequence[Link], prior: float) -> list[Link]:
    """Each link without followable evidence bounded by P(A~X) <= P(A~B) + 1 - P(X~B) over
    partners B surer of X than the link itself (see the module's note)."""
    by_pair = {pair_key(k.a, k.b): k for k in links}
    partners: dict[str, list[tuple[str, float]]] = defaultdict(list)
    scored: dict[str, dict[str, float]] = defaultdict(dict)  # each account's links' probability
    for (a, b), link in by_pair.items():
        scored[a][b] = scored[b][a] = link.probability
        if link.probability >= PARTNER_FLOOR:
            partners[a].append((b, link.probability))
            partners[b].append((a, link.probability))
    result = dict(by_pair)
    for (a, x), link in by_pair.items():
        p_link = link.probability
        if p_link < EDGE_FLOOR or any(e.followable and e.match_weight > 0 for e in link.evidence):
            continue
        best: tuple[float, str, str, float, float] | None = None
        for one, other in ((a, x), (x, a)):
            known = scored[one]
            for partner, p_partner in partners[other]:
                if p_partner <= p_link or partner == one:
                    continue  # only a surer link bounds a less sure one
                p_across = known.get(partner)
                if p_across is None:
                    continue  # never scored: nothing known against it
                bound = p_across + (1.0 - p_partner)
                if best is None or bound < best[0]:
                    best = (bound, other, partner, p_partner, p_across)
        if best is not None and best[0] < link.probability - MARGIN:
            result[(a, x)] = _lowered(link, *best, prior)
    return list(result.values())


#: the chain's figures are probabilities among the accounts compared, not the level's bits:
#: said so, where a report shows "unlikely" beside "at most 94 % likely"
AMONG = ", counting only the accounts compared"


def _lowered(
    link: Link,
    bound: float,
    middle: str,
    partner: str,
    p_partner: float,
    p_across: float,
    prior: float,
) -> Link:
    bound = max(bound, 1e-9)
    own = signal_evidence(link.evidence)
    weight = log2_odds(bound) - log2_odds(prior) - sum(e.match_weight for e in own)
    one = link.a if middle == link.b else link.b
    sure, across, most = map(in_words_percent, (p_partner, p_across, bound))
    only = "only " if across != sure else ""  # "only 99.9%" beside 99.9% reads as a slip
    detail = (
        f"{middle} is {sure} likely one person with {partner}, and {one} is {only}{across} "
        f"likely one person with {partner}: at most {most} likely one person{AMONG}"
    )
    return make_link(link.a, link.b, [*own, Evidence(CHAIN, weight, detail)], prior)


def _unfaced_contradiction(
    link: Link,
    path: list[str],
    direct: dict[Pair, Link],
    relational: frozenset[str] = frozenset(),
) -> float:
    """Bits (<= 0) of the pair's own evidence against it that no link of the chain faced
    already on the same signal (on a ``relational`` signal, any disagreement faced counts as
    facing the pair's whole one)."""
    faced: dict[str, float] = defaultdict(float)
    for x, y in itertools.pairwise(path):
        for e in direct[pair_key(x, y)].evidence:
            faced[e.signal] = min(faced[e.signal], e.match_weight)
    against = [e for e in link.evidence if e.match_weight < 0 and e.signal not in MODEL_ITEMS]
    unfaced = {e.signal for e in against if e.signal in relational and faced[e.signal] >= 0}
    shared = _shared_facts(path, direct, unfaced) if unfaced else set()
    return sum(
        0.0
        if e.signal in relational and (faced[e.signal] < 0 or e.signal in shared)
        else min(0.0, e.match_weight - faced[e.signal])
        for e in against
    )


def _shared_facts(path: list[str], direct: dict[Pair, Link], signals: set[str]) -> set[str]:
    """Those of ``signals`` (relational ones) on which an end of the chain agrees with an
    account inside it. As in :mod:`linkage.evidence.groups`, a disagreement that only says
    how two accounts stand to each other counts when nothing else shares their fact: ``rosie`` and
    ``rosalind-pemberton`` agree (Rosalind), so ``rosie`` unrelated to that person's
    ``rpemberton`` is one more of the person's handle forms, not evidence against them."""
    shared: set[str] = set()
    for end in (path[0], path[-1]):
        for inner in path[1:-1]:
            link = direct.get(pair_key(end, inner))
            if link is not None:
                shared.update(
                    e.signal for e in link.evidence if e.signal in signals and e.match_weight > 0
                )
    return shared


def _raised(
    link: Link, path: list[str], strength: float, against: float, graph: Graph[str], prior: float
) -> Link:
    own = signal_evidence(link.evidence)
    weight = log2_odds(strength) - log2_odds(prior) - sum(e.match_weight for e in own)
    steps = [graph.edge(x, y)["p"] for x, y in itertools.pairwise(path)]
    between = path[1:-1]
    least = in_words_percent(strength)
    if len(between) == 1:
        first, second = map(in_words_percent, steps)
        detail = (
            f"both accounts are tied to {between[0]} ({first} and {second} likely one "
            f"person): together at least {least} likely one person{AMONG}"
        )
    else:
        detail = (
            f"the accounts are tied through a chain of {len(steps)} links via "
            f"{', '.join(between)}: at least {least} likely one person{AMONG}"
        )
    if against < 0:
        # in words: a sentence with "bits" in it is the numbers view's, not the reader's
        detail += ", less what their own evidence says against it"
    raised = make_link(link.a, link.b, [*own, Evidence(CHAIN, weight, detail)], prior)
    raised.via = list(between)
    return raised
