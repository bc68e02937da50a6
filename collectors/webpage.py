"""Reading a personal web page: h-card, rel="me", JSON-LD, OpenGraph, Twitter cards, feeds.

Pure functions, no fetching: :func:`decode_html` turns the fetched bytes into text (honouring
the HTTP charset, then ``<meta charset>``), :func:`parse_page` turns that text into a
:class:`PageInfo`. Nothing here raises on malformed input: every extractor is guarded, and a
page with no readable profile data gives an (almost) empty :class:`PageInfo`.

The web collector lives in :mod:`collectors.web`; feeds are read in :mod:`collectors.webfeed`.
This module defines no ``COLLECTOR``, so the registry does not take it for a platform.
"""

from __future__ import annotations

import codecs
import contextlib
import re
from dataclasses import dataclass, field
from typing import Any

from bs4 import BeautifulSoup, Tag
from bs4.dammit import EncodingDetector

from collectors.text import clip, urls_in_text
from collectors.webcard import (
    PageEntry,
    absolute,
    all_texts,
    first_text,
    hentries,
    ld_location,
    mf_block,
    mf_location,
    mf_text,
    mf_urls,
    parse_mf2,
    people_in,
    plain,
    plain_block,
    rels,
    representative_hcard,
)
from collectors.websocial import profile_link, x_link

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")
# WHATWG: these labels mean windows-1252 in browsers, whatever the page says.
_CP1252_LABELS = {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "us-ascii", "ascii"}
_SOCIAL_CONTAINERS = ("header", "footer", "nav", "aside")
_MAX_SOCIAL_LINKS = 50
_SOCIAL_ROLES = {"banner", "contentinfo", "navigation", "complementary"}
_SOCIAL_HINT = re.compile(r"social|contact|profiles?|elsewhere|follow|h-card|author|about", re.I)


@dataclass
class PageInfo:
    """What a page says about its owner. URLs are absolute; links are not yet filtered."""

    url: str
    title: str | None = None
    display_name: str | None = None
    name_from_title: bool = False
    bio: str | None = None
    location: str | None = None
    avatar: str | None = None
    icon: str | None = None
    rel_me: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    feeds: list[str] = field(default_factory=list)
    entries: list[PageEntry] = field(default_factory=list)


# --- decoding ---------------------------------------------------------------------------


