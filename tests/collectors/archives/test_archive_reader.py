"""Reading archives in place, safely: damaged files, bombs, caps, hostile member names."""

from __future__ import annotations

import io
import tarfile
import zipfile
from pathlib import Path

import pytest

from collectors.archives import (
    ArchiveDamaged,
    ArchiveError,
    ArchiveLocked,
    ArchiveTooLarge,
    Caps,
    MissingMember,
    NotAnArchive,
    import_archive,
    open_archive,
)
from collectors.archives.reader import clean_name
from tests.collectors.archives.layouts import Builder, mastodon_layout, x_layout

ZEROS = 50 * 1024 * 1024


def test_member_names_are_normalised_and_a_shared_top_folder_removed(build: Builder) -> None:
    path = build.zip("a.zip", {"export/data/a.js": "1", "export/b.csv": "2", "export/": ""})
    with open_archive(path) as archive:
        assert archive.names == ["b.csv", "data/a.js"]
        assert archive.read("data/a.js") == b"1"
        assert archive.find("a.js") == ["data/a.js"]


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("../evil.txt", None),
        ("a/../../evil.txt", None),
        ("/etc/passwd", None),
        ("C:/Windows/x", None),
        ("\\\\server\\share\\x", None),
        ("a\\b.json", "a/b.json"),
        ("./a//b.json", "a/b.json"),
    ],
)
def test_clean_name(raw: str, clean: str | None) -> None:
    assert clean_name(raw) == clean


def test_traversal_and_absolute_names_are_ignored_in_zip(build: Builder) -> None:
    path = build.zip("a.zip", {"../evil.json": "x", "/abs.json": "y", "ok.json": "{}"})
    with open_archive(path) as archive:
        assert archive.names == ["ok.json"]
        assert sorted(archive.ignored) == ["../evil.json", "/abs.json"]
    assert not (path.parent.parent / "evil.json").exists()


def test_traversal_names_and_links_are_ignored_in_tar(tmp_path: Path) -> None:
    path = tmp_path / "a.tar.gz"
    with tarfile.open(path, "w:gz") as tar:
        for name in ("../evil.json", "/abs.json", "ok.json"):
            info = tarfile.TarInfo(name)
            info.size = 2
            tar.addfile(info, io.BytesIO(b"{}"))
        link = tarfile.TarInfo("passwd.json")
        link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
        tar.addfile(link)
    with open_archive(path) as archive:
        assert archive.names == ["ok.json"]
        assert sorted(archive.ignored) == ["../evil.json", "/abs.json"]


def test_folder_symlinks_are_not_followed(build: Builder) -> None:
    root = build.folder("export", {"ok.json": "{}"})
    (root / "outside.json").symlink_to("/etc/hostname")
    with open_archive(root) as archive:
        assert archive.names == ["ok.json"]


def test_missing_member_is_reported_by_name(build: Builder) -> None:
    with (
        open_archive(build.zip("a.zip", {"b.json": "{}"})) as archive,
        pytest.raises(MissingMember, match=r"the archive 'a\.zip' has no 'data/tweets\.js'"),
    ):
        archive.read("data/tweets.js")


def test_truncated_zip(build: Builder, ctx) -> None:
    path = build.zip("x.zip", x_layout())
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(ArchiveDamaged, match=r"'x\.zip' is damaged or incomplete \(truncated zip"):
        import_archive(path, ctx)


def test_zip_with_damaged_member_data(build: Builder, ctx) -> None:
    path = build.zip("m.zip", mastodon_layout())
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("outbox.json")
    start = info.header_offset + 30 + len(info.filename) + 40
    data[start : start + 200] = bytes(200)
    path.write_bytes(bytes(data))
    with pytest.raises(ArchiveDamaged, match=r"damaged or incomplete \('outbox\.json'"):
        import_archive(path, ctx)


