"""What a request that could not be completed becomes: whether it is tried again (why, and how
many tries in all), and the :class:`~collectors.errors.CollectError` it ends in when the tries
are spent (:func:`transport_failure`)."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import requests

from collectors.errors import BadResponse, CollectError, NetworkFailure, TooLarge
from collectors.http.transport import Transfer, reason
from collectors.http.waits import SILENT, UNREACHABLE, site_name
from linkage.wording import in_megabytes

if TYPE_CHECKING:
    from collectors.http.config import HttpConfig


def transport_failure(
    exc: Exception, url: str, attempt: int, cfg: HttpConfig
) -> tuple[str | None, int, CollectError]:
    """``(why, tries, error)`` for a request to ``url`` that failed with ``exc`` (a
    :class:`Transfer` or a ``requests`` exception) on try ``attempt``: why it may be tried again
    (a :mod:`collectors.http.waits` reason; None: not again), how many tries there are in all,
    and the error to raise once they are spent."""
    once_more = min(cfg.max_retries, 1) + 1
    site = site_name(urlsplit(url).netloc)
    if isinstance(exc, Transfer):
        if exc.kind == "large":
            cap = in_megabytes(exc.cap or cfg.max_bytes)
            if exc.size is None:
                return (
                    None,
                    1,
                    TooLarge(
                        f"{site} kept sending more than linkage reads ({cap}), an endless or "
                        "oversized answer; it was cut off."
                    ),
                )
            return (
                None,
                1,
                TooLarge(
                    f"{site} sent a page larger than linkage reads ({in_megabytes(exc.size)}; "
                    f"linkage reads up to {cap}), so it was not read."
                ),
            )
        if exc.kind == "decode":
            return (
                None,
                1,
                BadResponse(
                    f"{site} sent back a packed answer that could not be unpacked; try again later."
                ),
            )
        if exc.kind == "slow":
            # a trickle is asked for once more (it may have been a moment's congestion), not
            # as often as a dropped connection: each try takes the whole deadline
            return (
                SILENT,
                once_more,
                NetworkFailure(
                    f"{site} took longer than {cfg.body_deadline:g} s to send its answer "
                    f"({attempt} tries). The site may be slow or overloaded; try again later."
                ),
            )
        return (
            UNREACHABLE,
            cfg.max_retries + 1,
            NetworkFailure(
                f"{site} stopped sending its answer part-way ({exc.detail}; {attempt} tries). "
                "Check your connection, or try again later."
            ),
        )
    if isinstance(exc, requests.exceptions.Timeout):
        # asked once more, not as often as a refused connection: each try takes the whole
        # timeout, and a site that did not answer twice in a row will not answer a third time
        return (
            SILENT,
            once_more,
            NetworkFailure(
                f"{site} did not answer within {cfg.read_timeout:g} s "
                f"({attempt} tries). The site may be slow or down; try again later."
            ),
        )
    return (
        UNREACHABLE,
        cfg.max_retries + 1,
        NetworkFailure(
            f"could not reach {site} ({reason(exc)}; {attempt} tries). "
            "Check your connection, or try again later."
        ),
    )
