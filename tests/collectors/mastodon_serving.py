"""Serving Mastodon's answers (WebFinger, the account lookup, statuses and avatars) from a local
server, for the Mastodon collector's tests."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from PIL import Image

from tests.server import LocalServer

FIX = Path(__file__).resolve().parents[2] / "fixtures" / "mastodon"
STATUSES = "/api/v1/accounts/109000000000000001/statuses"
FIRST_PAGE = {"exclude_reblogs": "true", "limit": "40"}
AVATAR = "/accounts/avatars/109/000/000/000/000/001/original/a1b2c3d4.png"


def text(name: str) -> str:
    return (FIX / name).read_text(encoding="utf-8")


def fixture(name: str) -> Any:
    return json.loads(text(name))


def png(colour: tuple[int, int, int] = (200, 40, 40)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), colour).save(buffer, format="PNG")
    return buffer.getvalue()


def serve(
    server: LocalServer,
    path: str,
    name: str | None = None,
    *,
    host: str = "example.social",
    query: dict[str, str] | None = None,
    status: int = 200,
    body: str | bytes | None = None,
    headers: dict[str, str] | None = None,
    content_type: str = "application/json; charset=utf-8",
) -> None:
    """Answer ``path`` on ``host`` with a fixture file (or ``body``)."""
    data = body if body is not None else text(name) if name else ""
    server.route(path, query=query, headers={"Host": host}).reply(
        data, status=status, headers=headers, content_type=content_type
    )


def webfinger(server: LocalServer, name: str = "webfinger.json", **kw: Any) -> None:
    serve(
        server,
        "/.well-known/webfinger",
        name,
        query={"resource": "acct:alice@example.social"},
        **{"content_type": "application/jrd+json; charset=utf-8", **kw},
    )


def lookup(server: LocalServer, name: str = "account.json", **kw: Any) -> None:
    serve(server, "/api/v1/accounts/lookup", name, query={"acct": "alice"}, **kw)


def statuses(server: LocalServer, host: str = "example.social") -> None:
    nxt = f"https://{host}{STATUSES}?exclude_reblogs=true&limit=40&max_id=112000000000000005"
    prev = f"https://{host}{STATUSES}?exclude_reblogs=true&limit=40&min_id=112000000000000010"
    link = f'<{nxt}>; rel="next", <{prev}>; rel="prev"'
    serve(
        server, STATUSES, "statuses_page1.json", host=host, query=FIRST_PAGE, headers={"Link": link}
    )
    page2 = {**FIRST_PAGE, "max_id": "112000000000000005"}
    serve(server, STATUSES, "statuses_page2.json", host=host, query=page2)


def avatar(server: LocalServer, host: str = "files.example.social") -> None:
    server.route(AVATAR, headers={"Host": host}).reply(png(), content_type="image/png")
