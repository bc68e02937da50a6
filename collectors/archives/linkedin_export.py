"""LinkedIn data export (zip of CSVs): ``Profile.csv``, ``Shares.csv``, ``Comments.csv``.

Columns are matched by name (header sets drift; notes may precede the header). Shares whose
``Visibility`` limits them to the member's network are not public and never imported; nor are
messages, invitations, connections' details, e-mail addresses, addresses or birth dates.
The export does not name the profile's public address: the handle is the one given to
:func:`~collectors.archives.registry.import_archive`, or made from the member's name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from collectors.archives.formats import Newest, parse_date, read_csv, slug
from collectors.archives.reader import Archive, ArchiveError
from collectors.archives.registry import Importer
from collectors.base import CollectContext
from collectors.text import tidy, unique_links, urls_in_text
from linkage.records import Profile

DATE = "%Y-%m-%d %H:%M:%S"
_SHARES = re.compile(r"(^|/)Shares(_\d+)?\.csv$")
_COMMENTS = re.compile(r"(^|/)Comments(_\d+)?\.csv$")
_MARKERS = ("Profile.csv", "Connections.csv", "Positions.csv", "Skills.csv", "Profile Summary.csv")
_LABEL = re.compile(r"^[A-Za-z_ ]{1,30}:(?!//)")
_HANDLE = re.compile(r"^[A-Za-z0-9_-]{1,100}$")
_X_HANDLE = re.compile(r"^@?([A-Za-z0-9_]{1,15})$")
PUBLIC_VISIBILITY = {"", "public", "anyone", "everyone"}


def bracketed(value: str | None) -> list[str]:
    """``[A,B]`` -> ``["A", "B"]`` (LinkedIn's list cells)."""
    text = (value or "").strip().removeprefix("[").removesuffix("]")
    return [item.strip() for item in text.split(",") if item.strip()]


def website_links(value: str | None) -> list[str]:
    """``[PERSONAL:alex.example.org,COMPANY:https://…]`` -> the addresses."""
    return [_LABEL.sub("", item, count=1).strip() for item in bracketed(value)]


def twitter_links(value: str | None) -> list[str]:
    found = []
    for item in bracketed(value):
        match = _X_HANDLE.match(item)
        if match:
            found.append(f"https://x.com/{match.group(1)}")
    return found


def profile_fields(rows: Iterable[dict[str, str]]) -> dict[str, object]:
    """Profile fields from the rows of ``Profile.csv`` (the first row with a name wins)."""
    for row in rows:
        name = tidy(f"{row.get('first name', '')} {row.get('last name', '')}")
        headline, summary = tidy(row.get("headline", "")), tidy(row.get("summary", ""))
        bio = "\n".join(part for part in (headline, summary) if part)
        links = website_links(row.get("websites")) + twitter_links(row.get("twitter handles"))
        return {
            "display_name": name or None,
            "bio": bio or None,
            "location": tidy(row.get("geo location", "")) or None,
            "links": links + urls_in_text(summary),
        }
    return {}


def share_post(row: dict[str, str]) -> tuple[str, str | None, str | None] | None:
    """A public share with its own words; None for network-only shares and bare reshares."""
    visibility = (row.get("visibility") or "").strip().lower()
    if visibility not in PUBLIC_VISIBILITY:
        return None
    text = tidy(row.get("sharecommentary") or "")
    if not text:
        return None
    link = (row.get("sharelink") or "").strip()
    return text, parse_date(row.get("date"), DATE), link if link.startswith("https://") else None


def comment_post(row: dict[str, str]) -> tuple[str, str | None, str | None] | None:
    text = tidy(row.get("message") or "")
    if not text:
        return None
    link = (row.get("link") or "").strip()
    return text, parse_date(row.get("date"), DATE), link if link.startswith("https://") else None


class LinkedInExportImporter(Importer):
    kind = "linkedin-export"
    platform = "linkedin"
    title = "LinkedIn export"
    key_member = "Profile.csv"
    known_as = "LinkedIn"
    looks_like = "a zip of CSV files such as Profile.csv"

    def detect(self, archive: Archive) -> bool:
        return any(archive.has(name) for name in _MARKERS) or bool(archive.matching(_SHARES))

    def load(
        self, archive: Archive, ctx: CollectContext, *, source_name: str, handle: str | None = None
    ) -> Profile:
        profile_name = archive.first("Profile.csv")
        if profile_name is None:
            raise archive.missing("Profile.csv", "it holds the profile")
        fields = profile_fields(
            read_csv(archive, profile_name, required=("first name", "last name"))
        )
        summary_name = archive.first("Profile Summary.csv")
        if summary_name and not fields.get("bio"):
            for row in read_csv(archive, summary_name, required=("profile summary",)):
                fields["bio"] = tidy(row.get("profile summary", "")) or None
                break
        if handle is not None:
            handle = handle.strip().removeprefix("linkedin:")
            if not _HANDLE.match(handle):
                raise ArchiveError(f"'{handle}' is not a LinkedIn profile name (as in /in/NAME).")
        name = handle or slug(str(fields.get("display_name") or ""))
        if not name:
            raise ArchiveError(
                f"'{profile_name}' in the archive '{archive.label}' names nobody: add the "
                "account's LinkedIn profile name to its entry in the accounts file, beside archive = "
                '"…": handle = "linkedin:zoe-varga".'
            )
        newest = Newest(ctx.limits.max_posts)
        for member in archive.matching(_SHARES):
            for row in read_csv(archive, member, required=("date", "sharecommentary")):
                post = share_post(row)
                if post:
                    newest.add(*post)
        for member in archive.matching(_COMMENTS):
            for row in read_csv(archive, member, required=("date", "message")):
                post = comment_post(row)
                if post:
                    newest.add(*post)
        links = fields.pop("links", [])
        return self.profile(
            name,
            source_name=source_name,
            url=f"https://www.linkedin.com/in/{handle}" if handle else None,
            guess_url=False,
            links=unique_links(links if isinstance(links, list) else []),
            posts=newest.sample(ctx.limits),
            **fields,
        )


IMPORTER = LinkedInExportImporter()
