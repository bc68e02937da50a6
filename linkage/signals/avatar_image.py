"""Avatar pictures reduced to comparable fingerprints (a helper of the avatar signal).

A picture is loaded with the collectors' decompression-bomb guard, flattened onto white,
cropped to its central square and reduced to a 128 px *luminance* square, so that a greyscale
copy hashes like the colour original. From that square come 31 *variants*, each hashed twice
(a 64-bit pHash: the signs of the 8 x 8 lowest DCT frequencies of a 32 px copy against their
median; and a 64-bit dHash: whether each of 8 x 8 pixels is brighter than its right
neighbour), and every variant is hashed mirrored too:

* centred crops at seven scales, 100 % down to 69 % of the side, about 6 % apart, so that a
  copy cropped by up to ~30 % lines up with one of them; the 69 % crop lies inside the
  inscribed circle, so that a circular crop (on white, black or anything) matches the
  square original there;
* each smaller crop also moved left, right, up and down by half its slack (off-centre crops).

Two pictures are compared by the smallest normalised Hamming distance (of 128 bits) over the
compatible combinations: centred crops at any two scales, an off-centre crop against the
other picture whole, the second picture mirrored or not (194 combinations). The hashes are
computed with precomputed resampling matrices (two small matrix products for all variants),
so a picture costs about a millisecond once decoded, and a pair a few microseconds.

What a picture looks like (a flat drawing, a generator's default) is measured by
:mod:`linkage.signals.avatar_look`. The module also keeps the collectors' own 64-bit pHash and
dHash (:func:`plain_hashes`) for records that carry only those.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass

import numpy as np
from PIL import Image

from linkage.images import MAX_IMAGE_BYTES, ImageError, open_image, square
from linkage.signals.avatar_look import appearance, looks_default, looks_generic

#: side of the luminance square every picture is reduced to before the variants are cut
BASE_SIDE = 128
#: centre-crop scales (fractions of the side), about 6 % apart, down to the square inside the
#: inscribed circle (0.69 < 1/sqrt(2)), which ignores the corners of a circular crop
SCALES = (1.0, 0.94, 0.88, 0.83, 0.78, 0.735, 0.69)
#: off-centre crops: each smaller scale also moved left, right, up and down by this share of
#: its slack
SHIFT = 0.5
HASH_SIDE = 8  # 8 x 8 = 64 bits per hash
PHASH_SIDE = HASH_SIDE * 4  # pHash works on a 32 px copy
WORDS = 2  # uint64 words per variant: pHash, then dHash
BITS = WORDS * 64


def _variant_boxes() -> list[tuple[int, float, float]]:
    """(scale index, x shift, y shift) of every variant, the centred ones first."""
    boxes = [(i, 0.0, 0.0) for i in range(len(SCALES))]
    for i, scale in enumerate(SCALES):
        if scale < 1:
            d = (1 - scale) / 2 * SHIFT
            boxes += [(i, d, 0.0), (i, -d, 0.0), (i, 0.0, d), (i, 0.0, -d)]
    return boxes


VARIANTS = _variant_boxes()
N_VARIANTS = len(VARIANTS)


def _compatible_pairs() -> tuple[np.ndarray, np.ndarray]:
    """The compared combinations: (variant of A, variant of B or of B's mirror image).

    Centred crops at any two scales (one copy may be cropped more than the other); an
    off-centre crop only against the other picture whole (one copy cut off-centre from the
    other).
    """
    left, right = [], []
    for mirrored in (0, 1):
        for a, (i, ax, ay) in enumerate(VARIANTS):
            for b, (j, bx, by) in enumerate(VARIANTS):
                a_shifted, b_shifted = bool(ax or ay), bool(bx or by)
                if a_shifted and (b_shifted or j != 0):
                    continue
                if b_shifted and i != 0:
                    continue
                left.append(a)
                right.append(b + mirrored * N_VARIANTS)
    return np.array(left), np.array(right)


#: for every compared combination: the variant of A and the (possibly mirrored) variant of B
PAIR_LEFT, PAIR_RIGHT = _compatible_pairs()


def _dct_matrix(n: int, k: int) -> np.ndarray:
    """The first ``k`` rows of the orthonormal DCT-II matrix of size ``n``."""
    x = np.arange(n)
    rows = np.cos(np.pi * (2 * x[None, :] + 1) * np.arange(k)[:, None] / (2 * n))
    rows[0] *= np.sqrt(1 / n)
    rows[1:] *= np.sqrt(2 / n)
    return rows


def _box_matrix(lo: float, hi: float, n_out: int, n_in: int) -> np.ndarray:
    """(n_out, n_in) area-averaging resampling of the source interval [lo, hi)."""
    edges = lo + (hi - lo) * np.arange(n_out + 1) / n_out
    pixels = np.arange(n_in)
    start = np.maximum(edges[:-1, None], pixels[None, :])
    stop = np.minimum(edges[1:, None], pixels[None, :] + 1)
    weights = np.clip(stop - start, 0.0, None)
    return weights / np.maximum(weights.sum(axis=1, keepdims=True), 1e-9)


def _resamplers() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per variant: DCT-of-resampled rows and columns (pHash), resampled rows and columns
    (dHash), each as a matrix that applies to the 128 px base square."""
    dct = _dct_matrix(PHASH_SIDE, HASH_SIDE)
    p_rows, p_cols, d_rows, d_cols = [], [], [], []
    for i, dx, dy in VARIANTS:
        edge = BASE_SIDE * SCALES[i]
        left = (BASE_SIDE - edge) / 2 + dx * BASE_SIDE
        top = (BASE_SIDE - edge) / 2 + dy * BASE_SIDE
        p_rows.append(dct @ _box_matrix(top, top + edge, PHASH_SIDE, BASE_SIDE))
        p_cols.append(dct @ _box_matrix(left, left + edge, PHASH_SIDE, BASE_SIDE))
        d_rows.append(_box_matrix(top, top + edge, HASH_SIDE, BASE_SIDE))
        d_cols.append(_box_matrix(left, left + edge, HASH_SIDE + 1, BASE_SIDE))
    return np.stack(p_rows), np.stack(p_cols), np.stack(d_rows), np.stack(d_cols)


_P_ROWS, _P_COLS, _D_ROWS, _D_COLS = _resamplers()
_PARITY = np.where(np.arange(HASH_SIDE) % 2 == 0, 1.0, -1.0)  # the DCT of a mirrored row


@dataclass
class Picture:
    """What the avatar signal keeps of one picture."""

    #: SHA-256 of the file's bytes, when known
    sha256: str | None = None
    #: (2 * N_VARIANTS, WORDS) uint64: the variants, then the same variants mirrored
    hashes: np.ndarray | None = None
    #: the collectors' 64-bit pHash and dHash (uint64 each), when known
    plain: tuple[int | None, int | None] = (None, None)
    #: why the picture counts as a default one (no evidence), or None
    default: str | None = None
    #: why the picture looks generic (a flat drawing: little evidence), or None
    generic: str | None = None


# --- loading -----------------------------------------------------------------------------


def read_bytes(path: str) -> bytes | None:
    """The file's bytes, or None when it is missing, unreadable or implausibly large."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_IMAGE_BYTES + 1)
    except (OSError, ValueError):
        return None
    if not data or len(data) > MAX_IMAGE_BYTES:
        return None
    return data


def data_uri_bytes(uri: str) -> bytes | None:
    """The bytes of a ``data:image/...;base64,`` address (the collectors' thumbnails)."""
    if not uri.startswith("data:image/") or ";base64," not in uri[:64]:
        return None
    try:
        data = base64.b64decode(uri.split(",", 1)[1], validate=False)
    except (binascii.Error, ValueError):
        return None
    return data if 0 < len(data) <= MAX_IMAGE_BYTES else None


def decode(data: bytes) -> Image.Image | None:
    """An RGB picture flattened onto white (as the collectors flatten it), or None when the
    bytes are not a picture that can be read."""
    try:
        image = open_image(data)
        if getattr(image, "n_frames", 1) > 1:
            image.seek(0)
        if image.mode in ("RGBA", "LA", "P", "PA") or "transparency" in image.info:
            rgba = image.convert("RGBA")
            background = Image.new("RGB", rgba.size, (255, 255, 255))
            background.paste(rgba, mask=rgba.getchannel("A"))
            return background
        return image.convert("RGB")
    except (ImageError, OSError, ValueError, SyntaxError, TypeError, EOFError):
        return None


# --- hashing -----------------------------------------------------------------------------


def _pack(bits: np.ndarray) -> np.ndarray:
    """Rows of 128 booleans → rows of two uint64 words."""
    packed = np.packbits(bits.reshape(bits.shape[0], -1), axis=1)
    return packed.view(">u8").astype(np.uint64)


def hash_variants(rgb: Image.Image) -> np.ndarray:
    """(2 * N_VARIANTS, WORDS) uint64 hashes: every variant, then every variant mirrored."""
    base = np.asarray(square(rgb, BASE_SIDE).convert("L"), dtype=np.float64)
    coeffs = _P_ROWS @ base @ _P_COLS.transpose(0, 2, 1)  # (variants, 8, 8) DCT
    coeffs = np.concatenate([coeffs, coeffs * _PARITY[None, None, :]])
    flat = coeffs.reshape(coeffs.shape[0], -1)
    phash = flat > np.median(flat, axis=1, keepdims=True)
    small = _D_ROWS @ base @ _D_COLS.transpose(0, 2, 1)  # (variants, 8, 9)
    small = np.concatenate([small, small[:, :, ::-1]])
    dhash = (small[:, :, 1:] > small[:, :, :-1]).reshape(small.shape[0], -1)
    return _pack(np.concatenate([phash, dhash], axis=1))


def _popcount_table(words: np.ndarray) -> np.ndarray:
    """Set bits of each uint64 (for numpy before 2.0, which lacks ``bitwise_count``)."""
    table = np.array([bin(i).count("1") for i in range(256)], dtype=np.uint8)
    as_bytes = np.ascontiguousarray(words).view(np.uint8).reshape(*words.shape, 8)
    return table[as_bytes].sum(axis=-1, dtype=np.uint8)


_popcount = getattr(np, "bitwise_count", _popcount_table)


def differing_bits(a: np.ndarray, b: np.ndarray) -> int:
    """Smallest number of differing bits (of :data:`BITS`) between two pictures' hashes,
    over the compared combinations in both directions (so that it is symmetric)."""
    forward = _popcount(a[PAIR_LEFT] ^ b[PAIR_RIGHT]).sum(axis=1).min()
    backward = _popcount(b[PAIR_LEFT] ^ a[PAIR_RIGHT]).sum(axis=1).min()
    return int(min(forward, backward))


def distance(a: np.ndarray, b: np.ndarray) -> float:
    """Smallest normalised Hamming distance between two pictures' hashes (0 … ~0.5)."""
    return differing_bits(a, b) / BITS


def bits_matrix(hashes: np.ndarray, block: int = 128) -> np.ndarray:
    """(n, n) uint8 :func:`differing_bits` between all of ``n`` pictures' hashes
    ((n, 2V, WORDS) uint64).

    Computed block by block, each compared combination as two XOR-popcounts of whole rows;
    about half a second for 1,000 pictures.
    """
    n = hashes.shape[0]
    best = np.empty((n, n), dtype=np.uint8)
    # (combination, word, picture), contiguous per (combination, word)
    left = np.ascontiguousarray(hashes[:, PAIR_LEFT].transpose(1, 2, 0))
    right = np.ascontiguousarray(hashes[:, PAIR_RIGHT].transpose(1, 2, 0))
    for start in range(0, n, block):
        stop = min(n, start + block)
        rows = best[start:stop]
        rows.fill(BITS)
        for p in range(len(PAIR_LEFT)):
            count = _popcount(left[p, 0, start:stop, None] ^ right[p, 0, None, :])
            count += _popcount(left[p, 1, start:stop, None] ^ right[p, 1, None, :])
            np.minimum(rows, count, out=rows)
    return np.minimum(best, best.T)


def distance_matrix(hashes: np.ndarray) -> np.ndarray:
    """(n, n) :func:`distance` between all of ``n`` pictures' hashes."""
    return bits_matrix(hashes).astype(np.float32) / BITS


_PLAIN_DCT = 2 * np.cos(np.pi * (2 * np.arange(32)[None, :] + 1) * np.arange(8)[:, None] / 64)
_WEIGHTS = 1 << np.arange(63, -1, -1, dtype=np.uint64)


def _bits_to_int(bits: np.ndarray) -> int:
    return int((bits.reshape(-1).astype(np.uint64) * _WEIGHTS).sum())


def plain_hashes(rgb: Image.Image) -> tuple[int, int]:
    """The collectors' 64-bit pHash and dHash as ints: ImageHash's ``phash`` and ``dhash``
    (``collectors.avatars.fingerprint``), computed the same way without its overhead."""
    grey = rgb.convert("L")
    pixels = np.asarray(grey.resize((32, 32), Image.Resampling.LANCZOS), dtype=np.float64)
    low = _PLAIN_DCT @ pixels @ _PLAIN_DCT.T  # scipy.fftpack.dct, type II, unnormalised
    small = np.asarray(grey.resize((9, 8), Image.Resampling.LANCZOS), dtype=np.float64)
    return _bits_to_int(low > np.median(low)), _bits_to_int(small[:, 1:] > small[:, :-1])


def analyse(data: bytes, sha: str | None = None) -> Picture | None:
    """Everything the signal keeps of a picture's bytes, or None when they are not a picture
    (``sha`` is stored as given: the caller decides whether these bytes are the original)."""
    rgb = decode(data)
    if rgb is None:
        return None
    try:
        small = square(rgb, BASE_SIDE)
        look = appearance(small)
        return Picture(
            sha256=sha,
            hashes=hash_variants(small),
            plain=plain_hashes(rgb),
            default=looks_default(look),
            generic=looks_generic(look),
        )
    except (ValueError, OSError, MemoryError):
        return None


def parse_hex64(value: object) -> int | None:
    """A 64-bit hash written as 16 hex digits, or None."""
    if not isinstance(value, str) or len(value) != 16:
        return None
    try:
        return int(value, 16)
    except ValueError:
        return None


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
