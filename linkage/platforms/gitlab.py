"""GitLab's handle rules: the username pattern, the first path segments of a GitLab server that
are pages rather than people, and the :data:`GITLAB` platform (``gitlab:NAME`` on gitlab.com,
profile ``https://gitlab.com/NAME``; ``gitlab:NAME@HOST`` on the GitLab server at HOST, profile
``https://HOST/NAME``, see :mod:`linkage.platforms.hosted`).

A GitLab username (``Gitlab::PathRegex``): letters, digits, ``_``, ``-`` and ``.``, not
starting with ``-``, not ending with ``.``, ``.git`` or ``.atom``, up to 255 characters. Usernames are unique whatever their case, so a handle is kept in lower case.
``https://gitlab.com/users/NAME`` redirects to ``https://gitlab.com/NAME`` (GitLab's
``config/routes/user.rb``), and ``/users/NAME/activity`` and the other tabs under it are parts
of the same profile; addresses of groups and projects (``/group/project``, ``/-/...``) are not.
"""

from __future__ import annotations

import re

from linkage.platforms.allows import Allows
from linkage.platforms.base import Platform
from linkage.platforms.hosted import Hosted

GITLAB_HOST = "gitlab.com"
GITLAB_SITE = f"https://{GITLAB_HOST}"
#: A GitLab username as the sweep and the handle parser read it.
GITLAB_USERNAME = r"(?:[A-Za-z0-9_]|[A-Za-z0-9_.][A-Za-z0-9_.-]{0,253}[A-Za-z0-9_-])"
_USERNAME = re.compile(GITLAB_USERNAME)
_RESERVED_WORDS = (
    "- .well-known 404.html 422.html 500.html 502.html 503.html abuse_reports admin api "
    "apple-touch-icon.png apple-touch-icon-precomposed.png sitemap.xml sitemap.xml.gz "
    "assets autocomplete ci dashboard deploy.html explore favicon.ico favicon.png files groups "
    "health_check help import invites jwt login oauth profile projects public robots.txt s "
    "search sent_notifications sitemap slash-command-logo.png snippets u unsubscribes uploads "
    "users v2"
)
#: First path segments of a GitLab server that are pages, not people (``TOP_LEVEL_ROUTES``).
GITLAB_RESERVED = frozenset(_RESERVED_WORDS.split())
#: The tabs of a profile under ``/users/NAME/`` (``config/routes/user.rb``).
_TABS = (
    "activity calendar calendar_activities contributed followers following groups projects "
    "snippets starred"
)
PROFILE_TABS = frozenset(_TABS.split())
#: Second path segments under ``/users/`` that are sign-in pages, not people (Devise's routes).
_SIGN_IN_PAGES = (
    "almost_there auth confirmation edit identity_verification password sign_in sign_out "
    "sign_up terms unlock"
)
USERS_PAGES = frozenset(_SIGN_IN_PAGES.split())
#: Pages of a person at ``/NAME`` plus an ending: their SSH keys, GPG keys and activity feed
_OWN_PAGES = (".keys", ".gpg", ".atom")
_RULE = (
    "GitLab usernames are up to 255 letters, digits, '_', '-' and '.', not starting with '-' "
    "and not ending with '.', '.git' or '.atom'"
)


def valid_username(name: str) -> bool:
    """Whether ``name`` can be a GitLab username (a reserved page name cannot)."""
    if not _USERNAME.fullmatch(name) or name.lower() in GITLAB_RESERVED:
        return False
    return not name.lower().endswith((".git", ".atom"))


def _checked(name: str, host: str) -> str:
    """``name`` as a GitLab username on ``host``, in lower case; ``ValueError`` if it is not."""
    if not valid_username(name):
        shown = name[:60] or "an empty name"
        if name.lower() in GITLAB_RESERVED:
            raise ValueError(f"'{shown}' is a page of {host}, not a username")
        raise ValueError(f"'{shown}' is not a GitLab username ({_RULE})")
    return name.lower()


def _name_in_path(path: str) -> str | None:
    """The username a GitLab profile's path names: ``/NAME``, ``/users/NAME`` and its tabs, and
    the person's keys and activity feed (``/NAME.keys``); None for any other page."""
    segments = [s for s in path.split("/") if s]
    if len(segments) >= 2 and segments[0] == "users":
        # /users/NAME redirects to the profile; /users/NAME/activity is one of its tabs
        if segments[1] in USERS_PAGES or len(segments) > 3:
            return None
        if len(segments) == 3 and segments[2] not in PROFILE_TABS:
            return None
        segments = segments[1:2]
    if len(segments) != 1:
        return None  # a group's project, a page under /-/, or the site itself
    name = segments[0].removeprefix("@")
    for page in _OWN_PAGES:  # the person's keys and activity feed: /NAME.keys is NAME's
        if name.lower().endswith(page) and len(name) > len(page):
            name = name[: -len(page)]
            break
    return name if valid_username(name) else None


HOSTED = Hosted("GitLab", GITLAB_HOST, _checked, _name_in_path)


def _gitlab_normalise(name: str) -> str:
    user, host = HOSTED.split(name)
    return user if host in (None, GITLAB_HOST) else f"{user}@{host}"


GITLAB = Platform(
    "gitlab",
    "GitLab",
    "api",
    "a GitLab username, e.g. alex-example, or NAME@HOST on another GitLab server",
    _gitlab_normalise,
    HOSTED.name_at_home,
    HOSTED.profile_url,
    username_pattern=f"^{GITLAB_USERNAME}$",
    from_any_host=HOSTED.name_anywhere,
    # A username can be changed in User settings > Account. A private profile still shows
    # the name, the username and the avatar (GitLab docs, "User profile": "Make your user
    # profile page private"; gitlab-org/gitlab#234299), and linkage reads those of one
    # (collectors/gitlab.py), so hiding one is deleting it (User settings > Account).
    allows=Allows(rename=True, delete=True),
)
