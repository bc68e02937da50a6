"""What a request is made of before it goes out: its address, which must be a web address
(:func:`web_address`), its query string from parameters (:func:`encode_params`), and the
request headers that carry credentials, never sent to another host (``SECRET_HEADERS``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import SplitResult, urlencode, urlsplit

from collectors.errors import BadResponse

#: Request headers that carry credentials: never sent to another host, never cached.
SECRET_HEADERS = {
    "authorization",
    "proxy-authorization",
    "cookie",
    "x-api-key",
    "api-key",
    "x-auth-token",
    "private-token",
}


def web_address(url: str) -> SplitResult:
    """``url`` split into parts, or :class:`BadResponse` when it is not an http(s) address."""
    try:
        parts = urlsplit(url)
        _ = parts.port  # raises for a malformed port
    except ValueError:
        parts = None
    if parts is None or parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise BadResponse(f"'{url}' is not a web address, so it was not fetched.")
    return parts


def encode_params(params: Mapping[str, Any]) -> str:
    """The query string of ``params``: lists repeat the key, None is left out, booleans are
    ``true``/``false``."""
    pairs: list[tuple[str, str]] = []
    for key, value in params.items():
        for item in value if isinstance(value, list | tuple) else [value]:
            if item is None:
                continue
            if isinstance(item, bool):
                item = "true" if item else "false"
            pairs.append((str(key), str(item)))
    return urlencode(pairs)
