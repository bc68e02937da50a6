"""Many style samples at once: their dot products, and each one's nearest neighbours.

The samples' unit vectors are the rows of one sparse matrix. Products of such matrices are
slow on the n-gram buckets that most samples use, so those buckets go through one dense
product and the rest through a sparse one.

Nearest neighbours give the linker candidate pairs for writing, which has no blocking key
(:mod:`linkage.evidence.candidates`): each sample's ``k`` best-scoring others by the s-norm score that
the style signal compares with (exact, not approximate), computed ``CHUNK`` rows at a time.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from linkage.signals.style_features import BITS, Sample, StyleModel

if TYPE_CHECKING:
    from scipy.sparse import csr_matrix

#: rows of the score matrix computed at once
CHUNK = 1000
#: up to this many samples, the gram matrix is made pair by pair (no sparse products)
SMALL = 40


def sample_matrix(samples: Sequence[Sample]) -> csr_matrix:
    """The samples' unit vectors as the rows of one sparse matrix."""
    import scipy.sparse as sparse

    return sparse.csr_matrix(
        (
            np.concatenate([s.values for s in samples]).astype(np.float32),
            np.concatenate([s.buckets for s in samples]),
            np.concatenate([[0], np.cumsum([len(s.buckets) for s in samples])]),
        ),
        shape=(len(samples), 1 << BITS),
    )


class Products:
    """Dot products of the samples' unit vectors, a block of rows at a time."""

    def __init__(self, samples: Sequence[Sample]) -> None:
        matrix = sample_matrix(samples)
        use = np.bincount(matrix.indices, minlength=1 << BITS)
        common = use > max(8, len(samples) // 10)
        self.dense = matrix[:, np.flatnonzero(common)].toarray() if common.any() else None
        self.rare = matrix[:, np.flatnonzero(~common)] if not common.all() else None
        self.rare_t = self.rare.T.tocsr() if self.rare is not None else None
        self.size = len(samples)

    def rows(self, start: int, stop: int) -> np.ndarray:
        block = np.zeros((stop - start, self.size), dtype=np.float32)
        if self.dense is not None:
            block += self.dense[start:stop] @ self.dense.T
        if self.rare is not None:
            block += (self.rare[start:stop] @ self.rare_t).toarray()
        return block


def row_dots(sample: Sample, others: Sequence[Sample]) -> np.ndarray:
    """Dot products of one sample's unit vector with each of ``others``'."""
    dense = np.zeros(1 << BITS, dtype=np.float64)
    dense[sample.buckets] = sample.values
    return np.array([dense[o.buckets] @ o.values for o in others], dtype=np.float32)


def gram(samples: Sequence[Sample]) -> np.ndarray:
    """Dot products of all the samples' unit vectors (a few samples directly, many through
    :class:`Products`)."""
    if len(samples) > SMALL:
        return Products(samples).rows(0, len(samples))
    out = np.zeros((len(samples), len(samples)), dtype=np.float32)
    for i, a in enumerate(samples):
        out[i, i:] = out[i:, i] = row_dots(a, samples[i:])
    return out


#: per sample: centroid product, norm, impostor mean and spread (at least 1e-6)
SampleArrays = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]


def sample_arrays(samples: Sequence[Sample]) -> SampleArrays:
    """The per-sample figures that :func:`block_scores` needs, as arrays."""
    return (
        np.array([s.centroid_dot for s in samples]),
        np.array([s.norm for s in samples]),
        np.array([s.mean for s in samples]),
        np.maximum([s.spread for s in samples], 1e-6),
    )


def block_scores(
    model: StyleModel, dots: np.ndarray, rows: SampleArrays, columns: SampleArrays
) -> np.ndarray:
    """The symmetric s-norm scores (:meth:`StyleModel.score`) of a block of pairs, from their
    dot products ``dots`` (rows by columns)."""
    r_dot, r_norm, r_mean, r_spread = rows
    c_dot, c_norm, c_mean, c_spread = columns
    sims = (dots - r_dot[:, None] - c_dot[None, :] + model.centroid_sq) / (
        r_norm[:, None] * c_norm[None, :]
    )
    return 0.5 * ((sims - r_mean[:, None]) / r_spread[:, None] + (sims - c_mean) / c_spread)


def nearest(
    samples: Sequence[Sample], model: StyleModel, k: int, dots: np.ndarray | None = None
) -> np.ndarray:
    """Each sample with its ``k`` best-scoring others, as index pairs of shape (pairs, 2).
    ``dots``: the samples' gram matrix when it is already known."""
    n = len(samples)
    k = min(k, n - 1)
    if k < 1:
        return np.zeros((0, 2), dtype=np.int64)
    products = Products(samples) if dots is None else None
    every = sample_arrays(samples)
    found = []
    for start in range(0, n, CHUNK):
        stop = min(n, start + CHUNK)
        block = dots[start:stop] if dots is not None else products.rows(start, stop)  # type: ignore[union-attr]
        rows = tuple(a[start:stop] for a in every)
        scores = block_scores(model, block, rows, every)  # type: ignore[arg-type]
        scores[np.arange(stop - start), np.arange(start, stop)] = -np.inf
        best = np.argpartition(-scores, k - 1, axis=1)[:, :k]
        found.append(np.stack([np.repeat(np.arange(start, stop), k), best.ravel()], axis=1))
    return np.concatenate(found).astype(np.int64)
