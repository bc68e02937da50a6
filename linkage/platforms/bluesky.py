"""Bluesky's handle rules: an atproto handle (a domain name) or a DID, normalised by
:func:`normalise_actor`, the ``bsky.app/profile/…`` addresses, and the :data:`BLUESKY`
platform.
"""

from __future__ import annotations

import contextlib
import re
from urllib.parse import unquote, urlsplit

from linkage.platforms.allows import Allows
from linkage.platforms.base import _LABEL, Platform

_DID = re.compile(r"did:(?:plc:[a-z2-7]{24}|web:[a-z0-9.%:-]+)")


def is_handle(text: str) -> bool:
    """A syntactically valid atproto handle (a domain name with a letter-first TLD)."""
    labels = text.split(".")
    return (
        len(labels) >= 2
        and len(text) <= 253
        and all(_LABEL.fullmatch(label) for label in labels)
        and labels[-1][0].isalpha()
    )


def normalise_actor(name: str) -> str:
    """``@Alice.bsky.social`` → ``alice.bsky.social``; DIDs kept. ``ValueError`` if neither."""
    text = (name or "").strip().removeprefix("at://").removeprefix("@").rstrip("/").lower()
    if _DID.fullmatch(text) or is_handle(text):
        return text
    raise ValueError(
        f"'{name}' is not a Bluesky handle (expected alice.bsky.social or a did:plc:…)"
    )


def _bluesky_from_url(url: str) -> str | None:
    with contextlib.suppress(ValueError):
        parts = urlsplit(url.strip())
        match = re.fullmatch(r"/profile/([^/]+)/?", parts.path)
        if parts.scheme in ("http", "https") and parts.hostname in ("bsky.app", "www.bsky.app"):
            return normalise_actor(unquote(match[1])) if match else None
    return None


BLUESKY = Platform(
    "bluesky",
    "Bluesky",
    "api",
    "alice.bsky.social or did:plc:…",
    normalise_actor,
    _bluesky_from_url,
    lambda name: f"https://bsky.app/profile/{name}",
    # a handle is a domain name: a new one on Bluesky's own (one's own domain would tie it)
    renamed=lambda name, _: f"{name}.bsky.social",
    # A handle can be changed in Settings > Account > Handle. Every Bluesky account is
    # public (the "logged-out visibility" setting only asks apps not to show it), so hiding
    # one is deleting it (Settings > Account > Delete account).
    allows=Allows(rename=True, delete=True),
)
