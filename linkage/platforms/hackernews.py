"""Hacker News's handle rules: the username pattern, the ``news.ycombinator.com/user?id=NAME``
addresses, and the :data:`HACKERNEWS` platform (``hackernews:NAME``).
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, quote

from linkage.platforms.allows import Allows
from linkage.platforms.base import Platform, _split

HACKERNEWS_SITE = "https://news.ycombinator.com"
#: where Hacker News asks to be written to (its pages' "Contact" link)
HACKERNEWS_CONTACT = "hn@ycombinator.com"
_HN_NAME = re.compile(r"[A-Za-z0-9_-]{1,32}")


def _hackernews_normalise(name: str) -> str:
    raw = name.strip()
    if not _HN_NAME.fullmatch(raw):
        raise ValueError(f"'{raw}' is not a Hacker News username (letters, digits, '_' and '-')")
    return raw


def _hackernews_from_url(url: str) -> str | None:
    parts = _split(url)
    if parts is None:
        return None
    if (parts.hostname or "").lower() != "news.ycombinator.com" or parts.path != "/user":
        return None
    values = parse_qs(parts.query).get("id") or []
    return values[0] if values and _HN_NAME.fullmatch(values[0]) else None


HACKERNEWS = Platform(
    "hackernews",
    "Hacker News",
    "api",
    "hackernews:NAME",
    _hackernews_normalise,
    _hackernews_from_url,
    lambda name: f"{HACKERNEWS_SITE}/user?id={quote(name)}",
    username_pattern=f"^{_HN_NAME.pattern}$",
    # A username cannot be changed and a profile cannot be made private; there is no way to
    # delete an account oneself: the moderators must be asked, at the address the site's
    # "Contact" link gives (news.ycombinator.com/newsfaq.html).
    allows=Allows(ask=HACKERNEWS_CONTACT),
)
