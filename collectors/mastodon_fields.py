"""Mastodon's profile text: HTML fragments (a note, a post, a field) as plain text and links,
the links in profile fields (those the server verified, ``rel="me"``, apart), and custom emoji
``:shortcodes:`` taken out of names and notes. Used by :mod:`collectors.mastodon` to read an
Account entity or an ActivityPub actor.

A field whose value is a bare username on another platform (``GitHub: alice``) is read as that
platform's profile address (:data:`FIELD_PLATFORMS`); a ``Mastodon`` field holding a handle, as
its account's address.
"""

from __future__ import annotations

import contextlib
import re
from typing import Any

from bs4 import BeautifulSoup

from collectors.text import html_to_text, tidy, unique_links, urls_in_text
from linkage.platforms import split_handle

_SHORTCODE = re.compile(r":(?=\w*[A-Za-z_])[A-Za-z0-9_]{2,}:", re.ASCII)
#: Profile-field names that hold a bare username on another platform → its profile address.
FIELD_PLATFORMS = {
    **dict.fromkeys(["twitter", "x"], "https://x.com/{}"),
    **{k: f"https://{k}.com/{{}}" for k in ("github", "gitlab", "instagram")},
    "keybase": "https://keybase.io/{}",
    "reddit": "https://reddit.com/user/{}",
    "linkedin": "https://linkedin.com/in/{}",
    "codeberg": "https://codeberg.org/{}",
}


def html_fragment(html: Any, *, drop_quotes: bool = False) -> tuple[str, list[str]]:
    """Mastodon HTML → plain text and its links, without hashtag links or inline quotes."""
    if not isinstance(html, str) or not html:
        return "", []
    soup = BeautifulSoup(html, "html.parser")
    tags = {
        str(a["href"]).strip()
        for a in soup.find_all("a", href=True)
        if "hashtag" in (a.get("class") or []) or "tag" in (a.get("rel") or [])
    }
    if drop_quotes:
        for tag in soup.select(".quote-inline"):
            tag.decompose()
    text, links = html_to_text(str(soup), drop_quotes=drop_quotes)
    return text, [link for link in links if link not in tags]


def field_links(fields: Any) -> tuple[list[str], list[str]]:
    """Links in profile fields: ``(verified, others)``."""
    verified: list[str] = []
    others: list[str] = []
    for item in fields if isinstance(fields, list) else []:
        if not isinstance(item, dict):
            continue
        name, _ = html_fragment(item.get("name"))
        text, links = html_fragment(item.get("value"))
        found = links or urls_in_text(text)
        if not found:
            found = [u for u in [_platform_link(name, text)] if u]
        is_verified = isinstance(item.get("verified_at"), str) and bool(item["verified_at"])
        (verified if is_verified else others).extend(found)
    return verified, others


def _platform_link(name: str, value: str) -> str | None:
    """A field such as ``GitHub: alice`` → ``https://github.com/alice``."""
    key, value = name.strip().lower().rstrip(":"), value.strip()
    if key in ("mastodon", "fediverse", "fedi"):
        with contextlib.suppress(ValueError):
            return "https://{1}/@{0}".format(*split_handle(value))
        return None
    handle = value.removeprefix("@")
    template = FIELD_PLATFORMS.get(key)
    if key in ("bluesky", "bsky") and re.fullmatch(r"[\w-]+(\.[\w-]+)+", handle):
        template = "https://bsky.app/profile/{}"
    if template and re.fullmatch(r"[A-Za-z0-9_.-]{1,64}", handle):
        return template.format(handle)
    return None


def verified_links(account_json: Any) -> list[str]:
    """The links in an account's profile fields that its server verified (``rel="me"``)."""
    fields = account_json.get("fields") if isinstance(account_json, dict) else None
    return unique_links(list(field_links(fields)[0]))


def strip_shortcodes(text: str | None, emojis: Any = None) -> str | None:
    """Remove ``:shortcode:`` custom emoji (all of them, or only those listed in ``emojis``)."""
    if isinstance(emojis, list):
        codes = {e.get("shortcode") for e in emojis if isinstance(e, dict)}
        text = _SHORTCODE.sub(lambda m: "" if m[0][1:-1] in codes else m[0], text or "")
    return tidy(_SHORTCODE.sub("", text or "") if emojis is None else text or "") or None
