"""Defensive readers for platform answers: every field may be missing, null or of another type.

Real answers are not the documentation's examples: a string field comes back ``null``, ``""``,
a number or a list; bios carry HTML and entities; addresses are relative, protocol-relative or
``javascript:``; times are epoch numbers, ISO strings or garbage. Each reader takes any JSON
value and returns the usable value or an empty one (None, ``{}``, ``[]``, ``0.0``), and never
raises. Collectors read every field through these, so one policy holds everywhere:

- text is a non-blank string, stripped; ``plain`` also decodes entities, folds whitespace,
  drops control characters and caps the length (:func:`collectors.text.clip`);
- an address is an absolute ``http``/``https`` URL with a host (made absolute against a base
  when one is given); anything else is no address;
- a time is an ISO 8601 string as the platform wrote it, or Unix seconds turned into one.

Status-to-error mapping is not here: what a 404 means differs between platforms (no such
user, a deleted item, a later page gone), so each collector says it in its own words.
"""

from __future__ import annotations

import html
from datetime import datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from collectors.base import iso_from_epoch
from collectors.text import MAX_FIELD_CHARS, clip, tidy

#: Longer than any ISO 8601 time a platform writes; longer strings are not read as times.
_MAX_ISO = 40
#: Addresses longer than this are not addresses anyone shows.
MAX_URL = 2000
#: Unix seconds beyond this (year 5138) are milliseconds or garbage.
_MAX_EPOCH = 1e11


def as_dict(value: Any) -> dict[str, Any]:
    """``value`` if it is an object, else an empty one."""
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list[Any]:
    """``value`` if it is a list, else an empty one."""
    return value if isinstance(value, list) else []


def dig(data: Any, *keys: str) -> Any:
    """``data[k1][k2]...`` through objects only; None where anything is missing or mistyped."""
    for key in keys:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def text(value: Any) -> str | None:
    """A non-blank string, stripped; None for anything else (null, numbers, lists, '')."""
    if not isinstance(value, str):
        return None
    return value.strip() or None


def field(data: Any, key: str) -> str | None:
    """:func:`text` of ``data[key]``, when ``data`` is an object."""
    return text(data.get(key)) if isinstance(data, dict) else None


def plain(value: Any, limit: int = MAX_FIELD_CHARS, *, entities: bool = True) -> str | None:
    """Display text from a field that may hold entities (``&amp;``) and stray whitespace or
    control characters: decoded (unless ``entities`` is False, for platforms that send raw
    text), tidied and clipped to ``limit``. Not for HTML: use
    :func:`collectors.text.html_to_text` for fields that hold markup."""
    found = text(value)
    if found is None:
        return None
    return clip(tidy(html.unescape(found) if entities else found), limit) or None


def web(value: Any, base: str | None = None) -> str | None:
    """An absolute ``http``/``https`` address with a host, made absolute against ``base``
    (protocol-relative ``//host/path`` needs a base too); None for anything else."""
    url = text(value)
    if url is None or len(url) > MAX_URL:
        return None
    try:
        full = urljoin(base, url) if base else url
        parts = urlsplit(full)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return full


def iso(value: Any) -> str | None:
    """``value`` when it is an ISO 8601 time (as written, stripped), else None."""
    found = text(value)
    if found is None or len(found) > _MAX_ISO:
        return None
    try:
        datetime.fromisoformat(found.replace("Z", "+00:00"))
    except ValueError:
        return None
    return found


def epoch(value: Any) -> float:
    """Unix seconds from a number (not a bool, not NaN, not absurdly large); 0.0 otherwise."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return 0.0
    return float(value) if value == value and 0 < abs(value) < _MAX_EPOCH else 0.0


def iso_from_seconds(value: Any) -> str | None:
    """ISO 8601 (UTC) from Unix seconds read with :func:`epoch`; None when unusable."""
    seconds = epoch(value)
    return iso_from_epoch(seconds) if seconds else None
