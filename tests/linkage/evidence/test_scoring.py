"""Scoring pairs on several processes gives exactly the links of one process."""

from __future__ import annotations

import threading

import numpy as np

from benchmarks.synthetic import profiles as synthetic
from benchmarks.synthetic import unique
from linkage.evidence.linking import comparable
from linkage.evidence.scorer import PairScorer, score_pairs
from linkage.evidence.weights import default_prior
from linkage.signals import default_signals
from tests.fresh_process import in_fresh_process


def test_workers_give_the_same_links_as_one_process(fresh: bool = False):
    if not fresh:
        return in_fresh_process(__name__, "test_workers_give_the_same_links_as_one_process")
    assert threading.active_count() == 1  # else the work would stay in this process
    records = comparable(unique(synthetic(150, seed=8)))
    signals = default_signals()
    for signal in signals:
        signal.prepare(records)
    pairs = np.stack(np.triu_indices(len(records), 1), axis=1)
    keep = 1e-300  # workers are used only with a kept probability; this one keeps nearly all
    scorer = PairScorer(signals, default_prior(len(records)), keep)
    alone = score_pairs(records, pairs, scorer, workers=1)
    shared = score_pairs(records, pairs, scorer, workers=2, parallel_from=1)
    assert len(alone) > len(pairs) / 2
    assert [(x.a, x.b, x.match_weight, x.probability) for x in shared] == [
        (x.a, x.b, x.match_weight, x.probability) for x in alone
    ]
    assert [[e.detail for e in x.evidence] for x in shared] == [
        [e.detail for e in x.evidence] for x in alone
    ]


def test_a_kept_probability_filters_in_the_workers_too():
    records = comparable(unique(synthetic(150, seed=9)))
    signals = default_signals()
    for signal in signals:
        signal.prepare(records)
    pairs = np.stack(np.triu_indices(len(records), 1), axis=1)
    scorer = PairScorer(signals, default_prior(len(records)), 0.5)
    shared = score_pairs(records, pairs, scorer, workers=2, parallel_from=1)
    alone = score_pairs(records, pairs, scorer, workers=1)
    assert shared and all(x.probability >= 0.5 for x in shared)
    assert {(x.a, x.b) for x in shared} == {(x.a, x.b) for x in alone}
