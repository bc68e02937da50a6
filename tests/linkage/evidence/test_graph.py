"""Chains and identities on small hand-made graphs with known answers."""

from __future__ import annotations

import math

import pytest

from linkage.evidence.exposure import build_graph, exposures, identities, strongest_chain
from linkage.evidence.levels import crowd_size, describe_crowd, level_for
from linkage.evidence.weights import log2_odds, probability_from_weight
from linkage.records import Evidence, Link, Profile

PRIOR = 0.01


def profile(pid: str, persona: str | None) -> Profile:
    platform, handle = pid.split(":")
    return Profile(id=pid, platform=platform, handle=handle, persona=persona)


def link(a: str, b: str, weight: float) -> Link:
    return Link(
        a, b, probability_from_weight(weight, PRIOR), weight, [Evidence("username", weight, "x")]
    )


def test_one_link_chain_bits_equal_its_match_weight():
    profiles = [profile("a:1", "personal"), profile("b:2", "professional")]
    graph = build_graph(profiles, [link("a:1", "b:2", 9.0)])
    chain = strongest_chain(graph, "a:1", "b:2", PRIOR)
    assert chain.chain == ["a:1", "b:2"]
    assert chain.bits == pytest.approx(9.0, abs=1e-6)


def test_strongest_chain_prefers_the_more_probable_path():
    # direct link weak (p ~ 0.04); two strong links via c (p ~ 0.99 each) win.
    profiles = [
        profile("a:1", "personal"),
        profile("b:2", "professional"),
        profile("c:3", "personal"),
    ]
    links = [link("a:1", "b:2", 2.0), link("a:1", "c:3", 14.0), link("c:3", "b:2", 14.0)]
    chain = strongest_chain(build_graph(profiles, links), "a:1", "b:2", PRIOR)
    assert chain.chain == ["a:1", "c:3", "b:2"]
    p = probability_from_weight(14.0, PRIOR) ** 2
    assert chain.probability == pytest.approx(p)
    assert chain.bits == pytest.approx(log2_odds(p) - log2_odds(PRIOR))
    assert [s.a for s in chain.steps] == ["a:1", "c:3"]


def test_no_path_gives_zero_bits():
    profiles = [profile("a:1", "personal"), profile("b:2", "professional")]
    chain = strongest_chain(build_graph(profiles, []), "a:1", "b:2", PRIOR)
    assert chain.chain == [] and chain.bits == 0.0


def test_identities_join_at_threshold():
    profiles = [profile(f"p:{i}", None) for i in range(5)]
    links = [link("p:0", "p:1", 12.0), link("p:1", "p:2", 12.0), link("p:3", "p:4", 1.0)]
    groups = identities(build_graph(profiles, links), 0.5)
    assert groups == [["p:0", "p:1", "p:2"], ["p:3"], ["p:4"]]


def test_exposures_cover_every_cross_persona_pair_personal_first():
    profiles = [
        profile("a:1", "personal"),
        profile("b:2", "professional"),
        profile("c:3", "professional"),
        profile("d:4", None),
    ]
    result = exposures(build_graph(profiles, [link("a:1", "b:2", 10.0)]), profiles, PRIOR)
    assert {(e.source, e.target) for e in result} == {("a:1", "b:2"), ("a:1", "c:3")}
    assert result[0].source == "a:1" and result[0].target == "b:2"  # strongest first


@pytest.mark.parametrize(
    ("bits", "level"),
    [(-3, "low"), (5.9, "low"), (6, "moderate"), (12.5, "high"), (33, "near-certain")],
)
def test_levels(bits, level):
    assert level_for(bits).name == level


def test_crowd_scale():
    assert crowd_size(12) == 4096
    assert describe_crowd(33) == "everyone on Earth"
    assert "thousand" in describe_crowd(12.3)
    assert probability_from_weight(0.0, 0.2) == pytest.approx(0.2)
    assert math.isclose(probability_from_weight(100, 0.01), 1.0)


def test_links_without_evidence_are_not_edges():
    profiles = [
        profile("a:1", "personal"),
        profile("b:2", "professional"),
        profile("c:3", "personal"),
    ]
    links = [link("a:1", "b:2", -1.3), link("a:1", "c:3", 0.0), link("c:3", "b:2", 14.0)]
    graph = build_graph(profiles, links)
    assert set(map(frozenset, graph.edges)) == {frozenset({"c:3", "b:2"})}
    assert strongest_chain(graph, "a:1", "b:2", PRIOR).chain == []
