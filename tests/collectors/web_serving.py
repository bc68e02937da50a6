"""Serving realistic blog and personal-site pages from a local server, for the web collector's
tests: routes, and what the collector asked for."""

from __future__ import annotations

import re
from pathlib import Path

from tests.server import LocalServer

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "web"
HTML = "text/html; charset=utf-8"
ATOM = "application/atom+xml; charset=utf-8"
RSS = "application/rss+xml; charset=UTF-8"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def serve(
    server: LocalServer,
    path: str,
    body: bytes | str = b"",
    content_type: str = HTML,
    *,
    status: int = 200,
    host: str | None = None,
    query: str | None = None,
    headers: dict[str, str] | None = None,
) -> None:
    server.route(path, query=query, headers={"Host": host} if host else None).reply(
        body, status=status, content_type=content_type, headers=headers
    )


def not_found_elsewhere(server: LocalServer) -> None:
    """Everything not served explicitly is a 404 (registered last, so it matches last)."""
    server.route(re.compile(".*")).reply("gone", status=404)


def requested(server: LocalServer) -> list[str]:
    """The paths (with query) the collector asked for, in order."""
    out = []
    for request in server.requests:
        query = request.query
        out.append(request.path + (f"?{query}" if query else ""))
    return out


def hosts_asked(server: LocalServer) -> list[tuple[str, str]]:
    return [(request.headers.get("Host", ""), request.path) for request in server.requests]
