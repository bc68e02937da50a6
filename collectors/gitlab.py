"""GitLab (gitlab.com, or the GitLab server at HOST of a ``gitlab:NAME@HOST`` handle): a user's
public profile and the writing in their public activity.

Sources (GitLab's REST API v4, ``doc/api/users.md`` and ``doc/api/events.md``; no token), at
``https://gitlab.com`` or ``https://HOST``: ``GET /api/v4/users?username=NAME`` (a list: empty when there is no such user; ``id``,
``username``, ``name``, ``state``, ``locked``, ``avatar_url``, ``web_url``), then
``GET /api/v4/users/:id`` for the profile, then ``GET /api/v4/users/:id/events`` (newest
first, 100 a page, at most three pages, one request at a time to a server) for the person's own words: their comments
(``note.body`` of a "commented on" event; system notes are GitLab's, not theirs), the titles of
the issues and merge requests they opened (``target_title``), and the titles of the commits they
pushed (``push_data.commit_title``; merge commits' generated titles are left out). Events name
only the project's number, so a post's address is ``https://HOST/projects/:id``, which GitLab
redirects to the project (``get '/projects/:id' => 'projects#resolve'``). A server that
answers the user lookup with a web page or a 404 (GitLab answers an empty list for a name
nobody has) does not run GitLab, and is said so (:mod:`collectors.servers`).

Checked against gitlabhq/gitlabhq (``doc/api/users.md``, ``doc/api/events.md``,
``lib/api/entities/user.rb``, ``config/routes/user.rb``, ``config/routes.rb``) and GitLab's
rate-limit and pagination documentation, 2026-12: ``bio``, ``location``, ``website_url``,
``linkedin``, ``twitter``, ``discord``, ``github``, ``organization`` and ``job_title`` are
``""`` or null when unset (``bio`` has been ``""`` rather than null since 13.2); ``created_at``
is shown only to those allowed to read the profile, so a private profile answers with the basic
fields alone (its name and picture are still shown, and kept); ``state`` is ``active``,
``blocked``, ``banned``, ``deactivated`` and others; ``linkedin`` may be a name or an address,
``twitter`` a name, ``discord`` a number (not an address); pages follow ``x-next-page``
(blank on the last page, though some lists give one too many) or ``Link: rel="next"``, and
``x-total`` is left out past 10,000 items; 429 answers carry ``Retry-After`` and
``RateLimit-Reset`` (epoch seconds), which the HTTP layer honours.

``job_title`` and ``organization`` are read as the last line of the profile text
(``Librarian at Eastfield Council``, as GitLab's ``work_information`` shows them). Not
collected: ``public_email``, ``skype``, ``discord``, ``pronouns`` and ``local_time``, for which
a profile record has no field.
The picture: an uploaded one, or else GitLab's Gravatar address with ``d=identicon``, which is
the person's own Gravatar when their address has one and otherwise a pattern drawn from the
address's hash; either ties together accounts with the same address, so it is not marked as a
stock picture. GitLab's own ``no_avatar`` picture is, on any server
(``linkage.signals.avatar_defaults``).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from requests.utils import parse_header_links

from collectors import read
from collectors.base import CollectContext, Collector, WritingSample, fetch_json, mark_private
from collectors.errors import NotFound, Suspended
from collectors.http import Response
from collectors.http.status_words import CHECK_SPELLING, status_failure, unreadable
from collectors.servers import Server, first_json
from collectors.text import clean_markdown, clip, unique_links, urls_in_text, with_work
from collectors.websocial import github_link, x_link
from linkage.platforms.gitlab import GITLAB_HOST, valid_username
from linkage.records import Post, Profile

#: gitlab.com; a ``NAME@HOST`` handle's server is another (:meth:`Server.of`)
GITLAB_COM = Server(GITLAB_HOST, "GitLab", "GitLab", "/api/v4")
HEADERS = {"Accept": "application/json"}
PER_PAGE = 100
MAX_PAGES = 3
SHORT_FIELD = 500
#: ``state`` values of an account GitLab has shut (``User`` state machine)
CLOSED = {"blocked", "banned", "blocked_pending_approval", "ldap_blocked"}
#: fields ``/users/:id`` adds for a profile anyone may read; none of them: a private profile
DETAILS = ("created_at", "bio", "location", "website_url", "linkedin", "twitter", "organization")
#: event targets whose title the person wrote when they opened them
OPENED = {"Issue", "MergeRequest", "WorkItem"}

_LINKEDIN = re.compile(r"(?:in/)?([A-Za-z0-9][A-Za-z0-9_-]{1,99})/?")
_LINKEDIN_HOSTS = ("linkedin.com/", "www.linkedin.com/")
_MERGE = re.compile(r"^Merge (?:branch|remote-tracking branch|tag|pull request|commit) ", re.I)


def find_user(data: Any, name: str, server: Server = GITLAB_COM) -> dict[str, Any]:
    """The account named ``name`` in a ``/users?username=`` list: its ``id``, ``username``
    and ``state``. An empty list (or a list of others) is no such user; anything but a list of
    users is an answer that cannot be read."""
    if not isinstance(data, list) or not all(read.field(i, "username") for i in data):
        raise unreadable(server.title, "a list of users")
    for item in data:
        username = read.field(item, "username")
        user_id = read.dig(item, "id")
        if username is None or username.lower() != name.lower():
            continue
        if isinstance(user_id, bool) or not isinstance(user_id, int) or user_id <= 0:
            raise unreadable(server.title, f"the account '{name}' (it has no number)")
        return {"id": user_id, "username": username, "state": read.field(item, "state")}
    raise NotFound(
        f"{server.title} has no user called '{name}' (a group's name is not a user's). "
        f"{CHECK_SPELLING}"
    )


def check_state(state: str | None, name: str, server: Server = GITLAB_COM) -> None:
    """Raise :class:`Suspended` for an account GitLab has blocked or banned."""
    if state in CLOSED:
        word = "banned" if state == "banned" else "blocked"
        raise Suspended(
            f"{server.title} has {word} the account '{name}'; its profile is not shown."
        )


def linkedin_url(value: Any) -> str | None:
    """A LinkedIn profile address from GitLab's ``linkedin`` field (a name or an address)."""
    text = read.text(value)
    if not text:
        return None
    text = re.sub(r"^(?:https?://)?", "", text, flags=re.I)
    if text.lower().startswith(_LINKEDIN_HOSTS):
        text = text.split("/", 1)[1]
    match = _LINKEDIN.fullmatch(text)
    return f"https://www.linkedin.com/in/{match.group(1)}" if match else None


