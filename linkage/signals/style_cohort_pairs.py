"""What a large input measures on its cohort's own pairs, at most ``BACKGROUND_PAIRS`` of them
standing for the input at large (see :mod:`linkage.signals.style_model`, step 4): the factor
that puts the sum of the character and word measures back in the character measure's null
units (:func:`word_ratio`), and the input's own mapping from null units to bits, learnt against
the pairs the other signals are sure of, with the cap it leaves (:func:`learned_mapping`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from linkage.signals.cohort import COHORT_FROM
from linkage.signals.style_features import (
    Sample,
    bits_from_units,
    fit_logistic,
    reference_slope,
)
from linkage.signals.style_model import BACKGROUND_PAIRS, LEARN_FROM, LEARN_FULL
from linkage.signals.style_shaping import cohort_cap
from linkage.signals.style_words import WordHabits

#: a pair's score in units of the different-author null, from its two accounts' ids and samples
Units = Callable[[str, Sample, str, Sample], float]


def word_ratio(
    members: Sequence[tuple[str, Sample]], habits: WordHabits, char_units: Units
) -> float | None:
    """The factor that scales the sum of the two measures' units so that its far upper tail
    over the cohort's pairs is the character measure's (:func:`upper_spread`): ``members`` are
    the cohort's accounts, ``habits`` the word measure, ``char_units`` the character measure's
    units of a pair. None when too few of the cohort's pairs have both measures."""
    chars, sums = [], []
    cohort = [(pid, sample) for pid, sample in members if pid in habits.nulls]
    for i, (id_a, sa) in enumerate(cohort):
        for id_b, sb in cohort[i + 1 :]:
            own = char_units(id_a, sa, id_b, sb)
            words = habits.units(id_a, id_b)
            if words is not None:
                chars.append(own)
                sums.append(own + words)
        if len(chars) >= BACKGROUND_PAIRS:
            break
    if len(chars) >= 2 * COHORT_FROM:
        return upper_spread(np.array(chars)) / max(upper_spread(np.array(sums)), 1e-6)
    return None


def upper_spread(values: np.ndarray) -> float:
    """The spread of the far upper tail: (99.9th percentile - median) / 3.090, a Gaussian's
    standard deviation where its 99.9th percentile lies. The pairs that score highest
    (colleagues, one template, and the input's own true pairs) are what a measure must not
    make more extreme than the character measure alone does."""
    return (float(np.quantile(values, 0.999)) - float(np.median(values))) / 3.090


def learned_mapping(
    beta: Sequence[float],
    members: Sequence[tuple[str, Sample]],
    sure: Sequence[tuple[str, Sample, str, Sample]],
    units: Units,
) -> tuple[tuple[float, float, float] | None, float]:
    """This input's mapping from null units to bits (stage 2 of the calibration) as (slope,
    intercept, share), None below LEARN_FROM ``sure`` pairs, and the cap it leaves. The
    reference's slope for the two sample sizes times x is the one feature; a logistic
    regression separates the sure pairs from pairs of the cohort ``members`` (nearly all
    different people), the two classes weighted equally, so that its log-odds are a log
    likelihood ratio. The slope stays >= 0. Then the cap: the most bits a pair may get here,
    lowered when the cohort's own pairs reach high weights more often than such weights allow
    (:func:`cohort_cap`). ``units`` scores a pair (``beta``: the reference's calibration)."""
    learned = None
    pairs = []  # the cohort's pairs: (x, reference slope, reference bits)
    for i, (id_a, sa) in enumerate(members):
        for id_b, sb in members[i + 1 :]:
            x = units(id_a, sa, id_b, sb)
            pairs.append(
                (
                    x,
                    reference_slope(beta, sa.words, sb.words),
                    bits_from_units(beta, x, sa.words, sb.words),
                )
            )
        if len(pairs) >= BACKGROUND_PAIRS:
            break
    cohort = np.array(pairs).reshape(-1, 3)
    sure_z = []
    for id_a, sa, id_b, sb in sure:
        x = units(id_a, sa, id_b, sb)
        sure_z.append(reference_slope(beta, sa.words, sb.words) * x)
    bits = cohort[:, 2]
    if len(sure_z) >= LEARN_FROM:
        background = (cohort[:, 0] * cohort[:, 1]).tolist()
        z = np.array(sure_z + background)
        labels = np.r_[np.ones(len(sure_z)), np.zeros(len(background))]
        # both classes weigh as much as the sure pairs: they are what the fit learns from
        weights = np.where(labels == 1, 1.0, len(sure_z) / max(len(background), 1))
        slope, intercept = fit_logistic(z, labels, weights)
        share = min(1.0, (len(sure_z) - LEARN_FROM) / (LEARN_FULL - LEARN_FROM))
        learned = (slope, intercept, share)
        own = slope * cohort[:, 0] * cohort[:, 1] + intercept
        bits = (1 - share) * bits + share * own
    return learned, cohort_cap(bits, len(members) - 1)
