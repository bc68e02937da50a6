"""A large input's own null for the style signal: the cohort and each sample's scores on it."""

from __future__ import annotations

import numpy as np

from linkage.signals.cohort import COHORT_SIZE, robust
from linkage.signals.style import StyleSignal, load_model
from linkage.signals.style_cohort import cohort_nulls, pick_cohort
from tests.writers import writers


def prepared(count: int):
    profiles = writers(count, shared_handles=0)
    signal = StyleSignal()
    signal.prepare(profiles)
    return profiles, signal


def test_the_cohort_is_the_same_whatever_the_order_and_never_larger_than_its_size():
    samples = {f"forum:w{i}": None for i in range(COHORT_SIZE + 50)}
    ids = list(samples)
    first = pick_cohort(ids, samples)
    assert len(first) == COHORT_SIZE
    assert pick_cohort(list(reversed(ids)), samples) == first
    few = pick_cohort(ids[:10], samples)  # fewer than the size: all of them
    assert sorted(pid for pid, _ in few) == sorted(ids[:10])


def test_each_sample_is_judged_against_the_others_and_not_itself():
    """Twelve fictional writers with two accounts each: a sample's null is the robust
    location and spread of its scores against every other cohort member, and its closest
    members are the others in units of that null, best first."""
    profiles, signal = prepared(12)
    model = load_model()[0]
    ids = [p.id for p in profiles]
    samples = {pid: signal._samples[pid] for pid in ids}
    cohort = pick_cohort(ids, samples)
    kinds = {pid: "replies" for pid in ids}
    found = cohort_nulls(model, cohort, samples, kinds, ids, parallel_from=10**9)
    assert set(found) == set(ids)
    for pid in ids[:5]:
        (middle, spread), by_kind, closest = found[pid]
        others = [(o, model.score(samples[pid], s)) for o, s in cohort if o != pid]
        scores = np.array([score for _, score in others])
        assert np.allclose((middle, spread), robust(scores))
        assert by_kind["replies"][2] == len(others)  # every member is of this kind
        assert pid not in {o for o, _ in closest}
        best = max(others, key=lambda item: item[1])[0]
        assert closest[0][0] == best
        units = [u for _, u in closest]
        assert units == sorted(units, reverse=True)
    assert cohort_nulls(model, [], samples, kinds, ids, parallel_from=10**9) == {}
