"""Reddit: the public profile (``about.json``) and recent comments and submissions.

Reddit is withdrawing unauthenticated JSON access (platforms.md §4), so a refusal is expected
and answered with a message pointing to the data-export importer. With ``REDDIT_TOKEN`` set,
the same paths are read from ``oauth.reddit.com`` with a bearer token, which is sent in a
header only and never written into a record.

Checked against reddit.com/dev/api (``user/{name}/about``, ``/comments``, ``/submitted``) and
PRAW's recorded answers, 2026-12: a suspended account's ``about.json`` is only
``{name, is_suspended: true}``; deleted and shadow-banned accounts answer 404, which cannot be
told from a wrong name, and the message says so; ``subreddit`` (the profile) may be null;
``raw_json=1`` is asked so fields are not HTML-escaped. Listings are ``{kind: Listing, data:
{after, before, dist, children}}`` of ``t1`` comments (``body`` Markdown; ``[deleted]`` and
``[removed]`` skipped) and ``t3`` submissions (``title``, ``selftext``), ``created_utc`` float
seconds; ``after`` is null on the last page, and a cursor that repeats ends the listing. A page
that fails (404, 429, 5xx) keeps the pages before it and names the listing and the cause.
"""

from __future__ import annotations

import html
import re
from typing import Any
from urllib.parse import quote, urlsplit

from collectors import read
from collectors.base import (
    CollectContext,
    Collector,
    WritingSample,
    iso_from_epoch,
    mark_partial,
    unread,
)
from collectors.errors import (
    BadResponse,
    CollectError,
    NotFound,
    Private,
    Refused,
    Suspended,
)
from collectors.http import Response
from collectors.http.status_words import gone, status_failure, unreadable
from collectors.text import clean_markdown, clip, tidy, unique_links, urls_in_text
from linkage import __version__
from linkage.platforms import REDDIT_NAME, REDDIT_PREFIX
from linkage.records import Profile

WWW = "https://www.reddit.com"
OAUTH = "https://oauth.reddit.com"
#: Listing pages followed per listing (100 items each); Reddit stops near 1,000 items anyway.
MAX_PAGES = 5
#: The listings read for writing, and what a person calls them.
LISTINGS = {"comments": "comments", "submitted": "submissions"}
REFUSED_HELP = (
    "Reddit refused to show the account without signing in (it no longer lets programs read "
    "it anonymously). Request your data from https://www.reddit.com/settings/data-request and "
    'name the export in your accounts file as archive = "..." (or set REDDIT_TOKEN for API '
    "access)"
)
TOKEN_HELP = (
    "Reddit did not accept the REDDIT_TOKEN given; it may have expired or lack the 'read' "
    "scope. Get a new token, or request your data from "
    "https://www.reddit.com/settings/data-request and name the export in your accounts file "
    'as archive = "..." (HTTP {status}).'
)
_BLOCK_MARKERS = ("whoa there", "blocked", "network security", "network policy")
_DEFAULT_MARKERS = ("avatar_default", "default_avatar", "/avatars/defaults/")
_GONE = {"", "[deleted]", "[removed]"}

#: (epoch seconds, text, ISO time, address) of one piece of writing before sampling
Item = tuple[float, str, str | None, str | None]


# --- pure parsing -------------------------------------------------------------------------


def x_form(url: str) -> str:
    """twitter.com addresses in the x.com form, so one account has one address."""
    return re.sub(
        r"^(https?://)(?:www\.|mobile\.)?(?:twitter|x)\.com(?=/|$)", r"\1x.com", url, flags=re.I
    )


def is_default_avatar(url: str | None) -> bool:
    """True for Reddit's stock pictures (``avatar_default_3.png`` and the like)."""
    if not url:
        return True
    lowered = url.lower()
    if any(marker in lowered for marker in _DEFAULT_MARKERS):
        return True
    return "styles.redditmedia.com" in lowered and "default" in lowered


def pick_avatar(data: dict[str, Any]) -> tuple[str | None, bool]:
    """The avatar address (unescaped) and whether it is a default picture.

    ``icon_img`` is the profile picture; when it is a stock one and the user has made a
    Snoovatar, the Snoovatar is what people see.
    """
    icon = read.text(data.get("icon_img")) or read.text(
        read.as_dict(data.get("subreddit")).get("icon_img")
    )
    snoo = read.text(data.get("snoovatar_img"))
    icon = html.unescape(icon).strip() if icon else None
    snoo = html.unescape(snoo).strip() if snoo else None
    if icon and not is_default_avatar(icon):
        return icon, False
    if snoo and not is_default_avatar(snoo):
        return snoo, False
    return (icon, True) if icon else (None, False)


