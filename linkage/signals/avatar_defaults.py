"""Known default-picture addresses (a helper of the avatar signal).

A platform shows a stock picture to everyone who has not uploaded one; two accounts showing it
share nothing personal. Collectors mark such pictures (``Avatar.default``) where the platform
says so; this module also recognises the usual addresses of stock pictures, so that records
from elsewhere (an import, an older collector) are treated alike.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

#: path fragments of stock pictures, lower case (platform in brackets)
_PATH_MARKERS = (
    "/avatars/original/missing.png",  # Mastodon
    "/avatars/default",  # Reddit (/avatars/defaults/), many forums
    "avatar_default",  # Reddit (avatar_default_3.png), Forgejo/Gitea (/assets/img/avatar_default.png)
    "default_avatar",
    "default-avatar",
    "avatar-default",
    "defaultavatar",
    "default_profile",  # X / Twitter (default_profile_images/default_profile_400x400.png)
    "default-profile",
    "default_user",
    "default-user",
    "no_avatar",  # GitLab (/assets/no_avatar-….png)
    "no-avatar",
    "noavatar",
    "placeholder-avatar",  # Keybase (/images/no-photo/placeholder-avatar-180-x-180.png)
    "avatar-placeholder",
    "avatar_placeholder",
    "/no-photo/",
    "blank-profile",
    "blank_profile",
    "ghost-person",  # LinkedIn
    "ghost_person",
    "/identicons/",  # GitHub identicon addresses
    "/letter_avatar",  # Discourse letter avatars
    "/img/user.svg",  # Stack Exchange
)
#: services that draw a picture from a name or a hash (letter avatars, identicons, robots):
#: whatever they show, it is generated, not chosen
_GENERATOR_HOSTS = (
    "ui-avatars.com",
    "dicebear.com",
    "robohash.org",
    "boringavatars.com",
    "avatar.vercel.sh",
    "initials.me",
    "multiavatar.com",
    "pravatar.cc",  # stock photographs handed out as placeholders
)
#: Slack's stock pictures: ava_0001-512.png …
_SLACK = re.compile(r"/ava_\d{4}(?:-\d+)?\.png$")
#: Gravatar hashes that mean "no e-mail": md5 of the empty string, and all zeros
_EMPTY_GRAVATAR = {"d41d8cd98f00b204e9800998ecf8427e", "0" * 32, "0" * 64}


def _is_gravatar(host: str) -> bool:
    return host == "gravatar.com" or host.endswith(".gravatar.com")


def default_url(url: str | None) -> str | None:
    """A short reason when ``url`` is a known stock picture's address, else None."""
    if not url or not isinstance(url, str) or url.startswith("data:"):
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    path = parts.path.lower()
    if _is_gravatar(host):
        query = {k.lower(): v for k, v in parse_qs(parts.query.lower()).items()}
        forced = any(
            v in ("y", "1", "true") for v in query.get("f", []) + query.get("forcedefault", [])
        )
        digest = path.rsplit("/avatar/", 1)[-1].split(".")[0] if "/avatar/" in path else ""
        if forced or not digest or digest in _EMPTY_GRAVATAR:
            return "Gravatar's stock picture"
        return None
    if any(host == h or host.endswith("." + h) for h in _GENERATOR_HOSTS if "/" not in h):
        return "a generated picture (letters or a pattern drawn from a name)"
    if any(marker in path for marker in _PATH_MARKERS) or _SLACK.search(path):
        return "a platform's stock picture"
    if "redditmedia.com" in host and "default" in path:
        return "a platform's stock picture"
    return None
