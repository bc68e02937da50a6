"""X/Twitter archive importer, against archives built from the documented layout."""

from __future__ import annotations

import hashlib
import json

import pytest

from collectors.archives import ArchiveDamaged, ArchiveTooLarge, Caps, MissingMember, import_archive
from tests.collectors.archives.layouts import AVATAR_X, Builder, plain, tweet, x_layout, ytd


def test_complete_record(build: Builder, ctx) -> None:
    profile = import_archive(build.zip("twitter-2026.zip", x_layout()), ctx)
    assert plain(profile) == {
        "id": "x:alex_example",
        "platform": "x",
        "handle": "alex_example",
        "url": "https://x.com/alex_example",
        "persona": None,
        "display_name": "Alex Example",
        "bio": "Maps & trains. Notes: https://t.co/nope123",
        "location": "Exampleton",
        # the website's t.co link is expanded from a tweet's entities; the bio's is unknown
        "links": ["https://alex.example.org", "https://t.co/nope123"],
        "verified_links": [],
        "avatar": {
            "url": "https://pbs.twimg.com/profile_images/1111/AbCdEf.jpg",
            "path": None,
            "sha256": hashlib.sha256(AVATAR_X).hexdigest(),
            "phash": "…",
            "dhash": "…",
            "default": False,
            "thumbnail": "…",
        },
        "created_at": "2012-03-04T05:06:07Z",
        "posts": [
            {
                "text": "Agreed, timetables <3",
                "created_at": "2026-01-03T11:30:00Z",
                "url": "https://x.com/alex_example/status/1800000000000000002",
            },
            {
                "text": "Maps & trains https://alex.example.org/post",
                "created_at": "2026-01-02T10:00:00Z",
                "url": "https://x.com/alex_example/status/1800000000000000001",
            },
            {
                "text": "New site: https://alex.example.org",
                "created_at": "2025-06-02T08:00:00Z",
                "url": "https://x.com/alex_example/status/1700000000000000001",
            },
        ],
        "collected": {
            "collector": "x-archive",
            "at": "AT",
            "source": "twitter-2026.zip",
            "error": None,
        },
    }


def test_private_and_retweeted_material_is_never_imported(build: Builder, ctx) -> None:
    text = json.dumps(import_archive(build.zip("x.zip", x_layout()), ctx).to_dict())
    for secret in ("SECRET DM", "DELETED", "Someone else", "alex@example.org", "1000000001"):
        assert secret not in text


def test_protected_account_imports_no_tweets(build: Builder, ctx) -> None:
    layout = x_layout()
    history = [
        {"protectedHistory": {"protectedAt": "2020-01-01T00:00:00.000Z", "action": "Protect"}},
        {"protectedHistory": {"protectedAt": "2019-01-01T00:00:00.000Z", "action": "Unprotect"}},
    ]
    layout["data/protected-history.js"] = ytd("protected_history", history)
    profile = import_archive(build.zip("x.zip", layout), ctx)
    assert profile.posts == []
    assert profile.display_name == "Alex Example"


def test_unprotected_again_imports_tweets(build: Builder, ctx) -> None:
    layout = x_layout()
    history = [
        {"protectedHistory": {"protectedAt": "2019-01-01T00:00:00.000Z", "action": "Protect"}},
        {"protectedHistory": {"protectedAt": "2020-01-01T00:00:00.000Z", "action": "Unprotect"}},
    ]
    layout["data/protected-history.js"] = ytd("protected_history", history)
    assert len(import_archive(build.zip("x.zip", layout), ctx).posts) == 3


def test_older_archive_tweet_js_without_wrapper(build: Builder, ctx) -> None:
    layout = x_layout()
    del layout["data/tweets.js"], layout["data/tweets-part1.js"]
    old = tweet("1", "Tue Mar 05 10:00:00 +0000 2013", "Hello from 2013")["tweet"]
    layout["data/tweet.js"] = ytd("tweet", [old])
    profile = import_archive(build.zip("x.zip", layout), ctx)
    assert [(p.text, p.created_at) for p in profile.posts] == [
        ("Hello from 2013", "2013-03-05T10:00:00Z")
    ]


