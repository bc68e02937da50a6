"""The sweep's own records: a site entry made ready to check, a loaded list, one result.

Every site-list format (the project's own, WhatsMyName, Sherlock, Maigret) is turned into
:class:`Site` objects by its loader; the engine and the rules only ever see these. Address and
body templates are compiled once, at load time, into :class:`Template` objects with a single
username slot, so a broken template is found before any request and filling one is a join.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import quote

#: The username slot inside compiled templates (survives ``json.dumps`` and URL building).
MARK = "{linkage:username}"
#: Characters left as they are when a username is put into an address.
URL_SAFE = "@"

FOUND, MISSING, UNKNOWN = "found", "missing", "unknown"
STATUSES = (FOUND, MISSING, UNKNOWN)


class BrokenEntry(ValueError):
    """A site entry that cannot be used (missing field, bad regex, bad template)."""


class Rule(Protocol):
    """A format's detection rule: an HTTP answer in, a verdict and a short reason out."""

    def judge(self, status: int, text: str) -> tuple[str, str]: ...


class Template:
    """Text with one username slot (``MARK``), split once so that filling it is a join."""

    __slots__ = ("parts",)

    def __init__(self, text: str) -> None:
        self.parts = text.split(MARK)

    @property
    def has_slot(self) -> bool:
        return len(self.parts) > 1

    def fill(self, value: str) -> str:
        return value.join(self.parts)

    def __repr__(self) -> str:
        return f"Template({MARK.join(self.parts)!r})"


def url_value(name: str) -> str:
    """A username as it goes into an address: percent-encoded except for ``@``."""
    return quote(name, safe=URL_SAFE)


def json_value(name: str) -> str:
    """A username as it goes inside a JSON string in a request body."""
    return json.dumps(name, ensure_ascii=False)[1:-1]


#: Request headers a site list may not set: the tool names itself, and the Host is ours.
_DROPPED_HEADERS = {"user-agent", "host", "content-length"}


@dataclass(slots=True, eq=False)
class Site:
    """One site, ready to check: where to ask, how, and how to read the answer."""

    name: str
    check: Template
    shown: Template
    rule: Rule
    method: str = "GET"
    body: Template | None = None
    headers: dict[str, str] = field(default_factory=dict)
    follow_redirects: bool = False
    pattern: re.Pattern[str] | None = None
    strip_chars: str = ""
    handle: Template | None = None
    tags: tuple[str, ...] = ()

    def username_for(self, username: str) -> str | None:
        """The username as this site wants it, or None when the site's rule refuses it."""
        name = username
        if self.strip_chars:
            name = "".join(ch for ch in name if ch not in self.strip_chars)
        if not name:
            return None
        if self.pattern is not None and self.pattern.search(name) is None:
            return None
        return name

    def request_url(self, name: str) -> str:
        return self.check.fill(url_value(name))

    def profile_url(self, name: str) -> str:
        return self.shown.fill(url_value(name))

    def request_body(self, name: str) -> bytes | None:
        if self.body is None:
            return None
        return self.body.fill(json_value(name)).encode("utf-8")

    def handle_for(self, name: str) -> str | None:
        return self.handle.fill(name) if self.handle is not None else None

    @property
    def rule_text(self) -> str:
        return self.pattern.pattern if self.pattern is not None else ""


@dataclass(slots=True)
class SiteList:
    """A loaded site list: usable sites, broken entries (name, reason), and how many were off."""

    format: str
    sites: list[Site]
    broken: list[tuple[str, str]] = field(default_factory=list)
    #: Entries the list turns off (WhatsMyName ``"valid": false``, ``disabled``).
    disabled: int = 0
    #: Entries that need what linkage does not do (Maigret: an account number rather than a
    #: username, Tor, I2P or DNS, a token fetched first).
    unsupported: int = 0
    #: Adult sites left out (the list marks them; ``linkage sweep --nsfw`` keeps them).
    adult: int = 0
    source: str = ""
    attribution: str = ""


@dataclass(slots=True)
class SweepResult:
    """One (username, site) check. :meth:`record` is the contract's sweep record."""

    username: str
    site: str
    url: str | None
    status: str
    http_status: int | None
    detail: str
    #: ``PLATFORM:NAME`` for a site the project has a collector for (own list only).
    handle: str | None = None
    #: The site's answer came from the sweep's cache (:mod:`collectors.sweep.cache`), not
    #: from asking it now. Not part of the record.
    cached: bool = False
    #: The username breaks the site's own rule for names (too long, a character it does not
    #: allow), so no account there can have it: not asked, and not a check that failed. The
    #: record says ``unknown`` with the reason, as the contract has it. Not part of the record.
    impossible: bool = False

    def record(self) -> dict[str, Any]:
        return {
            "username": self.username,
            "site": self.site,
            "url": self.url,
            "status": self.status,
            "http_status": self.http_status,
            "detail": self.detail,
        }


