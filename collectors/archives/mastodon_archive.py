"""Mastodon account archive (zip, or tar.gz from older servers): ``actor.json``, ``outbox.json``.

Only public and unlisted posts are writing: a ``Create`` whose activity or note is addressed
to ``as:Public`` (in ``to`` or ``cc``). Direct and followers-only posts, boosts (``Announce``),
likes and bookmarks are never imported. The outbox is read as a stream.
"""

from __future__ import annotations

import re
from typing import IO, Any
from urllib.parse import urlsplit

from collectors import read
from collectors.archives.formats import Newest, iter_json_array, load_json, parse_date
from collectors.archives.reader import Archive, ArchiveError
from collectors.archives.registry import Importer
from collectors.base import CollectContext, mark_partial
from collectors.text import html_to_text, tidy, unique_links, urls_in_text
from linkage.records import Avatar, Profile

PUBLIC = {"https://www.w3.org/ns/activitystreams#Public", "as:Public", "Public"}
NOTE_TYPES = {"Note", "Article", "Question", "Page"}
_USERNAME = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")
_LEADING_MENTIONS = re.compile(r"^(?:@[\w.-]+(?:@[\w.-]+)?\s*)+")
_IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif")


def _addresses(value: Any) -> set[str]:
    if isinstance(value, str):
        return {value}
    if isinstance(value, list):
        return {item for item in value if isinstance(item, str)}
    return set()


def is_public(activity: dict[str, Any], note: dict[str, Any]) -> bool:
    """Addressed to the public (``to``: public; ``cc``: unlisted), on the activity or the note."""
    audience: set[str] = set()
    for holder in (activity, note):
        audience |= _addresses(holder.get("to")) | _addresses(holder.get("cc"))
    return bool(audience & PUBLIC)


def outbox_post(item: Any) -> tuple[str, str | None, str | None] | None:
    """``(text, created_at, url)`` for a public post of one's own; None for anything else."""
    activity = read.as_dict(item)
    if activity.get("type") != "Create":
        return None
    note = read.as_dict(activity.get("object"))
    if note.get("type") not in NOTE_TYPES or not is_public(activity, note):
        return None
    text, _ = html_to_text(read.text(note.get("content")), drop_quotes=True)
    if note.get("inReplyTo"):
        text = _LEADING_MENTIONS.sub("", text)
    warning = read.text(note.get("summary"))
    text = tidy(f"{warning}\n{text}" if warning and text else text)
    if not text:
        return None
    created = parse_date(note.get("published")) or parse_date(activity.get("published"))
    url = read.text(note.get("url")) or read.text(note.get("id"))
    if url and not url.startswith(("https://", "http://")):
        url = None
    return text, created, url


def iter_outbox(stream: IO[str], name: str = "outbox.json", label: str = "?") -> Any:
    """The public posts of an outbox stream."""
    for item in iter_json_array(stream, name, key="orderedItems", label=label):
        post = outbox_post(item)
        if post:
            yield post


def actor_handle(actor: dict[str, Any]) -> str | None:
    """``user@server`` from ``webfinger`` (4.6+), else the username and the actor's host."""
    webfinger = read.text(actor.get("webfinger"))
    if webfinger:
        webfinger = webfinger.removeprefix("acct:").lstrip("@")
        user, _, host = webfinger.partition("@")
        if _USERNAME.match(user) and "." in host:
            return f"{user}@{host.lower()}"
    user = read.text(actor.get("preferredUsername"))
    if not user or not _USERNAME.match(user):
        return None
    for key in ("id", "url"):
        try:
            host = urlsplit(read.text(actor.get(key)) or "").hostname
        except ValueError:
            host = None
        if host and "." in host:
            return f"{user}@{host.lower()}"
    return None


def actor_links(actor: dict[str, Any]) -> list[str | None]:
    _, links = html_to_text(read.text(actor.get("summary")))
    links = [link for link in links if "/tags/" not in link]
    attachments = actor.get("attachment")
    for field in attachments if isinstance(attachments, list) else []:
        value, found = html_to_text(read.text(read.as_dict(field).get("value")))
        links += found + urls_in_text(value)
    for other in _addresses(actor.get("alsoKnownAs")) | _addresses(actor.get("movedTo")):
        links.append(other)
    return list(links)


def icon_url(actor: dict[str, Any]) -> str | None:
    icon = actor.get("icon")
    if isinstance(icon, list):
        icon = icon[0] if icon else None
    return read.text(read.as_dict(icon).get("url")) or read.text(icon)


class MastodonArchiveImporter(Importer):
    kind = "mastodon-archive"
    platform = "mastodon"
    title = "Mastodon account archive"
    key_member = "actor.json"
    known_as = "Mastodon"
    looks_like = "a zip or tar.gz holding actor.json and outbox.json"

    def detect(self, archive: Archive) -> bool:
        return archive.has("actor.json")  # without outbox.json it is read in part

    def load(
        self, archive: Archive, ctx: CollectContext, *, source_name: str, handle: str | None = None
    ) -> Profile:
        actor_name = archive.first("actor.json")
        if actor_name is None:
            raise archive.missing("actor.json", "it describes the account")
        actor = read.as_dict(load_json(archive, actor_name))
        found = actor_handle(actor)
        if found is None:
            raise ArchiveError(
                f"'{actor_name}' in the archive '{archive.label}' names no account "
                "(no preferredUsername and server); the export may be damaged."
            )
        newest = Newest(ctx.limits.max_posts)
        missing = None
        outbox_name = archive.first("outbox.json")
        too_large = archive.too_large(outbox_name) if outbox_name else None
        if outbox_name is None:
            missing = "the archive has no 'outbox.json', so no writing was read"
        elif too_large:
            missing = f"its writing file {too_large}; the profile was read without its posts"
        else:
            with archive.text_stream(outbox_name) as stream:
                for post in iter_outbox(stream, outbox_name, archive.label):
                    newest.add(*post)
        bio, _ = html_to_text(read.text(actor.get("summary")))
        url = read.text(actor.get("url"))
        profile = self.profile(
            found,
            source_name=source_name,
            url=url if url and url.startswith("https://") else None,
            display_name=read.text(actor.get("name")),
            bio=bio or None,
            links=unique_links(actor_links(actor)),
            avatar=self.avatar(archive, actor_name, actor),
            created_at=parse_date(actor.get("published")),
            posts=newest.sample(ctx.limits),
        )
        return mark_partial(profile, missing) if missing else profile

    def avatar(self, archive: Archive, actor_name: str, actor: dict[str, Any]) -> Avatar | None:
        url = icon_url(actor)
        if not url:
            return None
        default = url.endswith("missing.png")
        if url.startswith(("https://", "http://")):
            return Avatar(url=url, default=default)
        folder = actor_name.rpartition("/")[0]
        member = f"{folder}/{url}" if folder else url
        if member not in archive.members or not member.lower().endswith(_IMAGE_SUFFIXES):
            return None
        return self.read_avatar(archive, member, default=default)


IMPORTER = MastodonArchiveImporter()