def parse_user(data: Any, server: Server = GITLAB_COM) -> dict[str, Any]:
    """Profile fields from a ``/users/:id`` answer; ``private`` when it holds only the basic
    fields (a private profile)."""
    username = read.field(data, "username")
    if username is None or not valid_username(username):
        raise unreadable(server.title, "a profile (it has no username)")
    bio = with_work(
        read.plain(data.get("bio")),
        read.plain(data.get("job_title"), SHORT_FIELD),
        read.plain(data.get("organization"), SHORT_FIELD),
    )
    links: list[str | None] = [read.text(data.get("website_url"))]
    links.append(linkedin_url(data.get("linkedin")))
    links += [x_link(read.text(data.get("twitter"))), github_link(read.text(data.get("github")))]
    links.extend(urls_in_text(bio))
    return {
        "username": username,
        "state": read.text(data.get("state")),
        "private": not any(key in data for key in DETAILS),
        "display_name": read.plain(data.get("name"), SHORT_FIELD),
        "bio": bio,
        "location": read.plain(data.get("location"), SHORT_FIELD),
        "links": unique_links(links),
        "created_at": read.iso(data.get("created_at")),
        "avatar_url": read.web(data.get("avatar_url"), server.site),
    }


def _event_text(event: dict[str, Any]) -> str:
    action = read.field(event, "action_name") or ""
    if action == "commented on":
        if read.dig(event, "note", "system") is True:
            return ""  # "changed the description", "mentioned in ...": GitLab's words
        body = read.dig(event, "note", "body")
        return clean_markdown(body) if isinstance(body, str) else ""
    if action == "opened" and read.field(event, "target_type") in OPENED:
        return read.plain(event.get("target_title"), SHORT_FIELD) or ""
    push = read.dig(event, "push_data")
    count = read.dig(push, "commit_count")
    if isinstance(count, int) and not isinstance(count, bool) and count >= 1:
        title = read.plain(read.dig(push, "commit_title"), SHORT_FIELD) or ""
        return "" if _MERGE.match(title) else title
    return ""


