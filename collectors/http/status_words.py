"""An answer a collector cannot use, in words a person can act on.

Every collector turns an HTTP status it cannot use, or an answer it cannot read, into one of
these errors, so that whatever the site the person reads the same everyday words: the site by
its name, what happened (the site had a fault on its side; it refused to show the page, which
usually means the account is private or needs signing in; linkage sent too many requests; the
page is gone; the answer was not what was expected) and what to do. The HTTP status is only a
short technical aside at the end, e.g. ``(HTTP 503)``.

The specific cases stay the collectors': a Mastodon ``410`` means suspended, Reddit's reasons
in a ``403`` answer say private or banned. What is left goes through :func:`status_failure`.
"""

from __future__ import annotations

from datetime import datetime

from collectors.errors import (
    BadResponse,
    CollectError,
    NotFound,
    RateLimited,
    Refused,
    ServerError,
)

#: What to do when a handle is not found.
CHECK_SPELLING = "Check the spelling of the handle."
#: What to do when a site refuses to show an account, unless a collector knows better.
MAKE_PUBLIC = "If it is your account, make it public, then run the audit again."
#: The statuses that mean "you may not see this" (451: withheld for legal reasons).
REFUSING = frozenset({401, 403, 451})
#: The statuses that mean "there is nothing here (any more)".
GONE = frozenset({404, 410})


def aside(text: str, status: int, said: str = "") -> str:
    """``text`` with the status as a short aside before its last full stop:
    ``"Try again later."`` -> ``"Try again later (HTTP 503)."``; ``said`` (the site's own
    short reason, if any) goes in the aside too."""
    return with_detail(text, f"HTTP {status}: {said}" if said else f"HTTP {status}")


def with_detail(text: str, detail: str) -> str:
    """``text`` with a technical ``detail`` in brackets before its last full stop."""
    return f"{text.rstrip().rstrip('.')} ({detail})." if detail else text


def server_fault(
    site: str, status: int, what: str = "", *, tries: int = 1, detail: str = ""
) -> ServerError:
    """The site had a fault on its side (a 5xx): nothing to do but wait. ``detail``, when
    given, is the aside instead of the status (an API's own error name)."""
    times = f" ({tries} tries)" if tries > 1 else ""
    text = (
        f"{site} had a fault on its side and could not answer{f' for {what}' if what else ''}"
        f"{times}; there is nothing to fix on your side. Try again later."
    )
    return ServerError(with_detail(text, detail) if detail else aside(text, status))


def refused(site: str, status: int, what: str, *, advice: str = MAKE_PUBLIC) -> Refused:
    """The site refused to show ``what`` (401, 403, 451)."""
    return Refused(
        aside(
            f"{site} refused to show {what}, which usually means the account is private or can "
            f"only be seen when signed in. {advice}",
            status,
        )
    )


def too_many(site: str, status: int = 429, *, retry_at: datetime | None = None) -> RateLimited:
    """The site says linkage sent too many requests; with ``retry_at``, when to try again."""
    if retry_at is not None:
        return RateLimited(
            f"{site} says linkage has sent too many requests for now (HTTP {status}).",
            retry_at=retry_at,
        )
    return RateLimited(
        aside(f"{site} says linkage has sent too many requests for now; try again later.", status)
    )


def gone(
    site: str,
    status: int,
    what: str,
    *,
    found: bool = False,
    advice: str = CHECK_SPELLING,
    read: str = "the profile itself",
) -> CollectError:
    """The site has no ``what`` (404, 410). With ``found`` (a later request, such as a page of
    posts, after ``read`` was read), the account exists: the page is what is gone, and that is
    a bad response, not a misspelt handle. (A plain not-found carries no status: it says all
    there is.)"""
    if found:
        return BadResponse(
            aside(
                f"{site} could not find {what}, though {read} was read; the page may have "
                "gone since. Run the audit again later.",
                status,
            )
        )
    return NotFound(f"{site} could not find {what}. {advice}")


def unexpected(
    site: str, status: int, what: str, *, said: str = "", detail: str = ""
) -> BadResponse:
    """An answer that is none of the above (a 400, a redirect that was not followed, ...);
    ``detail``, when given, is the aside instead of the status and ``said``."""
    text = f"{site} gave an answer linkage did not expect for {what}; try again later."
    return BadResponse(with_detail(text, detail) if detail else aside(text, status, said))


def status_failure(
    site: str,
    status: int,
    what: str,
    *,
    found: bool = False,
    refused_help: str = MAKE_PUBLIC,
    missing_help: str = CHECK_SPELLING,
    said: str = "",
    read: str = "the profile itself",
) -> CollectError:
    """The error an HTTP ``status`` other than 200 stands for, when ``site`` was asked for
    ``what`` ("the account 'alice'", "page 2 of the comments"); ``found`` and ``read`` as for
    :func:`gone`, ``said`` the site's own short reason."""
    if status in GONE:
        return gone(site, status, what, found=found, advice=missing_help, read=read)
    if status in REFUSING:
        return refused(site, status, what, advice=refused_help)
    if status == 429:
        return too_many(site, status)
    if 500 <= status <= 599:
        return server_fault(site, status, what)
    return unexpected(site, status, what, said=said)


def unreadable(site: str, what: str) -> BadResponse:
    """An answer that arrived but is not ``what`` ("a profile", "a list of posts")."""
    return BadResponse(
        f"{site} sent back something linkage could not read as {what}; try again later."
    )
