"""Lobsters (https://lobste.rs): a user's profile and the stories they submitted.

Sources (``shared/reference/platforms.md`` §9; lobsters/lobsters ``config/routes.rb``,
``users_controller.rb``, ``home_controller.rb``): ``GET /~NAME.json`` for the profile and
``GET /~NAME/stories.json`` (``home#newest_by_user``, which answers JSON) for stories.

Not collected: comments. Lobsters has no JSON list of a user's comments (``/~NAME/threads`` is
an HTML page only), and the site asks visitors not to scrape it; only stories are read.

Lobsters is run by volunteers: requests go one at a time, a second apart, and at most two
pages of stories are read.

Checked against lobsters/lobsters (``users/show`` and ``newest_by_user`` JSON), 2026-12:
``homepage``, ``github_username``, ``twitter_username``, ``mastodon_username`` and
``mastodon_instance`` may be null; ``about`` and story ``description`` are HTML
(``description_plain`` is the fallback); ``avatar_url`` is relative and HTML-escaped; 25 stories
a page. A failing page after the profile was read keeps the stories before it.
"""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote, urljoin, urlsplit

from collectors import read
from collectors.base import CollectContext, Collector, WritingSample, fetch_json
from collectors.http.status_words import unreadable
from collectors.text import clip, html_to_text, tidy, unique_links, urls_in_text
from collectors.websocial import github_link, x_link
from linkage.records import Profile

BASE = "https://lobste.rs"
HOST = "lobste.rs"
MAX_STORY_PAGES = 2
STORIES_PER_PAGE = 25  # lobsters/lobsters StoriesPaginator
_MASTODON = re.compile(r"^@?([A-Za-z0-9_.-]+)@([A-Za-z0-9.-]+\.[A-Za-z]{2,})$")
_KEYBASE = re.compile(r"^[A-Za-z0-9_]{1,16}$")


def iso_time(value: Any) -> str | None:
    """An ISO 8601 time in UTC (``…Z``) from Lobsters' timestamps; None if unusable."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC).isoformat().replace("+00:00", "Z")


def mastodon_url(value: Any, instance: Any = None) -> str | None:
    """A Mastodon profile address from ``user@instance`` (or a bare name plus an instance)."""
    name = read.text(value)
    if not name:
        return None
    match = _MASTODON.match(name)
    if match:
        return f"https://{match.group(2).lower()}/@{match.group(1)}"
    host = read.text(instance)
    if host and re.fullmatch(r"[A-Za-z0-9.-]+\.[A-Za-z]{2,}", host):
        bare = name.lstrip("@")
        if re.fullmatch(r"[A-Za-z0-9_.-]+", bare):
            return f"https://{host.lower()}/@{bare}"
    return None  # a bare name without its server is not an address


def parse_user(data: Any) -> dict[str, Any]:
    """Profile fields from ``/~NAME.json``."""
    if not isinstance(data, dict):
        raise unreadable("Lobsters", "a profile")
    username = read.text(data.get("username"))
    if not username:
        raise unreadable("Lobsters", "a profile (it has no username)")
    about = data.get("about")
    bio, bio_links = html_to_text(about) if isinstance(about, str) else ("", [])
    bio = clip(bio) or None
    links: list[str | None] = [read.text(data.get("homepage"))]
    links.append(github_link(read.text(data.get("github_username"))))
    links.append(x_link(read.text(data.get("twitter_username"))))
    links.append(mastodon_url(data.get("mastodon_username"), data.get("mastodon_instance")))
    signatures = data.get("keybase_signatures")
    if isinstance(signatures, list):
        for sig in signatures:
            kb = read.text(sig.get("kb_username")) if isinstance(sig, dict) else None
            if kb and _KEYBASE.match(kb):
                links.append(f"https://keybase.io/{kb}")
    links.extend(bio_links)
    links.extend(urls_in_text(bio))
    avatar = read.text(data.get("avatar_url"))
    if avatar:
        avatar = urljoin(BASE + "/", html.unescape(avatar))
        if urlsplit(avatar).scheme not in ("http", "https"):
            avatar = None
    return {
        "username": username,
        "bio": bio,
        "links": unique_links(links),
        "created_at": iso_time(data.get("created_at")),
        "avatar_url": avatar,
    }


def parse_stories(data: Any) -> list[tuple[str, str | None, str | None]]:
    """``(text, created_at, url)`` per story: the title, then the description as text."""
    if not isinstance(data, list):
        raise unreadable("Lobsters", "a list of stories")
    out: list[tuple[str, str | None, str | None]] = []
    for story in data:
        if not isinstance(story, dict):
            continue
        title = read.text(story.get("title"))
        description = story.get("description")
        if isinstance(description, str) and description.strip():
            body, _ = html_to_text(description, drop_quotes=True, drop_code=True)
        else:
            plain = story.get("description_plain")
            body = tidy(plain) if isinstance(plain, str) else ""
        text = "\n".join(part for part in (tidy(html.unescape(title or "")), body) if part)
        if not text:
            continue
        url = read.text(story.get("short_id_url")) or read.text(story.get("comments_url"))
        if url and not url.lower().startswith(("http://", "https://")):
            url = None
        out.append((clip(text) or "", iso_time(story.get("created_at")), url))
    return out


JSON = {"Accept": "application/json"}


def _get_json(ctx: CollectContext, url: str, name: str) -> Any:
    return fetch_json(ctx, url, name, "Lobsters", headers=JSON)


class LobstersCollector(Collector):
    platform = "lobsters"

    def collect(self, name: str, ctx: CollectContext) -> Profile:
        name = self.normalise(name)
        ctx.http.configure_host(HOST, concurrency=1, interval=1.0)
        url = f"{BASE}/~{quote(name)}.json"
        fields = parse_user(_get_json(ctx, url, name))
        avatar = ctx.avatar(fields["avatar_url"], discovered=True) if fields["avatar_url"] else None
        profile = self.record(
            name,
            source=url,
            handle=fields["username"],
            bio=fields["bio"],
            links=fields["links"],
            avatar=avatar,
            created_at=fields["created_at"],
        )
        return self.with_writing(
            profile, ctx, "stories", lambda sample: self._stories(ctx, name, sample)
        )

    def _stories(self, ctx: CollectContext, name: str, sample: WritingSample) -> None:
        for page in range(1, MAX_STORY_PAGES + 1):
            suffix = "" if page == 1 else f"/page/{page}"
            url = f"{BASE}/~{quote(name)}/stories{suffix}.json"
            data = fetch_json(ctx, url, name, "Lobsters", headers=JSON, account_found=True)
            stories = parse_stories(data)
            for text, when, url in stories:
                if not sample.add(text, when, url):
                    break
            if len(data) < STORIES_PER_PAGE or sample.full:
                break


COLLECTOR = LobstersCollector()