def posts_from_events(
    data: Any, user_id: int, profile_url: str, server: Server = GITLAB_COM
) -> list[Post]:
    """The person's own writing in a page of ``/users/:id/events``."""
    if not isinstance(data, list):
        raise unreadable(server.title, "a list of events")
    posts = []
    for event in data:
        if not isinstance(event, dict):
            continue
        author = event.get("author_id")
        if isinstance(author, int) and author != user_id:
            continue  # not theirs (never expected in their own list)
        text = clip(_event_text(event).strip())
        if not text:
            continue
        when = read.iso(read.dig(event, "note", "created_at")) or read.iso(event.get("created_at"))
        project = event.get("project_id")
        has_project = isinstance(project, int) and not isinstance(project, bool) and project > 0
        url = f"{server.site}/projects/{project}" if has_project else profile_url
        posts.append(Post(text=text, created_at=when, url=url))
    return posts


def next_page(response: Response, page: int, base: str, server: Server = GITLAB_COM) -> str | None:
    """The address of the page after ``page``: from ``x-next-page`` (blank on the last page),
    else from ``Link: rel="next"`` when it stays on the API; None when there is none."""
    number = response.header("x-next-page").strip()
    if number:
        return f"{base}&page={number}" if number.isdigit() and int(number) > page else None
    try:
        links = parse_header_links(response.header("Link"))
    except (ValueError, IndexError):
        return None
    found = [link.get("url", "") for link in links if link.get("rel") == "next"]
    return next((url for url in found if url.startswith(f"{server.api}/")), None)


class GitLabCollector(Collector):
    platform = "gitlab"

    def collect(self, name: str, ctx: CollectContext) -> Profile:
        account_id = self.normalise(name)
        name, server = Server.of(account_id, GITLAB_COM)
        server.paced(ctx)
        lookup = f"{server.api}/users?username={quote(name)}"
        found = first_json(ctx, server, lookup, name, headers=HEADERS)
        account = find_user(found, name, server)
        check_state(account["state"], account["username"], server)
        source = f"{server.api}/users/{account['id']}"
        fields = parse_user(fetch_json(ctx, source, name, server.title, headers=HEADERS), server)
        check_state(fields["state"], fields["username"], server)
        url = f"{server.site}/{fields['username']}"
        handle = server.handle(fields["username"])
        profile = self.record_read(account_id, ctx, fields, source=source, handle=handle, url=url)
        if fields["private"]:
            return self._private(profile, fields["username"], server)
        return self.with_writing(
            profile,
            ctx,
            "activity",
            lambda sample: self._events(ctx, server, account["id"], url, sample),
        )

    def _private(self, profile: Profile, username: str, server: Server) -> Profile:
        """A private profile: what GitLab still shows (name, picture) is kept, and its activity
        is not asked for (GitLab hides it too)."""
        return mark_private(
            profile,
            f"{server.title} shows only the name and picture of '{username}': the profile is private, "
            "so its details and activity are hidden. What is shown was kept. If it is your "
            "account and you want it audited in full, make the profile public for the audit.",
        )

    def _events(
        self, ctx: CollectContext, server: Server, user_id: int, url: str, sample: WritingSample
    ) -> None:
        base = f"{server.api}/users/{user_id}/events?per_page={PER_PAGE}"
        address: str | None = f"{base}&page=1"
        for page in range(1, MAX_PAGES + 1):
            if address is None or sample.full:
                return
            response = ctx.http.get(address, headers=HEADERS)
            if response.status != 200:
                what = "a page of the account's writing"
                raise status_failure(server.title, response.status, what, found=True)
            data = response.json()
            for post in posts_from_events(data, user_id, url, server):
                if not sample.add(post.text, post.created_at, post.url):
                    return
            address = next_page(response, page, base, server) if data else None


COLLECTOR = GitLabCollector()
