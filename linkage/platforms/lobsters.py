"""Lobsters' handle rules: the username pattern, the prefixes a handle may carry (``~``, ``@``,
``u/``), the ``lobste.rs/~NAME`` addresses, and the :data:`LOBSTERS` platform.
"""

from __future__ import annotations

import re

from linkage.platforms.allows import Allows
from linkage.platforms.base import Platform, _split

LOBSTERS_HOST = "lobste.rs"
LOBSTERS_BASE = f"https://{LOBSTERS_HOST}"
_LOBSTERS_USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,49}$")


def _lobsters_normalise(name: str) -> str:
    name = (name or "").strip()
    for prefix in ("~", "@", "u/", "/u/"):
        if name.startswith(prefix):
            name = name[len(prefix) :]
    if not _LOBSTERS_USERNAME.match(name):
        raise ValueError(
            "Lobsters usernames are letters, digits, '_' and '-', starting with a letter or digit"
        )
    return name


def _lobsters_from_url(url: str) -> str | None:
    parts = _split(url)
    if parts is None or (parts.hostname or "").lower() not in (
        LOBSTERS_HOST,
        "www." + LOBSTERS_HOST,
    ):
        return None
    match = re.match(r"^/(?:~|u/|%7[Ee])([A-Za-z0-9][A-Za-z0-9_-]{0,49})/?$", parts.path)
    return match.group(1) if match else None


LOBSTERS = Platform(
    "lobsters",
    "Lobsters",
    "api",
    "a Lobsters username, e.g. alice",
    _lobsters_normalise,
    _lobsters_from_url,
    lambda name: f"{LOBSTERS_BASE}/~{name}",
    username_pattern=_LOBSTERS_USERNAME.pattern,
    # Renaming is not advised: where the settings let a username be changed, the change goes
    # in the public moderation log as "changed own username from 'OLD' to 'NEW'"
    # (lobsters/lobsters, app/views/settings/index.html.erb), which ties the names again.
    # A profile is always public. Its owner can deactivate the account (Settings >
    # "Deactivate Account"), which hides its picture and "about" text and, with "Disown
    # stories/comments" ticked, moves its writing to "inactive-user"; its GitHub and Mastodon
    # links stay on the profile (app/views/users/show.html.erb) unless disconnected first:
    # the advice says so of those the profile shows.
    allows=Allows(
        delete=True,
        hide_words=("Deactivate", ' in its settings, ticking "Disown stories/comments"'),
        connections=("github", "mastodon"),
    ),
)
