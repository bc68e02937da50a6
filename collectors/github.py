"""GitHub: profile, cross-links and recent public writing through the REST API.

Reads ``/users/{login}`` (profile), ``/users/{login}/social_accounts`` (cross-links), public
events (comments, reviews, opened issues, releases), commit messages in the user's own most
recently pushed repositories, and gist descriptions. Anonymous use allows 60 requests an hour;
an optional token in ``GITHUB_TOKEN`` raises that to 5,000 and is only ever sent to the API host.

Parsing is kept in pure functions (``parse_profile``, ``posts_from_events``, ...) that accept
any parsed JSON and never raise anything but :class:`CollectError`.

Checked against docs.github.com (REST users, social accounts, events, commits, gists),
2026-12: ``name``, ``bio``, ``blog``, ``location``, ``company`` and ``twitter_username`` may be
null or ``""``; ``blog`` often has no scheme (normalised with the links); suspended and deleted
users answer 404 like absent ones, and the message says so; event ``payload`` shapes vary by
type and their bodies may be null; public events stop at 90 days and 300 events; pages follow
``Link: rel="next"`` (which names the user by numeric id); a 403 or 429 with no remaining
allowance is a rate limit, after which the remaining sources are not tried and the status
names them. Each source that fails says how much of it was read.

``company`` is read as the last line of the profile text, as the profile page shows it under
the bio, and its ``@org`` mentions as links.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import quote, urlsplit

from requests.utils import parse_header_links

from collectors import read
from collectors.base import CollectContext, Collector, WritingSample, mark_partial, unread
from collectors.errors import CollectError, NotFound, RateLimited, Refused
from collectors.http import Response
from collectors.http.status_words import aside, status_failure, unreadable
from collectors.text import clean_markdown, clip, unique_links, urls_in_text, with_work
from collectors.websocial import x_link
from linkage.platforms import valid_login
from linkage.records import Post, Profile

API = "https://api.github.com"
API_HOST = "api.github.com"
SITE = "https://github.com"
LIST_PAGES = 2  # events are read to 3 pages: GitHub serves at most 300
COMMIT_REPOS = 5
COMMITS_PER_REPO = 30
SHORT_FIELD = 500
TOKEN_HINT = (
    "Setting GITHUB_TOKEN (a GitHub personal access token) raises the limit "
    "from 60 to 5,000 requests an hour."
)
TOKEN_WAIT = "The token in GITHUB_TOKEN allows 5,000 requests an hour; wait for the reset."
HEADERS = {"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28"}

_MENTION = re.compile(r"(?<![\w@])@([A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38})(?![\w-])")
_REPO = re.compile(r"[A-Za-z0-9-]{1,39}/[A-Za-z0-9_.-]{1,100}")
_TOKEN = re.compile(r"[\x21-\x7e]{1,400}")
_TRAILER = re.compile(
    r"^\s*(signed-off-by|co-authored-by|reviewed-by|acked-by|tested-by|reported-by|"
    r"suggested-by|helped-by|reviewed-on|change-id|cc)\s*:",
    re.I,
)
Parser = Callable[[Any], list[Post]]
_X_HOSTS = {"twitter.com", "mobile.twitter.com", "x.com", "mobile.x.com"}


def _web_url(value: Any) -> str | None:
    """An address (:func:`collectors.read.web`) that can be written as UTF-8."""
    url = read.web(value)
    return _scrub(url) if url else None


def _scrub(text: str) -> str:
    """Text that can be written as UTF-8 (lone surrogates from JSON escapes replaced)."""
    return text.encode("utf-8", "replace").decode("utf-8")


def x_form(url: str) -> str:
    """Twitter addresses in the x.com form the project uses everywhere."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    if host in _X_HOSTS:
        return parts._replace(netloc="x.com").geturl()
    return url


def _links(urls: list[str | None]) -> list[str]:
    return unique_links([x_form(_scrub(u)) if isinstance(u, str) else None for u in urls])


