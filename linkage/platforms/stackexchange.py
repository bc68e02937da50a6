"""Stack Exchange's handle rules: ``SITE/USERID`` on any site of the network, the short site
names and the domains they stand for (:func:`site_domain`), the ``/users/ID`` addresses, and
the :data:`STACKEXCHANGE` platform.
"""

from __future__ import annotations

import re

from linkage.platforms.allows import Allows
from linkage.platforms.base import Platform, _split

SE_SHORT = {
    "stackoverflow": "stackoverflow.com",
    "superuser": "superuser.com",
    "serverfault": "serverfault.com",
    "askubuntu": "askubuntu.com",
    "stackapps": "stackapps.com",
    "mathoverflow": "mathoverflow.net",
}
_SE_ROOTS = (*SE_SHORT.values(), "stackexchange.com")
_SE_LABEL = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
_SE_HANDLE = re.compile(r"^(?P<site>[^/\s]+)/(?:users/)?(?P<id>\d{1,10})(?:/[^/\s]*)?/?$")
_SE_HINT = "SITE/USERID, e.g. stackoverflow.com/12345 or math/678"


def site_domain(site: str) -> str | None:
    """The site's domain for a domain or API site name (``math`` → ``math.stackexchange.com``)."""
    if not isinstance(site, str):
        return None
    s = re.sub(r"^https?://", "", site.strip().lower().rstrip("."))
    s = s.split("/", 1)[0].removeprefix("www.")
    labels = s.split(".")
    if not s or not all(_SE_LABEL.match(label) for label in labels) or len(labels) > 5:
        return None
    if s == "stackexchange.com":
        return None  # the network's own pages; user ids there are account ids
    if any(s == root or s.endswith("." + root) for root in _SE_ROOTS):
        return s
    if s in SE_SHORT:
        return SE_SHORT[s]
    if len(labels) > 3:
        return None
    if labels[-1] in SE_SHORT:  # ru.stackoverflow, meta.superuser, meta.mathoverflow
        return f"{s}.{SE_SHORT[labels[-1]].rsplit('.', 1)[1]}"
    return f"{s}.stackexchange.com"


def split_name(name: str) -> tuple[str, str]:
    """``stackoverflow.com/12345`` → ``("stackoverflow.com", "12345")``."""
    domain, _, uid = name.rpartition("/")
    return domain, uid


def _se_normalise(name: str) -> str:
    raw = (name or "").strip()
    match = _SE_HANDLE.match(raw)
    if not match:
        raise ValueError(f"expected {_SE_HINT}")
    domain = site_domain(match.group("site"))
    if domain is None:
        raise ValueError(f"'{match.group('site')}' is not a Stack Exchange site")
    uid = int(match.group("id"))
    if uid <= 0:
        raise ValueError("the user id must be a positive number")
    return f"{domain}/{uid}"


def _se_from_url(url: str) -> str | None:
    parts = _split(url)
    if parts is None:
        return None
    host = (parts.hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    if not any(host == root or host.endswith("." + root) for root in _SE_ROOTS):
        return None
    domain = site_domain(host)
    match = re.match(r"^/users/(\d{1,10})(?:/[^/]*)?/?$", parts.path)
    if domain is None or not match or int(match.group(1)) <= 0:
        return None
    return f"{domain}/{int(match.group(1))}"


def _se_profile_url(name: str) -> str | None:
    domain, uid = split_name(name)
    return f"https://{domain}/users/{uid}"


STACKEXCHANGE = Platform(
    "stackexchange",
    "Stack Exchange",
    "api",
    _SE_HINT,
    _se_normalise,
    _se_from_url,
    _se_profile_url,
    # The handle is the site and the user's number, which never change (the display name can
    # be changed: the advice to remove the name shown); a profile is always public; a
    # profile can be deleted by its owner (Edit profile > Settings > Delete profile).
    allows=Allows(delete=True),
)
