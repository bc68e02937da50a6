"""What an avatar picture looks like: a drawn, generic picture (a few flat colours and the
anti-aliased edges between them, a fine texture) or a generator's default (a drawing that is
its own mirror image or quarter turn). A helper of the avatar signal: see
:func:`appearance`, :func:`looks_generic` (a flat drawing, which may be a person's own logo)
and :func:`looks_default`.
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageFilter

from linkage.images import square

LOOK_SIDE = 96
#: a pixel belongs to a flat colour when every channel is within this many levels of it
COLOUR_TOLERANCE = 12


def _chebyshev(channels: np.ndarray, colour: np.ndarray) -> np.ndarray:
    """Per pixel, the largest channel difference from ``colour`` (channels: (3, n))."""
    return np.maximum(
        np.maximum(np.abs(channels[0] - colour[0]), np.abs(channels[1] - colour[1])),
        np.abs(channels[2] - colour[2]),
    )


def _colour_clusters(channels: np.ndarray, count: int) -> tuple[list[np.ndarray], np.ndarray]:
    """Greedy flat colours: the commonest 5-bit colour bin, every pixel near its mean, repeat.

    ``channels`` is (3, n). Returns the colours and, for every pixel, the index of its colour
    (-1 for none).
    """
    quant = channels.astype(np.int64) // 8
    codes = (quant[0] * 32 + quant[1]) * 32 + quant[2]
    member = np.full(channels.shape[1], -1, dtype=np.int8)
    centres: list[np.ndarray] = []
    remaining = np.ones(channels.shape[1], dtype=bool)
    for k in range(count):
        if not remaining.any():
            break
        mode = np.bincount(codes[remaining], minlength=32768).argmax()
        chosen = remaining & (codes == mode)
        centre = channels[:, chosen].mean(axis=1)
        near = remaining & (_chebyshev(channels, centre) <= COLOUR_TOLERANCE)
        member[near] = k
        centres.append(centre)
        remaining &= ~near
    return centres, member


def _dilate(mask: np.ndarray, radius: int = 2) -> np.ndarray:
    side = mask.shape[0]
    padded = np.pad(mask, radius)
    out = np.zeros_like(mask)
    for dy in range(2 * radius + 1):
        for dx in range(2 * radius + 1):
            out |= padded[dy : dy + side, dx : dx + side]
    return out


def _segment(channels: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Pixels whose colour lies between the flat colours ``a`` and ``b`` (a blend of them)."""
    step = b - a
    length = float((step * step).sum())
    if length < 1:
        return np.zeros(channels.shape[1], dtype=bool)
    t = np.clip((step @ (channels - a[:, None])) / length, 0.0, 1.0)
    return _chebyshev(channels - t * step[:, None], a) <= COLOUR_TOLERANCE


def _symmetries(grey: np.ndarray) -> tuple[float, float, float]:
    """How far the picture is from its mirror image, its half turn and its quarter turn,
    each relative to how far it is from itself shifted by a quarter (0: symmetric, ~1: not).

    Measured on the central square inside the inscribed circle, so that the corners of a
    picture cropped to a circle do not count as symmetric content.
    """
    side = grey.shape[0]
    margin = int(side * 0.15)
    grey = grey[margin : side - margin, margin : side - margin]
    shift = grey.shape[0] // 4
    baseline = (
        np.abs(grey - np.roll(grey, shift, axis=1)).mean()
        + np.abs(grey - np.roll(grey, shift, axis=0)).mean()
    ) / 2
    if baseline < 1.0:  # a blank picture
        return 0.0, 0.0, 0.0
    return (
        float(np.abs(grey - grey[:, ::-1]).mean() / baseline),
        float(np.abs(grey - grey[::-1, ::-1]).mean() / baseline),
        float(np.abs(grey - np.rot90(grey)).mean() / baseline),
    )


