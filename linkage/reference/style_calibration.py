"""The style signal's calibration, fitted for its reference data (see
:mod:`linkage.reference.build_style_background`): pairs of one author's earlier and later
writing and of two authors scored as the signal scores them, the two-stage mapping to bits
fitted on them, and the weighted logistic regression it (and the activity constants) use."""

from __future__ import annotations

import math

import numpy as np

from linkage.reference.changelogs import Author, take_words
from linkage.reference.style_background_stats import Background, model_of
from linkage.signals import style_features as sf
from linkage.signals.style_features import StyleModel, null_units, size_terms


def pair_scores(
    model: StyleModel, texts_a: list[list[str]], texts_b: list[list[str]]
) -> np.ndarray:
    """The normalised score of each pair (a[i], b[i]), as the signal computes it."""
    a = model.samples([sf.profile_text(t) for t in texts_a])
    b = model.samples([sf.profile_text(t) for t in texts_b])
    out = np.zeros(len(texts_a))
    for i, (fa, fb) in enumerate(zip(a, b, strict=True)):
        out[i] = model.score(fa, fb) if fa and fb else 0.0
    return out


def calibration_pairs(
    authors: list[Author], background: Background, rng: np.random.Generator
) -> np.ndarray:
    """Rows (score, words a, words b, same author, same project) from ``authors``."""
    model = model_of(background)
    rows = []
    lengths = (40, 80, 160, 320, 640, 1280, 2560)
    for la in lengths:
        for lb in lengths:
            if lb < la:
                continue
            # same author: the earlier and the later half of one author's writing
            same_a, same_b = [], []
            for author in authors:
                half = author.words // 2
                if half < lb or half < la:
                    continue
                cut, words = 0, 0
                while words < half:
                    words += len(author.messages[cut].split())
                    cut += 1
                first, second = author.messages[:cut], author.messages[cut:]
                if sum(len(m.split()) for m in second) < min(la, lb):
                    continue
                if rng.random() < 0.5:
                    same_a.append(take_words(first, la))
                    same_b.append(take_words(second, lb))
                else:
                    same_a.append(take_words(second, la))
                    same_b.append(take_words(first, lb))
            # different authors: as many pairs, half of them from one project
            pool = [a for a in authors if a.words >= la]
            pool_b = [a for a in authors if a.words >= lb]
            by_package: dict[str, list[Author]] = {}
            for a in pool_b:
                by_package.setdefault(a.package, []).append(a)
            diff_a, diff_b, diff_project = [], [], []
            wanted = max(2 * len(same_a), 150)
            tries = 0
            while len(diff_a) < wanted and tries < wanted * 20 and pool and pool_b:
                tries += 1
                a = pool[rng.integers(len(pool))]
                mates = [m for m in by_package.get(a.package, []) if m.key != a.key]
                if mates and rng.random() < 0.5:
                    b = mates[rng.integers(len(mates))]
                else:
                    b = pool_b[rng.integers(len(pool_b))]
                if b.key.split("/", 1)[1] == a.key.split("/", 1)[1]:
                    continue  # one person in two packages
                start = rng.integers(max(1, len(a.messages) // 2))
                diff_a.append(take_words(a.messages[start:] or a.messages, la))
                diff_b.append(take_words(b.messages, lb))
                diff_project.append(a.package == b.package)
            texts_a = same_a + diff_a
            texts_b = same_b + diff_b
            if not same_a:
                continue
            scores = pair_scores(model, texts_a, texts_b)
            for i, score in enumerate(scores):
                wa = sum(len(m.split()) for m in texts_a[i])
                wb = sum(len(m.split()) for m in texts_b[i])
                same = i < len(same_a)
                project = True if same else diff_project[i - len(same_a)]
                rows.append((score, wa, wb, same, project))
            print(f"  lengths {la}/{lb}: {len(same_a)} same, {len(diff_a)} different", flush=True)
    return np.array(rows, dtype=float)


def fit_calibration(rows: np.ndarray) -> np.ndarray:
    """The two-stage calibration of :mod:`linkage.signals.style_features` from rows (score,
    words a, words b, same author, same project). The null is two different authors of one
    project (the hard case: shared conventions and topics)."""
    score, wa, wb = rows[:, 0], rows[:, 1], rows[:, 2]
    same, project = rows[:, 3].astype(bool), rows[:, 4].astype(bool)
    null = ~same & project
    terms = np.array([size_terms(a, b) for a, b in zip(wa, wb, strict=True)])
    u, v = terms[:, 0], terms[:, 1]
    cells = np.round(np.log2(np.minimum(wa, wb))) * 100 + np.round(np.log2(np.maximum(wa, wb)))
    # stage 1: the null's mean and log spread per cell, smoothed by a weighted quadratic fit
    stats = []
    for cell in np.unique(cells):
        chosen = (cells == cell) & null
        if chosen.sum() >= 15:
            spread = max(float(score[chosen].std()), 1e-3)
            stats.append(
                (
                    u[chosen].mean(),
                    v[chosen].mean(),
                    score[chosen].mean(),
                    math.log(spread),
                    chosen.sum(),
                )
            )
    cu, cv, mean, log_spread, count = (np.array(c) for c in zip(*stats, strict=True))
    design = np.stack([np.ones_like(cu), cu, cv, cu * cu, cu * cv, cv * cv], axis=1)
    root = np.sqrt(count)[:, None]
    mean_c = np.linalg.lstsq(design * root, mean * root[:, 0], rcond=None)[0]
    spread_c = np.linalg.lstsq(design * root, log_spread * root[:, 0], rcond=None)[0]
    first = np.concatenate([mean_c, spread_c])
    # stage 2: logistic on the null units, classes balanced in each cell
    x = np.array([null_units(first, s, a, b) for s, a, b in zip(score, u, v, strict=True)])
    keep = same | null
    features = np.stack([x, x * u, x * v, u, v, np.ones_like(x)], axis=1)
    weight = np.ones(len(rows))
    for cell in np.unique(cells):
        for label in (True, False):
            chosen = (cells == cell) & (same == label) & keep
            if chosen.any():
                weight[chosen] = 0.5 / chosen.sum()
    second = logistic_bits(features[keep], same[keep], weight[keep])
    return np.concatenate([first, second])


def logistic_bits(x: np.ndarray, label: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """Weighted logistic regression (Newton steps, a little ridge), classes balanced overall;
    the coefficients are returned in bits (log2 odds)."""
    weight = weight * np.where(label, 0.5 / weight[label].sum(), 0.5 / weight[~label].sum())
    weight = weight / weight.mean()
    beta = np.zeros(x.shape[1])
    for _ in range(100):
        p = 1 / (1 + np.exp(-(x @ beta)))
        gradient = x.T @ (weight * (label - p)) - 1e-3 * beta
        hessian = (x * (weight * p * (1 - p))[:, None]).T @ x + 1e-3 * np.eye(len(beta))
        step = np.linalg.solve(hessian, gradient)
        beta += step
        if np.abs(step).max() < 1e-10:
            break
    return beta / math.log(2)
