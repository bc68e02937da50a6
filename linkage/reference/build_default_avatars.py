"""Build ``linkage/data/avatar_weights.json``: the avatar signal's distance → weight table.

The avatar signal turns the distance between two pictures' hashes into a match weight,
log2(m/u) (Fellegi–Sunter), for bands of distance. This script measures m and u on real
photographs from two well-kept PyPI packages, never on any benchmark picture:

* the sample photographs shipped inside the ``scikit-image`` wheel (``skimage/data``:
  astronaut, cat, coffee, rocket, coins, moon, …; public domain or CC0 according to
  ``skimage/data/README.txt``) and ``matplotlib``'s ``grace_hopper.jpg``
  (``mpl-data/sample_data``; a public-domain US Navy photograph);
* from each photograph, several square crops at random places and sizes (an avatar is
  usually a crop of a photograph), plus made-up flat drawings (random shapes on a plain
  background, like the pictures people draw for themselves).

**u** (different people): the distances between pictures cut from *different* source
photographs, each after a random transformation (so that, for example, two circular crops
on white share their white corners, as real avatars do).
**m** (one person): ``REUSE`` × the distances between two independently transformed copies
of one picture, plus (1 − ``REUSE``) × the u distances (a person who does not reuse the
picture shows an unrelated one). ``REUSE`` = 0.5 is an assumption: about half of the people
with several accounts show the same picture on them.

The transformations are the everyday ones: mirror, crops of 3–15 %, a circular crop on white
or black, greyscale, brightness/contrast/saturation, blur, re-encoding as JPEG at 64–128 px,
resizing, the collectors' 64 px thumbnail, and pairs of these.

Where fewer than 20 unrelated pairs fall in a band (the close bands), their share comes from
an exponential tail fitted to the lowest 2 % of the unrelated distances. To that chance
resemblance u adds ``U_FLOOR`` × the copies' share of the band: a different person showing
the same stock picture, meme or undetected default (assumed 1 pair in 10,000) shows a copy
of it. So the closest bands approach log2(REUSE / U_FLOOR) ≈ 12.3 bits, capped at
``MAX_BITS``. Weights are made non-increasing with distance.

A *different* picture would by this model count against (about −1 bit: m = 0.5, u = 0.95).
The shipped weights are raised to ``MIN_BITS`` = 0 instead: a different picture is no
evidence. Reasons: whether a person reuses a picture varies widely (people who keep a
personal and a professional side apart choose different ones, and those are the people who
run this audit), one of the two may be an unrecognised generated default, and for an audit
a missed link (false reassurance) costs more than an over-reported one. The raw log2(m/u)
stays in the table as ``raw_bits``.

Usage: ``python -m linkage.reference.build_default_avatars [--wheels DIR]`` (without
``--wheels`` the two wheels are fetched with ``pip download --no-deps``). Output: a few KB.
"""

from __future__ import annotations

import argparse
import io
import itertools
import json
import math
import random
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageEnhance, ImageFilter, ImageOps

from linkage.signals import avatar_image as ai

OUT = Path(__file__).resolve().parent.parent / "data" / "avatar_weights.json"
WHEELS = {"scikit-image": "0.26.0", "matplotlib": "3.11.2"}
#: photographs in the scikit-image wheel (drawings, charts and near-duplicates left out)
SKIMAGE_PHOTOS = (
    "astronaut.png",
    "brick.png",
    "camera.png",
    "cell.png",
    "chelsea.png",
    "clock_motion.png",
    "coffee.png",
    "coins.png",
    "grass.png",
    "gravel.png",
    "hubble_deep_field.jpg",
    "ihc.png",
    "microaneurysms.png",
    "moon.png",
    "motorcycle_left.png",
    "page.png",
    "retina.jpg",
    "rocket.jpg",
    "text.png",
)
MATPLOTLIB_PHOTOS = ("grace_hopper.jpg",)
SEED = 20240611
CROPS_PER_PHOTO = 10
DRAWINGS = 40
COPY_PAIRS_PER_PICTURE = 10
REUSE = 0.5
U_FLOOR = 1e-4
EDGES = (0.0, 0.04, 0.08, 0.12, 0.16, 0.20, 0.24, 0.28, 0.32, 1.01)
EDGES_PLAIN = (0.0, 0.06, 0.12, 0.18, 0.24, 0.30, 0.36, 1.01)
MAX_BITS = 12.0
MIN_BITS = 0.0


# --- source pictures ---------------------------------------------------------------------


def fetch_wheels(folder: Path) -> list[Path]:
    for name, version in WHEELS.items():
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--no-deps",
                "--quiet",
                "-d",
                str(folder),
                f"{name}=={version}",
            ],
            check=True,
        )
    return sorted(folder.glob("*.whl"))


