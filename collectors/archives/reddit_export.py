"""Reddit data request export (CSVs): ``statistics.csv``, own posts and comments.

Only files named like ``posts.csv`` / ``comments.csv`` are read, and each is classified by its
header (a ``title`` column: posts; ``body`` with ``parent`` or ``link``: comments). Messages,
chats, votes, saved and hidden items are never read, and the ``ip`` column is never copied.
``[deleted]`` and ``[removed]`` bodies are dropped. The export has no bio, avatar or display name.
A file saved again by a spreadsheet with semicolons or tabs between its columns is read as well;
a writing file whose columns are still not Reddit's is named in the profile's partial status.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import NamedTuple

from collectors.archives.formats import (
    DELIMITERS,
    Newest,
    csv_header,
    iter_csv,
    parse_date,
    sniff_header,
)
from collectors.archives.reader import Archive, ArchiveError, MissingMember
from collectors.archives.registry import Importer
from collectors.base import CollectContext, mark_partial
from collectors.text import clean_markdown, tidy
from linkage.records import Profile

DATE = "%Y-%m-%d %H:%M:%S UTC"
_WRITING = re.compile(r"(^|/)(posts|comments)(_\d+)?\.csv$", re.I)
_MARKERS = ("statistics.csv", "post_votes.csv", "comment_votes.csv", "subscribed_subreddits.csv")
_USERNAME = re.compile(r"^[A-Za-z0-9_-]{1,30}$")
GONE = {"[deleted]", "[removed]"}


def statistics(rows: Iterable[list[str]]) -> dict[str, str]:
    """``statistics.csv`` as ``{statistic: value}`` (lower-case names)."""
    found: dict[str, str] = {}
    for row in rows:
        if len(row) >= 2 and row[0].strip():
            found.setdefault(row[0].strip().lower(), row[1].strip())
    return found


def classify(header: list[str]) -> str | None:
    """``posts``, ``comments`` or None, from a CSV header."""
    columns = set(header)
    if "title" in columns and "date" in columns:
        return "posts"
    if "body" in columns and "date" in columns and ({"parent", "link"} & columns):
        return "comments"
    return None


def shape_of(header: list[str]) -> str | None:
    """``posts`` or ``comments`` for the header of a Reddit writing file, else None."""
    shape = classify(header)
    return shape if shape is not None and "subreddit" in header else None


class Writing(NamedTuple):
    member: str
    shape: str | None
    delimiter: str


def unreadable_columns(member: str) -> str:
    """Why the writing file ``member`` was not read: its columns are not Reddit's."""
    return (
        f"the posts or comments in '{member}' were not read: the file's columns are not "
        "the ones Reddit writes (id, permalink, date, subreddit, body …), even read with semicolons "
        "or tabs between them. Give the file as it came in Reddit's zip (a spreadsheet that "
        "saves it again can change its columns), or download the export again"
    )


def read_statistics(archive: Archive, name: str) -> dict[str, str]:
    """``statistics.csv``, read with the separator that finds its ``account name`` row (a
    spreadsheet may have saved it again with semicolons or tabs)."""
    found: dict[str, str] = {}
    for delimiter in DELIMITERS:
        with archive.text_stream(name) as stream:
            try:
                stats = statistics(csv.reader(stream, strict=False, delimiter=delimiter))
            except (csv.Error, ValueError) as exc:
                raise ArchiveError(
                    f"'{name}' in the archive '{archive.label}' is not a readable CSV "
                    f"file ({exc}); download the export again."
                ) from None
        found = found or stats
        if "account name" in stats:
            return stats
    return found


def _body(value: str | None) -> str:
    text = (value or "").strip()
    return "" if text in GONE else clean_markdown(text)


def writing_row(row: dict[str, str], shape: str) -> tuple[str, str | None, str | None] | None:
    """``(text, created_at, url)`` of one post or comment row; never the ``ip`` column."""
    body = _body(row.get("body"))
    if shape == "posts":
        title = tidy(row.get("title") or "")
        title = "" if title in GONE else title
        text = "\n\n".join(part for part in (title, body) if part)
    else:
        text = body
    if not text:
        return None
    link = (row.get("permalink") or "").strip()
    url = link if link.startswith("https://") else None
    return text, parse_date(row.get("date"), DATE, utc=True), url


class RedditExportImporter(Importer):
    kind = "reddit-export"
    platform = "reddit"
    title = "Reddit data export"
    key_member = "statistics.csv"
    known_as = "Reddit"
    looks_like = "CSV files such as statistics.csv and comments.csv"

    def detect(self, archive: Archive) -> bool:
        return any(archive.has(name) for name in _MARKERS) or any(
            shape for _, shape, _ in self.writing(archive)
        )

    def writing(self, archive: Archive) -> list[Writing]:
        """Each file named like Reddit's writing, with its shape ("posts" or "comments", by
        its header; None when no separator gives a header of either) and its separator."""
        found = []
        for member in archive.matching(_WRITING):
            try:
                sniffed = sniff_header(archive, member, lambda header: bool(shape_of(header)))
                if sniffed is None:
                    with archive.text_stream(member) as stream:
                        if not csv_header(stream):  # an empty file holds nothing to read
                            continue
            except ArchiveError:
                continue
            header, delimiter = sniffed or ([], ",")
            found.append(Writing(member, shape_of(header), delimiter))
        return found

    def load(
        self, archive: Archive, ctx: CollectContext, *, source_name: str, handle: str | None = None
    ) -> Profile:
        stats_name = archive.first("statistics.csv")
        stats: dict[str, str] = {}
        if stats_name is not None:
            stats = read_statistics(archive, stats_name)
        elif handle is None:
            raise MissingMember(
                f"the archive '{archive.label}' has no 'statistics.csv', which names the "
                "account: add the account's Reddit username to its entry in the accounts file, "
                'beside archive = "…": handle = "reddit:NAME".'
            )
        name = stats.get("account name", "").removeprefix("u/").removeprefix("/u/")
        if not name and handle is not None:
            name = handle.strip().removeprefix("reddit:").removeprefix("u/")
        if not _USERNAME.match(name):
            raise ArchiveError(
                f"'{stats_name}' in the archive '{archive.label}' has no 'account name' row; "
                "the export may be damaged: download it again."
            )
        newest = Newest(ctx.limits.max_posts)
        not_understood = []
        for member, shape, delimiter in self.writing(archive):
            if shape is None:
                not_understood.append(member)
                continue
            with archive.text_stream(member) as stream:
                rows = iter_csv(
                    stream, member, required=("date",), label=archive.label, delimiter=delimiter
                )
                for row in rows:
                    post = writing_row(row, shape)
                    if post:
                        newest.add(*post)
        profile = self.profile(
            name,
            source_name=source_name,
            default_url=f"https://www.reddit.com/user/{name}",
            created_at=parse_date(stats.get("registration date"), DATE, utc=True),
            posts=newest.sample(ctx.limits),
        )
        if stats_name is None:
            missing = (
                "the archive has no 'statistics.csv', so the account's start date was not read"
            )
            mark_partial(profile, missing)
        for member in not_understood:
            mark_partial(profile, unreadable_columns(member))
        return profile


IMPORTER = RedditExportImporter()
