"""The analysis record: accounts, links, identities and exposure, as the contract describes."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from linkage import __version__
from linkage.clock import now_iso
from linkage.duplicates import Duplicate
from linkage.evidence.exposure import Exposure, exposures, identities, readable, unseen
from linkage.evidence.linking import finalise, input_prior, link_profiles
from linkage.evidence.remediation import DEFAULT_TARGET_BITS, Remediation, plan_remediation
from linkage.evidence.weights import DEFAULT_MIN_PROBABILITY, DEFAULT_THRESHOLD
from linkage.record_files import open_private
from linkage.records import Link, Profile


@dataclass
class Analysis:
    profiles: list[Profile]
    links: list[Link]
    identities: list[list[str]]
    exposure: list[Exposure]
    prior: float
    threshold: float
    min_probability: float
    owner: str | None = None
    remediation: Remediation | None = None
    #: the target the plan was asked to reach (kept for the record when no plan could be made)
    target_bits: float = DEFAULT_TARGET_BITS
    generated_at: str = field(default_factory=now_iso)
    #: entries of the accounts file that were one account, audited once
    duplicates: list[Duplicate] = field(default_factory=list)

    @property
    def failed(self) -> list[Profile]:
        """The accounts that could not be collected (a partial one was collected)."""
        return [p for p in self.profiles if not p.ok]

    @property
    def unseen(self) -> list[str]:
        """The accounts that could not be read at all: the audit is incomplete without them."""
        return unseen(self.profiles)

    @property
    def complete(self) -> bool:
        """Whether every listed account was read (the contract's ``complete``): an account found
        by following a link that could not be read leaves its own ties unknown, not the audit."""
        return not self.unseen_listed

    @property
    def unseen_listed(self) -> list[str]:
        """The listed accounts that could not be read at all: the audit is incomplete, and the
        plan was made without them (``remediation.unmeasured``)."""
        listed = {p.id for p in self.profiles if not p.discovered_by}
        return [pid for pid in self.unseen if pid in listed]

    @property
    def failed_listed(self) -> list[Profile]:
        """The listed accounts that could not be collected: the audit's exit status is 1."""
        return [p for p in self.failed if not p.discovered_by]

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": __version__,
            "generated_at": self.generated_at,
            "prior": self.prior,
            "threshold": self.threshold,
            "complete": self.complete,
            "unseen": self.unseen,
            "accounts": [
                {
                    "id": p.id,
                    "platform": p.platform,
                    "persona": p.persona,
                    "status": p.status.error or "ok",
                }
                for p in self.profiles
            ],
            "links": [
                link.to_dict() for link in self.links if link.probability >= self.min_probability
            ],
            "identities": self.identities,
            "exposure": [e.to_dict() for e in self.exposure],
            "remediation": self.remediation.to_dict() if self.remediation else self._no_plan(),
            "duplicates": [d.to_dict() for d in self.duplicates],
        }

    def _no_plan(self) -> dict[str, Any] | None:
        """The record of a plan that could not be made because the chains between the sides
        were not measured (accounts unread): an empty plan that says so, with no figures (not
        "nothing to change" from 0.0 bits). None when no plan was asked for."""
        if self.complete:
            return None
        return {
            "target_bits": self.target_bits,
            "before_bits": None,
            "after_bits": None,
            "complete": False,
            "method": None,
            "cost": 0.0,
            "lower_bound_cost": 0.0,
            "stopped": "not_measured",
            "unmeasured": self.unseen_listed,
            "changes": [],
        }

    def write_json(self, path: Path) -> None:
        with open_private(path) as out:
            json.dump(self.to_dict(), out, ensure_ascii=False, indent=2)
            out.write("\n")


def analyse(
    profiles: Sequence[Profile],
    links: Sequence[Link] | None = None,
    *,
    prior: float | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    min_probability: float = DEFAULT_MIN_PROBABILITY,
    owner: str | None = None,
    target_bits: float = DEFAULT_TARGET_BITS,
    remediate: bool = True,
) -> Analysis:
    """Link (unless links are given), analyse, and plan the changes that break the chains.
    Without a ``prior``, the default for the input's size is used (``linkage.evidence.weights``).

    The links are the model's final ones (:mod:`linkage.evidence.linking`); links given (read
    from a links file) are taken as direct evidence and finalised the same way, so the
    analysis of one input is the same with or without a links file."""
    prior = input_prior(profiles, prior)
    if links is None:
        final = link_profiles(profiles, prior=prior, chains=True)
    else:
        final = finalise(links, profiles, prior)
    seen = [p for p in profiles if readable(p)]  # nothing to advise on accounts not read
    # with every account of a side unread, no chain between sides is measured: a plan among
    # the rest would be "nothing to change" (before 0.0 bits, complete) for chains never seen
    sides, seen_sides = _sides(profiles), _sides(seen)
    measured = len(seen_sides) >= 2 or len(sides) < 2
    remediation = (
        plan_remediation(seen, prior=prior, target_bits=target_bits)
        if remediate and len(seen) >= 2 and measured
        else None
    )
    # the plan is made among the accounts read: with a listed one unread, reaching the target
    # on the chains measured is not "safe", and the plan says so (``stopped``, ``unmeasured``)
    unread_listed = [p.id for p in profiles if not p.discovered_by and not readable(p)]
    if remediation is not None:
        remediation.not_seeing(unread_listed)
    return Analysis(
        profiles=list(profiles),
        links=final,
        identities=identities(profiles, final, threshold),
        exposure=exposures(profiles, final, prior),
        prior=prior,
        threshold=threshold,
        min_probability=min_probability,
        owner=owner,
        remediation=remediation,
        target_bits=target_bits,
    )


def _sides(profiles: Sequence[Profile]) -> set[str]:
    """The personas (sides) the accounts are on."""
    return {p.persona for p in profiles if p.persona}
