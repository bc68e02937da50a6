"""Facebook "Download your information" (JSON) importer, with the export's mojibake."""

from __future__ import annotations

import json

import pytest

from collectors.archives import ArchiveError, MissingMember, import_archive
from tests.collectors.archives.layouts import Builder, mojibake, plain
from tests.collectors.archives.layouts_more import facebook_layout


@pytest.mark.parametrize("current", [True, False], ids=["2025-layout", "older-layout"])
def test_complete_record_with_text_repaired(build: Builder, ctx, current: bool) -> None:
    profile = import_archive(build.zip("facebook-alex.zip", facebook_layout(current)), ctx)
    assert plain(profile) == {
        "id": "facebook:alex.example",
        "platform": "facebook",
        "handle": "alex.example",
        "url": "https://www.facebook.com/alex.example",
        "persona": None,
        "display_name": "Alex Exampłé",
        "bio": None,
        "location": "Łódź Example",
        "links": ["https://alex.example.org/"],
        "verified_links": [],
        "avatar": None,
        "created_at": "2011-03-13T07:06:40Z",
        "posts": [
            {
                "text": "Trains are great — Zürich next",
                "created_at": "2026-01-02T10:00:00Z",
                "url": None,
            },
            {"text": "An older post", "created_at": "2025-12-17T19:33:20Z", "url": None},
        ],
        "collected": {
            "collector": "facebook-export",
            "at": "AT",
            "source": "facebook-alex.zip",
            "error": None,
        },
    }


def test_private_material_is_never_imported(build: Builder, ctx) -> None:
    text = json.dumps(import_archive(build.zip("fb.zip", facebook_layout()), ctx).to_dict())
    for secret in ("SECRET", "alex@example.org", "+10000000000", "1990", "updated their status"):
        assert secret not in text


def test_correct_text_is_left_alone(build: Builder, ctx) -> None:
    layout = facebook_layout()
    name = "personal_information/profile_information/profile_information.json"
    document = json.loads(layout[name])
    document["profile_v2"]["name"]["full_name"] = "Zoë Ñandú"  # already correct text
    layout[name] = json.dumps(document)
    assert import_archive(build.zip("fb.zip", layout), ctx).display_name == "Zoë Ñandú"
    assert mojibake("Zoë") != "Zoë"


def test_without_username_the_given_handle_or_name_is_used(build: Builder, ctx) -> None:
    layout = facebook_layout()
    name = "personal_information/profile_information/profile_information.json"
    document = json.loads(layout[name])
    del document["profile_v2"]["username"]
    layout[name] = json.dumps(document)
    guessed = import_archive(build.zip("fb.zip", layout), ctx)
    assert (guessed.id, guessed.url) == ("facebook:alex-example", None)
    given = import_archive(build.zip("fb2.zip", layout), ctx, handle="facebook:alex.maps")
    assert given.id == "facebook:alex.maps"


def test_missing_profile_is_reported_by_name(build: Builder, ctx) -> None:
    layout = facebook_layout()
    del layout["personal_information/profile_information/profile_information.json"]
    with pytest.raises(MissingMember, match=r"has no 'profile_information\.json'"):
        import_archive(build.zip("fb.zip", layout), ctx)


def test_html_form_export_is_a_clear_error(build: Builder, ctx) -> None:
    layout = facebook_layout()
    layout["personal_information/profile_information/profile_information.json"] = "{}"
    with pytest.raises(ArchiveError, match="request it as JSON"):
        import_archive(build.zip("fb.zip", layout), ctx)
