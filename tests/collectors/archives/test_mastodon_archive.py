"""Mastodon account archive importer (zip and the older tar.gz)."""

from __future__ import annotations

import hashlib
import json

import pytest

from collectors.archives import ArchiveDamaged, ArchiveError, Caps, import_archive
from tests.collectors.archives.layouts import AVATAR_MASTODON, Builder, mastodon_layout, plain

EXPECTED = {
    "id": "mastodon:alex@social.example",
    "platform": "mastodon",
    "handle": "alex@social.example",
    "url": "https://social.example/@alex",
    "persona": None,
    "display_name": "Alex Example",
    "bio": "Maps, trains & #maps. Blog: alex.example.org",
    "location": None,
    "links": [
        "https://alex.example.org/",
        "https://code.example.org/alex",
        "https://old.example/users/alex",
    ],
    "verified_links": [],
    "avatar": {
        "url": None,
        "path": None,
        "sha256": hashlib.sha256(AVATAR_MASTODON).hexdigest(),
        "phash": "…",
        "dhash": "…",
        "default": False,
        "thumbnail": "…",
    },
    "created_at": "2020-05-01T00:00:00Z",
    "posts": [
        {
            "text": "Film talk\nspoilers inside",
            "created_at": "2026-01-06T10:00:00Z",
            "url": "https://social.example/@alex/6",
        },
        {
            "text": "Glad you liked it",
            "created_at": "2026-01-05T10:00:00Z",
            "url": "https://social.example/@alex/5",
        },
        {
            "text": "Unlisted: timetable notes",
            "created_at": "2026-01-02T10:00:00Z",
            "url": "https://social.example/@alex/2",
        },
        {
            "text": "Public: trains are great",
            "created_at": "2026-01-01T10:00:00Z",
            "url": "https://social.example/@alex/1",
        },
    ],
    "collected": {"collector": "mastodon-archive", "at": "AT", "source": "", "error": None},
}

NAME = "archive-20260102100000-0123456789abcdef0123456789abcdef"


def expected(source: str) -> dict:
    data = json.loads(json.dumps(EXPECTED))
    data["collected"]["source"] = source
    return data


def test_complete_record_from_zip(build: Builder, ctx) -> None:
    profile = import_archive(build.zip(f"{NAME}.zip", mastodon_layout()), ctx)
    assert plain(profile) == expected(f"{NAME}.zip")


def test_complete_record_from_older_tar_gz(build: Builder, ctx) -> None:
    profile = import_archive(build.targz(f"{NAME}.tar.gz", mastodon_layout()), ctx)
    assert plain(profile) == expected(f"{NAME}.tar.gz")


def test_direct_followers_only_and_boosts_are_never_imported(build: Builder, ctx) -> None:
    text = json.dumps(import_archive(build.zip("m.zip", mastodon_layout()), ctx).to_dict())
    assert "secret" not in text.lower()
    assert "other.example/x/9" not in text
    assert "quoted words" not in text


def test_webfinger_names_the_handle(build: Builder, ctx) -> None:
    layout = mastodon_layout()
    actor = json.loads(layout["actor.json"])
    actor["webfinger"] = "acct:alex@example.social"
    layout["actor.json"] = json.dumps(actor)
    profile = import_archive(build.zip("m.zip", layout), ctx)
    assert profile.id == "mastodon:alex@example.social"


def test_missing_outbox_is_partial(build: Builder, ctx) -> None:
    layout = mastodon_layout()
    del layout["outbox.json"]
    profile = import_archive(build.zip("m.zip", layout), ctx, kind="mastodon-archive")
    assert profile.posts == []
    assert profile.collected is not None and profile.collected.error is not None
    assert "outbox.json" in profile.collected.error


def test_outbox_over_the_member_cap_keeps_the_profile(build: Builder, ctx) -> None:
    layout = mastodon_layout()
    outbox = json.loads(str(layout["outbox.json"]))
    outbox["orderedItems"] *= 300  # honest text, about 400 KiB: no zip bomb
    layout["outbox.json"] = json.dumps(outbox, indent=1)
    profile = import_archive(build.zip("m.zip", layout), ctx, caps=Caps(member_bytes=256 * 1024))
    assert (profile.display_name, profile.posts) == ("Alex Example", [])
    assert profile.collected is not None and profile.collected.error is not None
    assert "its writing file 'outbox.json' is larger than" in profile.collected.error
    assert profile.collected.error.endswith("the profile was read without its posts")


def test_truncated_outbox_is_a_clear_error(build: Builder, ctx) -> None:
    layout = mastodon_layout()
    outbox = layout["outbox.json"]
    assert isinstance(outbox, str)
    layout["outbox.json"] = outbox[: len(outbox) - 300]
    with pytest.raises(ArchiveDamaged, match=r"'outbox\.json' in the archive 'm\.zip'"):
        import_archive(build.zip("m.zip", layout), ctx)


def test_actor_without_account_name_is_a_clear_error(build: Builder, ctx) -> None:
    layout = mastodon_layout()
    actor = json.loads(layout["actor.json"])
    del actor["preferredUsername"]
    layout["actor.json"] = json.dumps(actor)
    with pytest.raises(ArchiveError, match="names no account"):
        import_archive(build.zip("m.zip", layout), ctx)


def test_default_avatar_is_marked(build: Builder, ctx) -> None:
    layout = mastodon_layout()
    actor = json.loads(layout["actor.json"])
    actor["icon"] = {"url": "https://social.example/avatars/original/missing.png"}
    layout["actor.json"] = json.dumps(actor)
    avatar = import_archive(build.zip("m.zip", layout), ctx).avatar
    assert avatar is not None and avatar.default


def test_an_archive_without_outbox_is_recognised(build: Builder, ctx) -> None:
    """It was "not a data export this tool knows" unless kind = "mastodon-archive" was given."""
    layout = mastodon_layout()
    del layout["outbox.json"]
    profile = import_archive(build.zip("m.zip", layout), ctx)
    assert (profile.id, profile.posts) == ("mastodon:alex@social.example", [])
    assert profile.collected is not None and profile.collected.error == (
        "partial: the archive has no 'outbox.json', so no writing was read"
    )
