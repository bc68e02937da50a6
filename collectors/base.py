"""What every collector is: a platform name, handle rules, and ``collect(name, ctx)``.

A collector says *what* to fetch and *how to read it*; the :class:`~collectors.http.HttpClient`
in the context owns *how* to fetch politely. A collector never builds its own session.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from collectors.avatars import fetch_avatar
from collectors.errors import CollectError, NotFound
from collectors.http import HttpClient, Response
from collectors.http.status_words import CHECK_SPELLING, GONE, status_failure
from linkage import platforms
from linkage.clock import now_iso
from linkage.platforms import Platform
from linkage.records import Avatar, Collected, Post, Profile
from linkage.signals.avatar_defaults import default_url
from linkage.status import Status, StatusKind

#: Default writing-sample limits (documented in the README); ``--max-posts``/``--max-words``.
DEFAULT_MAX_POSTS = 100
DEFAULT_MAX_WORDS = 10_000


@dataclass
class Limits:
    max_posts: int = DEFAULT_MAX_POSTS
    max_words: int = DEFAULT_MAX_WORDS


@dataclass
class CollectContext:
    """What a collector may use: the run's HTTP client, the sample limits, the environment."""

    http: HttpClient
    limits: Limits = field(default_factory=Limits)
    env: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))

    def avatar(
        self, url: str | None, *, default: bool = False, discovered: bool = False
    ) -> Avatar | None:
        return fetch_avatar(self.http, url, default=default, discovered=discovered)


def fetch_json(
    ctx: CollectContext,
    url: str,
    name: str,
    title: str,
    *,
    headers: Mapping[str, str] | None = None,
    account_found: bool = False,
) -> Any:
    """GET ``url`` and return its JSON, with the usual statuses as plain-words errors
    (:func:`~collectors.http.status_words.status_failure`): 404/410 not found, 401/403 refused,
    429 rate-limited, 5xx a fault on the site's side, anything else but 200 a bad response.
    With ``account_found`` (a later request, such as a page of posts, after the profile was
    read), a 404 or 410 is that request's failure, not a sign that the user does not exist."""
    return read_json(ctx.http.get(url, headers=headers), name, title, account_found=account_found)


def read_json(response: Response, name: str, title: str, *, account_found: bool = False) -> Any:
    """The JSON of an answer, its status read as :func:`fetch_json` reads it."""
    if response.status in GONE and not account_found:
        raise NotFound(f"{title} has no user called '{name}'. {CHECK_SPELLING}")
    if response.status != 200:
        what = "a page of the account's writing" if account_found else f"the account '{name}'"
        raise status_failure(title, response.status, what, found=account_found)
    return response.json()


def mark_partial(profile: Profile, reason: str) -> Profile:
    """Mark ``profile`` partial because of ``reason`` (what was not read, and why), keeping any
    reason it already has: a profile can be short of several things at once."""
    if profile.collected is not None:
        profile.collected.status = profile.collected.status.and_partly(reason)
    return profile


def mark_private(profile: Profile, reason: str) -> Profile:
    """Mark ``profile`` private because of ``reason``: what the platform still shows of it
    (a name, a picture) is kept."""
    if profile.collected is not None:
        profile.collected.status = Status.failure(StatusKind.PRIVATE, reason)
    return profile


def iso_from_epoch(value: float | int | str | None) -> str | None:
    """ISO 8601 (UTC) from Unix seconds; None for anything unusable."""
    try:
        return datetime.fromtimestamp(float(value), UTC).isoformat().replace("+00:00", "Z")  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError, OSError):
        return None


#: the profile fields a parser reads that :meth:`Collector.record_read` keeps as they are
READ_FIELDS = ("display_name", "bio", "location", "links", "created_at")


