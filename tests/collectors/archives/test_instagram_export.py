"""Instagram export (JSON) importer."""

from __future__ import annotations

import hashlib
import json

import pytest

from collectors.archives import ArchiveError, import_archive
from tests.collectors.archives.layouts import AVATAR_INSTAGRAM, Builder, plain
from tests.collectors.archives.layouts_more import instagram_layout


def test_complete_record(build: Builder, ctx) -> None:
    profile = import_archive(build.zip("instagram-alex.example-2026.zip", instagram_layout()), ctx)
    assert plain(profile) == {
        "id": "instagram:alex.example",
        "platform": "instagram",
        "handle": "alex.example",
        "url": "https://www.instagram.com/alex.example/",
        "persona": None,
        "display_name": "Alex Exampłé",
        "bio": "Maps & trains ✨ https://alex.example.org",
        "location": None,
        "links": ["https://maps.example.com/", "https://alex.example.org"],
        "verified_links": [],
        "avatar": {
            "url": None,
            "path": None,
            "sha256": hashlib.sha256(AVATAR_INSTAGRAM).hexdigest(),
            "phash": "…",
            "dhash": "…",
            "default": False,
            "thumbnail": "…",
        },
        "created_at": None,
        "posts": [
            {"text": "Sunrise", "created_at": "2026-01-02T10:00:00Z", "url": None},
            {"text": "Two maps — one day", "created_at": "2025-12-29T09:20:00Z", "url": None},
        ],
        "collected": {
            "collector": "instagram-export",
            "at": "AT",
            "source": "instagram-alex.example-2026.zip",
            "error": None,
        },
    }


def test_private_account_captions_are_not_public_writing(build: Builder, ctx) -> None:
    profile = import_archive(build.zip("ig.zip", instagram_layout(private=True)), ctx)
    assert profile.posts == []
    assert profile.bio == "Maps & trains ✨ https://alex.example.org"


def test_private_material_is_never_imported(build: Builder, ctx) -> None:
    text = json.dumps(import_archive(build.zip("ig.zip", instagram_layout()), ctx).to_dict())
    for secret in ("SECRET", "alex@example.org", "1990-01-01", "secret"):
        assert secret not in text


def test_dutch_username_label(build: Builder, ctx) -> None:
    layout = instagram_layout()
    name = "personal_information/personal_information/personal_information.json"
    document = json.loads(layout[name])
    values = document["profile_user"][0]["string_map_data"]
    values["Gebruikersnaam"] = values.pop("Username")
    layout[name] = json.dumps(document)
    assert import_archive(build.zip("ig.zip", layout), ctx).id == "instagram:alex.example"


def test_unreadable_username_is_a_clear_error(build: Builder, ctx) -> None:
    layout = instagram_layout()
    name = "personal_information/personal_information/personal_information.json"
    layout[name] = json.dumps({"profile_user": [{"string_map_data": {"Nom": {"value": "x"}}}]})
    with pytest.raises(ArchiveError, match="no 'Username' entry"):
        import_archive(build.zip("ig.zip", layout), ctx)