def test_truncated_tar_gz(build: Builder, ctx) -> None:
    path = build.targz("m.tar.gz", mastodon_layout())
    path.write_bytes(path.read_bytes()[: path.stat().st_size * 2 // 3])
    with pytest.raises(ArchiveDamaged, match=r"'m\.tar\.gz' is damaged or incomplete"):
        import_archive(path, ctx)


@pytest.mark.parametrize(
    ("name", "content", "error", "message"),
    [
        ("notes.txt", b"just some text", NotAnArchive, "not an archive this tool can read"),
        ("photo.zip", b"\x89PNG\r\n\x1a\n....", ArchiveDamaged, "not a zip file"),
        ("empty.zip", b"", ArchiveDamaged, "is empty"),
        ("fake.tar.gz", b"\x1f\x8b\x08\x00garbage", ArchiveDamaged, "damaged or not a tar"),
    ],
)
def test_not_an_archive(
    tmp_path: Path, ctx, name: str, content: bytes, error: type, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(error, match=message):
        import_archive(path, ctx)


def test_missing_path(tmp_path: Path, ctx) -> None:
    with pytest.raises(ArchiveError, match="does not exist"):
        import_archive(tmp_path / "nowhere.zip", ctx)


def test_a_pipe_or_a_device_is_refused_without_waiting_for_it(tmp_path: Path, ctx) -> None:
    """A named pipe given as the export waited for a writer forever (no message, no end);
    a device read as an empty file ("download it again")."""
    import os
    import threading

    pipe = tmp_path / "export.zip"
    os.mkfifo(pipe)
    said: list[BaseException] = []

    def read() -> None:
        try:
            import_archive(pipe, ctx)
        except BaseException as exc:  # the refusal, checked below
            said.append(exc)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(30)  # a guard against hanging the suite, not a measure of speed
    assert said and isinstance(said[0], ArchiveError), "the pipe was waited on"
    assert "not a file but a pipe or a device" in str(said[0])
    with pytest.raises(ArchiveError, match="not a file but a pipe or a device"):
        import_archive(Path(os.devnull), ctx)


def _bomb(path: Path, member: str, extra: dict[str, str] | None = None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, text in (extra or {}).items():
            archive.writestr(name, text)
        with archive.open(member, "w", force_zip64=True) as out:
            block = bytes(1024 * 1024)
            for _ in range(ZEROS // len(block)):
                out.write(block)
    return path


def test_zip_bomb_member_stops_at_the_member_cap(tmp_path: Path, ctx) -> None:
    path = _bomb(
        tmp_path / "bomb.zip", "outbox.json", {"actor.json": mastodon_layout()["actor.json"]}
    )
    caps = Caps(member_bytes=2 * 1024 * 1024, total_bytes=ZEROS * 10)
    with pytest.raises(
        ArchiveTooLarge,
        match=r"'outbox\.json' of the archive 'bomb\.zip' unpacks to more than 2 MiB",
    ):
        import_archive(path, ctx, caps=caps)


def test_zip_bomb_member_stops_at_the_ratio_cap(tmp_path: Path, ctx) -> None:
    path = _bomb(
        tmp_path / "bomb.zip", "outbox.json", {"actor.json": mastodon_layout()["actor.json"]}
    )
    with pytest.raises(ArchiveTooLarge, match="looks like a zip bomb"):
        import_archive(path, ctx)  # default caps: 50 MB of zeros is far above the ratio


def test_zip_bomb_by_declared_total_is_refused_on_opening(tmp_path: Path, ctx) -> None:
    path = _bomb(tmp_path / "bomb.zip", "data/video.mp4")
    with pytest.raises(ArchiveTooLarge, match=r"would unpack to more than .* zip bomb"):
        import_archive(path, ctx, caps=Caps(total_bytes=10 * 1024 * 1024))


def test_lying_declared_size_is_not_trusted(tmp_path: Path) -> None:
    path = tmp_path / "liar.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("big.json", b"a" * 100_000)
    data = bytearray(path.read_bytes())
    local, central = data.find(b"PK\x03\x04"), data.find(b"PK\x01\x02")
    data[local + 22 : local + 26] = (10).to_bytes(4, "little")  # declare 10 bytes
    data[central + 24 : central + 28] = (10).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    with open_archive(path) as archive:
        assert archive.members["big.json"].size == 10
        with pytest.raises(ArchiveDamaged, match=r"'big\.json' cannot be read"):
            archive.read("big.json")


def test_total_read_cap(build: Builder) -> None:
    path = build.zip("a.zip", {"a.json": "x" * 4000, "b.json": "y" * 4000})
    with open_archive(path, Caps(total_bytes=6000)) as archive:
        archive.read("a.json")
        with pytest.raises(ArchiveTooLarge, match="went past"):
            archive.read("b.json")


def test_too_many_members(build: Builder, ctx) -> None:
    members = {f"data/file{n}.js": "" for n in range(60)}
    with pytest.raises(ArchiveTooLarge, match=r"more than 50 members|60 members"):
        import_archive(build.zip("many.zip", members), ctx, caps=Caps(members=50))
    with pytest.raises(ArchiveTooLarge, match="more than 50 members"):
        import_archive(build.targz("many.tar.gz", members), ctx, caps=Caps(members=50))
    with pytest.raises(ArchiveTooLarge, match="more than 50 members"):
        import_archive(build.folder("many", members), ctx, caps=Caps(members=50))


def test_password_protected_zip_is_named_so(build: Builder, ctx) -> None:
    """It said "(File <ZipInfo filename='data/account.js' compress_type=deflate …> is
    encrypted, password required for extraction); password-protected exports are not supported"."""
    path = build.locked_zip("pw.zip", x_layout())
    with pytest.raises(ArchiveLocked) as caught:
        import_archive(path, ctx)
    assert str(caught.value) == (
        "bad archive: the archive 'pw.zip' is protected by a password; unzip it with your "
        "password and list the folder instead."
    )


@pytest.mark.parametrize("size", [30, 5000], ids=["small", "over-one-block"])
def test_a_compressed_single_file_is_named_so(tmp_path: Path, ctx, size: int) -> None:
    """It gave tarfile's four-line list of the methods it had tried."""
    import gzip
    import json

    document = json.dumps({"profile_user": [{"string_map_data": {"Bio": "x" * size}}]})
    path = tmp_path / "personal_information.json.gz"
    path.write_bytes(gzip.compress(document.encode()))
    with pytest.raises(NotAnArchive) as caught:
        import_archive(path, ctx)
    assert caught.value.message == (
        "the file 'personal_information.json.gz' is one compressed file, not an export "
        "archive. Give the whole export as the platform sent it (a .zip or .tar.gz), or "
        "decompress this file (open it, or 'gunzip' it) and give the JSON or CSV file inside."
    )
    assert "\n" not in caught.value.message
