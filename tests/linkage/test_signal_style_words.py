"""The writing-style signal's word measure: word unigrams and bigrams weighed by the large
input's own document frequencies, judged against the input's own null, added to the
character measure; an audit of a few accounts is judged by the character measure alone."""

from __future__ import annotations

import math
import random

import numpy as np
import pytest

from linkage.signals import style
from linkage.signals.style import StyleSignal
from linkage.signals.style_words import WordHabits, gram_weight, grams
from tests.linkage.test_signal_style import account, ada, bo


def test_grams_are_words_and_marks_with_their_neighbours_case_kept():
    found = grams("Let's fix it, so that The parser won't fail 42 times.")
    assert {"Let's", "fix", ",", "so that", "it ,", "The parser", "won't", "."} <= found
    assert "the parser" not in found  # case is a habit too
    assert not any(ch.isdigit() for gram in found for ch in gram)


def test_a_rare_gram_leads_a_common_one_by_the_root_of_their_idf_ratio():
    assert gram_weight(100, 2) == pytest.approx(math.sqrt(math.log(50)))
    assert gram_weight(100, 100) == 0.0  # used by every sample: says nothing
    lead = gram_weight(100, 2) / gram_weight(100, 20)
    assert lead == pytest.approx(math.sqrt(math.log(50) / math.log(5)))


def test_colleagues_sharing_a_subsystems_terms_do_not_outrank_one_writer():
    """Two 'bo' writers who both name one subsystem's made-up terms (topic, used by them alone)
    against one 'ada' writer's two samples, whose habits eight other writers of the crowd
    share: weighed by the plain IDF the colleagues' rare terms outweigh the writer's habits."""
    terms = [
        "Zorvex",
        "steering",
        "table",
        "now",
        "loads",
        "Quindle",
        "entries",
        "over",
        "Brask",
        "loopback",
    ]
    ids = [f"reddit:bo{i}" for i in range(40)] + [f"forum:ad{i}" for i in range(8)]
    texts = [" ".join(bo(300 + i, 30)) for i in range(40)]
    texts += [" ".join(ada(500 + i, 30)) for i in range(8)]
    for name, seed in (("github:col1", 901), ("github:col2", 902)):
        rng = random.Random(seed)
        topic = [" ".join(rng.sample(terms, 4)) for _ in range(2)]
        ids.append(name)
        texts.append(" ".join(bo(seed, 25) + topic))
    ids += ["github:ada1", "mastodon:ada2"]
    texts += [" ".join(ada(1, 30)), " ".join(ada(2, 30))]
    habits = WordHabits(ids, texts, ids, {})
    same = habits.units("github:ada1", "mastodon:ada2")
    colleagues = habits.units("github:col1", "github:col2")
    assert same is not None and colleagues is not None
    assert same > colleagues + 0.3


def _crowd_and_pair() -> tuple[list[str], list[str]]:
    ids = [f"reddit:bo{i}" for i in range(40)] + ["github:ada1", "mastodon:ada2"]
    texts = [" ".join(bo(300 + i, 30)) for i in range(40)]
    texts += [" ".join(ada(1, 40)), " ".join(ada(2, 40))]
    return ids, texts


def test_one_writers_two_samples_stand_out_from_a_crowd_in_null_units():
    ids, texts = _crowd_and_pair()
    habits = WordHabits(ids, texts, ids, {})
    pair = habits.units("github:ada1", "mastodon:ada2")
    crowd = [habits.units("reddit:bo0", f"reddit:bo{i}") for i in range(1, 40)]
    assert pair is not None and pair > 3
    assert abs(float(np.median(crowd))) < 1.0  # the crowd's own pairs: no evidence
    assert habits.units("mastodon:ada2", "github:ada1") == pytest.approx(pair)
    assert habits.units("github:ada1", "nobody:else") is None


def test_each_kind_is_judged_against_its_own_writers():
    """Thirty writers of one kind in one manner ('bo'), thirty of another kind in another
    ('ada'): a writer's colleague of the same kind is judged against the writers of that kind,
    who share the manner, rather than against everyone, half of whom do not."""
    first = [f"github:b{w}" for w in range(30)]
    second = [f"forum:a{w}" for w in range(30)]
    ids = first + second
    texts = [" ".join(bo(500 + w, 30)) for w in range(30)]
    texts += [" ".join(ada(600 + w, 30)) for w in range(30)]
    kinds = {pid: ("commit messages" if pid.startswith("github") else "replies") for pid in ids}
    by_kind = WordHabits(ids, texts, ids, kinds)
    pooled = WordHabits(ids, texts, ids, {})
    colleagues = by_kind.units(first[0], first[1])
    assert colleagues is not None
    assert colleagues < pooled.units(first[0], first[1])  # type: ignore[operator]
    assert set(by_kind.kind_nulls[first[0]]) == {"commit messages", "replies"}


def _input() -> list:
    crowd = [account(f"reddit:bo{i}", bo(100 + i, 30)) for i in range(65)]
    return [*crowd, account("github:ada1", ada(1, 40)), account("mastodon:ada2", ada(2, 40))]


def test_a_large_input_adds_the_word_measure(monkeypatch: pytest.MonkeyPatch):
    crowd = [account(f"reddit:bo{i}", bo(100 + i, 16)) for i in range(65)]
    people = [*crowd, account("github:ada1", ada(1, 16)), account("mastodon:ada2", ada(2, 16))]
    with_words = StyleSignal()
    with_words.prepare(people)
    monkeypatch.setattr(style, "WORD_LIMIT", 0)  # the character measure alone
    alone = StyleSignal()
    alone.prepare(people)
    pairs = [(people[0], other) for other in people[1:40]]
    both = [with_words.compare(a, b).match_weight for a, b in pairs]
    chars = [alone.compare(a, b).match_weight for a, b in pairs]
    assert both != pytest.approx(chars)  # the word measure is counted
    assert sorted(both)[len(both) // 2] < 1.0  # the crowd's own pairs: no evidence
    assert with_words.compare(people[-2], people[-1]).match_weight > 8


def test_an_audit_is_judged_by_the_character_measure_alone(monkeypatch: pytest.MonkeyPatch):
    people = _input()[60:]  # seven accounts: no cohort of its own
    signal = StyleSignal()
    signal.prepare(people)
    weights = [signal.compare(people[0], other).match_weight for other in people[1:]]
    monkeypatch.setattr(style, "WORD_LIMIT", 0)
    alone = StyleSignal()
    alone.prepare(people)
    assert weights == [alone.compare(people[0], other).match_weight for other in people[1:]]


def test_an_account_whose_writing_changed_leaves_the_word_measure(
    monkeypatch: pytest.MonkeyPatch,
):
    """Preparing one changed account (as the remediation search does) cannot recompute the
    input's document frequencies: its pairs are judged by the character measure alone, as
    in an input without the word measure."""
    people = _input()
    changed = account("mastodon:ada2", bo(999, 30))
    signal = StyleSignal()
    signal.prepare(people)
    signal.prepare([changed])
    monkeypatch.setattr(style, "WORD_LIMIT", 0)
    alone = StyleSignal()
    alone.prepare(people)
    alone.prepare([changed])
    assert signal.compare(people[-2], changed).match_weight == pytest.approx(
        alone.compare(people[-2], changed).match_weight
    )
    # an unchanged account keeps it
    assert signal.compare(people[0], people[1]).match_weight != pytest.approx(
        alone.compare(people[0], people[1]).match_weight
    )
