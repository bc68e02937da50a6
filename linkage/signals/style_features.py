"""Text features for the writing-style signal (shared by the signal and its build script).

A profile's writing becomes the *set* of character n-grams (orders 3 to 8) it uses, each
hashed into one of 2**18 buckets; a present n-gram is weighted by its inverse document
frequency in the shipped background, and n-grams made only of letters (the inside of words,
where topic lives) count for less than those that span spaces, punctuation or digits.
Binary presence rather than counts: repeating a topic word does not add to it.

The *kind* of writing (long messages or short replies, code-like or chatty, markup) is
described by a few numbers, so that the signal can tell when two samples are not comparable.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from linkage.signals.style_pasted import without_data

#: hashing space and n-gram orders (changing them requires rebuilding the background)
BITS = 18
ORDERS = (3, 4, 5, 6, 7, 8)
#: weight of n-grams made only of letters (word insides: mostly topic)
LETTER_WEIGHT = 0.6
#: the most words of one profile that are read (the newest posts first, as collected)
MAX_WORDS = 4000
#: the fewest words for a style comparison
MIN_WORDS = 40
#: texts turned into samples at once (bounds the memory of one sparse product)
SAMPLE_CHUNK = 2000

_PRIME = np.uint64(1099511628211)
_MIX = np.uint64(0x9E3779B97F4A7C15)
HALF = 1 << (BITS - 1)
_SHIFT = np.uint64(64 - BITS + 1)
_URL = re.compile(r"https?://\S+|www\.\S+")
_LETTERS = re.compile(r"[^\W\d_]+")
_WORD = re.compile(r"\w+")


def clean(text: str) -> str:
    """One post as plain text: addresses replaced by a marker, whitespace folded."""
    return " ".join(_URL.sub(" <url> ", text).split())


def profile_text(posts: Iterable[str], max_words: int = MAX_WORDS) -> tuple[str, int]:
    """The profile's writing (posts joined by newlines, capped; pasted program output masked:
    :func:`linkage.signals.style_pasted.without_data`) and its number of words."""
    parts: list[str] = []
    words = 0
    for post in posts:
        if not isinstance(post, str):
            continue
        text = without_data(clean(post))
        if not text:
            continue
        count = len(text.split())
        if words + count > max_words:
            room = max_words - words
            if room >= 5:
                parts.append(" ".join(text.split()[:room]))
                words += room
            break
        parts.append(text)
        words += count
    return "\n".join(parts), words


def ngram_buckets(text: str) -> np.ndarray:
    """The distinct hashed n-grams of ``text``, sorted.

    N-grams made only of letters hash into the lower half of the space, the others into the
    upper half, so that a bucket's number says which kind it holds (see :func:`weights`).
    """
    if not text:
        return np.zeros(0, np.int64)
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    size = len(codes)
    letter = np.zeros(size, bool)
    for match in _LETTERS.finditer(text):
        letter[match.start() : match.end()] = True
    found: list[np.ndarray] = []
    rolling = np.zeros(size, np.uint64)
    inside = np.ones(size, bool)
    with np.errstate(over="ignore"):
        for n in range(1, max(ORDERS) + 1):
            if n > size:
                break
            rolling = rolling[: size - n + 1] * _PRIME + codes[n - 1 :] + np.uint64(n * 7919)
            inside = inside[: size - n + 1] & letter[n - 1 :]
            if n in ORDERS:
                bucket = ((rolling * _MIX) >> _SHIFT).astype(np.int64)
                found.append(np.where(inside, bucket, bucket + HALF))
    if not found:
        return np.zeros(0, np.int64)
    return np.unique(np.concatenate(found))


def weights(idf: np.ndarray) -> np.ndarray:
    """Per-bucket weights: the background IDF, times LETTER_WEIGHT in the letters-only half."""
    out = idf.astype(np.float64).copy()
    out[:HALF] *= LETTER_WEIGHT
    return out


# --- vectors, the background and the normalised score ---------------------------------------


@dataclass
class Sample:
    """One profile's writing, ready to compare. Only the bucket numbers are kept (as int32):
    the vector's values are the shared bucket weights times ``scale``, so that a large input
    holds about 13 KB per profile rather than 50."""

    words: int
    buckets: np.ndarray  # sorted bucket numbers (int32)
    scale: float  # 1 / length of the weights: the vector is weight[buckets] * scale
    centroid_dot: float  # values · centroid
    norm: float  # length after the centroid is subtracted
    mean: float  # mean similarity to the background impostors
    spread: float  # their standard deviation
    weight: np.ndarray = field(repr=False, compare=False, default_factory=lambda: np.zeros(0))

    @property
    def values(self) -> np.ndarray:
        """The unit vector's values, bucket by bucket."""
        return self.weight[self.buckets] * self.scale

    def __getstate__(self) -> dict:
        """Sent between processes without the shared weights (see ``attach``)."""
        state = dict(self.__dict__)
        state["weight"] = None
        return state

    def attach(self, weight: np.ndarray) -> Sample:
        """Give a sample that came from another process the model's weights again."""
        self.weight = weight
        return self