def parse_about(body: Any, name: str) -> dict[str, Any]:
    """Profile fields from an ``about.json`` answer; Suspended / BadResponse when unusable."""
    if body is None:
        raise unreadable("Reddit", f"the profile of '{name}'")
    if not isinstance(body, dict):
        raise unreadable("Reddit", f"the profile of '{name}'")
    data = body.get("data")
    if not isinstance(data, dict):
        if body.get("error") == 404:
            raise NotFound(f"Reddit has no user called '{name}'. Check the spelling of the handle.")
        if "reason" in body or "error" in body:
            raise refusal_from_json(body, name)
        raise unreadable("Reddit", f"the profile of '{name}'")
    if data.get("is_suspended") is True:
        raise Suspended(f"Reddit has suspended the account '{name}'; nothing public remains.")
    handle = read.text(data.get("name"))
    if handle is None:
        raise unreadable("Reddit", f"the profile of '{name}' (it has no username)")
    sub = read.as_dict(data.get("subreddit"))
    title = read.text(sub.get("title"))
    description = read.text(sub.get("public_description"))
    bio = tidy(html.unescape(description)) if description else None
    avatar_url, default = pick_avatar(data)
    return {
        "handle": handle,
        "display_name": (clip(tidy(html.unescape(title)), 500) or None) if title else None,
        "bio": clip(bio) or None,
        "links": unique_links([x_form(u) for u in urls_in_text(bio)]),
        "created_at": iso_from_epoch(created)
        if (created := read.epoch(data.get("created_utc")))
        else None,
        "avatar_url": avatar_url,
        "avatar_default": default,
    }


def refusal_from_json(body: dict[str, Any], name: str) -> CollectError:
    """The error a JSON ``{"reason": ...}`` answer stands for."""
    reason = str(body.get("reason") or body.get("message") or "").lower()
    if "private" in reason:
        return Private(f"Reddit says the account '{name}' is private.")
    if "banned" in reason or "suspended" in reason:
        return Suspended(f"Reddit has banned or suspended the account '{name}'.")
    return Refused(f"{REFUSED_HELP} (Reddit's reason: {reason or 'none given'}).")


def post_from_child(child: Any) -> Item | None:
    """One comment (``t1``) or submission (``t3``) as writing; None when there is none."""
    child = read.as_dict(child)
    data = read.as_dict(child.get("data"))
    kind = child.get("kind")
    if kind == "t1":
        body = html.unescape(read.text(data.get("body")) or "")
        text = "" if body.strip() in _GONE else clean_markdown(body)
    elif kind == "t3":
        title = html.unescape(read.text(data.get("title")) or "").strip()
        selftext = html.unescape(read.text(data.get("selftext")) or "")
        selftext = "" if selftext.strip() in _GONE else clean_markdown(selftext)
        text = "\n\n".join(part for part in (tidy(title), selftext) if part)
    else:
        return None
    if not text:
        return None
    permalink = read.text(data.get("permalink"))
    url = WWW + permalink if permalink and permalink.startswith("/") else None
    created = read.epoch(data.get("created_utc"))
    return created, clip(text) or "", iso_from_epoch(created) if created else None, url


def parse_listing(body: Any) -> tuple[list[Item], str | None]:
    """Writing from one listing page, and the ``after`` cursor of the next page."""
    if not isinstance(body, dict) or not isinstance(body.get("data"), dict):
        raise unreadable("Reddit", "a list of posts")
    data = body["data"]
    children = data.get("children")
    if not isinstance(children, list):
        children = []
    items = [item for item in map(post_from_child, children) if item is not None]
    after = read.text(data.get("after"))
    return items, after


def looks_blocked(response: Response) -> bool:
    """An HTML page where JSON was expected that says the client has been blocked."""
    body = response.content.lstrip()[:20_000]
    if body[:1] != b"<":
        return False
    lowered = body.decode("utf-8", errors="replace").lower()
    return any(marker in lowered for marker in _BLOCK_MARKERS)


# --- fetching ------------------------------------------------------------------------------


