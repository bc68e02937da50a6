"""The clock, in the one form records use: ISO 8601 UTC to the second, with a ``Z``."""

from __future__ import annotations

from datetime import UTC, datetime


def now_iso() -> str:
    """Now, as ``2026-12-05T09:00:00Z``."""
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
