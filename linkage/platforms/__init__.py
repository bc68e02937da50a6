"""The platform table: what a platform *is*, apart from how its data is fetched.

One :class:`Platform` per platform: its name (the ``PLATFORM`` of a ``PLATFORM:NAME`` handle),
its title for people, its kind (``api``: a collector reads it; ``web``: any website;
``archive``: only an export archive is read), its handle rules (:meth:`Platform.normalise`, a
hint for error messages, the username pattern the sweep uses), the profile address of a handle
(:meth:`Platform.profile_url`) and the handle a profile address names (:meth:`Platform.from_url`).

It is the one source that the collectors (``collectors/<platform>.py`` keep only *what to
fetch and how to read it*), the handle parser (:mod:`linkage.handles`), the signals, the
username sweep's built-in list and the report's labels read. Pure: no network, no collectors.

Each platform is one module here (``linkage/platforms/<platform>.py``: its constants, its
handle helpers and its ``Platform``); :mod:`linkage.platforms.base` holds the
:class:`Platform` class and the helpers they share. This package holds the table
(:data:`PLATFORMS`) and its lookups, and re-exports the names the rest of linkage imports from
``linkage.platforms``. To add a platform, add its module here, its entry in
:data:`PLATFORMS`, and its collector in ``collectors/``.
"""

from __future__ import annotations

from linkage.platforms.base import KINDS, Platform, _split
from linkage.platforms.bluesky import BLUESKY, is_handle, normalise_actor
from linkage.platforms.codeberg import CODEBERG, CODEBERG_RESERVED, CODEBERG_SITE
from linkage.platforms.devto import DEVTO, DEVTO_RESERVED, DEVTO_SITE
from linkage.platforms.facebook import FACEBOOK
from linkage.platforms.forgejo import FORGEJO
from linkage.platforms.github import (
    GITHUB,
    GITHUB_LOGIN,
    GITHUB_RESERVED,
    GITHUB_SITE,
    valid_login,
)
from linkage.platforms.gitlab import GITLAB, GITLAB_RESERVED, GITLAB_SITE
from linkage.platforms.gravatar import (
    GRAVATAR,
    GRAVATAR_HASH,
    GRAVATAR_RESERVED,
    email_hash,
    gravatar_hash,
    gravatar_slug,
    is_gravatar_host,
)
from linkage.platforms.hackernews import HACKERNEWS, HACKERNEWS_SITE
from linkage.platforms.instagram import INSTAGRAM
from linkage.platforms.keybase import KEYBASE, KEYBASE_SITE
from linkage.platforms.linkedin import LINKEDIN
from linkage.platforms.lobsters import LOBSTERS, LOBSTERS_BASE, LOBSTERS_HOST
from linkage.platforms.mastodon import MASTODON, NOT_FEDIVERSE, split_handle
from linkage.platforms.reddit import REDDIT, REDDIT_NAME, REDDIT_PREFIX, REDDIT_WWW
from linkage.platforms.stackexchange import SE_SHORT, STACKEXCHANGE, site_domain, split_name
from linkage.platforms.web import WEB, web_handle
from linkage.platforms.x import X

__all__ = [
    "ALIASES",
    "ARCHIVE_KINDS",
    "BLUESKY",
    "CODEBERG",
    "CODEBERG_RESERVED",
    "CODEBERG_SITE",
    "DEVTO",
    "DEVTO_RESERVED",
    "DEVTO_SITE",
    "FACEBOOK",
    "FORGEJO",
    "GITHUB",
    "GITHUB_LOGIN",
    "GITHUB_RESERVED",
    "GITHUB_SITE",
    "GITLAB",
    "GITLAB_RESERVED",
    "GITLAB_SITE",
    "GRAVATAR",
    "GRAVATAR_HASH",
    "GRAVATAR_RESERVED",
    "HACKERNEWS",
    "HACKERNEWS_SITE",
    "INSTAGRAM",
    "KEYBASE",
    "KEYBASE_SITE",
    "KINDS",
    "LINKEDIN",
    "LOBSTERS",
    "LOBSTERS_BASE",
    "LOBSTERS_HOST",
    "MASTODON",
    "NOT_FEDIVERSE",
    "PLATFORMS",
    "REDDIT",
    "REDDIT_NAME",
    "REDDIT_PREFIX",
    "REDDIT_WWW",
    "SE_SHORT",
    "STACKEXCHANGE",
    "WEB",
    "Platform",
    "X",
    "account_of",
    "accounts_anywhere",
    "canonical",
    "email_hash",
    "export_only",
    "get",
    "gravatar_hash",
    "gravatar_slug",
    "handle_platforms",
    "is_gravatar_host",
    "is_handle",
    "normalise_actor",
    "site_domain",
    "split_handle",
    "split_name",
    "title",
    "valid_login",
    "web_handle",
]