#: batches of this many samples use the impostors as a dense array (see ``dense_impostors``)
DENSE_FROM = 500
#: the packed impostors are unpacked this many buckets at a time
UNPACK_ROWS = 16384


def impostor_sums(weight: np.ndarray, centroid: np.ndarray, packed: np.ndarray) -> np.ndarray:
    """Per impostor, the squared length of its buckets' weights and their product with the
    centroid, shape (2, impostors): what the model needs of the impostors besides their bits.
    Stored beside them in the shipped file, so that loading it computes nothing."""
    sums = np.zeros((2, packed.shape[1] * 8))
    both = np.stack([weight**2, weight * centroid])
    for start in range(0, len(packed), UNPACK_ROWS):
        rows = slice(start, start + UNPACK_ROWS)
        sums += both[:, rows] @ np.unpackbits(packed[rows], axis=1)
    return sums


class StyleModel:
    """The shipped background: IDF weights, the centroid and the impostors' n-gram sets."""

    def __init__(
        self,
        idf: np.ndarray,
        centroid: np.ndarray,
        impostors: np.ndarray,
        sums: np.ndarray | None = None,
    ) -> None:
        """``impostors``: for each bucket, which impostors use it, as bits packed along the
        impostors (``np.packbits(present.T, axis=1)``, shape (buckets, impostors / 8)).
        ``sums``: :func:`impostor_sums` of these, when the file holds them (else made here).

        The impostors stay packed: a few samples' similarities to them unpack only the
        samples' buckets (:meth:`_raw`), and the dense array of many samples' products is made
        only when such a batch comes (:meth:`dense_impostors`). Each impostor's vector is its
        buckets' weights, scaled to unit length."""
        self.weight = weights(idf)
        self.centroid = centroid.astype(np.float64)
        self.centroid_sq = float(self.centroid @ self.centroid)
        self.packed = np.ascontiguousarray(impostors)
        if sums is None or sums.shape != (2, self.packed.shape[1] * 8):
            sums = impostor_sums(self.weight, self.centroid, self.packed)
        self.impostor_scale = 1.0 / np.maximum(np.sqrt(sums[0]), 1e-12)
        dots = sums[1] * self.impostor_scale
        self._dense_impostors: np.ndarray | None = None
        self.impostor_dot = dots
        self.impostor_norm = np.sqrt(np.maximum(1 - 2 * dots + self.centroid_sq, 1e-12))

    def dense_impostors(self) -> np.ndarray:
        """The impostors as one dense float32 array (buckets x impostors, about 130 MB), made
        on first use: many samples' similarities to them are then one fast product instead
        of many small ones. Make it before forking workers, so that they share it."""
        if self._dense_impostors is None:
            dense = np.empty((len(self.packed), len(self.impostor_scale)), dtype=np.float32)
            scale = self.impostor_scale.astype(np.float32)
            for start in range(0, len(self.packed), UNPACK_ROWS):
                rows = slice(start, start + UNPACK_ROWS)
                bits = np.unpackbits(self.packed[rows], axis=1).astype(np.float32)
                dense[rows] = bits * self.weight[rows, None].astype(np.float32) * scale
            self._dense_impostors = dense
        return self._dense_impostors

    def _raw(self, buckets: np.ndarray, values: np.ndarray) -> np.ndarray:
        """One sample's dot products with every impostor's vector, unpacking only its buckets."""
        bits = np.unpackbits(self.packed[buckets], axis=1)
        return ((values * self.weight[buckets]) @ bits) * self.impostor_scale

    def samples(self, texts: Sequence[tuple[str, int]]) -> list[Sample | None]:
        """Samples for many ``(text, words)`` at once (one product per 2,000)."""
        out: list[Sample | None] = []
        for start in range(0, len(texts), SAMPLE_CHUNK):
            out.extend(self._samples(texts[start : start + SAMPLE_CHUNK]))
        return out

    def _samples(self, texts: Sequence[tuple[str, int]]) -> list[Sample | None]:
        found: list[tuple[int, np.ndarray, float]] = []
        for i, (text, _) in enumerate(texts):
            buckets = ngram_buckets(text)
            if len(buckets):
                values = self.weight[buckets]
                found.append((i, buckets.astype(np.int32), 1.0 / math.sqrt(float(values @ values))))
        out: list[Sample | None] = [None] * len(texts)
        if not found:
            return out
        if self._dense_impostors is not None or len(found) >= DENSE_FROM:
            import scipy.sparse as sparse

            matrix = sparse.csr_matrix(
                (
                    np.concatenate([self.weight[b] * scale for _, b, scale in found]),
                    np.concatenate([b for _, b, _ in found]),
                    np.concatenate([[0], np.cumsum([len(b) for _, b, _ in found])]),
                ),
                shape=(len(found), 1 << BITS),
            )
            raw = np.asarray(matrix.astype(np.float32) @ self.dense_impostors())
            centroid_dots = np.asarray(matrix @ self.centroid).ravel()
        else:
            raw = np.stack([self._raw(b, self.weight[b] * scale) for _, b, scale in found])
            centroid_dots = np.array(
                [float((self.weight[b] * scale) @ self.centroid[b]) for _, b, scale in found]
            )
        for row, (i, buckets, scale) in enumerate(found):
            centroid_dot = float(centroid_dots[row])
            norm = math.sqrt(max(1 - 2 * centroid_dot + self.centroid_sq, 1e-12))
            sims = (raw[row] - centroid_dot - self.impostor_dot + self.centroid_sq) / (
                norm * self.impostor_norm
            )
            out[i] = Sample(
                texts[i][1],
                buckets,
                scale,
                centroid_dot,
                norm,
                float(sims.mean()),
                float(sims.std()),
                self.weight,
            )
        return out

    def features(self, messages: Iterable[str]) -> Sample | None:
        return self.samples([profile_text(messages)])[0]

    def similarity(self, a: Sample, b: Sample, dot: float | None = None) -> float:
        """Cosine of the two vectors after the background centroid is subtracted."""
        if dot is None:
            _, ia, ib = np.intersect1d(
                a.buckets, b.buckets, assume_unique=True, return_indices=True
            )
            dot = float(a.values[ia] @ b.values[ib])
        return (dot - a.centroid_dot - b.centroid_dot + self.centroid_sq) / (a.norm * b.norm)

    def score(self, a: Sample, b: Sample, dot: float | None = None) -> float:
        """The symmetric s-norm score: the similarity in units of each side's impostor spread."""
        s = self.similarity(a, b, dot)
        return 0.5 * ((s - a.mean) / max(a.spread, 1e-6) + (s - b.mean) / max(b.spread, 1e-6))


