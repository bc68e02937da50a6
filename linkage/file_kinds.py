"""Which of linkage's own files a file is, from its first few kilobytes, so that a file given
in the wrong place gets a message naming what it is and what to do with it ("this is an
accounts file: 'linkage audit accounts.toml' audits the accounts it lists") instead of a
parser's complaint about its first character.

Only the readers' error paths call :func:`sniff`: a file that parses as what was asked for
is never second-guessed.
"""

from __future__ import annotations

import json
import os
import re
import zipfile
from pathlib import Path, PurePosixPath

#: how much of a file is read to tell what it is
HEAD_BYTES = 8192
#: a file that opens with a JSON document over several lines is read whole, up to this size,
#: to tell a report's JSON from other JSON
WHOLE_DOCUMENT_LIMIT = 64 * 1024 * 1024
#: the top-level keys of linkage's analysis JSON (``--json``)
ANALYSIS_KEYS = frozenset({"accounts", "links", "exposure"})
#: an accounts file's tables (``[[account]]``) or its ``owner``
_ACCOUNTS = re.compile(r"^\s*(\[\[\s*account\s*\]\]|owner\s*=)", re.MULTILINE)
#: the header of a links table written as CSV
_LINKS_TABLE = re.compile(r"^\s*a\s*,\s*b\s*,\s*probability\b")
#: the header of the profiles table that ``--csv`` writes
_PROFILES_TABLE = re.compile(r"^\s*id\s*,\s*platform\s*,\s*handle\b")

REPORT = "report"
ANALYSIS = "analysis"
DOCUMENT = "document"
ACCOUNTS = "accounts"
LINKS_TABLE = "links table"
PROFILES_TABLE = "profiles table"
PROFILES = "profiles"
LINKS = "links"
EXPORT = "export"
EXPORT_FOLDER = "export folder"
ARCHIVE = "archive"

#: each kind in a sentence, after "this is"
WORDS = {
    REPORT: "an HTML report (what linkage writes with -o)",
    ANALYSIS: "a report's JSON (the analysis written by --json)",
    DOCUMENT: "one JSON document over several lines",
    ACCOUNTS: "an accounts file",
    LINKS_TABLE: "a links table ('linkage link' writes it)",
    PROFILES_TABLE: "the profiles table that --csv writes (a summary, not the profiles)",
    PROFILES: "a profiles file (JSON Lines records, one account per line)",
    LINKS: "a links file (JSON Lines link records)",
    EXPORT: "a data export (an archive such as a platform's zip)",
    EXPORT_FOLDER: "a data export (a platform's export, unpacked into a folder)",
    ARCHIVE: "a zip file that holds no platform's data export (a spreadsheet or document is one)",
}

#: files that name the account in a platform's export (X, Mastodon, LinkedIn, Facebook,
#: Instagram, Reddit), in JSON or HTML form
EXPORT_MARKERS = frozenset(
    {
        "account.js",
        "actor.json",
        "Profile.csv",
        "profile_information.json",
        "profile_information.html",
        "personal_information.json",
        "personal_information.html",
        "statistics.csv",
    }
)
#: how archives begin: zip (or an empty zip), gzip, bzip2, xz
_ARCHIVE_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"\x1f\x8b", b"BZh", b"\xfd7zXZ\x00")


def said(path: Path, kind: str, instead_of: str, then: str = "") -> str:
    """The message for ``path`` found to be ``kind`` where ``instead_of`` was wanted:
    "PATH: this is an accounts file, not a links table. THEN"."""
    return f"{path}: this is {WORDS[kind]}, not {instead_of}. {then}".rstrip()


def sniff(path: Path) -> str | None:
    """The kind of linkage file ``path`` looks like (a key of :data:`WORDS`), or None."""
    if path.is_dir():
        return EXPORT_FOLDER if _export_folder(path) else None
    try:
        with path.open("rb") as handle:
            raw = handle.read(HEAD_BYTES)
    except OSError:
        return None
    if raw.startswith(_ARCHIVE_MAGIC) or raw[257:262] == b"ustar":
        # a zip is an export when it holds a file that names an export's account (an .xlsx
        # or .docx is a zip too); a damaged one, and a compressed tar, are taken for one
        return ARCHIVE if _other_zip(path) else EXPORT
    head = raw.decode("utf-8-sig", errors="replace")
    first = next((line for line in head.splitlines() if line.strip()), "")
    start = first.lstrip().lower()
    if start.startswith(("<!doctype html", "<html")):
        return REPORT
    if _LINKS_TABLE.match(first):
        return LINKS_TABLE
    if _PROFILES_TABLE.match(first):
        return PROFILES_TABLE
    if start.startswith("{"):
        try:
            record = json.loads(first)
        except ValueError:
            return _document(path)
        if isinstance(record, dict) and {"id", "platform"} <= record.keys():
            return PROFILES
        if isinstance(record, dict) and {"a", "b", "probability"} <= record.keys():
            return LINKS
        return None
    if _ACCOUNTS.search(head):
        return ACCOUNTS
    return None


def _document(path: Path) -> str | None:
    """ANALYSIS or DOCUMENT for a file that is one JSON document, else None."""
    try:
        if path.stat().st_size > WHOLE_DOCUMENT_LIMIT:
            return None
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError):
        return None
    return ANALYSIS if isinstance(data, dict) and data.keys() >= ANALYSIS_KEYS else DOCUMENT


def _other_zip(path: Path) -> bool:
    """Whether ``path`` is a readable zip that holds no file naming an export's account."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = {PurePosixPath(name).name for name in archive.namelist()}
    except (OSError, zipfile.BadZipFile, ValueError):
        return False
    return not names & EXPORT_MARKERS


def _export_folder(path: Path) -> bool:
    """Whether the folder looks like a platform's unpacked export: it holds (within a few
    levels) a file that names an export's account (the importers, ``collectors.archives``,
    tell the kinds apart; this module stays below them)."""
    seen = 0
    for root, dirs, files in os.walk(path):
        if set(files) & EXPORT_MARKERS:
            return True
        seen += len(files) + len(dirs)
        depth = len(Path(root).relative_to(path).parts)
        if seen > 10_000 or depth >= 3:
            dirs.clear()
    return False
