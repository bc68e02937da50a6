"""Explicit cross-links: one account links to the other, both link to each other, a platform
verified the link, both link to the same personal site, or one names the other's handle.

A profile's links are those it lists and the addresses its bio writes out. Links are compared
in normalised form (scheme, ``www.``, trailing slash and tracking
parameters removed), and a link counts as pointing at an account when it is that account's
address or when that platform's collector reads the account's handle from it (on a GitLab or
Forgejo server of the link's host, for an account on such a server).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from linkage import platforms
from linkage.records import Evidence, Profile
from linkage.signals import Signal
from linkage.urls import addresses_in, host_forms, link_key

# Fellegi–Sunter m and u probabilities for each level (documented in the README's method).
# m: how often one person's two accounts show the level; u: how often two different people's do.
LEVELS = {
    "verified": (0.25, 2e-7),  # a platform checked the link (rel="me" verification, proofs)
    "mutual": (0.20, 1e-5),  # each account links to the other
    "one_way": (0.30, 1e-4),  # one account links to the other
    "shared_site": (0.20, 2e-3),  # both link to the same personal site
    "mention": (0.10, 1e-3),  # one account's bio names the other's @handle
}

# Hosts whose front pages everybody links to: sharing them says nothing.
_COMMON_HOSTS = {
    "github.com",
    "gitlab.com",
    "x.com",
    "twitter.com",
    "linkedin.com",
    "facebook.com",
    "instagram.com",
    "youtube.com",
    "reddit.com",
    "medium.com",
    "bsky.app",
    "keybase.io",
    "news.ycombinator.com",
    "stackoverflow.com",
    "dev.to",
    "lobste.rs",
    "t.co",
    "bit.ly",
    "wikipedia.org",
    "en.wikipedia.org",
    "google.com",
    "mastodon.social",
    "substack.com",
}


#: the levels where one account names the other: anyone reading the profile can follow them
FOLLOWABLE = frozenset({"verified", "mutual", "one_way", "mention"})


def weight(level: str) -> float:
    m, u = LEVELS[level]
    return math.log2(m / u)


@dataclass
class _Features:
    links: set[str]  # normalised, lower-case
    verified: set[str]
    targets: dict[str, str]  # identity key a link points at -> the link
    hosts: set[str]  # hosts of the links, for links into a personal site
    identity: set[str]  # keys under which other accounts' links point at this one
    site: tuple[str, str] | None  # (host, path) of a website account
    mentions: dict[str, str]  # handles named in the bio, lower-case -> as written
    handles: set[str]  # how a bio may name this account, lower-case (see :func:`named_as`)


#: The reason each level gives after "because"; a one-way link's is the signal's ``because``.
REASONS = {
    "verified": "a platform verified the link between them",
    "mutual": "they link to each other",
    "shared_site": "both link to the same site",
    "mention": "one names the other in its bio",
}
#: How each level's detail began in records written before evidence carried its ``kind``:
#: read only for those
_OLD_DETAILS = (
    ("a platform verified the link", "verified"),
    ("each account links to the other", "mutual"),
    ("both link to ", "shared_site"),
    ("the bio of ", "mention"),
)


class CrossLinkSignal(Signal):
    name = "crosslink"
    title = "links between the accounts"
    clue = "links to the other account"
    because = "one links to the other"
    redacted = "one account links to the other, or both link to the same site"
    reads = frozenset({"bio", "handle", "links", "url", "verified_links", "platform"})
    max_bits = 22.0

    @classmethod
    def reason(cls, evidence: Evidence) -> str:
        """The reason as the evidence found it (its level, ``kind``): "one links to the other"
        misstated two accounts that both link to one site."""
        kind = evidence.kind or next(
            (level for start, level in _OLD_DETAILS if evidence.detail.startswith(start)), ""
        )
        return REASONS.get(kind, cls.because)

    def __init__(self) -> None:
        self._features_by_id: dict[str, _Features] = {}

    def prepare(self, profiles: Sequence[Profile]) -> None:
        for profile in profiles:
            self._features_by_id[profile.id] = _features(profile)

    def _features(self, profile: Profile) -> _Features:
        found = self._features_by_id.get(profile.id)
        if found is None:
            found = self._features_by_id[profile.id] = _features(profile)
        return found

    def compare(self, a: Profile, b: Profile) -> Evidence | None:
        fa, fb = self._features(a), self._features(b)
        if not (fa.links or fb.links or fa.mentions or fb.mentions):
            return None
        a_to_b = _pointing(fa, fb)
        b_to_a = _pointing(fb, fa)
        verified = [u for u in a_to_b if u in fa.verified] + [u for u in b_to_a if u in fb.verified]
        if verified:
            return self._evidence("verified", f"a platform verified the link to '{verified[0]}'")
        if a_to_b and b_to_a:
            return self._evidence(
                "mutual", f"each account links to the other ('{a_to_b[0]}' and '{b_to_a[0]}')"
            )
        if a_to_b:
            return self._evidence("one_way", f"{_name(a)} links to {_name(b)} ('{a_to_b[0]}')")
        if b_to_a:
            return self._evidence("one_way", f"{_name(b)} links to {_name(a)} ('{b_to_a[0]}')")
        if fa.links and fb.links:
            shared = sorted(u for u in fa.links & fb.links if personal(u))
            if shared:
                return self._evidence("shared_site", f"both link to '{shared[0]}'")
        for source, target, named in ((a, b, fb), (b, a, fa)):
            mentioned = sorted(named.handles & self._features(source).mentions.keys())
            if mentioned:
                written = self._features(source).mentions[mentioned[0]]
                return self._evidence(
                    "mention", f"the bio of {_name(source)} names {_name(target)} ('{written}')"
                )
        return None

    def block_keys(self, profile: Profile) -> list[str]:
        f = self._features(profile)
        keys = [*f.targets, *f.identity, *(f"host:{h}" for h in f.hosts)]
        if f.site is not None:
            keys.append(f"host:{f.site[0]}")
        keys.extend(f"mention:{h}" for h in f.handles)
        keys.extend(f"mention:{m}" for m in f.mentions)
        return keys

    def _evidence(self, level: str, detail: str) -> Evidence:
        return Evidence(
            self.name,
            min(weight(level), self.max_bits),
            detail,
            followable=level in FOLLOWABLE,
            kind=level,
        )


def _pointing(source: _Features, target: _Features) -> list[str]:
    """The links of ``source`` that point at the account ``target`` describes."""
    found = [link for key, link in source.targets.items() if key in target.identity]
    if target.site is not None and target.site[0] in source.hosts:
        host, path = target.site
        found += [
            u
            for u in source.links
            if urlsplit(u).netloc == host and urlsplit(u).path.startswith(path)
        ]
    return sorted(set(found))


def points_at(url: str, profile: Profile) -> bool:
    """Whether the link ``url`` leads to the account ``profile`` (its address, its id on a
    platform, or a page of its website), as a link between two profiles is found."""
    key = link_key(url)
    if not key:
        return False
    target = _features(profile)
    if f"url:{key}" in target.identity:
        return True
    if any(f"id:{account}" in target.identity for account in _accounts_of(key)):
        return True
    if target.site is None:
        return False
    host, path = target.site
    return urlsplit(key).netloc == host and urlsplit(key).path.startswith(path)


def written_links(profile: Profile) -> list[str]:
    """The addresses a profile's bio writes out that its links do not hold, as written (with
    ``https://`` where the bio leaves it out). A reader follows "github.com/alice" in a bio as
    surely as a link; collectors add such addresses to the links, a profiles file made
    elsewhere may not."""
    held = {link_key(link) for link in profile.links}
    found: dict[str, str] = {}
    for url in addresses_in(profile.bio):
        key = link_key(url)
        if key and key not in held:
            found.setdefault(key, url)
    return list(found.values())


#: Features already made, by what they are made from (the fields the signal ``reads``): the
#: search for changes prepares an account's few versions again and again as it tries plans,
#: and reading a long bio's addresses and handles anew each time was most of its work.
_MADE: dict[tuple, _Features] = {}
#: the most kept at once (then they are made anew as asked)
MADE_LIMIT = 4096


def _features(profile: Profile) -> _Features:
    """The profile's features (made once for the same fields)."""
    key = (
        profile.id,
        profile.platform,
        profile.handle,
        profile.url,
        profile.bio,
        tuple(profile.links),
        tuple(profile.verified_links),
    )
    found = _MADE.get(key)
    if found is None:
        if len(_MADE) >= MADE_LIMIT:
            _MADE.clear()
        found = _MADE[key] = _made(profile)
    return found


