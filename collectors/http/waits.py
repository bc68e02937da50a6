"""Waiting before a request is sent again, and saying so.

A run can sit still for a while: a site asked linkage to wait (HTTP 429 with ``Retry-After``),
a site does not answer and is asked once more, a connection fails and is tried again. Each
wait is a :class:`Wait`, handed to the client's ``on_wait`` listener (the command line shows it
on the progress line) before the client sleeps, so that the person sees why nothing moves.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

#: Why a request waits.
ASKED = "asked"  # the site asked linkage to wait (a rate limit)
SILENT = "silent"  # the site did not answer in time
UNREACHABLE = "unreachable"  # the connection could not be made, or was dropped
TROUBLE = "trouble"  # the site answered with a server error


@dataclass(frozen=True)
class Wait:
    """One pause before a request is sent again."""

    host: str
    why: str
    #: how long the pause lasts
    seconds: float
    #: the try about to be made, and how many there are at most
    next_try: int
    tries: int
    #: how long the next try may then take without a word (its read timeout)
    then_up_to: float = 0.0

    def sentence(self, site: str | None = None) -> str:
        """The wait in words, the site named by ``site`` (default: its host without ``api.``
        or ``www.``), e.g. "github.com asked linkage to wait 20 s (try 2 of 4)"."""
        site = site or site_name(self.host)
        which = f" (try {self.next_try} of {self.tries})" if self.tries else ""
        if self.why == ASKED:
            return f"{site} asked linkage to wait {max(1, round(self.seconds))} s{which}"
        if self.why == SILENT:
            return f"{site} is not answering; trying again{which}"
        if self.why == TROUBLE:
            return f"{site} is having trouble; trying again{which}"
        return f"could not reach {site}; trying again{which}"


#: The API hosts whose address does not name their site: by the site's name instead.
SITE_NAMES = {
    "public.api.bsky.app": "Bluesky",
    "hacker-news.firebaseio.com": "Hacker News",
    "hn.algolia.com": "Hacker News's search (Algolia)",
    "api.stackexchange.com": "Stack Exchange",
    # the platforms' own names, as their collectors' messages give them
    "api.github.com": "GitHub",
    "gitlab.com": "GitLab",
    "codeberg.org": "Codeberg",
    "www.reddit.com": "Reddit",
    "oauth.reddit.com": "Reddit",
    "keybase.io": "Keybase",
    "api.gravatar.com": "Gravatar",
    "gravatar.com": "Gravatar",
    "lobste.rs": "Lobsters",
}


def site_name(host: str) -> str:
    """``api.github.com:443`` -> ``github.com``, ``public.api.bsky.app`` -> ``Bluesky``: the
    site as a person knows it."""
    name = host.rpartition("@")[2].split(":")[0].lower()
    if name in SITE_NAMES:
        return SITE_NAMES[name]
    for prefix in ("api.", "www.", "oauth."):
        if name.startswith(prefix) and name.count(".") >= 2:
            return name[len(prefix) :]
    return name


def backoff_delay(backoff: float, attempt: int, reset_in: float | None, cap: float) -> float:
    """The pause before try ``attempt + 1``: exponential with a little jitter, at least until
    the site's reset (``reset_in`` seconds) when it gave one, at most ``cap``."""
    delay = backoff * 2 ** (attempt - 1) * (1 + random.random() / 4)
    if reset_in:
        delay = max(delay, reset_in)
    return min(delay, cap)
