"""Stack Exchange (API 2.3): a user's profile on one site, and their recent answers and comments.

Handle: ``stackexchange:SITE/USERID``, where SITE is a site's domain (``stackoverflow.com``,
``math.stackexchange.com``) or its API name (``stackoverflow``, ``math``); the id is
``stackexchange:DOMAIN/USERID``. See ``shared/reference/platforms.md`` §8.

The API wraps every answer in ``{items, has_more, quota_max, quota_remaining, backoff,
error_id, error_name, error_message}``. A ``backoff`` (seconds) must be waited out before the
same method is called again; this collector remembers it per HTTP client and waits through
``ctx.http.sleep``. ``about_me`` is not in the default filter: a filter that adds it is created
once per run through ``/filters/create`` (or given as ``STACKEXCHANGE_FILTER``). An app key in
``STACKEXCHANGE_KEY`` raises the daily quota from 300 to 10,000 requests.

Checked against api.stackexchange.com/docs (users, answers, comments, the wrapper, throttles),
2026-12: ``display_name`` and ``location`` are HTML-encoded; ``about_me`` needs a filter;
``website_url`` may be ``""``; a deleted user is ``user_type: does_not_exist``; a suspended
user keeps a public profile and carries ``timed_penalty_date`` (read as any other profile);
``backoff``, ``quota_remaining`` and ``error_id`` (502 = throttled) are honoured; ``has_more``
drives paging. When one kind (answers or comments) fails, what the page gave so far stays.
"""

from __future__ import annotations

import html
import re
import threading
import time
import weakref
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

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
    RateLimited,
    Refused,
    ServerError,
)
from collectors.gravatar import fetch_gravatar
from collectors.http import HttpClient
from collectors.http.status_words import status_failure, unreadable, with_detail
from collectors.text import clip, html_to_text, tidy, unique_links, urls_in_text
from linkage.platforms import SE_SHORT, gravatar_hash, site_domain, split_name
from linkage.records import Avatar, Profile

if TYPE_CHECKING:
    from collectors.http import HttpClient

__all__ = ["COLLECTOR", "api_site", "gravatar_hash", "parse_posts", "parse_user", "site_domain"]

API = "https://api.stackexchange.com/2.3"
MAX_PAGES = 3
#: the built-in filter that adds ``body`` to answers and comments
BODY_FILTER = "withbody"
#: What to do when a user is not found.
CHECK_NUMBER = "Check the number in the profile address (…/users/NUMBER/…) and the site."

_THROTTLE_SECONDS = re.compile(r"(\d+)\s*seconds?", re.I)
#: inline code (``<code>`` outside ``<pre>``) is not prose either
_INLINE_CODE = re.compile(r"<code\b[^>]*>.*?</code>", re.I | re.S)
#: Stack Exchange's own picture for accounts without one (deleted/unregistered users)
_DEFAULT_PICTURES = ("cdn.sstatic.net/img/user.svg", "/img/user.svg")


# --- sites -------------------------------------------------------------------------------


def api_site(domain: str) -> str:
    """The ``site`` parameter for a domain (the API also accepts the full domain)."""
    if domain.endswith(".stackexchange.com"):
        return domain[: -len(".stackexchange.com")]
    return {full: short for short, full in SE_SHORT.items()}.get(domain, domain)


# --- parsing -----------------------------------------------------------------------------


def _url(value: Any) -> str | None:
    """An address from an HTML-encoded field; protocol-relative ones (``//www.gravatar.com``)
    made https."""
    found = read.text(value)
    return read.web(html.unescape(found), "https://") if found else None


def check_wrapper(data: Any, what: str) -> dict[str, Any]:
    """The wrapper object, or the :class:`CollectError` its ``error_*`` fields describe."""
    if not isinstance(data, dict):
        raise unreadable("Stack Exchange", what)
    if data.get("error_id") is not None:
        raise wrapper_error(data, what)
    if not isinstance(data.get("items"), list):
        raise unreadable("Stack Exchange", what)
    return data


