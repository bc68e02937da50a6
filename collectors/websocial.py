"""Which web addresses are someone's profile on a known platform (for the web collector).

:func:`profile_link` recognises profile addresses (``github.com/NAME``, ``…/@NAME`` on
Mastodon-style servers, ``bsky.app/profile/NAME``, ``linkedin.com/in/NAME`` …) and returns
them in one canonical spelling (``twitter.com/NAME`` becomes ``x.com/NAME``); anything else,
such as a repository, a post or a share button, gives None. No ``COLLECTOR`` here.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from linkage.platforms.codeberg import CODEBERG_RESERVED
from linkage.platforms.gitlab import GITLAB_RESERVED

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")
_X_NAME = re.compile(r"^@?([A-Za-z0-9_]{1,15})$")
#: a GitHub username: letters, digits and single hyphens inside, up to 39 characters
_GITHUB_NAME = re.compile(r"^@?([A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38})$")
_SKIP_PREFIXES = ("www.", "m.", "mobile.", "old.", "new.")

# First path parts that are site pages, not people.
_RESERVED: dict[str, set[str]] = {
    "github.com": {
        "about",
        "features",
        "pricing",
        "login",
        "join",
        "orgs",
        "topics",
        "explore",
        "site",
        "marketplace",
        "sponsors",
        "settings",
        "notifications",
        "security",
        "contact",
        "apps",
        "collections",
        "trending",
        "enterprise",
        "pulls",
        "issues",
        "search",
        "readme",
        "events",
    },
    "gitlab.com": set(GITLAB_RESERVED),
    "codeberg.org": set(CODEBERG_RESERVED),
    "keybase.io": {"docs", "blog", "download", "_", "account", "team", "jobs", "inv"},
    "x.com": {
        "intent",
        "share",
        "home",
        "search",
        "hashtag",
        "i",
        "settings",
        "login",
        "explore",
        "notifications",
        "messages",
        "tos",
        "privacy",
        "compose",
        "signup",
        "about",
    },
    "instagram.com": {"p", "explore", "reel", "reels", "stories", "accounts", "about", "legal"},
    "facebook.com": {
        "sharer.php",
        "sharer",
        "share",
        "share.php",
        "dialog",
        "groups",
        "pages",
        "events",
        "watch",
        "login",
        "help",
        "policies",
        "privacy",
        "plugins",
        "tr",
        "hashtag",
        "marketplace",
    },
    "dev.to": {
        "t",
        "top",
        "search",
        "about",
        "privacy",
        "terms",
        "enter",
        "settings",
        "dashboard",
        "new",
        "faq",
        "latest",
        "code-of-conduct",
        "contact",
    },
}
_ONE_PART_HOSTS = set(_RESERVED) - {"x.com"}
_STACK_HOSTS = {
    "stackoverflow.com",
    "superuser.com",
    "serverfault.com",
    "askubuntu.com",
    "mathoverflow.net",
}


def _host(hostname: str) -> str:
    host = hostname.lower().rstrip(".")
    for prefix in _SKIP_PREFIXES:
        if host.startswith(prefix) and host.count(".") >= 2:
            return host[len(prefix) :]
    return host


def profile_link(url: str | None) -> str | None:
    """The canonical profile address ``url`` names on a known platform, or None."""
    if not isinstance(url, str) or len(url) > 2000:
        return None
    try:
        parts = urlsplit(url.strip())
        hostname = parts.hostname or ""
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not hostname:
        return None
    host = _host(hostname)
    segments = [s for s in parts.path.split("/") if s]
    if host == "twitter.com":
        host = "x.com"
    if host.endswith(".linkedin.com"):
        host = "linkedin.com"
    if host.endswith((".substack.com", ".medium.com")) and not segments:
        return f"https://{host}/"
    if not segments:
        return None
    first = segments[0]
    if len(segments) == 1 and first.startswith("@") and len(first) > 1:
        return f"https://{host}/{first}"
    if host == "facebook.com" and first == "profile.php":
        ids = parse_qs(parts.query).get("id")
        return f"https://facebook.com/profile.php?id={ids[0]}" if ids else None
    if host in _ONE_PART_HOSTS or host == "x.com":
        if len(segments) == 1 and _NAME.match(first) and first.lower() not in _RESERVED[host]:
            if host == "x.com" and not _X_NAME.match(first):
                return None
            return f"https://{host}/{first}"
        return None
    if host == "bsky.app" and len(segments) >= 2 and first == "profile":
        return f"https://bsky.app/profile/{segments[1]}"
    if host == "reddit.com" and len(segments) >= 2 and first in ("user", "u"):
        return f"https://reddit.com/user/{segments[1]}"
    if host == "news.ycombinator.com" and first == "user":
        ids = parse_qs(parts.query).get("id")
        return f"https://news.ycombinator.com/user?id={ids[0]}" if ids else None
    if host == "linkedin.com" and len(segments) >= 2 and first == "in":
        return f"https://linkedin.com/in/{segments[1]}"
    if (host in _STACK_HOSTS or host.endswith(".stackexchange.com")) and first == "users":
        if len(segments) >= 2 and segments[1].isdigit():
            return f"https://{host}/users/{segments[1]}"
        return None
    if host == "lobste.rs":
        if len(segments) == 1 and first.startswith("~") and len(first) > 1:
            return f"https://lobste.rs/{first}"
        if len(segments) == 2 and first == "u":
            return f"https://lobste.rs/~{segments[1]}"
    return None


def github_link(value: object) -> str | None:
    """``https://github.com/NAME`` from a profile's GitHub username field (``NAME`` or
    ``@NAME``); None for anything that cannot be one."""
    match = _GITHUB_NAME.match(value.strip()) if isinstance(value, str) else None
    return f"https://github.com/{match.group(1)}" if match else None


def x_link(value: object) -> str | None:
    """``https://x.com/NAME`` from a Twitter card's ``@NAME`` (or an x.com/twitter.com URL)."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    if value.startswith(("http://", "https://")):
        link = profile_link(value)
        return link if link and link.startswith("https://x.com/") else None
    match = _X_NAME.match(value)
    return f"https://x.com/{match.group(1)}" if match else None
