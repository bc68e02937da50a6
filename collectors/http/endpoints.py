"""The contract's endpoint override: ``--endpoint HOST=BASEURL`` / ``LINKAGE_ENDPOINTS``.

A mapped host is requested at ``BASEURL/PATH?QUERY`` with the original ``Host`` header; ``*``
maps every host. Redirects to a mapped base are turned back into their logical address, so the
rest of the client (guard, credentials, cache keys) sees the addresses a real run would.
Pure functions on the parsed mapping; no network, no ``requests``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import urljoin, urlsplit, urlunsplit

_HOST = re.compile(r"\*|[a-z0-9._~%-]+(:\d+)?|\[[0-9a-f:.]+\](:\d+)?")


def parse_endpoints(items: list[str] | str | None) -> dict[str, str]:
    """Parse ``HOST=BASEURL`` items (a list, or one comma-separated string)."""
    if not items:
        return {}
    if isinstance(items, str):
        items = [part for part in items.split(",") if part.strip()]
    mapping: dict[str, str] = {}
    for item in items:
        host, sep, base = item.strip().partition("=")
        host, base = host.strip().lower(), base.strip().rstrip("/")
        try:
            parts = urlsplit(base)
            base_ok = parts.scheme in ("http", "https") and bool(parts.hostname)
            base_ok = base_ok and not parts.query and not parts.fragment
        except ValueError:
            base_ok = False
        if not sep or not _HOST.fullmatch(host) or not base_ok:
            raise ValueError(
                f"'{item}' is not HOST=BASEURL (for example api.github.com=http://127.0.0.1:8080)"
            )
        mapping[host] = base
    return mapping


def map_url(endpoints: Mapping[str, str], url: str) -> tuple[str, str | None]:
    """The address actually requested for ``url``, and the Host header to send (if mapped)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    netloc = parts.netloc.rpartition("@")[2]
    base = endpoints.get(netloc.lower()) or endpoints.get(host)
    if base is None:
        base = endpoints.get("*")
    if base is None:
        return url, None
    path = parts.path or "/"
    target = base + path + (f"?{parts.query}" if parts.query else "")
    return target, netloc


def unmap_location(endpoints: Mapping[str, str], location: str, current: str) -> str:
    """Turn a redirect target on a mapped base back into its logical address."""
    absolute = urljoin(current, location)
    parts = urlsplit(absolute)
    cur = urlsplit(current)
    for host, base in endpoints.items():
        b = urlsplit(base)
        if (parts.scheme, parts.netloc) == (b.scheme, b.netloc) and parts.path.startswith(b.path):
            logical_host = cur.netloc if host == "*" else host
            rest = parts.path[len(b.path) :] or "/"
            return urlunsplit((cur.scheme, logical_host, rest, parts.query, ""))
    return absolute
