"""A folder (or an archive) that holds several unpacked exports side by side, each in a folder
of its own: an X archive's folder next to a Reddit export's, two X archives, ...; or one
unpacked export with other exports' zips beside it (:func:`others_beside`).

Each top-level folder (and the loose files beside them) is looked at as an archive of its own;
when exports are found in two or more of them, :func:`holds_several` says which, and that
each is an account of its own. One export spread over several folders (Facebook's profile in
``personal_information/``, its posts in ``your_facebook_activity/``) is counted once: an
export is where its key member is.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from collectors.archives.diagnosis import INNER, HoldsExports, joined, what, with_article
from collectors.archives.reader import Archive, Member

if TYPE_CHECKING:
    from collectors.archives.registry import Importer

#: beyond this many top-level folders, a folder is not looked into one by one (a folder of
#: downloads): the importers' own detection decides
MAX_FOLDERS = 50


class Inside(Archive):
    """One top-level folder of an archive (``folder`` "" for the loose files beside the
    folders), read as an archive of its own without opening anything again."""

    def __init__(self, whole: Archive, folder: str, members: dict[str, Member]) -> None:
        super().__init__(whole.path, whole.caps)
        self.whole, self.folder = whole, folder
        self.label = f"{whole.label}/{folder}" if folder else whole.label
        self.members = members

    def _open_raw(self, member: Member) -> BinaryIO:
        return self.whole._open_raw(member)


def folders(archive: Archive) -> list[Inside]:
    """The top-level folders of ``archive`` (and its loose files), each as an archive."""
    groups: dict[str, dict[str, Member]] = {}
    for name, member in archive.members.items():
        folder, sep, rest = name.partition("/")
        if not sep:  # a loose file
            folder, rest = "", name
        groups.setdefault(folder, {})[rest] = Member(
            rest, member.ref, member.size, member.compressed
        )
    return [Inside(archive, folder, groups[folder]) for folder in sorted(groups)]


def exports_inside(archive: Archive, importers: Iterable[Importer]) -> list[tuple[Importer, str]]:
    """``(importer, folder)`` of each export found in a top-level folder of ``archive`` ("" for
    its loose files), when there are two or more in different places; else empty."""
    parts = folders(archive)
    if not 2 <= len(parts) <= MAX_FOLDERS:
        return []
    found: list[tuple[Importer, str]] = []
    for importer in importers:
        places = [part for part in parts if importer.detect(part)]
        keyed = [part for part in places if part.has(importer.key_member)]
        found += [(importer, part.folder) for part in keyed or places[:1]]
    return found if len({folder for _, folder in found}) >= 2 else []


def toml_path(path: Path) -> str:
    """``path`` as the quoted value of ``archive =`` (forward slashes, which every system reads)."""
    return '"' + path.as_posix().replace('"', '\\"') + '"'


def _where(archive: Archive, folder: str) -> str:
    """Where in ``archive`` an export was found: "in 'twitter-2025'", "loose at the top"."""
    if folder:
        return f"in '{archive.stripped}{folder}'"
    if archive.stripped:
        return f"loose in '{archive.stripped.rstrip('/')}'"
    return f"loose at the top of the {'folder' if archive.path.is_dir() else 'archive'}"


def _by_folder(found: list[tuple[Importer, str]]) -> dict[str, list[Importer]]:
    """The importers that recognised each folder, by the folders' names (the loose files
    first): a folder two platforms' importers both recognised is named once."""
    folders: dict[str, list[Importer]] = {}
    for importer, folder in sorted(found, key=lambda pair: pair[1]):
        folders.setdefault(folder, []).append(importer)
    return folders


def _what_is_in(archive: Archive, folder: str, importers: list[Importer]) -> str:
    """What a folder holds, in words: "an X/Twitter archive in 'twitter'", or, for the exports
    of several platforms mixed together there, "the exports of Reddit and X/Twitter mixed
    together in 'downloads'"."""
    if len(importers) == 1:
        return f"{with_article(importers[0].title)} {_where(archive, folder)}"
    platforms = joined([importer.known_as for importer in importers])
    return f"the exports of {platforms} mixed together {_where(archive, folder)}"


