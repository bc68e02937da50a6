"""Web addresses in one canonical form, so that two spellings of one address compare equal.

Pure: the collectors use it to de-duplicate the links they read, the signals and remediation to
compare them.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_TRACKING = re.compile(
    r"^(utm_[a-z_]+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|yclid|twclid|mc_cid|mc_eid"
    r"|igshid|igsh|ref_src|ref_url|si|_hsenc|_hsmi|mkt_tok)$",
    re.I,
)
_TRACKING_X = re.compile(_TRACKING.pattern.replace("^(", "^(s|t|"), re.I)  # x.com share links
_X_HOSTS = {"x.com", "twitter.com", "mobile.twitter.com", "mobile.x.com"}
_BAD_HOST = re.compile(r"[<>\"'`{}|\\^\s/?#@\[\]]")


def normalise_url(url: str | None) -> str | None:
    """A canonical form of a web address, so that two spellings of one address compare equal.

    Adds a missing scheme, uses https, lower-cases the host, drops ``www.``, credentials,
    default ports, fragments, tracking parameters and a trailing slash. Returns None for
    anything that is not a web address. Idempotent: a normalised address normalises to itself.
    """
    if not url:
        return None
    url = url.strip().strip("<>\"'")
    if not url or any(ch.isspace() or not ch.isprintable() for ch in url):
        return None
    if url.startswith("//"):
        url = "https:" + url
    if "://" not in url:
        if url.lower().startswith(("mailto:", "javascript:", "data:", "tel:")):
            return None
        url = "https://" + url
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower().rstrip(".")
        port = parts.port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not host or _BAD_HOST.search(host):
        return None
    if ":" in host:  # an IPv6 literal
        try:
            host = f"[{ipaddress.IPv6Address(host).compressed}]"
        except ValueError:
            return None
    elif ("." not in host and host != "localhost") or "" in host.split("."):
        return None
    while host.startswith("www.") and "." in host[4:]:
        host = host[4:]
    netloc = host if port in (None, 80, 443) else f"{host}:{port}"
    path = re.sub(r"/{2,}", "/", parts.path or "").rstrip("/")
    path = re.sub(r"[<>\"']", lambda m: f"%{ord(m.group()):02X}", path)
    tracking = _TRACKING_X if host in _X_HOSTS else _TRACKING
    query = urlencode(
        [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not tracking.match(k)]
    )
    return urlunsplit(("https", netloc, path, query, ""))


def shown_url(url: str | None) -> str | None:
    """A web address as a profile wrote it, fit to store and to fetch: the scheme, host and
    path as written (a site may answer only at ``www.``, or only over http), with a scheme
    where it had none, and without credentials, fragment or tracking parameters. None for
    anything :func:`normalise_url` does not take for a web address."""
    if normalise_url(url) is None:
        return None
    url = (url or "").strip().strip("<>\"'")
    if url.startswith("//"):
        url = "https:" + url
    if "://" not in url:
        url = "https://" + url
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    netloc = f"[{host}]" if ":" in host else host
    if parts.port is not None:
        netloc += f":{parts.port}"
    tracking = _TRACKING_X if host.removeprefix("www.") in _X_HOSTS else _TRACKING
    query = urlencode(
        [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not tracking.match(k)]
    )
    return urlunsplit((parts.scheme.lower(), netloc, parts.path, query, ""))
