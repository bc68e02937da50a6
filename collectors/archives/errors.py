"""The ways reading a data-export archive fails: :class:`ArchiveError` and its kinds (damaged,
too large, a member missing, locked by a password, not an archive), each raised with a message
a person can act on."""

from __future__ import annotations

from collectors.errors import CollectError


class ArchiveError(CollectError):
    """A data-export archive could not be read (damaged, refused, missing a member, wrong kind)."""

    status = "bad archive"
    #: the platform the archive is an export of, where its kind was named or detected
    platform: str | None = None
    #: what to do, said for the app's page (one file uploaded, no accounts file to edit),
    #: where that differs from the message
    in_app: str | None = None
    #: what to do, said at 'linkage init's prompt for an account (a path typed there, a file
    #: or a folder, no accounts file to edit), where that differs from the message
    at_prompt: str | None = None


class ArchiveDamaged(ArchiveError):
    pass


class ArchiveTooLarge(ArchiveError):
    """A cap was reached: too many members, too large when unpacked, a likely zip bomb."""


class MissingMember(ArchiveError):
    pass


class ArchiveLocked(ArchiveError):
    """The archive is protected by a password."""


class NotAnArchive(ArchiveError):
    pass


def locked(label: str) -> ArchiveLocked:
    return ArchiveLocked(
        f"the archive '{label}' is protected by a password; unzip it with your password and "
        "list the folder instead."
    )


#: what the app's page says of an archive that is damaged or cut short: one file uploaded,
#: in words that need no knowledge of zip files
DAMAGED_IN_APP = (
    "This file is not a data export linkage can read: it may be damaged or only partly "
    "downloaded. Download the export again and give linkage the new file."
)


def damaged(message: str) -> ArchiveDamaged:
    """An archive that is damaged, cut short or not what its name says: ``message`` for the
    command line, :data:`DAMAGED_IN_APP` for the app's page."""
    error = ArchiveDamaged(message)
    error.in_app = DAMAGED_IN_APP
    return error
