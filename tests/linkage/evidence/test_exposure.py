"""Identities and exposure on small hand-made links with known answers."""

from __future__ import annotations

import math

import pytest

from linkage.evidence.chains import add_chains
from linkage.evidence.exposure import exposures, identities, unseen
from linkage.evidence.levels import crowd_size, describe_crowd, level_for
from linkage.evidence.weights import probability_from_weight
from linkage.records import Collected, Evidence, Link, Profile

PRIOR = 0.01


def profile(pid: str, persona: str | None, error: str | None = None) -> Profile:
    platform, handle = pid.split(":")
    collected = Collected(collector=platform, at="2026-12-05T00:00:00Z", error=error)
    return Profile(id=pid, platform=platform, handle=handle, persona=persona, collected=collected)


def link(a: str, b: str, weight: float) -> Link:
    return Link(
        a, b, probability_from_weight(weight, PRIOR), weight, [Evidence("username", weight, "x")]
    )


def test_one_link_exposure_is_the_links_own_number():
    profiles = [profile("a:1", "personal"), profile("b:2", "professional")]
    (exposure,) = exposures(profiles, [link("a:1", "b:2", 9.0)], PRIOR)
    assert exposure.chain == ["a:1", "b:2"]
    assert exposure.bits == pytest.approx(9.0)
    assert exposure.probability == pytest.approx(probability_from_weight(9.0, PRIOR))


def test_a_chain_is_the_route_and_never_stronger_than_its_weakest_step():
    profiles = [
        profile("a:1", "personal"),
        profile("b:2", "professional"),
        profile("c:3", "personal"),
    ]
    final = add_chains(
        [link("a:1", "b:2", 2.0), link("a:1", "c:3", 14.0), link("c:3", "b:2", 9.0)], PRIOR
    )
    by_pair = {(k.a, k.b): k for k in final}
    exposure = next(
        e for e in exposures(profiles, final, PRIOR) if (e.source, e.target) == ("a:1", "b:2")
    )
    assert exposure.chain == ["a:1", "c:3", "b:2"]
    assert exposure.bits == pytest.approx(by_pair[("a:1", "b:2")].match_weight)
    assert exposure.bits <= min(s.bits for s in exposure.steps) + 1e-9
    assert exposure.bits > 2.0  # the chain raised the weak direct link


def test_no_link_is_low_and_an_unread_account_is_unknown_not_low():
    profiles = [
        profile("a:1", "personal"),
        profile("b:2", "professional"),
        profile("c:3", "professional", error="not found: no such account"),
        profile("d:4", "professional", error="partial: posts: the server failed"),
    ]
    result = {(e.source, e.target): e for e in exposures(profiles, [], PRIOR)}
    assert result[("a:1", "b:2")].level == "low" and result[("a:1", "b:2")].bits == 0.0
    assert result[("a:1", "c:3")].level == "unknown"
    assert result[("a:1", "d:4")].level == "low"  # a partial read is a read
    assert unseen(profiles) == ["c:3"]
    assert next(iter(exposures(profiles, [], PRIOR))).level == "unknown"  # unknown first


def test_identities_join_at_threshold():
    profiles = [profile(f"p:{i}", None) for i in range(5)]
    links = [link("p:0", "p:1", 12.0), link("p:1", "p:2", 12.0), link("p:3", "p:4", 1.0)]
    assert identities(profiles, links, 0.5) == [["p:0", "p:1", "p:2"], ["p:3"], ["p:4"]]


def test_exposures_cover_every_cross_persona_pair_strongest_first():
    profiles = [
        profile("a:1", "personal"),
        profile("b:2", "professional"),
        profile("c:3", "professional"),
        profile("d:4", None),
    ]
    result = exposures(profiles, [link("a:1", "b:2", 10.0)], PRIOR)
    assert {(e.source, e.target) for e in result} == {("a:1", "b:2"), ("a:1", "c:3")}
    assert result[0].source == "a:1" and result[0].target == "b:2"


@pytest.mark.parametrize(
    ("bits", "level"),
    [
        (-3, "low"),
        (5.9, "low"),
        (6, "moderate"),
        (11.96, "high"),  # shown as 12.0: the level follows the figure shown
        (12.5, "high"),
        (33, "near-certain"),
    ],
)
def test_levels(bits, level):
    assert level_for(bits).name == level


def test_crowd_scale():
    assert crowd_size(12) == 4096
    assert describe_crowd(33) == "everyone on Earth"
    assert "thousand" in describe_crowd(12.3)
    # from the figure as shown: 16.21 and 16.24 bits both read 16.2, and one crowd
    assert describe_crowd(16.21) == describe_crowd(16.24) == "about 75 thousand people"
    assert probability_from_weight(0.0, 0.2) == pytest.approx(0.2)
    assert math.isclose(probability_from_weight(100, 0.01), 1.0)
