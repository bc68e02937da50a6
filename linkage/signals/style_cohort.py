"""A large input's own null for the style signal: each sample's scores against the cohort.

Nearly all pairs of a large input are different people writing the input's own kind of text,
which the shipped background only approximates. Up to ``COHORT_SIZE`` of its samples, picked
by a hash of their ids so that a run is reproducible, form the cohort (``pick_cohort``);
each sample's scores against them (itself left out) give its different-author null in this
input: the median and a robust spread (:func:`linkage.signals.cohort.robust`), over the whole
cohort and over each kind of writing's share of it (:func:`linkage.signals.cohort.sample_null`),
and its closest cohort members in units of that null, from which house style is measured
(:mod:`linkage.signals.style_house`). The scores are the background model's symmetric s-norm
scores (:meth:`linkage.signals.style_features.StyleModel.score`), computed a block of samples
at a time as one sparse product, on all cores for large batches.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping, Sequence

import numpy as np

from linkage.evidence.workers import map_shares
from linkage.signals.cohort import COHORT_SIZE, Null, sample_null
from linkage.signals.style_features import Sample, StyleModel
from linkage.signals.style_house import closest
from linkage.signals.style_matrix import block_scores, sample_arrays, sample_matrix

#: samples scored against the cohort in one product
BLOCK = 2000

#: per sample: its null against the whole cohort, against each kind's share of it, and its
#: closest cohort members (ids, units of its null)
Stats = tuple[tuple[float, float], dict[str, tuple[float, float, int]], list[tuple[str, float]]]


def pick_cohort(
    ids: Sequence[str], samples: Mapping[str, Sample | None]
) -> list[tuple[str, Sample]]:
    """Up to COHORT_SIZE of these samples, picked by a hash of their ids (reproducible)."""
    chosen = sorted(ids, key=lambda pid: zlib.crc32(pid.encode("utf-8", "replace")))
    return [(pid, samples[pid]) for pid in chosen[:COHORT_SIZE]]  # type: ignore[misc]


def cohort_nulls(
    model: StyleModel,
    cohort: Sequence[tuple[str, Sample]],
    samples: Mapping[str, Sample | None],
    kinds: Mapping[str, str | None],
    ids: Sequence[str],
    parallel_from: int,
) -> dict[str, Stats]:
    """Each of ``ids``' samples against the cohort (see the module text); ``kinds`` gives
    each account's kind of writing, ``parallel_from`` the batch size from which all cores
    share the work."""
    if not ids or not cohort:
        return {}
    cohort_ids = [pid for pid, _ in cohort]
    members = [sample for _, sample in cohort]
    other = sample_matrix(members)
    columns = sample_arrays(members)
    cohort_index = {pid: k for k, pid in enumerate(cohort_ids)}
    cohort_kinds = np.array([kinds.get(pid) or "" for pid in cohort_ids])
    kept_ids = np.array(cohort_ids, dtype=object)

    def share_stats(share: Sequence[str]) -> list[tuple[str, Stats]]:
        out = []
        for start in range(0, len(share), BLOCK):
            part = list(share[start : start + BLOCK])
            block = [samples[pid] for pid in part]
            dots = (sample_matrix(block) @ other.T).toarray()  # type: ignore[arg-type]
            scores = block_scores(model, dots, sample_arrays(block), columns)  # type: ignore[arg-type]
            for row, pid in enumerate(part):
                keep = np.ones(len(cohort_ids), dtype=bool)
                if pid in cohort_index:  # itself left out
                    keep[cohort_index[pid]] = False
                null: Null | None = sample_null(scores[row][keep], cohort_kinds[keep])
                if null is not None:
                    middle, spread = null[0]
                    units = (scores[row][keep] - middle) / spread
                    out.append((pid, (*null, closest(kept_ids[keep], units))))
        return out

    return dict(map_shares(share_stats, list(ids), min_items=parallel_from))
