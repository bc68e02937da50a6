"""Handles on platforms that anyone may run a server of (GitLab, Forgejo and Gitea): ``NAME``
on the platform's best-known server, ``NAME@HOST`` on any other, or a profile's address.

One :class:`Hosted` per such platform holds what differs between them (the username rule, the
path of a profile's address, the best-known server); what is the same is here: ``NAME@HOST``
and ``https://HOST/NAME`` read alike, the server's name read as browsers read it (IDNA 2008,
lower case, a port allowed: :func:`~linkage.platforms.base.server_name`).

A profile's address on a host linkage does not know cannot be told from any other web page,
so ``https://HOST/NAME`` is read as an account only where the person names the platform
(``gitlab:https://git.example.org/alex``). :meth:`Hosted.name_anywhere` reads any address as a
profile on such a server, for one use only: to tell whether a link points at an account that
is already in the audit (:mod:`linkage.signals.crosslinks`).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from dataclasses import dataclass

from linkage.platforms.base import _split, server_name

_ADDRESS = re.compile(r"https?://", re.I)


@dataclass(frozen=True)
class Hosted:
    """What a self-hostable platform's handles are made of (see the module's docstring)."""

    title: str
    #: the platform's best-known server (``gitlab.com``, ``codeberg.org``)
    home: str
    #: the username checked, in lower case; ``ValueError`` with a reason that names the host
    check: Callable[[str, str], str]
    #: the username the path of a profile's address names (``/alex``, ``/alex.keys``), or None
    name_in_path: Callable[[str], str | None]

    def split(self, text: str) -> tuple[str, str | None]:
        """``NAME``, ``@NAME``, ``NAME@HOST`` or ``https://HOST/NAME`` -> the username (checked,
        lower case) and the server's name (None when none was given; the best-known server's
        name whether written with ``www.`` or not)."""
        text = (text or "").strip()
        if _ADDRESS.match(text):
            parts = _split(text)
            name = self.name_in_path(parts.path) if parts is not None else None
            if not name:
                raise ValueError(
                    f"'{text[:80]}' is not the address of a {self.title} profile "
                    "(https://HOST/NAME)"
                )
            host: str | None = parts.netloc.rpartition("@")[2]
        else:
            name, at, host = text.removeprefix("@").partition("@")
            host = host if at else None
        server = server_name(host, port=True) if host is not None else None
        if server == f"www.{self.home}":
            server = self.home
        return self.check(name, server or self.home), server

    def profile_url(self, handle: str) -> str:
        """``https://HOST/NAME`` of a handle (``NAME`` alone is on the best-known server)."""
        name, _, host = handle.partition("@")
        return f"https://{host or self.home}/{name}"

    def name_at_home(self, url: str) -> str | None:
        """The username a profile's address on the best-known server names (``www.`` or not),
        or None for any other address."""
        parts = _split(url)
        if parts is None or parts.scheme.lower() not in ("http", "https"):
            return None
        if (parts.hostname or "").lower() not in (self.home, "www." + self.home):
            return None
        return self.name_in_path(parts.path)

    def name_anywhere(self, url: str) -> str | None:
        """``NAME@HOST`` that ``url`` would name were its host a server of this platform, or
        None (see the module's docstring: never read as an account on its own)."""
        parts = _split(url)
        if parts is None or parts.scheme.lower() not in ("http", "https"):
            return None
        with contextlib.suppress(ValueError):
            name = self.name_in_path(parts.path)
            if name:
                return f"{name}@{server_name(parts.netloc.rpartition('@')[2], port=True)}"
        return None
