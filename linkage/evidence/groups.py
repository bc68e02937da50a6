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
* **Disagreements that only say how two accounts stand to each other**
  (``Signal.relational``: an unrelated handle weighs -2.3 bits between two accounts that
  both show who they are, but -1.0 where one hides the name the other shows and -0.3
  between accounts filed under different personas) count as the *weakest* of them when
  nothing else shares their fact: an account kept apart from one of the person's accounts
  is kept apart from the person, and a pair's disagreements weigh only as much as they do
  among one person's deliberately separated accounts. An account that shows a name is
  still held to the strongest contradiction of that name. On the development benchmarks'
  mixed sets (F1 at 0.5, whole set / small audits): 0.960 -> 0.968 / 0.972 unchanged, and
  on the second 0.875 -> 0.900 / 0.917 -> 0.941, with no more pairs of different people at
  0.5 or above.
* **Signals that show one fact** (``Signal.fact``: a display name and the handles made from
  the same name) count together, account by account: each of the group's accounts gives
  the sum of their weights, and the strongest agreement (or contradiction) counts once. A
  surname shown in one account's display name and in another account's handle is one fact,
  not two; a pair's own signals already count a handle only for what it adds to the names.
* **Samples of behaviour** (``Signal.per_account``: writing) add up: each of the person's
  accounts holds its own sample of their writing, so A's writing is compared with several
  independent samples. The sum is bounded by the signal's ``max_bits``.

An account that the group's judgement makes surely the person (its links reach
``SURE_PROBABILITY``) joins the group, and the other accounts are judged again against the
grown group: its writing is one more sample of the person's, its town one more place the
person shows. The links that brought an account in keep their weight; the groups stop
growing after ``MAX_ROUNDS`` rounds or when no account joins. On the second development
benchmark's mixed set, whole set, F1 at 0.5 went from 0.923 to 0.941 with no more pairs of
different people at 0.5 or above; the first set and the small audits are unchanged.

The pair A, B (B in the group) then carries the combined weight. When A is in a sure group
too, B's comparison with A's group is a second estimate of the same question; the pair
carries the mean of the two. The pair's own evidence is kept, and one ``chain`` item says
what the group added or took away.

