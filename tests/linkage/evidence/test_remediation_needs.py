"""What every working plan must do (remove followable evidence between personas), and the
exact search that uses it: known answers, the same plans as without it, fewer evaluations."""

from __future__ import annotations

import math
import time

import pytest

from linkage.evidence import remediation
from linkage.evidence.changes import Change
from linkage.evidence.remediation_exact import allowance, cheapest
from linkage.evidence.remediation_model import ChangedModel
from linkage.evidence.remediation_needs import Need, followable_needs, lower_bound
from linkage.records import Profile
from linkage.signals import default_signals

PRIOR = 0.01


def p(pid: str, persona: str, **kw) -> Profile:
    platform, handle = pid.split(":", 1)
    kw.setdefault("url", f"https://{platform}.example/{handle}")
    return Profile(id=pid, platform=platform, handle=handle, persona=persona, **kw)


def linked_both_ways() -> list[Profile]:
    """A personal account and a work blog that link to each other, a work GitHub account that
    shares the personal account's rare handle, and a personal account that shares nothing."""
    return [
        p("reddit:quietheron_77", "personal", links=["https://ada.example.org/"],
          bio="Heron watching and fen walks", location="Ely"),
        p("web:https://ada.example.org/", "professional", url="https://ada.example.org/",
          links=["https://reddit.com/user/quietheron_77"], bio="Archivist", location="Ely"),
        p("github:quietheron_77", "professional", bio="Archives tooling"),
        p("mastodon:fenwalker@birds.example.social", "personal", bio="Birds"),
    ]  # fmt: skip


def model_and_candidates(profiles):
    model = ChangedModel(profiles, PRIOR, default_signals)
    start = model.chains(frozenset())
    return model, start, remediation._candidates(model, start, 6.0)


def test_a_link_each_way_needs_both_removed_or_an_account_hidden():
    profiles = linked_both_ways()
    model, start, candidates = model_and_candidates(profiles)
    pairs = [(e.source, e.target) for e in start]
    needs = followable_needs(pairs, candidates, model.signals, model.evidence, 6.0)
    assert [n.pair for n in needs] == [("reddit:quietheron_77", "web:https://ada.example.org/")]
    (need,) = needs
    ways = {
        frozenset((candidates[i].account.split(":")[0], candidates[i].field)
                  for i in range(len(candidates)) if m >> i & 1)
        for m in need.minimal
    }  # fmt: skip
    # each account's link removed, or that account hidden (a hidden account's own links are
    # gone; the link to it still leads to it)
    assert ways == {
        frozenset({("reddit", first), ("web", second)})
        for first in ("links", "visibility")
        for second in ("links", "visibility")
    }
    # the handle shared with GitHub is not followable: it sets no need of its own
    assert followable_needs(pairs, candidates, model.signals, model.evidence, 13.0) == []


def test_the_lower_bound_counts_disjoint_needs_once_each():
    costs = [1.0, 2.0, 4.0, 8.0]
    first = Need(("a", "b"), 0b0011, (0b0011,))  # needs changes 0 and 1
    second = Need(("c", "d"), 0b1100, (0b0100, 0b1000))  # change 2 or 3
    both = [first, second]
    assert lower_bound(both, 0, 0b1111, costs) == 3.0 + 4.0
    assert lower_bound(both, 0b0001, 0b1110, costs) == 2.0 + 4.0
    assert lower_bound(both, 0b0001, 0b1000, costs) == math.inf  # change 1 can no longer come
    assert lower_bound(both, 0b0111, 0b1000, costs) == 0.0
    overlapping = Need(("a", "c"), 0b0110, (0b0110,))
    assert lower_bound([first, overlapping], 0, 0b1111, costs) == 6.0  # the larger, not both


def test_the_search_finds_what_it_finds_without_the_needs_with_fewer_evaluations():
    profiles = linked_both_ways()
    model, start, candidates = model_and_candidates(profiles)
    needs = followable_needs(
        [(e.source, e.target) for e in start], candidates, model.signals, model.evidence, 6.0
    )
    deadline = time.monotonic() + 120
    bound = sum(c.cost for c in candidates)
    found = {}
    for name, given in (("without", []), ("with", needs)):
        model, start, candidates = model_and_candidates(profiles)
        plan, cost = cheapest(model, candidates, 6.0, deadline, bound, 100_000, given)
        assert plan is not None
        found[name] = (cost, model.evaluations)
    assert found["with"][0] == pytest.approx(found["without"][0])
    assert found["with"][1] < found["without"][1]


def test_plans_leaving_the_same_weights_share_one_evaluation():
    profiles = linked_both_ways()
    model, _, _ = model_and_candidates(profiles)
    done = model.evaluations
    birds = "mastodon:fenwalker@birds.example.social"
    # the Mastodon account's bio shares nothing with anyone: without it the weights stay
    quiet = Change(birds, "bio", "remove")
    link = Change("reddit:quietheron_77", "links", "remove", "https://ada.example.org/")
    assert model.chains(frozenset({link})) is model.chains(frozenset({link, quiet}))
    assert model.evaluations == done + 1


def test_the_demo_plan_is_proven_least_disruptive():
    from tests.demo_runs import morag

    plan = morag().remediation
    assert plan.method == "exact" and plan.complete
    assert sum(c.change.cost for c in plan.changes) == pytest.approx(plan.lower_bound_cost)


def test_followable_evidence_keeps_a_pair_at_the_floor_under_any_plan():
    """What the needs rely on: whatever else a plan changes, a pair of personas whose own
    evidence still holds a followable item is exposed at FOLLOWABLE_MIN_BITS or more."""
    import itertools

    from linkage.evidence.weights import FOLLOWABLE_MIN_BITS

    profiles = linked_both_ways()
    model, _, candidates = model_and_candidates(profiles)
    pair = ("reddit:quietheron_77", "web:https://ada.example.org/")
    others = [c for c in candidates if c.field != "links" and c.field != "visibility"]
    checked = 0
    for size in range(4):
        for plan in itertools.combinations(others, size):
            changes = frozenset(plan)
            own = model.evidence(
                pair[0],
                frozenset(c for c in changes if c.account == pair[0]),
                pair[1],
                frozenset(c for c in changes if c.account == pair[1]),
                model.signals,
            )
            assert any(e.followable for e in own)
            (exposure,) = [e for e in model.chains(changes) if (e.source, e.target) == pair]
            assert exposure.bits >= FOLLOWABLE_MIN_BITS - 1e-9
            checked += 1
    assert checked > 40


def test_the_allowance_is_spent_where_the_needs_bound_the_search():
    need = Need(("a", "b"), 0b1, (0b1,))
    assert allowance(5, [], 50_000, 300) == 300  # blind: the swaps' allowance
    assert allowance(5, [need], 50_000, 300) == 5_000
    assert allowance(15, [need], 50_000, 300) == 476
    assert allowance(40, [need], 50_000, 300) == 300  # never below it


def test_a_greedy_plan_states_the_bound_the_needs_prove():
    """An audit planned greedily (here by setting the exact search's limit to 0) states what
    the needs prove: the two links must go, so no set of changes costing less than 2 works."""
    from linkage.evidence.remediation import plan_remediation

    plan = plan_remediation(linked_both_ways(), prior=PRIOR, exact_limit=0)
    assert plan.method == "greedy" and plan.complete
    assert plan.lower_bound_cost == pytest.approx(2.0)
    assert sum(c.change.cost for c in plan.changes) >= plan.lower_bound_cost
