"""Following links from collected profiles, through the address guard."""

from __future__ import annotations

from collectors.base import CollectContext
from collectors.http import HttpClient, HttpConfig
from linkage.discovery import follow_links, links_to_follow
from linkage.records import Profile

PAGE = """<!DOCTYPE html><html><head><title>Forgotten blog</title></head>
<body><div class="h-card"><span class="p-name">Ada Example</span></div>
<a rel="me" href="https://github.com/ada-x">GitHub</a></body></html>"""


def test_links_to_follow_skips_known_accounts_and_shorteners():
    gh = Profile(
        id="github:ada-x",
        platform="github",
        handle="ada-x",
        url="https://github.com/ada-x",
        links=[
            "https://old-blog.example.net/",
            "https://t.co/abc",
            "https://www.github.com/ada-x/",
        ],
    )
    reddit = Profile(
        id="reddit:ada",
        platform="reddit",
        handle="ada",
        links=["https://github.com/ada-x", "https://reddit.com/user/someone"],
    )
    found = {
        f.handle.id: f.how
        for f in links_to_follow([gh, reddit], {"github:ada-x", "https://github.com/ada-x"})
    }
    assert found == {
        "web:https://old-blog.example.net/": "linked from github:ada-x",
        "reddit:someone": "linked from reddit:ada",
    }


def test_follow_links_collects_public_and_refuses_private(httpserver):
    httpserver.no_handler_status_code = 404  # no feed anywhere
    httpserver.expect_request("/").respond_with_data(PAGE, content_type="text/html")
    base = httpserver.url_for("/").rstrip("/")
    config = HttpConfig(
        endpoints={"old-blog.example.net": base},
        max_retries=0,
        min_interval=0.0,
        host_settings=False,
    )
    with HttpClient(config) as http:
        ctx = CollectContext(http=http, env={})
        start = Profile(
            id="github:ada-x",
            platform="github",
            handle="ada-x",
            url="https://github.com/ada-x",
            persona="professional",
            links=[
                "https://old-blog.example.net/",
                "http://127.0.0.1:9/admin",
                "http://169.254.169.254/latest/meta-data/",
            ],
        )
        found = {p.id: p for p in follow_links([start], ctx)}
    blog = found["web:https://old-blog.example.net/"]
    assert blog.ok and blog.display_name == "Ada Example" and blog.persona is None
    assert blog.discovered_by == "linked from github:ada-x"
    for private in ("web:http://127.0.0.1:9/admin", "web:http://169.254.169.254/latest/meta-data/"):
        assert found[private].collected.error.startswith("refused:"), found[private].collected.error
    assert all(r.headers.get("Host") == "old-blog.example.net" for r, _ in httpserver.log)
