"""Work spread over the machine's cores by forking: the prepared state (profiles, signals,
reference data) is shared with the workers as it is, not copied or pickled; only each share's
bounds go out and its results come back. Falls back to one process when there is little work,
one core, no ``fork`` (not Linux), or other threads running (forking them is unsafe)."""

from __future__ import annotations

import itertools
import multiprocessing
import os
import threading
from collections.abc import Callable
from typing import Any

_TASK: tuple[Callable[[Any], list[Any]], Any] | None = None


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def map_shares(
    function: Callable[[Any], list[Any]],
    items: Any,
    *,
    min_items: int,
    workers: int | None = None,
) -> list[Any]:
    """``function`` applied to contiguous shares of ``items`` (anything sliceable), the
    results joined in order: the same as ``function(items)`` when it works item by item."""
    global _TASK
    workers = workers if workers is not None else cores()
    if (
        workers < 2
        or len(items) < min_items
        or "fork" not in multiprocessing.get_all_start_methods()
        or threading.active_count() > 1
    ):
        return function(items)
    shares = workers * 4  # more shares than workers: they finish together
    bounds = [len(items) * k // shares for k in range(shares + 1)]
    _TASK = (function, items)
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            parts = pool.map(_run_share, list(itertools.pairwise(bounds)))
    finally:
        _TASK = None
    return [result for part in parts for result in part]


def _run_share(bounds: tuple[int, int]) -> list[Any]:
    assert _TASK is not None
    function, items = _TASK
    return function(items[bounds[0] : bounds[1]])
