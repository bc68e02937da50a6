"""dev.to's handle rules: the username pattern, the first path segments of dev.to that are
pages rather than people, and the :data:`DEVTO` platform (profile ``https://dev.to/NAME``).
"""

from __future__ import annotations

import re

from linkage.platforms.allows import Allows
from linkage.platforms.base import Platform, _split

DEVTO_SITE = "https://dev.to"
_DEVTO_USERNAME = re.compile(r"^[a-z0-9_]{1,30}$")
#: First path segments on dev.to that are pages, not people.
DEVTO_RESERVED = frozenset(
    [
        "api",
        "t",
        "tags",
        "search",
        "top",
        "latest",
        "enter",
        "settings",
        "about",
        "privacy",
        "terms",
        "code-of-conduct",
        "faq",
        "sponsors",
        "shop",
        "pod",
        "podcasts",
        "videos",
        "listings",
        "dashboard",
        "notifications",
        "readinglist",
        "new",
        "series",
        "contact",
        "feed",
        "signout_confirm",
        "users",
        "admin",
    ]
)


def _devto_normalise(name: str) -> str:
    name = (name or "").strip().lstrip("@").lower()
    if not _DEVTO_USERNAME.match(name) or name in DEVTO_RESERVED:
        raise ValueError("dev.to usernames are up to 30 letters, digits and '_'")
    return name


def _devto_from_url(url: str) -> str | None:
    parts = _split(url)
    if parts is None or (parts.hostname or "").lower() not in ("dev.to", "www.dev.to"):
        return None
    segments = [s for s in parts.path.split("/") if s]
    if len(segments) != 1:
        return None
    name = segments[0].lstrip("@").lower()
    return name if _DEVTO_USERNAME.match(name) and name not in DEVTO_RESERVED else None


DEVTO = Platform(
    "devto",
    "dev.to",
    "api",
    "a dev.to username, e.g. alice",
    _devto_normalise,
    _devto_from_url,
    lambda name: f"{DEVTO_SITE}/{name}",
    username_pattern=_DEVTO_USERNAME.pattern,
    # A username can be changed in Settings > Profile; a profile is always public; an
    # account can be deleted in Settings > Account ("Delete account").
    allows=Allows(rename=True, delete=True),
)
