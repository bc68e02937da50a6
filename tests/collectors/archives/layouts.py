"""Fictional data-export archives, built in code from the documented layouts (platforms.md §16-21)."""

from __future__ import annotations

import io
import json
import tarfile
import zipfile
from pathlib import Path
from typing import Any

from PIL import Image

Members = dict[str, bytes | str]


def image_bytes(color: tuple[int, int, int], fmt: str = "PNG") -> bytes:
    """A small picture with a pattern (so its perceptual hash is not trivial)."""
    image = Image.new("RGB", (32, 32), color)
    for x in range(0, 32, 4):
        for y in range(x % 8, 32, 8):
            image.putpixel((x, y), (255 - color[0], 255 - color[1], 255 - color[2]))
    buffer = io.BytesIO()
    image.save(buffer, format=fmt)
    return buffer.getvalue()


def _bytes(value: bytes | str) -> bytes:
    return value.encode("utf-8") if isinstance(value, str) else value


def zip_bytes(members: Members) -> bytes:
    """A zip of ``members``, in memory: an export inside a folder or another archive."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for member, data in members.items():
            archive.writestr(member, _bytes(data))
    return buffer.getvalue()


class Builder:
    """Writes members into a zip, a tar.gz or a folder under the test's temporary folder."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def zip(self, name: str, members: Members) -> Path:
        path = self.root / name
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for member, data in members.items():
                archive.writestr(zipfile.ZipInfo(member), _bytes(data), zipfile.ZIP_DEFLATED)
        return path

    def locked_zip(self, name: str, members: Members) -> Path:
        """A zip whose members say they are encrypted (as a password-protected zip's do)."""
        path = self.zip(name, members)
        data = bytearray(path.read_bytes())
        with zipfile.ZipFile(path) as archive:
            offsets = [info.header_offset for info in archive.infolist()]
        for offset in offsets:  # the general-purpose flags of each local header
            data[offset + 6] |= 0x1
        start = 0
        while (start := data.find(b"PK\x01\x02", start)) >= 0:  # and of each central entry
            data[start + 8] |= 0x1
            start += 4
        path.write_bytes(bytes(data))
        return path

    def targz(self, name: str, members: Members) -> Path:
        path = self.root / name
        with tarfile.open(path, "w:gz") as archive:
            for member, data in members.items():
                info = tarfile.TarInfo(member)
                payload = _bytes(data)
                info.size = len(payload)
                archive.addfile(info, io.BytesIO(payload))
        return path

    def folder(self, name: str, members: Members) -> Path:
        root = self.root / name
        for member, data in members.items():
            target = root / member
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(_bytes(data))
        return root


def ytd(name: str, items: list[Any], part: int = 0) -> str:
    return f"window.YTD.{name}.part{part} = " + json.dumps(items, indent=2)


def mojibake(text: str) -> str:
    """How Facebook and Instagram exports write non-ASCII text."""
    return text.encode("utf-8").decode("latin-1")


# --- layouts ------------------------------------------------------------------------------

AVATAR_X = image_bytes((40, 90, 160), "JPEG")
AVATAR_MASTODON = image_bytes((200, 60, 60))
AVATAR_INSTAGRAM = image_bytes((30, 160, 90), "JPEG")


def tweet(tweet_id: str, when: str, text: str, **extra: Any) -> dict[str, Any]:
    body = {
        "id_str": tweet_id,
        "created_at": when,
        "full_text": text,
        "lang": "en",
        "favorite_count": "0",
        "retweet_count": "0",
        "retweeted": False,
        "entities": {"urls": [], "user_mentions": [], "hashtags": []},
    }
    body.update(extra)
    return {"tweet": body}


def x_layout() -> Members:
    account = {
        "email": "alex@example.org",
        "createdVia": "web",
        "username": "alex_example",
        "accountId": "1000000001",
        "createdAt": "2012-03-04T05:06:07.000Z",
        "accountDisplayName": "Alex Example",
    }
    profile = {
        "description": {
            "bio": "Maps &amp; trains. Notes: https://t.co/nope123",
            "website": "https://t.co/web1",
            "location": "Exampleton",
        },
        "avatarMediaUrl": "https://pbs.twimg.com/profile_images/1111/AbCdEf.jpg",
        "headerMediaUrl": "https://pbs.twimg.com/profile_banners/1000000001/1600000000",
    }
    recent = [
        tweet(
            "1800000000000000003",
            "Sat Jan 04 09:00:00 +0000 2026",
            "RT @bo_example: Someone else's words",
            retweeted=False,
        ),
        tweet(
            "1800000000000000002",
            "Fri Jan 03 12:30:00 +0100 2026",
            "@bo_example @cy_example Agreed, timetables &lt;3",
            in_reply_to_status_id_str="1700000000000000009",
            in_reply_to_screen_name="bo_example",
        ),
        tweet(
            "1800000000000000001",
            "Thu Jan 02 10:00:00 +0000 2026",
            "Maps &amp; trains https://t.co/abc https://t.co/pic1",
            entities={
                "urls": [
                    {
                        "url": "https://t.co/abc",
                        "expanded_url": "https://alex.example.org/post",
                        "display_url": "alex.example.org/post",
                    }
                ],
                "media": [{"url": "https://t.co/pic1", "expanded_url": "https://x.com/p/1"}],
            },
        ),
    ]
    older = [
        tweet(
            "1700000000000000001",
            "Mon Jun 02 08:00:00 +0000 2025",
            "New site: https://t.co/web1",
            entities={
                "urls": [{"url": "https://t.co/web1", "expanded_url": "https://alex.example.org"}]
            },
        ),
        tweet(
            "1700000000000000000",
            "Sun Jun 01 08:00:00 +0000 2025",
            "https://t.co/pic2",
            extended_entities={"media": [{"url": "https://t.co/pic2"}]},
        ),
    ]
    return {
        "Your archive.html": "<html><body>Your archive</body></html>",
        "data/manifest.js": "window.__THAR_CONFIG = "
        + json.dumps({"userInfo": {"accountId": "1000000001", "userName": "alex_example"}}),
        "data/account.js": ytd("account", [{"account": account}]),
        "data/profile.js": ytd("profile", [{"profile": profile}]),
        "data/tweets.js": ytd("tweets", recent),
        "data/tweets-part1.js": ytd("tweets", older, part=1),
        "data/deleted-tweets.js": ytd(
            "deleted_tweets", [tweet("1", "Sun Jun 01 08:00:00 +0000 2025", "DELETED words")]
        ),
        "data/direct-messages.js": ytd(
            "direct_messages",
            [{"dmConversation": {"messages": [{"messageCreate": {"text": "SECRET DM"}}]}}],
        ),
        "data/profile_media/1000000001-AbCdEf.jpg": AVATAR_X,
        "data/profile_media/1000000001-1600000000.jpg": image_bytes((0, 0, 0), "JPEG"),
    }


