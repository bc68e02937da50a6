"""Build ``linkage/data/style_background.npz``: the writing-style signal's reference data.

Usage: ``python -m linkage.reference.build_style_background`` (about three minutes; needs a
Debian system: it reads ``/usr/share/doc``), ``--activity`` to print the activity signal's
constants instead (see :mod:`linkage.signals.activity`).

Source: author-attributed writing that ships in Debian packages' documentation
(``/usr/share/doc/*/changelog.gz`` and ``changelog.Debian.gz``):

* upstream changelogs in ``git log`` form (``commit``, ``Author:``, an indented message; e.g.
  harfbuzz, gnutls, pixman, fontconfig, libx11): commit messages of other projects, the
  subject's ``area:`` prefix, trailers, code, quotes and diffs dropped;
* upstream changelogs in GNU ChangeLog form (``DATE  NAME  <EMAIL>``, tab-indented messages),
  with the formulaic ``* file (function): ...`` entries dropped (their prose kept);
* Debian's own changelogs: entries signed ``-- NAME <EMAIL>  DATE``, with ``[ NAME ]``
  sub-headings when several people wrote one entry.

Messages written word for word by more than one author are dropped as formulaic. Each file is
read as ``{author: [message, ...]}``, so that different authors of one project can be told
apart. The ``git`` packages are skipped (git's own history is the development benchmark's
source). No text is shipped, only statistics of hashed character n-grams (see
:mod:`linkage.signals.style_features`):

* ``idf``: inverse document frequency of each n-gram bucket over the background documents
  (each author's messages in chunks of about 1,500 words), quantised to 1/20;
* ``centroid``: the mean of the background documents' unit vectors (similarities are measured
  after subtracting it, so that what all such writing shares does not count);
* ``impostors``: which buckets each of 128 background authors' first 1,600 words use (bit
  sets); a profile's similarities to these give its own mean and spread (s-norm);
* ``impostor_sums``: each impostor's squared weight length and product with the centroid
  (:func:`linkage.signals.style_features.impostor_sums`), so that loading computes nothing;
* ``calibration``: the two-stage mapping from the normalised score and the two word counts to
  log2 LR (:func:`linkage.signals.style_features.calibrated_bits`), fitted on pairs from the
  version-history authors (``git log`` and GNU ChangeLog): the earlier and later halves of one
  author's messages against two different authors (half of them of one project, the null of
  stage 1), at sizes from 40 to 2,560 words, each pair scored against a background built
  without its authors (two folds).

The parts: :mod:`linkage.reference.changelogs` (reading the changelogs),
:mod:`linkage.reference.style_background_stats` (the statistics shipped) and
:mod:`linkage.reference.style_calibration` (the calibration).
"""

from __future__ import annotations

import argparse
import hashlib
from datetime import datetime
from pathlib import Path

import numpy as np

from linkage.reference.changelogs import collect_authors, signature_times
from linkage.reference.style_background_stats import IDF_SCALE, build_background, packed
from linkage.reference.style_calibration import (
    calibration_pairs,
    fit_calibration,
    logistic_bits,
)
from linkage.signals import style_features as sf

OUT = Path(__file__).resolve().parent.parent / "data" / "style_background.npz"
SEED = 20240611


# --- the activity-rhythm signal's constants ------------------------------------------------