class RedditCollector(Collector):
    platform = "reddit"

    def collect(self, name: str, ctx: CollectContext) -> Profile:
        name = self.normalise(name)
        token = (ctx.env.get("REDDIT_TOKEN") or "").strip()
        base = OAUTH if token else WWW
        headers = {"User-Agent": _user_agent(ctx)}
        if token:
            headers["Authorization"] = f"bearer {token}"
        ctx.http.configure_host(urlsplit(base).netloc, concurrency=1, interval=1.0)
        source = f"{base}/user/{quote(name)}/about.json"
        response = ctx.http.get(source, headers=headers, params={"raw_json": 1})
        fields = parse_about(_json(response, name, bool(token)), name)
        avatar = ctx.avatar(
            fields.pop("avatar_url"), default=fields.pop("avatar_default"), discovered=True
        )
        profile = self.record(
            name,
            source=source,
            url=self.profile_url(fields["handle"]),
            avatar=avatar,
            **fields,
        )
        sample = WritingSample(ctx.limits)
        items: list[Item] = []
        for listing, words in LISTINGS.items():
            read_here: list[Item] = []
            try:
                self._listing(ctx, base, headers, name, listing, bool(token), read_here)
            except CollectError as exc:
                mark_partial(profile, unread(words, len(read_here), exc))
            items.extend(read_here)  # what was read before a failure is kept
        for _, text, created, url in sorted(items, key=lambda item: -item[0]):
            if not sample.add(text, created, url):
                break
        profile.posts = sample.posts
        return profile

    def _listing(
        self,
        ctx: CollectContext,
        base: str,
        headers: dict[str, str],
        name: str,
        listing: str,
        with_token: bool,
        items: list[Item],
    ) -> None:
        """Add up to ``MAX_PAGES`` pages of one listing to ``items``, stopping once the sample
        could be full. ``items`` keeps every page read before a failure (the caller's list,
        so an exception on a later page loses nothing already read)."""
        words = 0
        after: str | None = None
        seen: set[str] = set()
        for number in range(1, MAX_PAGES + 1):
            params: dict[str, Any] = {"limit": 100, "raw_json": 1}
            if after:
                params["after"] = after
            url = f"{base}/user/{quote(name)}/{listing}.json"
            response = ctx.http.get(url, headers=headers, params=params)
            what = f"page {number} of the {LISTINGS[listing]}"
            page, after = parse_listing(_json(response, name, with_token, page=what))
            items.extend(page)
            words += sum(len(item[1].split()) for item in page)
            if not after or after in seen or not page:
                break  # the last page (or a cursor that does not move)
            seen.add(after)
            if len(items) >= ctx.limits.max_posts or words >= ctx.limits.max_words:
                break


def _user_agent(ctx: CollectContext) -> str:
    """Reddit's requested form, ``<platform>:<app id>:<version> (by /u/<name>)``."""
    agent = f"python:linkage:{__version__}"
    user = (ctx.env.get("REDDIT_USERNAME") or "").strip()
    if REDDIT_NAME.fullmatch(REDDIT_PREFIX.sub("", user)):
        agent += f" (by /u/{REDDIT_PREFIX.sub('', user)})"
    return agent


def _json(response: Response, name: str, with_token: bool, *, page: str | None = None) -> Any:
    """The JSON body of a Reddit answer, or the error its status and body stand for. For a
    ``page`` of a listing (the profile was already read), a 404 is not the account's absence
    but the listing's failure, and is reported as such."""
    status = response.status
    if status == 404 and page is not None:
        raise gone("Reddit", status, page, found=True)
    if status == 404:
        raise NotFound(
            f"Reddit has no user called '{name}' (or the account was deleted or shadow-banned). "
            "Check the spelling of the handle."
        )
    refused = Refused(TOKEN_HELP.format(status=status) if with_token else f"{REFUSED_HELP}.")
    if status == 401:
        raise refused
    if status == 403:
        try:
            body = response.json()
        except BadResponse:
            raise refused from None
        error = refusal_from_json(body if isinstance(body, dict) else {}, name)
        raise refused if with_token and isinstance(error, Refused) else error
    if looks_blocked(response):
        raise refused
    if status != 200:
        raise status_failure("Reddit", status, page or f"the account '{name}'")
    return response.json()


COLLECTOR = RedditCollector()
