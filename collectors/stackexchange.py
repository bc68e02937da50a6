"""Stack Exchange (API 2.3): a user's profile on one site, and their recent answers and comments.

Handle: ``stackexchange:SITE/USERID``, where SITE is a site's domain (``stackoverflow.com``,
``math.stackexchange.com``) or its API name (``stackoverflow``, ``math``); the id is
``stackexchange:DOMAIN/USERID``. See ``shared/reference/platforms.md`` §8.

The API's wrapper, its errors, pauses and daily quota, and the filter that adds the profile
text are :mod:`collectors.stackexchange_api`; this module says what to ask for and reads it.

Checked against api.stackexchange.com/docs (users, answers, comments, the wrapper, throttles),
2026-12: ``display_name`` and ``location`` are HTML-encoded; ``about_me`` needs a filter;
``website_url`` may be ``""``; a deleted user is ``user_type: does_not_exist``; a suspended
user keeps a public profile and carries ``timed_penalty_date`` (read as any other profile);
``backoff``, ``quota_remaining`` and ``error_id`` (502 = throttled) are honoured; ``has_more``
drives paging. When one kind (answers or comments) fails, what the page gave so far stays.
"""

from __future__ import annotations

import html
import re
from typing import Any

from collectors import read
from collectors.base import (
    CollectContext,
    Collector,
    WritingSample,
    iso_from_epoch,
    mark_partial,
    unread,
)
from collectors.errors import CollectError, NotFound
from collectors.gravatar import fetch_gravatar
from collectors.http.status_words import unreadable
from collectors.stackexchange_api import API, CHECK_NUMBER, call, user_filter
from collectors.text import clip, html_to_text, unique_links, urls_in_text
from linkage.platforms import SE_SHORT, gravatar_hash, site_domain, split_name
from linkage.records import Avatar, Profile

__all__ = ["COLLECTOR", "api_site", "gravatar_hash", "parse_posts", "parse_user", "site_domain"]

MAX_PAGES = 3
#: the built-in filter that adds ``body`` to answers and comments
BODY_FILTER = "withbody"

#: inline code (``<code>`` outside ``<pre>``) is not prose either
_INLINE_CODE = re.compile(r"<code\b[^>]*>.*?</code>", re.I | re.S)
#: Stack Exchange's own picture for accounts without one (deleted/unregistered users)
_DEFAULT_PICTURES = ("cdn.sstatic.net/img/user.svg", "/img/user.svg")


# --- sites -------------------------------------------------------------------------------


def api_site(domain: str) -> str:
    """The ``site`` parameter for a domain (the API also accepts the full domain)."""
    if domain.endswith(".stackexchange.com"):
        return domain[: -len(".stackexchange.com")]
    return {full: short for short, full in SE_SHORT.items()}.get(domain, domain)


# --- parsing -----------------------------------------------------------------------------


def _url(value: Any) -> str | None:
    """An address from an HTML-encoded field; protocol-relative ones (``//www.gravatar.com``)
    made https."""
    found = read.text(value)
    return read.web(html.unescape(found), "https://") if found else None


def parse_user(item: Any) -> dict[str, Any]:
    """Profile fields from one ``user`` object (strings are HTML-encoded by the API)."""
    if not isinstance(item, dict):
        raise unreadable("Stack Exchange", "a profile")
    if item.get("user_type") == "does_not_exist":
        raise NotFound("Stack Exchange says that user does not exist (any more).")
    about = item.get("about_me")
    bio, bio_links = html_to_text(about) if isinstance(about, str) else ("", [])
    bio = clip(bio) or None
    website = _url(item.get("website_url"))
    account_id = item.get("account_id")
    return {
        "display_name": read.plain(item.get("display_name")),
        "bio": bio,
        "location": read.plain(item.get("location")),
        "links": unique_links([website, *bio_links, *urls_in_text(bio)]),
        "created_at": iso_from_epoch(item.get("creation_date"))
        if isinstance(item.get("creation_date"), int | float)
        else None,
        "profile_image": _url(item.get("profile_image")),
        "account_id": account_id if isinstance(account_id, int) else None,
    }


