"""WhatsMyName (``wmn-data.json``): ``{"license", "authors", "categories", "sites": [...]}``.

An entry exists when the status equals ``e_code`` and the body contains ``e_string``; it is
missing when the status equals ``m_code`` and the body contains ``m_string``; redirects are
not followed; ``{account}`` is the username slot in ``uri_check`` and ``post_body`` (which
makes the request a POST); ``uri_pretty`` is the address shown; ``strip_bad_char`` characters
are removed from the username first; ``"valid": false`` entries are left out.
"""

from __future__ import annotations

from typing import Any

from collectors.sweep.detect import WmnRule
from collectors.sweep.model import (
    MARK,
    BrokenEntry,
    Site,
    SiteList,
    body_template,
    headers_of,
    need_code,
    need_str,
    opt_str,
    web_template,
)

NAME = "whatsmyname"
SLOT = "{account}"
ATTRIBUTION = (
    "WhatsMyName, Copyright (C) 2015-2026 Micah Hoffman and the WhatsMyName contributors "
    "(https://github.com/WebBreacher/WhatsMyName), licensed under CC BY-SA 4.0."
)


def looks_like(data: Any) -> bool:
    sites = data.get("sites") if isinstance(data, dict) else None
    return (
        isinstance(sites, list)
        and bool(sites)
        and any(isinstance(s, dict) and "uri_check" in s for s in sites[:20])
    )


def _slot(text: str) -> str:
    return text.replace(SLOT, MARK)


def site(entry: dict[str, Any]) -> Site:
    name = need_str(entry, "name")
    check = web_template(_slot(need_str(entry, "uri_check")), "uri_check")
    pretty = opt_str(entry, "uri_pretty")
    shown = web_template(_slot(pretty), "uri_pretty") if pretty else check
    post = entry.get("post_body")
    if post is not None and not isinstance(post, str):
        raise BrokenEntry("field 'post_body' is not a text")
    body = body_template(post, _slot) if post else None
    if not check.has_slot and not (body is not None and body.has_slot):
        raise BrokenEntry(f"neither 'uri_check' nor 'post_body' contains {SLOT}")
    rule = WmnRule(
        e_code=need_code(entry, "e_code"),
        e_string=need_str(entry, "e_string", empty_ok=True),
        m_code=need_code(entry, "m_code"),
        m_string=need_str(entry, "m_string", empty_ok=True),
    )
    strip = opt_str(entry, "strip_bad_char") or ""
    cat = entry.get("cat")
    return Site(
        name=name,
        check=check,
        shown=shown,
        rule=rule,
        method="POST" if body is not None else "GET",
        body=body,
        headers=headers_of(entry),
        follow_redirects=False,
        strip_chars=strip,
        tags=(cat,) if isinstance(cat, str) else (),
    )


#: The category WhatsMyName puts adult sites in.
ADULT_CATEGORY = "xx NSFW xx"


def is_adult(entry: dict[str, Any]) -> bool:
    return entry.get("cat") == ADULT_CATEGORY


def load(data: dict[str, Any], adult: bool = True) -> SiteList:
    result = SiteList(format=NAME, sites=[], attribution=ATTRIBUTION)
    for number, entry in enumerate(data["sites"], 1):
        if not isinstance(entry, dict):
            result.broken.append((f"entry {number}", "not a JSON object"))
            continue
        label = entry.get("name") if isinstance(entry.get("name"), str) else f"entry {number}"
        if entry.get("valid") is False:
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