def _made(profile: Profile) -> _Features:
    links = {k for k in map(link_key, [*profile.links, *written_links(profile)]) if k}
    targets: dict[str, str] = {}
    for link in sorted(links):
        targets.setdefault(f"url:{link}", link)
        for account in _accounts_of(link):
            targets.setdefault(f"id:{account}", link)
    identity = set()
    # a website's id holds its address: a profiles file may leave ``url`` null
    site_id = profile.id.split(":", 1)[1] if profile.platform == "web" else None
    own = link_key(profile.url or site_id)
    site = None
    if own:
        identity.add(f"url:{own}")
        if profile.platform == "web":
            parts = urlsplit(own)
            site = (parts.netloc, parts.path)
    if profile.platform != "web":
        identity.add(f"id:{profile.id.lower()}")
        own_id = _own_account(profile)
        if own_id:  # a server name written in its own letters (bücher.example), as links read
            identity.add(f"id:{own_id}")
    return _Features(
        links=links,
        verified={k for k in map(link_key, profile.verified_links) if k},
        targets=targets,
        hosts={urlsplit(u).netloc for u in links},
        identity=identity,
        site=site,
        mentions=mentions_in(profile.bio or ""),
        handles=named_as(profile),
    )


#: A handle written in a bio: a fediverse address (``@name@server.example``), an ``@name``,
#: or Reddit's ``u/name``; shorter names than :data:`MIN_MENTION` are too common to count.
_FEDIVERSE = re.compile(r"(?<![\w@])@([\w.-]+@[\w-]+(?:\.[\w-]+)+)")
_AT_NAME = re.compile(r"(?<![\w@])@([\w.-]+)(?![\w.@-])")
_REDDIT_NAME = re.compile(r"(?<![\w/])/?u/([\w-]+)")
MIN_MENTION = 4
#: A handle written bare, after a word that says it is one ("I post code as rowan-pell",
#: "handle: fernlight77"), of :data:`MIN_BARE` characters or more. Any word standing alone
#: is too often just a word: "co-founder", "night-owl", "covid-19" and "python3" are
#: handles too.
_BARE = re.compile(
    r"\b(?:as|handle|username|user ?name|nick(?:name)?)\s*:?\s+"
    r"([A-Za-z0-9][\w.-]*[A-Za-z0-9])(?![\w@/-])",
    re.IGNORECASE,
)
MIN_BARE = 6


