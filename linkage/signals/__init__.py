"""Linkage signals: one module per kind of evidence, one shared interface.

A signal compares two profiles and returns :class:`~linkage.records.Evidence` (a match weight
in bits, log2 of the likelihood ratio "same person" against "different people", and one
sentence), or ``None`` when there is nothing to compare. ``prepare`` lets a signal compute
per-profile features once for a batch before the pairs are compared; ``learn`` lets it
refine its weights on the input's own sure pairs (:mod:`linkage.evidence.learning`).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from typing import ClassVar

from linkage.records import Evidence, Profile


class Signal:
    """Base class for a signal. ``name`` is the column name in the links table."""

    name: str = ""
    #: what the signal compares, in the reader's words ("profile pictures"): the label of its
    #: step in a waterfall and its clue in the report
    title: str = ""
    #: the clue in a few words, as the report lists it ("the same picture")
    clue: str = ""
    #: the clue as the reason in a sentence, after "because" ("they show the same picture")
    because: str = ""
    #: a sentence for the redacted report, naming no account ("the pictures are alike")
    redacted: str = ""
    #: the largest contribution (in bits, either sign) this signal may make to one link
    max_bits: float = 20.0
    #: True for a signal much slower per pair than the others: the linker skips it for pairs
    #: that cannot reach the kept probability even with its largest weight
    costly: bool = False
    #: True for a signal that refines its weights on the input's sure pairs (``learn``)
    learns: bool = False
    #: True for evidence from a sample of behaviour (writing) rather than a fact about the
    #: person: compared with several of one person's accounts, its weights add up
    #: (:mod:`linkage.evidence.groups`)
    per_account: bool = False
    #: the fact about the person that this signal's evidence shares with other signals
    #: ("name": the name a display name shows and the handles made from it). Against a
    #: person's accounts such signals count together, account by account, so that one
    #: surname seen in one account's display name and another's handle counts once
    #: (:mod:`linkage.evidence.groups`); None: the signal is a fact of its own.
    fact: str | None = None
    #: True for a signal whose disagreement says only how two accounts stand to each other
    #: (an unrelated handle weighs by whether the accounts are kept apart, not by what they
    #: show): against a person's accounts the weakest such disagreement counts
    #: (:mod:`linkage.evidence.groups`)
    relational: bool = False
    #: lower caps than ``linkage.evidence.candidates.MAX_BLOCK`` for kinds of blocking key (the part of
    #: the key before its first colon) that are less specific by nature
    block_caps: ClassVar[Mapping[str, int]] = {}
    #: the profile fields the signal reads (besides ``id``); None: any. The search for
    #: changes prepares a changed account again only for the signals that read what changed.
    reads: ClassVar[frozenset[str] | None] = None

    @classmethod
    def reason(cls, evidence: Evidence) -> str:
        """``evidence`` of this signal as the reason in a sentence, after "because": its
        ``because`` unless the signal's evidence says more than one thing."""
        return cls.because

    def prepare(self, profiles: Sequence[Profile]) -> None:
        """Compute per-profile features for a batch (optional)."""

    def compare(self, a: Profile, b: Profile) -> Evidence | None:
        raise NotImplementedError

    def learn(
        self,
        sure: Sequence[tuple[Profile, Profile]],
        tied: Sequence[tuple[Profile, Profile]] = (),
    ) -> None:
        """Refine the weights from pairs the other signals tie with near certainty (``sure``;
        ``tied``: those they give some evidence, the sure ones among them; see
        :mod:`linkage.evidence.learning`); called after ``prepare``, before pairs are compared."""

    def block_keys(self, profile: Profile) -> Iterable[str]:
        """Keys that two profiles must share for this signal to find evidence between them
        (used only for large inputs; see :mod:`linkage.evidence.candidates`). Called after ``prepare``."""
        return ()

    def candidate_pairs(self, profiles: Sequence[Profile]) -> Iterable[Sequence[int]]:
        """Index pairs this signal proposes directly (e.g. nearest neighbours); optional."""
        return ()


#: The order the report lists signals in; a signal module not named here comes after them,
#: by name. A new signal is one module in ``linkage/signals/`` exposing ``SIGNAL`` (its
#: :class:`Signal` subclass, with ``name`` and its words: ``title``, ``clue``, ``because`` and
#: ``redacted``): it is found by scanning
#: the package, as collectors and archive importers are.
REPORT_ORDER = (
    "crosslink", "username", "display_name", "avatar", "bio", "style", "activity", "timezone",
)  # fmt: skip


@functools.cache
def _classes() -> tuple[type[Signal], ...]:
    import importlib
    import pkgutil

    found = []
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        cls = getattr(module, "SIGNAL", None)
        if isinstance(cls, type) and issubclass(cls, Signal):
            found.append(cls)
    rank = {name: i for i, name in enumerate(REPORT_ORDER)}
    return tuple(sorted(found, key=lambda c: (rank.get(c.name, len(rank)), c.name)))


def signal_classes() -> list[type[Signal]]:
    """The classes of every signal, in report order (for their labels)."""
    return list(_classes())


def default_signals() -> list[Signal]:
    """Fresh instances of every signal, in report order."""
    return [cls() for cls in _classes()]
