"""Serving Forgejo API v1 answers for Alex-Example from a local server, for the Codeberg and
Forgejo collectors' tests: the fixtures (as codeberg.org gives them, or as the Forgejo server at
another host would), every route the collector reads, and what it asked for."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.server import LocalServer

FIX = Path(__file__).resolve().parents[2] / "fixtures" / "codeberg"
ALEX = "/api/v1/users/alex-example"
FEED = "/api/v1/users/Alex-Example/activities/feeds"
AVATAR = "/avatars/8d0c2a7f4b1e9d3c5a6f7e8b9c0d1e2f"


def page_headers(page: int, host: str = "codeberg.org") -> dict[str, str]:
    """What a Forgejo server sends with the first or second of two pages of a list (50 a
    page, 57 in all)."""
    feed = f"https://{host}/api/v1/users/Alex-Example/activities/feeds?limit=50"
    first = f"{feed}&only-performed-by=true&page=1"
    second = f"{feed}&only-performed-by=true&page=2"
    links = (
        f'<{second}>; rel="next",<{second}>; rel="last"'
        if page == 1
        else f'<{first}>; rel="first",<{first}>; rel="prev"'
    )
    return {"X-Total-Count": "57", "Link": links}


PAGE1 = page_headers(1)
PAGE2 = page_headers(2)


def load(name: str, host: str = "codeberg.org") -> Any:
    """A fixture, its addresses on ``host`` (a Forgejo server gives its own)."""
    text = (FIX / name).read_text(encoding="utf-8")
    return json.loads(text.replace("codeberg.org", host))


def raw(name: str) -> bytes:
    return (FIX / name).read_bytes()


def feed_query(page: int) -> dict[str, str]:
    return {"only-performed-by": "true", "limit": "50", "page": str(page)}


def serve(server: LocalServer, *, feed: bool = True, host: str = "codeberg.org") -> None:
    """Every address the collector reads for Alex-Example, on the Forgejo server at ``host``."""
    server.route(ALEX).json(load("user.json", host))
    server.route(AVATAR).reply(raw("avatar.png"), content_type="image/png")
    if feed:
        for page in (1, 2):
            answer = load(f"feed_page{page}.json", host)
            headers = page_headers(page, host)
            server.route(FEED, query=feed_query(page)).json(answer, headers=headers)


def requested(server: LocalServer, path: str) -> list[dict[str, str]]:
    return [dict(r.args) for r in server.requests if r.path == path]
