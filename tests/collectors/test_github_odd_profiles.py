"""Odd GitHub profiles: emoji and bytes that are not UTF-8, a sparse organisation, and a huge bio."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from collectors.github import COLLECTOR
from tests.collectors.github_serving import FIX, load
from tests.server import LocalServer


def _serve_only_profile(server: LocalServer, login: str, body: bytes) -> None:
    server.route(f"/users/{login.lower()}").reply(body, content_type="application/json")
    for tail in ("social_accounts", "events/public", "repos", "gists"):
        server.route(f"/users/{login}/{tail}").json([])


def test_emoji_and_non_utf8_bytes(server: LocalServer, make_ctx: Callable[..., Any]) -> None:
    data = load("user_emoji_bio.json")
    body = json.dumps(data).encode("ascii")  # emoji as \\u escapes (surrogate pairs)
    body = body.replace(b"tea drinker", b"th\xe9 drinker\\ud800")  # Latin-1 byte, lone surrogate
    _serve_only_profile(server, "pat-example", body)
    profile = COLLECTOR.collect("pat-example", make_ctx())
    assert profile.bio == "Cartographer 🗺️ and th\ufffd drinker 🍵\nAcme Widgets"
    assert profile.display_name == "Pat 🗺️ Example"
    assert profile.location == "Zürich"
    assert profile.links == []  # mailto: blog, no public web links; e-mail never stored
    assert "pat@example.org" not in json.dumps(profile.to_dict())
    json.dumps(profile.to_dict(), ensure_ascii=False).encode("utf-8")


def test_sparse_organization(server: LocalServer, make_ctx: Callable[..., Any]) -> None:
    body = (FIX / "user_organization_sparse.json").read_bytes()
    _serve_only_profile(server, "example-org", body)
    profile = COLLECTOR.collect("example-org", make_ctx())
    assert profile.handle == "example-org"
    assert (profile.display_name, profile.bio, profile.location) == (None, None, None)
    assert profile.links == [] and profile.posts == []
    assert profile.avatar is not None and profile.avatar.sha256 is None  # the picture 404s
    assert profile.collected is not None and profile.collected.error is None


def test_huge_bio_is_clipped(server: LocalServer, make_ctx: Callable[..., Any]) -> None:
    data = load("user.json")
    data["bio"] = "maps " * 30_000
    data["name"] = "N" * 5000
    _serve_only_profile(server, "Alex-Example", json.dumps(data).encode())
    profile = COLLECTOR.collect("alex-example", make_ctx())
    assert profile.bio is not None
    text, company = profile.bio.split("\n")
    assert len(text) <= 20_001 and text.endswith("…") and company == "@example-org"
    assert profile.display_name is not None and len(profile.display_name) <= 501
