"""Handles: ``PLATFORM:NAME``, or a profile address that maps to one (see the contract)."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from linkage import platforms
from linkage.errors import UsageError

_URL = re.compile(r"^https?://", re.I)


@dataclass(frozen=True)
class Handle:
    platform: str
    name: str

    @property
    def id(self) -> str:
        return f"{self.platform}:{self.name}"

    def __str__(self) -> str:
        return self.id


def known_platforms_text() -> str:
    return ", ".join(p.name for p in platforms.handle_platforms())


def parse_handle(text: str) -> Handle:
    """Parse a handle typed by the user; :class:`UsageError` (exit 2) when it is not one."""
    raw = (text or "").strip()
    if not raw:
        raise UsageError(
            f"An empty handle was given. Write PLATFORM:NAME; known platforms: {known_platforms_text()}."
        )
    if _URL.match(raw):
        _refuse_export_only(raw, raw)
        for platform in platforms.handle_platforms():
            if platform.kind == "web":
                continue
            try:
                name = platform.from_url(raw)
            except (ValueError, TypeError, AttributeError, IndexError):
                name = None  # a platform that cannot read the address does not own it
            if name:
                return _normalised(platform.name, name, raw)
        if platforms.get("web") is not None:
            return _normalised("web", raw, raw)
    platform, sep, name = raw.partition(":")
    platform = platform.strip().lower()
    if not sep or not platform or not re.fullmatch(r"[a-z0-9_-]+", platform):
        raise UsageError(
            f"'{raw}' is not a handle. Write PLATFORM:NAME (for example github:octocat) or a "
            f"profile address; known platforms: {known_platforms_text()}."
        )
    _refuse_export_only(platform, raw)
    platform = platforms.ALIASES.get(platform, platform)  # gitea:NAME@HOST is Forgejo's
    if platform == "web":
        _refuse_export_only(name.strip(), raw)
    known = platforms.get(platform)
    if known is None or known.kind == "archive":
        names = [p.name for p in platforms.handle_platforms()]
        near = difflib.get_close_matches(platform, names, n=1, cutoff=0.7)
        meant = f" Did you mean {near[0]}:{name.strip()}?" if near else ""
        raise UsageError(
            f"'{platform}' in '{raw}' is not a platform linkage knows.{meant} Known platforms: "
            f"{known_platforms_text()}."
        )
    return _normalised(platform, name, raw)


def _refuse_export_only(name_or_url: str, raw: str) -> None:
    """A plain refusal for an account that only its owner's data export can show: X, LinkedIn,
    Facebook and Instagram profile pages show a visitor who has not signed in nothing of it
    (read as a website, such a page would give the sign-in page's words as the account's)."""
    platform = platforms.export_only(name_or_url)
    if platform is None:
        return
    raise UsageError(
        f"'{raw}' is an account on {platform.title}, which shows its profiles only "
        f"to visitors who sign in, so linkage cannot read it from the web. Add your "
        f"{platform.title} data export instead (it is what {platform.title} lets you download "
        f"from its settings): {EXPORT_WHERE}."
    )


def found_export_only(title: str, yours: str = "yours") -> str:
    """Why an account on an export-only platform (``title``: "X") that the audit found (a
    profile's link to ``x.com/NAME``) was not read, and what to do, in plain words, as the
    report lists it: ``yours`` says whose it may be ("yours", "Morag's", "the account
    holder's"). Never fetched: its page would show a visitor the sign-in page, not the account
    (:func:`_refuse_export_only`)."""
    return (
        f"{title} shows its profiles only to visitors who sign in, so linkage cannot read it "
        f"from the web; if it is {yours}, add its {title} data export to the accounts file "
        f'(archive = "PATH": the file {title} lets its owner download from its settings)'
    )


#: Where a data export is given instead of an account only its owner's export shows, said for
#: the accounts file and the command line; :data:`EXPORT_WHERE_AT` says it for the other places
#: an account is typed (:func:`export_where_at`).
EXPORT_WHERE = (
    "archive = \"PATH\" in the accounts file, or drop it on the app's page ('linkage collect "
    "--archive PATH' reads one on its own)"
)

#: Where a data export is given, said where the account was typed: at ``linkage init``'s
#: prompt (which takes an export's path itself), and on the app's page (its own file chooser)
EXPORT_WHERE_AT = {
    "init": "type the path of the downloaded file here, at this prompt",
    "app": 'add the file you download with "Choose a file…" below, on this page',
}


def export_where_at(message: str, place: str | None) -> str:
    """``message`` saying where to give a data export as ``place`` (a key of
    :data:`EXPORT_WHERE_AT`) takes one; as it is for the accounts file when ``place`` is None."""
    return message.replace(EXPORT_WHERE, EXPORT_WHERE_AT[place]) if place else message


def _normalised(platform: str, name: str, raw: str) -> Handle:
    known = platforms.get(platform)
    assert known is not None
    try:
        return Handle(*platforms.canonical(platform, known.normalise(name)))
    except ValueError as exc:
        raise UsageError(  # the platforms listed too, as the contract has every handle error
            f"'{raw}' is not a valid handle: {exc}. Known platforms: {known_platforms_text()}."
        ) from None


#: The platforms whose handles may name their server (``NAME@HOST``).
_ON_SERVERS = ("mastodon", "gitlab", "forgejo")
#: The Bluesky host whose handles are ``NAME.bsky.social``: NAME is the username.
_BSKY_SOCIAL = ".bsky.social"


def username_of(handle: Handle) -> str | None:
    """The username an account goes by, as another site would have it: the name of most
    handles (``mfinlay`` for ``github:mfinlay``), the user part of a handle that names its
    server (``alice`` for ``mastodon:alice@example.social`` and ``gitlab:alice@git.example.org``), NAME of a Bluesky ``NAME.bsky.social``; None for an
    account named by something other than a username (a website, a Stack Exchange account's
    number, a Bluesky DID or a Bluesky handle on its own domain, a Gravatar email's hash)."""
    name = handle.name
    if handle.platform in ("web", "stackexchange") or not name:
        return None
    if handle.platform in _ON_SERVERS:
        return name.lstrip("@").split("@")[0] or None
    if handle.platform == "bluesky":
        return name[: -len(_BSKY_SOCIAL)] if name.endswith(_BSKY_SOCIAL) else None
    if handle.platform == "gravatar" and platforms.GRAVATAR_HASH.match(name):
        return None
    return name


# -- recognition: what the app and ``linkage init`` tell the user as they type ----------------

#: What is read of an account on each platform, in plain words (shown as the user types).
WHAT_IS_READ = {
    "bluesky": "its public profile (name, description, picture) and its recent public posts",
    "codeberg": (
        "its public profile and its recent public activity (comments, the titles of issues and "
        "pull requests it opened, and the first lines of its commit messages)"
    ),
    "devto": "its public profile and the articles it published",
    "forgejo": (
        "its public profile and its recent public activity on that server (comments, the "
        "titles of issues and pull requests it opened, and the first lines of its commit "
        "messages)"
    ),
    "github": (
        "its public profile (with its company), its recent public comments, issues and releases, "
        "the commit messages of its own repositories and the descriptions of its gists"
    ),
    "gitlab": (
        "its public profile (with its job title and organisation) and its recent public activity (comments, the titles of issues and "
        "merge requests it opened, and commit titles)"
    ),
    "gravatar": "the public profile and picture that Gravatar shows for this address",
    "hackernews": "its public profile ('about' text) and its recent comments and stories",
    "keybase": "its public profile and the other accounts it publicly proves it owns",
    "lobsters": "its public profile and the stories it submitted (Lobsters lists no comments)",
    "mastodon": "its public profile, its profile links and its recent public posts",
    "reddit": "its public profile and its recent public posts and comments",
    "stackexchange": "its public profile and its recent answers and comments",
    "web": "the page's visible text, its name and feed, and the links it shows to other accounts",
}

_MASTODON_BARE = re.compile(r"^@?[A-Za-z0-9_.-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")
_DOMAIN = re.compile(r"^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(/\S*)?$")


@dataclass(frozen=True)
class Recognition:
    """What a piece of text typed by the user is: a handle on a known platform, or not (with a
    plain-words message saying what to type instead)."""

    text: str
    handle: Handle | None = None
    title: str = ""
    explanation: str = ""
    message: str = ""

    @property
    def ok(self) -> bool:
        return self.handle is not None

    def to_dict(self) -> dict[str, str | bool | None]:
        return {
            "ok": self.ok,
            "platform": self.handle.platform if self.handle else None,
            "handle": self.handle.id if self.handle else None,
            "title": self.title,
            "explanation": self.explanation,
            "message": self.message,
        }


def recognise(text: str, place: str | None = None) -> Recognition:
    """Recognise a handle, a profile address or a web address typed by the user.

    Accepts what :func:`parse_handle` accepts, and also the forms people paste without a
    platform prefix: ``@alice@example.social`` (Mastodon), ``alice.bsky.social`` (Bluesky),
    ``u/alice`` (Reddit) and a bare site address such as ``alice.example.org`` (a website).
    Never raises: an unrecognised text gets a ``message`` saying what to type instead, where it
    was typed (``place``: "init" or "app", see :func:`export_where_at`).
    """
    raw = (text or "").strip()
    if not raw:
        return Recognition(
            raw,
            message="Paste a profile address (such as https://github.com/octocat) or a handle "
            "(such as github:octocat or @alice@example.social).",
        )
    candidates = [raw]
    if not _URL.match(raw) and ":" not in raw.split("/")[0]:
        if _MASTODON_BARE.match(raw) and raw.startswith("@"):
            candidates = [f"mastodon:{raw}"]
        elif _MASTODON_BARE.match(raw):
            return Recognition(
                raw,
                message=f"'{raw}' looks like an email address or a Mastodon handle: write "
                f"@{raw} for a Mastodon account, or gravatar:{raw} for the public profile "
                "Gravatar shows for that email address.",
            )
        elif raw.lower().endswith(".bsky.social"):
            candidates = [f"bluesky:{raw}"]
        elif re.fullmatch(r"/?u/[A-Za-z0-9_-]+", raw):
            candidates = [f"reddit:{raw.lstrip('/')}"]
        elif _DOMAIN.match(raw):
            candidates = [f"https://{raw}"]
        elif re.fullmatch(r"@?[A-Za-z0-9_.-]+", raw):
            name = raw.lstrip("@")
            return Recognition(
                raw,
                message=f"'{name}' could be a username on any platform: say which, for example "
                f"github:{name} or reddit:{name}, or paste the profile's address.",
            )
    try:
        handle = parse_handle(candidates[0])
    except UsageError as exc:
        return Recognition(raw, message=export_where_at(str(exc), place))
    title = platforms.title(handle.platform)
    what = WHAT_IS_READ.get(handle.platform, "its public profile")
    kind = "website" if handle.platform == "web" else f"{title} account"
    article = "An" if kind[0].lower() in "aeiou" else "A"
    return Recognition(
        raw, handle=handle, title=title, explanation=f"{article} {kind}: {what} will be read."
    )


def read_handle(text: str) -> Handle:
    """A handle as people write it in an accounts file or on the command line: ``PLATFORM:NAME``
    or a profile address (:func:`parse_handle`), or one of the forms the app recognises as the
    user types (``@alice@example.social``, ``alice.bsky.social``, ``u/alice``,
    ``alice.example.org``: :func:`recognise`), so a file the app reads and one written by hand
    take the same handles. :class:`UsageError` as :func:`parse_handle` says it."""
    try:
        return parse_handle(text)
    except UsageError:
        recognised = recognise(text)
        if recognised.handle is not None:
            return recognised.handle
        raise
