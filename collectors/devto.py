"""dev.to (the Forem API): a user's profile and their recent articles.

Sources (``shared/reference/platforms.md`` §10; forem/forem ``swagger/v1/api_v1.json``):
``GET /api/users/by_username?url=NAME`` for the profile, ``GET /api/articles?username=NAME``
(newest first, paged) for articles, and ``GET /api/articles/{id}`` for the Markdown body of the
newest few. Version 1 of the API wants ``Accept: application/vnd.forem.api-v1+json``.

Checked against the Forem API v1 (``users/by_username``, ``articles``), 2026-12: ``summary``,
``location``, ``website_url``, ``twitter_username`` and ``github_username`` may be null or
``""``; strings may hold entities; ``published_at`` and ``published_timestamp`` are ISO 8601
(anything else is no time); a failing page of articles after the profile was read is that
page's failure, never "no such user".
"""

from __future__ import annotations

import re
from typing import Any

from collectors import read
from collectors.base import CollectContext, Collector, WritingSample, fetch_json
from collectors.errors import CollectError, NotFound
from collectors.http.status_words import unreadable
from collectors.text import clean_markdown, clip, unique_links, urls_in_text
from collectors.websocial import github_link, x_link
from linkage.records import Profile

API = "https://dev.to/api"
SITE = "https://dev.to"
HEADERS = {"Accept": "application/vnd.forem.api-v1+json"}
PER_PAGE = 30
MAX_PAGES = 3
#: how many of the newest articles have their full body fetched
ARTICLE_BODIES = 3

_JOINED = re.compile(r"^([A-Za-z]{3})[a-z]*\.?\s+(\d{1,2}),?\s+(\d{4})$")
_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}


def joined_date(value: Any) -> str | None:
    """ISO date from dev.to's display string (``"Oct  7, 2026"`` → ``"2026-10-07"``)."""
    if not isinstance(value, str):
        return None
    match = _JOINED.match(" ".join(value.split()))
    if not match:
        return None
    month = _MONTHS.get(match.group(1).lower())
    day, year = int(match.group(2)), int(match.group(3))
    if month is None or not 1 <= day <= 31 or not 1990 <= year <= 9999:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def parse_user(data: Any) -> dict[str, Any]:
    """Profile fields from ``/users/by_username``."""
    if not isinstance(data, dict):
        raise unreadable("dev.to", "a profile")
    if data.get("status") == 404 or data.get("error"):
        raise NotFound("dev.to has no such user. Check the spelling of the handle.")
    username = read.text(data.get("username"))
    if not username:
        raise unreadable("dev.to", "a profile (it has no username)")
    bio = read.plain(data.get("summary"))
    links: list[str | None] = [read.text(data.get("website_url"))]
    links.append(github_link(read.text(data.get("github_username"))))
    links.append(x_link(read.text(data.get("twitter_username"))))
    links.extend(urls_in_text(bio))
    return {
        "username": username,
        "display_name": read.plain(data.get("name")),
        "bio": bio,
        "location": read.plain(data.get("location")),
        "links": unique_links(links),
        "created_at": joined_date(data.get("joined_at")),
        "profile_image": read.web(data.get("profile_image")),
    }


def parse_articles(data: Any) -> list[dict[str, Any]]:
    """One dict per article in a ``/articles`` list: id, title, description, url, published."""
    if not isinstance(data, list):
        raise unreadable("dev.to", "a list of articles")
    out = []
    for item in data:
        if not isinstance(item, dict):
            continue
        article_id = item.get("id")
        published = read.iso(item.get("published_at")) or read.iso(item.get("published_timestamp"))
        out.append(
            {
                "id": article_id
                if isinstance(article_id, int) and not isinstance(article_id, bool)
                else None,
                "title": read.plain(item.get("title")),
                "description": read.plain(item.get("description")),
                "url": read.web(item.get("url")) or read.web(item.get("canonical_url")),
                "published_at": published,
            }
        )
    return out


def article_body(data: Any) -> str | None:
    """The Markdown body of one ``/articles/{id}`` answer as plain writing, or None."""
    if not isinstance(data, dict):
        return None
    body = data.get("body_markdown")
    if not isinstance(body, str):
        return None
    # front matter (--- ... ---) holds the title and tags, not writing
    body = re.sub(r"\A\s*---\n.*?\n---\s*\n", "", body.replace("\r\n", "\n"), flags=re.S)
    # liquid tags such as {% embed … %} are not writing either
    body = re.sub(r"\{%.*?%\}", " ", body, flags=re.S)
    return clip(clean_markdown(body)) or None


def _get_json(ctx: CollectContext, url: str, name: str) -> Any:
    return fetch_json(ctx, url, name, "dev.to", headers=HEADERS)


class DevtoCollector(Collector):
    platform = "devto"

    def collect(self, name: str, ctx: CollectContext) -> Profile:
        name = self.normalise(name)
        source = f"{API}/users/by_username?url={name}"
        fields = parse_user(_get_json(ctx, source, name))
        image = fields["profile_image"]
        profile = self.record(
            name,
            source=source,
            handle=fields["username"],
            display_name=fields["display_name"],
            bio=fields["bio"],
            location=fields["location"],
            links=fields["links"],
            avatar=ctx.avatar(image, discovered=True) if image else None,
            created_at=fields["created_at"],
        )
        return self.with_writing(
            profile, ctx, "articles", lambda sample: self._articles(ctx, name, sample)
        )

    def _articles(self, ctx: CollectContext, name: str, sample: WritingSample) -> None:
        bodies = 0
        for page in range(1, MAX_PAGES + 1):
            url = f"{API}/articles?username={name}&per_page={PER_PAGE}&page={page}"
            data = fetch_json(ctx, url, name, "dev.to", headers=HEADERS, account_found=True)
            articles = parse_articles(data)
            for article in articles:
                body = None
                if bodies < ARTICLE_BODIES and article["id"] is not None:
                    bodies += 1
                    body = self._body(ctx, article["id"])
                text = "\n".join(
                    part for part in (article["title"], body or article["description"]) if part
                )
                if not sample.add(text, article["published_at"], article["url"]):
                    break
            if len(data) < PER_PAGE or sample.full:
                break

    def _body(self, ctx: CollectContext, article_id: int) -> str | None:
        """The full text of one article; None (use the description) if it cannot be read."""
        try:
            response = ctx.http.get(f"{API}/articles/{article_id}", headers=HEADERS)
            if response.status != 200:
                return None
            return article_body(response.json())
        except CollectError:
            return None


COLLECTOR = DevtoCollector()
