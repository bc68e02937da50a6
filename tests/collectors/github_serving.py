"""Serving GitHub REST API answers for Alex-Example from a local server, for the GitHub
collector's tests: the fixtures, every route the collector reads, and what it asked for."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from PIL import Image

from tests.server import LocalServer, Request

FIX = Path(__file__).resolve().parents[2] / "fixtures" / "github"
TOKEN = "ghp_FictionalToken0123456789"
NEXT_PAGE = "/user/1000001/events/public"


def load(name: str) -> Any:
    return json.loads((FIX / name).read_text(encoding="utf-8"))


def png() -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", (32, 32), (30, 90, 160))
    image.paste((240, 200, 40), (8, 8, 24, 24))
    image.save(out, format="PNG")
    return out.getvalue()


def serve_user(server: LocalServer, *, etag: str | None = None, events: bool = True) -> None:
    """Every endpoint the collector reads for Alex-Example, shaped like GitHub's answers."""
    headers = {"ETag": etag} if etag else {}
    server.route("/users/alex-example").json(load("user.json"), headers=headers)
    server.route("/users/Alex-Example/social_accounts").json(load("social_accounts.json"))
    if events:
        next_link = (
            f'<https://api.github.com{NEXT_PAGE}?per_page=100&page=2>; rel="next", '
            f'<https://api.github.com{NEXT_PAGE}?per_page=100&page=2>; rel="last"'
        )
        server.route("/users/Alex-Example/events/public", query={"per_page": "100"}).json(
            load("events_page1.json"), headers={"Link": next_link}
        )
        server.route(NEXT_PAGE, query={"per_page": "100", "page": "2"}).json(
            load("events_page2.json")
        )
    server.route(
        "/users/Alex-Example/repos",
        query={"type": "owner", "sort": "pushed", "per_page": "100"},
    ).json(load("repos.json"))
    for repo in ("tool", "notes"):
        server.route(
            f"/repos/Alex-Example/{repo}/commits",
            query={"author": "Alex-Example", "per_page": "30"},
        ).json(load(f"commits_{repo}.json"))
    server.route("/users/Alex-Example/gists", query={"per_page": "100"}).json(load("gists.json"))
    server.route("/u/1000001", query={"v": "4"}).reply(png(), content_type="image/png")


def paths(server: LocalServer) -> list[str]:
    return [request.path for request in server.requests]


def api_requests(server: LocalServer) -> list[Request]:
    return [r for r in server.requests if r.headers.get("Host") == "api.github.com"]
