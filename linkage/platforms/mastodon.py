"""Mastodon's (and the fediverse's) handle rules: ``@user@server.example`` split and checked
(:func:`split_handle`), the sites whose ``/@name`` addresses are not fediverse accounts, and
the :data:`MASTODON` platform (profile ``https://server.example/@user``).
"""

from __future__ import annotations

import contextlib
import re
from urllib.parse import urlsplit

from linkage.platforms.allows import Allows
from linkage.platforms.base import Platform, server_name

_FEDI_USER = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.-]{0,62}[A-Za-z0-9_])?")
_NOT_FEDIVERSE = "medium.com youtube.com tiktok.com threads.net threads.com substack.com figma.com"
#: Sites whose ``/@name`` addresses are not fediverse accounts.
NOT_FEDIVERSE = frozenset(f"{_NOT_FEDIVERSE} producthunt.com replit.com hashnode.com".split())


def split_handle(name: str) -> tuple[str, str]:
    """``@alice@example.social`` / ``alice@example.social`` → ``("alice", "example.social")``."""
    text = re.sub(r"^(?:acct:)?@?", "", (name or "").strip(), flags=re.I)
    user, sep, domain = text.partition("@")
    if not sep or not user or not domain:
        raise ValueError(f"'{name}' is not a Mastodon handle (expected @user@server.example)")
    if not _FEDI_USER.fullmatch(user):
        raise ValueError(f"'{user}' is not a valid fediverse username")
    return user, server_name(domain)


def _mastodon_normalise(name: str) -> str:
    user, domain = split_handle(name)
    return f"{user.lower()}@{domain}"


def _mastodon_from_url(url: str) -> str | None:
    with contextlib.suppress(ValueError, TypeError):
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").lower()
        if parts.scheme.lower() in ("http", "https") and not any(
            host == h or host.endswith("." + h) for h in NOT_FEDIVERSE
        ):
            match = re.fullmatch(r"/@([^/@]+)(?:@([^/@]+))?/?", parts.path)
            return "{}@{}".format(*split_handle(f"{match[1]}@{match[2] or host}"))  # type: ignore[index]
    return None


def _mastodon_profile_url(name: str) -> str | None:
    user, _, domain = name.partition("@")
    return f"https://{domain}/@{user}" if domain else None


MASTODON = Platform(
    "mastodon",
    "Mastodon",
    "api",
    "@user@server.example",
    _mastodon_normalise,
    _mastodon_from_url,
    _mastodon_profile_url,
    # A username cannot be changed in place (mastodon/mastodon#5645): moving to a new account
    # leaves the old one pointing at the new ("Moving or leaving accounts", Mastodon docs),
    # which ties them again. Locking an account only makes following it need approval: its
    # name, picture, bio, fields and public posts stay public, so hiding one is deleting it
    # (Preferences > Account > Delete account).
    allows=Allows(delete=True),
)
