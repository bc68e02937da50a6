"""Facebook "Download your information" export (JSON): profile information and own posts.

The file names are searched for rather than hard-coded (the layout changed over the years).
Every string is repaired from the export's mojibake (UTF-8 bytes written as ``\\u00XX``).
Messages, friends, e-mail addresses, phone numbers and birthdays are never read or copied.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

from collectors import read
from collectors.archives.diagnosis import split_part
from collectors.archives.formats import Newest, load_json, repair_all, slug, text_of
from collectors.archives.reader import Archive, ArchiveError
from collectors.archives.registry import Importer
from collectors.base import CollectContext, iso_from_epoch
from collectors.text import tidy, unique_links, urls_in_text
from linkage.records import Profile

_POSTS = re.compile(r"(^|/)(your_posts(__check_ins__photos_and_videos)?|profile_posts)_\d+\.json$")
_USERNAME = re.compile(r"^[A-Za-z0-9.]{1,80}$")


def profile_section(document: Any) -> dict[str, Any]:
    document = read.as_dict(document)
    return read.as_dict(document.get("profile_v2") or document.get("profile"))


def username_from(profile: dict[str, Any]) -> str | None:
    """The account's username (or numeric id) from ``username`` or ``profile_uri``."""
    name = text_of(profile.get("username"))
    if name and _USERNAME.match(name):
        return name
    uri = text_of(profile.get("profile_uri"))
    if not uri:
        return None
    try:
        parts = urlsplit(uri)
    except ValueError:
        return None
    if not (parts.hostname or "").endswith("facebook.com"):
        return None
    path = parts.path.strip("/")
    if path == "profile.php":
        ids = parse_qs(parts.query).get("id", [])
        return ids[0] if ids and ids[0].isdigit() else None
    return path if _USERNAME.match(path) else None


def full_name(profile: dict[str, Any]) -> str | None:
    name = profile.get("name")
    if isinstance(name, str):
        return tidy(name) or None
    name = read.as_dict(name)
    full = text_of(name.get("full_name"))
    if full:
        return full
    parts = [text_of(name.get(key)) for key in ("first_name", "middle_name", "last_name")]
    return " ".join(part for part in parts if part) or None


def profile_links(profile: dict[str, Any]) -> list[str | None]:
    links: list[str | None] = []
    for entry in read.as_list(profile.get("websites")):
        links.append(text_of(entry))
    return links


def post_entry(item: Any) -> tuple[str, str | None, str | None] | None:
    """``(text, created_at, None)`` for a post with words of one's own; titles are generated."""
    item = read.as_dict(item)
    texts = [text_of(read.as_dict(part).get("post")) for part in read.as_list(item.get("data"))]
    text = tidy("\n".join(t for t in texts if t))
    if not text:
        return None
    stamp = item.get("timestamp")
    return text, iso_from_epoch(stamp) if isinstance(stamp, int | float) else None, None


def post_items(document: Any) -> list[Any]:
    """The posts list of a posts file (a list, or an object holding one)."""
    if isinstance(document, list):
        return document
    for value in read.as_dict(document).values():
        if isinstance(value, list):
            return value
    return []


class FacebookExportImporter(Importer):
    kind = "facebook-export"
    platform = "facebook"
    title = "Facebook export"
    key_member = "profile_information.json"
    known_as = "Facebook"
    looks_like = "in JSON format, with profile_information.json"

    def detect(self, archive: Archive) -> bool:
        return archive.has("profile_information.json") or bool(archive.matching(_POSTS))

    def load(
        self, archive: Archive, ctx: CollectContext, *, source_name: str, handle: str | None = None
    ) -> Profile:
        profile_name = archive.first("profile_information.json")
        if profile_name is None:
            raise split_part(archive, "Facebook", "profile_information.json") or archive.missing(
                "profile_information.json", "it holds the profile"
            )
        profile = profile_section(repair_all(load_json(archive, profile_name)))
        if not profile:
            raise ArchiveError(
                f"'{profile_name}' in the archive '{archive.label}' holds no profile "
                "('profile_v2'); the export may be damaged or in HTML form: request it as JSON."
            )
        display_name = full_name(profile)
        username = username_from(profile)
        if handle is not None and not username:
            username = handle.strip().removeprefix("facebook:")
        name = username or slug(display_name or "")
        if not name:
            raise ArchiveError(
                f"'{profile_name}' in the archive '{archive.label}' names nobody: add the "
                "account's Facebook username to its entry in the accounts file, beside archive = "
                '"…": handle = "facebook:zoe.varga".'
            )
        newest = Newest(ctx.limits.max_posts)
        for member in archive.matching(_POSTS):
            for item in post_items(repair_all(load_json(archive, member))):
                post = post_entry(item)
                if post:
                    newest.add(*post)
        bio = text_of(profile.get("intro_bio")) or text_of(profile.get("about_me"))
        stamp = profile.get("registration_timestamp")
        return self.profile(
            name,
            source_name=source_name,
            url=f"https://www.facebook.com/{username}" if username else None,
            guess_url=False,
            display_name=display_name,
            bio=tidy(bio or "") or None,
            location=text_of(profile.get("current_city")),
            links=unique_links([*profile_links(profile), *urls_in_text(bio)]),
            created_at=iso_from_epoch(stamp) if isinstance(stamp, int | float) else None,
            posts=newest.sample(ctx.limits),
        )


IMPORTER = FacebookExportImporter()
