"""Archives that are no export an importer reads, named for what they are: empty, an export
in HTML form, a zip holding another export, one part of a split export."""

from __future__ import annotations

import pytest

from collectors.archives import ArchiveError, import_archive
from collectors.archives.diagnosis import HoldsExports
from tests.collectors.archives.layouts import Builder, x_layout, zip_bytes
from tests.collectors.archives.layouts_more import (
    LAYOUTS,
    facebook_layout,
    instagram_layout,
    reddit_layout,
)

FB_HTML = {
    "index.html": "<html><body>Your information</body></html>",
    "personal_information/profile_information/profile_information.html": "<html>Zoë</html>",
    "your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.html": "<html/>",
}
IG_HTML = {
    "start_here.html": "<html/>",
    "personal_information/personal_information/personal_information.html": "<html/>",
    "your_instagram_activity/content/posts_1.html": "<html/>",
}


@pytest.mark.parametrize(
    ("members", "kind", "platform"),
    [
        (FB_HTML, None, "Facebook"),
        (FB_HTML, "facebook-export", "Facebook"),
        (IG_HTML, None, "Instagram"),
        (IG_HTML, "instagram-export", "Instagram"),
    ],
)
def test_an_export_in_html_form_says_to_request_json(
    build: Builder, ctx, members, kind, platform
) -> None:
    """It was "not a data export this tool knows"; with the kind named, "has no
    'profile_information.json'"."""
    path = build.zip("export.zip", members)
    with pytest.raises(ArchiveError) as caught:
        import_archive(path, ctx, kind=kind)
    assert caught.value.message == (
        f"the archive 'export.zip' is a {platform} export in HTML form, which this tool cannot "
        f"read. Request the export again in JSON format ({platform}'s \"Download your "
        'information": choose Format: JSON), and list that one.'
    )


def test_a_zip_holding_another_export_names_it(build: Builder, ctx) -> None:
    inner = zip_bytes(x_layout())
    path = build.zip("outer.zip", {"twitter-2025-01-01.zip": inner})
    with pytest.raises(ArchiveError) as caught:
        import_archive(path, ctx)
    assert caught.value.message == (
        "the archive 'outer.zip' holds another export, twitter-2025-01-01.zip: unzip "
        "'outer.zip' and point at that file instead."
    )


def test_a_folder_holding_exports_names_them(build: Builder, ctx) -> None:
    one = build.folder("downloads", {"twitter-2025-01-01.zip": zip_bytes(x_layout())})
    with pytest.raises(ArchiveError) as caught:
        import_archive(one, ctx)
    assert caught.value.message == (
        "the folder 'downloads' holds an export, twitter-2025-01-01.zip: point at that file "
        "instead."
    )
    (one / "instagram-zoe.zip").write_bytes(zip_bytes(instagram_layout()))
    with pytest.raises(ArchiveError) as caught:
        import_archive(one, ctx)
    assert caught.value.message == (
        "the folder 'downloads' holds several exports (instagram-zoe.zip, "
        "twitter-2025-01-01.zip); list each one's own file or folder in its own [[account]] "
        "entry."
    )


def _inside(folder: str, members: dict) -> dict:
    return {f"{folder}/{name}": data for name, data in members.items()}


def test_a_folder_holding_unpacked_exports_names_them_and_their_entries(
    build: Builder, ctx
) -> None:
    """An X archive's folder beside a Reddit export's was "the archive 'exports' looks like the
    exports of more than one platform (Reddit and X/Twitter); add the one you mean to its entry
    in the accounts file: kind = …", which read one and left the other out."""
    exports = build.folder(
        "exports",
        {**_inside("twitter-2025-01-01", x_layout()), **_inside("reddit", reddit_layout())},
    )
    with pytest.raises(HoldsExports) as caught:
        import_archive(exports, ctx)
    assert caught.value.message == (
        "the folder 'exports' holds several exports, not one: a Reddit data export in 'reddit' "
        "and an X/Twitter archive in 'twitter-2025-01-01'. List each as an account of its own, "
        f'in its own [[account]] entry: archive = "{(exports / "reddit").as_posix()}" and '
        f'archive = "{(exports / "twitter-2025-01-01").as_posix()}".'
    )
    with pytest.raises(HoldsExports):  # naming one kind does not leave the other out
        import_archive(exports, ctx, kind="x-archive")


def test_two_unpacked_exports_of_one_platform_are_named_too(build: Builder, ctx) -> None:
    """Two X archives side by side were read as one: the first account.js found."""
    exports = build.folder("x", {**_inside("alex", x_layout()), **_inside("bo", x_layout())})
    with pytest.raises(HoldsExports, match=r"in 'alex' and an X/Twitter archive in 'bo'\. List"):
        import_archive(exports, ctx)


def test_a_zip_of_unpacked_exports_says_to_unzip_it(build: Builder, ctx) -> None:
    """Files loose beside a folder are an export of their own too."""
    members = _inside("downloads", {**reddit_layout(), **_inside("twitter", x_layout())})
    with pytest.raises(HoldsExports) as caught:
        import_archive(build.zip("all.zip", members), ctx)
    assert caught.value.message == (
        "the archive 'all.zip' holds several exports, not one: a Reddit data export loose in "
        "'downloads' and an X/Twitter archive in 'downloads/twitter'. Unzip 'all.zip', then "
        "move each export's files into a folder of their own, and list each folder as an "
        'account of its own, in its own [[account]] entry (archive = "PATH OF THE FOLDER").'
    )
    assert caught.value.in_app == (
        "This file holds several exports, not one: a Reddit data export loose in 'downloads' "
        "and an X/Twitter archive in 'downloads/twitter'. Unzip it, move each export's files "
        "into a folder of their own, zip each export's folder into a file of its own, and add "
        "each file."
    )