def appearance(rgb: Image.Image) -> dict[str, float]:
    """Measures of how flat and drawn-looking the picture is (see :func:`looks_default`).

    ``cover2``…``cover4``: the share of the picture made of its 2…4 commonest flat colours
    (pixels within 12 levels of the colour, after a 3 x 3 median that removes recompression
    speckle) and of the anti-aliased blends between them next to them; ``flat``: the share
    of pixels whose 3 x 3 neighbourhood varies by at most 4 grey levels (before the median:
    texture counts); ``structure``: how much of the picture's contrast survives shrinking it
    eightfold (a face, an object, a drawing keep 0.6 or more; a fine texture such as gravel,
    grass or a star field keeps 0.2–0.35); ``chroma``: the mean colourfulness (0 grey … 1);
    ``mirror``, ``half``
    and ``quarter``: the distance from its mirror image, half turn and quarter turn (see
    :func:`_symmetries`), ``symmetry`` the smallest of the three. A picture whose four
    commonest colours cover less than 60 % of it is a photograph: its blends and symmetry
    are not measured (``cover`` is then the exact share and the symmetries 1).
    """
    picture = square(rgb, LOOK_SIDE)
    small = np.asarray(picture.filter(ImageFilter.MedianFilter(3)), dtype=np.float32)
    side = small.shape[0]
    channels = np.ascontiguousarray(small.reshape(-1, 3).T)  # (3, n)
    centres, member = _colour_clusters(channels, 4)
    raw = np.asarray(picture.convert("L"), dtype=np.int16)
    padded = np.pad(raw, 1, mode="edge")
    views = [padded[dy : dy + side, dx : dx + side] for dy in range(3) for dx in range(3)]
    spread = np.maximum.reduce(views) - np.minimum.reduce(views)
    coarse = np.asarray(
        picture.convert("L").resize((side // 8, side // 8), Image.Resampling.BOX), dtype=np.float64
    )
    out: dict[str, float] = {
        "structure": float(coarse.std() / max(float(raw.std()), 1e-6)),
        "flat": float((spread <= 4).mean()),
        "chroma": float((np.maximum.reduce(channels) - np.minimum.reduce(channels)).mean() / 255),
        "symmetry": 1.0,
        "mirror": 1.0,
        "half": 1.0,
        "quarter": 1.0,
    }
    exact = {k: (member >= 0) & (member < k) for k in (2, 3, 4)}
    if exact[4].mean() < 0.6:
        out.update({f"cover{k}": float(exact[k].mean()) for k in (2, 3, 4)})
        return out
    segments = {
        (i, j): _segment(channels, centres[i], centres[j])
        for i in range(len(centres))
        for j in range(i + 1, len(centres))
    }
    for k in (2, 3, 4):
        blend = np.zeros(channels.shape[1], dtype=bool)
        for (_, j), found in segments.items():
            if j < k:
                blend |= found
        near = _dilate(exact[k].reshape(side, side)).reshape(-1)
        out[f"cover{k}"] = float((exact[k] | (near & blend)).mean())
    out["mirror"], out["half"], out["quarter"] = _symmetries(small.mean(axis=2))
    out["symmetry"] = min(out["mirror"], out["half"], out["quarter"])
    return out


def looks_generic(look: dict[str, float]) -> str | None:
    """A short reason when the measures look like a drawn, generic picture, else None.

    Such a picture is drawn, not photographed: almost all of it is a few flat colours and
    the anti-aliased edges between them. Three kinds of drawing are recognised:

    * a flat grey drawing: near-grey, nearly symmetric (symmetry measure 0.3 or less), 95 %
      in three flat colours, 75 % of it in flat areas;
    * a flat two-colour picture (a silhouette, a letter or a simple glyph on a plain
      background): 95 % in two flat colours, 70 % in flat areas;
    * a flat, symmetric drawing (a pattern, an identicon, a drawn face): 90 % in four flat
      colours, 70 % in two, and nearly symmetric (symmetry measure 0.15 or less), flat or
      not (a recompressed identicon's fine blocks are no longer flat).

    A fourth kind is not drawn: a fine texture (see ``TEXTURE_STRUCTURE``), whose hashes say
    little. Photographs of a face or an object, greyscale ones included, fail all four: their
    colours spread (texture, gradients), they are not symmetric, and their coarse structure
    holds most of their contrast. A generic-looking picture is *not* thereby a
    default: a person's own logo, initials or drawn mark looks just as flat, and people
    reuse theirs. The avatar signal gives it little weight (see
    :data:`linkage.signals.avatar.GENERIC_BITS`); only :func:`looks_default` gives none.
    """
    if not look:
        return None
    grey = look["chroma"] <= 0.08 and look["symmetry"] <= 0.3
    if grey and look["cover3"] >= 0.95 and look["flat"] >= 0.75:
        return "a flat grey drawing"
    if look["cover2"] >= 0.95 and look["flat"] >= 0.7:
        return "a flat two-colour picture"
    if look["cover4"] >= 0.9 and look["cover2"] >= 0.7 and look["symmetry"] <= 0.15:
        return "a flat, symmetric drawing"
    if look.get("structure", 1.0) < TEXTURE_STRUCTURE:
        return "a fine texture"
    return None


#: below this share of its contrast kept at an eighth of the size, a picture is a fine texture
#: (gravel, grass, a brick wall, a star field): its hashes follow the faint lighting across it
#: rather than anything drawn, so two crops of one texture, or two such stock pictures, hash
#: alike
TEXTURE_STRUCTURE = 0.45


#: a generated picture is its own mirror image or quarter turn to within this distance
GENERATED_SYMMETRY = 0.06


def looks_default(look: dict[str, float]) -> str | None:
    """A short reason when the measures look like a generator's or a platform's default
    picture, else None.

    Generators draw by construction what a person's own picture is not: a generic-looking
    picture (:func:`looks_generic`) that is also its own mirror image (a platform's
    head-and-shoulders silhouette, a blank egg, a block identicon, which is a random left
    half mirrored) or its own quarter turn (a rotation identicon), to within
    ``GENERATED_SYMMETRY`` (a recompressed or resized copy keeps its symmetry to about 0.04).
    Letters, logos, animal or object silhouettes and most drawn marks are not symmetric
    both ways, and a half turn alone (an S, a checkerboard) does not count.
    """
    kind = looks_generic(look)
    if kind is None or kind == "a fine texture":
        return None
    if look.get("mirror", 1.0) <= GENERATED_SYMMETRY:
        return kind + ", its own mirror image (a generated or stock picture)"
    if look.get("quarter", 1.0) <= GENERATED_SYMMETRY:
        return kind + ", its own quarter turn (a generated pattern)"
    return None
