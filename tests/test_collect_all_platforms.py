"""One account on every live platform, collected end to end through ``linkage collect``.

The real collectors run through the command line against the project's own fixture server
(``linkage.demo.FixtureServer`` over ``fixtures/all_platforms/sites``), which answers each
platform's addresses with files shaped like that platform's real answers. The test checks
that every record comes back complete, that a second run with ``--offline`` is served
entirely from the cache, and that one account that cannot be found fails alone.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from collectors import registry
from linkage.cli import app
from linkage.demo import FixtureServer

ROOT = Path(__file__).resolve().parent.parent / "fixtures" / "all_platforms"
ACCOUNTS = ROOT / "accounts.toml"
SITES = ROOT / "sites"
#: Variables that would change what the collectors request (tokens switch hosts or headers).
ENVIRONMENT = ("LINKAGE_ENDPOINTS", "GITHUB_TOKEN", "REDDIT_TOKEN", "GRAVATAR_API_KEY")
GRAVATAR_ID = "gravatar:2533d1b2cab8476f9e0c7226e027a013942c2aa3990443113939a3081ea8e1a6"

#: What each platform's account must come back with. ``display_name``/``location``/
#: ``created_at``: the expected value, or None where the platform has no such field;
#: ``posts``: whether the platform has public writing; ``avatar``: whether it has a picture;
#: ``verified``: the links the platform itself verified.
EXPECTED: dict[str, dict[str, Any]] = {
    "github:alex-example": {
        "display_name": "Alex Example",
        "location": "Exampleton",
        "created_at": "2015-01-01T00:00:00Z",
        "link": "https://alex.example.org",
        "posts": True,
        "avatar": True,
        "verified": [],
    },
    "gitlab:alex-example": {
        "display_name": "Alex Example",
        "location": "Exampleton",
        "created_at": "2016-03-02T09:15:27.123Z",
        "link": "https://www.linkedin.com/in/alex-example-maps",
        "posts": True,
        "avatar": True,
        "verified": [],
    },
    "codeberg:alex-example": {
        "display_name": "Alex Example",
        "location": "Exampleton",
        "created_at": "2021-04-11T08:13:52+02:00",
        "link": "https://alex.example.org",
        "posts": True,
        "avatar": True,
        "verified": [],
    },
    "forgejo:alex-example@forge.example.net": {
        "display_name": "Alex Example",
        "location": "Exampleton",
        "created_at": "2021-04-11T08:13:52+02:00",
        "link": "https://alex.example.org",
        "posts": True,
        "avatar": True,
        "verified": [],
    },
    "mastodon:alice@example.social": {
        "display_name": "Alice Example",
        "location": None,
        "created_at": "2022-11-05T00:00:00.000Z",
        "link": "https://alice.example.org",
        "posts": True,
        "avatar": True,
        "verified": ["https://alice.example.org"],
    },
    "bluesky:alice.example.org": {
        "display_name": "Alice Example 🚆",
        "location": None,
        "created_at": "2023-05-01T12:34:56.789Z",
        "link": "https://blog.example.net/posts",
        "posts": True,
        "avatar": True,
        "verified": [],
    },
    "reddit:quiet_reader": {
        "display_name": "Quiet Reader & Friends",
        "location": None,
        "created_at": "2020-09-13T12:26:40Z",
        "link": "https://quiet.example.org/photos",
        "posts": True,
        "avatar": True,
        "verified": [],
    },
    "hackernews:AlexExample": {
        "display_name": None,
        "location": None,
        "created_at": "2017-07-14T02:40:00Z",
        "link": "https://keybase.io/alexexample",
        "posts": True,
        "avatar": False,  # Hacker News has no profile pictures
        "verified": [],
    },
    "keybase:alexexample": {
        "display_name": "Alex Example",
        "location": "Exampleton",
        "created_at": "2017-07-14T02:40:00Z",
        "link": "https://notes.example.org/alex",
        "posts": False,  # Keybase has no public writing
        "avatar": True,
        "verified": [
            "https://x.com/alexmaps",
            "https://github.com/alex-example",
            "https://reddit.com/user/Quiet_Reader",
            "https://news.ycombinator.com/user?id=AlexExample",
            "https://alex.example.org",
            "https://maps.example",
        ],
    },
    "stackexchange:stackoverflow.com/1000001": {
        "display_name": "Alex O'Example",
        "location": "Exampleton & Co, Examplia",
        "created_at": "2017-07-14T02:40:00Z",
        "link": "https://work.example.com",
        "posts": True,
        "avatar": True,
        "verified": [],
    },
    "lobsters:alexexample": {
        "display_name": None,  # Lobsters has usernames only
        "location": None,
        "created_at": "2020-01-01T14:30:00Z",
        "link": "https://keybase.io/alexexample",
        "posts": True,
        "avatar": True,
        "verified": [],
    },
    "devto:alexexample": {
        "display_name": "Alex Example",
        "location": "Exampleton",
        "created_at": "2019-10-07",
        "link": "https://github.com/alex-example",
        "posts": True,
        "avatar": True,
        "verified": [],
    },
    GRAVATAR_ID: {
        "display_name": "Alex Example",
        "location": "Exampleton",
        "created_at": None,
        "link": "https://alex.example.org",
        "posts": False,  # Gravatar has no public writing
        "avatar": True,
        "verified": ["https://github.com/alex-example", "https://example.social/@alex"],
    },
    "web:https://alice.example.org/": {
        "display_name": "Alice Marlowe",
        "location": "Port Wren, Westshire, Examplia",
        "created_at": None,
        "link": "https://github.com/alice-marlowe",
        "posts": True,
        "avatar": True,
        "verified": [],
    },
}

runner = CliRunner()


def collect(
    server_url: str, tmp: Path, accounts: Path = ACCOUNTS, *extra: str
) -> tuple[int, str, dict[str, dict[str, Any]]]:
    """Run ``linkage collect`` in-process; the exit code, the output and the records by id."""
    out = tmp / "profiles.jsonl"
    args = ["collect", "--accounts", str(accounts), "-o", str(out)]
    args += ["--endpoint", f"*={server_url}", "--cache-dir", str(tmp / "cache"), "--quiet"]
    result = runner.invoke(app, [*args, *extra])
    lines = out.read_text(encoding="utf-8").splitlines() if out.exists() else []
    records = [json.loads(line) for line in lines]
    by_id = {record["id"]: record for record in records}
    assert len(by_id) == len(records), "an account was written twice"
    return result.exit_code, result.output, by_id


def without_time(record: dict[str, Any]) -> dict[str, Any]:
    record = copy.deepcopy(record)
    record["collected"].pop("at")
    return record


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """An online run against the fixture server, then an offline run on the same cache with
    the server shut down."""
    tmp = tmp_path_factory.mktemp("all-platforms")
    with pytest.MonkeyPatch.context() as patch:
        for name in ENVIRONMENT:
            patch.delenv(name, raising=False)
        with FixtureServer(SITES) as server:
            url = server.url
            online = collect(url, tmp)
        offline = collect(url, tmp, ACCOUNTS, "--offline")
    yield {"online": online, "offline": offline}


def test_every_live_platform_is_in_the_accounts_file() -> None:
    platforms = {key.partition(":")[0] for key in EXPECTED}
    assert platforms == set(registry.known_platforms())


def test_every_platform_gives_a_complete_record(runs: dict[str, Any]) -> None:
    code, output, records = runs["online"]
    assert code == 0, output
    assert "Collected 14 of 14 accounts" in output
    assert set(records) == set(EXPECTED)
    for account_id, want in EXPECTED.items():
        record = records[account_id]
        where = f"{account_id}: "
        assert record["collected"]["error"] is None, where + str(record["collected"]["error"])
        assert record["collected"]["collector"] == record["platform"], where
        assert record["collected"]["source"], where + "no source"
        assert record["persona"] in ("personal", "professional"), where + "persona lost"
        assert record["url"] and record["url"].startswith("https://"), where + "no address"
        for key in ("display_name", "location", "created_at"):
            assert record[key] == want[key], where + f"{key} is {record[key]!r}"
        assert record["bio"] and record["bio"].strip(), where + "no bio"
        assert want["link"] in record["links"], where + f"links are {record['links']}"
        assert all(link.startswith("https://") for link in record["links"]), where
        assert record["verified_links"] == want["verified"], where + "verified links"
        assert set(record["verified_links"]) <= set(record["links"]), where
        posts = record["posts"]
        assert bool(posts) == want["posts"], where + f"{len(posts)} posts"
        for post in posts:
            assert post["text"].strip(), where + "an empty post"
            assert post["created_at"], where + f"a post without a date: {post['text'][:60]!r}"
            datetime.fromisoformat(post["created_at"].replace("Z", "+00:00"))
            assert post["url"] and post["url"].startswith("https://"), where + "a post address"
        avatar = record["avatar"]
        if want["avatar"]:
            assert avatar and avatar["url"], where + "no avatar"
            assert avatar["sha256"] and len(avatar["sha256"]) == 64, where + "avatar not fetched"
            assert avatar["phash"] and avatar["dhash"], where + "avatar not fingerprinted"
            assert avatar["default"] is False, where
        else:
            assert avatar is None, where


def test_posts_come_from_every_page_the_fixtures_serve(runs: dict[str, Any]) -> None:
    """Pagination through ``routes.toml``: later pages' writing is there too."""
    _, _, records = runs["online"]
    texts = {key: " ".join(p["text"] for p in records[key]["posts"]) for key in EXPECTED}
    bluesky = [p["created_at"] for p in records["bluesky:alice.example.org"]["posts"]]
    assert len(bluesky) == 3 and bluesky == sorted(bluesky, reverse=True)
    assert len(records["reddit:quiet_reader"]["posts"]) == 6  # two pages of comments, one of posts
    assert len(records["hackernews:AlexExample"]["posts"]) == 6  # two pages of comments, stories
    assert len(records["stackexchange:stackoverflow.com/1000001"]["posts"]) == 4
    assert "Second page comment about projections." in texts["github:alex-example"]
    assert len(records["gitlab:alex-example"]["posts"]) == 3  # a comment, an issue, a commit
    assert len(records["codeberg:alex-example"]["posts"]) == 3  # a comment, an issue, a commit
    assert len(records["forgejo:alex-example@forge.example.net"]["posts"]) == 3


