"""Positions for one group of linked accounts: a force-directed (Fruchterman–Reingold) layout.

Linked accounts pull each other together in proportion to their edge's ``pull``; every two
accounts push each other apart. The layout starts from positions drawn with a fixed seed and
cools step by step, so one group always gets the same picture. A report's groups have at most
a few dozen accounts, so plain arrays of all pairwise distances are the fastest way (and a
graph library's import would cost a report more time than drawing it).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

#: steps of the simulation; each moves a node at most the current temperature
ITERATIONS = 50


def force_layout(
    nodes: Sequence[str],
    edges: Sequence[tuple[str, str, float]],
    *,
    spacing: float,
    seed: int = 7,
) -> dict[str, tuple[float, float]]:
    """Positions of ``nodes`` (in a square about [-1, 1]) for ``edges`` of ``(a, b, pull)``.
    ``spacing`` is the ideal distance between two nodes (the larger, the more spread out)."""
    n = len(nodes)
    if n == 0:
        return {}
    if n == 1:
        return {nodes[0]: (0.0, 0.0)}
    index = {node: i for i, node in enumerate(nodes)}
    pull = np.zeros((n, n))
    for a, b, weight in edges:
        i, j = index[a], index[b]
        pull[i, j] = pull[j, i] = weight
    pos = np.random.default_rng(seed).random((n, 2))
    temperature = 0.1 * max(float(np.ptp(pos[:, 0])), float(np.ptp(pos[:, 1])))
    cooling = temperature / (ITERATIONS + 1)
    for _ in range(ITERATIONS):
        delta = pos[:, None, :] - pos[None, :, :]  # delta[i, j] = pos[i] - pos[j]
        distance = np.maximum(np.hypot(delta[..., 0], delta[..., 1]), 0.01)
        # repulsion k^2 / d between all, attraction d^2 / k along edges, both along delta / d
        force = spacing**2 / distance**2 - pull * distance / spacing
        np.fill_diagonal(force, 0.0)
        move = np.einsum("ijk,ij->ik", delta, force)
        length = np.maximum(np.hypot(move[:, 0], move[:, 1]), 0.01)
        pos += move * (np.minimum(length, temperature) / length)[:, None]
        temperature -= cooling
    pos -= pos.mean(axis=0)
    extent = float(np.abs(pos).max()) or 1.0
    pos /= extent
    return {node: (float(x), float(y)) for node, (x, y) in zip(nodes, pos, strict=True)}
