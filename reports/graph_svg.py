"""A picture of the evidence graph as inline SVG (groups laid out by :mod:`reports.force_layout`).

Every persona has the same shape and colour in every report (Okabe–Ito palette, so the
picture reads in grey and for colour-blind readers): personal is an orange circle,
professional a blue square, accounts found by the audit itself a yellow triangle, any other
label a diamond whose colour follows from its name. Nodes carry a number, and a key under the
picture names each one, so labels never overlap and stay legible on a phone; nodes are kept
apart so that the numbers do not overlap either. Lines grow thicker with the evidence.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from linkage.evidence.graph import Graph
from linkage.evidence.levels import LEVELS, level_for, level_label
from linkage.evidence.weights import own_weight
from linkage.records import Link, Profile
from reports.force_layout import force_layout
from reports.labels import FOUND_SIDE, NO_SIDE, persona_title

WIDTH, HEIGHT, MARGIN = 640, 400, 36
RADIUS = 24
#: Centres closer than this are pushed apart (room for the node and its number).
MIN_GAP = 2.6 * RADIUS

#: Fixed styles: (colour, shape, name in the key).
PERSONAL = ("#D55E00", "circle", "Personal")
PROFESSIONAL = ("#0072B2", "square", "Professional")
DISCOVERED = ("#E69F00", "triangle", FOUND_SIDE)
UNLABELLED = ("#999999", "hexagon", NO_SIDE)
OTHER_COLOURS = ("#CC79A7", "#009E73", "#56B4E9", "#000000")
COLOUR_NAMES = {
    "#D55E00": "orange",
    "#0072B2": "blue",
    "#E69F00": "yellow",
    "#999999": "grey",
    "#CC79A7": "pink",
    "#009E73": "green",
    "#56B4E9": "light blue",
    "#000000": "black",
}


@dataclass
class Node:
    id: str
    number: int
    label: str
    x: float
    y: float
    colour: str
    shape: str
    points: str  # polygon points for non-circles
    persona: str
    failed: bool = False  # could not be read: drawn with a dashed outline


@dataclass
class Edge:
    x1: float
    y1: float
    x2: float
    y2: float
    width: float
    dashed: bool
    title: str


@dataclass
class LegendItem:
    persona: str
    colour: str
    shape: str

    @property
    def colour_name(self) -> str:
        return COLOUR_NAMES.get(self.colour, "")


def persona_style(persona: str | None, discovered: bool = False) -> tuple[str, str, str]:
    """The colour, shape and key name of a persona: the same in every report."""
    name = (persona or "").strip().lower()
    if name == "personal":
        return PERSONAL
    if name == "professional":
        return PROFESSIONAL
    if not name:
        return DISCOVERED if discovered else UNLABELLED
    digest = hashlib.sha256(name.encode("utf-8")).digest()[0]
    return (OTHER_COLOURS[digest % len(OTHER_COLOURS)], "diamond", persona_title(persona))


def canvas(count: int) -> tuple[float, float]:
    """The picture's size: 640 × 400, larger when the accounts need more room than that."""
    needed = count * (1.5 * MIN_GAP) ** 2
    scale = max(1.0, math.sqrt(needed / ((WIDTH - 2 * MARGIN) * (HEIGHT - 2 * MARGIN))))
    return round(WIDTH * scale), round(HEIGHT * scale)


