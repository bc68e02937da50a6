"""Structured data about a page's owner: microformats (h-card, rel=me, h-entry), JSON-LD and
microdata (schema.org Person), with the small value helpers the web collector's readers share.

Pure and guarded like :mod:`collectors.webpage`, which uses it. No ``COLLECTOR`` here.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup

from collectors.text import clip, html_to_text
from collectors.webfeed import iso_from_text

_PERSON_TYPES = {"person", "schema:person", "http://schema.org/person", "https://schema.org/person"}
_MAX_JSON_DEPTH = 12
_MAX_NAME = 300


@dataclass
class PageEntry:
    """A post marked up on the page itself (an mf2 h-entry)."""

    text: str
    created_at: str | None = None
    url: str | None = None


# --- small value helpers ----------------------------------------------------------------


def plain(value: Any, limit: int = _MAX_NAME) -> str | None:
    """One line of plain text from a string that may hold markup or entities."""
    if not isinstance(value, str):
        return None
    text = value if "<" not in value and "&" not in value else html_to_text(value)[0]
    text = " ".join(text.split())
    return clip(text, limit) or None


def plain_block(value: Any) -> str | None:
    """Plain text (several lines allowed) from a string that may hold HTML."""
    if not isinstance(value, str):
        return None
    return clip(html_to_text(value)[0]) or None


def absolute(base: str, url: Any) -> str | None:
    """``url`` made absolute against ``base``, if it is a web address."""
    if not isinstance(url, str) or not url.strip():
        return None
    try:
        full = urljoin(base, url.strip())
        parts = urlsplit(full)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return full


def first_text(
    value: Any, keys: tuple[str, ...] = ("name", "@value", "value"), depth: int = 0
) -> str | None:
    """The first usable string in a JSON-LD / mf2 value (a string, an object or a list)."""
    if isinstance(value, str):
        return value.strip() or None
    if depth > _MAX_JSON_DEPTH:
        return None
    if isinstance(value, dict):
        for key in keys:
            found = first_text(value.get(key), keys, depth + 1) if key in value else None
            if found:
                return found
        return None
    if isinstance(value, list):
        for item in value[:20]:
            found = first_text(item, keys, depth + 1)
            if found:
                return found
    return None


def all_texts(value: Any, keys: tuple[str, ...] = ("url", "@id", "value")) -> list[str]:
    """Every string in a value that may be a string, an object or a list of either."""
    if isinstance(value, list):
        return [s for item in value[:100] for s in all_texts(item, keys)]
    found = first_text(value, keys)
    return [found] if found else []


# --- mf2 (h-card, rel=me, h-entry) ------------------------------------------------------


def parse_mf2(soup: BeautifulSoup, url: str) -> dict:
    """mf2py's reading of an already parsed page (it copies what it changes). The document
    must never be None: mf2py would then fetch ``url`` by itself."""
    import mf2py

    if soup is None:
        return {}
    parsed = mf2py.parse(doc=soup, url=url, metaformats=False)
    return parsed if isinstance(parsed, dict) else {}


def rels(mf2: dict, rel: str) -> list[str]:
    """The addresses of ``rel`` links (``<a>``, ``<link>``, ``<area>``), already absolute."""
    found = mf2.get("rels") if isinstance(mf2, dict) else None
    values = found.get(rel) if isinstance(found, dict) else None
    return [v for v in values if isinstance(v, str)] if isinstance(values, list) else []


def _is(item: dict, kind: str) -> bool:
    types = item.get("type")
    return isinstance(types, list) and kind in types and isinstance(item.get("properties"), dict)


def _own_items(items: Any, depth: int = 0, how: str = "top") -> Iterator[tuple[dict, str]]:
    """``(item, how)`` for every item on the page that speaks for the page itself, in document
    order, ``how`` saying where it was found: ``top`` (a top-level item), ``child`` (a child of
    an h-feed or of a plain container) or ``author`` (the ``author`` of an h-feed or h-entry). Never an h-cite (a cited or quoted item) or anything inside one, an
    item in any other property (``in-reply-to``, ``repost-of``, ``like-of``,
    ``quotation-of``, ``comment``, the people tagged in ``category``, a ``location``), the
    children of an h-entry (embedded replies and comments), or the properties of an h-card
    (its org or address)."""
    if depth > _MAX_JSON_DEPTH or not isinstance(items, list):
        return
    for item in items[:200]:
        if not isinstance(item, dict) or _is(item, "h-cite"):
            continue
        yield item, how
        if _is(item, "h-card"):
            continue
        authors = item["properties"].get("author") if _is_item(item) else None
        if isinstance(authors, list):
            cards = [a for a in authors if isinstance(a, dict)]
            yield from _own_items(cards, depth + 1, "author")
        if _is(item, "h-feed") or not any(_is(item, k) for k in ("h-entry", "h-card")):
            yield from _own_items(item.get("children"), depth + 1, "child")


def _is_item(item: dict) -> bool:
    return isinstance(item.get("type"), list) and isinstance(item.get("properties"), dict)


def _page_key(url: str) -> str:
    """An address for comparison: no scheme, no ``www.``, no fragment, no trailing slash."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url.strip().lower()
    host = (parts.hostname or "").lower().removeprefix("www.")
    port = f":{parts.port}" if parts.port and parts.port not in (80, 443) else ""
    path = parts.path.rstrip("/")
    return f"{host}{port}{path}" + (f"?{parts.query}" if parts.query else "")


