"""Reading RSS and Atom feeds of blogs and personal sites (for the web collector).

:func:`parse_feed` is pure: it reads bytes the collector already fetched (feedparser is
given a stream, never an address or a file name, so it cannot fetch anything itself) and
returns a :class:`FeedInfo`. It never raises. No ``COLLECTOR`` here.
"""

from __future__ import annotations

import calendar
import io
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from collectors import read
from collectors.base import iso_from_epoch
from collectors.text import clip, html_to_text

# Blogger's stand-in pictures for authors without a photo.
_DEFAULT_PICTURES = ("blogblog.com/img/b16-rounded.gif", "blogblog.com/img/blank.gif")
_MARKUP = re.compile(r"</?(p|pre|div|br|a|blockquote|code|span|img|script|style)\b", re.I)
_UNKNOWN_AUTHORS = {"unknown", "anonymous", "admin", "noreply@blogger.com"}


@dataclass
class FeedEntry:
    text: str
    created_at: str | None = None
    url: str | None = None


@dataclass
class FeedInfo:
    """A parsed feed: its posts, where the next page is, and what it says about its author."""

    is_feed: bool = False
    title: str | None = None
    entries: list[FeedEntry] = field(default_factory=list)
    next_url: str | None = None
    author_name: str | None = None
    author_url: str | None = None
    author_image: str | None = None
    image: str | None = None


def iso_from_text(value: Any) -> str | None:
    """ISO 8601 from an ISO-like or RFC 822 date string, or None. A time the text gives with a
    non-zero offset keeps it (the writer's own time zone, which the time-zone signal reads);
    any other time is given in UTC (``…Z``)."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    try:
        parsed = parsed.replace(microsecond=0)
        if parsed.utcoffset():
            return parsed.isoformat()
        return parsed.astimezone(UTC).isoformat().replace("+00:00", "Z")
    except (OverflowError, ValueError):
        return None


def _iso_from_struct(value: Any) -> str | None:
    try:
        return iso_from_epoch(calendar.timegm(value))
    except (TypeError, ValueError, OverflowError):
        return None


def is_default_picture(url: str | None) -> bool:
    return bool(url) and any(mark in url for mark in _DEFAULT_PICTURES)  # type: ignore[operator]


def entry_text(entry: Any) -> str:
    """An entry's writing as plain text: title, then content (code and quotes removed)."""
    html = None
    contents = entry.get("content")
    if isinstance(contents, list):
        bodies = [c for c in contents if isinstance(c, dict) and isinstance(c.get("value"), str)]
        html_bodies = [c for c in bodies if "html" in str(c.get("type") or "")]
        chosen = (html_bodies or bodies)[:1]
        html = chosen[0]["value"] if chosen else None
    if not html:
        html = read.text(entry.get("summary"))
    text = html_to_text(html, drop_quotes=True, drop_code=True)[0] if html else ""
    if _MARKUP.search(text):  # escaped twice (some feeds do; broken ones too)
        text = html_to_text(text, drop_quotes=True, drop_code=True)[0]
    title = html_to_text(read.text(entry.get("title")))[0]
    title = " ".join(title.split())
    if title and not text.startswith(title[:40]):
        text = f"{title}\n\n{text}" if text else title
    return clip(text) or ""


def parse_feed(content: bytes, url: str, content_type: str = "") -> FeedInfo:
    """Read an RSS/Atom document fetched from ``url``; ``is_feed`` is False if it is none."""
    try:
        return _parse(content, url, content_type)
    except Exception:
        return FeedInfo()


def _parse(content: bytes, url: str, content_type: str) -> FeedInfo:
    import feedparser

    if not isinstance(content, bytes | bytearray) or not content.strip():
        return FeedInfo()
    headers = {"content-location": url, "content-type": content_type or "application/xml"}
    parsed = feedparser.parse(io.BytesIO(bytes(content)), response_headers=headers)
    feed = parsed.get("feed") if isinstance(parsed.get("feed"), dict) else {}
    entries = parsed.get("entries") if isinstance(parsed.get("entries"), list) else []
    info = FeedInfo(is_feed=bool(parsed.get("version")) or bool(entries))
    if not info.is_feed:
        return info
    info.title = read.text(feed.get("title"))
    for entry in entries[:500]:
        if not isinstance(entry, dict):
            continue
        text = entry_text(entry)
        if not text:
            continue
        # dict.get: feedparser's own get() warns when it maps one date field to another
        when = dict.get(entry, "published_parsed") or dict.get(entry, "updated_parsed")
        stamp = dict.get(entry, "published") or dict.get(entry, "updated")
        link = read.web(entry.get("link"), url)
        created = iso_from_text(stamp) or _iso_from_struct(when)  # the writer's zone if given
        info.entries.append(FeedEntry(text=text, created_at=created, url=link))
    for link in feed.get("links") or []:
        if isinstance(link, dict) and link.get("rel") == "next":
            info.next_url = read.web(link.get("href"), url)
            break
    _author(info, feed, entries, url)
    image = feed.get("image")
    if isinstance(image, dict):
        info.image = read.web(image.get("href") or image.get("url"), url)
    return info


def _author(info: FeedInfo, feed: dict, entries: list, url: str) -> None:
    """The feed's author: the feed-level one, or the one author every entry shares."""
    detail, holder = feed.get("author_detail"), feed
    if not isinstance(detail, dict) or not detail.get("name"):
        details = [e.get("author_detail") for e in entries if isinstance(e, dict)]
        names = {d.get("name") for d in details if isinstance(d, dict)}
        if not details or len(names) != 1 or not isinstance(details[0], dict):
            return
        detail, holder = details[0], entries[0]
    name = " ".join(html_to_text(read.text(detail.get("name")))[0].split()) or None
    if name and name.lower() not in _UNKNOWN_AUTHORS:
        info.author_name = clip(name, 300)
    info.author_url = read.web(detail.get("href"), url)
    picture = holder.get("gd_image")
    if isinstance(picture, dict):
        src = read.text(picture.get("src"))
        src = "https:" + src if src and src.startswith("//") else src
        image = read.web(src, url)
        if image and not is_default_picture(image):
            info.author_image = image
