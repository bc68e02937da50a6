"""Reddit data request export (CSVs): ``statistics.csv``, own posts and comments.

Only files named like ``posts.csv`` / ``comments.csv`` are read, and each is classified by its
header (a ``title`` column: posts; ``body`` with ``parent`` or ``link``: comments). Messages,
chats, votes, saved and hidden items are never read, and the ``ip`` column is never copied.
``[deleted]`` and ``[removed]`` bodies are dropped. The export has no bio, avatar or display name.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable

from collectors.archives.formats import Newest, csv_header, iter_csv, parse_date
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
        return any(archive.has(name) for name in _MARKERS) or bool(self.writing(archive))

    def writing(self, archive: Archive) -> list[tuple[str, str]]:
        """``(member, "posts" | "comments")`` for each file of Reddit writing, by its header."""
        found = []
        for member in archive.matching(_WRITING):
            try:
                with archive.text_stream(member) as stream:
                    header = csv_header(stream)
            except ArchiveError:
                continue
            shape = classify(header)
            if shape is not None and "subreddit" in header:
                found.append((member, shape))
        return found

    def load(
        self, archive: Archive, ctx: CollectContext, *, source_name: str, handle: str | None = None
    ) -> Profile:
        stats_name = archive.first("statistics.csv")
        stats: dict[str, str] = {}
        if stats_name is not None:
            with archive.text_stream(stats_name) as stream:
                try:
                    stats = statistics(csv.reader(stream, strict=False))
                except (csv.Error, ValueError) as exc:
                    raise ArchiveError(
                        f"'{stats_name}' in the archive '{archive.label}' is not a readable CSV "
                        f"file ({exc}); download the export again."
                    ) from None
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
        for member, shape in self.writing(archive):
            with archive.text_stream(member) as stream:
                for row in iter_csv(stream, member, required=("date",), label=archive.label):
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
            return mark_partial(profile, missing)
        return profile


IMPORTER = RedditExportImporter()
