"""Reddit data request export (CSVs) importer."""

from __future__ import annotations

import json

import pytest

from collectors.archives import MissingMember, import_archive
from tests.collectors.archives.layouts import Builder, plain
from tests.collectors.archives.layouts_more import reddit_layout


def test_complete_record(build: Builder, ctx) -> None:
    profile = import_archive(build.zip("export_quiet_reader_20260601.zip", reddit_layout()), ctx)
    assert plain(profile) == {
        "id": "reddit:quiet_reader",
        "platform": "reddit",
        "handle": "quiet_reader",
        "url": "https://www.reddit.com/user/quiet_reader",
        "persona": None,
        "display_name": None,
        "bio": None,
        "location": None,
        "links": [],
        "verified_links": [],
        "avatar": None,
        "created_at": "2015-06-01T10:00:00Z",
        "posts": [
            {
                "text": "Timetables matter.",
                "created_at": "2026-01-20T08:00:00Z",
                "url": "https://www.reddit.com/r/trains/comments/t1/x/c1/",
            },
            {
                "text": "Old maps of Exampleton\n\nFound these **lovely** maps.",
                "created_at": "2026-01-15T12:34:56Z",
                "url": "https://www.reddit.com/r/maps/comments/p1/old_maps/",
            },
        ],
        "collected": {
            "collector": "reddit-export",
            "at": "AT",
            "source": "export_quiet_reader_20260601.zip",
            "error": None,
        },
    }


def test_private_material_and_ip_addresses_are_never_imported(build: Builder, ctx) -> None:
    text = json.dumps(import_archive(build.zip("r.zip", reddit_layout()), ctx).to_dict())
    for secret in (
        "SECRET",
        "203.0.113.7",
        "alex@example.org",
        "[deleted]",
        "[removed]",
        "code block",
    ):
        assert secret not in text


def test_files_are_classified_by_header(build: Builder, ctx) -> None:
    layout = reddit_layout()
    layout["comments_2.csv"] = layout.pop("posts.csv")  # a posts file under another name
    posts = import_archive(build.zip("r.zip", layout), ctx).posts
    assert [p.text.split("\n")[0] for p in posts] == [
        "Timetables matter.",
        "Old maps of Exampleton",
    ]


def test_missing_statistics_is_reported_by_name(build: Builder, ctx) -> None:
    layout = reddit_layout()
    del layout["statistics.csv"]
    with pytest.raises(MissingMember, match=r"has no 'statistics\.csv'"):
        import_archive(build.zip("r.zip", layout), ctx)


def test_an_export_without_statistics_is_recognised_and_read_in_part(build: Builder, ctx) -> None:
    """It was "not a data export this tool knows"; only its writing files show what it is."""
    layout = {
        name: data
        for name, data in reddit_layout().items()
        if name in ("posts.csv", "comments.csv", "messages.csv")
    }
    path = build.zip("reddit.zip", layout)
    with pytest.raises(MissingMember) as caught:
        import_archive(path, ctx)
    assert caught.value.message == (
        "the archive 'reddit.zip' has no 'statistics.csv', which names the account: add the "
        'account\'s Reddit username to its entry in the accounts file, beside archive = "…": '
        'handle = "reddit:NAME".'
    )
    profile = import_archive(path, ctx, handle="reddit:quiet_reader")
    assert profile.id == "reddit:quiet_reader" and len(profile.posts) == 2
    assert profile.collected is not None and profile.collected.error == (
        "partial: the archive has no 'statistics.csv', so the account's start date was not read"
    )
