"""Gravatar: the public profile and picture behind one of the user's own email addresses.

The address never leaves the machine: ``normalise`` turns it into its SHA-256 hash (trimmed,
lower-cased, as Gravatar specifies), and the hash is the record's id. Only the hash is sent.

Sources (``shared/reference/platforms.md`` §7): the Profile API v3
``https://api.gravatar.com/v3/profiles/{hash}`` (optional ``GRAVATAR_API_KEY`` as a Bearer
token), the legacy ``https://gravatar.com/{hash}.json`` as a fallback when v3 says 404, and the
picture at ``https://gravatar.com/avatar/{hash}?s=256&d=404`` (a 404 means no picture, so
generated placeholders never count as evidence).

This module also holds the Gravatar helpers other collectors use: :func:`gravatar_hash` (the
hash inside a Gravatar picture address) and :func:`fetch_gravatar`.

Checked against docs.gravatar.com (Profile API v3) and the legacy JSON, 2026-12: every text
field may be null or ``""`` and may hold entities; ``verified_accounts`` items may be
``is_hidden``; the picture answers 404 when there is none (with ``d=404``).
"""

from __future__ import annotations

import contextlib
import html
from typing import Any

from collectors import read
from collectors.avatars import MAX_IMAGE_BYTES, ImageError, fingerprint
from collectors.base import CollectContext, Collector
from collectors.errors import CollectError, NotFound, RateLimited
from collectors.http.status_words import status_failure, unreadable
from collectors.text import clip, html_to_text, unique_links, urls_in_text, with_work
from linkage.platforms import GRAVATAR_HASH, gravatar_slug
from linkage.platforms import email_hash as email_hash  # the Gravatar helpers, shared
from linkage.platforms import gravatar_hash as gravatar_hash
from linkage.records import Avatar, Profile

API = "https://api.gravatar.com/v3/profiles/"
LEGACY = "https://gravatar.com/"
AVATAR = "https://gravatar.com/avatar/"
AVATAR_SIZE = 256


# --- pure helpers ------------------------------------------------------------------------


def verified_links(profile: Any) -> list[str]:
    """The verified accounts a Gravatar profile lists, as profile addresses.

    Reads v3 ``verified_accounts[]`` (skipping ``is_hidden`` ones) and the legacy
    ``accounts[]``; anything malformed is skipped.
    """
    if not isinstance(profile, dict):
        return []
    found: list[str | None] = []
    for key in ("verified_accounts", "accounts"):
        accounts = profile.get(key)
        if not isinstance(accounts, list):
            continue
        for account in accounts:
            if not isinstance(account, dict) or account.get("is_hidden") is True:
                continue
            url = account.get("url")
            if isinstance(url, str):
                found.append(html.unescape(url))
    return unique_links(found)


def parse_profile(data: Any) -> dict[str, Any]:
    """Profile fields from a v3 ``/profiles/{hash}`` answer."""
    if not isinstance(data, dict):
        raise unreadable("Gravatar", "a profile")
    if not any(
        isinstance(data.get(k), str) for k in ("hash", "display_name", "profile_url", "avatar_url")
    ):
        raise unreadable("Gravatar", "a profile")
    bio = with_work(
        read.plain(data.get("description")),
        read.plain(data.get("job_title")),
        read.plain(data.get("company")),
    )
    verified = verified_links(data)
    links: list[str | None] = list(verified)
    extra = data.get("links")
    if isinstance(extra, list):
        for item in extra:
            if isinstance(item, dict) and isinstance(item.get("url"), str):
                links.append(html.unescape(item["url"]))
    links.extend(urls_in_text(bio))
    created = data.get("registration_date")
    hash_ = data.get("hash")
    return {
        "display_name": read.plain(data.get("display_name")),
        "bio": bio,
        "location": read.plain(data.get("location")),
        "links": unique_links(links),
        "verified_links": verified,
        "created_at": created if isinstance(created, str) and created else None,
        "hash": hash_.lower()
        if isinstance(hash_, str) and GRAVATAR_HASH.match(hash_.lower())
        else None,
        "slug": gravatar_slug(data.get("profile_url")),
    }


