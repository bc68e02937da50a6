"""Sure pairs of the input, and the style signal learning this input's weights from them."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from linkage.evidence.learning import SURE_PROBABILITY, learn_from_sure_pairs, sure_pairs
from linkage.evidence.linking import link_profiles
from linkage.records import Evidence, Profile
from linkage.signals import Signal, default_signals
from linkage.signals.style import LEARN_FROM, LEARN_FULL, StyleSignal
from linkage.signals.style_features import fit_logistic
from linkage.signals.username import UsernameSignal
from tests.writers import handle, writers


def test_fit_logistic_recovers_a_known_slope():
    rng = np.random.default_rng(0)
    z = rng.normal(size=20000)
    labels = (rng.random(20000) < 1 / (1 + 2.0 ** -(1.5 * z - 0.5))).astype(float)
    slope, intercept = fit_logistic(z, labels, np.ones_like(z))
    assert slope == pytest.approx(1.5, abs=0.1) and intercept == pytest.approx(-0.5, abs=0.1)
    assert fit_logistic(-z, labels, np.ones_like(z)) == (0.0, 0.0)  # scores say nothing


def test_sure_pairs_are_the_pairs_the_other_signals_tie():
    profiles = writers(12, shared_handles=6)
    signal = UsernameSignal()
    signal.prepare(profiles)
    sure = sure_pairs(profiles, [signal], prior=1 / 23)
    expected = {frozenset((f"github:{handle(i)}", f"reddit:{handle(i)}")) for i in range(6)}
    assert {frozenset((a.id, b.id)) for a, b in sure} == expected
    assert SURE_PROBABILITY == 0.99


class Recorder(Signal):
    """A learning signal that records what it was given."""

    name = "recorder"
    learns = True

    def __init__(self) -> None:
        self.given: list[tuple[str, str]] | None = None
        self.tied: list[tuple[str, str]] | None = None

    def compare(self, a: Profile, b: Profile) -> Evidence | None:
        return Evidence(self.name, 30.0, "always")  # would make every pair sure

    def learn(
        self, sure: Sequence[tuple[Profile, Profile]], tied: Sequence[tuple[Profile, Profile]] = ()
    ) -> None:
        self.given = sorted(tuple(sorted((a.id, b.id))) for a, b in sure)
        self.tied = sorted(tuple(sorted((a.id, b.id))) for a, b in tied)


def test_learning_signals_learn_from_the_others_only():
    profiles = writers(8, shared_handles=3)
    username, recorder = UsernameSignal(), Recorder()
    for signal in (username, recorder):
        signal.prepare(profiles)
    learn_from_sure_pairs(profiles, [username, recorder], prior=1 / 15)
    assert recorder.given is not None and len(recorder.given) == 3
    # the sure pairs are among the tied ones, which the recorder's own 30 bits do not make
    assert recorder.tied is not None and set(recorder.given) <= set(recorder.tied)
    assert len(recorder.tied) < len(profiles) * (len(profiles) - 1) // 2


def prepared_style(profiles: list[Profile]) -> StyleSignal:
    signal = StyleSignal()
    signal.prepare(profiles)
    return signal


def test_style_learns_this_inputs_mapping_from_its_sure_pairs():
    """Forty writers whose habits never vary, half of them with one rare handle on both
    accounts. Those twenty sure pairs show how far one writer's two samples score above the
    rest here: different writers end up further below zero than the reference (Debian
    changelogs, whose writers are harder to tell apart) would put them, one writer's two
    samples still well above it."""
    profiles = writers(40, shared_handles=20)
    by_id = {p.id: p for p in profiles}
    sure = [(by_id[f"github:{handle(i)}"], by_id[f"reddit:{handle(i)}"]) for i in range(20)]
    unlearnt = prepared_style(profiles)
    learnt = prepared_style(profiles)
    learnt.learn(sure)
    assert learnt.learned is not None
    slope, intercept, share = learnt.learned
    assert slope > 0 and intercept < 0
    assert share == pytest.approx((20 - LEARN_FROM) / (LEARN_FULL - LEARN_FROM))
    mates = [
        (by_id[f"github:{handle(i)}"], by_id[f"reddit:{handle(500 + i)}"]) for i in range(20, 40)
    ]
    strangers = [(a, by_id[f"reddit:{handle(501 + i)}"]) for i, (a, _) in enumerate(mates[:-1], 20)]

    def weights(signal: StyleSignal, pairs: list[tuple[Profile, Profile]]) -> list[float]:
        return sorted(signal.compare(a, b).match_weight for a, b in pairs)  # type: ignore[union-attr]

    assert min(weights(learnt, mates)) > 2
    median = len(strangers) // 2
    assert weights(learnt, strangers)[median] < weights(unlearnt, strangers)[median] - 0.3


def test_style_learns_nothing_from_too_few_sure_pairs_or_a_small_input():
    profiles = writers(40, shared_handles=20)
    by_id = {p.id: p for p in profiles}
    few = [
        (by_id[f"github:{handle(i)}"], by_id[f"reddit:{handle(i)}"]) for i in range(LEARN_FROM - 1)
    ]
    signal = prepared_style(profiles)
    signal.learn(few)
    assert signal.learned is None
    small = profiles[:10]  # a ten-account audit: judged against the background alone
    signal = prepared_style(small)
    signal.learn([(small[0], small[1]), (small[2], small[3])] * LEARN_FULL)
    assert signal.learned is None


def test_the_linker_learns_before_it_scores():
    """Through ``link_profiles``: the style signal has learnt before any pair is scored, and
    each writer with unrelated handles has its strongest writing evidence with its mate."""
    profiles = writers(40, shared_handles=20)
    signals = default_signals()
    links = link_profiles(profiles, min_probability=0.0, signals=signals)
    style = next(s for s in signals if s.name == "style")
    assert isinstance(style, StyleSignal) and style.learned is not None
    strongest: dict[str, tuple[float, str]] = {}
    for k in links:
        weight = next((e.match_weight for e in k.evidence if e.signal == "style"), None)
        for one, other in ((k.a, k.b), (k.b, k.a)):
            if weight is not None and weight > strongest.get(one, (-99.0, ""))[0]:
                strongest[one] = (weight, other)
    for i in range(20, 40):
        assert strongest[f"github:{handle(i)}"][1] == f"reddit:{handle(500 + i)}"
