"""Following links from collected profiles, through the address guard."""

from __future__ import annotations

import socket

from collectors.base import CollectContext
from collectors.http import HttpClient, HttpConfig
from linkage.discovery import follow_links, links_to_follow
from linkage.records import Profile
from tests.robustness.faults import REBINDING_NAME, rebinding_resolver
from tests.server import NOT_FOUND

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
            # export-only platforms: accounts, but never websites (their pages show a visitor
            # the sign-in page, not the account)
            "https://x.com/ada_x",
            "https://www.linkedin.com/in/ada-x",
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
        "x:ada_x": "linked from github:ada-x",
        "linkedin:ada-x": "linked from github:ada-x",
        "reddit:someone": "linked from reddit:ada",
    }


#: an X export listed in the audit, as the importer records it (``collectors/archives``)
X_EXPORT = Profile(id="x:Bo_Wren", platform="x", handle="Bo_Wren", url="https://x.com/Bo_Wren")


def test_links_to_accounts_only_an_export_shows_are_found_accounts():
    """A profile's link to an X, LinkedIn, Instagram or Facebook profile was dropped (no
    platform reads it from the web): an outsider can follow it, so it is a found account.
    x.com and twitter.com name one account; an account listed as its export is not found
    again; addresses there that are nobody's profile stay skipped."""
    gh = Profile(
        id="github:ada-x",
        platform="github",
        handle="ada-x",
        links=[
            "https://x.com/ada_x",
            "https://twitter.com/Ada_X/",  # the same account, another spelling
            "https://twitter.com/bo_wren",  # listed, as its X export
            "https://www.linkedin.com/in/ada-x-maps/",
            "https://www.instagram.com/ada.knits/",
            "https://x.com/intent/tweet?text=hi",
            "https://x.com/home",
            "https://x.com/ada_x/status/1234567890",
            "https://www.linkedin.com/company/acme-maps/",
            "https://www.linkedin.com/feed/",
            "https://www.facebook.com/sharer/sharer.php?u=https://ada.example.org",
        ],
    )
    known = {"github:ada-x", "x:bo_wren", "https://x.com/bo_wren"}
    found = {f.handle.id: (f.how, f.url) for f in links_to_follow([gh, X_EXPORT], known)}
    assert found == {
        "x:ada_x": ("linked from github:ada-x", "https://x.com/ada_x"),
        "linkedin:ada-x-maps": ("linked from github:ada-x", "https://linkedin.com/in/ada-x-maps"),
        "instagram:ada.knits": ("linked from github:ada-x", "https://instagram.com/ada.knits"),
    }


def test_an_account_only_an_export_shows_is_recorded_unread_and_never_fetched(server):
    """Followed, such a link is recorded as an account found and not read, saying why and
    what to do; no request is made for it (every host is mapped to the test server, which
    would see one); the account listed as its export is not found again."""
    config = HttpConfig(endpoints={"*": server.url}, max_retries=0, host_settings=False)
    start = Profile(
        id="github:ada-x",
        platform="github",
        handle="ada-x",
        persona="professional",
        links=[
            "https://twitter.com/ada_x",
            "https://x.com/BO_WREN",
            "https://linkedin.com/in/ada-x",
        ],
    )
    with HttpClient(config) as http:
        found = {
            p.id: p for p in follow_links([start, X_EXPORT], CollectContext(http=http, env={}))
        }
    assert server.requests == []
    assert set(found) == {"x:ada_x", "linkedin:ada-x"}
    x = found["x:ada_x"]
    assert not x.ok and x.persona is None and x.discovered_by == "linked from github:ada-x"
    assert x.url == "https://x.com/ada_x" and x.collected.collector == "discovery"
    assert x.collected.error == (
        "refused: X shows its profiles only to visitors who sign in, so linkage cannot read it "
        "from the web; if it is yours, add its X data export to the accounts file "
        '(archive = "PATH": the file X lets its owner download from its settings).'
    )
    assert "LinkedIn data export" in found["linkedin:ada-x"].collected.error


def test_follow_links_collects_public_and_refuses_private(server):
    server.unrouted = NOT_FOUND  # no feed anywhere
    server.route("/").reply(PAGE, content_type="text/html")
    base = server.url
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
    assert all(r.headers.get("Host") == "old-blog.example.net" for r in server.requests)