# -- helpers for the loaders: read one field of an entry or raise BrokenEntry ---------------------


def need_str(entry: dict[str, Any], key: str, *, empty_ok: bool = False) -> str:
    value = entry.get(key)
    if value is None:
        raise BrokenEntry(f"missing field '{key}'")
    if not isinstance(value, str) or (not value and not empty_ok):
        raise BrokenEntry(f"field '{key}' is not a non-empty text")
    return value


def opt_str(entry: dict[str, Any], key: str) -> str | None:
    value = entry.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise BrokenEntry(f"field '{key}' is not a text")
    return value


def need_code(entry: dict[str, Any], key: str) -> int:
    value = entry.get(key)
    if value is None:
        raise BrokenEntry(f"missing field '{key}'")
    if isinstance(value, bool) or not isinstance(value, int) or not 100 <= value <= 999:
        raise BrokenEntry(f"field '{key}' is not an HTTP status code")
    return value


def codes(entry: dict[str, Any], key: str) -> frozenset[int]:
    """A status code or a list of them (empty when the field is absent)."""
    value = entry.get(key)
    if value is None:
        return frozenset()
    items = value if isinstance(value, list) else [value]
    if not all(isinstance(v, int) and not isinstance(v, bool) and 100 <= v <= 999 for v in items):
        raise BrokenEntry(f"field '{key}' is not a status code or a list of them")
    return frozenset(items)


def texts(entry: dict[str, Any], *keys: str) -> tuple[str, ...]:
    """A text or a list of texts, from the first of ``keys`` present (all merged)."""
    found: list[str] = []
    for key in keys:
        value = entry.get(key)
        if value is None:
            continue
        items = value if isinstance(value, list) else [value]
        if not all(isinstance(v, str) for v in items):
            raise BrokenEntry(f"field '{key}' is not a text or a list of texts")
        found.extend(v for v in items if v)
    return tuple(dict.fromkeys(found))


def headers_of(entry: dict[str, Any], key: str = "headers") -> dict[str, str]:
    value = entry.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise BrokenEntry(f"field '{key}' is not an object of header texts")
    return {k: v for k, v in value.items() if k.lower() not in _DROPPED_HEADERS}


def regex_of(entry: dict[str, Any], key: str) -> re.Pattern[str] | None:
    value = entry.get(key)
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise BrokenEntry(f"field '{key}' is not a text")
    try:
        return re.compile(value)
    except (re.error, RecursionError, OverflowError) as exc:
        raise BrokenEntry(f"bad regular expression in '{key}' ({exc})") from None


def web_template(text: str, what: str) -> Template:
    """A compiled address template; it must be an http(s) address."""
    lowered = text.strip().lower()
    if not lowered.startswith(("http://", "https://")) or len(lowered) < 10:
        raise BrokenEntry(f"{what} is not an http(s) address")
    return Template(text.strip())


def method_of(value: Any, default: str) -> str:
    if value is None:
        return default
    if not isinstance(value, str) or value.upper() not in ("GET", "HEAD", "POST", "PUT"):
        raise BrokenEntry(f"unsupported request method {value!r}")
    return value.upper()


def body_template(payload: Any, substitute: Any) -> Template:
    """A request body: a text used as it is, or a JSON value serialised.

    ``substitute`` turns each text inside the payload into its compiled form (the format's
    username placeholder replaced by ``MARK``), before a JSON value is serialised, so that
    placeholders such as ``{}`` never meet JSON's own braces.
    """
    try:
        value = _each_text(payload, substitute)
        if isinstance(value, str):
            return Template(value)
        return Template(json.dumps(value, ensure_ascii=False, separators=(",", ":")))
    except (TypeError, ValueError, KeyError, IndexError, RecursionError) as exc:
        raise BrokenEntry(f"request body cannot be built ({exc})") from None


def _each_text(value: Any, substitute: Any) -> Any:
    if isinstance(value, str):
        return substitute(value)
    if isinstance(value, list):
        return [_each_text(v, substitute) for v in value]
    if isinstance(value, dict):
        return {k: _each_text(v, substitute) for k, v in value.items()}
    return value
