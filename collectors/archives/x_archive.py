"""X/Twitter archive (zip): ``data/account.js``, ``profile.js``, ``tweets.js`` and its parts.

Each ``data/*.js`` file is ``window.YTD.<name>.partN = [ ... ]``; the list is read as a stream.
Original tweets and replies are writing (a reply's leading @mentions are dropped); retweets are
not. ``t.co`` links are expanded from the archive's own ``entities.urls``; never fetched.
If ``protected-history.js`` says the account is protected, its tweets are followers-only
and none are imported. Direct messages, deleted tweets and the e-mail address are never read.
"""

from __future__ import annotations

import html
import re
from typing import Any

from collectors import read
from collectors.archives.formats import Newest, iter_json_array, parse_date
from collectors.archives.reader import Archive, ArchiveError
from collectors.archives.registry import Importer
from collectors.base import CollectContext, mark_partial
from collectors.text import tidy, unique_links, urls_in_text
from linkage.records import Avatar, Profile

TWEET_DATE = "%a %b %d %H:%M:%S %z %Y"
_TWEET_FILE = re.compile(r"(^|/)tweets?(-part\d+)?\.js$")
_HANDLE = re.compile(r"^[A-Za-z0-9_]{1,50}$")
_LEADING_MENTIONS = re.compile(r"^(?:[@＠]\w+\s*)+")
_PROFILE_MEDIA = re.compile(r"(^|/)profile_media/")
_TCO = re.compile(r"https?://t\.co/\w+")


def ytd_items(archive: Archive, name: str) -> list[Any]:
    with archive.text_stream(name) as stream:
        return list(iter_json_array(stream, name, label=archive.label))


def unwrap(item: Any, key: str) -> dict[str, Any]:
    """``{"tweet": {...}}`` -> ``{...}``; older archives have no wrapper."""
    item = read.as_dict(item)
    return read.as_dict(item[key]) if isinstance(item.get(key), dict) else item


def expansions(tweet: dict[str, Any]) -> dict[str, str]:
    """``t.co`` short link -> expanded address, from the tweet's ``entities.urls``."""
    found: dict[str, str] = {}
    for entity in read.as_list(read.as_dict(tweet.get("entities")).get("urls")):
        short, long = (
            read.text(read.as_dict(entity).get("url")),
            read.text(read.as_dict(entity).get("expanded_url")),
        )
        if short and long:
            found[short] = long
    return found


def tweet_post(
    item: Any, username: str, tco: dict[str, str]
) -> tuple[str, str | None, str | None] | None:
    """``(text, created_at, url)`` for an original tweet or reply; None for a retweet or junk.

    ``tco`` collects the short-link expansions seen, for the profile's own links.
    """
    tweet = unwrap(item, "tweet")
    text = tweet.get("full_text", tweet.get("text"))
    if not isinstance(text, str) or not text.strip():
        return None
    if tweet.get("retweeted") is True or text.startswith("RT @"):
        return None
    text = html.unescape(text)
    urls = expansions(tweet)
    tco.update(urls)
    for short, long in urls.items():
        text = text.replace(short, long)
    media = read.as_list(read.as_dict(tweet.get("entities")).get("media"))
    media += read.as_list(read.as_dict(tweet.get("extended_entities")).get("media"))
    for entity in media:
        short = read.text(read.as_dict(entity).get("url"))
        if short:
            text = text.replace(short, "")
    if tweet.get("in_reply_to_status_id_str") or tweet.get("in_reply_to_status_id"):
        text = _LEADING_MENTIONS.sub("", text)
    text = tidy(text)
    if not text:
        return None
    tweet_id = read.text(tweet.get("id_str")) or read.text(str(tweet.get("id") or ""))
    url = f"https://x.com/{username}/status/{tweet_id}" if tweet_id and tweet_id.isdigit() else None
    return text, parse_date(tweet.get("created_at"), TWEET_DATE), url


