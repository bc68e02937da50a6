"""Codeberg's handle rules: the username pattern, the first path segments of codeberg.org that
are pages rather than people, and the :data:`CODEBERG` platform (``codeberg:NAME``, profile
``https://codeberg.org/NAME``).

Codeberg runs Forgejo. A Forgejo username (``modules/validation/helpers.go``,
``IsValidUsername``, with dots allowed as on Codeberg): letters, digits, ``-``, ``_`` and ``.``,
starting with a letter or digit, with no two of ``-``, ``_``, ``.`` in a row and none at the
end, up to 40 characters (``MaxSize(40)`` on the sign-up form). Names are unique whatever their
case (``LowerName``), so a handle is kept in lower case. ``models/user/user.go`` reserves the
names of the site's own pages (``reservedUsernames``) and names ending in ``.keys``, ``.gpg``,
``.rss``, ``.atom`` and ``.png`` (``reservedUserPatterns``: a user's keys, feeds and picture).
A profile's tabs are ``?tab=...`` on the same address, and ``/NAME/-/projects`` and
``/NAME/-/packages`` are parts of it; ``/NAME/REPO`` is a repository, not a person.
"""

from __future__ import annotations

import re

from linkage.platforms.allows import Allows
from linkage.platforms.base import Platform
from linkage.platforms.hosted import Hosted

CODEBERG_HOST = "codeberg.org"
CODEBERG_SITE = f"https://{CODEBERG_HOST}"
#: A Forgejo username as the sweep and the handle parser read it.
CODEBERG_USERNAME = r"[A-Za-z0-9](?:[A-Za-z0-9]|[-_.](?=[A-Za-z0-9])){0,39}"
_USERNAME = re.compile(CODEBERG_USERNAME)
_RESERVED_WORDS = (
    ". .. - .well-known api metrics v2 assets attachments avatar avatars repo-avatars captcha "
    "login org repo user admin explore issues pulls milestones notifications report_abuse "
    "favicon.ico manifest.json robots.txt sitemap.xml ssh_info swagger.v1.json ghost "
    "gitea-actions forgejo-actions"
)
#: First path segments of a Forgejo server that are pages, not people (``reservedUsernames``).
CODEBERG_RESERVED = frozenset(_RESERVED_WORDS.split())
#: Endings a username cannot have (``reservedUserPatterns``: keys, feeds, the picture).
RESERVED_ENDINGS = (".keys", ".gpg", ".rss", ".atom", ".png")
#: Pages of a profile under ``/NAME/-/``.
PROFILE_PAGES = frozenset({"projects", "packages"})
_RULE = (
    "usernames are up to 40 letters, digits, '-', '_' and '.', starting with a letter "
    "or digit, with no two of '-', '_' and '.' in a row and none at the end"
)


def valid_username(name: str) -> bool:
    """Whether ``name`` can be a Codeberg username (a reserved page name cannot)."""
    lower = name.lower()
    if not _USERNAME.fullmatch(name) or lower in CODEBERG_RESERVED:
        return False
    return not lower.endswith(RESERVED_ENDINGS)


def _checked(name: str, host: str) -> str:
    """``name`` as a Forgejo username on ``host``, in lower case; ``ValueError`` if it is not."""
    if not valid_username(name):
        shown = name[:60] or "an empty name"
        title = "Codeberg" if host == CODEBERG_HOST else "Forgejo"
        if name.lower() in CODEBERG_RESERVED:
            raise ValueError(f"'{shown}' is a page of {host}, not a username")
        if _USERNAME.fullmatch(name):
            raise ValueError(
                f"'{shown}' is not a {title} username (names ending in "
                f"{', '.join(RESERVED_ENDINGS)} are the addresses of a user's keys, feeds and "
                "picture)"
            )
        raise ValueError(f"'{shown}' is not a {title} username ({title} {_RULE})")
    return name.lower()


def _name_in_path(path: str) -> str | None:
    """The username a Forgejo profile's path names: ``/NAME``, ``/NAME/-/projects`` and the
    person's keys, feeds and picture (``/NAME.keys``); None for any other page."""
    segments = [s for s in path.split("/") if s]
    if len(segments) == 3 and segments[1] == "-" and segments[2] in PROFILE_PAGES:
        segments = segments[:1]  # /NAME/-/projects is a page of the profile
    if len(segments) != 1:
        return None  # a repository, a page under it, or the site itself
    name = segments[0]
    for ending in RESERVED_ENDINGS:  # the person's keys, feeds and picture: /NAME.keys is NAME's
        if name.lower().endswith(ending) and valid_username(name[: -len(ending)]):
            return name[: -len(ending)]
    return name if valid_username(name) else None


#: Forgejo's handles (on any Forgejo or Gitea server: :mod:`linkage.platforms.forgejo`)
HOSTED = Hosted("Forgejo", CODEBERG_HOST, _checked, _name_in_path)

#: What an account's owner may do on Forgejo (Codeberg's too): change the username (user
#: Settings > Account > "Change username"); make the account private (Settings > Profile >
#: "User visibility": private, "visible only to members of their organizations", one of the
#: modes every server allows unless its administrator narrows
#: ``[service] ALLOWED_USER_VISIBILITY_MODES``, Forgejo's configuration cheat sheet); delete
#: it (Settings > Account > "Delete your account").
FORGEJO_ALLOWS = Allows(rename=True, private=True, delete=True)


def _codeberg_normalise(name: str) -> str:
    return _checked((name or "").strip().removeprefix("@"), CODEBERG_HOST)


CODEBERG = Platform(
    "codeberg",
    "Codeberg",
    "api",
    "a Codeberg username, e.g. alex-example",
    _codeberg_normalise,
    HOSTED.name_at_home,
    lambda name: f"{CODEBERG_SITE}/{name}",
    username_pattern=f"^{CODEBERG_USERNAME}$",
    # Codeberg runs Forgejo: see FORGEJO_ALLOWS.
    allows=FORGEJO_ALLOWS,
)
