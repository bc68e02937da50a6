"""The server a GitLab or Forgejo account is on: the platform's own public one (gitlab.com,
codeberg.org) or anyone's (a handle's ``NAME@HOST``, :mod:`linkage.platforms.hosted`).

A :class:`Server` gives the collectors what differs between servers: the site's and the API's
addresses, the name messages give it (the platform's for its public server, the host for any
other), and one request at a time to it. :func:`first_json` reads the first answer of a server
of anyone's: one that is a web page, or that has no such API, is a server that does not run
the platform, said so in plain words rather than as an account not found.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from collectors.base import CollectContext, read_json
from collectors.errors import BadResponse
from collectors.http import Response
from collectors.http.status_words import GONE

#: how often a request may be sent to one server (after the previous one ended), in seconds
INTERVAL = 0.5


@dataclass(frozen=True)
class Server:
    """One server of a platform: its host (``git.example.org``, a port allowed), the
    platform's title (``GitLab``), the name messages give it, and the API's path."""

    host: str
    platform: str
    title: str
    api_path: str

    @classmethod
    def of(cls, handle: str, home: Server) -> tuple[str, Server]:
        """The username and the server of a normalised handle: ``NAME`` on ``home``, or
        ``NAME@HOST`` on the server at HOST."""
        name, _, host = handle.partition("@")
        if not host or host == home.host:
            return name, home
        return name, cls(host, home.platform, host, home.api_path)

    @property
    def public(self) -> bool:
        """Whether this is the platform's own public server (its messages name the platform)."""
        return self.title != self.host

    @property
    def site(self) -> str:
        return f"https://{self.host}"

    @property
    def api(self) -> str:
        return f"{self.site}{self.api_path}"

    def handle(self, username: str) -> str:
        """The account's handle as the platform shows it, with the server's name when it is not
        the public one (``Alex@git.example.org``)."""
        return username if self.public else f"{username}@{self.host}"

    def paced(self, ctx: CollectContext) -> None:
        """One request at a time to this server, half a second apart."""
        ctx.http.configure_host(self.host, concurrency=1, interval=INTERVAL)

    def not_this_platform(self) -> BadResponse:
        return BadResponse(
            f"The server at {self.host} does not look like a {self.platform} server: it has no "
            f"{self.platform} API at {self.api}. Check the server's name in the handle (the "
            "part after @) and which software it runs: gitlab:NAME@HOST for a GitLab server, "
            "forgejo:NAME@HOST for a Forgejo or Gitea one."
        )


def first_json(
    ctx: CollectContext,
    server: Server,
    url: str,
    name: str,
    *,
    headers: Mapping[str, str],
    not_found_is_platform: Callable[[], bool] = lambda: False,
) -> Any:
    """The JSON of the first request to ``server``, as :func:`~collectors.base.fetch_json`
    reads it; on a server of anyone's, a web page, or a 404 or 410 where
    ``not_found_is_platform`` (asking the server's API whether it is there) says no, is
    :meth:`Server.not_this_platform`."""
    response = ctx.http.get(url, headers=headers)
    if not server.public and (
        (response.status == 200 and _web_page(response))
        or (response.status in GONE and not not_found_is_platform())
    ):
        raise server.not_this_platform()
    return read_json(response, name, server.title)


def _web_page(response: Response) -> bool:
    return response.content.lstrip()[:1] == b"<"