#: The kinds of data export the importers read (``collectors/archives``, one module each; a
#: test keeps the two in step), as an accounts file may name them.
ARCHIVE_KINDS = (
    "facebook-export",
    "instagram-export",
    "linkedin-export",
    "mastodon-archive",
    "reddit-export",
    "x-archive",
)


# -- the table ----------------------------------------------------------------------------------

PLATFORMS: dict[str, Platform] = {
    p.name: p
    for p in sorted(
        (
            GITHUB,
            GITLAB,
            MASTODON,
            REDDIT,
            BLUESKY,
            CODEBERG,
            DEVTO,
            GRAVATAR,
            HACKERNEWS,
            KEYBASE,
            LOBSTERS,
            STACKEXCHANGE,
            WEB,
            X,
            LINKEDIN,
            FACEBOOK,
            FORGEJO,
            INSTAGRAM,
        ),
        key=lambda p: p.name,
    )
}


def get(name: str) -> Platform | None:
    """The platform called ``name`` (any case), or None."""
    return PLATFORMS.get((name or "").lower())


def handle_platforms() -> list[Platform]:
    """The platforms a handle may name (those a collector reads), in name order."""
    return [p for p in PLATFORMS.values() if p.kind != "archive"]


#: Other names people give a platform: an export-only one ("twitter:name"), and Gitea, whose
#: servers are read as Forgejo's ("gitea:name@host" is "forgejo:name@host").
ALIASES = {"twitter": "x", "gitea": "forgejo"}


def export_only(name_or_url: str) -> Platform | None:
    """The export-only platform that a platform name ("x", "twitter") or a profile address
    (on x.com, www.linkedin.com, m.facebook.com …) is of, or None."""
    text = (name_or_url or "").strip().lower()
    if "://" not in text:
        platform = get(ALIASES.get(text, text))
        return platform if platform is not None and platform.export else None
    parts = _split(text)
    host = ((parts.hostname if parts else None) or "").rstrip(".")
    for platform in PLATFORMS.values():
        if any(host == h or host.endswith("." + h) for h in platform.hosts):
            return platform
    return None


#: the platform of a data export whose platform is not known (its kind was not named, and its
#: contents were not recognised or not read yet), and the title it is shown under
UNKNOWN_EXPORT = "archive"
UNKNOWN_EXPORT_TITLE = "Data export"


def title(name: str) -> str:
    """The title people know a platform by; a tidy guess for names not in the table."""
    platform = get(name)
    if platform is not None:
        return platform.title
    if name == UNKNOWN_EXPORT:
        return UNKNOWN_EXPORT_TITLE
    return name.replace("-", " ").title() if name else "Unknown"


def canonical(platform: str, handle: str) -> tuple[str, str]:
    """``(platform, handle)`` as the account is better known (``forgejo``,
    ``alex@codeberg.org`` -> ``codeberg``, ``alex``): a normalised handle, otherwise as given."""
    known = get(platform)
    moved = known.known_as(handle) if known is not None else None
    return moved or (platform, handle)


def accounts_anywhere(url: str) -> list[tuple[str, str]]:
    """``(platform, handle)`` of every account a link may name: :func:`account_of`'s, or else
    the accounts it would name were its host a GitLab or a Forgejo server
    (:mod:`linkage.platforms.hosted`; only for telling whether a link points at an account
    already in an audit)."""
    account = account_of(url)
    if account is not None:
        return [account]
    found = []
    for platform in handle_platforms():
        try:
            name = platform.from_any_host(url)
            if name:
                found.append(canonical(platform.name, platform.normalise(name)))
        except (ValueError, TypeError, AttributeError, IndexError):
            continue
    return list(dict.fromkeys(found))


def account_of(url: str) -> tuple[str, str] | None:
    """``(platform, handle)`` of the account a profile address names (handle normalised), or
    None when no platform (websites aside) recognises it."""
    for platform in handle_platforms():
        if platform.kind == "web":
            continue
        try:
            name = platform.from_url(url)
            if name:
                return platform.name, platform.normalise(name)
        except (ValueError, TypeError, AttributeError, IndexError):
            continue  # a platform that cannot read the address does not own it
    return None
