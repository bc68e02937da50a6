"""Answers saved before a moment (``HttpConfig.fresh_after``: the last kept audit of the
accounts) are asked for again, conditionally where they carry a validator; answers saved after
it are served from the cache, and say when they were saved."""

from __future__ import annotations

import time
from pathlib import Path

from tests.collectors.http.test_cache import etag_handler
from tests.server import LocalServer

URL = "https://api.example.com/users/alex"


def test_an_answer_saved_before_fresh_after_is_fetched_again(
    server: LocalServer, make_client, tmp_path: Path
) -> None:
    server.route("/users/alex", once=True).reply("before")
    server.route("/users/alex").reply("after")
    first = make_client(cache_dir=tmp_path).get(URL)
    assert first.saved_at is None  # fetched, not saved earlier
    later = make_client(cache_dir=tmp_path, fresh_after=time.time() + 1).get(URL)
    assert later.content == b"after" and not later.from_cache and later.saved_at is None
    assert len(server.requests) == 2


def test_an_answer_saved_before_fresh_after_is_revalidated_with_its_etag(
    server: LocalServer, make_client, tmp_path: Path
) -> None:
    server.route("/users/alex").handle(etag_handler(b'{"v": 1}'))
    make_client(cache_dir=tmp_path).get(URL)
    later = make_client(cache_dir=tmp_path, fresh_after=time.time() + 1).get(URL)
    assert server.requests[1].headers.get("If-None-Match") == '"v1"'
    assert server.requests[1].status == 304
    # confirmed by the site just now: as fresh as a new answer
    assert later.json() == {"v": 1} and later.saved_at is None


def test_an_answer_saved_after_fresh_after_comes_from_the_cache_with_its_time(
    server: LocalServer, make_client, tmp_path: Path
) -> None:
    server.route("/users/alex").reply("kept")
    before = time.time()
    make_client(cache_dir=tmp_path).get(URL)
    again = make_client(cache_dir=tmp_path, fresh_after=before - 60).get(URL)
    assert again.from_cache and again.content == b"kept"
    assert again.saved_at is not None and before - 1 <= again.saved_at <= time.time()
    assert len(server.requests) == 1
