"""What a platform is: the :class:`Platform` record every platform module fills in, the kinds
of reader (``KINDS``), and the small helpers the platform modules share (a default handle rule,
a no-answer address rule, a forgiving address splitter, a server name read as browsers read
it).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from linkage.platforms.allows import NOTHING, Allows
from linkage.urls import ascii_host

#: What reads a platform: a collector (``api``), the web collector (``web``), or only an
#: importer for its export archive (``archive``).
KINDS = ("api", "web", "archive")

#: One label of a host name (Mastodon servers, Bluesky handles).
_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")


def server_name(text: str, *, port: bool = False) -> str:
    """A server's name as addresses carry it, read as browsers read it (IDNA 2008, lower case:
    ``Bücher.example`` is ``xn--bcher-kva.example``); with ``port``, ``HOST:PORT`` too.
    ``ValueError`` for a name no server can have."""
    host, number = text.strip(), ""
    if port and re.fullmatch(r".+:\d{1,5}", host):
        host, _, number = host.rpartition(":")
        if not 0 < int(number) < 65536:
            raise ValueError(f"'{text}' is not a valid server name (its port is out of range)")
    try:
        name = ascii_host(host)
    except UnicodeError:
        raise ValueError(f"'{text}' is not a valid server name") from None
    labels = name.split(".")
    if len(labels) < 2 or len(name) > 253 or not all(_LABEL.fullmatch(lb) for lb in labels):
        raise ValueError(f"'{text}' is not a valid server name")
    return f"{name}:{int(number)}" if number else name


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
    #: For a platform anyone may run a server of (:mod:`linkage.platforms.hosted`): the handle
    #: an address would name were its host such a server, used only to tell whether a link
    #: points at an account already in an audit; and the platform and handle a handle is
    #: better known as (``forgejo:alex@codeberg.org`` is ``codeberg:alex``).
    from_any_host: Callable[[str], str | None] = _none
    known_as: Callable[[str], tuple[str, str] | None] = _none
    #: The handle a new username makes in place of a handle (the advice to rename an
    #: account): by default the new name on the same server, where the handle names one
    #: (``NAME@SERVER``: Mastodon, a GitLab of one's own), else the name alone.
    renamed: Callable[[str, str], str] = None  # type: ignore[assignment]
    #: What the account's owner may do about it (rename it, make it private, delete it),
    #: which the advice keeps to; nothing, unless the platform module says so.
    allows: Allows = NOTHING

    @property
    def on_any_server(self) -> bool:
        """Whether anyone may run a server of the platform (GitLab, Forgejo)."""
        return self.from_any_host is not _none

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"{self.name}: kind must be one of {KINDS}")
        if self.normalise is None:
            object.__setattr__(self, "normalise", _plain(self.title, self.handle_hint))
        if self.renamed is None:
            object.__setattr__(self, "renamed", on_the_same_server)


def on_the_same_server(name: str, handle: str) -> str:
    """``name`` on the server ``handle`` names (``NAME@SERVER``), or alone."""
    server = handle.lstrip("@").partition("@")[2]
    return f"{name}@{server}" if server else name


def _split(url: str) -> Any:
    try:
        return urlsplit(url.strip())
    except (ValueError, AttributeError):
        return None
