"""Mastodon, and fediverse servers that speak its API: profile, verified fields, public posts.

A handle ``alice@example.social`` is resolved with WebFinger on ``example.social``; the server
that really hosts the account (the host of the ``self`` link) may differ. The profile comes
from ``/api/v1/accounts/lookup`` on that server, the writing from the account's public
statuses. Servers without the Mastodon API get a plain ActivityPub actor read instead.

Checked against docs.joinmastodon.org (entities Account and Status; accounts/lookup and
accounts/:id/statuses) and Mastodon.py's recorded answers, 2026-12: ``display_name`` may be
``""``; ``note`` and field values are HTML; ``fields[].verified_at`` is null or a time;
``suspended: true`` (or a 410) is suspended; ``moved`` names the new account; ``limited`` and
``noindex`` change who is shown the account, not what it exposes, and are not read. Statuses:
``public`` and ``unlisted`` are public writing, ``private``, ``direct`` and servers' own kinds
(``local``, ``limited``) are not; a boost is a wrapper with empty ``content`` whose ``reblog``
holds someone else's status, and is skipped; ``spoiler_text`` opens the post; mention h-cards,
hashtag links and ``quote-inline`` fallbacks are not the author's words; ``url`` may be null
(then ``uri``). Pages follow ``Link: rel="next"`` on the same server, 40 a page; a failing page
keeps the pages before it and marks the profile partial. The profile's text (HTML notes,
fields and their links, custom emoji) is read by :mod:`collectors.mastodon_fields`.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlsplit

import requests

from collectors import read
from collectors.base import CollectContext, Collector, WritingSample, mark_partial, unread
from collectors.errors import (
    BadResponse,
    CollectError,
    NetworkFailure,
    NotFound,
    Refused,
    Suspended,
)
from collectors.http import Response
from collectors.http.status_words import gone, refused, status_failure, unreadable
from collectors.mastodon_fields import field_links, html_fragment, strip_shortcodes
from collectors.text import clip, tidy, unique_links
from linkage.platforms import split_handle
from linkage.records import Profile

JSON = {"Accept": "application/json"}
ACTIVITY = {"Accept": "application/activity+json, application/ld+json"}
MAX_PAGES = 5
#: What to do when a server shows an account only to its signed-in users.
ARCHIVE_HELP = (
    "If it is your account, request its archive in the account's settings (Import and "
    'export) and name it in your accounts file as archive = "..."'
)
_LEADING_MENTIONS = re.compile(r"^(?:@[\w.-]+(?:@[\w.-]+)?[\s,]+)+")


@dataclass
class Finger:
    """What WebFinger says about an account."""

    user: str
    domain: str
    server: str | None = None
    actor: str | None = None
    profile_page: str | None = None


@dataclass
class Account:
    """The profile fields read from an Account entity or an ActivityPub actor."""

    username: str | None = None
    id: str | None = None
    display_name: str | None = None
    bio: str | None = None
    links: list[str] = field(default_factory=list)
    verified_links: list[str] = field(default_factory=list)
    avatar_url: str | None = None
    avatar_default: bool = False
    created_at: str | None = None
    url: str | None = None
    suspended: bool = False


def _first(value: Any, key: str) -> Any:
    """An ActivityStreams value that may be a string, an object or a list of either."""
    if isinstance(value, list):
        value = value[0] if value else None
    return value.get(key) if isinstance(value, dict) else value


def is_default_avatar(url: str | None) -> bool:
    return bool(url) and urlsplit(url).path.endswith("/avatars/original/missing.png")  # type: ignore[arg-type]


def parse_account(data: Any, base: str | None = None) -> Account:
    """An Account entity → profile fields. :class:`BadResponse` when it is not one (naming
    the server of ``base``)."""
    site = urlsplit(base).netloc if base else "the server"
    if not isinstance(data, dict):
        raise unreadable(site, "a Mastodon account")
    username = (
        read.field(data, "username") or (read.field(data, "acct") or "").partition("@")[0] or None
    )
    if not username and not read.field(data, "id"):
        raise unreadable(site, "a Mastodon account (it has no username or id)")
    bio, bio_links = html_fragment(data.get("note"))
    verified, others = field_links(data.get("fields"))
    moved_url = read.web(_first(data.get("moved"), "url"))  # the account it moved to
    avatar = read.web(data.get("avatar_static"), base) or read.web(data.get("avatar"), base)
    return Account(
        username=username,
        id=read.field(data, "id"),
        display_name=clip(
            strip_shortcodes(read.field(data, "display_name"), data.get("emojis")), 400
        ),
        bio=clip(strip_shortcodes(bio, data.get("emojis") or [])),
        links=unique_links([*verified, *others, *bio_links, moved_url]),
        verified_links=unique_links(verified),
        avatar_url=avatar,
        avatar_default=is_default_avatar(avatar),
        created_at=read.iso(data.get("created_at")),
        url=read.web(data.get("url")),
        suspended=data.get("suspended") is True,
    )


def parse_actor(data: Any, site: str = "the server") -> Account:
    """An ActivityPub actor document → profile fields (for servers without the Mastodon API);
    :class:`BadResponse` naming ``site`` when it is not one."""
    if not isinstance(data, dict) or not (
        read.field(data, "preferredUsername") or read.field(data, "id")
    ):
        raise unreadable(site, "a fediverse profile (an ActivityPub actor)")
    bio, bio_links = html_fragment(data.get("summary"))
    verified, others = field_links(data.get("attachment"))  # PropertyValue items
    avatar = read.web(_first(data.get("icon"), "url"))
    return Account(
        username=read.field(data, "preferredUsername"),
        display_name=clip(strip_shortcodes(read.field(data, "name")), 400),
        bio=clip(bio) or None,
        links=unique_links([*verified, *others, *bio_links]),
        avatar_url=avatar,
        avatar_default=is_default_avatar(avatar),
        created_at=read.iso(data.get("published")),
        url=read.web(_first(data.get("url"), "href")),
    )


#: Visibilities anyone can read without logging in: ``public`` and ``unlisted`` ("quiet
#: public": shown on the profile, left out of public timelines). ``private`` (followers only)
#: and ``direct`` are never public writing; a server's own kinds (Akkoma's ``local``,
#: GoToSocial's ``mutuals_only``) are left out too, since who can read them varies.
PUBLIC_VISIBILITIES = frozenset({"public", "unlisted"})


def parse_statuses(data: Any, site: str = "the server") -> list[tuple[str, str | None, str | None]]:
    """Statuses anyone can read → ``(text, created_at, url)``. Boosts (``reblog`` set: the
    booster did not write them), followers-only and direct posts are skipped; not a list is a
    :class:`BadResponse` naming ``site``."""
    if not isinstance(data, list):
        raise unreadable(site, "a list of posts")
    out = []
    for status in data:
        readable = read.field(status, "visibility") in PUBLIC_VISIBILITIES
        if not readable or status.get("reblog"):
            continue
        text, _ = html_fragment(status.get("content"), drop_quotes=True)
        if status.get("in_reply_to_id"):
            text = _LEADING_MENTIONS.sub("", text)
        spoiler = read.field(status, "spoiler_text")
        if spoiler:
            text = f"{tidy(spoiler)}\n\n{text}".strip()
        if text:
            url = read.web(status.get("url")) or read.web(status.get("uri"))
            out.append((clip(text) or "", read.iso(status.get("created_at")), url))
    return out


def parse_webfinger(doc: Any, user: str, domain: str) -> Finger | None:
    """A WebFinger answer → where the account lives; None when it says nothing usable."""
    if not isinstance(doc, dict):
        return None
    finger = Finger(user=user, domain=domain)
    subject = doc.get("subject")
    if isinstance(subject, str) and subject.lower().startswith("acct:"):
        with contextlib.suppress(ValueError):
            finger.user, finger.domain = split_handle(subject)
    links = doc.get("links")
    for link in links if isinstance(links, list) else []:
        if not isinstance(link, dict) or not read.web(link.get("href")):
            continue
        rel, kind = link.get("rel"), str(link.get("type") or "")
        if rel == "self" and ("activity+json" in kind or "ld+json" in kind):
            finger.actor = link["href"].strip()
        elif rel == "http://webfinger.net/rel/profile-page" and not finger.profile_page:
            finger.profile_page = link["href"].strip()
    home = finger.actor or finger.profile_page
    if home:
        finger.server = urlsplit(home).netloc.rpartition("@")[2].lower() or None
    return finger if finger.server else None


def next_page(link_header: str | None, server: str) -> str | None:
    """The ``rel="next"`` address of a ``Link`` header, if it stays on ``server``."""
    for link in requests.utils.parse_header_links(link_header or ""):
        url = read.web(link.get("url"))
        if link.get("rel") == "next" and url and urlsplit(url).netloc.lower() == server:
            return url
    return None


def _check(response: Response, server: str, what: str, *, found: bool = False) -> None:
    """Raise the error an answer stands for (HTTP status, or a JSON ``error``); pass a 200.
    With ``found`` (the account itself was already read), a 404 is the server's fault, not
    the handle's, and says so."""
    data: Any = None
    with contextlib.suppress(CollectError):
        data = response.json()
    error = data.get("error") if isinstance(data, dict) else ""
    error = error if isinstance(error, str) else ""
    status, low = response.status, error.lower()
    if status == 410:
        raise Suspended(f"{server} says {what} is gone (suspended or deleted).")
    if found and (status == 404 or "not found" in low):
        raise gone(server, status, what, found=True)
    if status == 404 or "not found" in low:
        raise NotFound(f"{server} could not find {what}. Check the spelling of the handle.")
    if status in (401, 403) or "authenticated" in low:
        raise refused(server, status, what, advice=ARCHIVE_HELP)
    if status != 200 or error:
        raise status_failure(server, status, what, found=found, said=error[:200])


