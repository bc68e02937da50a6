"""Maigret (``resources/data.json``): ``{"sites": {"Name": {...}}, "engines": {...}, "tags": [...]}``.

An entry with ``engine`` takes the fields of ``engines[<engine>].site`` as Maigret does (texts
and numbers replace, lists are joined, objects merged). ``url`` (shown) and ``urlProbe``
(requested) are Python format strings with ``{username}``, ``{urlMain}`` and ``{urlSubpath}``;
``checkType`` ``message`` = exists iff some ``presenseStrs`` text (also spelled
``presenceStrs``) is present, or there are none, and no ``absenceStrs`` text is present;
``status_code`` = 2xx (HEAD only with ``requestHeadOnly``); ``response_url`` = 2xx without
following redirects (and a presence text, if any). ``errors`` maps page texts to reasons the
check failed; ``ignore403`` lets a 403 be read by the rule. ``disabled`` entries, entries whose
``type`` is an identifier other than a username, ``protocol`` (tor, i2p, dns) entries and
``activation`` entries (which need a token dance first) are left out.
"""

from __future__ import annotations

from typing import Any

from collectors.sweep.detect import MaigretRule
from collectors.sweep.model import (
    MARK,
    BrokenEntry,
    Site,
    SiteList,
    body_template,
    headers_of,
    method_of,
    need_str,
    opt_str,
    regex_of,
    texts,
    web_template,
)

NAME = "maigret"
CHECK_TYPES = ("message", "status_code", "response_url")
ATTRIBUTION = "Site data from Maigret (https://github.com/soxoj/maigret), MIT licence."


def looks_like(data: Any) -> bool:
    return (
        isinstance(data, dict)
        and isinstance(data.get("sites"), dict)
        and isinstance(data.get("engines", {}), dict)
    )


def merged(entry: dict[str, Any], engines: dict[str, Any]) -> dict[str, Any]:
    """The entry with its engine's ``site`` fields applied, the way Maigret applies them."""
    engine_name = entry.get("engine")
    if not engine_name:
        return entry
    engine = engines.get(engine_name) if isinstance(engine_name, str) else None
    if not isinstance(engine, dict) or not isinstance(engine.get("site", {}), dict):
        raise BrokenEntry(f"unknown engine {engine_name!r}")
    result = dict(entry)
    for key, value in engine.get("site", {}).items():
        if isinstance(value, dict):
            current = result.get(key)
            result[key] = {**(current if isinstance(current, dict) else {}), **value}
        elif isinstance(value, list):
            current = result.get(key)
            result[key] = (current if isinstance(current, list) else []) + value
        else:
            result[key] = value
    return result


def _formatter(entry: dict[str, Any]):
    url_main = opt_str(entry, "urlMain") or ""
    subpath = opt_str(entry, "urlSubpath") or ""

    def fill(text: str) -> str:
        try:
            return text.format(urlMain=url_main, urlSubpath=subpath, username=MARK)
        except (KeyError, IndexError, ValueError, AttributeError) as exc:
            raise BrokenEntry(f"bad template {text!r} ({exc!r})") from None

    return fill


def unsupported(entry: dict[str, Any]) -> bool:
    """An entry that needs what linkage does not do: an identifier other than a username (an
    account number), a Tor, I2P or DNS lookup (``protocol``), or a token fetched first
    (``activation``)."""
    kind = entry.get("type")
    return (
        (kind is not None and kind != "username")
        or bool(entry.get("protocol"))
        or bool(entry.get("activation"))
    )


def site(name: str, entry: dict[str, Any]) -> Site:
    check_type = entry.get("checkType")
    if check_type not in CHECK_TYPES:
        raise BrokenEntry(f"unknown or missing checkType {check_type!r}")
    fill = _formatter(entry)
    shown = web_template(fill(need_str(entry, "url")), "url")
    probe = opt_str(entry, "urlProbe")
    check = web_template(fill(probe), "urlProbe") if probe else shown
    payload = entry.get("requestPayload")
    body = body_template(payload, fill) if payload is not None else None
    if not check.has_slot and not (body is not None and body.has_slot):
        raise BrokenEntry("no {username} in the address or the payload")
    errors = entry.get("errors") or {}
    if not isinstance(errors, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in errors.items()
    ):
        raise BrokenEntry("field 'errors' is not an object of texts")
    head = entry.get("requestHeadOnly") is True and check_type == "status_code"
    rule = MaigretRule(
        check_type=check_type,
        presence=texts(entry, "presenseStrs", "presenceStrs"),
        absence=texts(entry, "absenceStrs"),
        errors=tuple((k, v) for k, v in errors.items() if k),
        ignore403=entry.get("ignore403") is True,
    )
    tags = entry.get("tags")
    return Site(
        name=name,
        check=check,
        shown=shown,
        rule=rule,
        method=method_of(entry.get("requestMethod"), "HEAD" if head else "GET"),
        body=body,
        headers=headers_of(entry),
        follow_redirects=check_type != "response_url",
        pattern=regex_of(entry, "regexCheck"),
        tags=tuple(t for t in tags if isinstance(t, str)) if isinstance(tags, list) else (),
    )


#: Maigret's tags for adult sites (it has no single mark; "dating" sites are not among them).
ADULT_TAGS = frozenset({"porn", "erotic", "webcam"})


def is_adult(entry: dict[str, Any]) -> bool:
    tags = entry.get("tags")
    return isinstance(tags, list) and not ADULT_TAGS.isdisjoint(
        t for t in tags if isinstance(t, str)
    )


def load(data: dict[str, Any], adult: bool = True) -> SiteList:
    result = SiteList(format=NAME, sites=[], attribution=ATTRIBUTION)
    engines = data.get("engines") or {}
    for name, entry in data["sites"].items():
        if not isinstance(entry, dict):
            result.broken.append((name, "not a JSON object"))
            continue
        try:
            full = merged(entry, engines)
            if full.get("disabled") is True:
                result.disabled += 1
                continue
            if unsupported(full):
                result.unsupported += 1
                continue
            if not adult and is_adult(full):
                result.adult += 1
                continue
            result.sites.append(site(name, full))
        except BrokenEntry as exc:
            result.broken.append((name, str(exc)))
    return result