def parse_profile(data: Any, requested: str = "") -> dict[str, Any]:
    """Profile fields from a ``/users/{login}`` answer; BadResponse if it is not a user."""
    login = read.dig(data, "login")
    if not isinstance(login, str) or not valid_login(login):
        raise unreadable("GitHub", f"the profile of '{requested}'")
    company = read.plain(data.get("company"), SHORT_FIELD, entities=False)
    bio = with_work(read.plain(data.get("bio"), 20_000, entities=False), company)
    blog = data.get("blog")
    links: list[str | None] = [blog.strip() if isinstance(blog, str) else None]
    links.append(x_link(data.get("twitter_username")))
    if company:
        links += [f"{SITE}/{org}" for org in _MENTION.findall(company)]
    links += urls_in_text(bio)
    html_url = _web_url(data.get("html_url"))
    if not (html_url and html_url.lower().startswith(f"{SITE}/")):
        html_url = f"{SITE}/{login}"
    return {
        "handle": login,
        "url": html_url,
        "display_name": read.plain(data.get("name"), SHORT_FIELD, entities=False),
        "bio": bio,
        "location": read.plain(data.get("location"), SHORT_FIELD, entities=False),
        "links": _links(links),
        "avatar_url": _web_url(data.get("avatar_url")),
        "created_at": read.iso(data.get("created_at")),
    }


def links_from_social(data: Any) -> list[str]:
    """Every ``url`` of a ``/social_accounts`` answer, whatever the provider."""
    if not isinstance(data, list):
        raise unreadable("GitHub", "a list of social accounts")
    return _links([read.dig(item, "url") for item in data])


def _body(text: Any) -> str:
    return _scrub(clean_markdown(text)) if isinstance(text, str) else ""


def _post(text: str, created_at: Any, url: Any) -> Post | None:
    text = clip(text.strip()) or ""
    return Post(text=text, created_at=read.iso(created_at), url=_web_url(url)) if text else None


#: event type -> (payload key of the written item, its date field)
_WRITTEN = {
    "IssueCommentEvent": ("comment", "created_at"),
    "PullRequestReviewCommentEvent": ("comment", "created_at"),
    "CommitCommentEvent": ("comment", "created_at"),
    "PullRequestReviewEvent": ("review", "submitted_at"),
    "ReleaseEvent": ("release", "published_at"),
}


def _event_post(event: Any) -> Post | None:
    kind, payload = read.dig(event, "type"), read.dig(event, "payload")
    when = read.dig(event, "created_at")
    if isinstance(kind, str) and kind in _WRITTEN:
        key, date = _WRITTEN[kind]
        item = read.dig(payload, key)
        return _post(
            _body(read.dig(item, "body")), read.dig(item, date) or when, read.dig(item, "html_url")
        )
    if kind == "IssuesEvent" and read.dig(payload, "action") == "opened":
        issue = read.dig(payload, "issue")
        title = read.plain(read.dig(issue, "title"), SHORT_FIELD, entities=False) or ""
        text = "\n\n".join(t for t in (title, _body(read.dig(issue, "body"))) if t)
        return _post(text, read.dig(issue, "created_at") or when, read.dig(issue, "html_url"))
    return None


def posts_from_events(data: Any) -> list[Post]:
    """Writing in a page of public events: comments, reviews, opened issues, releases."""
    if not isinstance(data, list):
        raise unreadable("GitHub", "a list of public events")
    return [post for event in data if (post := _event_post(event))]


def commit_text(message: Any) -> str:
    """A commit message without trailers (Signed-off-by:, Co-authored-by: ...) or code."""
    if not isinstance(message, str):
        return ""
    kept = [line for line in message.splitlines() if not _TRAILER.match(line)]
    return _body("\n".join(kept))


def _commit_post(item: Any) -> Post | None:
    parents = read.dig(item, "parents")
    if isinstance(parents, list) and len(parents) > 1:
        return None  # a merge: generated text, not the user's writing
    commit = read.dig(item, "commit")
    text = commit_text(read.dig(commit, "message"))
    return _post(text, read.dig(commit, "author", "date"), read.dig(item, "html_url"))