``linkage link`` applies it before the chains; the analysis and its search for changes apply
it to the direct links (all pairs), so the report's identities, exposure chains and
remedies count it too. Only pairs with a link in the input are revised (with ``linkage link``'s default kept
probability, pairs tied at 5 % or more to at least one of the group's accounts); missing
links to the group's other accounts are scored with ``rescore``.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any

from linkage.evidence.graph import Pair, joined, pair_key
from linkage.evidence.scorer import make_link
from linkage.evidence.waterfall import describe_probability
from linkage.evidence.weights import (
    CHAIN,
    MODEL_ITEMS,
    SURE_PROBABILITY,
    probability_from_weight,
    signal_evidence,
)
from linkage.records import Evidence, Link
from linkage.signals import Signal

#: revised links must differ from the pair's own by at least this many bits
MARGIN_BITS = 1e-6


def sure_groups(links: Sequence[Link]) -> dict[str, list[str]]:
    """Each account in a sure group of two or more, with its group (sorted ids)."""
    return joined((k.a, k.b) for k in links if k.probability >= SURE_PROBABILITY)


def with_group_evidence(
    links: Sequence[Link],
    prior: float,
    *,
    per_account: frozenset[str] = frozenset(),
    max_bits: dict[str, float] | None = None,
    facts: dict[str, str] | None = None,
    relational: frozenset[str] = frozenset(),
    rescore: Callable[[str, str], Link | None] | None = None,
) -> list[Link]:
    """The links, each pair with an account in a sure group judged against that group.
    ``per_account`` names the signals whose weights add across a group's accounts,
    ``max_bits`` bounds each signal's combined weight, ``facts`` maps signals that show one
    fact to its name (they count together, account by account, bounded by the largest of
    their bounds), ``relational`` names the signals whose disagreements count as the
    weakest of them (see the module text)."""
    links = [direct_only(k, prior) for k in links]  # judged afresh from each pair's own evidence
    groups = sure_groups(links)
    if not groups:
        return links
    judge = _Judge(links, prior, per_account, max_bits, facts, relational, rescore)
    result = judge.revised(links, groups)
    for _ in range(MAX_ROUNDS):  # an account that joined a person at the sure level
        grown = sure_groups(list(result.values()))
        if grown == groups:
            break
        again = judge.revised(links, grown)
        for pair, link in result.items():  # a pair that joined its group keeps what joined it
            if pair[0] in grown and grown[pair[0]] is grown.get(pair[1]):
                again[pair] = link
        groups, result = grown, again
    return list(result.values())


#: how many more times the links are judged when a group grew (see the module text)
MAX_ROUNDS = 3


class _Judge:
    """Accounts judged against groups, with the settings of :func:`with_group_evidence` and
    the pairs it has scored."""

    def __init__(
        self,
        links: Sequence[Link],
        prior: float,
        per_account: frozenset[str],
        max_bits: dict[str, float] | None,
        facts: dict[str, str] | None,
        relational: frozenset[str],
        rescore: Callable[[str, str], Link | None] | None,
    ) -> None:
        self.prior = prior
        self.per_account = per_account
        self.relational = relational
        self.rescore = rescore
        self.known = {pair_key(k.a, k.b): k for k in links}
        self._judged: dict[tuple[str, tuple[str, ...]], float] = {}
        self.bounds = dict(max_bits or {})
        self.fact_of = {signal: f"fact:{fact}" for signal, fact in (facts or {}).items()}
        for signal, key in self.fact_of.items():
            self.bounds[key] = max(self.bounds.get(key, 0.0), self.bounds.get(signal, math.inf))

    def link_of(self, a: str, b: str) -> Link | None:
        pair = pair_key(a, b)
        if pair not in self.known and self.rescore is not None:
            found = self.rescore(*pair)
            if found is not None:
                self.known[pair] = found
        return self.known.get(pair)

    def judged(self, account: str, group: list[str]) -> float:
        """:meth:`against`, once per account and group: the same whichever of the group's
        accounts a pair names, and in every round in which the group has not grown (the
        links it reads do not change while the groups grow)."""
        key = (account, tuple(group))
        if key not in self._judged:
            self._judged[key] = self.against(account, group)
        return self._judged[key]

    def against(self, account: str, group: list[str]) -> float:
        """The combined weight of ``account`` against the group's accounts."""
        by_signal: dict[str, list[float]] = defaultdict(list)
        sources: dict[str, set[str]] = defaultdict(set)  # the signals behind each key
        for member in group:
            link = self.link_of(account, member)
            shown: dict[str, float] = defaultdict(float)  # this account's sum per fact
            for e in link.evidence if link is not None else ():
                if e.signal in self.fact_of:
                    shown[self.fact_of[e.signal]] += e.match_weight
                    sources[self.fact_of[e.signal]].add(e.signal)
                elif e.signal not in MODEL_ITEMS:
                    by_signal[e.signal].append(e.match_weight)
                    sources[e.signal].add(e.signal)
            for key, weight in shown.items():
                by_signal[key].append(weight)
        total = 0.0
        for signal, weights in by_signal.items():
            if signal in self.per_account:
                combined = sum(weights)
            elif max(weights) > 0 or sources[signal] <= self.relational:
                combined = max(weights)  # the strongest agreement, or the weakest relation
            else:
                combined = min(weights)
            bound = self.bounds.get(signal, math.inf)
            total += max(-bound, min(bound, combined))
        return total

    def revised(self, links: Sequence[Link], groups: dict[str, list[str]]) -> dict[Pair, Link]:
        """Every pair with an account in one of ``groups`` judged against the other's group."""
        pairs: set[Pair] = set()
        for link in links:  # each linked account against the other's whole group
            for account, other in ((link.a, link.b), (link.b, link.a)):
                for member in groups.get(other, ()):
                    if groups.get(account) is not groups[other]:
                        pairs.add(pair_key(account, member))
        result = {pair_key(k.a, k.b): k for k in links}
        for a, b in sorted(pairs):
            link = self.link_of(a, b)
            if link is None:
                continue
            estimates = [self.judged(x, groups[y]) for x, y in ((a, b), (b, a)) if y in groups]
            weight = sum(estimates) / len(estimates)
            if abs(weight - link.match_weight) < MARGIN_BITS:
                continue
            result[(a, b)] = _revised(link, weight, self.prior, groups)
        return result


def settings(signals: Sequence[Signal]) -> dict[str, Any]:
    """The keyword arguments of :func:`with_group_evidence` for these signals."""
    return {
        "per_account": frozenset(s.name for s in signals if s.per_account),
        "max_bits": {s.name: s.max_bits for s in signals},
        "facts": {s.name: s.fact for s in signals if s.fact},
        "relational": frozenset(s.name for s in signals if s.relational),
    }


def direct_only(link: Link, prior: float) -> Link:
    """The link with the model's items removed (evidence through other accounts, the
    followable floor) and made again from its signals' evidence."""
    if not any(e.signal in MODEL_ITEMS for e in link.evidence):
        return link
    return make_link(link.a, link.b, signal_evidence(link.evidence), prior)


def _revised(link: Link, weight: float, prior: float, groups: dict[str, list[str]]) -> Link:
    evidence = signal_evidence(link.evidence)
    own = sum(e.match_weight for e in evidence)
    likely = f"{describe_probability(probability_from_weight(weight, prior))} one person"
    group_a, group_b = groups.get(link.a), groups.get(link.b)
    if group_a is not None and group_b is not None:
        detail = (
            f"compared person to person, all of {', '.join(group_a)} against all of "
            f"{', '.join(group_b)}: {likely}"
        )
    else:
        account, group = (link.a, group_b) if group_b is not None else (link.b, group_a)
        assert group is not None
        detail = (
            f"{account} compared with "
            + ("both accounts" if len(group) == 2 else f"all {len(group)} accounts")
            + f" that are surely one person ({', '.join(group)}): {likely}"
        )
    return make_link(link.a, link.b, [*evidence, Evidence(CHAIN, weight - own, detail)], prior)
