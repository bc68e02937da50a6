"""Serving Bluesky's answers (the public AppView's profile and author feed, and the avatar
from the CDN) from a local server, for the Bluesky collector's tests."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from PIL import Image

from tests.server import LocalServer

FIX = Path(__file__).resolve().parents[2] / "fixtures" / "bluesky"
APPVIEW = "public.api.bsky.app"
PROFILE = "/xrpc/app.bsky.actor.getProfile"
FEED = "/xrpc/app.bsky.feed.getAuthorFeed"
DID = "did:plc:aliceexample234567abcdef"
FEED_QUERY = {"actor": DID, "limit": "100", "filter": "posts_with_replies"}
AVATAR = f"/img/avatar/plain/{DID}/bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy@jpeg"


def text(name: str) -> str:
    return (FIX / name).read_text(encoding="utf-8")


def fixture(name: str) -> Any:
    return json.loads(text(name))


def jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), (30, 90, 200)).save(buffer, format="JPEG")
    return buffer.getvalue()


def serve(
    server: LocalServer,
    path: str,
    name: str | None = None,
    *,
    query: dict[str, str] | None = None,
    status: int = 200,
    body: str | None = None,
    content_type: str = "application/json; charset=utf-8",
) -> None:
    data = body if body is not None else text(name) if name else ""
    server.route(path, query=query, headers={"Host": APPVIEW}).reply(
        data, status=status, content_type=content_type
    )


def profile_answer(
    server: LocalServer, name: str = "profile.json", actor: str = "alice.example.org", **kw: Any
) -> None:
    serve(server, PROFILE, name, query={"actor": actor}, **kw)


def feed(server: LocalServer) -> None:
    serve(server, FEED, "feed_page1.json", query=FEED_QUERY)
    cursor = fixture("feed_page1.json")["cursor"]
    serve(server, FEED, "feed_page2.json", query={**FEED_QUERY, "cursor": cursor})


def avatar(server: LocalServer) -> None:
    server.route(AVATAR, headers={"Host": "cdn.bsky.app"}).reply(jpeg(), content_type="image/jpeg")
