"""House style in a large input: how much closer a sample's nearest writers are than usual.

Writers of one community (the maintainers of one subsystem, the senders of one announcement
template) share phrasings that no background of other writing knows, so the closest pairs of
such an input include colleagues who read as one author. What sets them apart from one
person's two accounts is that each of them is close to *several* writers: their house style
lifts their similarity to all of their colleagues, not to one account alone. Speaker
verification meets the same problem with recording channels and answers it with adaptive
score normalisation (Sturim and Reynolds, ICASSP 2005; Matějka et al., Interspeech 2017):
each side's score is judged against its own closest cohort members.

Here each sample's *neighbourhood* is the mean of its ``NEAREST`` highest scores against the
cohort, leaving out itself and the accounts that the other signals already tie to it (a
person's own accounts are close for a reason of their own). The candidates are found while
the sample's null is measured (its ``KEPT`` closest members by the character measure, in units
of that null), then scored as pairs are (both measures, in the input's null units). A
pair's score is lowered by the mean of its two sides' *excess*: how far their neighbourhoods
exceed the input's median neighbourhood, never below zero, so that a writer with no close
company is judged as before. An audit of a few accounts has no cohort and no excess.

Measured on the development benchmarks' whole sets (``python -m benchmarks engine``; AUC, and
pairs of different people at probability 0.5 or above): mailing-list replies against commit
messages 0.953 -> 0.957 and 4 of 10 -> 2 of 5; their same-genre control 0.995 -> 0.994 and
7 of 33 -> 1 of 20; commit messages of 750 words 0.972 -> 0.977 and 0.949 -> 0.954 (the
second benchmark); of 2,000 words 0.989 -> 0.991 and 0.994 -> 0.995; the mixed sets' F1
0.964 -> 0.960 (3 -> 2 different people at 0.5 or above) and 0.875 unchanged. Fewer pairs
of the style sets reach 0.5 (their F1 at 0.5 falls, e.g. 0.253 -> 0.196), as over-confident
pairs are what it takes away. A neighbourhood of 3 took more away (mixed F1 0.952), one of 8
less (replies against commit messages 4 of 9); the excess taken 1.5 or 2 times over left one
of 4 and one of 2 of those pairs at 0.5 or above but cost the second mixed set's F1 (0.894,
0.854).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence

import numpy as np

from linkage.evidence.graph import joined
from linkage.signals.style_features import Sample

#: how many of a sample's closest cohort members make its neighbourhood
NEAREST = 5
#: how many closest members are kept per sample, so that NEAREST remain when tied accounts
#: are left out
KEPT = 15


def closest(ids: Sequence[str], units: np.ndarray) -> list[tuple[str, float]]:
    """The KEPT highest of ``units`` (one per id of ``ids``) with their ids, highest first."""
    if len(units) > KEPT:
        chosen = np.argpartition(units, len(units) - KEPT)[-KEPT:]
    else:
        chosen = np.arange(len(units))
    chosen = chosen[np.argsort(-units[chosen], kind="stable")]
    return [(ids[k], float(units[k])) for k in chosen]


def left_out(
    sure: Iterable[tuple[str, str]], tied: Iterable[tuple[str, str]]
) -> dict[str, set[str]]:
    """Per account, the accounts left out of its company: those the other signals tie to
    it (``tied``, any net evidence), with each one's sure group (the accounts ``sure``
    pairs join: one person's), and its own sure group."""
    sure = list(sure)
    group = joined(sure)
    found: dict[str, set[str]] = {}
    for a, b in [*sure, *tied]:
        for one, other in ((a, b), (b, a)):
            found.setdefault(one, set()).update(group.get(other, [other]), group.get(one, ()))
    return found


def neighbourhood_excess(
    nearest: Mapping[str, Sequence[tuple[str, float]]],
    tied: Mapping[str, Collection[str]],
) -> dict[str, float]:
    """Each sample's excess (see the module text) from its closest cohort members
    (``nearest``: ids and units, in any order); ``tied`` names, per sample, the accounts
    other evidence ties to it. A sample with fewer than NEAREST members left gets none."""
    means: dict[str, float] = {}
    for pid, members in nearest.items():
        skipped = tied.get(pid, ())
        scores = sorted((units for other, units in members if other not in skipped), reverse=True)
        if len(scores) >= NEAREST:
            means[pid] = float(np.mean(scores[:NEAREST]))
    if not means:
        return {}
    typical = float(np.median(list(means.values())))
    return {pid: max(0.0, mean - typical) for pid, mean in means.items()}


def house_excess(
    company: Mapping[str, Sequence[tuple[str, float]]],
    samples: Mapping[str, Sample | None],
    units: Callable[[str, Sample, str, Sample], float],
    sure: Iterable[tuple[str, str]],
    tied: Iterable[tuple[str, str]],
) -> dict[str, float]:
    """Each sample's excess over the input's usual nearest company (:func:`neighbourhood_excess`),
    its closest cohort members (``company``) scored as pairs are (``units``), the accounts tied
    to it left out (:func:`left_out` of the ids of the ``sure`` and ``tied`` pairs)."""
    rescored = {
        pid: [
            (other, units(pid, samples[pid], other, samples[other]))  # type: ignore[arg-type]
            for other, _ in nearest
            if samples.get(other) is not None
        ]
        for pid, nearest in company.items()
        if samples.get(pid) is not None
    }
    return neighbourhood_excess(rescored, left_out(sure, tied))