def representative_hcard(mf2: dict, url: str) -> dict | None:
    """The page owner's h-card, by the published algorithm
    (microformats.org/wiki/representative-h-card-parsing) over every h-card that speaks for
    the page (:func:`_own_items`: never the author of a cited, quoted or replied-to item):

    1. the first h-card whose ``url`` and ``uid`` both are the page;
    2. else the first h-card with a ``url`` that is also a ``rel="me"`` link of the page;
    3. else the only h-card, if its ``url`` is the page.

    Beyond the published steps, so that a page without that markup still has an owner when
    one is clear: the first card whose ``url`` is on the page's own site, else the first
    ``author`` card of the page's h-feed or h-entries (who wrote the page's posts), else the
    only top-level card. Otherwise None: several unrelated cards (a blogroll, the people a
    page mentions) name no owner, and a card inside someone else's item is never used."""
    page = _page_key(url)
    own = [(item, how) for item, how in _own_items(mf2.get("items")) if _is(item, "h-card")]
    cards = [card for card, _ in own]
    for card in cards:
        urls, uids = mf_values(card, "url"), mf_values(card, "uid")
        if any(_page_key(u) == page for u in urls) and any(_page_key(u) == page for u in uids):
            return card
    me = {_page_key(u) for u in rels(mf2, "me")}
    for card in cards:
        if any(_page_key(u) in me for u in mf_values(card, "url")):
            return card
    if len(cards) == 1 and any(_page_key(u) == page for u in mf_values(cards[0], "url")):
        return cards[0]
    site = _page_key(url).split("/", 1)[0]
    for card in cards:
        if any(_page_key(u).split("/", 1)[0] == site for u in mf_values(card, "url")):
            return card
    authors = [card for card, how in own if how == "author"]
    top = [card for card, how in own if how == "top"]
    return authors[0] if authors else (top[0] if len(top) == 1 else None)


def mf_values(item: dict | None, prop: str) -> list[str]:
    """The string values of an mf2 property (nested items and e-* objects give their value)."""
    if not isinstance(item, dict):
        return []
    props = item.get("properties")
    values = props.get(prop) if isinstance(props, dict) else None
    if not isinstance(values, list):
        return []
    out = []
    for value in values[:50]:
        if isinstance(value, dict):
            value = value.get("value") if "html" not in value else value.get("html")
        if isinstance(value, str) and value.strip():
            out.append(value.strip())
    return out


def mf_text(item: dict | None, prop: str) -> str | None:
    return next((t for t in (plain(v) for v in mf_values(item, prop)) if t), None)


def mf_block(item: dict | None, prop: str) -> str | None:
    return next((t for t in (plain_block(v) for v in mf_values(item, prop)) if t), None)


def mf_urls(item: dict | None, prop: str, base: str) -> list[str | None]:
    return [absolute(base, v) for v in mf_values(item, prop)]