def wrapper_error(data: dict[str, Any], what: str) -> CollectError:
    error_id = data.get("error_id")
    name = str(data.get("error_name") or "error")
    message = tidy(html.unescape(str(data.get("error_message") or "")))[:300]
    detail = f"{name}: {message}" if message else name
    if error_id == 502 or name == "throttle_violation":
        match = _THROTTLE_SECONDS.search(message)
        retry_at = None
        if match:
            retry_at = datetime.now(UTC) + timedelta(seconds=min(int(match.group(1)), 10**7))
        return RateLimited(
            with_detail(
                "Stack Exchange says linkage has sent too many requests from this network "
                "address for now; an app key in STACKEXCHANGE_KEY raises the limit.",
                detail,
            ),
            retry_at=retry_at,
        )
    if error_id == 400 and "site" in message.lower():
        return NotFound(
            with_detail(
                f"Stack Exchange does not know the site in {what}. Check the site in the handle.",
                detail,
            )
        )
    if error_id == 400:
        return NotFound(
            with_detail(
                f"Stack Exchange could not make sense of the request for {what}. Check the site "
                "and the user number in the handle.",
                detail,
            )
        )
    if error_id in (401, 402, 403, 405, 406):
        return Refused(
            with_detail(
                f"Stack Exchange refused to answer for {what}. If STACKEXCHANGE_KEY is set, "
                "check the key.",
                detail,
            )
        )
    if error_id in (500, 503):
        return ServerError(
            with_detail(
                f"Stack Exchange had a fault on its side and could not send {what}; this is not "
                "a problem with the account. Try again later.",
                detail,
            )
        )
    return BadResponse(
        with_detail(
            f"Stack Exchange gave an answer linkage did not expect for {what}; try again later.",
            detail,
        )
    )


def parse_user(item: Any) -> dict[str, Any]:
    """Profile fields from one ``user`` object (strings are HTML-encoded by the API)."""
    if not isinstance(item, dict):
        raise unreadable("Stack Exchange", "a profile")
    if item.get("user_type") == "does_not_exist":
        raise NotFound("Stack Exchange says that user does not exist (any more).")
    about = item.get("about_me")
    bio, bio_links = html_to_text(about) if isinstance(about, str) else ("", [])
    bio = clip(bio) or None
    website = _url(item.get("website_url"))
    account_id = item.get("account_id")
    return {
        "display_name": read.plain(item.get("display_name")),
        "bio": bio,
        "location": read.plain(item.get("location")),
        "links": unique_links([website, *bio_links, *urls_in_text(bio)]),
        "created_at": iso_from_epoch(item.get("creation_date"))
        if isinstance(item.get("creation_date"), int | float)
        else None,
        "profile_image": _url(item.get("profile_image")),
        "account_id": account_id if isinstance(account_id, int) else None,
    }


def parse_posts(data: Any, kind: str, domain: str) -> list[tuple[str, str | None, str | None]]:
    """``(text, created_at, url)`` for each answer or comment in a wrapper's ``items``.

    Bodies are HTML: code blocks and quotes are removed. Items without text are skipped.
    """
    items = data.get("items") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise unreadable("Stack Exchange", f"a list of {kind}")
    id_key = "answer_id" if kind == "answers" else "comment_id"
    out: list[tuple[str, str | None, str | None]] = []
    for item in items:
        if not isinstance(item, dict):
            continue
        body = item.get("body")
        if not isinstance(body, str):
            continue
        text, _ = html_to_text(_INLINE_CODE.sub(" ", body), drop_quotes=True, drop_code=True)
        if not text:
            continue
        created = item.get("creation_date")
        when = iso_from_epoch(created) if isinstance(created, int | float) else None
        url = _url(item.get("link"))
        post_id = item.get(id_key)
        if url is None and isinstance(post_id, int):
            path = "a" if kind == "answers" else "posts/comments"
            url = f"https://{domain}/{path}/{post_id}"
        out.append((clip(text) or "", when, url))
    return out