def test_writing_limits_keep_the_newest(build: Builder, make_ctx) -> None:
    profile = import_archive(build.zip("x.zip", x_layout()), make_ctx(max_posts=2))
    assert [p.created_at for p in profile.posts] == ["2026-01-03T11:30:00Z", "2026-01-02T10:00:00Z"]


def test_default_avatar_is_marked(build: Builder, ctx) -> None:
    layout = x_layout()
    profile_js = layout["data/profile.js"]
    assert isinstance(profile_js, str)
    layout["data/profile.js"] = profile_js.replace(
        "https://pbs.twimg.com/profile_images/1111/AbCdEf.jpg",
        "https://abs.twimg.com/sticky/default_profile_images/default_profile.png",
    )
    avatar = import_archive(build.zip("x.zip", layout), ctx).avatar
    assert avatar is not None and avatar.default and avatar.sha256 is None


def test_missing_tweets_is_partial(build: Builder, ctx) -> None:
    layout = x_layout()
    del layout["data/tweets.js"], layout["data/tweets-part1.js"]
    profile = import_archive(build.zip("x.zip", layout), ctx)
    assert profile.collected is not None
    assert profile.collected.error is not None
    assert (
        profile.collected.error.startswith("partial:")
        and "data/tweets.js" in profile.collected.error
    )
    assert profile.display_name == "Alex Example"


def _many_tweets(count: int) -> str:
    """A tweets file of ``count`` different tweets (text that compresses as words do)."""
    items = [
        tweet(
            str(1900000000000000000 + n),
            "Mon Jun 02 08:00:00 +0000 2025",
            " ".join(hashlib.sha256(f"{n}-{k}".encode()).hexdigest()[:7] for k in range(12)),
        )
        for n in range(count)
    ]
    return ytd("tweets", items)


def test_tweets_over_the_member_cap_keep_the_profile(build: Builder, ctx) -> None:
    """A real but very large tweets.js lost the whole account, name and picture included, as
    "a damaged export or a zip bomb"."""
    layout = x_layout()
    layout["data/tweets.js"] = _many_tweets(2000)  # about 0.9 MiB
    caps = Caps(member_bytes=512 * 1024)
    profile = import_archive(build.zip("x.zip", layout), ctx, caps=caps)
    assert (profile.id, profile.display_name) == ("x:alex_example", "Alex Example")
    assert profile.avatar is not None and profile.avatar.sha256
    assert [post.created_at for post in profile.posts] == [  # only the other part was read
        "2025-06-02T08:00:00Z"
    ]
    assert profile.collected is not None and profile.collected.error is not None
    error = profile.collected.error
    assert error.startswith("partial: its writing file 'data/tweets.js' is larger than 524,288")
    assert error.endswith(
        "the most this tool reads of one file; the profile was read without the posts in it"
    )
    assert "zip bomb" not in error
    # the members read are still capped: the account's own file, over the cap, is refused
    layout["data/account.js"] = " " * 600 * 1024 + str(layout["data/account.js"])
    with pytest.raises(ArchiveTooLarge, match="unpacks to more than"):
        import_archive(build.zip("x2.zip", layout), ctx, caps=caps)


def test_missing_account_is_reported_by_name(build: Builder, ctx) -> None:
    layout = x_layout()
    del layout["data/account.js"]
    with pytest.raises(MissingMember, match=r"has no 'data/account\.js'"):
        import_archive(build.zip("x.zip", layout), ctx)


def test_damaged_tweets_file_is_a_clear_error(build: Builder, ctx) -> None:
    layout = x_layout()
    text = layout["data/tweets.js"]
    assert isinstance(text, str)
    layout["data/tweets.js"] = text[: len(text) // 2]
    with pytest.raises(ArchiveDamaged, match=r"'data/tweets\.js' in the archive 'x\.zip'"):
        import_archive(build.zip("x.zip", layout), ctx)


def test_unpacked_folder_reads_the_same(build: Builder, ctx) -> None:
    from_zip = plain(import_archive(build.zip("x.zip", x_layout()), ctx))
    from_folder = plain(import_archive(build.folder("twitter-export", x_layout()), ctx))
    from_folder["collected"]["source"] = "x.zip"
    assert from_folder == from_zip
