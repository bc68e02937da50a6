"""Keybase's handle rules: the username pattern, the first path segments of keybase.io that
are pages rather than people, and the :data:`KEYBASE` platform (``keybase:NAME``).
"""

from __future__ import annotations

import re
from urllib.parse import quote

from linkage.platforms.allows import Allows
from linkage.platforms.base import Platform, _split

KEYBASE_SITE = "https://keybase.io"
_KEYBASE_NAME = re.compile(r"[A-Za-z0-9_]{1,32}")
_KEYBASE_RESERVED = {
    "docs",
    "blog",
    "download",
    "account",
    "login",
    "signup",
    "team",
    "jobs",
    "inv",
}


def _keybase_normalise(name: str) -> str:
    raw = name.strip()
    cleaned = raw.removeprefix("@")
    if not _KEYBASE_NAME.fullmatch(cleaned):
        raise ValueError(f"'{raw}' is not a Keybase username (letters, digits and '_')")
    return cleaned.lower()


def _keybase_from_url(url: str) -> str | None:
    parts = _split(url)
    if parts is None or (parts.hostname or "").lower() not in ("keybase.io", "www.keybase.io"):
        return None
    match = re.fullmatch(r"/([A-Za-z0-9_]{1,32})/?", parts.path)
    if not match or match.group(1).startswith("_") or match.group(1).lower() in _KEYBASE_RESERVED:
        return None
    return match.group(1)


KEYBASE = Platform(
    "keybase",
    "Keybase",
    "api",
    "keybase:NAME",
    _keybase_normalise,
    _keybase_from_url,
    lambda name: f"{KEYBASE_SITE}/{quote(name)}",
    username_pattern=f"^{_KEYBASE_NAME.pattern}$",
    # A username can never be changed (the proofs signed under it name it) and a profile is
    # always public; an account can be deleted (keybase.io, Settings > "delete my account", or
    # `keybase account delete`). Its links are proofs: one is revoked (`keybase revoke`, or
    # the profile page), not removed.
    allows=Allows(delete=True, proofs=True),
)