def holds_several(archive: Archive, importers: Iterable[Importer]) -> HoldsExports | None:
    """The error for an archive or folder holding several exports in folders of their own:
    each folder named once (with every platform whose export it holds), each to be listed as
    an account of its own; for the app's page (``in_app``) and 'linkage init's prompt
    (``at_prompt``), in their own words."""
    found = exports_inside(archive, importers)
    if not found:
        return None
    folders = _by_folder(found)
    listed = joined([_what_is_in(archive, folder, kinds) for folder, kinds in folders.items()])
    said = f"{what(archive)} holds several exports, not one: {listed}."
    each = 'as an account of its own, in its own [[account]] entry (archive = "PATH OF THE FOLDER")'
    loose = "" in folders
    mixed = [folder for folder, kinds in folders.items() if len(kinds) > 1 and folder]
    # the exports of several platforms in one folder: that folder is no one export either
    quoted = joined([f"'{folder}'" for folder in mixed])
    apart = f" The exports mixed together in {quoted} need a folder each first." if mixed else ""
    move = "move each export's files into a folder of their own, and list each folder"
    at_prompt = "at this prompt, one at a time"
    if archive.path.is_dir():
        if loose:
            error = HoldsExports(f"{said} {move[:1].upper()}{move[1:]} {each}.{apart}")
            error.at_prompt = (
                f"This folder holds several exports, not one: {listed}. Move each export's "
                f"files into a folder of their own, then type each folder's path {at_prompt}."
            )
            return error
        root = archive.path / archive.stripped
        lines = " and ".join(f"archive = {toml_path(root / folder)}" for folder in folders)
        error = HoldsExports(
            f"{said} List each as an account of its own, in its own [[account]] entry: "
            f"{lines}.{apart}"
        )
        paths = ", then ".join(str(root / folder) for folder in folders)
        error.at_prompt = (
            f"This folder holds several exports, not one: {listed}. Type each export's path "
            f"{at_prompt}: {paths}.{apart}"
        )
        return error
    then = move if loose else "list each export's folder"
    error = HoldsExports(f"{said} Unzip '{archive.label}', then {then} {each}.{apart}")
    sort = "move each export's files into a folder of their own, " if loose else ""
    error.in_app = (
        f"This file holds several exports, not one: {listed}. Unzip it, {sort}zip each "
        f"export's folder into a file of its own, and add each file.{apart}"
    )
    error.at_prompt = (
        f"This file holds several exports, not one: {listed}. Unzip it, {sort}then type each "
        f"export's folder {at_prompt}.{apart}"
    )
    return error


def others_beside(archive: Archive, importer: Importer) -> HoldsExports | None:
    """The error for a folder or archive whose export (read by ``importer``) has other exports'
    archives loose beside it: a folder of downloads that holds one unpacked export and some
    zips. Reading the one would leave the others out. (Archives deeper inside are the
    export's own files, such as a zip sent as a message attachment.)"""
    beside = [name for name in archive.names if "/" not in name and INNER.search(name)]
    key = archive.first(importer.key_member)
    if not beside or key is None:
        return None
    if archive.path.is_dir():
        beside = _other_exports(archive, importer, key, beside)
        if not beside:
            return None
    shown = ", ".join(beside[:5]) + (f" and {len(beside) - 5} more" if len(beside) > 5 else "")
    prefix = key[: -len(importer.key_member)]
    home = prefix.split("/", 1)[0]
    where = f"in '{archive.stripped}{home}'" if home else _where(archive, "")
    said = (
        f"{what(archive)} holds {with_article(importer.title)} {where} and other exports beside "
        f"it ({shown}): each is an account of its own."
    )
    at_prompt = "at this prompt, one at a time"
    if not archive.path.is_dir():
        error = HoldsExports(
            f"{said} Unzip '{archive.label}' and list each export in its own [[account]] entry."
        )
        error.in_app = (
            f"This file holds {with_article(importer.title)} and other exports beside it "
            f"({shown}). Unzip it and add each export on its own."
        )
        error.at_prompt = (
            f"This file holds {with_article(importer.title)} and other exports beside it "
            f"({shown}). Unzip it, then type each export's path {at_prompt}."
        )
        return error
    if not home:
        error = HoldsExports(
            f"{said} Move the {importer.known_as} export's files into a folder of their own, "
            "then list that folder and each of the others in its own [[account]] entry."
        )
        error.at_prompt = (
            f"{said} Move the {importer.known_as} export's files into a folder of their own, "
            f"then type that folder's path and each of the others' {at_prompt}."
        )
        return error
    root = archive.path / archive.stripped
    paths = [root / home] + [root / name for name in beside[:5]]
    error = HoldsExports(
        f"{said} List each in its own [[account]] entry: "
        + " and ".join(f"archive = {toml_path(path)}" for path in paths)
        + "."
    )
    error.at_prompt = (
        f"{said} Type each one's path {at_prompt}: " + ", then ".join(map(str, paths)) + "."
    )
    return error


#: beyond this many archives beside an unpacked export, they are not opened one by one
MAX_BESIDE = 10


def _other_exports(archive: Archive, importer: Importer, key: str, beside: list[str]) -> list[str]:
    """The archives loose in a folder beside its unpacked export that hold another export: not
    the export's own zip left beside it when it was unpacked there (the same key member), nor
    an archive that holds no export (a backup of photos). Past :data:`MAX_BESIDE`, all."""
    if len(beside) > MAX_BESIDE:
        return beside
    from collectors.archives.reader import ArchiveError, open_archive
    from collectors.archives.registry import detect

    root = archive.path / archive.stripped
    others = []
    for name in beside:
        try:
            with open_archive(root / name, archive.caps) as inner:
                found = detect(inner)
                own = (
                    found == [importer]
                    and (inner_key := inner.first(importer.key_member)) is not None
                    and inner.read(inner_key) == archive.read(key)
                )
        except (ArchiveError, OSError):
            continue  # not an archive this tool reads: no export to leave out
        if found and not own:
            others.append(name)
    return others
