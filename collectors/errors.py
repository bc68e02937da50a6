"""Why an account could not be collected, in words a person can act on.

Every collector failure is a :class:`CollectError` whose ``status`` is one of the failure
kinds of :mod:`linkage.status`; the pipeline records :meth:`CollectError.as_status` on the
account (written as ``"<status>: <message>"`` in ``collected.error``) and goes on.
"""

from __future__ import annotations

from datetime import datetime

from linkage.status import FAILURE_KINDS, Status, StatusKind

#: The per-account statuses, in the order the report lists them.
STATUSES = (*(str(k) for k in FAILURE_KINDS), str(StatusKind.PARTIAL))


class CollectError(Exception):
    """An account could not be collected (or only in part)."""

    status = "bad response"

    def __init__(self, message: str, *, status: str | None = None) -> None:
        super().__init__(message)
        if status is not None:
            self.status = status
        self.message = message

    def __str__(self) -> str:
        return f"{self.status}: {self.message}"

    def as_status(self) -> Status:
        """The account's status when this error ended its collection."""
        return Status.failure(self.status, self.message)


class NotFound(CollectError):
    status = "not found"


class Suspended(CollectError):
    status = "suspended"


class Private(CollectError):
    status = "private"


class Refused(CollectError):
    """The platform refused to answer (403, blocked, login required)."""

    status = "refused"


class NetworkFailure(CollectError):
    status = "network failure"


class ServerError(NetworkFailure):
    """The site had a fault on its side (HTTP 5xx): nothing to do but try again later."""

    status = "server error"


class BadResponse(CollectError):
    """The answer could not be read: malformed JSON, HTML instead of JSON, too large."""

    status = "bad response"


class TooLarge(BadResponse):
    pass


class NotCached(CollectError):
    status = "not in cache"


class AddressRefused(CollectError):
    """A discovered address points into a private, loopback or link-local network."""

    status = "refused"


class RateLimited(CollectError):
    status = "rate-limited"

    def __init__(self, message: str, *, retry_at: datetime | None = None) -> None:
        if retry_at is not None:
            message = f"{message} Try again after {retry_at:%Y-%m-%d %H:%M} UTC."
        super().__init__(message)
        self.retry_at = retry_at
