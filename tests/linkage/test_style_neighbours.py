"""Nearest neighbours by writing style: candidate pairs for writing, which has no blocking key."""

from __future__ import annotations

import itertools

import numpy as np

from linkage.evidence.candidates import candidate_pairs
from linkage.evidence.linking import link_profiles
from linkage.signals.style import StyleSignal, load_model
from linkage.signals.style_matrix import gram, nearest
from tests.writers import handle, writers


def prepared(count: int = 30):
    profiles = writers(count, shared_handles=0)
    signal = StyleSignal()
    signal.prepare(profiles)
    return profiles, signal


def test_nearest_neighbours_are_the_best_scoring_others():
    profiles, signal = prepared(12)
    model = load_model()[0]
    samples = [signal._samples[p.id] for p in profiles]
    k = 3
    found = nearest(samples, model, k)
    assert found.shape == (len(samples) * k, 2)
    dots = gram(samples)
    for i in range(len(samples)):
        scores = {j: model.score(samples[i], samples[j], float(dots[i, j]))
                  for j in range(len(samples)) if j != i}  # fmt: skip
        expected = sorted(scores, key=scores.get, reverse=True)[:k]
        got = sorted(found[found[:, 0] == i][:, 1].tolist())
        assert got == sorted(expected)
    # with the gram matrix given, the same neighbours (the products are just not recomputed)
    again = nearest(samples, model, k, dots=dots)
    assert sorted(map(tuple, again.tolist())) == sorted(map(tuple, found.tolist()))


def test_each_writer_s_other_account_is_a_candidate():
    """Thirty writers, every one with unrelated handles on its two accounts: no blocking key
    joins them, the writing does."""
    profiles, signal = prepared(30)
    proposed = {tuple(sorted(pair)) for pair in signal.candidate_pairs(profiles).tolist()}
    for i in range(0, 60, 2):
        assert (i, i + 1) in proposed
    blocked = {tuple(pair) for pair in candidate_pairs(profiles, [signal]).tolist()}
    assert all((i, i + 1) in blocked for i in range(0, 60, 2))
    assert len(blocked) < len(profiles) * (len(profiles) - 1) // 2  # not every pair


def test_a_blocked_input_scores_the_pairs_only_writing_ties():
    profiles = writers(30, shared_handles=0)
    links = link_profiles(profiles, min_probability=0.0, all_pairs_limit=10)
    scored = {frozenset((k.a, k.b)) for k in links}
    for i in range(30):
        assert frozenset((f"github:{handle(i)}", f"reddit:{handle(500 + i)}")) in scored
    assert len(scored) < len(list(itertools.combinations(profiles, 2)))


def test_profiles_without_writing_propose_nothing():
    profiles, signal = prepared(3)
    silent = StyleSignal()
    silent.prepare([p.__class__(id=p.id, platform=p.platform, handle=p.handle) for p in profiles])
    assert silent.candidate_pairs(profiles).shape == (0, 2)
    assert isinstance(signal.candidate_pairs(profiles), np.ndarray)
