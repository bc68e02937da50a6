"""Instagram export (JSON): personal information (username, name, bio, website, photo), captions.

Strings are repaired from mojibake as for Facebook. When the export says the account is
private, its posts are followers-only and no caption is imported. Messages, e-mail, phone,
gender and date of birth are never read or copied. Field labels are localised to the export's
language; English (and Dutch ``Gebruikersnaam``) labels are recognised.
"""

from __future__ import annotations

import re
from typing import Any

from collectors import read
from collectors.archives.diagnosis import split_part
from collectors.archives.formats import Newest, load_json, repair_all, text_of
from collectors.archives.reader import Archive, ArchiveError
from collectors.archives.registry import Importer
from collectors.base import CollectContext, iso_from_epoch
from collectors.text import tidy, unique_links, urls_in_text
from linkage.records import Avatar, Profile

_POSTS = re.compile(r"(^|/)posts_\d+\.json$")
_USERNAME = re.compile(r"^[A-Za-z0-9._]{1,30}$")
LABELS = {
    "username": ("Username", "Gebruikersnaam"),
    "name": ("Name", "Naam"),
    "bio": ("Bio",),
    "website": ("Website",),
    "private": ("Private Account",),
    "photo": ("Profile Photo",),
}
_YES = {"true", "yes", "1", "on"}
_IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".heic")


def _stamp(value: Any) -> str | None:
    return iso_from_epoch(value) if isinstance(value, int | float) and value > 0 else None


def personal_maps(document: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """``(string_map_data, media_map_data)`` of ``personal_information.json``."""
    users = read.as_dict(document).get("profile_user")
    user = read.as_dict(users[0] if isinstance(users, list) and users else users)
    return read.as_dict(user.get("string_map_data")), read.as_dict(user.get("media_map_data"))


def label(values: dict[str, Any], field: str) -> Any:
    for key in LABELS[field]:
        if key in values:
            return values[key]
    return None


def caption(item: Any) -> tuple[str, str | None, str | None] | None:
    """``(caption, created_at, None)``: multi-media posts hold it at the top, others in media[0]."""
    item = read.as_dict(item)
    media = [read.as_dict(entry) for entry in read.as_list(item.get("media"))]
    text = text_of(item.get("title")) or (text_of(media[0].get("title")) if media else None)
    text = tidy(text or "")
    if not text:
        return None
    created = _stamp(item.get("creation_timestamp"))
    if created is None and media:
        created = _stamp(media[0].get("creation_timestamp"))
    return text, created, None


class InstagramExportImporter(Importer):
    kind = "instagram-export"
    platform = "instagram"
    title = "Instagram export"
    key_member = "personal_information.json"
    known_as = "Instagram"
    looks_like = "in JSON format, with personal_information.json"

    def detect(self, archive: Archive) -> bool:
        return archive.has("personal_information.json")

    def load(
        self, archive: Archive, ctx: CollectContext, *, source_name: str, handle: str | None = None
    ) -> Profile:
        info_name = archive.first("personal_information.json")
        if info_name is None:
            raise split_part(archive, "Instagram", "personal_information.json") or archive.missing(
                "personal_information.json", "it holds the profile"
            )
        values, media = personal_maps(repair_all(load_json(archive, info_name)))
        username = text_of(label(values, "username"))
        if not username or not _USERNAME.match(username):
            raise ArchiveError(
                f"'{info_name}' in the archive '{archive.label}' has no 'Username' entry; the "
                "export may be damaged or in a language this tool cannot read (request it in "
                "English)."
            )
        private = (text_of(label(values, "private")) or "").lower() in _YES
        newest = Newest(0 if private else ctx.limits.max_posts)
        for member in [] if private else archive.matching(_POSTS):
            document = repair_all(load_json(archive, member))
            items = document if isinstance(document, list) else []
            for item in items:
                post = caption(item)
                if post:
                    newest.add(*post)
        bio = tidy(text_of(label(values, "bio")) or "") or None
        website = text_of(label(values, "website"))
        return self.profile(
            username.lower(),
            source_name=source_name,
            url=f"https://www.instagram.com/{username.lower()}/",
            display_name=text_of(label(values, "name")),
            bio=bio,
            links=unique_links([website, *urls_in_text(bio)]),
            avatar=self.avatar(archive, media),
            posts=newest.sample(ctx.limits),
        )

    def avatar(self, archive: Archive, media: dict[str, Any]) -> Avatar | None:
        uri = text_of(read.as_dict(label(media, "photo")).get("uri"))
        if not uri or not uri.lower().endswith(_IMAGE_SUFFIXES):
            return None
        found = archive.first(uri.lstrip("/"))
        return self.read_avatar(archive, found) if found else None


IMPORTER = InstagramExportImporter()
