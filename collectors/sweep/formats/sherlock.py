"""Sherlock (``resources/data.json``): ``{"$schema": ..., "SiteName": {...}, ...}``.

``{}`` is the username slot in ``url`` (shown), ``urlProbe`` (requested, when given) and
``request_payload``; ``regexCheck`` must match the username or the site is skipped for it;
``errorType`` is ``status_code`` (exists iff 2xx and not in ``errorCode``; HEAD request),
``message`` (exists iff no ``errorMsg`` text in the body) or ``response_url`` (redirects not
followed; exists iff 2xx), or a list of these; other redirects are followed.
"""

from __future__ import annotations

from typing import Any

from collectors.sweep.detect import SherlockRule
from collectors.sweep.model import (
    MARK,
    BrokenEntry,
    Site,
    SiteList,
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

NAME = "sherlock"
SLOT = "{}"
KINDS = ("message", "status_code", "response_url")
ATTRIBUTION = "Site data from the Sherlock Project (https://github.com/sherlock-project/sherlock), MIT licence."


def looks_like(data: Any) -> bool:
    if not isinstance(data, dict) or "sites" in data:
        return False
    entries = [v for k, v in list(data.items())[:40] if not k.startswith("$")]
    return bool(entries) and any(
        isinstance(v, dict) and "errorType" in v and "url" in v for v in entries
    )


def _slot(text: str) -> str:
    return text.replace(SLOT, MARK)


def _kinds(entry: dict[str, Any]) -> tuple[str, ...]:
    value = entry.get("errorType")
    items = value if isinstance(value, list) else [value]
    if value is None or not items:
        raise BrokenEntry("missing field 'errorType'")
    if not all(isinstance(k, str) and k in KINDS for k in items):
        raise BrokenEntry(f"unknown errorType {value!r}")
    return tuple(items)


def site(name: str, entry: dict[str, Any]) -> Site:
    kinds = _kinds(entry)
    shown = web_template(_slot(need_str(entry, "url")), "url")
    probe = opt_str(entry, "urlProbe")
    check = web_template(_slot(probe), "urlProbe") if probe else shown
    payload = entry.get("request_payload")
    body = body_template(payload, _slot) if payload is not None else None
    if not check.has_slot and not (body is not None and body.has_slot):
        raise BrokenEntry(f"no {SLOT} in the address or the payload")
    error_msgs = texts(entry, "errorMsg")
    if "message" in kinds and not error_msgs:
        raise BrokenEntry("errorType 'message' without 'errorMsg'")
    default_method = "HEAD" if kinds == ("status_code",) and body is None else "GET"
    return Site(
        name=name,
        check=check,
        shown=shown,
        rule=SherlockRule(
            kinds=kinds, error_msgs=error_msgs, error_codes=codes(entry, "errorCode")
        ),
        method=method_of(entry.get("request_method"), default_method),
        body=body,
        headers=headers_of(entry),
        follow_redirects="response_url" not in kinds,
        pattern=regex_of(entry, "regexCheck"),
        tags=("nsfw",) if entry.get("isNSFW") is True else (),
    )


def is_adult(entry: dict[str, Any]) -> bool:
    """Sherlock marks adult sites ``"isNSFW": true`` (and skips them unless ``--nsfw``)."""
    return entry.get("isNSFW") is True


def load(data: dict[str, Any], adult: bool = True) -> SiteList:
    result = SiteList(format=NAME, sites=[], attribution=ATTRIBUTION)
    for name, entry in data.items():
        if name.startswith("$"):
            continue
        if not isinstance(entry, dict):
            result.broken.append((name, "not a JSON object"))
            continue
        if not adult and is_adult(entry):
            result.adult += 1
            continue
        try:
            result.sites.append(site(name, entry))
        except BrokenEntry as exc:
            result.broken.append((name, str(exc)))
    return result
