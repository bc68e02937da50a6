"""The evidence model's small graphs: components and cheapest paths, checked against
networkx (the reference implementation) on many random graphs with tied edge costs."""

from __future__ import annotations

import math
import random

import networkx as nx
import pytest

from linkage.evidence.graph import Graph, joined, pair_key


def _random_graphs(seed: int, count: int):
    rnd = random.Random(seed)
    for _ in range(count):
        nodes = [f"n{i}" for i in range(rnd.randint(2, 12))]
        reference, ours = nx.Graph(), Graph()
        for _ in range(rnd.randint(1, 30)):
            a, b = rnd.sample(nodes, 2)
            p = rnd.choice([0.5, 0.9, 0.99, 0.3, rnd.random() * 0.95 + 0.05])  # ties on purpose
            reference.add_edge(a, b, cost=-math.log(p))
            ours.add_edge(a, b, cost=-math.log(p))
        yield rnd, reference, ours


def test_components_match_networkx() -> None:
    for _, reference, ours in _random_graphs(1, 500):
        expected = sorted(sorted(c) for c in nx.connected_components(reference))
        assert sorted(sorted(c) for c in ours.components()) == expected


def test_cheapest_paths_match_networkx_including_ties_and_cutoffs() -> None:
    for rnd, reference, ours in _random_graphs(2, 500):
        for source in sorted(reference):
            cutoff = rnd.choice([None, 3.0, 1.0])
            distances, paths = nx.single_source_dijkstra(
                reference, source, cutoff=cutoff, weight="cost"
            )
            assert ours.cheapest_paths(source, lambda e: e["cost"], cutoff) == (distances, paths)


def test_adding_an_edge_again_updates_it_in_both_directions() -> None:
    graph: Graph[str] = Graph()
    graph.add_edge("a", "b", p=0.5)
    graph.add_edge("b", "a", p=0.9)
    assert graph.edge("a", "b") == graph.edge("b", "a") == {"p": 0.9}
    assert len(graph) == 2 and "a" in graph and "c" not in graph


def test_lone_nodes_are_their_own_components() -> None:
    graph: Graph[str] = Graph()
    graph.add_node("x")
    graph.add_edge("a", "b")
    assert sorted(sorted(c) for c in graph.components()) == [["a", "b"], ["x"]]


@pytest.mark.parametrize(("a", "b"), [("x", "y"), ("y", "x")])
def test_pair_key_is_order_free(a: str, b: str) -> None:
    assert pair_key(a, b) == ("x", "y")


def test_joined_gives_each_account_its_component_once():
    found = joined([("b", "a"), ("c", "b"), ("x", "y")])
    assert found["a"] == ["a", "b", "c"] and found["y"] == ["x", "y"]
    assert found["a"] is found["c"]  # one list per component, shared by its accounts
    assert "z" not in found and joined([]) == {}