class MastodonCollector(Collector):
    platform = "mastodon"

    def collect(self, name: str, ctx: CollectContext) -> Profile:
        name = self.normalise(name)
        user, domain = name.split("@", 1)
        finger = self._webfinger(ctx, user, domain) or Finger(user, domain, server=domain)
        server = finger.server or domain
        ctx.http.configure_host(server, concurrency=1, interval=0.5)
        shown = f"the account @{finger.user}@{finger.domain}"
        remote = server != domain
        try:
            response = ctx.http.get(
                f"https://{server}/api/v1/accounts/lookup",
                params={"acct": finger.user},
                headers=JSON,
                discovered=remote,
            )
            _check(response, server, shown)
            data = response.json()
            if data is None:
                raise NotFound(f"{server} returned nothing for {shown}. Check the handle.")
            account = parse_account(data, f"https://{server}/")
        except (NotFound, Refused, BadResponse) as exc:
            if not finger.actor:
                raise
            try:
                return self._from_actor(ctx, name, finger)
            except CollectError:
                raise exc from None
        if account.suspended:
            raise Suspended(f"{shown} has been suspended by its server ({server}).")
        profile = self._profile(ctx, name, finger, account, response.url)
        sample = WritingSample(ctx.limits)
        try:
            if not account.id:
                raise BadResponse(
                    f"{server} did not say which id the account has, so its posts could not be "
                    "asked for; try again later."
                )
            self._statuses(ctx, server, account.id, sample, remote)
        except CollectError as exc:
            mark_partial(profile, unread("posts", len(sample.posts), exc))
        profile.posts = sample.posts
        return profile

    def _webfinger(self, ctx: CollectContext, user: str, domain: str) -> Finger | None:
        try:
            response = ctx.http.get(
                f"https://{domain}/.well-known/webfinger",
                params={"resource": f"acct:{user}@{domain}"},
                headers={"Accept": "application/jrd+json, application/json"},
            )
        except (NetworkFailure, BadResponse) as exc:
            if exc.status == "server error" or isinstance(exc, BadResponse):
                return None  # WebFinger is unavailable: try the API on the handle's domain
            raise
        if response.status in (404, 410):
            _check(response, domain, f"the account @{user}@{domain}")
        if response.status != 200:
            return None
        with contextlib.suppress(BadResponse):
            return parse_webfinger(response.json(), user, domain)
        return None

    def _statuses(
        self, ctx: CollectContext, server: str, account_id: str, sample: WritingSample, remote: bool
    ) -> None:
        url: str | None = f"https://{server}/api/v1/accounts/{quote(account_id, safe='')}/statuses"
        params: dict[str, str] | None = {"exclude_reblogs": "true", "limit": "40"}
        seen: set[str] = set()
        for number in range(1, MAX_PAGES + 1):
            if url is None or url in seen or sample.full:
                return
            seen.add(url)
            response = ctx.http.get(url, params=params, headers=JSON, discovered=remote)
            what = "the account's posts" if number == 1 else f"page {number} of the account's posts"
            _check(response, server, what, found=True)
            posts = parse_statuses(items := response.json(), server)
            if not items or not all(sample.add(*post) for post in posts):
                return  # the last page, or the sample is full
            url, params = next_page(response.headers.get("Link"), server), None

    def _from_actor(self, ctx: CollectContext, name: str, finger: Finger) -> Profile:
        actor = finger.actor or ""
        host = urlsplit(actor).netloc.lower()
        response = ctx.http.get(actor, headers=ACTIVITY, discovered=host != finger.domain)
        _check(response, host, f"the actor document of @{finger.user}@{finger.domain}")
        profile = self._profile(ctx, name, finger, parse_actor(response.json(), host), actor)
        return mark_partial(
            profile,
            f"{host} does not offer the Mastodon API for this account; "
            "only its ActivityPub profile was read, not its posts.",
        )

    def _profile(
        self, ctx: CollectContext, name: str, finger: Finger, account: Account, source: str
    ) -> Profile:
        return self.record(
            name,
            source=source,
            handle=f"{account.username or finger.user}@{finger.domain}",
            url=account.url or finger.profile_page or self.profile_url(name),
            display_name=account.display_name,
            bio=account.bio or None,
            links=account.links,
            verified_links=account.verified_links,
            avatar=ctx.avatar(account.avatar_url, default=account.avatar_default, discovered=True),
            created_at=account.created_at,
        )


COLLECTOR = MastodonCollector()
