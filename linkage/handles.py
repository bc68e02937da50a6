"""Handles: ``PLATFORM:NAME``, or a profile address that maps to one (see the contract)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from linkage import platforms
from linkage.errors import UsageError

_URL = re.compile(r"^https?://", re.I)


@dataclass(frozen=True)
class Handle:
    platform: str
    name: str

    @property
    def id(self) -> str:
        return f"{self.platform}:{self.name}"

    def __str__(self) -> str:
        return self.id


def known_platforms_text() -> str:
    return ", ".join(p.name for p in platforms.handle_platforms())


def parse_handle(text: str) -> Handle:
    """Parse a handle typed by the user; :class:`UsageError` (exit 2) when it is not one."""
    raw = (text or "").strip()
    if not raw:
        raise UsageError(
            f"An empty handle was given. Write PLATFORM:NAME; known platforms: {known_platforms_text()}."
        )
    if _URL.match(raw):
        for platform in platforms.handle_platforms():
            if platform.kind == "web":
                continue
            try:
                name = platform.from_url(raw)
            except (ValueError, TypeError, AttributeError, IndexError):
                name = None  # a platform that cannot read the address does not own it
            if name:
                return _normalised(platform.name, name, raw)
        if platforms.get("web") is not None:
            return _normalised("web", raw, raw)
    platform, sep, name = raw.partition(":")
    platform = platform.strip().lower()
    if not sep or not platform or not re.fullmatch(r"[a-z0-9_-]+", platform):
        raise UsageError(
            f"'{raw}' is not a handle. Write PLATFORM:NAME (for example github:octocat) or a "
            f"profile address; known platforms: {known_platforms_text()}."
        )
    known = platforms.get(platform)
    if known is None or known.kind == "archive":
        raise UsageError(
            f"'{platform}' in '{raw}' is not a platform linkage knows. Known platforms: {known_platforms_text()}."
        )
    return _normalised(platform, name, raw)


def _normalised(platform: str, name: str, raw: str) -> Handle:
    known = platforms.get(platform)
    assert known is not None
    try:
        return Handle(platform, known.normalise(name))
    except ValueError as exc:
        raise UsageError(f"'{raw}' is not a valid handle: {exc}.") from None