def test_offline_run_is_served_entirely_from_the_cache(runs: dict[str, Any]) -> None:
    _, _, online = runs["online"]
    code, output, offline = runs["offline"]
    assert code == 0, output
    assert set(offline) == set(online)
    for account_id, record in online.items():
        assert without_time(offline[account_id]) == without_time(record), account_id


def test_one_account_that_cannot_be_found_fails_alone(tmp_path: Path, monkeypatch) -> None:
    for name in ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    text = ACCOUNTS.read_text(encoding="utf-8")
    assert 'handle = "github:alex-example"' in text
    accounts = tmp_path / "accounts.toml"
    accounts.write_text(text.replace("github:alex-example", "github:ghost-example"), "utf-8")
    with FixtureServer(SITES) as server:
        code, output, records = collect(server.url, tmp_path, accounts)
    assert code == 1, output
    assert "Collected 13 of 14 accounts" in output
    assert "github:ghost-example" in output
    assert set(records) == (set(EXPECTED) - {"github:alex-example"}) | {"github:ghost-example"}
    ghost = records.pop("github:ghost-example")
    assert ghost["collected"]["error"].startswith("not found:")
    assert "ghost-example" in ghost["collected"]["error"]
    assert ghost["persona"] == "professional" and ghost["posts"] == []
    for account_id, record in records.items():
        assert record["collected"]["error"] is None, account_id
        assert bool(record["posts"]) == EXPECTED[account_id]["posts"], account_id
