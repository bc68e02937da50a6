"""Every gentle platform's collector asks the HTTP layer for its polite pacing, always (the
HTTP layer alone decides whether to apply it: ``HttpConfig.host_settings``)."""

from __future__ import annotations

import re

import pytest

from collectors import registry
from collectors.errors import CollectError
from tests.server import LocalServer

#: platform, a handle, the host it asks to pace, the interval it asks for (concurrency 1)
GENTLE = [
    ("bluesky", "alex.example.social", "public.api.bsky.app", 0.5),
    ("codeberg", "alex-example", "codeberg.org", 0.5),
    ("gitlab", "alex-example", "gitlab.com", 0.5),
    ("gitlab", "alex-example@git.example.org", "git.example.org", 0.5),
    ("forgejo", "alex-example@git.example.org:3000", "git.example.org:3000", 0.5),
    ("hackernews", "alexexample", "hn.algolia.com", 1.0),
    ("lobsters", "alexexample", "lobste.rs", 1.0),
    ("mastodon", "alex@example.social", "example.social", 0.5),
    ("reddit", "alexexample", "www.reddit.com", 1.0),
]


@pytest.mark.parametrize(("platform", "handle", "host", "interval"), GENTLE)
@pytest.mark.parametrize("applied", [True, False])
def test_collector_asks_for_its_pacing(
    server: LocalServer, make_ctx, platform, handle, host, interval, applied: bool
) -> None:
    # nobody is there (a WebFinger answer that names no server lets Mastodon go on to its API)
    server.route("/.well-known/webfinger").json({})
    server.route(re.compile(".*")).reply("", status=404)
    ctx = make_ctx(host_settings=applied)
    waits: list[float] = []
    ctx.http.sleep = waits.append
    with pytest.raises(CollectError):
        registry.get(platform).collect(handle, ctx)
    gate = ctx.http._gate(f"https://{host}/")
    if applied:
        assert (gate.limit, gate.interval) == (1, interval)
    else:  # tests and the demo: the run's own settings (fast_config: no interval)
        assert (gate.limit, gate.interval) == (ctx.http.config.per_host_concurrency, 0.0)
