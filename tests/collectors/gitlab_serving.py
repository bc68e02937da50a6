"""Serving GitLab REST API v4 answers for Alex-Example from a local server, for the GitLab
collector's tests: the fixtures (as gitlab.com gives them, or as the GitLab server at another
host would), every route the collector reads, and what it asked for."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.server import LocalServer

FIX = Path(__file__).resolve().parents[2] / "fixtures" / "gitlab"
USERS = "/api/v4/users"
ALEX = "/api/v4/users/4100001"
EVENTS = f"{ALEX}/events"
AVATAR = "/uploads/-/system/user/avatar/4100001/avatar.png"
#: what gitlab.com sends with a page of a list (``x-next-page`` blank on the last page)
PAGE1 = {"x-page": "1", "x-per-page": "100", "x-next-page": "2", "x-prev-page": ""}
PAGE2 = {"x-page": "2", "x-per-page": "100", "x-next-page": "", "x-prev-page": "1"}


def load(name: str, host: str = "gitlab.com") -> Any:
    """A fixture, its addresses on ``host`` (a GitLab server gives its own)."""
    text = (FIX / name).read_text(encoding="utf-8")
    return json.loads(text.replace("https://gitlab.com/", f"https://{host}/"))


def raw(name: str) -> bytes:
    return (FIX / name).read_bytes()


def events_query(page: int) -> dict[str, str]:
    return {"per_page": "100", "page": str(page)}


def serve(server: LocalServer, *, events: bool = True, host: str = "gitlab.com") -> None:
    """Every address the collector reads for Alex-Example, on the GitLab server at ``host``."""
    lookup = load("users_lookup.json", host)
    server.route(USERS, query={"username": "alex-example"}).json(lookup)
    server.route(ALEX).json(load("user.json", host))
    server.route(AVATAR).reply(raw("avatar.png"), content_type="image/png")
    if events:
        for page, headers in ((1, PAGE1), (2, PAGE2)):
            answer = load(f"events_page{page}.json", host)
            server.route(EVENTS, query=events_query(page)).json(answer, headers=headers)


def requested(server: LocalServer, path: str) -> list[dict[str, str]]:
    return [dict(r.args) for r in server.requests if r.path == path]
