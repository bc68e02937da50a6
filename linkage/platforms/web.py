"""Websites: the rules for a web address given as a handle (http or https, a host, no user
name or password), the short handle shown for a site (:func:`web_handle`), and the
:data:`WEB` platform the handle parser falls back to for addresses no other platform names.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from linkage.platforms.allows import Allows
from linkage.platforms.base import Platform, _none

_WEB_HINT = "a web address such as https://alice.example.org/"


def _web_normalise(name: str) -> str:
    raw = (name or "").strip()
    if not raw or any(ch.isspace() for ch in raw):
        raise ValueError(f"'{raw}' is not a web address (expected {_WEB_HINT})")
    if "://" not in raw:
        if ":" in raw.split("/")[0] and not raw.split("/")[0].rsplit(":", 1)[1].isdigit():
            raise ValueError(f"'{raw}' is not an http or https address")
        raw = "https://" + raw
    try:
        parts = urlsplit(raw)
        host = (parts.hostname or "").lower()
        port = parts.port
    except ValueError as exc:
        raise ValueError(f"'{raw}' is not a web address ({exc})") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise ValueError(f"'{raw}' is not an http or https address")
    if not host or ("." not in host and host != "localhost" and ":" not in host):
        raise ValueError(f"'{raw}' has no host name (expected {_WEB_HINT})")
    if parts.username or parts.password:
        raise ValueError(f"'{raw}' carries a user name or password; leave those out")
    netloc = f"[{host}]" if ":" in host else host
    if port is not None:
        netloc += f":{port}"
    return urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", parts.query, ""))


def web_handle(url: str) -> str:
    """The short handle shown for a website: host and path, without the scheme."""
    parts = urlsplit(url)
    return (parts.netloc + parts.path).rstrip("/")


#: Any website; the handle parser falls back to it for addresses no other platform names.
WEB = Platform(
    "web",
    "Website",
    "web",
    _WEB_HINT,
    _web_normalise,
    _none,
    lambda name: name,
    # The handle is the site's address, kept; the owner can take a page down or put it
    # behind a login, which is making it private.
    allows=Allows(private=True, delete=True, hide_words=("Take", " down or put it behind a login")),
)
