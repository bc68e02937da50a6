"""The usernames a sweep looks for, read from what people paste: a bare username, a handle
(``github:mfinlay``, ``@mfinlay@example.social``, ``u/mfinlay``) or a profile address
(``https://github.com/mfinlay``).

Everywhere else in linkage an account is named ``PLATFORM:NAME`` or by its address, so people
paste those here too; checked as they are, they are "missing" everywhere, a false all-clear.
So the username is taken out of a handle (:func:`linkage.handles.username_of`) or a profile
address (the platform table's, or else a site of the list whose profile address it fits), and
the command says so. A value that cannot be a username on any site (spaces, slashes, an address
with no username in it) is refused with what to type instead (:class:`UsageError`, exit 2).
Names that come out equal are checked once.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from collectors.sweep.model import Site
from linkage import platforms
from linkage.errors import UsageError
from linkage.handles import Handle, parse_handle, username_of

#: Longest username accepted (no site allows more; a pasted paragraph is not a username).
MAX_LENGTH = 100
_URL = re.compile(r"^https?://", re.I)
#: ``PLATFORM:NAME`` with any platform name, known to linkage or not (``tiktok:mfinlay``).
_PREFIXED = re.compile(r"^([A-Za-z][A-Za-z0-9_.-]*):(?!//)(.+)$")
#: ``@name@server.example`` or ``name@server.example`` (a fediverse handle).
_FEDIVERSE = re.compile(r"^@?([^@\s/]+)@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")
_REDDIT = re.compile(r"^/?u/([A-Za-z0-9_-]+)/?$")
#: What no site's username holds.
_NEVER = re.compile(r"[\s/\\]")
EXAMPLE = "linkage sweep alex-example"


@dataclass
class Username:
    """A username to look for, and what the user typed that gave it."""

    name: str
    given: list[str] = field(default_factory=list)

    @property
    def taken_out(self) -> list[str]:
        """What was typed that is not the username itself (a handle, an address)."""
        return [text for text in self.given if text.lstrip("@") != self.name]

    def note(self) -> str:
        """One plain line when the username was taken out of a handle or an address."""
        taken = self.taken_out
        if not taken:
            return ""
        return f"Checking '{self.name}' (the username in {' and '.join(taken)})."


def read_usernames(raw: list[str] | None, sites: Iterable[Site] = ()) -> list[Username]:
    """The usernames in ``raw``, in order, each once; ``sites`` (the list to sweep) helps read
    profile addresses the platform table does not know."""
    found: dict[str, Username] = {}
    for item in raw or []:
        text = (item or "").strip()
        name = username_in(text, sites)
        found.setdefault(name, Username(name)).given.append(text)
    if not found:
        raise UsageError(f"Name at least one username to look for, e.g. '{EXAMPLE}'.")
    return list(found.values())


def username_in(text: str, sites: Iterable[Site] = ()) -> str:
    """The username in one value typed by the user; :class:`UsageError` when there is none."""
    if not text.lstrip("@"):
        raise UsageError(
            f"An empty username was given; name at least one username to look for, e.g. '{EXAMPLE}'."
        )
    if any(unicodedata.category(ch).startswith("C") for ch in text):
        raise UsageError(f"{text[:40]!r} is not a username (it has control characters in it).")
    if re.fullmatch(r"[A-Za-z0-9_-]+:", text):  # "github:" alone
        raise UsageError(
            f"'{text[:80]}' names no account. Give a username, e.g. '{EXAMPLE}', or a handle "
            "such as github:alex-example."
        )
    name = _from_address(text, sites) if _URL.match(text) else _from_handle(text)
    if _NEVER.search(name) or len(name) > MAX_LENGTH:
        why = "too long" if len(name) > MAX_LENGTH else "a username has no spaces or slashes"
        raise UsageError(
            f"'{text[:60]}' cannot be a username on any site ({why}). Give each username on "
            f"its own, e.g. '{EXAMPLE}', or a handle such as github:alex-example."
        )
    return name


#: what a handle of the platforms whose accounts have no username names
_NAMED = {
    "web": "a website",
    "stackexchange": "a Stack Exchange account",
    "gravatar": "a Gravatar profile",
}


def _from_handle(text: str) -> str:
    """A handle's username (``github:NAME``, ``@NAME@server``, ``u/NAME``, ``NAME.bsky.social``),
    or the text itself (without a leading ``@``) when it is not a handle."""
    prefixed = _PREFIXED.match(text)
    if prefixed:
        platform = prefixed[1].lower()
        known = platforms.get(platforms.ALIASES.get(platform, platform))
        try:
            handle = parse_handle(text) if known is not None and known.kind != "archive" else None
        except UsageError:  # not valid on that platform (github:ada_example): still a name,
            if known is not None and known.name in ("web", "stackexchange", "gravatar"):
                raise UsageError(  # but what those platforms name is not a username
                    f"'{text[:80]}' names {_NAMED[known.name]}, which has no username to look "
                    f"for. Give the username itself, e.g. '{EXAMPLE}'."
                ) from None
            handle = None
        name = prefixed[2].strip().lstrip("@")
        if not name:  # "github:" alone
            raise UsageError(
                f"'{text[:80]}' names no account. Give a username, e.g. '{EXAMPLE}', or a handle "
                "such as github:alex-example."
            )
        if handle is None:  # tiktok:NAME, x:NAME, instagram:NAME
            return name
        return _from_account(text, handle)
    fediverse = _FEDIVERSE.match(text)
    if fediverse:
        return fediverse[1]
    reddit = _REDDIT.match(text)
    if reddit:
        return reddit[1]
    name = text.lstrip("@")
    if name.lower().endswith(".bsky.social") and len(name) > len(".bsky.social"):
        return name[: -len(".bsky.social")]
    return name


def _from_address(url: str, sites: Iterable[Site]) -> str:
    """The username in a profile address: the platform table's reading, else the first site
    of the list whose profile address has the same shape."""
    account = platforms.account_of(url)
    if account is not None:
        return _from_account(url, Handle(*account))
    for site in sites:
        name = _fits(site, url)
        if name:
            return name
    raise UsageError(
        f"'{url[:80]}' is a web address, and linkage cannot tell which part of it is a "
        f"username. Give the username itself, e.g. '{EXAMPLE}'."
    )


def _from_account(text: str, handle: Handle) -> str:
    name = username_of(handle)
    if name:
        return name
    what = {
        "web": "a website's address",
        "stackexchange": "a Stack Exchange account, named by its number",
        "bluesky": "a Bluesky account named by its own domain or number",
        "gravatar": "a Gravatar profile named by an email address",
    }.get(handle.platform, f"a {platforms.title(handle.platform)} account")
    raise UsageError(
        f"'{text[:80]}' is {what}, with no username in it to look for. Give the username "
        f"itself, e.g. '{EXAMPLE}'."
    )


def _loose(url: str) -> str:
    """An address compared loosely: no scheme, no ``www.``, no query, fragment or final ``/``,
    the host in lower case."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return ""
    host = parts.netloc.lower().removeprefix("www.")
    return (host + parts.path).rstrip("/")


def _fits(site: Site, url: str) -> str | None:
    """The username ``url`` holds if it is ``site``'s profile address, or None."""
    if len(site.shown.parts) != 2:
        return None
    before, after = site.shown.parts
    prefix = _loose(before + "x")[:-1]  # the host lowered and www. dropped, up to the slot
    suffix = after.split("?")[0].split("#")[0].rstrip("/")
    address = _loose(url)
    if "." not in prefix + suffix or not address.startswith(prefix):
        return None  # a template whose host is all username fits every address
    if not address.endswith(suffix) or len(address) <= len(prefix) + len(suffix):
        return None
    name = unquote(address[len(prefix) : len(address) - len(suffix)])
    if "/" in name:
        return None
    return name if site.username_for(name) == name else None
