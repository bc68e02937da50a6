"""Evidence against a person's other accounts: an account compared with a sure group.

When some accounts are surely one person's (their links reach ``SURE_PROBABILITY``), an
account A is compared with that person, not with each account alone: A's links to all of the
group's accounts are evidence about one question, whether A is that person too. Combined per
signal:

* **Facts about the person** (a handle, a display name, a picture, a town, a link, a routine)
  count once: the strongest agreement with any of the group's accounts, or, when none
  agrees, the strongest contradiction. A handle unrelated to all four of a person's handles
  is one unrelated handle, and a display name that contradicts one account's name
  contradicts the person's.
* **Samples of behaviour** (``Signal.per_account``: writing) add up: each of the person's
  accounts holds its own sample of their writing, so A's writing is compared with several
  independent samples. The sum is bounded by the signal's ``max_bits``.

The pair A, B (B in the group) then carries the combined weight. When A is in a sure group
too, B's comparison with A's group is a second estimate of the same question; the pair
carries the mean of the two. The pair's own evidence is kept, and one ``chain`` item says
what the group added or took away.

Only pairs with a link in the input are revised (with ``linkage link``'s default kept
probability, pairs tied at 5 % or more to at least one of the group's accounts); missing
links to the group's other accounts are scored with ``rescore``.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Sequence

import networkx as nx

from linkage.model import SURE_PROBABILITY, probability_from_weight
from linkage.records import Evidence, Link
from linkage.scoring import make_link

#: the signal name of evidence through other accounts (this module's and the chains')
CHAIN = "chain"
#: revised links must differ from the pair's own by at least this many bits
MARGIN_BITS = 1e-6

Pair = tuple[str, str]


def _key(a: str, b: str) -> Pair:
    return (a, b) if a < b else (b, a)


def sure_groups(links: Sequence[Link]) -> dict[str, list[str]]:
    """Each account in a sure group of two or more, with its group (sorted ids)."""
    graph = nx.Graph()
    graph.add_edges_from((k.a, k.b) for k in links if k.probability >= SURE_PROBABILITY)
    groups: dict[str, list[str]] = {}
    for component in nx.connected_components(graph):
        members = sorted(component)
        for account in members:
            groups[account] = members
    return groups


def with_group_evidence(
    links: Sequence[Link],
    prior: float,
    *,
    per_account: frozenset[str] = frozenset(),
    max_bits: dict[str, float] | None = None,
    rescore: Callable[[str, str], Link | None] | None = None,
) -> list[Link]:
    """The links, each pair with an account in a sure group judged against that group.
    ``per_account`` names the signals whose weights add across a group's accounts,
    ``max_bits`` bounds each signal's combined weight."""
    groups = sure_groups(links)
    if not groups:
        return list(links)
    known = {_key(k.a, k.b): k for k in links}
    bounds = max_bits or {}

    def link_of(a: str, b: str) -> Link | None:
        pair = _key(a, b)
        if pair not in known and rescore is not None:
            found = rescore(*pair)
            if found is not None:
                known[pair] = found
        return known.get(pair)

    def against(account: str, group: list[str]) -> float:
        """The combined weight of ``account`` against the group's accounts."""
        by_signal: dict[str, list[float]] = defaultdict(list)
        for member in group:
            link = link_of(account, member)
            for e in link.evidence if link is not None else ():
                if e.signal != CHAIN:
                    by_signal[e.signal].append(e.match_weight)
        total = 0.0
        for signal, weights in by_signal.items():
            if signal in per_account:
                combined = sum(weights)
            else:
                combined = max(weights) if max(weights) > 0 else min(weights)
            bound = bounds.get(signal, math.inf)
            total += max(-bound, min(bound, combined))
        return total

    pairs: set[Pair] = set()
    for link in links:  # each linked account against the other's whole group
        for account, other in ((link.a, link.b), (link.b, link.a)):
            for member in groups.get(other, ()):
                if groups.get(account) is not groups[other]:
                    pairs.add(_key(account, member))
    result = {_key(k.a, k.b): k for k in links}
    for a, b in sorted(pairs):
        link = link_of(a, b)
        if link is None:
            continue
        estimates = [against(x, groups[y]) for x, y in ((a, b), (b, a)) if y in groups]
        weight = sum(estimates) / len(estimates)
        if abs(weight - link.match_weight) < MARGIN_BITS:
            continue
        result[(a, b)] = _revised(link, weight, prior, groups)
    return list(result.values())


def _revised(link: Link, weight: float, prior: float, groups: dict[str, list[str]]) -> Link:
    evidence = [e for e in link.evidence if e.signal != CHAIN]
    own = sum(e.match_weight for e in evidence)
    people = [g for g in (groups.get(link.b), groups.get(link.a)) if g is not None]
    named = "; ".join(", ".join(g) for g in people)
    detail = (
        f"judged against all the accounts surely of one person with it ({named}): "
        f"{probability_from_weight(weight, prior):.0%} likely one person"
    )
    others = tuple(x for g in people for x in g if x not in (link.a, link.b))
    return make_link(
        link.a, link.b, [*evidence, Evidence(CHAIN, weight - own, detail, others)], prior
    )