# --- calibration ------------------------------------------------------------------------------
# Two stages, fitted on background pairs of known authorship (see the build script):
# 1. the null: for two different authors of one project, the score's mean and log spread are
#    quadratic in u = log2(smaller word count) - 8 and v = log2(larger word count) - 8;
#    the score becomes x = (score - mean) / spread;
# 2. log2 LR = (b0 + b1 u + b2 v) x + b3 u + b4 v + b5 (logistic, classes balanced), with the
#    slope kept >= 0 so that a higher score never counts against.
CALIBRATION_SIZE = 18


def size_terms(words_a: float, words_b: float) -> tuple[float, float]:
    small, large = sorted((max(float(words_a), 1.0), max(float(words_b), 1.0)))
    return math.log2(small) - 8.0, math.log2(large) - 8.0


def quadratic(c: Sequence[float], u: float, v: float) -> float:
    return c[0] + c[1] * u + c[2] * v + c[3] * u * u + c[4] * u * v + c[5] * v * v


def null_units(params: Sequence[float], score: float, u: float, v: float) -> float:
    """The score in units of the different-author spread for these sample sizes."""
    return (score - quadratic(params[0:6], u, v)) / math.exp(quadratic(params[6:12], u, v))


def calibrated_bits(params: Sequence[float], score: float, words_a: float, words_b: float) -> float:
    """log2 likelihood ratio of one author for a normalised score and the two sample sizes."""
    u, v = size_terms(words_a, words_b)
    return bits_from_units(params, null_units(params, score, u, v), words_a, words_b)


def reference_slope(params: Sequence[float], words_a: float, words_b: float) -> float:
    """Stage 2's slope for these sample sizes: bits per null unit."""
    u, v = size_terms(words_a, words_b)
    b = params[12:18]
    return max(b[0] + b[1] * u + b[2] * v, 0.0)


def bits_from_units(params: Sequence[float], x: float, words_a: float, words_b: float) -> float:
    """Stage 2 alone: log2 likelihood ratio for a score already in null units ``x``."""
    u, v = size_terms(words_a, words_b)
    b = params[12:18]
    return reference_slope(params, words_a, words_b) * x + b[3] * u + b[4] * v + b[5]


def fit_logistic(
    z: np.ndarray,
    labels: np.ndarray,
    weights: np.ndarray,
    prior: tuple[float, float] = (1.0, 0.0),
    strength: float = 1.0,
) -> tuple[float, float]:
    """Weighted one-feature logistic regression by Newton's method: (slope, intercept) of
    the log-odds in bits. A ridge penalty of ``strength`` (in observations) pulls them towards
    ``prior`` (bits), so that classes that separate completely still give finite weights."""
    features = np.stack([z, np.ones_like(z)], axis=1)
    centre = np.array(prior, dtype=np.float64) * math.log(2)
    coef = centre.copy()
    for _ in range(100):
        p = 1.0 / (1.0 + np.exp(-np.clip(features @ coef, -50, 50)))
        gradient = features.T @ (weights * (labels - p)) - strength * (coef - centre)
        hessian = (features * (weights * p * (1 - p))[:, None]).T @ features
        step = np.linalg.solve(hessian + strength * np.eye(2), gradient)
        coef += step
        if np.abs(step).max() < 1e-9:
            break
    slope, intercept = coef / math.log(2)
    if slope <= 0:  # scores say nothing here
        return 0.0, 0.0
    return float(slope), float(intercept)