def is_default_picture(url: str | None) -> bool:
    return bool(url) and any(mark in url.lower() for mark in _DEFAULT_PICTURES)  # type: ignore[union-attr]


# --- fetching ----------------------------------------------------------------------------


class _ApiState:
    """Per HTTP client (one run): when each method may be called again, quota, filter."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.not_before: dict[str, float] = {}
        self.quota_out = False
        self.quota_max: int | None = None
        self.user_filter: str | None = None


_STATES: weakref.WeakKeyDictionary[HttpClient, _ApiState] = weakref.WeakKeyDictionary()
_STATES_LOCK = threading.Lock()


def _state(http: HttpClient) -> _ApiState:
    with _STATES_LOCK:
        return _STATES.setdefault(http, _ApiState())


def call(
    ctx: CollectContext, path: str, params: dict[str, Any], *, method: str, what: str
) -> dict[str, Any]:
    """One API call: waits out an earlier ``backoff``, checks the wrapper, records quota."""
    state = _state(ctx.http)
    if state.quota_out:
        allowance = f" of {state.quota_max} requests" if state.quota_max else ""
        raise RateLimited(
            f"Stack Exchange's daily allowance{allowance} for this network address is used "
            "up. Try again tomorrow, or set STACKEXCHANGE_KEY to an app key (10,000 a day)."
        )
    with state.lock:
        wait = state.not_before.get(method, 0.0) - time.monotonic()
    if wait > 0:
        if wait > ctx.http.config.max_wait:
            raise RateLimited(
                f"Stack Exchange asked linkage to pause for {wait:.0f} s before asking again, "
                "longer than linkage waits.",
                retry_at=datetime.now(UTC) + timedelta(seconds=wait),
            )
        ctx.http.sleep(wait)
    params = dict(params)
    key = (ctx.env.get("STACKEXCHANGE_KEY") or "").strip()
    if key:
        params["key"] = key
    try:
        response = ctx.http.get(API + path, params=params)
        looks_json = response.content.lstrip()[:1] in (b"{", b"[")
        if response.status != 200 and not looks_json:
            raise status_failure(
                "Stack Exchange",
                response.status,
                what,
                refused_help="If STACKEXCHANGE_KEY is set, check the key.",
                missing_help=CHECK_NUMBER,
            )
        data = response.json()
    except CollectError as exc:
        if key:  # messages name the address, which carries the key: never write it down
            exc.message = exc.message.replace(quote(key, safe=""), "KEY").replace(key, "KEY")
            exc.args = (exc.message,)
        raise
    if isinstance(data, dict):
        _note_limits(state, data, method)
    return check_wrapper(data, what)


def _note_limits(state: _ApiState, data: dict[str, Any], method: str) -> None:
    backoff = data.get("backoff")
    with state.lock:
        if isinstance(backoff, int | float) and not isinstance(backoff, bool) and backoff > 0:
            state.not_before[method] = time.monotonic() + min(float(backoff), 86_400.0)
        quota_max = data.get("quota_max")
        if isinstance(quota_max, int):
            state.quota_max = quota_max
        remaining = data.get("quota_remaining")
        if isinstance(remaining, int) and not isinstance(remaining, bool) and remaining <= 0:
            state.quota_out = True


def user_filter(ctx: CollectContext) -> tuple[str, str | None]:
    """A filter id that adds ``user.about_me``; ``("default", reason)`` if none is available."""
    given = (ctx.env.get("STACKEXCHANGE_FILTER") or "").strip()
    if given:
        return given, None
    state = _state(ctx.http)
    if state.user_filter:
        return state.user_filter, None
    try:
        data = call(
            ctx,
            "/filters/create",
            {"include": "user.about_me", "base": "default", "unsafe": "false"},
            method="/filters/create",
            what="the profile-text filter",
        )
    except RateLimited:
        raise
    except CollectError as exc:
        return "default", f"the profile text could not be requested ({exc.message})"
    items = data["items"]
    made = items[0].get("filter") if items and isinstance(items[0], dict) else None
    if not isinstance(made, str) or not made.strip():
        return "default", "the profile text could not be requested (no filter was made)"
    state.user_filter = made.strip()
    return state.user_filter, None


class StackExchangeCollector(Collector):
    platform = "stackexchange"

    def collect(self, name: str, ctx: CollectContext) -> Profile:
        name = self.normalise(name)
        domain, uid = split_name(name)
        site = api_site(domain)
        filter_id, problem = user_filter(ctx)
        what = f"user {uid} on {domain}"
        data = call(
            ctx,
            f"/users/{uid}",
            {"site": site, "filter": filter_id},
            method="/users/{ids}",
            what=what,
        )
        if not data["items"]:
            raise NotFound(f"{domain} has no user with the id {uid}. {CHECK_NUMBER}")
        fields = parse_user(data["items"][0])
        profile = self.record(
            name,
            source=f"{API}/users/{uid}?site={site}",
            display_name=fields["display_name"],
            bio=fields["bio"],
            location=fields["location"],
            links=fields["links"],
            avatar=self._avatar(ctx, fields["profile_image"]),
            created_at=fields["created_at"],
        )
        sample = WritingSample(ctx.limits)
        try:
            self._writing(ctx, site, domain, uid, sample)
        except CollectError as exc:
            mark_partial(profile, unread("answers and comments", len(sample.posts), exc))
        profile.posts = sample.posts
        if problem:
            mark_partial(profile, problem)
        return profile

    def _avatar(self, ctx: CollectContext, url: str | None) -> Avatar | None:
        if not url:
            return None
        if url.startswith("//"):
            url = "https:" + url
        hash_ = gravatar_hash(url)
        if hash_:
            # The same Gravatar address shows a generated identicon when no picture exists;
            # asking with d=404 tells the two apart.
            found = fetch_gravatar(ctx, hash_)
            if found is not None:
                return found
            return ctx.avatar(url, default=True, discovered=True)
        return ctx.avatar(url, default=is_default_picture(url), discovered=True)

    def _writing(
        self, ctx: CollectContext, site: str, domain: str, uid: str, sample: WritingSample
    ) -> None:
        pagesize = max(1, min(100, ctx.limits.max_posts))
        active = ["answers", "comments"]
        page = 1
        while active and page <= MAX_PAGES and not sample.full:
            found: list[tuple[str, str | None, str | None]] = []
            try:
                self._page(ctx, site, domain, uid, page, pagesize, active, found)
            finally:  # what this page gave before a failure is kept too
                found.sort(key=lambda post: post[1] or "", reverse=True)
                for text, when, url in found:
                    if not sample.add(text, when, url):
                        break
            page += 1

    def _page(
        self,
        ctx: CollectContext,
        site: str,
        domain: str,
        uid: str,
        page: int,
        pagesize: int,
        active: list[str],
        found: list[tuple[str, str | None, str | None]],
    ) -> None:
        """One page of each kind still ``active``, into ``found``; a kind without more
        pages leaves ``active``."""
        for kind in list(active):
            data = call(
                ctx,
                f"/users/{uid}/{kind}",
                {
                    "site": site,
                    "filter": BODY_FILTER,
                    "sort": "creation",
                    "order": "desc",
                    "pagesize": pagesize,
                    "page": page,
                },
                method=f"/users/{{ids}}/{kind}",
                what=f"the {kind} of user {uid} on {domain}",
            )
            found.extend(parse_posts(data, kind, domain))
            if data.get("has_more") is not True:
                active.remove(kind)


COLLECTOR = StackExchangeCollector()
