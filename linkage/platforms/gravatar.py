"""Gravatar's handle rules: an email address (kept only as its hash), an MD5 or SHA-256 email
hash, or a profile name; the helpers that read the hash in a Gravatar picture address and the
name in a profile address (shared with the collectors), and the :data:`GRAVATAR` platform.
"""

from __future__ import annotations

import html
import re
from typing import Any
from urllib.parse import urlsplit

from linkage.platforms.allows import Allows
from linkage.platforms.base import Platform

GRAVATAR_HASH = re.compile(r"^(?:[0-9a-f]{32}|[0-9a-f]{64})$")
_GRAVATAR_SLUG = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_AVATAR_PATH = re.compile(
    r"^/avatar/([0-9a-fA-F]{32}|[0-9a-fA-F]{64})(?:\.(?:jpe?g|png|gif|webp))?/?$"
)
#: First path segments on gravatar.com that are pages, not profiles.
GRAVATAR_RESERVED = frozenset(
    [
        "avatar",
        "profile",
        "profiles",
        "site",
        "sites",
        "connect",
        "support",
        "blog",
        "about",
        "developers",
        "login",
        "signup",
        "emails",
        "images",
        "css",
        "js",
        "v3",
        "userimage",
    ]
)
_GRAVATAR_HINT = "an email address, its SHA-256 or MD5 hash, or a Gravatar profile name"


def email_hash(address: str) -> str:
    """Gravatar's hash of an email address: trimmed, lower-cased, SHA-256 hex."""
    import hashlib  # here: loading OpenSSL costs tens of ms, and most runs never hash

    return hashlib.sha256(address.strip().lower().encode("utf-8")).hexdigest()


def email_in(written: str) -> str | None:
    """The email address a Gravatar handle was written with (``gravatar:Ann@example.org``,
    ``gravatar:mailto:ann@example.org``), trimmed, as written; None when it names none (a hash,
    a profile name or address). The account's id holds only the address's hash."""
    platform, sep, name = (written or "").strip().partition(":")
    if not sep or platform.strip().lower() != "gravatar":
        return None
    name = name.strip()
    if name.lower().startswith("mailto:"):
        name = name[7:].strip()
    return name if _EMAIL.match(name) else None


def is_gravatar_host(host: str | None) -> bool:
    host = (host or "").lower().rstrip(".")
    return host == "gravatar.com" or host.endswith(".gravatar.com")


def gravatar_hash(url: Any) -> str | None:
    """The email hash in a Gravatar picture address (MD5 or SHA-256 hex), or None.

    Equal hashes on two accounts mean the same email address was used for both, which is
    strong linking evidence; the hash is never reversed.
    """
    if not isinstance(url, str):
        return None
    try:
        parts = urlsplit(html.unescape(url.strip()))
        host = parts.hostname
    except ValueError:
        return None
    if not is_gravatar_host(host):
        return None
    match = _AVATAR_PATH.match(parts.path)
    return match.group(1).lower() if match else None


def gravatar_slug(url: Any) -> str | None:
    """The profile name in a gravatar.com profile address, or None."""
    if not isinstance(url, str):
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if not is_gravatar_host(parts.hostname):
        return None
    segments = [s for s in parts.path.split("/") if s]
    if len(segments) != 1:
        return None
    slug = segments[0].lower()
    if slug in GRAVATAR_RESERVED or not _GRAVATAR_SLUG.match(slug):
        return None
    return slug


def _gravatar_normalise(name: str) -> str:
    name = (name or "").strip()
    if name.lower().startswith("mailto:"):
        name = name[7:].strip()
    if "@" in name:
        if not _EMAIL.match(name):
            raise ValueError("that is not a complete email address")
        return email_hash(name)
    lowered = name.lower()
    if GRAVATAR_HASH.match(lowered):
        return lowered
    if _GRAVATAR_SLUG.match(lowered) and lowered not in GRAVATAR_RESERVED:
        return lowered
    raise ValueError(f"expected {_GRAVATAR_HINT}")


GRAVATAR = Platform(
    "gravatar",
    "Gravatar",
    "api",
    _GRAVATAR_HINT,
    _gravatar_normalise,
    lambda url: gravatar_hash(url) or gravatar_slug(url),
    lambda name: f"https://gravatar.com/{name}",
    # Renaming is not advised: the profile is found by the hash of an e-mail address, which a
    # new profile address would not change. Only some sections of a profile can be hidden
    # (links, contact details, photos, verified accounts: the "section visibility" of
    # Gravatar's REST API), not its name, picture or text; the account (a WordPress.com one)
    # can be closed by its owner.
    allows=Allows(delete=True),
)