def activity_reference() -> None:
    """Print the population rhythm and the calibration of ``linkage/signals/activity.py``."""
    from linkage.signals import activity

    times = signature_times()
    every = [t for found in times.values() for t in found]
    hours = np.array([t.hour + t.minute / 60 for t in every])
    grid = np.arange(24) + 0.5
    diff = (grid[None, :] - hours[:, None] + 12) % 24 - 12
    kernel = np.exp(-0.5 * (diff / activity.KERNEL_HOURS) ** 2)
    p_hours = (kernel / kernel.sum(axis=1, keepdims=True)).sum(axis=0)
    p_days = np.bincount([t.weekday() for t in every], minlength=7).astype(float)
    print("POPULATION_HOURS =", tuple(np.round(p_hours / p_hours.sum() * 24, 2).tolist()))
    print("POPULATION_DAYS =", tuple(np.round(p_days / p_days.sum() * 7, 2).tolist()))
    print(f"{len(every)} signatures by {len(times)} maintainers")
    rng = np.random.default_rng(SEED)
    eligible = [who for who, found in times.items() if len(found) >= 2 * activity.MIN_POSTS]
    rows = []

    def stat(first: list[datetime], second: list[datetime]) -> tuple[float, float, float]:
        a, b = activity.Rhythm(first), activity.Rhythm(second)
        h1, d1 = a.towards(b)
        h2, d2 = b.towards(a)
        return (h1 + h2) / 2, (d1 + d2) / 2, min(a.posts, b.posts)

    for who in eligible:
        found = times[who]
        rows.append((*stat(found[: len(found) // 2], found[len(found) // 2 :]), 1.0))
    for _ in range(3000):
        i, j = rng.choice(len(eligible), 2, replace=False)
        a, b = times[eligible[i]], times[eligible[j]]
        k = min(len(a), len(b)) // 2
        rows.append((*stat(a[:k], b[-k:]), 0.0))
    table = np.array(rows)
    g = np.log2(table[:, 2]) - 4
    x = np.stack(
        [table[:, 0], table[:, 0] * g, table[:, 1], table[:, 1] * g, g, np.ones(len(g))], 1
    )
    beta = logistic_bits(x, table[:, 3].astype(bool), np.ones(len(g)))
    print(f"{len(eligible)} same-person pairs, 3000 different-person pairs")
    print("COEFFICIENTS =", tuple(np.round(beta, 2).tolist()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pairs", type=Path, help="also save the calibration pairs here (.npy)")
    parser.add_argument(
        "--activity", action="store_true", help="print the activity signal's constants instead"
    )
    args = parser.parse_args()
    if args.activity:
        activity_reference()
        return
    rng = np.random.default_rng(SEED)
    authors = [a for a in collect_authors() if a.words >= 40]
    print(f"{len(authors)} authors, {sum(a.words for a in authors)} words", flush=True)
    folds = np.array([int(hashlib.sha256(a.key.encode()).hexdigest(), 16) % 2 for a in authors])
    rows = []
    for fold in (0, 1):
        # calibration pairs from version histories (git logs and GNU ChangeLogs): prose about
        # one's work, the closest kind to posts; the background itself uses every author
        inside = [
            a
            for a, f in zip(authors, folds, strict=True)
            if f == fold and a.kind in ("gitlog", "gnu")
        ]
        outside = [a for a, f in zip(authors, folds, strict=True) if f != fold]
        print(f"fold {fold}: background of {len(outside)} authors", flush=True)
        background = build_background(outside, rng)
        rows.append(calibration_pairs(inside, background, rng))
    table = np.concatenate(rows)
    beta = fit_calibration(table)
    print("calibration (bits):", np.round(beta, 4))
    background = build_background(authors, rng)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    idf = np.round(background.idf * IDF_SCALE).astype(np.uint8)
    centroid = background.centroid.astype(np.float16)
    bits = packed(background.impostors)
    np.savez_compressed(
        OUT,
        idf=idf,
        idf_scale=np.array(IDF_SCALE),
        centroid=centroid,
        impostors=bits,
        # from the stored (rounded) values, exactly as the model would make them on loading
        impostor_sums=sf.impostor_sums(
            sf.weights(idf.astype(np.float64) / IDF_SCALE), centroid.astype(np.float64), bits
        ),
        calibration=beta.astype(np.float64),
    )
    if args.pairs:
        np.save(args.pairs, table)
    print(f"wrote {OUT} ({OUT.stat().st_size / 1e6:.2f} MB)")


if __name__ == "__main__":
    main()
