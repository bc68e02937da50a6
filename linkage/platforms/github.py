"""GitHub's handle rules: the login pattern, the first path segments of github.com that are
pages rather than people, and the :data:`GITHUB` platform (``github:LOGIN``, profile
``https://github.com/LOGIN``).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from linkage.platforms.allows import Allows
from linkage.platforms.base import Platform

GITHUB_SITE = "https://github.com"
#: A GitHub login: 1 to 39 letters, digits and single hyphens, not starting or ending with one.
GITHUB_LOGIN = r"[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}"
_LOGIN = re.compile(GITHUB_LOGIN)
_RESERVED_WORDS = (
    "about account apps blog codespaces collections contact copilot customer-stories "
    "dashboard enterprise enterprises events explore features gist github issues join login "
    "logout marketplace new notifications organizations orgs pricing pulls readme search "
    "security sessions settings signup site sponsors stars team teams topics trending users "
    "watching"
)
#: First path segments on github.com that are pages, not people.
GITHUB_RESERVED = frozenset(_RESERVED_WORDS.split())


def valid_login(name: str) -> bool:
    return bool(_LOGIN.fullmatch(name))


def _github_normalise(name: str) -> str:
    name = name.strip().removeprefix("@")
    if not valid_login(name):
        raise ValueError(
            f"'{name[:60]}' is not a GitHub username (1 to 39 letters, digits and single "
            "hyphens, not starting or ending with a hyphen)"
        )
    return name.lower()


def _github_from_url(url: str) -> str | None:
    try:
        parts = urlsplit(url.strip() if "://" in url else f"https://{url.strip()}")
        host = (parts.hostname or "").lower()
    except (ValueError, AttributeError):
        return None
    if parts.scheme not in ("http", "https") or host not in ("github.com", "www.github.com"):
        return None
    segments = [s for s in parts.path.split("/") if s]
    if not segments or segments[0].lower() in GITHUB_RESERVED or not valid_login(segments[0]):
        return None
    return segments[0]


GITHUB = Platform(
    "github",
    "GitHub",
    "api",
    "a GitHub username such as octocat",
    _github_normalise,
    _github_from_url,
    lambda name: f"{GITHUB_SITE}/{name}",
    username_pattern=f"^{GITHUB_LOGIN}$",
    # A username can be changed in Settings > Account ("Changing your GitHub username",
    # GitHub Docs). A private profile still shows the bio, the profile photo and the README
    # ("Setting your profile to private", GitHub Docs), so hiding one is deleting it.
    allows=Allows(rename=True, delete=True),
)