def parse_legacy(data: Any) -> dict[str, Any]:
    """Profile fields from a legacy ``gravatar.com/{hash}.json`` answer (``entry[0]``)."""
    entries = data.get("entry") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries or not isinstance(entries[0], dict):
        raise unreadable("Gravatar", "a profile")
    entry = entries[0]
    display = read.plain(entry.get("displayName"))
    name = entry.get("name")
    if not display and isinstance(name, dict):
        display = read.plain(name.get("formatted"))
    about = entry.get("aboutMe")
    bio, bio_links = html_to_text(about) if isinstance(about, str) else ("", [])
    bio = clip(bio) or None
    verified = verified_links(entry)
    links: list[str | None] = list(verified)
    urls = entry.get("urls")
    if isinstance(urls, list):
        for item in urls:
            if isinstance(item, dict) and isinstance(item.get("value"), str):
                links.append(html.unescape(item["value"]))
    links.extend(bio_links)
    links.extend(urls_in_text(bio))
    hash_ = entry.get("hash")
    return {
        "display_name": display,
        "bio": bio,
        "location": read.plain(entry.get("currentLocation")),
        "links": unique_links(links),
        "verified_links": verified,
        "created_at": None,
        "hash": hash_.lower()
        if isinstance(hash_, str) and GRAVATAR_HASH.match(hash_.lower())
        else None,
        "slug": gravatar_slug(entry.get("profileUrl")),
    }


# --- fetching ----------------------------------------------------------------------------


def fetch_gravatar(ctx: CollectContext, hash_: str) -> Avatar | None:
    """The picture registered for ``hash_``, fingerprinted; None when there is none.

    Asks with ``d=404`` so that Gravatar's generated placeholders are never fetched. A picture
    that cannot be fetched or read keeps its address only (like :func:`ctx.avatar`).
    """
    url = f"{AVATAR}{hash_}?s={AVATAR_SIZE}&d=404"
    avatar = Avatar(url=url)
    try:
        response = ctx.http.get(url, max_bytes=MAX_IMAGE_BYTES)
    except CollectError:
        return avatar
    if response.status in (404, 410):
        return None
    if response.status != 200 or not response.content:
        return avatar
    with contextlib.suppress(ImageError):
        fingerprint(response.content, avatar)
    return avatar


def _get_json(ctx: CollectContext, url: str, headers: dict[str, str]) -> Any:
    response = ctx.http.get(url, headers=headers)
    if response.status in (404, 410):
        raise NotFound("no public Gravatar profile for that address.")
    if response.status != 200:
        raise status_failure(
            "Gravatar",
            response.status,
            "the profile",
            refused_help="If GRAVATAR_API_KEY is set, check that the key is valid; if it is your "
            "profile, make it public in Gravatar's settings.",
        )
    return response.json()


class GravatarCollector(Collector):
    platform = "gravatar"

    def collect(self, name: str, ctx: CollectContext) -> Profile:
        name = self.normalise(name)
        headers = {"Accept": "application/json"}
        key = (ctx.env.get("GRAVATAR_API_KEY") or "").strip()
        if key:
            headers["Authorization"] = f"Bearer {key}"
        source = API + name
        fields: dict[str, Any] | None
        try:
            fields = parse_profile(_get_json(ctx, API + name, headers))
        except NotFound:
            fields = self._legacy(ctx, name)
            if fields is not None:
                source = f"{LEGACY}{name}.json"
        hash_ = name if GRAVATAR_HASH.match(name) else (fields or {}).get("hash")
        avatar = fetch_gravatar(ctx, hash_) if hash_ else None
        if fields is None:
            if avatar is None:
                raise NotFound(
                    "no public Gravatar profile for that address (and no picture). Nothing "
                    "public is tied to it on Gravatar."
                )
            # a picture without a public profile is still evidence wherever it appears
            return self.record(
                name, handle=_short(name), avatar=avatar, source=avatar.url, url=None
            )
        slug = fields.get("slug")
        return self.record(
            name,
            source=source,
            handle=slug or _short(name),
            url=f"https://gravatar.com/{slug}" if slug else self.profile_url(name),
            display_name=fields["display_name"],
            bio=fields["bio"],
            location=fields["location"],
            links=fields["links"],
            verified_links=fields["verified_links"],
            avatar=avatar,
            created_at=fields["created_at"],
        )

    def _legacy(self, ctx: CollectContext, name: str) -> dict[str, Any] | None:
        try:
            return parse_legacy(_get_json(ctx, f"{LEGACY}{name}.json", {}))
        except RateLimited:
            raise
        except CollectError:
            return None


def _short(name: str) -> str:
    return name[:16] if GRAVATAR_HASH.match(name) else name


COLLECTOR = GravatarCollector()
