"""Serving Stack Exchange's answers (API 2.3: the filter, the user, answers and comments, and
Gravatar's pictures) from a local server, for the Stack Exchange collector's tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.server import Answer, LocalServer, Request

FIX = Path(__file__).resolve().parents[2] / "fixtures" / "stackexchange"
MD5 = "0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e"
FILTER = "!T3AudpjMHm0Shx0yfB"
UID = "1000001"


def load(name: str) -> Any:
    return json.loads((FIX / name).read_text(encoding="utf-8"))


def raw(name: str) -> bytes:
    return (FIX / name).read_bytes()


def serve_profile(server: LocalServer, user: str = "user.json", *, picture: bool = True) -> None:
    server.route(
        "/2.3/filters/create",
        query={"include": "user.about_me", "base": "default", "unsafe": "false"},
    ).json(load("filter_create.json"))
    server.route(f"/2.3/users/{UID}", query={"site": "stackoverflow", "filter": FILTER}).json(
        load(user)
    )
    probe = server.route(f"/avatar/{MD5}", query={"s": "256", "d": "404"})
    if picture:
        probe.reply(raw("uploaded.png"), content_type="image/png")
    else:
        probe.reply(b"", status=404)
    server.route(f"/avatar/{MD5}", query={"s": "256", "d": "identicon", "r": "PG"}).reply(
        raw("identicon.png"), content_type="image/png"
    )


def serve_writing(server: LocalServer, events: list[tuple[str, Any]] | None = None) -> None:
    def answers(request: Request) -> Answer:
        page = request.args.get("page")
        assert request.args.get("filter") == "withbody"
        assert request.args.get("site") == "stackoverflow"
        if events is not None:
            events.append(("answers", page))
        name = "answers_page1.json" if page == "1" else "answers_page2.json"
        return Answer.data(raw(name), content_type="application/json")

    def comments(request: Request) -> Answer:
        if events is not None:
            events.append(("comments", request.args.get("page")))
        return Answer.data(raw("comments.json"), content_type="application/json")

    server.route(f"/2.3/users/{UID}/answers").handle(answers)
    server.route(f"/2.3/users/{UID}/comments").handle(comments)


def recording_sleep(ctx, events: list[tuple[str, Any]]) -> None:
    """Observe the waits the collector asks for (without spending the time in tests)."""
    ctx.http.sleep = lambda seconds: events.append(("sleep", seconds))