def parse_posts(data: Any, kind: str, domain: str) -> list[tuple[str, str | None, str | None]]:
    """``(text, created_at, url)`` for each answer or comment in a wrapper's ``items``.

    Bodies are HTML: code blocks and quotes are removed. Items without text are skipped.
    """
    items = data.get("items") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise unreadable("Stack Exchange", f"a list of {kind}")
    id_key = "answer_id" if kind == "answers" else "comment_id"
    out: list[tuple[str, str | None, str | None]] = []
    for item in items:
        if not isinstance(item, dict):
            continue
        body = item.get("body")
        if not isinstance(body, str):
            continue
        text, _ = html_to_text(_INLINE_CODE.sub(" ", body), drop_quotes=True, drop_code=True)
        if not text:
            continue
        created = item.get("creation_date")
        when = iso_from_epoch(created) if isinstance(created, int | float) else None
        url = _url(item.get("link"))
        post_id = item.get(id_key)
        if url is None and isinstance(post_id, int):
            path = "a" if kind == "answers" else "posts/comments"
            url = f"https://{domain}/{path}/{post_id}"
        out.append((clip(text) or "", when, url))
    return out


def is_default_picture(url: str | None) -> bool:
    return bool(url) and any(mark in url.lower() for mark in _DEFAULT_PICTURES)  # type: ignore[union-attr]


class StackExchangeCollector(Collector):
    platform = "stackexchange"

    def collect(self, name: str, ctx: CollectContext) -> Profile:
        name = self.normalise(name)
        domain, uid = split_name(name)
        site = api_site(domain)
        filter_id, problem = user_filter(ctx)
        what = f"user {uid} on {domain}"
        data = call(
            ctx,
            f"/users/{uid}",
            {"site": site, "filter": filter_id},
            method="/users/{ids}",
            what=what,
        )
        if not data["items"]:
            raise NotFound(f"{domain} has no user with the id {uid}. {CHECK_NUMBER}")
        fields = parse_user(data["items"][0])
        profile = self.record(
            name,
            source=f"{API}/users/{uid}?site={site}",
            display_name=fields["display_name"],
            bio=fields["bio"],
            location=fields["location"],
            links=fields["links"],
            avatar=self._avatar(ctx, fields["profile_image"]),
            created_at=fields["created_at"],
        )
        sample = WritingSample(ctx.limits)
        try:
            self._writing(ctx, site, domain, uid, sample)
        except CollectError as exc:
            mark_partial(profile, unread("answers and comments", len(sample.posts), exc))
        profile.posts = sample.posts
        if problem:
            mark_partial(profile, problem)
        return profile

    def _avatar(self, ctx: CollectContext, url: str | None) -> Avatar | None:
        if not url:
            return None
        if url.startswith("//"):
            url = "https:" + url
        hash_ = gravatar_hash(url)
        if hash_:
            # The same Gravatar address shows a generated identicon when no picture exists;
            # asking with d=404 tells the two apart.
            found = fetch_gravatar(ctx, hash_)
            if found is not None:
                return found
            return ctx.avatar(url, default=True, discovered=True)
        return ctx.avatar(url, default=is_default_picture(url), discovered=True)

    def _writing(
        self, ctx: CollectContext, site: str, domain: str, uid: str, sample: WritingSample
    ) -> None:
        pagesize = max(1, min(100, ctx.limits.max_posts))
        active = ["answers", "comments"]
        page = 1
        while active and page <= MAX_PAGES and not sample.full:
            found: list[tuple[str, str | None, str | None]] = []
            try:
                self._page(ctx, site, domain, uid, page, pagesize, active, found)
            finally:  # what this page gave before a failure is kept too
                found.sort(key=lambda post: post[1] or "", reverse=True)
                for text, when, url in found:
                    if not sample.add(text, when, url):
                        break
            page += 1

    def _page(
        self,
        ctx: CollectContext,
        site: str,
        domain: str,
        uid: str,
        page: int,
        pagesize: int,
        active: list[str],
        found: list[tuple[str, str | None, str | None]],
    ) -> None:
        """One page of each kind still ``active``, into ``found``; a kind without more
        pages leaves ``active``."""
        for kind in list(active):
            data = call(
                ctx,
                f"/users/{uid}/{kind}",
                {
                    "site": site,
                    "filter": BODY_FILTER,
                    "sort": "creation",
                    "order": "desc",
                    "pagesize": pagesize,
                    "page": page,
                },
                method=f"/users/{{ids}}/{kind}",
                what=f"the {kind} of user {uid} on {domain}",
            )
            found.extend(parse_posts(data, kind, domain))
            if data.get("has_more") is not True:
                active.remove(kind)


COLLECTOR = StackExchangeCollector()
