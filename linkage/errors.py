"""Errors the user sees. Each carries a plain-words message naming what failed and what to do."""

from __future__ import annotations


class LinkageError(Exception):
    """Base class for errors reported to the user without a traceback."""

    exit_code = 1


class UsageError(LinkageError):
    """Bad usage: a malformed handle, an unknown platform, a bad option (exit 2)."""

    exit_code = 2


class SideError(UsageError):
    """A side of the person (a persona label) that cannot be taken as typed (exit 2); the app
    says it at the side's field."""

    field = "persona"


class InputError(LinkageError):
    """An input file that cannot be read or parsed (exit 2)."""

    exit_code = 2


class DiskError(LinkageError):
    """A file or folder linkage keeps things in cannot be used: a full disk, a read-only
    folder, a damaged cache (exit 2, as for an input that cannot be read)."""

    exit_code = 2
