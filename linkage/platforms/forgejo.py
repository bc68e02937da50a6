"""Forgejo's and Gitea's handle rules on a server of anyone's: the :data:`FORGEJO` platform
(``forgejo:NAME@HOST``, also written ``gitea:NAME@HOST``, profile ``https://HOST/NAME``).

Codeberg runs Forgejo, and Gitea, which Forgejo was forked from, has the same usernames and
profile addresses, so the rules are Codeberg's (:mod:`linkage.platforms.codeberg`); a handle on
codeberg.org is Codeberg's own (``forgejo:NAME@codeberg.org`` is ``codeberg:NAME``).
"""

from __future__ import annotations

from linkage.platforms.base import Platform
from linkage.platforms.codeberg import CODEBERG_HOST, CODEBERG_USERNAME, FORGEJO_ALLOWS, HOSTED


def _forgejo_normalise(name: str) -> str:
    user, host = HOSTED.split(name)
    if host is None:
        raise ValueError(
            f"'{user}' does not name its server: write forgejo:NAME@HOST, for example "
            f"forgejo:{user}@git.example.org (on codeberg.org, codeberg:{user})"
        )
    return f"{user}@{host}"


def _profile_url(handle: str) -> str | None:
    return HOSTED.profile_url(handle) if "@" in handle else None


def _known_as(handle: str) -> tuple[str, str] | None:
    user, _, host = handle.partition("@")
    return ("codeberg", user) if host == CODEBERG_HOST else None


FORGEJO = Platform(
    "forgejo",
    "Forgejo",
    "api",
    "NAME@HOST, a username on a Forgejo or Gitea server, e.g. alex-example@git.example.org",
    _forgejo_normalise,
    profile_url=_profile_url,
    username_pattern=f"^{CODEBERG_USERNAME}$",
    from_any_host=HOSTED.name_anywhere,
    known_as=_known_as,
    allows=FORGEJO_ALLOWS,
)