def photographs(wheels: list[Path]) -> list[Image.Image]:
    found: list[Image.Image] = []
    for wheel in wheels:
        with zipfile.ZipFile(wheel) as archive:
            for member in archive.namelist():
                base = member.rsplit("/", 1)[-1]
                wanted = (member.startswith("skimage/data/") and base in SKIMAGE_PHOTOS) or (
                    "/sample_data/" in member and base in MATPLOTLIB_PHOTOS
                )
                if wanted:
                    image = ai.decode(archive.read(member))
                    if image is not None:
                        found.append(image)
    if len(found) < len(SKIMAGE_PHOTOS) + len(MATPLOTLIB_PHOTOS):
        raise SystemExit(f"expected {len(SKIMAGE_PHOTOS) + 1} photographs, found {len(found)}")
    return found


def crops(photo: Image.Image, rng: random.Random, count: int) -> list[Image.Image]:
    w, h = photo.size
    side = min(w, h)
    out = []
    for _ in range(count):
        s = int(side * rng.uniform(0.35, 1.0))
        if rng.random() < 0.5:  # centred on the subject, as portraits are
            x, y = (w - s) // 2, (h - s) // 2
            x += int(rng.uniform(-0.1, 0.1) * (w - s))
            y += int(rng.uniform(-0.1, 0.1) * (h - s))
        else:
            x, y = rng.randint(0, w - s), rng.randint(0, h - s)
        out.append(photo.crop((x, y, x + s, y + s)).resize((256, 256), Image.Resampling.LANCZOS))
    return out