def mentions_in(bio: str) -> dict[str, str]:
    """The handles a bio names, lower-case (a final full stop left out) -> as written."""
    found: dict[str, str] = {}
    for pattern, mark in ((_FEDIVERSE, "@"), (_AT_NAME, "@"), (_REDDIT_NAME, "u/")):
        for name in pattern.findall(bio) if mark in bio else ():
            name = name.rstrip(".")
            if len(name) >= MIN_MENTION:
                found.setdefault(name.lower(), mark + name)
    for name in _BARE.findall(bio):
        name = name.rstrip(".")
        if len(name) >= MIN_BARE and any(c.isalpha() for c in name):
            found.setdefault(name.lower(), name)
    return found


def named_as(profile: Profile) -> set[str]:
    """How a bio may name this account: its handle, and a fediverse account's name on its
    server too (``@tidal`` for ``tidal@sea.example.social``)."""
    if profile.platform == "web":
        return set()
    handle = (profile.handle or "").lstrip("@").lower()
    names = {handle}
    if "@" in handle:
        user, server = handle.split("@", 1)
        names |= {user, *(f"{user}@{form}" for form in host_forms(server))}
    return {name for name in names if len(name) >= MIN_MENTION}


def _own_account(profile: Profile) -> str | None:
    """``platform:handle`` of the profile as its platform writes a handle (lower-case), as
    :func:`_accounts_of` reads one from an address; None when the platform cannot read it."""
    platform = platforms.get(profile.platform)
    if platform is None or not profile.handle:
        return None
    try:
        return "{}:{}".format(
            *platforms.canonical(platform.name, platform.normalise(profile.handle))
        ).lower()
    except (ValueError, TypeError):
        return None


def _accounts_of(link: str) -> list[str]:
    """``platform:name`` (lower-case) of each account a link may name, by the platform table:
    the one its address is of, and those it would be on a GitLab or Forgejo server of its host
    (which only an account of that name in the audit can match)."""
    return [f"{platform}:{name}".lower() for platform, name in platforms.accounts_anywhere(link)]


def _name(profile: Profile) -> str:
    """The account as a reader knows it: "the Reddit account 'x'", "the website 'x.org'"."""
    if profile.platform == "web":
        return f"the website '{profile.handle}'"
    return f"the {platforms.title(profile.platform)} account '{profile.handle}'"


def personal(url: str) -> bool:
    """Whether a link is specific enough to a person to count when two accounts share it."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    return not (host in _COMMON_HOSTS and parts.path in ("", "/"))


SIGNAL = CrossLinkSignal
