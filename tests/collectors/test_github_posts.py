"""The GitHub collector's writing: limits on posts and words, the pages of events and the next
links it will not follow, and commit trailers."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from collectors import github
from collectors.github import COLLECTOR
from tests.collectors.github_serving import NEXT_PAGE, TOKEN, load, paths, serve_user
from tests.server import Answer, LocalServer, Request


def test_writing_limits_stop_fetching(server: LocalServer, make_ctx: Callable[..., Any]) -> None:
    serve_user(server)
    profile = COLLECTOR.collect("alex-example", make_ctx(max_posts=3))
    assert len(profile.posts) == 3
    assert profile.collected is not None and profile.collected.error is None
    requested = paths(server)
    assert NEXT_PAGE not in requested
    assert "/users/Alex-Example/repos" not in requested
    assert "/users/Alex-Example/gists" not in requested


def test_word_limit(server: LocalServer, make_ctx: Callable[..., Any]) -> None:
    serve_user(server)
    profile = COLLECTOR.collect("alex-example", make_ctx(max_words=20))
    assert sum(len(post.text.split()) for post in profile.posts) == 20


def test_events_pages_are_capped(server: LocalServer, make_ctx: Callable[..., Any]) -> None:
    event = load("events_page2.json")

    def endless(request: Request) -> Answer:
        page = int(request.args.get("page", "1"))
        link = f'<https://api.github.com{NEXT_PAGE}?per_page=100&page={page + 1}>; rel="next"'
        return Answer.data(
            json.dumps(event), content_type="application/json", headers={"Link": link}
        )

    server.route("/users/alex-example").json(load("user.json"))
    server.route("/users/Alex-Example/social_accounts").json([])
    server.route("/users/Alex-Example/events/public").handle(endless)
    server.route(NEXT_PAGE).handle(endless)
    server.route("/users/Alex-Example/repos").json([])
    server.route("/users/Alex-Example/gists").json([])
    profile = COLLECTOR.collect("alex-example", make_ctx())
    event_paths = [p for p in paths(server) if p.endswith("/events/public")]
    assert len(event_paths) == 3
    assert len(profile.posts) == 3


def test_next_link_to_another_host_is_not_followed(
    server: LocalServer, make_ctx: Callable[..., Any]
) -> None:
    link = '<https://collector.example/steal?page=2>; rel="next"'
    server.route("/users/alex-example").json(load("user.json"))
    server.route("/users/Alex-Example/social_accounts").json([])
    server.route("/users/Alex-Example/events/public").json(
        load("events_page2.json"), headers={"Link": link}
    )
    server.route("/users/Alex-Example/repos").json([])
    server.route("/users/Alex-Example/gists").json([])
    profile = COLLECTOR.collect("alex-example", make_ctx(env={"GITHUB_TOKEN": TOKEN}))
    assert "/steal" not in paths(server)
    assert [p.text for p in profile.posts] == ["Second page comment about projections."]


def test_next_link_loop_is_not_followed(server: LocalServer, make_ctx: Callable[..., Any]) -> None:
    itself = '<https://api.github.com/users/Alex-Example/events/public?per_page=100>; rel="next"'
    server.route("/users/alex-example").json(load("user.json"))
    server.route("/users/Alex-Example/social_accounts").json([])
    server.route("/users/Alex-Example/events/public").json(
        load("events_page2.json"), headers={"Link": itself}
    )
    server.route("/users/Alex-Example/repos").json([])
    server.route("/users/Alex-Example/gists").json([])
    profile = COLLECTOR.collect("alex-example", make_ctx())
    assert paths(server).count("/users/Alex-Example/events/public") == 1
    assert len(profile.posts) == 1


def test_commit_trailers_dropped() -> None:
    message = (
        "Tidy the tile loader\n\nSplit reading from decoding.\n\n"
        "Signed-off-by: A <a@example.org>\nco-authored-by: B <b@example.org>\n"
        "Reviewed-by: C <c@example.org>"
    )
    assert github.commit_text(message) == "Tidy the tile loader\n\nSplit reading from decoding."