def mf_location(card: dict | None) -> str | None:
    if not isinstance(card, dict):
        return None
    sources = [card]
    props = card.get("properties")
    adrs = props.get("adr") if isinstance(props, dict) else None
    if isinstance(adrs, list):
        sources += [a for a in adrs if isinstance(a, dict)]
    for source in sources:
        parts = [mf_text(source, p) for p in ("locality", "region", "country-name")]
        text = ", ".join(p for p in parts if p)
        if text:
            return clip(text, _MAX_NAME)
    return mf_text(card, "label") if isinstance(card, dict) else None


def hentries(mf2: dict) -> list[PageEntry]:
    """The page's own posts: top-level h-entries and those of its h-feeds (never a replied-to,
    quoted or embedded comment entry, see :func:`_own_items`). A title-only entry (a list of
    post titles on a home page) gives its title."""
    entries = []
    for item, _ in _own_items(mf2.get("items")):
        if not _is(item, "h-entry"):
            continue
        props = item["properties"]
        content = props.get("content")
        html = None
        if isinstance(content, list) and content and isinstance(content[0], dict):
            html = content[0].get("html")
        text = html_to_text(html, drop_quotes=True)[0] if isinstance(html, str) else None
        text = text or mf_block(item, "summary") or mf_block(item, "content")
        name = mf_text(item, "name")
        if name and text and not text.startswith(name[:40]):
            text = f"{name}\n\n{text}"
        text = text or name
        if text:
            published = next(iter(mf_values(item, "published")), None)
            link = next(iter(mf_values(item, "url")), None)
            entries.append(PageEntry(text=text, created_at=iso_from_text(published), url=link))
    return entries


# --- JSON-LD and microdata --------------------------------------------------------------


def _json_blocks(soup: BeautifulSoup) -> list[Any]:
    blocks = []
    for tag in soup.find_all("script", limit=100):
        kind = tag.get("type")
        if not isinstance(kind, str) or kind.split(";")[0].strip().lower() != "application/ld+json":
            continue
        text = tag.string or tag.get_text() or ""
        text = re.sub(r"^\s*(<!--|<!\[CDATA\[)|(-->|\]\]>)\s*$", "", text.strip())
        for attempt in (text, re.sub(r",\s*([\]}])", r"\1", text)):
            try:
                blocks.append(json.loads(attempt, strict=False))
                break
            except (ValueError, RecursionError):
                continue
    return blocks


def _nodes(value: Any, depth: int = 0) -> Iterator[dict]:
    """Every object in a JSON-LD value, depth-first, in document order (bounded)."""
    if depth > _MAX_JSON_DEPTH:
        return
    if isinstance(value, dict):
        yield value
        for child in list(value.values())[:200]:
            yield from _nodes(child, depth + 1)
    elif isinstance(value, list):
        for child in value[:500]:
            yield from _nodes(child, depth + 1)


def _is_person(node: dict) -> bool:
    kind = node.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return any(isinstance(k, str) and k.strip().lower() in _PERSON_TYPES for k in kinds)


def people_in(soup: BeautifulSoup, microdata: list[Any]) -> list[dict]:
    """JSON-LD Person nodes (at any depth: @graph, author, mainEntity), then microdata ones
    (as extruct gives them, uniform), named ones first. Malformed JSON-LD blocks are skipped."""
    found = [n for block in _json_blocks(soup) for n in _nodes(block) if _is_person(n)]
    found += [n for item in microdata[:100] for n in _nodes(item) if _is_person(n)]
    named = [n for n in found if first_text(n.get("name"))]
    return named + [n for n in found if not first_text(n.get("name"))]


def ld_location(person: dict) -> str | None:
    for key in ("address", "homeLocation"):
        value = person.get(key)
        if isinstance(value, list):
            value = value[0] if value else None
        if isinstance(value, dict) and isinstance(value.get("address"), dict | str):
            value = value["address"] if not value.get("addressLocality") else value
        if isinstance(value, str):
            return plain(value)
        if isinstance(value, dict):
            keys = ("addressLocality", "addressRegion", "addressCountry")
            parts = [plain(first_text(value.get(k))) for k in keys]
            text = ", ".join(p for p in parts if p) or plain(first_text(value.get("name")))
            if text:
                return clip(text, _MAX_NAME)
    return None
