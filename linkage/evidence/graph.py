"""The small undirected graphs of the evidence model: accounts as nodes, links as edges.

The model asks three things of a graph: its connected components (identities, sure groups),
and from one account the cheapest path to every other under a cutoff (the strongest chain,
Dijkstra under edge length ``-ln p``). An audit's graphs have a dozen nodes, and remediation
asks its questions thousands of times while it tries changes, so a general graph library's
per-call overhead (and its import, a tenth of a second of every ``linkage report``) outweighed
the work; these few lines do what the model needs and nothing else.

Order is deterministic: neighbours are visited in the order their edges were added, and of
two paths of equal length the one found first is kept, so the same links always give the same
routes.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Callable, Hashable, Iterable, Iterator
from typing import Any, Generic, TypeVar

Node = TypeVar("Node", bound=Hashable)

Pair = tuple[str, str]


def pair_key(a: str, b: str) -> Pair:
    """The two account ids of a pair in one order (an unordered pair as a dict key)."""
    return (a, b) if a < b else (b, a)


def joined(pairs: Iterable[Pair]) -> dict[str, list[str]]:
    """Each account that ``pairs`` join to another, with every account joined to it (its
    connected component, sorted; one list shared by the component's accounts)."""
    graph: Graph[str] = Graph()
    for a, b in pairs:
        graph.add_edge(a, b)
    found: dict[str, list[str]] = {}
    for component in graph.components():
        members = sorted(component)
        for account in members:
            found[account] = members
    return found


class Graph(Generic[Node]):
    """An undirected graph with attributes on its edges (adding an edge again updates them)."""

    def __init__(self) -> None:
        self.adj: dict[Node, dict[Node, dict[str, Any]]] = {}
        # each node's neighbours with their edges' costs, under the last cost function asked
        self._weighted: tuple[Callable[[dict[str, Any]], float], dict[Node, list]] | None = None

    def add_node(self, node: Node) -> None:
        self.adj.setdefault(node, {})
        self._weighted = None

    def add_edge(self, a: Node, b: Node, **attributes: Any) -> None:
        self._weighted = None
        edge = self.adj.setdefault(a, {}).get(b)
        if edge is None:
            edge = {}
            self.adj[a][b] = edge
            self.adj.setdefault(b, {})[a] = edge
        edge.update(attributes)

    def __contains__(self, node: object) -> bool:
        return node in self.adj

    def __len__(self) -> int:
        return len(self.adj)

    def edge(self, a: Node, b: Node) -> dict[str, Any]:
        return self.adj[a][b]

    def components(self) -> Iterator[set[Node]]:
        """The connected components, each found by a breadth-first walk from the first node
        (in insertion order) not yet in one."""
        seen: set[Node] = set()
        for start in self.adj:
            if start in seen:
                continue
            component = {start}
            frontier = [start]
            while frontier:
                following = []
                for node in frontier:
                    for other in self.adj[node]:
                        if other not in component:
                            component.add(other)
                            following.append(other)
                frontier = following
            seen |= component
            yield component

    def cheapest_paths(
        self,
        source: Node,
        cost: Callable[[dict[str, Any]], float],
        cutoff: float | None = None,
    ) -> tuple[dict[Node, float], dict[Node, list[Node]]]:
        """From ``source``, the least total ``cost`` of reaching each node (edge costs must
        not be negative) and a path that costs it, leaving out nodes dearer than ``cutoff``.
        The edges' costs are worked out once per graph and cost function (remediation asks
        from every account of every plan), and each path is kept as its last step."""
        weighted = self._costs(cost)
        limit = float("inf") if cutoff is None else cutoff
        distance: dict[Node, float] = {}
        tentative: dict[Node, float] = {source: 0.0}
        previous: dict[Node, Node] = {}
        order = itertools.count()
        heap: list[tuple[float, int, Node]] = [(0.0, next(order), source)]
        while heap:
            d, _, node = heapq.heappop(heap)
            if node in distance:
                continue
            distance[node] = d
            for other, length in weighted[node]:
                through = d + length
                if through > limit or other in distance:
                    continue
                known = tentative.get(other)
                if known is None or through < known:
                    tentative[other] = through
                    previous[other] = node
                    heapq.heappush(heap, (through, next(order), other))
        paths: dict[Node, list[Node]] = {source: [source]}
        for node in distance:  # in the order reached: each node's previous one comes first
            if node != source:
                paths[node] = [*paths[previous[node]], node]
        return distance, paths

    def _costs(self, cost: Callable[[dict[str, Any]], float]) -> dict[Node, list]:
        if self._weighted is None or self._weighted[0] is not cost:
            weighted = {
                node: [(other, cost(edge)) for other, edge in edges.items()]
                for node, edges in self.adj.items()
            }
            self._weighted = (cost, weighted)
        return self._weighted[1]
