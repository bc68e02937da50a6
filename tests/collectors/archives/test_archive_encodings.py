"""Export members saved again on Windows: Excel's Windows-1252 and UTF-16, read without loss."""

from __future__ import annotations

import codecs

import pytest

from collectors.archives import ArchiveError, import_archive, open_archive
from tests.collectors.archives.layouts import Builder
from tests.collectors.archives.layouts_more import linkedin_layout, reddit_layout

ZOE = "First Name,Last Name,Headline\r\nZoë,Varga,Kartografin – Straße 5\r\n"


@pytest.mark.parametrize(
    "encoded",
    [
        ZOE.encode("utf-8"),
        codecs.BOM_UTF8 + ZOE.encode("utf-8"),
        ZOE.encode("cp1252"),
        codecs.BOM_UTF16_LE + ZOE.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + ZOE.encode("utf-16-be"),
    ],
    ids=["utf-8", "utf-8-bom", "cp1252", "utf-16-le", "utf-16-be"],
)
def test_text_and_stream_read_each_encoding(build: Builder, encoded: bytes) -> None:
    path = build.zip("export.zip", {"Profile.csv": encoded})
    with open_archive(path) as archive:
        assert archive.text("Profile.csv") == ZOE
        with archive.text_stream("Profile.csv") as stream:
            assert stream.read() == ZOE


def test_a_stream_that_turns_out_not_utf8_late_is_read_as_windows_1252(build: Builder) -> None:
    """The first 200 KiB are plain ASCII, then Excel's "é": read in pieces, the switch comes
    after much text was given out already."""
    text = "x," * 100_000 + "\r\ncafé au lait – Zoë\r\n"
    path = build.zip("export.zip", {"comments.csv": text.encode("cp1252")})
    with open_archive(path) as archive, archive.text_stream("comments.csv") as stream:
        assert stream.read() == text


def test_a_damaged_byte_in_utf8_text_is_replaced_not_read_as_windows_1252(
    build: Builder,
) -> None:
    data = "Zoë ".encode() + b"\xff" + " Łódź".encode()
    path = build.zip("export.zip", {"notes.txt": data})
    with open_archive(path) as archive:
        assert archive.text("notes.txt") == "Zoë \ufffd Łódź"
        with archive.text_stream("notes.txt") as stream:
            assert stream.read() == "Zoë \ufffd Łódź"


def test_linkedin_profile_saved_by_excel_keeps_the_name(build: Builder, ctx) -> None:
    """'Zoë' in a Windows-1252 Profile.csv became 'Zo� Varga', and the id 'linkedin:zo-varga'."""
    layout = linkedin_layout()
    profile_csv = str(layout["Profile.csv"]).lstrip("\ufeff").replace("Alex,Example", "Zoë,Varga")
    layout["Profile.csv"] = profile_csv.encode("cp1252")
    profile = import_archive(build.zip("linkedin.zip", layout), ctx)
    assert (profile.id, profile.display_name) == ("linkedin:zoe-varga", "Zoë Varga")


def test_linkedin_profile_saved_as_unicode_text_is_read(build: Builder, ctx) -> None:
    layout = linkedin_layout()
    profile_csv = str(layout["Profile.csv"]).lstrip("\ufeff").replace("Alex,Example", "Zoë,Varga")
    layout["Profile.csv"] = codecs.BOM_UTF16_LE + profile_csv.encode("utf-16-le")
    profile = import_archive(build.zip("linkedin.zip", layout), ctx)
    assert (profile.id, profile.display_name) == ("linkedin:zoe-varga", "Zoë Varga")


def test_reddit_comments_saved_by_excel_keep_their_words(build: Builder, ctx) -> None:
    layout = reddit_layout()
    comments = str(layout["comments.csv"]).replace("Timetables matter.", "Café timetables matter.")
    layout["comments.csv"] = comments.encode("cp1252")
    profile = import_archive(build.zip("reddit.zip", layout), ctx)
    assert "Café timetables matter." in [post.text for post in profile.posts]


@pytest.mark.parametrize(
    ("delimiter", "encode"),
    [
        (";", lambda text: text.encode("cp1252")),  # Excel where a comma is the decimal mark
        ("\t", lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le")),  # "Unicode text"
    ],
    ids=["semicolons-cp1252", "tabs-utf16"],
)
def test_linkedin_profile_resaved_with_other_separators_is_read(
    build: Builder, ctx, delimiter, encode
) -> None:
    """It was refused: "has no header row with the columns first name, last name"."""
    layout = linkedin_layout()
    text = f"First Name{delimiter}Last Name{delimiter}Headline\r\n"
    text += f"Zoë{delimiter}Varga{delimiter}Cartographer; maps\r\n".replace(
        f"{delimiter}maps", ", maps"
    )
    layout["Profile.csv"] = encode(text)
    profile = import_archive(build.zip("linkedin.zip", layout), ctx)
    assert (profile.id, profile.display_name) == ("linkedin:zoe-varga", "Zoë Varga")


def test_a_profile_csv_past_reading_says_it_looks_resaved(build: Builder, ctx) -> None:
    layout = linkedin_layout()
    layout["Profile.csv"] = "Vorname|Nachname\r\nZoë|Varga\r\n"
    with pytest.raises(ArchiveError) as caught:
        import_archive(build.zip("linkedin.zip", layout), ctx)
    assert caught.value.message == (
        "'Profile.csv' in the archive 'linkedin.zip' has no header row with the columns first "
        "name, last name: it looks opened and saved again (by Excel, say). Use the original "
        "file from the platform's zip, or download the export again."
    )
