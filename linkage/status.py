"""What happened when an account was collected: a small typed value, not a string to parse.

A :class:`Status` is one :class:`StatusKind` and, except for ``collected``, the reason in
words a person can act on. There are three families:

- ``collected``: everything the collector reads was read;
- ``partial``: the profile was read but something after it was not (a later page of posts, a
  second listing, the feed); the record holds what was read, and the reason says what is
  missing and why. A partial account *is* collected: it is linked, counted as collected and
  shown as collected, with its reason beside it;
- a failure kind (``not found``, ``suspended``, ``rate-limited``, ...): nothing usable was read.

Read it with the properties (``ok``, ``complete``, ``partial``, ``failed``), never by looking
at the text. On disk it keeps the contract's form (``shared/spec/CONTRACT.md``): the profile
record's ``collected.error`` is null when collected, else ``"<kind>: <reason>"``; the analysis
record's account ``status`` is ``"ok"`` or that same text. :meth:`Status.from_error` reads that
form back, so records written before this type existed read the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from linkage.shown_text import one_line

#: The cause a network failure gives when a site's name could not be looked up
#: (:mod:`collectors.http` writes it into the reason); :attr:`Status.unresolved` reads it.
UNRESOLVED = "the name does not resolve"


#: Said by every refusal of the address guard (:mod:`collectors.http.guard`): the address was
#: never asked, which the report tells from a site's own refusal
#: (:func:`reports.unfollowed.why_unread`).
NOT_FETCHED = "so it was not fetched"


class StatusKind(StrEnum):
    """The kinds of outcome, in the order the report lists them (failures first)."""

    NOT_FOUND = "not found"
    SUSPENDED = "suspended"
    PRIVATE = "private"
    RATE_LIMITED = "rate-limited"
    REFUSED = "refused"
    NETWORK_FAILURE = "network failure"
    BAD_RESPONSE = "bad response"
    NOT_CACHED = "not in cache"
    BAD_ARCHIVE = "bad archive"
    SERVER_ERROR = "server error"
    INTERNAL_ERROR = "internal error"
    #: a stored record whose error names no known kind (written by another tool)
    FAILED = "failed"
    PARTIAL = "partial"
    COLLECTED = "collected"


#: The failure kinds a collector raises (``collectors.errors``); the pipeline adds
#: ``internal error`` for a bug, and ``failed`` only comes from records written elsewhere.
FAILURE_KINDS = tuple(StatusKind)[: tuple(StatusKind).index(StatusKind.INTERNAL_ERROR)]


@dataclass(frozen=True)
class Status:
    """One account's outcome: its kind and, unless collected, the reasons (a failure has one;
    a partial profile may be short of several things, each with its own reason)."""

    kind: StatusKind = StatusKind.COLLECTED
    reasons: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # a reason may quote a server's own error text: no escape sequence or override in it
        # reaches a terminal or a report
        object.__setattr__(self, "reasons", tuple(one_line(r) for r in self.reasons))

    @property
    def reason(self) -> str | None:
        """The reasons in one sentence (joined by '; '), or None."""
        return "; ".join(self.reasons) or None

    # -- making one ---------------------------------------------------------------------------

    @classmethod
    def collected(cls) -> Status:
        return COLLECTED

    @classmethod
    def partly(cls, *reasons: str | None) -> Status:
        """Partial, for these reasons (empty ones dropped, repeats kept once, joined by '; ')."""
        kept: list[str] = []
        for reason in reasons:
            text = (reason or "").strip()
            if text and text not in kept:
                kept.append(text)
        return cls(StatusKind.PARTIAL, tuple(kept))

    @classmethod
    def failure(cls, kind: StatusKind | str, reason: str | None) -> Status:
        """A failure of ``kind`` (a :class:`StatusKind` or its text; unknown text is
        ``failed``)."""
        try:
            kind = StatusKind(kind)
        except ValueError:
            reason = f"{kind}: {reason}" if reason else str(kind)
            kind = StatusKind.FAILED
        if kind in (StatusKind.COLLECTED, StatusKind.PARTIAL):
            raise ValueError(f"'{kind}' is not a failure")
        return cls(kind, (reason,) if reason else ())

    def and_partly(self, reason: str | None) -> Status:
        """This status with one more thing not read: a collected one becomes partial, a
        partial one keeps its reasons and adds this one, a failure stays as it is."""
        if self.kind is StatusKind.COLLECTED:
            return Status.partly(reason)
        if self.kind is StatusKind.PARTIAL:
            return Status.partly(*self.reasons, reason)
        return self

    # -- reading one --------------------------------------------------------------------------

    @property
    def ok(self) -> bool:
        """The account was collected, in whole or in part: its record can be linked."""
        return self.kind in (StatusKind.COLLECTED, StatusKind.PARTIAL)

    @property
    def complete(self) -> bool:
        """Everything the collector reads was read."""
        return self.kind is StatusKind.COLLECTED

    @property
    def partial(self) -> bool:
        return self.kind is StatusKind.PARTIAL

    @property
    def failed(self) -> bool:
        return not self.ok

    @property
    def unresolved(self) -> bool:
        """A network failure because the site's name could not be looked up: when no name
        can be looked up at all, the computer is probably not connected."""
        return self.kind is StatusKind.NETWORK_FAILURE and any(
            UNRESOLVED in r for r in self.reasons
        )

    @property
    def unreachable(self) -> bool:
        """A network failure because the site could not be reached at all (its name not looked
        up, the connection refused or not made): when no site can be reached, the trouble is
        most likely this computer's connection."""
        return self.kind is StatusKind.NETWORK_FAILURE and any(
            r.startswith("could not reach") for r in self.reasons
        )

    @property
    def label(self) -> str:
        """The kind in words (``collected``, ``partial``, ``not found``...): no collected text,
        so safe for a redacted output."""
        return str(self.kind)

    @property
    def error(self) -> str | None:
        """The contract's ``collected.error``: None when collected, else ``"<kind>: <reason>"``
        (a record from elsewhere with an unknown kind gives back its own text)."""
        if self.kind is StatusKind.COLLECTED:
            return None
        if self.kind is StatusKind.FAILED:
            return self.reason or ""
        return f"{self.kind}: {self.reason}" if self.reason else str(self.kind)

    def __str__(self) -> str:
        """The status in words: ``collected``, or the contract's error text."""
        return "collected" if self.complete else (self.error or self.label)

    @classmethod
    def from_error(cls, error: str | None) -> Status:
        """Read the contract's ``collected.error`` back (the inverse of :attr:`error`)."""
        if error is None:
            return COLLECTED
        head, sep, rest = error.partition(":")
        try:
            kind = StatusKind(head.strip())
        except ValueError:
            return cls(StatusKind.FAILED, (error,))
        if kind in (StatusKind.COLLECTED, StatusKind.FAILED):
            return cls(StatusKind.FAILED, (error,))
        reason = rest.strip() if sep else ""
        return cls(kind, (reason,) if reason else ())


COLLECTED = Status()
