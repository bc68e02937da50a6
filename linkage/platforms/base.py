"""What a platform is: the :class:`Platform` record every platform module fills in, the kinds
of reader (``KINDS``), and the small helpers the platform modules share (a default handle rule,
a no-answer address rule, a forgiving address splitter, a host-name label pattern).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

#: What reads a platform: a collector (``api``), the web collector (``web``), or only an
#: importer for its export archive (``archive``).
KINDS = ("api", "web", "archive")

#: One label of a host name (Mastodon servers, Bluesky handles).
_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")


def _plain(title: str, hint: str) -> Callable[[str], str]:
    def normalise(name: str) -> str:
        name = name.strip()
        if not name or any(ch.isspace() for ch in name):
            raise ValueError(f"'{name}' is not a {title} handle (expected {hint})")
        return name

    return normalise


def _none(_: str) -> None:
    return None


@dataclass(frozen=True)
class Platform:
    """One platform's identity. ``normalise`` raises ``ValueError`` (with a reason) for a
    malformed handle; ``from_url`` returns None for an address that is not this platform's."""

    name: str
    title: str
    kind: str
    handle_hint: str = "NAME"
    normalise: Callable[[str], str] = None  # type: ignore[assignment]
    from_url: Callable[[str], str | None] = _none
    profile_url: Callable[[str], str | None] = _none
    #: The username rule as a regular expression (for the sweep's list), where there is one.
    username_pattern: str | None = None
    #: For a platform read only from its export: the hosts of its profile pages (which show
    #: nothing to a visitor who has not signed in, so they are never read as websites) and
    #: the kind of export that is read instead.
    hosts: tuple[str, ...] = ()
    export: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"{self.name}: kind must be one of {KINDS}")
        if self.normalise is None:
            object.__setattr__(self, "normalise", _plain(self.title, self.handle_hint))


def _split(url: str) -> Any:
    try:
        return urlsplit(url.strip())
    except (ValueError, AttributeError):
        return None