class WritingSample:
    """Collects posts up to the limits: at most ``max_posts`` posts and ``max_words`` words."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.posts: list[Post] = []
        self.words = 0

    @property
    def full(self) -> bool:
        return len(self.posts) >= self.limits.max_posts or self.words >= self.limits.max_words

    def add(self, text: str | None, created_at: str | None = None, url: str | None = None) -> bool:
        """Add one post (ignored when empty); returns False once the sample is full."""
        if self.full:
            return False
        text = (text or "").strip()
        if not text:
            return True
        words = text.split()
        room = self.limits.max_words - self.words
        if len(words) > room:
            text = " ".join(words[:room])
            words = words[:room]
        self.posts.append(Post(text=text, created_at=created_at, url=url))
        self.words += len(words)
        return not self.full


def unread(what: str, kept: int, exc: CollectError) -> str:
    """The partial reason for a pager that failed part-way: what was not all read, how many
    items were read (and kept) before the failure, and the failure's kind and message, e.g.
    ``the posts could not all be read: 43 read, then server error (Bluesky had a fault ...)``."""
    if not kept:
        return f"the {what} could not be read: {exc.status} ({exc.message})"
    return f"the {what} could not all be read: {kept} read, then {exc.status} ({exc.message})"


class Collector:
    """Base class: subclasses set ``platform`` and implement ``collect``.

    What the platform *is* (title, handle rules, profile address, the handle an address names)
    comes from the platform table, :mod:`linkage.platforms`; a collector only says what to
    fetch and how to read it.
    """

    platform: str = ""

    @property
    def identity(self) -> Platform:
        found = platforms.get(self.platform)
        if found is None:
            raise LookupError(
                f"'{self.platform}' is not in the platform table (linkage/platforms/)"
            )
        return found

    @property
    def title(self) -> str:
        return self.identity.title

    @property
    def handle_hint(self) -> str:
        """A short description of the handle form, shown in error messages."""
        return self.identity.handle_hint

    def normalise(self, name: str) -> str:
        """The canonical form of a handle; raise ``ValueError`` (with a reason) if malformed."""
        return self.identity.normalise(name)

    def from_url(self, url: str) -> str | None:
        """The handle a profile address names, or None if the address is not this platform's."""
        return self.identity.from_url(url)

    def profile_url(self, name: str) -> str | None:
        return self.identity.profile_url(name)

    def collect(self, name: str, ctx: CollectContext) -> Profile:
        raise NotImplementedError

    # helpers for subclasses ----------------------------------------------------------------

    def with_writing(
        self,
        profile: Profile,
        ctx: CollectContext,
        what: str,
        fill: Callable[[WritingSample], None],
    ) -> Profile:
        """Fill ``profile.posts`` with ``fill(sample)``; a failure part-way keeps what was read
        and marks the profile ``partial``."""
        sample = WritingSample(ctx.limits)
        try:
            fill(sample)
        except CollectError as exc:
            mark_partial(profile, unread(what, len(sample.posts), exc))
        profile.posts = sample.posts
        return profile

    def record_read(
        self, name: str, ctx: CollectContext, fields: Mapping[str, Any], **where: str
    ) -> Profile:
        """:meth:`record` of the fields a parser read from a profile (``display_name``,
        ``bio``, ``location``, ``links``, ``created_at``, and ``avatar_url``, whose picture is
        fetched, as a stock picture when its address is one); ``where``: ``source``,
        ``handle``, ``url``."""
        image = fields.get("avatar_url")
        avatar = ctx.avatar(image, default=default_url(image) is not None, discovered=True)
        kept = {key: fields[key] for key in READ_FIELDS}
        return self.record(name, avatar=avatar if image else None, **kept, **where)

    def record(self, name: str, *, source: str | None = None, **fields_) -> Profile:
        """A profile record for ``name`` with provenance filled in."""
        return Profile(
            id=f"{self.platform}:{name}",
            platform=self.platform,
            handle=fields_.pop("handle", name),
            url=fields_.pop("url", self.profile_url(name)),
            collected=Collected(collector=self.platform, at=now_iso(), source=source),
            **fields_,
        )
