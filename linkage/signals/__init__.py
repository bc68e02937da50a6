"""Linkage signals: one module per kind of evidence, one shared interface.

A signal compares two profiles and returns :class:`~linkage.records.Evidence` (a match weight
in bits, log2 of the likelihood ratio "same person" against "different people", and one
sentence), or ``None`` when there is nothing to compare. ``prepare`` lets a signal compute
per-profile features once for a batch before the pairs are compared.
"""

from __future__ import annotations

from collections.abc import Sequence

from linkage.records import Evidence, Profile


class Signal:
    """Base class for a signal. ``name`` is the column name in the links table."""

    name: str = ""
    #: the largest contribution (in bits, either sign) this signal may make to one link
    max_bits: float = 20.0

    def prepare(self, profiles: Sequence[Profile]) -> None:
        """Compute per-profile features for a batch (optional)."""

    def compare(self, a: Profile, b: Profile) -> Evidence | None:
        raise NotImplementedError


def default_signals() -> list[Signal]:
    """The signals the linker uses, in the order the report lists them."""
    from linkage.signals.crosslinks import CrossLinkSignal
    from linkage.signals.username import UsernameSignal

    return [CrossLinkSignal(), UsernameSignal()]