def test_a_star_mapping_does_not_let_discovered_private_links_through(server):
    """With every host mapped (``--endpoint '*=BASE'``) the public blog is collected at the
    mapped base, and the private links are still refused as written, never requested."""
    server.unrouted = NOT_FOUND
    server.route("/").reply(PAGE, content_type="text/html")
    base = server.url
    config = HttpConfig(endpoints={"*": base}, max_retries=0, min_interval=0.0, host_settings=False)
    private = ["http://0xa9.254.169.254/latest/", "http://[::1]:9/admin", "http://api.localhost/"]
    with HttpClient(config) as http:
        start = Profile(
            id="github:ada-x",
            platform="github",
            handle="ada-x",
            url="https://github.com/ada-x",
            links=["https://old-blog.example.net/", *private],
        )
        found = {p.id: p for p in follow_links([start], CollectContext(http=http, env={}))}
    assert found["web:https://old-blog.example.net/"].ok
    for link in private:
        error = found[f"web:{link}"].collected.error
        assert error.startswith("refused:") and "private or local network" in error, error
    assert {r.headers.get("Host") for r in server.requests} <= {
        "old-blog.example.net",
        "github.com",
    }


def test_accounts_found_by_discovery_are_fetched_through_the_guard(server):
    """Every request for a discovered account meets the guard, not only the first check: a
    discovered blog on a name that rebinds (public when discovery checks it, loopback after)
    never reaches the loopback server."""
    server.route("/").reply(PAGE, content_type="text/html")
    config = HttpConfig(max_retries=0, min_interval=0.0, host_settings=False)
    link = f"http://{REBINDING_NAME}:{server.port}/"
    with (
        HttpClient(config) as http,
        rebinding_resolver(stand_in_port=9) as asked,
    ):
        start = Profile(id="github:ada-x", platform="github", handle="ada-x", links=[link])
        (blog,) = follow_links([start], CollectContext(http=http, env={}))
    assert server.requests == []
    assert len(asked) >= 2 and not blog.ok


def test_offline_discovered_links_are_not_looked_up(tmp_path, monkeypatch):
    """Offline, a discovered link that is not in the cache is recorded as not cached (with the
    advice to run once without --offline), and its name is never looked up."""
    asked = []

    def getaddrinfo(host, *args, **kwargs):
        asked.append(host)
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    config = HttpConfig(cache_dir=tmp_path, offline=True, max_retries=0, host_settings=False)
    link = "https://alex.example.invalid/"
    with HttpClient(config) as http:
        start = Profile(id="github:ada-x", platform="github", handle="ada-x", links=[link])
        (blog,) = follow_links([start], CollectContext(http=http, env={}))
    assert blog.collected.error.startswith("not in cache:"), blog.collected.error
    assert "Run once without --offline" in blog.collected.error
    assert asked == []


def test_a_link_is_followed_at_the_address_the_profile_wrote(server):
    """Links were kept in their canonical form (https, no www.), and a site that answers only
    at www. was followed at the bare name and failed: it is followed as written."""
    from collectors.text import unique_links

    server.unrouted = NOT_FOUND  # the bare name, and every feed, answers 404
    server.route("/", headers={"Host": "www.old-blog.example.net"}).reply(
        PAGE, content_type="text/html"
    )
    config = HttpConfig(endpoints={"*": server.url}, max_retries=0, host_settings=False)
    links = unique_links(["http://www.old-blog.example.net/", "https://old-blog.example.net"])
    assert links == ["http://www.old-blog.example.net/"]  # one link, as first written
    with HttpClient(config) as http:
        start = Profile(id="github:ada-x", platform="github", handle="ada-x", links=links)
        (blog,) = follow_links([start], CollectContext(http=http, env={}))
    assert blog.ok and blog.display_name == "Ada Example", blog.collected
    assert server.requests[0].headers.get("Host") == "www.old-blog.example.net"


def test_the_audit_sweeps_and_forgets_the_username_linkage_sweep_reads() -> None:
    """`linkage sweep bluesky:alice.bsky.social` looks for 'alice', while `audit --discover`
    and `forget` used 'alice.bsky.social': forget left what the sweep kept about 'alice'."""
    from linkage.discovery import swept_as
    from linkage.handles import parse_handle, username_of

    for text in ("bluesky:alice.bsky.social", "mastodon:alice@example.social", "github:alice",
                 "reddit:alice", "x:alice", "gitlab:alice@git.example.org",
                 "forgejo:alice@forge.example.net"):  # fmt: skip
        platform, name = text.split(":", 1)
        assert swept_as(platform, name) == "alice"
        if platform != "x":  # an export's platform: no handle to parse
            assert username_of(parse_handle(text)) == "alice"
    assert swept_as("web", "alice.example.org") is None
    assert swept_as("stackexchange", "stackoverflow.com/123") is None
