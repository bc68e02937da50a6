"""Bluesky, through the public AppView: profile, custom-domain handle, website, own posts.

No login is needed: ``app.bsky.actor.getProfile`` gives the profile and
``app.bsky.feed.getAuthorFeed`` the account's posts and replies (reposts are skipped, they are
other people's writing). Accounts labelled ``!no-unauthenticated`` asked not to be shown to
logged-out viewers; they are reported as private and nothing more is read.

Checked against the app.bsky lexicons (``actor.getProfile`` → ``profileViewDetailed``,
``feed.getAuthorFeed``) and atproto clients' recorded answers, 2026-12: ``displayName``,
``description`` and ``avatar`` may be absent or empty; ``handle`` may be ``handle.invalid``;
labels are read with their ``neg`` flag; ``AccountTakedown`` and ``AccountDeactivated`` are
errors of their own. The feed's default filter is ``posts_with_replies``; pins come only with
``includePins`` (not asked; a ``reasonPin`` item repeats a post and is dropped as a
duplicate); reposts carry ``reasonRepost``; other authors' posts (reply parents live in
``reply``, not ``post``) and image-only posts (empty ``text``) give no writing. ``cursor`` is
absent on the last page; a repeated cursor ends the feed; a failing page keeps the pages
before it, and a failure after the profile was read never blames the handle.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from collectors import read
from collectors.base import CollectContext, Collector, WritingSample, mark_partial, unread
from collectors.errors import BadResponse, CollectError, NotFound, Private, Suspended
from collectors.http import Response
from collectors.http.status_words import gone, status_failure, unreadable
from collectors.text import clip, tidy, unique_links
from linkage.platforms import is_handle
from linkage.records import Profile
from linkage.urls import addresses_in

APPVIEW = "https://public.api.bsky.app"
JSON = {"Accept": "application/json"}
MAX_PAGES = 5
PAGE_SIZE = 100
NO_UNAUTHENTICATED = "!no-unauthenticated"
INVALID_HANDLE = "handle.invalid"


@dataclass
class BlueskyProfile:
    """The profile fields read from ``profileViewDetailed``."""

    did: str
    handle: str
    display_name: str | None = None
    bio: str | None = None
    links: list[str] = field(default_factory=list)
    avatar_url: str | None = None
    created_at: str | None = None
    labels: set[str] = field(default_factory=set)


def bio_links(text: str | None) -> list[str]:
    """Addresses in a plain-text bio: full URLs and bare domains (Bluesky's own clients link
    those, so people write them without ``https://``)."""
    return addresses_in(text, bare=True)


def labels_of(value: Any) -> set[str]:
    """The values of the (non-negated) labels on a profile or post."""
    if not isinstance(value, list):
        return set()
    return {
        item["val"]
        for item in value
        if isinstance(item, dict) and isinstance(item.get("val"), str) and not item.get("neg")
    }


def parse_profile(data: Any) -> BlueskyProfile:
    """A ``profileViewDetailed`` answer → profile fields. :class:`BadResponse` if it is not one."""
    if not isinstance(data, dict) or not read.field(data, "did") or not read.field(data, "handle"):
        raise unreadable("Bluesky", "a profile")
    handle = str(data["handle"]).strip().lower()
    bio = clip(tidy(read.field(data, "description") or "")) or None
    links = [read.field(data, "website"), *bio_links(bio)]
    if is_handle(handle) and handle != INVALID_HANDLE and not handle.endswith(".bsky.social"):
        links.insert(0, f"https://{handle}")  # a custom-domain handle proves control of it
    avatar = read.field(data, "avatar")
    return BlueskyProfile(
        did=str(data["did"]).strip(),
        handle=handle,
        display_name=clip(tidy(read.field(data, "displayName") or ""), 400) or None,
        bio=bio,
        links=unique_links(links),
        avatar_url=avatar if avatar and avatar.startswith(("https://", "http://")) else None,
        created_at=read.iso(data.get("createdAt")),
        labels=labels_of(data.get("labels")),
    )


def post_url(uri: Any, handle: str) -> str | None:
    """``at://DID/app.bsky.feed.post/RKEY`` → ``https://bsky.app/profile/HANDLE/post/RKEY``."""
    match = re.fullmatch(r"at://([^/]+)/app\.bsky\.feed\.post/([A-Za-z0-9._~:-]+)", str(uri or ""))
    return f"https://bsky.app/profile/{handle}/post/{match[2]}" if match else None


def parse_feed(
    data: Any, did: str, handle: str
) -> tuple[list[tuple[str, str | None, str | None, str]], str | None]:
    """A ``getAuthorFeed`` page → the account's own posts ``(text, created_at, url, uri)`` and
    the next cursor. Reposts and other people's posts are skipped."""
    if not isinstance(data, dict) or not isinstance(data.get("feed"), list):
        raise unreadable("Bluesky", "a list of posts")
    posts = []
    for item in data["feed"]:
        post = item.get("post") if isinstance(item, dict) else None
        reason = item.get("reason") if isinstance(item, dict) else None
        if not isinstance(post, dict) or (
            isinstance(reason, dict) and "reasonRepost" in str(reason.get("$type"))
        ):
            continue
        author, record = post.get("author"), post.get("record")
        if not isinstance(author, dict) or author.get("did") != did or not isinstance(record, dict):
            continue
        text = clip(tidy(record["text"])) if isinstance(record.get("text"), str) else None
        uri = str(post.get("uri") or "")
        if text:
            posts.append((text, read.iso(record.get("createdAt")), post_url(uri, handle), uri))
    cursor = data.get("cursor")
    return posts, cursor if isinstance(cursor, str) and cursor else None


def _check(response: Response, what: str, *, found: bool = False) -> Any:
    """The JSON of a 200 answer, or the error that an XRPC error answer stands for. With
    ``found`` (the profile was already read), a not-found is the AppView's failure to give
    ``what``, not a misspelt handle, and is reported as a bad response with its own words."""
    try:
        data = response.json()
    except BadResponse:
        if response.status == 200:
            raise
        data = None
    status = response.status
    if status == 200:
        return data
    body = data if isinstance(data, dict) else {}
    error, message = str(body.get("error") or ""), str(body.get("message") or "")
    if error == "AccountTakedown":
        raise Suspended(f"Bluesky has taken down {what} ({message or 'account suspended'}).")
    if error == "AccountDeactivated":
        raise NotFound(f"Bluesky says {what} was deactivated by its owner; nothing of it is shown.")
    detail = ": ".join(part for part in (error, message) if part)[:200]
    missing = "not found" in message.lower() or error in ("NotFound", "ProfileNotFound")
    if found and status not in (401, 403) and (status == 404 or missing):
        raise gone("Bluesky", status, what, found=True)
    if not found and (status == 404 or missing):
        raise NotFound(f"Bluesky could not find {what}. Check the spelling of the handle.")
    raise status_failure(
        "Bluesky",
        status,
        what,
        refused_help="If it is your account, check that it is not set to be shown only to "
        "logged-in viewers.",
        said=detail,
    )


class BlueskyCollector(Collector):
    platform = "bluesky"

    def collect(self, name: str, ctx: CollectContext) -> Profile:
        name = self.normalise(name)
        ctx.http.configure_host(urlsplit(APPVIEW).netloc, concurrency=1, interval=0.5)
        what = f"the account '{name}'"
        response = ctx.http.get(
            f"{APPVIEW}/xrpc/app.bsky.actor.getProfile", params={"actor": name}, headers=JSON
        )
        data = _check(response, what)
        if data is None:
            raise NotFound(
                f"Bluesky returned nothing for {what}. Check the spelling of the handle."
            )
        info = parse_profile(data)
        if NO_UNAUTHENTICATED in info.labels:
            raise Private(
                f"{name} asked Bluesky not to show the account to logged-out viewers, so linkage "
                "read nothing more. (Its posts can still be seen by anyone logged in.)"
            )
        handle = info.handle if is_handle(info.handle) and info.handle != INVALID_HANDLE else None
        shown = handle or info.did
        profile = self.record(
            name,
            source=response.url,
            handle=shown,
            url=self.profile_url(shown),
            display_name=info.display_name,
            bio=info.bio,
            links=info.links,
            avatar=ctx.avatar(info.avatar_url, discovered=True),
            created_at=info.created_at,
        )
        if handle is None:
            mark_partial(
                profile,
                f"the account's handle no longer resolves (Bluesky shows it as '{INVALID_HANDLE}'); "
                f"it was read by its permanent id {info.did}",
            )
        sample = WritingSample(ctx.limits)
        try:
            self._posts(ctx, info.did, shown, sample)
        except CollectError as exc:
            mark_partial(profile, unread("posts", len(sample.posts), exc))
        profile.posts = sample.posts
        return profile

    def _posts(self, ctx: CollectContext, did: str, handle: str, sample: WritingSample) -> None:
        cursor: str | None = None
        seen: set[str] = set()
        for number in range(1, MAX_PAGES + 1):
            params = {"actor": did, "limit": str(PAGE_SIZE), "filter": "posts_with_replies"}
            if cursor:
                params["cursor"] = cursor
            response = ctx.http.get(
                f"{APPVIEW}/xrpc/app.bsky.feed.getAuthorFeed", params=params, headers=JSON
            )
            what = "the account's posts" if number == 1 else f"page {number} of the account's posts"
            posts, next_cursor = parse_feed(_check(response, what, found=True), did, handle)
            for text, created_at, url, uri in posts:
                if uri in seen:
                    continue
                seen.add(uri)
                if not sample.add(text, created_at, url):
                    return
            if not next_cursor or next_cursor == cursor:
                return
            cursor = next_cursor


COLLECTOR = BlueskyCollector()
