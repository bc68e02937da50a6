"""LinkedIn export importer (zip of CSVs)."""

from __future__ import annotations

import json

import pytest

from collectors.archives import ArchiveDamaged, ArchiveError, MissingMember, import_archive
from tests.collectors.archives.layouts import Builder, plain
from tests.collectors.archives.layouts_more import linkedin_layout


def test_complete_record(build: Builder, ctx) -> None:
    profile = import_archive(
        build.zip("Basic_LinkedInDataExport_06-01-2026.zip", linkedin_layout()), ctx
    )
    assert plain(profile) == {
        "id": "linkedin:alex-example",
        "platform": "linkedin",
        "handle": "alex-example",
        "url": None,
        "persona": None,
        "display_name": "Alex Example",
        "bio": "Cartographer at Example Maps\nI draw maps.\nMore at https://blog.example.org",
        "location": "Exampleton, Example",
        "links": [
            "https://alex.example.org",
            "https://maps.example.com",
            "https://x.com/alex_example",
            "https://blog.example.org",
        ],
        "verified_links": [],
        "avatar": None,
        "created_at": None,
        "posts": [
            {
                "text": 'Proud of the new "Exampleton" map.\nSecond line.',
                "created_at": "2026-05-07T16:41:18",
                "url": "https://www.linkedin.com/feed/update/urn:li:share:1",
            },
            {
                "text": "Congratulations on the launch!",
                "created_at": "2026-05-02T08:00:00",
                "url": "https://www.linkedin.com/feed/update/urn:li:activity:9",
            },
        ],
        "collected": {
            "collector": "linkedin-export",
            "at": "AT",
            "source": "Basic_LinkedInDataExport_06-01-2026.zip",
            "error": None,
        },
    }


def test_private_material_is_never_imported(build: Builder, ctx) -> None:
    text = json.dumps(import_archive(build.zip("li.zip", linkedin_layout()), ctx).to_dict())
    for secret in ("SECRET", "NETWORK ONLY", "Secret Street", "1990", "alex@example.org", "Bo"):
        assert secret not in text


def test_given_handle_names_the_profile(build: Builder, ctx) -> None:
    profile = import_archive(build.zip("li.zip", linkedin_layout()), ctx, handle="alex-maps")
    assert (profile.id, profile.url) == (
        "linkedin:alex-maps",
        "https://www.linkedin.com/in/alex-maps",
    )
    with pytest.raises(ArchiveError, match="not a LinkedIn profile name"):
        import_archive(build.zip("li2.zip", linkedin_layout()), ctx, handle="no spaces/please")


def test_notes_before_headers_and_suffixed_files(build: Builder, ctx) -> None:
    layout = linkedin_layout()
    layout["Comments.csv"] = (
        'Notes:\n"Comments you\'ve made, one a line.\nSome may be missing."\n\n'
        + str(layout["Comments.csv"])
    )
    layout["Shares_12345.csv"] = layout.pop("Shares.csv")
    posts = import_archive(build.zip("li.zip", layout), ctx).posts
    assert [p.text for p in posts] == [
        'Proud of the new "Exampleton" map.\nSecond line.',
        "Congratulations on the launch!",
    ]


def test_missing_profile_is_reported_by_name(build: Builder, ctx) -> None:
    layout = linkedin_layout()
    del layout["Profile.csv"]
    with pytest.raises(MissingMember, match=r"has no 'Profile\.csv'"):
        import_archive(build.zip("li.zip", layout), ctx)


def test_profile_without_its_header_is_a_clear_error(build: Builder, ctx) -> None:
    layout = linkedin_layout()
    layout["Profile.csv"] = "just,some,cells\n1,2,3\n"
    with pytest.raises(ArchiveDamaged, match=r"'Profile\.csv'.*no header row"):
        import_archive(build.zip("li.zip", layout), ctx)
