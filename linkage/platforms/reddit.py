"""Reddit's handle rules: the username pattern, the ``u/`` / ``user/`` prefix a handle may
carry, the reddit.com hosts whose ``/user/NAME`` addresses name an account, and the
:data:`REDDIT` platform (``reddit:NAME`` or ``reddit:u/NAME``).
"""

from __future__ import annotations

import re
from urllib.parse import quote

from linkage.platforms.allows import Allows
from linkage.platforms.base import Platform, _split

REDDIT_WWW = "https://www.reddit.com"
REDDIT_NAME = re.compile(r"[A-Za-z0-9_-]{1,32}")
REDDIT_PREFIX = re.compile(r"^/?(?:u|user)/", re.I)
_REDDIT_HOSTS = {
    "reddit.com",
    "www.reddit.com",
    "old.reddit.com",
    "new.reddit.com",
    "np.reddit.com",
}


def _reddit_normalise(name: str) -> str:
    raw = name.strip()
    cleaned = REDDIT_PREFIX.sub("", raw).strip("/")
    if not REDDIT_NAME.fullmatch(cleaned):
        raise ValueError(
            f"'{raw}' is not a Reddit username (letters, digits, '_' and '-'; "
            "for example reddit:alice or reddit:u/alice)"
        )
    return cleaned.lower()


def _reddit_from_url(url: str) -> str | None:
    parts = _split(url)
    if parts is None or (parts.hostname or "").lower() not in _REDDIT_HOSTS:
        return None
    match = re.match(r"^/(?:u|user)/([A-Za-z0-9_-]{1,32})(?:/|$)", parts.path)
    return match.group(1) if match else None


REDDIT = Platform(
    "reddit",
    "Reddit",
    "api",
    "reddit:NAME or reddit:u/NAME",
    _reddit_normalise,
    _reddit_from_url,
    lambda name: f"{REDDIT_WWW}/user/{quote(name)}",
    username_pattern=f"^{REDDIT_NAME.pattern}$",
    # A username can never be changed (Reddit Help, "Can I change my username?"). A profile
    # cannot be made private (its posts and comments can be hidden from it: the advice to
    # hide its writing), so hiding one is deleting it (Settings > Account > Delete account).
    allows=Allows(delete=True),
)