def decode_html(content: bytes, content_type: str = "") -> str:
    """The page as text: a byte-order mark wins, then the HTTP charset, then ``<meta charset>``,
    then UTF-8, then windows-1252 (which never fails on bytes)."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le")):
        if content.startswith(bom):
            with contextlib.suppress(UnicodeDecodeError):
                return content[len(bom) :].decode(encoding)
    if content.startswith(codecs.BOM_UTF16_BE):
        with contextlib.suppress(UnicodeDecodeError):
            return content[2:].decode("utf-16-be")
    header = re.search(r";\s*charset\s*=\s*[\"']?([\w.:-]+)", content_type or "", re.I)
    candidates = [header.group(1) if header else None]
    with contextlib.suppress(Exception):
        candidates.append(EncodingDetector.find_declared_encoding(content, is_html=True))
    candidates += ["utf-8", "windows-1252"]
    for label in candidates:
        if not label:
            continue
        label = label.strip().lower()
        if label in _CP1252_LABELS:
            label = "windows-1252"
        try:
            return content.decode(label)
        except (ValueError, LookupError):  # undecodable, unknown or malformed label
            continue
    return content.decode("latin-1")


# --- the page ---------------------------------------------------------------------------


def parse_page(html: str, url: str) -> PageInfo:
    """Everything :class:`PageInfo` holds, read from the page text ``html`` fetched at ``url``."""
    info = PageInfo(url=url)
    with contextlib.suppress(Exception):  # every extractor is guarded; this is the last resort
        _read_page(info, html, url)
    return info


def _read_page(info: PageInfo, html: str, url: str) -> None:
    soup = BeautifulSoup(html, "lxml")
    base = url
    tag = soup.find("base", href=True)
    if isinstance(tag, Tag):
        base = absolute(url, tag.get("href")) or url
    meta = _guarded(_meta, {}, soup)
    structured = _guarded(_extruct, {}, html, base)
    for item in structured.get("opengraph") or []:
        for key, value in item.items() if isinstance(item, dict) else []:
            text = first_text(value)
            if isinstance(key, str) and not key.startswith("@") and text:
                meta.setdefault(key.lower(), text)
    mf2 = _guarded(parse_mf2, {}, soup, url)
    card = _guarded(representative_hcard, None, mf2, url)
    people = _guarded(people_in, [], soup, structured.get("microdata") or [])
    person = people[0] if people else {}

    info.title = _guarded(_title, None, soup)
    names = [
        mf_text(card, "name"),
        plain(first_text(person.get("name"))),
        _profile_name(meta),
        plain(meta.get("author")),
        plain(meta.get("og:title")),
    ]
    info.display_name = next((n for n in names if n), None)
    if info.display_name is None and info.title:
        info.display_name, info.name_from_title = info.title, True

    bios = [
        mf_block(card, "note"),
        plain_block(first_text(person.get("description"))),
        plain_block(meta.get("description")),
        plain_block(meta.get("og:description")),
    ]
    info.bio = _with_work(next((b for b in bios if b), None), card, person)
    info.location = mf_location(card) or ld_location(person)

    images = all_texts(person.get("image"), ("url", "contentUrl", "@id"))
    pictures = [
        *mf_urls(card, "photo", url),
        *[absolute(base, u) for u in images],
        absolute(base, meta.get("og:image")),
        absolute(base, meta.get("og:image:url")),
    ]
    info.avatar = next((p for p in pictures if p), None)
    info.icon = _guarded(_icon, None, soup, base)

    info.rel_me = [u for u in (absolute(url, r) for r in rels(mf2, "me")) if u]
    links: list[str | None] = list(info.rel_me)
    for node in people:
        links += [absolute(base, u) for u in all_texts(node.get("sameAs"))]
    links += mf_urls(card, "url", url) + mf_urls(card, "uid", url)
    links += [absolute(base, u) for p in people[:1] for u in all_texts(p.get("url"))]
    links += [x_link(meta.get("twitter:creator")), x_link(meta.get("twitter:site"))]
    links += _guarded(_note_links, [], soup, base, info.bio)
    links += urls_in_text(info.bio)
    links += _guarded(_social_links, [], soup, base)
    info.links = [profile_link(u) or u for u in links if u]
    info.feeds = _guarded(_feeds, [], soup, base)
    info.entries = _guarded(hentries, [], mf2)


def _guarded(func: Any, fallback: Any, *args: Any) -> Any:
    """Run one extractor; a malformed page must never stop the others."""
    try:
        return func(*args)
    except Exception:
        return fallback


def _title(soup: BeautifulSoup) -> str | None:
    tag = soup.find("title")
    return plain(tag.get_text()) if isinstance(tag, Tag) else None


def _meta(soup: BeautifulSoup) -> dict[str, str]:
    """``<meta name|property=... content=...>`` values, first one of each name winning."""
    found: dict[str, str] = {}
    for tag in soup.find_all("meta", limit=500):
        key = tag.get("property") or tag.get("name") or tag.get("itemprop")
        value = tag.get("content")
        if isinstance(key, str) and isinstance(value, str) and value.strip():
            found.setdefault(key.strip().lower(), value.strip())
    return found


def _extruct(html: str, base: str) -> dict[str, Any]:
    """OpenGraph (with its namespaced prefixes) and microdata, as extruct reads them."""
    import extruct

    data = extruct.extract(
        html.encode("utf-8"),
        base_url=base,
        syntaxes=["opengraph", "microdata"],
        uniform=True,
        errors="ignore",
    )
    return data if isinstance(data, dict) else {}


def _profile_name(meta: dict[str, str]) -> str | None:
    parts = [meta.get("profile:first_name"), meta.get("profile:last_name")]
    return plain(" ".join(p for p in parts if p)) or None


def _with_work(bio: str | None, card: dict | None, person: dict) -> str | None:
    """Add a job title and employer (shown on the page, but with no field of their own)."""
    job = mf_text(card, "job-title") or plain(first_text(person.get("jobTitle")))
    org = mf_text(card, "org") or plain(first_text(person.get("worksFor")))
    work = ", ".join(x for x in (job, org) if x)
    if not work:
        return bio
    if bio and all(x.lower() in bio.lower() for x in (job, org) if x):
        return bio
    return clip(f"{bio}\n{work}" if bio else work)


# --- links, icons and feeds in the markup -----------------------------------------------


def _rel(tag: Tag) -> list[str]:
    rel = tag.get("rel")
    if isinstance(rel, str):
        rel = rel.split()
    return [r.lower() for r in rel if isinstance(r, str)] if isinstance(rel, list) else []


def _icon(soup: BeautifulSoup, base: str) -> str | None:
    best: tuple[int, int, str] | None = None
    for tag in soup.find_all("link", href=True, limit=300):
        rels = _rel(tag)
        if "apple-touch-icon" in rels or "apple-touch-icon-precomposed" in rels:
            rank = 2
        elif "icon" in rels:
            rank = 1
        else:
            continue
        sizes = re.findall(r"(\d+)x\d+", str(tag.get("sizes") or ""))
        size = max((int(s) for s in sizes), default=0)
        href = absolute(base, tag.get("href"))
        if href and (best is None or (rank, size) > best[:2]):
            best = (rank, size, href)
    return best[2] if best else None


def _feeds(soup: BeautifulSoup, base: str) -> list[str]:
    """Autodiscovered feeds in page order, except comment feeds (other people's writing)."""
    found: list[str] = []
    for tag in soup.find_all(["link", "a"], href=True, limit=1000):
        kind = str(tag.get("type") or "").split(";")[0].strip().lower()
        if "alternate" not in _rel(tag) or kind not in FEED_TYPES:
            continue
        href = absolute(base, tag.get("href"))
        title = str(tag.get("title") or "").lower()
        if not href or href in found or "comment" in title or "/comments/" in href.lower():
            continue
        found.append(href)
    return found


def _note_links(soup: BeautifulSoup, base: str, bio: str | None) -> list[str | None]:
    """Links in the h-card's note (mf2 gives its text only): the note element whose text
    the bio starts with."""
    start = " ".join((bio or "").split())[:24]
    if not start:
        return []
    for element in soup.select(".h-card .p-note, .h-card .e-note", limit=20):
        if start in " ".join(element.get_text(" ").split()):
            return [absolute(base, a.get("href")) for a in element.find_all("a", href=True)]
    return []


def _social_links(soup: BeautifulSoup, base: str) -> list[str]:
    """Links to known profile addresses in the page's header, footer, navigation and
    sidebars (or anywhere, on a page without such parts)."""
    areas: list[Tag] = list(soup.find_all(_SOCIAL_CONTAINERS, limit=100))
    chosen = {id(t) for t in areas}  # identity: Tag equality compares whole subtrees
    for tag in soup.find_all(True, limit=20000):
        if not isinstance(tag, Tag) or id(tag) in chosen:
            continue
        role = str(tag.get("role") or "").lower()
        hints = " ".join([str(tag.get("id") or ""), *(tag.get("class") or [])])
        if role in _SOCIAL_ROLES or _SOCIAL_HINT.search(hints):
            areas.append(tag)
    if not areas:
        body = soup.find("body")
        areas = [body if isinstance(body, Tag) else soup]
    found: list[str] = []
    for area in areas:
        for anchor in area.find_all("a", href=True, limit=2000):
            link = profile_link(absolute(base, anchor.get("href")))
            if link and link not in found:
                found.append(link)
                if len(found) >= _MAX_SOCIAL_LINKS:
                    return found
    return found