def is_protected(entries: list[Any]) -> bool:
    """The latest ``protectedHistory`` action is ``Protect``."""
    actions = []
    for entry in entries:
        history = unwrap(entry, "protectedHistory")
        action = read.text(history.get("action"))
        if action:
            actions.append((str(history.get("protectedAt") or ""), action.lower()))
    return bool(actions) and max(actions)[1] == "protect"


def expand(text: str | None, tco: dict[str, str]) -> str | None:
    if not text:
        return text
    return _TCO.sub(lambda m: tco.get(m.group(0), m.group(0)), text)


class XArchiveImporter(Importer):
    kind = "x-archive"
    platform = "x"
    title = "X/Twitter archive"
    key_member = "data/account.js"
    known_as = "X/Twitter"
    looks_like = "a zip holding data/account.js and data/tweets.js"

    def detect(self, archive: Archive) -> bool:
        return archive.has("account.js") or bool(archive.matching(_TWEET_FILE))

    def load(
        self, archive: Archive, ctx: CollectContext, *, source_name: str, handle: str | None = None
    ) -> Profile:
        account_name = archive.first("data/account.js", "account.js")
        if account_name is None:
            raise archive.missing("data/account.js", "it names the account")
        items = ytd_items(archive, account_name)
        account = unwrap(items[0] if items else {}, "account")
        username = read.text(account.get("username"))
        if not username or not _HANDLE.match(username):
            raise ArchiveError(
                f"'{account_name}' in the archive '{archive.label}' names no username; "
                "the export may be damaged: download it again."
            )
        profile_name = archive.first("data/profile.js", "profile.js")
        details = {}
        if profile_name:
            entries = ytd_items(archive, profile_name)
            details = unwrap(entries[0] if entries else {}, "profile")
        missing = None
        tco: dict[str, str] = {}
        newest = Newest(ctx.limits.max_posts)
        protected_name = archive.first("data/protected-history.js", "protected-history.js")
        protected = bool(protected_name) and is_protected(ytd_items(archive, protected_name))
        tweet_files = archive.matching(_TWEET_FILE)
        if not tweet_files:
            missing = "the archive has no 'data/tweets.js', so no writing was read"
        too_large = [(name, why) for name in tweet_files if (why := archive.too_large(name))]
        if too_large:
            without = "its posts" if len(too_large) == len(tweet_files) else "the posts in it"
            missing = f"its writing file {too_large[0][1]}; the profile was read without {without}"
            tweet_files = [name for name in tweet_files if name not in dict(too_large)]
        for name in [] if protected else tweet_files:
            with archive.text_stream(name) as stream:
                for item in iter_json_array(stream, name, label=archive.label):
                    post = tweet_post(item, username, tco)
                    if post:
                        newest.add(*post)
        description = read.as_dict(details.get("description"))
        bio = expand(html.unescape(read.text(description.get("bio")) or ""), tco) or None
        website = expand(read.text(description.get("website")), tco)
        profile = self.profile(
            username,
            source_name=source_name,
            url=f"https://x.com/{username}",
            display_name=read.text(account.get("accountDisplayName")),
            bio=bio,
            location=read.text(description.get("location")),
            links=unique_links([website, *urls_in_text(bio)]),
            avatar=self.avatar(archive, details),
            created_at=parse_date(account.get("createdAt")),
            posts=newest.sample(ctx.limits),
        )
        return mark_partial(profile, missing) if missing else profile

    def avatar(self, archive: Archive, details: dict[str, Any]) -> Avatar | None:
        url = read.text(details.get("avatarMediaUrl"))
        if not url:
            return None
        default = "default_profile" in url
        basename = url.rsplit("/", 1)[-1]
        found = [
            name
            for name in archive.matching(_PROFILE_MEDIA)
            if basename and name.endswith(basename)
        ]
        return self.read_avatar(archive, found[0] if found else None, url=url, default=default)


IMPORTER = XArchiveImporter()