@pytest.mark.parametrize("kind", sorted(LAYOUTS))
def test_one_export_over_several_folders_is_one_export(build: Builder, ctx, kind) -> None:
    """Facebook's profile and posts are in two folders of one export, X's account and its
    pictures: neither is several exports."""
    assert import_archive(build.folder(kind, LAYOUTS[kind]()), ctx).collected is not None


def test_an_empty_zip_or_folder_says_it_is_empty(build: Builder, ctx, tmp_path) -> None:
    path = build.zip("empty.zip", {})
    with pytest.raises(ArchiveError, match=r"the archive 'empty\.zip' is empty: it holds no files"):
        import_archive(path, ctx)
    (tmp_path / "nothing").mkdir()
    with pytest.raises(ArchiveError, match="the folder 'nothing' is empty: it holds no files"):
        import_archive(tmp_path / "nothing", ctx)


def _part_two() -> dict:
    """The second zip of a split Facebook export: activity, no profile."""
    layout = facebook_layout()
    del layout["personal_information/profile_information/profile_information.json"]
    layout["logged_information/search/your_search_history.json"] = "{}"
    return layout


@pytest.mark.parametrize("kind", [None, "facebook-export"])
def test_one_part_of_a_split_export_says_to_unzip_the_parts_together(
    build: Builder, ctx, kind
) -> None:
    """Part 2 alone said "has no 'profile_information.json' … request a new export"."""
    with pytest.raises(ArchiveError) as caught:
        import_archive(build.zip("facebook-zoe-part2.zip", _part_two()), ctx, kind=kind)
    assert caught.value.message == (
        "the archive 'facebook-zoe-part2.zip' has no 'profile_information.json' (it holds the "
        "profile): it looks like one part of a Facebook export split into several zips. Unzip "
        "all the parts into one folder and list the folder."
    )


def test_a_part_without_posts_is_a_split_part_too(build: Builder, ctx) -> None:
    members = {
        "ads_information/ads.json": "{}",
        "your_instagram_activity/likes/liked_posts.json": "{}",
        "connections/followers_and_following/following.json": "{}",
    }
    with pytest.raises(ArchiveError, match="one part of an Instagram export split"):
        import_archive(build.zip("instagram-part3.zip", members), ctx)


def test_the_parts_unzipped_into_one_folder_are_read(build: Builder, ctx) -> None:
    folder = build.folder("facebook-zoe", {**_part_two(), **facebook_layout()})
    assert import_archive(folder, ctx).id == "facebook:alex.example"


def test_an_unpacked_export_with_zips_beside_it_names_them_all(build: Builder, ctx) -> None:
    """A folder of downloads holding an unpacked X archive and two zipped exports was read as
    the X account alone, and the other two were left out without a word."""
    downloads = build.folder(
        "downloads",
        {
            **_inside("x", x_layout()),
            "reddit-export.zip": zip_bytes(reddit_layout()),
            "instagram-alex.zip": zip_bytes(instagram_layout()),
        },
    )
    root = downloads.as_posix()
    for kind in (None, "x-archive"):
        with pytest.raises(HoldsExports) as caught:
            import_archive(downloads, ctx, kind=kind)
        assert caught.value.message == (
            "the folder 'downloads' holds an X/Twitter archive in 'x' and other exports beside "
            "it (instagram-alex.zip, reddit-export.zip): each is an account of its own. List "
            f'each in its own [[account]] entry: archive = "{root}/x" and archive = '
            f'"{root}/instagram-alex.zip" and archive = "{root}/reddit-export.zip".'
        )
    loose = build.folder("loose", {**x_layout(), "reddit-export.zip": zip_bytes(reddit_layout())})
    with pytest.raises(HoldsExports, match="X/Twitter archive loose at the top of the folder and"):
        import_archive(loose, ctx)
    packed = build.zip(
        "all.zip", {**_inside("x", x_layout()), "reddit.zip": zip_bytes(reddit_layout())}
    )
    with pytest.raises(HoldsExports) as caught:
        import_archive(packed, ctx)
    assert caught.value.in_app == (
        "This file holds an X/Twitter archive and other exports beside it (reddit.zip). Unzip "
        "it and add each export on its own."
    )


def test_a_zip_deep_inside_an_export_is_its_own_file(build: Builder, ctx) -> None:
    """A zip sent as a message attachment is part of the export, not another export."""
    members = {**x_layout(), "data/direct_messages_media/1-notes.zip": b"PK\x05\x06" + bytes(18)}
    profile = import_archive(build.zip("twitter.zip", members), ctx)
    assert profile.platform == "x"


def test_an_export_unpacked_beside_its_own_zip_or_a_backup_is_read(build: Builder, ctx) -> None:
    """`unzip twitter.zip` in a folder leaves the zip beside what it unpacked: the folder was
    refused as holding "other exports beside it (twitter.zip)", which invited listing the
    same account twice; and any zip beside an export (photos) was called an export."""
    photos = zip_bytes({"IMG_0001.jpg": b"\\xff\\xd8\\xff", "IMG_0002.jpg": b"\\xff\\xd8\\xff"})
    folder = build.folder(
        "twitter", {**x_layout(), "twitter.zip": zip_bytes(x_layout()), "photos.zip": photos}
    )
    assert import_archive(folder, ctx).platform == "x"
