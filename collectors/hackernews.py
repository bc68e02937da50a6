"""Hacker News: the official Firebase user record, and recent writing from Algolia's index.

When Algolia cannot answer, the first ``FALLBACK_ITEMS`` of the user's ``submitted`` ids are
read one by one from the official item API instead. Hacker News has no avatar and no display
name; usernames are case-sensitive.

Checked against the Hacker News API (github.com/HackerNews/API) and Algolia's HN Search API,
2026-12: an unknown user is ``null`` with a 200; ``about`` is HTML; items may be ``deleted``
or ``dead`` and then have no ``by`` or ``text`` (skipped); Algolia hits carry
``comment_text`` or ``title`` and ``story_text``, ``created_at_i`` seconds and ``nbPages``.
A failing search page keeps the pages read (per kind); the item API is used only when the
search gave nothing, and items it could not read are counted in the status.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from urllib.parse import quote, urlencode

from collectors import read
from collectors.base import (
    CollectContext,
    Collector,
    WritingSample,
    fetch_json,
    iso_from_epoch,
    mark_partial,
    unread,
)
from collectors.errors import CollectError, NotFound
from collectors.http.status_words import unreadable
from collectors.text import clip, html_to_text, tidy, unique_links, urls_in_text
from linkage.records import Profile

FIREBASE = "https://hacker-news.firebaseio.com/v0"
ALGOLIA = "https://hn.algolia.com/api/v1/search_by_date"
SITE = "https://news.ycombinator.com"
#: Algolia pages (100 hits each) read per kind of writing.
MAX_PAGES = 3
#: Items read one by one from the official API when Algolia fails.
FALLBACK_ITEMS = 30
_PARAGRAPH = re.compile(r"<p\s*/?>|</p\s*>", re.I)
_ITALIC = re.compile(r"<i>.*?</i>", re.I | re.S)

#: (epoch seconds, text, ISO time, address) of one piece of writing before sampling
Item = tuple[float, str, str | None, str | None]


# --- pure parsing -------------------------------------------------------------------------


def x_form(url: str) -> str:
    """twitter.com addresses in the x.com form, so one account has one address."""
    return re.sub(
        r"^(https?://)(?:www\.|mobile\.)?(?:twitter|x)\.com(?=/|$)", r"\1x.com", url, flags=re.I
    )


def item_url(item_id: Any) -> str | None:
    text = str(item_id) if isinstance(item_id, int | str) and not isinstance(item_id, bool) else ""
    return f"{SITE}/item?id={text}" if text.isdigit() else None


def writing_from_html(html: str | None) -> str:
    """Plain text of an HN comment or story text, quotes and code removed.

    HN marks quotes by convention: a paragraph starting with ``>``, or a paragraph set wholly
    in italics (``<i>…</i>``). Paragraphs are separated by ``<p>``.
    """
    if not html:
        return ""
    kept: list[str] = []
    for paragraph in _PARAGRAPH.split(html):
        text, _ = html_to_text(paragraph, drop_quotes=True)
        if not text or text.lstrip().startswith(">"):
            continue
        if "<i>" in paragraph.lower() and not html_to_text(_ITALIC.sub("", paragraph))[0]:
            continue
        lines = [line for line in text.split("\n") if not line.lstrip().startswith(">")]
        kept.append("\n".join(lines))
    return clip(tidy("\n\n".join(kept))) or ""


def parse_user(body: Any, name: str) -> dict[str, Any]:
    """Profile fields from the Firebase user record; NotFound for ``null``."""
    if body is None:
        raise NotFound(
            f"Hacker News has no user called '{name}'. Check the spelling of the handle "
            "(Hacker News usernames are case-sensitive)."
        )
    if not isinstance(body, dict):
        raise unreadable("Hacker News", f"the profile of '{name}'")
    handle = read.text(body.get("id"))
    if handle is None:
        raise unreadable("Hacker News", f"the profile of '{name}' (it has no username)")
    bio, anchors = html_to_text(read.text(body.get("about")))
    submitted = body.get("submitted")
    ids = [
        i for i in (submitted if isinstance(submitted, list) else []) if type(i) is int and i > 0
    ]
    created = read.epoch(body.get("created"))
    return {
        "handle": handle,
        "bio": clip(bio) or None,
        "links": unique_links([x_form(u) for u in [*anchors, *urls_in_text(bio)]]),
        "created_at": iso_from_epoch(created) if created else None,
        "submitted": ids,
    }


def _iso_epoch(text: Any) -> float:
    if not isinstance(text, str):
        return 0.0
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()
    except (ValueError, OverflowError, OSError):
        return 0.0


def hit_item(hit: Any, name: str) -> Item | None:
    """One Algolia hit (comment or story) by ``name`` as writing; None otherwise."""
    if not isinstance(hit, dict):
        return None
    author = hit.get("author")
    if isinstance(author, str) and author != name:
        return None
    comment = read.text(hit.get("comment_text"))
    if comment is not None:
        text = writing_from_html(comment)
    else:
        title = tidy(read.text(hit.get("title")) or "")
        body = writing_from_html(read.text(hit.get("story_text")))
        text = "\n\n".join(part for part in (title, body) if part)
    if not text:
        return None
    when = read.epoch(hit.get("created_at_i")) or _iso_epoch(hit.get("created_at"))
    return when, text, iso_from_epoch(when) if when else None, item_url(hit.get("objectID"))


def parse_hits(body: Any, name: str) -> tuple[list[Item], int]:
    """Writing from one Algolia page, and the number of pages there are."""
    if not isinstance(body, dict) or not isinstance(body.get("hits"), list):
        raise unreadable("Hacker News's search (Algolia)", "a list of search results")
    pages = body.get("nbPages")
    pages = pages if type(pages) is int and pages >= 0 else 1
    items = [item for item in (hit_item(hit, name) for hit in body["hits"]) if item]
    return items, pages


def parse_item(body: Any, name: str) -> Item | None:
    """One item of the official API as writing; None when deleted, dead or not the user's."""
    if not isinstance(body, dict) or body.get("deleted") or body.get("dead"):
        return None
    if body.get("by") != name:
        return None
    title = tidy(read.text(body.get("title")) or "")
    text = "\n\n".join(
        part for part in (title, writing_from_html(read.text(body.get("text")))) if part
    )
    if not text:
        return None
    when = read.epoch(body.get("time"))
    return when, text, iso_from_epoch(when) if when else None, item_url(body.get("id"))


