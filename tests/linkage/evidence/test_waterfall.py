"""The waterfall record: prior, one step per clue in words, total = the link's own number."""

from __future__ import annotations

import pytest

from linkage.evidence.scorer import make_link
from linkage.evidence.waterfall import describe_probability, titles, waterfall
from linkage.evidence.weights import log2_odds
from linkage.records import Evidence
from linkage.signals import default_signals


def test_steps_add_up_to_the_links_own_probability():
    prior = 0.1
    link = make_link(
        "a",
        "b",
        [
            Evidence("crosslink", 11.6, "a links to b", followable=True),
            Evidence("display_name", -4.0, "different names"),
            Evidence("bio", 2.0, "shared rare words"),
        ],
        prior,
    )
    chart = waterfall(link, prior)
    kinds = [s.kind for s in chart.steps]
    assert kinds[0] == "prior" and kinds[-1] == "total" and set(kinds[1:-1]) == {"evidence"}
    assert chart.steps[0].running == pytest.approx(log2_odds(prior))
    assert chart.evidence[-1].running == pytest.approx(chart.total.running)
    assert chart.total.probability == link.probability
    assert chart.total.bits == pytest.approx(link.match_weight)
    assert [s.bits for s in chart.evidence] == sorted(
        (s.bits for s in chart.evidence), reverse=True
    )
    labels = {s.signal: s.label for s in chart.evidence}
    assert labels["crosslink"] == "links between the accounts"
    assert labels["followable"] == "a link anyone can follow"
    assert chart.to_dict()["steps"][-1]["probability"] == round(link.probability, 6)


def test_every_signal_has_labels_in_words():
    names = titles()
    for signal in default_signals():
        assert signal.title and signal.clue and signal.because and signal.redacted, signal.name
        assert "_" not in names[signal.name]


def test_the_report_takes_each_clues_words_from_its_signal():
    """A signal's words reach the report from the signal itself: the report keeps no table
    of its own that a new signal would have to join."""
    import inspect

    from reports import labels

    for signal in default_signals():
        assert labels.clue(signal.name) == signal.clue
        assert labels.because(signal.name) == signal.because
        assert labels.redacted_detail(signal.name) == signal.redacted
        assert f'"{signal.name}"' not in inspect.getsource(labels)
    assert labels.clue("a-signal-from-elsewhere") == "other evidence"
    assert labels.redacted_detail("chain") == "judged together with the person's other accounts"


@pytest.mark.parametrize(
    ("p", "words"),
    [(0.9999, "almost certainly"), (0.0001, "almost certainly not"), (0.42, "42% likely"),
     (0.9987, "99.9% likely"), (0.003, "0.3% likely")],
)  # fmt: skip
def test_probabilities_read_as_people_read_them(p, words):
    assert describe_probability(p) == words


def test_running_text_never_rounds_to_certainty():
    from linkage.evidence.waterfall import in_words_percent

    assert in_words_percent(0.75) == "75%"
    assert in_words_percent(0.9987) == in_words_percent(0.99999) == "99.9%"
    assert in_words_percent(0.996) == "99.6%"
    assert in_words_percent(0.003) == "0.3%" and in_words_percent(1e-6) == "0.1%"


def test_a_followable_links_floor_is_said_in_words_and_only_outweighs_what_is_there():
    """Its detail said "12 bits, whatever else differs": with "bits" in it the report showed
    instead "a link anyone can follow outweighs the differences", of a tie with none."""
    from linkage.evidence.weights import FOLLOWED, with_followable_floor
    from linkage.records import Evidence
    from reports.evidence_view import detail_text

    link = Evidence("crosslink", 11.5, "the Reddit account 'a' links to 'b'", followable=True)
    (alone,) = [e for e in with_followable_floor([link]) if e.signal == FOLLOWED]
    assert alone.detail.endswith("the tie counts as at least \u201cvery likely\u201d")
    assert detail_text(FOLLOWED, alone.detail, False, {}) == alone.detail  # shown as it is
    against = with_followable_floor([link, Evidence("display_name", -2.7, "other names")])
    (floor,) = [e for e in against if e.signal == FOLLOWED]
    assert floor.detail.endswith(", whatever else differs")
