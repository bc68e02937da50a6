"""Any blog or personal site: ``web:https://alice.example.org/``.

The page the user names is read for its owner's card (h-card, JSON-LD Person, OpenGraph,
Twitter card, ``<title>``), their ``rel="me"`` and other profile links, and their picture
(:mod:`collectors.webpage`); recent writing comes from the site's RSS/Atom feed, found by
autodiscovery or at the usual WordPress, Blogger and static-site addresses
(:mod:`collectors.webfeed`). See platforms.md sections 13–15.

Checked against microformats.org (representative-h-card-parsing, h-entry, h-cite, h-feed) and
real home pages, 2026-12: the owner's card is found by the published algorithm over every card
that speaks for the page, never one inside a cited, quoted or replied-to item
(:func:`collectors.webcard.representative_hcard`); a feed's ``rel="next"`` page that fails
keeps the posts already read and marks the profile partial.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from collectors.base import CollectContext, Collector, WritingSample, mark_partial, unread
from collectors.errors import BadResponse, CollectError, NotFound, Refused
from collectors.http import Response
from collectors.http.status_words import GONE, REFUSING, aside, status_failure
from collectors.text import clip, unique_links
from collectors.webfeed import FeedInfo, parse_feed
from collectors.webpage import PageInfo, decode_html, parse_page
from linkage.platforms.web import web_handle
from linkage.records import Profile

#: Where feeds usually are when a page does not say (WordPress, Blogger, static sites).
WELL_KNOWN_FEEDS = ("feed/", "feeds/posts/default", "feed.xml", "atom.xml", "rss.xml", "index.xml")
#: How many ``rel="next"`` pages of a feed are followed after the first.
MAX_NEXT_PAGES = 2
MAX_DISCOVERED_FEEDS = 3

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
)
_ACCEPT_PAGE = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"
_ACCEPT_FEED = "application/atom+xml,application/rss+xml,application/xml;q=0.9,*/*;q=0.5"


def site_host(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def mime_of(response: Response) -> str:
    return response.headers.get("Content-Type", "").split(";")[0].strip().lower()


def sniff(content: bytes) -> str | None:
    """'html' or 'feed' from the first bytes, for answers without a useful content type."""
    head = content[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html")) or b"<head" in head or b"<body" in head:
        return "html"
    if head.startswith(b"<?xml") or b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head:
        return "feed"
    return None


class WebCollector(Collector):
    platform = "web"

    def handle_of(self, url: str) -> str:
        return web_handle(url)

    # -- collecting -------------------------------------------------------------------------

    def collect(self, name: str, ctx: CollectContext) -> Profile:
        url = self.normalise(name)
        response = ctx.http.get(url, headers={"Accept": _ACCEPT_PAGE})
        self._check_status(response, url)
        if not response.content.strip():
            raise BadResponse(
                f"{url} is an empty page, so there is nothing to read. Check the address, or "
                "give the site's home or about page."
            )
        kind = self._kind(response, url)
        final = response.url or url
        hosts = {site_host(url), site_host(final)}
        if kind == "feed":
            feed = parse_feed(response.content, final, response.headers.get("Content-Type", ""))
            if not feed.is_feed:
                raise BadResponse(
                    f"{url} is an XML document but neither a web page nor a feed. "
                    "Give the address of the person's home or about page."
                )
            page = PageInfo(url=final, display_name=feed.title, name_from_title=True)
            writing = _Writing(ctx, final, hosts)
            writing.take(feed)
        else:
            page = parse_page(
                decode_html(response.content, response.headers.get("Content-Type", "")), final
            )
            writing = _Writing(ctx, final, hosts)
            writing.find(page)
        return self._profile(url, final, page, writing, hosts, ctx)

    def _check_status(self, response: Response, url: str) -> None:
        status = response.status
        if status in GONE:
            raise NotFound(
                aside(
                    f"Nothing at {url}: the page is gone or never existed. Check the address, "
                    "or give the site's home or about page.",
                    status,
                )
            )
        if status in REFUSING:
            raise Refused(
                aside(
                    f"{site_host(url)} refused to show {url}, which usually means the page needs "
                    "signing in or the site blocks automated visitors. Try another page of the "
                    "site.",
                    status,
                )
            )
        if not 200 <= status < 300:
            raise status_failure(site_host(url), status, f"the page {url}")

    def _kind(self, response: Response, url: str) -> str:
        mime = mime_of(response)
        if mime in _HTML_TYPES:
            return "html"
        if mime in _FEED_TYPES or (mime.endswith("+xml") and "svg" not in mime):
            return "feed"
        guess = (
            sniff(response.content)
            if mime in ("", "text/plain", "application/octet-stream")
            else None
        )
        if guess:
            return guess
        raise BadResponse(
            f"{url} is not a web page but a file of type '{mime or 'unknown'}' (a picture, "
            "document or download). Give the address of the person's home or about page."
        )

    def _profile(
        self,
        url: str,
        final: str,
        page: PageInfo,
        writing: _Writing,
        hosts: set[str],
        ctx: CollectContext,
    ) -> Profile:
        feed = writing.first
        display_name = page.display_name
        if feed and feed.author_name and (not display_name or page.name_from_title):
            display_name = feed.author_name
        links = [*page.links]
        if feed and feed.author_url:
            links.append(feed.author_url)
        picture = page.avatar
        if not picture and feed:
            picture = feed.author_image
        picture = picture or page.icon or (feed.image if feed else None)
        avatar = None
        if picture:
            avatar = ctx.avatar(picture, discovered=site_host(picture) not in hosts)
        profile = self.record(
            url,
            source=final,
            handle=self.handle_of(url),
            display_name=clip(display_name, 300),
            bio=page.bio,
            location=page.location,
            links=[u for u in unique_links(links) if site_host(u) not in hosts],
            avatar=avatar,
            posts=writing.sample.posts,
        )
        return mark_partial(profile, writing.error) if writing.error else profile


class _Writing:
    """Finds the site's feed and reads posts from it, within the writing-sample limits."""

    def __init__(self, ctx: CollectContext, page_url: str, hosts: set[str]) -> None:
        self.ctx = ctx
        self.page_url = page_url
        self.hosts = hosts
        self.sample = WritingSample(ctx.limits)
        self.first: FeedInfo | None = None
        self.error: str | None = None
        self.seen: set[str] = {page_url}
        self.post_urls: set[str] = set()

    def find(self, page: PageInfo) -> None:
        """The first feed with entries: autodiscovered ones, then the well-known addresses.
        Without one, the page's own h-entries."""
        try:
            candidates = page.feeds[:MAX_DISCOVERED_FEEDS]
            for feed_url in candidates:
                if self._try(feed_url):
                    return
            for path in WELL_KNOWN_FEEDS:
                if self._try(urljoin(self.page_url, path)):
                    return
        except CollectError as exc:
            self.error = unread("feed", len(self.sample.posts), exc)
        if not self.sample.posts:
            for entry in page.entries:
                if not self.sample.add(entry.text, entry.created_at, entry.url):
                    break

    def _fetch(self, url: str, *, announced: bool = False) -> FeedInfo | None:
        """The feed at ``url``, or None when there is none. A guessed address that does not
        answer 200 simply has no feed; an ``announced`` one (a feed's own ``rel="next"``)
        that does not is a failure, raised as :class:`BadResponse`."""
        if url in self.seen:
            return None
        self.seen.add(url)
        other_host = site_host(url) not in self.hosts
        response = self.ctx.http.get(url, headers={"Accept": _ACCEPT_FEED}, discovered=other_host)
        if announced and response.status != 200:
            raise status_failure(
                site_host(url),
                response.status,
                f"the next page of the feed ({url})",
                found=True,
                read="the site's first page",
            )
        if response.status != 200 or not response.content.strip():
            return None
        if mime_of(response) in _HTML_TYPES and sniff(response.content) != "feed":
            return None
        feed = parse_feed(response.content, response.url, response.headers.get("Content-Type", ""))
        return feed if feed.is_feed and feed.entries else None

    def _try(self, url: str) -> bool:
        feed = self._fetch(url)
        if feed is None:
            return False
        self.take(feed)
        return True

    def take(self, feed: FeedInfo) -> None:
        """Add a feed's posts, then follow its ``rel="next"`` pages (at most two more)."""
        self.first = self.first or feed
        page, pages = feed, 0
        while True:
            for entry in page.entries:
                if entry.url and entry.url in self.post_urls:
                    continue
                self.post_urls.add(entry.url or "")
                if not self.sample.add(entry.text, entry.created_at, entry.url):
                    return
            if not page.next_url or pages >= MAX_NEXT_PAGES or self.sample.full:
                return
            pages += 1
            try:
                following = self._fetch(page.next_url, announced=True)
            except CollectError as exc:
                self.error = unread("feed", len(self.sample.posts), exc)
                return
            if following is None:
                return
            page = following


COLLECTOR = WebCollector()