# --- fetching ------------------------------------------------------------------------------


class HackerNewsCollector(Collector):
    platform = "hackernews"

    def collect(self, name: str, ctx: CollectContext) -> Profile:
        name = self.normalise(name)
        # Algolia asks for at most about one request a second
        ctx.http.configure_host("hn.algolia.com", concurrency=1, interval=1.0)
        source = f"{FIREBASE}/user/{quote(name)}.json"
        fields = parse_user(fetch_json(ctx, source, name, self.title), name)
        submitted: list[int] = fields.pop("submitted")
        profile = self.record(name, source=source, **fields)
        items: list[Item] = []
        failures: list[tuple[str, int, CollectError]] = []
        for kind in ("comment", "story"):
            start = len(items)
            try:
                self._algolia(ctx, name, kind, items)
            except CollectError as exc:
                failures.append((kind, len(items) - start, exc))
        if failures and not items:  # the search gave nothing: read the items one by one
            items, failure = self._items(ctx, name, submitted)
            if failure:
                mark_partial(
                    profile, f"{failure}, after the search (Algolia) failed: {failures[0][2]}"
                )
        else:  # keep what the search gave; the item API would only repeat it
            for kind, read_here, exc in failures:
                mark_partial(profile, unread(f"{kind} search results (Algolia)", read_here, exc))
        sample = WritingSample(ctx.limits)
        for _, text, created, url in sorted(items, key=lambda item: -item[0]):
            if not sample.add(text, created, url):
                break
        profile.posts = sample.posts
        return profile

    def _algolia(self, ctx: CollectContext, name: str, kind: str, items: list[Item]) -> None:
        """Add up to ``MAX_PAGES`` pages of Algolia hits of one ``kind`` to ``items`` (the
        caller's list, so the pages read before a failure stay)."""
        start = len(items)
        for page in range(MAX_PAGES):
            params = {"tags": f"{kind},author_{name}", "hitsPerPage": 100, "page": page}
            body = fetch_json(
                ctx, f"{ALGOLIA}?{urlencode(params)}", name, self.title, account_found=True
            )
            found, pages = parse_hits(body, name)
            items.extend(found)
            if page + 1 >= pages or len(items) - start >= ctx.limits.max_posts:
                break

    def _items(self, ctx: CollectContext, name: str, ids: list[int]) -> tuple[list[Item], str]:
        """The fallback: items one by one; returns them and a failure reason (or "")."""
        items: list[Item] = []
        failed = 0
        tried = ids[:FALLBACK_ITEMS]
        for item_id in tried:
            if len(items) >= ctx.limits.max_posts:
                break
            try:
                url = f"{FIREBASE}/item/{item_id}.json"
                body = fetch_json(ctx, url, name, self.title, account_found=True)
            except CollectError:
                failed += 1
                continue
            item = parse_item(body, name)
            if item is not None:
                items.append(item)
        if tried and failed == len(tried):
            return items, "the writing could not be read from the item API either"
        if failed:
            return items, f"{failed} of the {len(tried)} most recent items could not be read"
        return items, ""


COLLECTOR = HackerNewsCollector()
