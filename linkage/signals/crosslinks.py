"""Explicit cross-links: one account links to the other, both link to each other, a platform
verified the link, both link to the same personal site, or one names the other's handle.

Links are compared in normalised form (scheme, ``www.``, trailing slash and tracking
parameters removed), and a link counts as pointing at an account when it is that account's
address or when that platform's collector reads the account's handle from it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from urllib.parse import urlsplit

from collectors import registry
from collectors.text import normalise_url
from linkage.records import Evidence, Profile
from linkage.signals import Signal

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


def weight(level: str) -> float:
    m, u = LEVELS[level]
    return math.log2(m / u)


def _key(url: str | None) -> str | None:
    norm = normalise_url(url)
    return norm.lower() if norm else None


class CrossLinkSignal(Signal):
    name = "crosslink"
    max_bits = 22.0

    def __init__(self) -> None:
        self._links: dict[str, set[str]] = {}
        self._verified: dict[str, set[str]] = {}

    def prepare(self, profiles: Sequence[Profile]) -> None:
        for profile in profiles:
            self._compute(profile)

    def _compute(self, profile: Profile) -> None:
        self._links[profile.id] = {k for k in map(_key, profile.links) if k}
        self._verified[profile.id] = {k for k in map(_key, profile.verified_links) if k}

    def _features(self, profile: Profile) -> tuple[set[str], set[str]]:
        if profile.id not in self._links:
            self._compute(profile)
        return self._links[profile.id], self._verified[profile.id]

    def compare(self, a: Profile, b: Profile) -> Evidence | None:
        links_a, verified_a = self._features(a)
        links_b, verified_b = self._features(b)
        if not (links_a or links_b or a.bio or b.bio):
            return None
        a_to_b = [u for u in links_a if refers_to(u, b)]
        b_to_a = [u for u in links_b if refers_to(u, a)]
        verified = [u for u in a_to_b if u in verified_a] + [u for u in b_to_a if u in verified_b]
        if verified:
            return self._evidence(
                "verified", f"a platform verified the link to '{verified[0]}'", a, b
            )
        if a_to_b and b_to_a:
            return self._evidence(
                "mutual", f"each account links to the other ('{a_to_b[0]}' and '{b_to_a[0]}')", a, b
            )
        if a_to_b:
            return self._evidence(
                "one_way", f"{_name(a)} links to {_name(b)} ('{a_to_b[0]}')", a, b
            )
        if b_to_a:
            return self._evidence(
                "one_way", f"{_name(b)} links to {_name(a)} ('{b_to_a[0]}')", a, b
            )
        shared = sorted(u for u in links_a & links_b if personal(u))
        if shared:
            return self._evidence("shared_site", f"both link to '{shared[0]}'", a, b)
        mention = mentions(a, b) or mentions(b, a)
        if mention:
            return self._evidence("mention", mention, a, b)
        return None

    def _evidence(self, level: str, detail: str, a: Profile, b: Profile) -> Evidence:
        return Evidence(self.name, min(weight(level), self.max_bits), detail)


def _name(profile: Profile) -> str:
    return f"the {profile.platform} account '{profile.handle}'"


def personal(url: str) -> bool:
    """Whether a link is specific enough to a person to count when two accounts share it."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    return not (host in _COMMON_HOSTS and parts.path in ("", "/"))


def refers_to(link: str, profile: Profile) -> bool:
    """Whether the (normalised, lower-case) ``link`` points at ``profile``."""
    own = _key(profile.url)
    if own and (link == own or (profile.platform == "web" and _same_site(link, own))):
        return True
    collector = registry.get(profile.platform)
    if collector is None or profile.platform == "web":
        return False
    try:
        name = collector.from_url(link)
        if not name:
            return False
        return collector.normalise(name).lower() == profile.id.split(":", 1)[1].lower()
    except (ValueError, AttributeError):
        return False


def _same_site(link: str, site: str) -> bool:
    """A link into a personal site counts as a link to the site when the site is a whole host
    or the link is under the site's path."""
    lp, sp = urlsplit(link), urlsplit(site)
    if lp.netloc != sp.netloc:
        return False
    return lp.path.startswith(sp.path)


def mentions(a: Profile, b: Profile) -> str | None:
    """A sentence if ``a``'s bio names ``b``'s handle as ``@handle`` (handles of 4+ chars)."""
    if not a.bio or not b.handle or len(b.handle.lstrip("@")) < 4 or b.platform == "web":
        return None
    handle = re.escape(b.handle.lstrip("@"))
    if re.search(rf"(?<![\w@])@{handle}(?![\w])", a.bio, flags=re.IGNORECASE):
        return f"the bio of {_name(a)} mentions @{b.handle.lstrip('@')}"
    return None


SIGNAL = CrossLinkSignal