def posts_from_commits(data: Any) -> list[Post]:
    """Commit messages from a ``/commits`` answer; merge commits are skipped."""
    if not isinstance(data, list):
        raise unreadable("GitHub", "a list of commits")
    return [post for item in data if (post := _commit_post(item))]


def posts_from_gists(data: Any) -> list[Post]:
    """Gist descriptions as posts."""
    if not isinstance(data, list):
        raise unreadable("GitHub", "a list of gists")
    found = [(read.plain(read.dig(g, "description"), 20_000, entities=False), g) for g in data]
    posts = [_post(t, read.dig(g, "created_at"), read.dig(g, "html_url")) for t, g in found if t]
    return [post for post in posts if post]


def repos_for_commits(data: Any) -> list[str]:
    """``owner/name`` of the user's own, non-fork, non-empty repositories, in the given order."""
    if not isinstance(data, list):
        raise unreadable("GitHub", "a list of repositories")
    names = [
        read.dig(r, "full_name")
        for r in data
        if read.dig(r, "fork") is False and read.dig(r, "pushed_at")
    ]
    return [name for name in names if isinstance(name, str) and _REPO.fullmatch(name)]


def next_link(response: Response) -> str | None:
    """The ``rel="next"`` address of a ``Link`` header, if it stays on the API host."""
    header = response.headers.get("Link") or ""
    try:
        links = parse_header_links(header)
    except (ValueError, IndexError):
        return None
    found = [link.get("url", "") for link in links if link.get("rel") == "next"]
    return next((url for url in found if url.startswith(f"{API}/")), None)


class GitHubCollector(Collector):
    platform = "github"

    def collect(self, name: str, ctx: CollectContext) -> Profile:
        try:
            name = self.normalise(name)
        except ValueError as exc:
            raise NotFound(f"{exc}. Check the spelling of the handle.") from None
        ctx.http.configure_host(API_HOST, concurrency=1)
        api = _Api(ctx)
        source = f"{API}/users/{name}"
        fields = parse_profile(api.profile(source, name), name)
        avatar_url = fields.pop("avatar_url")
        login = fields["handle"]
        sample = WritingSample(ctx.limits)
        problems = _more(api, login, fields, sample)
        profile = self.record(
            name,
            source=source,
            posts=sample.posts,
            avatar=ctx.avatar(avatar_url, default=False, discovered=True),
            **fields,
        )
        for problem in problems:
            mark_partial(profile, clip(problem, 500) or problem)
        return profile


def _more(api: _Api, login: str, fields: dict[str, Any], sample: WritingSample) -> list[str]:
    """Add social links to ``fields`` and writing to ``sample``; the reasons of any failures."""
    base = f"{API}/users/{quote(login)}"

    def social() -> None:
        url = f"{base}/social_accounts"
        found = links_from_social(api.decode(api.get(url), url))
        fields["links"] = _links(fields["links"] + found)

    steps = (
        ("social accounts", social),
        ("public events", lambda: api.fill(f"{base}/events/public", posts_from_events, sample, 3)),
        ("commit messages", lambda: _from_commits(api, base, login, sample)),
        ("gists", lambda: api.fill(f"{base}/gists", posts_from_gists, sample, LIST_PAGES)),
    )
    problems = []
    for what, step in steps:
        before = len(sample.posts)
        try:
            step()
        except CollectError as exc:
            problems.append(unread(what, len(sample.posts) - before, exc))
            if isinstance(exc, RateLimited):  # every further request would be refused too
                later = [w for w, _ in steps[steps.index((what, step)) + 1 :]]
                if later:
                    problems.append(f"not tried after that: {', '.join(later)}")
                problems += [] if api.has_token else [TOKEN_HINT]
                break
    return problems


