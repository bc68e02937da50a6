"""Reddit data request export (CSVs) importer."""

from __future__ import annotations

import csv
import io
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


def _saved_again(text: str, delimiter: str) -> str:
    """A CSV file as a spreadsheet saves it again with another separator."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(
        csv.reader(io.StringIO(text))
    )
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("delimiter", "encoding"),
    [
        (";", "cp1252"),
        ("\t", "utf-16"),
    ],  # Excel's CSV where "," is the decimal mark; its "Unicode text"
)
def test_files_saved_again_with_semicolons_or_tabs_are_read(
    build: Builder, ctx, delimiter, encoding
) -> None:
    """Opened and saved again in a spreadsheet, posts.csv and comments.csv were skipped in
    silence (the account read as complete, with no posts), and statistics.csv said it had
    "no 'account name' row; the export may be damaged"."""
    expected = import_archive(build.zip("as-sent.zip", reddit_layout()), ctx)
    for saved in (("posts.csv", "comments.csv"), tuple(reddit_layout())):
        layout = {
            name: _saved_again(str(data), delimiter).encode(encoding) if name in saved else data
            for name, data in reddit_layout().items()
        }
        profile = import_archive(build.zip("saved-again.zip", layout), ctx)
        assert profile.id == "reddit:quiet_reader" and profile.created_at == expected.created_at
        assert profile.posts == expected.posts and len(profile.posts) == 2
        assert profile.collected is not None and profile.collected.error is None


def test_a_writing_file_whose_columns_are_not_understood_is_named(build: Builder, ctx) -> None:
    """Its posts were left out in silence: the account read as complete."""
    layout = reddit_layout()
    layout["posts.csv"] = str(layout["posts.csv"]).replace(",", "|")
    profile = import_archive(build.zip("r.zip", layout), ctx)
    assert [post.text for post in profile.posts] == ["Timetables matter."]
    assert profile.collected is not None and profile.collected.error == (
        "partial: the posts or comments in 'posts.csv' were not read: the file's columns are "
        "not the ones Reddit writes (id, permalink, date, subreddit, body …), even read with "
        "semicolons or tabs between them. Give the file as it came in Reddit's zip (a "
        "spreadsheet that saves it again can change its columns), or download the export again"
    )


def test_an_empty_writing_file_is_not_reported(build: Builder, ctx) -> None:
    layout = reddit_layout()
    layout["posts.csv"] = ""
    profile = import_archive(build.zip("r.zip", layout), ctx)
    assert profile.collected is not None and profile.collected.error is None