def drawing(rng: random.Random, side: int = 256) -> Image.Image:
    """A flat made-up drawing: a few random shapes on a plain background."""
    image = Image.new("RGB", (side, side), tuple(rng.randrange(256) for _ in range(3)))
    draw = ImageDraw.Draw(image)
    for _ in range(rng.randint(3, 9)):
        fill = tuple(rng.randrange(256) for _ in range(3))
        x, y = rng.randrange(side), rng.randrange(side)
        r = rng.randrange(side // 12, side // 3)
        if rng.random() < 0.5:
            draw.ellipse([x - r, y - r // 2, x + r, y + r // 2], fill=fill)
        else:
            points = [(x + rng.randint(-r, r), y + rng.randint(-r, r)) for _ in range(3)]
            draw.polygon(points, fill=fill)
    return image


# --- transformations ---------------------------------------------------------------------


def _jpeg(image: Image.Image, side: int, quality: int) -> Image.Image:
    buffer = io.BytesIO()
    image.resize((side, side), Image.Resampling.LANCZOS).save(buffer, "JPEG", quality=quality)
    return Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")


def _circle(image: Image.Image, background: tuple[int, int, int]) -> Image.Image:
    w, h = image.size
    mask = Image.new("L", (w, h), 0)
    ImageDraw.Draw(mask).ellipse([0, 0, w - 1, h - 1], fill=255)
    out = Image.new("RGB", (w, h), background)
    out.paste(image, mask=mask)
    return out


def _crop(image: Image.Image, rng: random.Random) -> Image.Image:
    side = image.size[0]
    cut = rng.uniform(0.03, 0.15)
    dx, dy = rng.uniform(-0.3, 0.3) * cut, rng.uniform(-0.3, 0.3) * cut
    lo_x, lo_y = side * (cut + dx), side * (cut + dy)
    edge = side * (1 - 2 * cut)
    return image.crop((int(lo_x), int(lo_y), int(lo_x + edge), int(lo_y + edge)))


def _thumbnail(image: Image.Image) -> Image.Image:
    small = image.copy()
    small.thumbnail((64, 64))
    return _jpeg(small, small.size[0], 80)


def transform(image: Image.Image, rng: random.Random, kind: str) -> Image.Image:
    if kind == "identity":
        return image
    if kind == "mirror":
        return ImageOps.mirror(image)
    if kind == "crop":
        return _crop(image, rng)
    if kind == "circle_white":
        return _circle(image, (255, 255, 255))
    if kind == "circle_black":
        return _circle(image, (0, 0, 0))
    if kind == "grey":
        return image.convert("L").convert("RGB")
    if kind == "tone":
        image = ImageEnhance.Brightness(image).enhance(rng.uniform(0.7, 1.3))
        return ImageEnhance.Contrast(image).enhance(rng.uniform(0.7, 1.3))
    if kind == "saturation":
        return ImageEnhance.Color(image).enhance(rng.uniform(0.3, 1.7))
    if kind == "blur":
        return image.filter(ImageFilter.GaussianBlur(rng.uniform(0.5, 2.0)))
    if kind == "jpeg":
        return _jpeg(image, rng.choice((64, 96, 128)), rng.randint(50, 85))
    if kind == "resize":
        return image.resize((rng.choice((96, 200, 400, 460)),) * 2, Image.Resampling.BICUBIC)
    if kind == "thumbnail":
        return _thumbnail(image)
    raise ValueError(kind)


KINDS = (
    "identity",
    "mirror",
    "crop",
    "circle_white",
    "circle_black",
    "grey",
    "tone",
    "saturation",
    "blur",
    "jpeg",
    "resize",
    "thumbnail",
)


def random_transform(image: Image.Image, rng: random.Random) -> Image.Image:
    first = rng.choice(KINDS)
    image = transform(image, rng, first)
    if rng.random() < 0.25:  # sometimes two in a row
        image = transform(image, rng, rng.choice(KINDS))
    return image


# --- measuring ---------------------------------------------------------------------------


def plain_hashes(image: Image.Image) -> np.ndarray:
    """The collectors' 64-bit pHash and dHash (``collectors.avatars.fingerprint``)."""
    import imagehash

    bits = np.concatenate(
        [imagehash.phash(image).hash.reshape(-1), imagehash.dhash(image).hash.reshape(-1)]
    )
    return bits


def measure(seed: int, wheels: list[Path]) -> dict[str, np.ndarray]:
    rng = random.Random(seed)
    pictures: list[tuple[int, Image.Image]] = []
    for index, photo in enumerate(photographs(wheels)):
        pictures += [(index, crop) for crop in crops(photo, rng, CROPS_PER_PHOTO)]
    base = len(pictures)
    pictures += [(base + k, drawing(rng)) for k in range(DRAWINGS)]
    sources = np.array([source for source, _ in pictures])

    # unrelated: one random transformation of every picture, all pairs of different sources
    shown = [random_transform(image, rng) for _, image in pictures]
    hashes = np.stack([ai.hash_variants(image) for image in shown])
    plain = np.stack([plain_hashes(image) for image in shown])
    matrix = ai.distance_matrix(hashes)
    upper = np.triu_indices(len(pictures), 1)
    different = sources[upper[0]] != sources[upper[1]]
    unrelated = matrix[upper][different]
    plain_matrix = (plain[:, None, :] != plain[None, :, :]).mean(axis=2)
    unrelated_plain = plain_matrix[upper][different]

    # copies: two independent transformations of one picture
    copies, copies_plain = [], []
    for _, image in pictures:
        for _ in range(COPY_PAIRS_PER_PICTURE):
            a, b = random_transform(image, rng), random_transform(image, rng)
            copies.append(ai.distance(ai.hash_variants(a), ai.hash_variants(b)))
            copies_plain.append(float((plain_hashes(a) != plain_hashes(b)).mean()))
    return {
        "unrelated": unrelated,
        "copies": np.array(copies),
        "unrelated_plain": unrelated_plain,
        "copies_plain": np.array(copies_plain),
    }


def tail_fit(unrelated: np.ndarray) -> tuple[float, float]:
    """log P(D <= x) ≈ a + b·x fitted on the lowest 2 % of the unrelated distances."""
    ordered = np.sort(unrelated)
    n = len(ordered)
    top = max(int(0.02 * n), 20)
    xs = ordered[:top]
    ys = np.log((np.arange(1, top + 1)) / n)
    b, a = np.polyfit(xs, ys, 1)
    return float(a), float(b)


def table(copies: np.ndarray, unrelated: np.ndarray, edges: tuple[float, ...]) -> list[dict]:
    a, b = tail_fit(unrelated)
    n = len(unrelated)
    rows = []
    for lo, hi in itertools.pairwise(edges):
        p_copy = float(((copies >= lo) & (copies < hi)).mean())
        count = int(((unrelated >= lo) & (unrelated < hi)).sum())
        if count >= 20:
            chance = count / n
        else:  # too few unrelated pairs this close: the fitted tail
            chance = math.exp(a + b * hi) - (math.exp(a + b * lo) if lo > 0 else 0.0)
        # a stranger showing the same stock picture shows a copy of it: distributed like copies
        u = chance + U_FLOOR * p_copy
        m = REUSE * p_copy + (1 - REUSE) * chance
        rows.append(
            {
                "lo": lo,
                "hi": hi,
                "p_copy": round(p_copy, 5),
                "unrelated_pairs": count,
                "m": float(f"{m:.4g}"),
                "u": float(f"{u:.4g}"),
                "u_chance": float(f"{chance:.4g}"),
                "raw_bits": round(math.log2(m / u), 3),
                "bits": math.log2(m / u),
            }
        )
    # non-increasing with distance, bounded
    best = MAX_BITS
    for row in rows:
        best = min(best, row["bits"])
        row["bits"] = round(max(best, MIN_BITS), 3)
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheels", type=Path, help="folder holding the two wheels")
    parser.add_argument("-o", "--output", type=Path, default=OUT)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.wheels or Path(tmp)
        wheels = sorted(folder.glob("*.whl")) if args.wheels else fetch_wheels(folder)
        found = measure(SEED, wheels)
    result = {
        "about": "avatar signal: distance band -> log2(m/u); built by "
        "linkage/reference/build_default_avatars.py (see linkage/data/SOURCES.md)",
        "sources": {name: version for name, version in WHEELS.items()},
        "reuse": REUSE,
        "u_floor": U_FLOOR,
        "pairs": {k: len(v) for k, v in found.items()},
        "variants": table(found["copies"], found["unrelated"], EDGES),
        "plain": table(found["copies_plain"], found["unrelated_plain"], EDGES_PLAIN),
        "quantiles": {
            k: [round(float(q), 4) for q in np.quantile(v, [0.001, 0.01, 0.05, 0.5, 0.95])]
            for k, v in found.items()
        },
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.output}")
    for name in ("variants", "plain"):
        for row in result[name]:
            print(name, row)


if __name__ == "__main__":
    main()
