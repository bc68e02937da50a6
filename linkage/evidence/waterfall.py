"""A pair's evidence as a record: the waterfall every view draws.

Splink's waterfall chart made into data: the **prior** (the starting odds for a pair of this
input), one **step** per piece of evidence (a signal's match weight, or one of the model's own
items: the person's other accounts, the floor of followable evidence), and the **total**, each
with its label in the reader's words and the running log2 odds and probability after it.
``linkage explain`` prints it, the HTML report draws it, the JSON carries it; none of them
computes anything of its own, so they cannot disagree. The total is the link's own
probability (:mod:`linkage.evidence.linking`): one number per pair.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from linkage.evidence.weights import CHAIN, FOLLOWED, log2_odds, probability_from_weight
from linkage.records import Link


@dataclass(frozen=True)
class ClueWords:
    """How one clue (a signal, or one of the model's own items) is named for a reader."""

    title: str  # what is compared: the label of its step in a waterfall ("profile pictures")
    clue: str  # the clue in a few words ("the same picture")
    because: str  # the reason in a sentence, after "because" ("they show the same picture")
    redacted: str  # a sentence that names no account, for a redacted report


#: The words of the model's own items (the signals carry theirs, see ``linkage.signals``).
MODEL_WORDS = {
    CHAIN: ClueWords(
        "the person's other accounts",
        "the person's other accounts",
        "the person's other accounts tie them together",
        "judged together with the person's other accounts",
    ),
    FOLLOWED: ClueWords(
        "a link anyone can follow",
        "a link anyone can follow",
        "a link anyone can follow ties them",
        "a link anyone can follow counts in full",
    ),
}
#: The words of a clue no signal module names (a links file from another version)
OTHER = ClueWords("other evidence", "other evidence", "other evidence ties them", "other evidence")


@cache
def clue_words() -> dict[str, ClueWords]:
    """Every clue's words, by signal name: each signal's own, and the model's items'."""
    from linkage.signals import signal_classes

    found = {
        c.name: ClueWords(
            c.title or c.name.replace("_", " "),
            c.clue or c.title or c.name.replace("_", " "),
            c.because or OTHER.because,
            c.redacted or OTHER.redacted,
        )
        for c in signal_classes()
    }
    return {**found, **MODEL_WORDS}


def words_for(signal: str) -> ClueWords:
    """The words of one clue (:data:`OTHER` for a signal this version does not know)."""
    return clue_words().get(signal, OTHER)


@cache
def titles() -> dict[str, str]:
    """Every clue's label in words, by signal name."""
    return {name: words.title for name, words in clue_words().items()}


def redacted_sentences() -> dict[str, str]:
    """Every clue's sentence for a redacted report (it names no account), by signal name."""
    return {name: words.redacted for name, words in clue_words().items()}


@dataclass(frozen=True)
class Step:
    """One bar of the waterfall."""

    #: "prior", "evidence" or "total"
    kind: str
    #: the signal (or model item) name; None for the prior and the total
    signal: str | None
    #: the step in words ("profile pictures", "starting point", "all the evidence")
    label: str
    #: this step's bits: the prior's log2 odds, a piece of evidence's match weight, or the
    #: total match weight
    bits: float
    #: log2 odds after this step
    running: float
    #: probability after this step
    probability: float
    detail: str = ""
    values: tuple[str, str] | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "kind": self.kind,
            "signal": self.signal,
            "label": self.label,
            "bits": round(self.bits, 3),
            "running": round(self.running, 3),
            "probability": round(self.probability, 6),
            "detail": self.detail,
        }
        if self.values is not None:
            out["values"] = list(self.values)
        return out


@dataclass(frozen=True)
class Waterfall:
    a: str
    b: str
    prior: float
    steps: list[Step] = field(default_factory=list)

    @property
    def total(self) -> Step:
        return self.steps[-1]

    @property
    def evidence(self) -> list[Step]:
        return [s for s in self.steps if s.kind == "evidence"]

    def to_dict(self) -> dict[str, Any]:
        return {
            "a": self.a,
            "b": self.b,
            "prior": self.prior,
            "steps": [s.to_dict() for s in self.steps],
        }


def waterfall(link: Link, prior: float) -> Waterfall:
    """The waterfall of ``link`` under ``prior``: strongest evidence for first, then against."""
    names = titles()
    start = log2_odds(prior)
    steps = [Step("prior", None, "starting point", start, start, prior, _prior_detail(prior))]
    running = start
    ordered = sorted(link.evidence, key=lambda e: (-e.match_weight, e.signal))
    for e in ordered:
        running += e.match_weight
        steps.append(
            Step(
                "evidence",
                e.signal,
                names.get(e.signal, e.signal.replace("_", " ")),
                e.match_weight,
                running,
                probability_from_weight(running - start, prior),
                e.detail,
                e.values,
            )
        )
    steps.append(
        Step(
            "total",
            None,
            "all the evidence",
            link.match_weight,
            start + link.match_weight,
            link.probability,
            f"{describe_probability(link.probability)} one person",
        )
    )
    return Waterfall(link.a, link.b, prior, steps)


def _prior_detail(prior: float) -> str:
    odds = (1 - prior) / prior if prior < 1 else 0
    return f"before any evidence: about 1 chance in {odds + 1:,.0f} that two of these accounts are one person"


def describe_probability(probability: float) -> str:
    """A probability as people read it: never "100 %" or "0 %" for what is not certain."""
    if probability >= 0.999:
        return "almost certainly"
    if probability <= 0.001:
        return "almost certainly not"
    return f"{in_words_percent(probability)} likely"


def in_words_percent(probability: float) -> str:
    """A probability as a whole percentage for running text ("75%"); within half a percent of
    certainty or of none, one decimal, at most 99.9 % and at least 0.1 %, so that what is not
    certain never reads "100%" and what is possible never "0%"."""
    shown = f"{probability:.0%}"
    if shown not in ("100%", "0%"):
        return shown
    return f"{min(999, max(1, round(probability * 1000))) / 10:.1f}%"
