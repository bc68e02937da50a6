"""A picture of the evidence graph as inline SVG, laid out by networkx.

Personas differ in both shape and colour (Okabe–Ito palette), so the picture reads in grey
and for colour-blind readers; edge thickness grows with the evidence in bits.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import networkx as nx

from linkage.records import Link, Profile

PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
SHAPES = ("circle", "square", "triangle", "diamond", "hexagon", "star")
WIDTH, HEIGHT, MARGIN = 760, 460, 70


@dataclass
class Node:
    id: str
    label: str
    x: float
    y: float
    colour: str
    shape: str
    points: str  # polygon points for non-circles


@dataclass
class Edge:
    x1: float
    y1: float
    x2: float
    y2: float
    width: float
    dashed: bool
    title: str


def persona_styles(personas: Sequence[str | None]) -> dict[str | None, tuple[str, str]]:
    ordered = sorted({p or "" for p in personas})
    return {
        (p or None): (PALETTE[i % len(PALETTE)], SHAPES[i % len(SHAPES)])
        for i, p in enumerate(ordered)
    }


def layout(
    profiles: Sequence[Profile],
    links: Sequence[Link],
    labels: dict[str, str],
    min_probability: float,
) -> tuple[list[Node], list[Edge], dict[str | None, tuple[str, str]]]:
    graph = nx.Graph()
    graph.add_nodes_from(p.id for p in profiles)
    shown = [
        link for link in links if link.probability >= min_probability and link.match_weight > 0
    ]
    for link in shown:
        graph.add_edge(link.a, link.b, weight=max(link.match_weight, 0.5))
    if len(graph) == 0:
        return [], [], {}
    positions = _component_positions(graph)

    def place(node: str) -> tuple[float, float]:
        x, y = positions[node]
        return (MARGIN + x * (WIDTH - 2 * MARGIN), MARGIN / 2 + y * (HEIGHT - 1.5 * MARGIN))

    styles = persona_styles([p.persona for p in profiles])
    nodes = []
    for profile in profiles:
        x, y = place(profile.id)
        colour, shape = styles[profile.persona or None]
        nodes.append(
            Node(profile.id, labels[profile.id], x, y, colour, shape, _points(shape, x, y, 11))
        )
    edges = []
    for link in shown:
        x1, y1 = place(link.a)
        x2, y2 = place(link.b)
        width = 1.0 + min(link.match_weight, 24.0) / 3.0
        title = f"{labels[link.a]} – {labels[link.b]}: {link.match_weight:.1f} bits"
        edges.append(Edge(x1, y1, x2, y2, width, link.probability < 0.5, title))
    return nodes, edges, styles


def _component_positions(graph: nx.Graph) -> dict[str, tuple[float, float]]:
    """Positions in the unit square: each group of linked accounts laid out on its own (so
    that strong links do not squeeze one group while an unlinked account sits far away), the
    groups side by side in a grid, accounts linked to nothing in a row along the bottom."""
    groups = sorted(
        (sorted(c) for c in nx.connected_components(graph) if len(c) > 1),
        key=lambda c: (-len(c), c),
    )
    alone = sorted(n for n in graph if graph.degree(n) == 0)
    columns = max(1, math.ceil(math.sqrt(len(groups))))
    rows = math.ceil(len(groups) / columns) if groups else 0
    bottom = 0.18 if alone and groups else (1.0 if alone else 0.0)
    positions: dict[str, tuple[float, float]] = {}
    for index, members in enumerate(groups):
        sub = graph.subgraph(members)
        for a, b, data in sub.edges(data=True):
            sub[a][b]["pull"] = 0.3 + min(data["weight"], 12.0) / 12.0
        found = nx.spring_layout(sub, seed=7, weight="pull", k=1.4 / math.sqrt(len(sub)))
        xs = [p[0] for p in found.values()]
        ys = [p[1] for p in found.values()]
        span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
        column, row = index % columns, index // columns
        cell_w, cell_h = 1.0 / columns, (1.0 - bottom) / rows
        for node, (x, y) in found.items():
            positions[node] = (
                column * cell_w + cell_w * (0.1 + 0.8 * (x - min(xs)) / span_x),
                row * cell_h + cell_h * (0.1 + 0.8 * (y - min(ys)) / span_y),
            )
    for index, node in enumerate(alone):
        x = (index + 0.5) / len(alone)
        positions[node] = (x, 1.0 - bottom / 2 if groups else 0.5)
    return positions


def _points(shape: str, x: float, y: float, r: float) -> str:
    corners = {"square": 4, "triangle": 3, "diamond": 4, "hexagon": 6, "star": 10}.get(shape)
    if corners is None:
        return ""
    rotation = {
        "square": math.pi / 4,
        "triangle": -math.pi / 2,
        "diamond": 0.0,
        "hexagon": 0.0,
        "star": -math.pi / 2,
    }[shape]
    pts = []
    for i in range(corners):
        radius = (
            r * (0.5 if shape == "star" and i % 2 else 1.0) * (1.25 if shape == "square" else 1.0)
        )
        angle = rotation + 2 * math.pi * i / corners
        pts.append(f"{x + radius * math.cos(angle):.1f},{y + radius * math.sin(angle):.1f}")
    return " ".join(pts)
