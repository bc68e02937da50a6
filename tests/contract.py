"""Fields the contract requires of records, shared by the tests that check them."""

from __future__ import annotations

#: the analysis record's required top-level fields (shared/spec/CONTRACT.md)
ANALYSIS_FIELDS = frozenset(
    [
        "version",
        "generated_at",
        "prior",
        "threshold",
        "complete",
        "accounts",
        "links",
        "identities",
        "exposure",
    ]
)