def layout(
    profiles: Sequence[Profile],
    links: Sequence[Link],
    labels: dict[str, str],
    min_probability: float,
) -> tuple[list[Node], list[Edge], list[LegendItem], tuple[float, float]]:
    # a line for each tie whose own clues are for it: what a searcher sees between the two
    # accounts themselves (a tie that only the person's other accounts make is a chain, drawn
    # as the lines along it)
    owns = {id(link): own_weight(link.evidence) for link in links}
    shown = [link for link in links if link.probability >= min_probability and owns[id(link)] > 0]
    profiles = drawn(profiles, shown)
    graph: Graph[str] = Graph()
    for p in profiles:
        graph.add_node(p.id)
    for link in shown:
        graph.add_edge(link.a, link.b, weight=max(owns[id(link)], 0.5))
    if len(graph) == 0:
        return [], [], [], (WIDTH, HEIGHT)
    width, height = canvas(len(graph))
    unit = _component_positions(graph, per_row=max(1, int((width - 2 * MARGIN) // (1.2 * MIN_GAP))))
    placed = {
        node: (MARGIN + x * (width - 2 * MARGIN), MARGIN + y * (height - 2 * MARGIN))
        for node, (x, y) in unit.items()
    }
    placed = _spread(placed, width, height)

    # numbered in a fixed order (by side, then account; the order of a redacted report's
    # letters), not by where the layout puts them: the same account keeps its number in the
    # reports before and after a change
    ordered = sorted(profiles, key=lambda p: (p.persona or "~", p.id))
    nodes = []
    legend: dict[str, LegendItem] = {}
    for number, profile in enumerate(ordered, start=1):
        x, y = placed[profile.id]
        colour, shape, name = persona_style(profile.persona, bool(profile.discovered_by))
        legend.setdefault(name, LegendItem(name, colour, shape))
        nodes.append(
            Node(
                profile.id,
                number,
                labels[profile.id],
                x,
                y,
                colour,
                shape,
                _points(shape, x, y, RADIUS),
                name,
                _unread(profile),
            )
        )
    edges = []
    for link in shown:
        x1, y1 = placed[link.a]
        x2, y2 = placed[link.b]
        own = owns[id(link)]
        stroke = 1.5 + min(own, 24.0) / 3.0
        level, final = level_for(own).name, level_for(link.match_weight).name
        title = f"{labels[link.a]} – {labels[link.b]}: {tie_title(level, final)}"
        # dashed by the level of the tie's own clues, not by its probability: a tie judged
        # unlikely (94 % likely in a small audit) drawn solid read as a join the verdict
        # denies. Nor by its level with the other accounts: those lines would draw a path
        # between the sides that the chains (which count each clue once) do not find
        edges.append(Edge(x1, y1, x2, y2, stroke, level == "low", title))
    order = [PERSONAL[2], PROFESSIONAL[2]]
    items = sorted(
        legend.values(),
        key=lambda i: (order.index(i.persona) if i.persona in order else 2, i.persona),
    )
    return nodes, edges, items, (width, height)


def tie_title(own: str, final: str) -> str:
    """A line's levels in words: on the tie's own clues, and with the other accounts counted
    (:mod:`linkage.evidence.chains`), which raise it through accounts tied to both or lower it
    by their clues against it. ", very likely with the other accounts" beside "almost certain"
    read as if more evidence made the tie weaker; it says which way they count."""
    said = f"{level_label(own)} on their own clues"
    if final == own:
        return said
    rank = [level.name for level in LEVELS]
    why = (
        "which tell against it"
        if rank.index(final) < rank.index(own)
        else "which tie the two together"
    )
    return f"{said}; {level_label(final)} once the other accounts are counted, {why}"


def drawn(profiles: Sequence[Profile], lines: Sequence[Link]) -> list[Profile]:
    """The accounts the picture draws: every listed one (read or not: the verdict waits for
    those not read), every one found and read, and a found one not read only where a line
    (``lines``) ends at it. A link that could not be followed has nothing to compare, so no tie
    of its own; drawn, the 28 of an audit of 14 accounts were a grid of pale triangles under
    them, each "could not be read" in the key, unreadable on a phone. They are listed under
    "Links that could not be followed", and the picture says so."""
    ends = {pid for line in lines for pid in (line.a, line.b)}
    return [p for p in profiles if not p.discovered_by or p.ok or p.id in ends]


def _unread(profile: Profile) -> bool:
    return not profile.status.ok


def _spread(
    placed: dict[str, tuple[float, float]], width: float, height: float
) -> dict[str, tuple[float, float]]:
    """Push apart nodes closer than ``MIN_GAP``, keeping them inside the margins."""
    keys = sorted(placed)
    pos = np.array([placed[k] for k in keys], dtype=float)
    low, high = np.array([MARGIN, MARGIN]), np.array([width - MARGIN, height - MARGIN])
    for _ in range(300):
        delta = pos[None, :, :] - pos[:, None, :]  # delta[i, j] = pos[j] - pos[i]
        dist = np.hypot(delta[..., 0], delta[..., 1])
        np.fill_diagonal(dist, np.inf)
        close = dist < MIN_GAP
        if not close.any():
            break
        same = dist < 1e-6  # two nodes on one spot: part them sideways
        delta[same] = (1.0, 0.0)
        dist = np.where(same, 1.0, dist)
        push = np.where(close, (MIN_GAP - dist) / 2 + 0.5, 0.0) / dist
        pos -= (delta * push[..., None]).sum(axis=1)
        pos = np.clip(pos, low, high)
    return {k: (float(x), float(y)) for k, (x, y) in zip(keys, pos, strict=True)}


def _component_positions(graph: Graph[str], per_row: int) -> dict[str, tuple[float, float]]:
    """Positions in the unit square: each group of linked accounts laid out on its own (so
    that strong links do not squeeze one group while an unlinked account sits far away), the
    groups side by side in a grid, accounts linked to nothing in rows of at most ``per_row``
    along the bottom."""
    groups = sorted(
        (sorted(c) for c in graph.components() if len(c) > 1),
        key=lambda c: (-len(c), c),
    )
    alone = sorted(n for n, neighbours in graph.adj.items() if not neighbours)
    columns = max(1, math.ceil(math.sqrt(len(groups))))
    rows = math.ceil(len(groups) / columns) if groups else 0
    alone_rows = math.ceil(len(alone) / per_row)
    bottom = min(0.5, 0.18 * alone_rows) if alone and groups else (1.0 if alone else 0.0)
    positions: dict[str, tuple[float, float]] = {}
    for index, members in enumerate(groups):
        pulls = [
            (a, b, 0.3 + min(edge["weight"], 12.0) / 12.0)
            for a in members
            for b, edge in graph.adj[a].items()
            if a < b
        ]
        found = force_layout(members, pulls, spacing=1.4 / math.sqrt(len(members)))
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
    top = 1.0 - bottom
    for index, node in enumerate(alone):
        row, column = divmod(index, per_row)
        in_row = min(per_row, len(alone) - row * per_row)
        x = (column + 0.5) / in_row
        y = top + bottom * (row + 0.5) / alone_rows if groups else (row + 0.5) / alone_rows
        positions[node] = (x, y)
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
    scale = {"square": 1.2, "triangle": 1.35, "diamond": 1.3}.get(shape, 1.1)
    pts = []
    for i in range(corners):
        radius = r * scale * (0.5 if shape == "star" and i % 2 else 1.0)
        angle = rotation + 2 * math.pi * i / corners
        pts.append(f"{x + radius * math.cos(angle):.1f},{y + radius * math.sin(angle):.1f}")
    return " ".join(pts)
