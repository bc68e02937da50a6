"""Serving Reddit's answers (the profile, its comments and submissions, the icon) from a local
server, for the Reddit collector's tests."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from PIL import Image

from tests.server import LocalServer

FIX = Path(__file__).resolve().parents[2] / "fixtures" / "reddit"
ICON_PATH = "/t5_2abcde/styles/profileIcon_q1w2e3r4t5.png"


def fixture(name: str) -> str:
    return (FIX / name).read_text(encoding="utf-8")


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (32, 32), (40, 120, 200)).save(buffer, format="PNG")
    return buffer.getvalue()


def serve_json(server: LocalServer, path: str, body: str, status: int = 200, **match: Any) -> None:
    server.route(path, **match).reply(
        body, status=status, content_type="application/json; charset=UTF-8"
    )


def serve_profile(
    server: LocalServer, name: str = "quiet_reader", about: str = "about.json"
) -> None:
    serve_json(server, f"/user/{name}/about.json", fixture(about), query={"raw_json": "1"})
    serve_json(
        server,
        f"/user/{name}/comments.json",
        fixture("comments_page1.json"),
        query={"limit": "100", "raw_json": "1"},
    )
    serve_json(
        server,
        f"/user/{name}/comments.json",
        fixture("comments_page2.json"),
        query={"limit": "100", "raw_json": "1", "after": "t1_c3"},
    )
    serve_json(
        server,
        f"/user/{name}/submitted.json",
        fixture("submitted.json"),
        query={"limit": "100", "raw_json": "1"},
    )
    server.route(ICON_PATH).reply(png(), content_type="image/png")


def requested(server: LocalServer) -> list[str]:
    return [request.target for request in server.requests]