def _add(sample: WritingSample, posts: list[Post]) -> bool:
    for post in posts:
        if not sample.add(post.text, post.created_at, post.url):
            return False
    return not sample.full


def _from_commits(api: _Api, base: str, login: str, sample: WritingSample) -> None:
    repos: list[str] = []
    if sample.full:
        return
    for data in api.pages(f"{base}/repos?type=owner&sort=pushed", LIST_PAGES):
        repos += repos_for_commits(data)
        if len(repos) >= COMMIT_REPOS:
            break
    for repo in repos[:COMMIT_REPOS]:
        if sample.full:
            return
        owner, _, name = repo.partition("/")
        url = f"{API}/repos/{quote(owner)}/{quote(name)}/commits"
        response = api.get(url, {"author": login, "per_page": COMMITS_PER_REPO})
        if response.status in (404, 409, 451):  # gone, empty or blocked: not the user's fault
            continue
        _add(sample, posts_from_commits(api.decode(response, url)))


class _Api:
    """GitHub requests with the right headers, and GitHub's statuses turned into errors."""

    def __init__(self, ctx: CollectContext) -> None:
        self.http = ctx.http
        self.headers = dict(HEADERS)
        token = (ctx.env.get("GITHUB_TOKEN") or "").strip()
        self.has_token = bool(token)
        if token:
            if not _TOKEN.fullmatch(token):
                raise Refused(
                    "GITHUB_TOKEN is not a usable token (it has spaces or unusual characters). "
                    "Fix it, or unset it to collect without one."
                )
            self.headers["Authorization"] = f"Bearer {token}"

    def get(self, url: str, params: dict[str, Any] | None = None) -> Response:
        response = self.http.get(url, headers=self.headers, params=params)
        if response.status == 401:
            raise Refused(
                "GitHub did not accept the token in GITHUB_TOKEN; it may be expired or revoked. "
                "Fix it, or unset GITHUB_TOKEN to collect without one (HTTP 401)."
            )
        if response.status == 403:
            raise Refused(
                aside(
                    "GitHub refused to answer, which usually means it is blocking this network "
                    "address or this kind of request for now. Try again later.",
                    403,
                    _message(response),
                )
            )
        return response

    def decode(self, response: Response, url: str) -> Any:
        if response.status != 200:  # a page GitHub listed, gone (404, 410), or worse
            what, said = "a page it had listed", _message(response)
            raise status_failure("GitHub", response.status, what, found=True, said=said)
        return response.json()

    def profile(self, url: str, name: str) -> Any:
        try:
            response = self.get(url)
        except RateLimited as exc:
            hint = TOKEN_WAIT if self.has_token else TOKEN_HINT
            raise RateLimited(
                f"GitHub's request allowance for this network address is used up. {hint}",
                retry_at=exc.retry_at,
            ) from None
        if response.status in (404, 410):
            raise NotFound(
                f"GitHub has no user called '{name}' (it may have been renamed, deleted or "
                "suspended). Check the spelling."
            )
        return self.decode(response, url)

    def fill(self, url: str, parse: Parser, sample: WritingSample, pages: int) -> None:
        """Add the posts of up to ``pages`` pages of a list to ``sample``, until it is full."""
        if sample.full:
            return
        for data in self.pages(url, pages):
            if not _add(sample, parse(data)):
                return

    def pages(self, url: str, max_pages: int) -> Iterator[Any]:
        """Each page of a list, following ``Link: rel="next"``, at most ``max_pages``."""
        url += ("&" if "?" in url else "?") + "per_page=100"
        seen: set[str] = set()
        for _ in range(max_pages):
            seen.add(url)
            response = self.get(url)
            yield self.decode(response, url)
            following = next_link(response)
            if not following or following in seen:
                return
            url = following


def _message(response: Response) -> str:
    """GitHub's own short explanation from an error body, if it sent one."""
    try:
        message = read.plain(read.dig(response.json(), "message"), 200, entities=False)
    except CollectError:
        return ""
    return message or ""


COLLECTOR = GitHubCollector()
