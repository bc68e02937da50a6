"""The project's own format (``linkage/data/sites.json``); documented in ``collectors/sweep/README.md``.

``{"format": "linkage-sites", "version": 1, "sites": [...]}``; each site names both an
answer for an existing account (``found``) and one for a missing account (``missing``), each
a status (or list) with optional texts (``text``: any one must be present; ``absent``: none
may be); an answer that fits both or neither is "could not tell". ``{username}`` is the slot.
"""

from __future__ import annotations

import re
from typing import Any

from collectors.sweep.detect import Condition, NativeRule
from collectors.sweep.model import (
    MARK,
    BrokenEntry,
    Site,
    SiteList,
    Template,
    body_template,
    codes,
    headers_of,
    method_of,
    need_str,
    opt_str,
    regex_of,
    texts,
    web_template,
)
from linkage import platforms

NAME = "linkage"
FORMAT = "linkage-sites"
SLOT = "{username}"


def looks_like(data: Any) -> bool:
    return isinstance(data, dict) and data.get("format") == FORMAT


def _slot(text: str) -> str:
    return text.replace(SLOT, MARK)


def _condition(entry: dict[str, Any], key: str) -> Condition:
    value = entry.get(key)
    if not isinstance(value, dict):
        raise BrokenEntry(f"missing object '{key}'")
    status = codes(value, "status")
    if not status:
        raise BrokenEntry(f"'{key}' has no 'status'")
    return Condition(status=status, text=texts(value, "text"), absent=texts(value, "absent"))


def site(entry: dict[str, Any]) -> Site:
    name = need_str(entry, "name")
    shown = web_template(_slot(need_str(entry, "url")), "url")
    check_text = opt_str(entry, "check")
    check = web_template(_slot(check_text), "check") if check_text else shown
    payload = entry.get("body")
    body = body_template(payload, _slot) if payload is not None else None
    if not check.has_slot and not (body is not None and body.has_slot):
        raise BrokenEntry(f"no {SLOT} in 'check', 'url' or 'body'")
    follow = entry.get("follow_redirects", False)
    if not isinstance(follow, bool):
        raise BrokenEntry("'follow_redirects' is not true or false")
    handle = opt_str(entry, "handle")
    tags = entry.get("tags", [])
    return Site(
        name=name,
        check=check,
        shown=shown,
        rule=NativeRule(found=_condition(entry, "found"), missing=_condition(entry, "missing")),
        method=method_of(entry.get("method"), "POST" if body is not None else "GET"),
        body=body,
        headers=headers_of(entry),
        follow_redirects=follow,
        pattern=regex_of(entry, "username") or _platform_rule(handle),
        strip_chars=opt_str(entry, "strip") or "",
        handle=Template(_slot(handle)) if handle else None,
        tags=tuple(t for t in tags if isinstance(t, str)) if isinstance(tags, list) else (),
    )


def _platform_rule(handle: str | None) -> re.Pattern[str] | None:
    """The username rule of the platform a ``handle`` template names (``github:{username}``),
    from the platform table, for entries that give none of their own."""
    if not handle or ":" not in handle:
        return None
    platform = platforms.get(handle.partition(":")[0])
    if platform is None or platform.username_pattern is None:
        return None
    return re.compile(platform.username_pattern)


#: The tag that marks an adult site in the project's own format.
ADULT_TAG = "nsfw"


def is_adult(entry: dict[str, Any]) -> bool:
    tags = entry.get("tags")
    return isinstance(tags, list) and ADULT_TAG in tags


def load(data: dict[str, Any], adult: bool = True) -> SiteList:
    version = data.get("version", 1)
    if version != 1:
        raise BrokenEntry(f"version {version!r} of the {FORMAT} format is not known")
    sites = data.get("sites")
    if not isinstance(sites, list):
        raise BrokenEntry("'sites' is not a list")
    attribution = data.get("attribution")
    result = SiteList(
        format=NAME, sites=[], attribution=attribution if isinstance(attribution, str) else ""
    )
    for number, entry in enumerate(sites, 1):
        if not isinstance(entry, dict):
            result.broken.append((f"entry {number}", "not a JSON object"))
            continue
        label = entry.get("name") if isinstance(entry.get("name"), str) else f"entry {number}"
        if entry.get("disabled") is True:
            result.disabled += 1
            continue
        if not adult and is_adult(entry):
            result.adult += 1
            continue
        try:
            result.sites.append(site(entry))
        except BrokenEntry as exc:
            result.broken.append((label or f"entry {number}", str(exc)))
    return result
