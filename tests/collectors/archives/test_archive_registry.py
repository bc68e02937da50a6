"""Detecting the kind of an export, and choosing it explicitly."""

from __future__ import annotations

import pytest

from collectors.archives import (
    ArchiveError,
    UnknownKind,
    all_importers,
    import_archive,
    known_kinds,
    open_archive,
)
from collectors.archives.registry import detect
from tests.collectors.archives.layouts import Builder
from tests.collectors.archives.layouts_more import LAYOUTS

PLATFORMS = {
    "x-archive": "x",
    "mastodon-archive": "mastodon",
    "linkedin-export": "linkedin",
    "facebook-export": "facebook",
    "instagram-export": "instagram",
    "reddit-export": "reddit",
}


def test_known_kinds() -> None:
    assert known_kinds() == sorted(PLATFORMS)
    for kind, importer in all_importers().items():
        assert importer.kind == kind and importer.platform == PLATFORMS[kind] and importer.title


@pytest.mark.parametrize("kind", sorted(LAYOUTS))
@pytest.mark.parametrize("form", ["zip", "targz", "folder"])
def test_each_kind_is_detected_in_each_form(build: Builder, ctx, kind: str, form: str) -> None:
    path = getattr(build, form)(f"export-{kind}", LAYOUTS[kind]())
    with open_archive(path) as archive:
        assert [importer.kind for importer in detect(archive)] == [kind]
    profile = import_archive(path, ctx)
    assert profile.platform == PLATFORMS[kind]
    assert profile.id.startswith(f"{PLATFORMS[kind]}:")
    assert profile.collected is not None and profile.collected.collector == kind
    assert profile.collected.source == path.name  # the file name only, never the full path
    assert profile.posts


def test_export_inside_a_top_folder(build: Builder, ctx) -> None:
    members = {
        f"twitter-2026-01-01-abc/{name}": data for name, data in LAYOUTS["x-archive"]().items()
    }
    assert import_archive(build.zip("x.zip", members), ctx).id == "x:alex_example"


def test_kind_given_explicitly(build: Builder, ctx) -> None:
    path = build.zip("export.zip", LAYOUTS["reddit-export"]())
    assert import_archive(path, ctx, kind="reddit-export").id == "reddit:quiet_reader"
    assert import_archive(path, ctx, kind=" Reddit-Export ").id == "reddit:quiet_reader"


def test_wrong_kind_is_a_clear_error(build: Builder, ctx) -> None:
    path = build.zip("linkedin.zip", LAYOUTS["linkedin-export"]())
    with pytest.raises(ArchiveError) as caught:
        import_archive(path, ctx, kind="x-archive")
    message = str(caught.value)
    assert "not an X/Twitter archive" in message
    assert "looks like a LinkedIn export" in message
    assert 'kind = "linkedin-export"' in message


def test_unknown_kind_lists_the_known_ones(build: Builder, ctx) -> None:
    path = build.zip("linkedin.zip", LAYOUTS["linkedin-export"]())
    with pytest.raises(
        UnknownKind, match=r"'tiktok-export' is not a known archive kind.*\"x-archive\""
    ):
        import_archive(path, ctx, kind="tiktok-export")


def test_no_kind_fits(build: Builder, ctx) -> None:
    """The message listed the internal kind names ("facebook-export", "x-archive"...) and
    asked for kind = "...": the platforms are named as people know them, with what each
    export looks like."""
    path = build.zip("holiday-photos.zip", {"IMG_0001.jpg": b"\xff\xd8", "notes.json": "{}"})
    with pytest.raises(ArchiveError) as caught:
        import_archive(path, ctx)
    message = caught.value.message
    assert message.startswith(
        "the archive 'holiday-photos.zip' is not a data export this tool knows. It reads the "
        "exports of Facebook (in JSON format, with profile_information.json), Instagram"
    )
    assert "X/Twitter (a zip holding data/account.js and data/tweets.js)." in message
    assert "-export" not in message and "x-archive" not in message and "kind" not in message


def test_two_exports_in_one_folder_need_a_kind(build: Builder, ctx) -> None:
    members = {**LAYOUTS["linkedin-export"](), **LAYOUTS["reddit-export"]()}
    path = build.folder("mixed", members)
    with pytest.raises(ArchiveError) as caught:
        import_archive(path, ctx)
    assert caught.value.message == (
        "the archive 'mixed' looks like the exports of more than one platform (LinkedIn and "
        "Reddit); add the one you mean to its entry in the accounts file: "
        'kind = "linkedin-export" or kind = "reddit-export".'
    )
    assert import_archive(path, ctx, kind="linkedin-export").platform == "linkedin"


def test_single_json_file(build: Builder, ctx, tmp_path) -> None:
    layout = LAYOUTS["facebook-export"]()
    name = "personal_information/profile_information/profile_information.json"
    path = tmp_path / "profile_information.json"
    path.write_text(str(layout[name]), encoding="utf-8")
    profile = import_archive(path, ctx)
    assert (profile.id, profile.posts, profile.collected.source) == (  # type: ignore[union-attr]
        "facebook:alex.example",
        [],
        "profile_information.json",
    )


def test_a_folder_two_platforms_exports_share_is_named_once(build: Builder, ctx) -> None:
    """A folder that several platforms' importers all recognised was named once for each
    (under /tmp: 'archive = "/tmp/pytest-of-root"' six times over)."""
    from tests.collectors.archives.layouts import mastodon_layout, x_layout
    from tests.collectors.archives.layouts_more import reddit_layout

    members = {f"a/{name}": data for name, data in x_layout().items()}
    members |= {f"a/data/{name}": data for name, data in reddit_layout().items()}
    members |= {f"b/{name}": data for name, data in mastodon_layout().items()}
    exports = build.folder("exports", members)
    with pytest.raises(ArchiveError) as caught:
        import_archive(exports, ctx)
    message = caught.value.message
    assert message == (
        "the folder 'exports' holds several exports, not one: the exports of Reddit and "
        "X/Twitter mixed together in 'a' and a Mastodon account archive in 'b'. List each as "
        "an account of its own, in its own [[account]] entry: "
        f'archive = "{(exports / "a").as_posix()}" and archive = "{(exports / "b").as_posix()}". '
        "The exports mixed together in 'a' need a folder each first."
    )