PUBLIC = "https://www.w3.org/ns/activitystreams#Public"
ACTOR = "https://social.example/users/alex"


def note_activity(number: int, content: str, to: list[str], cc: list[str], **extra: Any) -> dict:
    note = {
        "id": f"{ACTOR}/statuses/{number}",
        "type": "Note",
        "summary": None,
        "inReplyTo": None,
        "published": f"2026-01-{number:02d}T10:00:00Z",
        "url": f"https://social.example/@alex/{number}",
        "attributedTo": ACTOR,
        "to": to,
        "cc": cc,
        "content": content,
        "attachment": [],
        "tag": [],
    }
    note.update(extra)
    return {
        "id": f"{ACTOR}/statuses/{number}/activity",
        "type": "Create",
        "actor": ACTOR,
        "published": note["published"],
        "to": to,
        "cc": cc,
        "object": note,
    }


def mastodon_layout() -> Members:
    actor = {
        "@context": ["https://www.w3.org/ns/activitystreams"],
        "id": ACTOR,
        "type": "Person",
        "preferredUsername": "alex",
        "name": "Alex Example",
        "summary": '<p>Maps, trains &amp; <a href="https://social.example/tags/maps" class="hashtag">#maps</a>. '
        'Blog: <a href="https://alex.example.org/">alex.example.org</a></p>',
        "url": "https://social.example/@alex",
        "published": "2020-05-01T00:00:00Z",
        "manuallyApprovesFollowers": False,
        "attachment": [
            {
                "type": "PropertyValue",
                "name": "Code",
                "value": '<a href="https://code.example.org/alex" rel="me">code.example.org/alex</a>',
            },
            {"type": "PropertyValue", "name": "Pronouns", "value": "they/them"},
        ],
        "alsoKnownAs": ["https://old.example/users/alex"],
        "outbox": "outbox.json",
        "icon": {"type": "Image", "mediaType": "image/png", "url": "avatar.png"},
        "image": {"type": "Image", "mediaType": "image/png", "url": "header.png"},
    }
    followers = f"{ACTOR}/followers"
    items = [
        note_activity(1, "<p>Public: trains are great</p>", [PUBLIC], [followers]),
        note_activity(2, "<p>Unlisted: timetable notes</p>", [followers], [PUBLIC]),
        note_activity(3, "<p>FOLLOWERS ONLY secret</p>", [followers], []),
        note_activity(
            4,
            '<p><span class="h-card"><a href="https://other.example/@bo">@<span>bo</span></a></span> DIRECT secret</p>',
            ["https://other.example/users/bo"],
            [],
        ),
        {"type": "Announce", "actor": ACTOR, "to": [PUBLIC], "object": "https://other.example/x/9"},
        note_activity(
            5,
            '<p><span class="h-card"><a href="https://other.example/@bo">@<span>bo</span></a></span> Glad you liked it</p>'
            "<blockquote>quoted words</blockquote>",
            [PUBLIC],
            [],
            inReplyTo="https://other.example/users/bo/statuses/7",
        ),
        note_activity(6, "<p>spoilers inside</p>", [PUBLIC], [], summary="Film talk"),
    ]
    outbox = {
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": "outbox.json",
        "type": "OrderedCollection",
        "totalItems": len(items),
        "orderedItems": items,
    }
    return {
        "actor.json": json.dumps(actor),
        "outbox.json": json.dumps(outbox, indent=1),
        "likes.json": json.dumps({"type": "OrderedCollection", "orderedItems": []}),
        "bookmarks.json": json.dumps({"type": "OrderedCollection", "orderedItems": []}),
        "avatar.png": AVATAR_MASTODON,
        "header.png": image_bytes((10, 10, 10)),
    }


def plain(profile: Any) -> dict[str, Any]:
    """A profile record as a dict, with the collection time and avatar hashes checked and removed."""
    data = profile.to_dict()
    assert data.pop("discovered_by") is None  # an archive is the user's own, never discovered
    collected = data["collected"]
    assert collected["at"].endswith("Z")
    collected["at"] = "AT"
    avatar = data.get("avatar")
    if avatar and avatar.get("sha256"):
        assert len(avatar["phash"]) == 16 and len(avatar["dhash"]) == 16
        assert avatar["thumbnail"].startswith("data:image/jpeg;base64,")
        avatar["phash"] = avatar["dhash"] = avatar["thumbnail"] = "…"
    return data
