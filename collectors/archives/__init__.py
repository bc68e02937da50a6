"""Importers of the data exports people can download of their own accounts.

``import_archive(path, ctx, kind=None)`` reads an export (zip, tar.gz, an unpacked folder, or
one JSON/CSV file) in place and returns the same profile record a live collector would. Each
kind is one module exposing ``IMPORTER``; see :mod:`collectors.archives.registry`.
"""

from __future__ import annotations

from collectors.archives.caps import Caps
from collectors.archives.errors import (
    ArchiveDamaged,
    ArchiveError,
    ArchiveLocked,
    ArchiveTooLarge,
    MissingMember,
    NotAnArchive,
)
from collectors.archives.reader import Archive, open_archive
from collectors.archives.registry import (
    Importer,
    UnknownKind,
    all_importers,
    choose,
    detect,
    import_archive,
    known_kinds,
)

__all__ = [
    "Archive",
    "ArchiveDamaged",
    "ArchiveError",
    "ArchiveLocked",
    "ArchiveTooLarge",
    "Caps",
    "Importer",
    "MissingMember",
    "NotAnArchive",
    "UnknownKind",
    "all_importers",
    "choose",
    "detect",
    "import_archive",
    "known_kinds",
    "open_archive",
]
