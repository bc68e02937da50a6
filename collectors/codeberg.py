"""Codeberg (codeberg.org, which runs Forgejo): a user's public profile and the writing in their
public activity. The same reading serves any Forgejo or Gitea server (:mod:`collectors.forgejo`,
``forgejo:NAME@HOST``): the addresses below are then on HOST, and messages name the host.

Sources (Forgejo's API v1, ``templates/swagger/v1_json.tmpl``; no token):
``GET /api/v1/users/NAME`` for the profile, then
``GET /api/v1/users/NAME/activities/feeds?only-performed-by=true&limit=50&page=N`` (newest
first, at most three pages, one request at a time to a server) for the person's own words: their comments and review comments
(``comment.body``), the titles of the issues and pull requests they opened, and the first lines
of the commit messages they pushed (generated "Merge ..." lines left out).

Checked against Forgejo's source (``modules/structs/user.go``, ``modules/structs/activity.go``,
``services/convert/user.go``, ``routers/api/v1/user/user.go``, ``services/feed/action.go``,
``models/activities/action.go``, ``models/user/user.go``, ``models/user/avatar.go``,
``models/avatars/avatar.go``), 2026-12:

- A user is ``{id, login, login_name, source_id, full_name, email, avatar_url, html_url,
  language, is_admin, last_login, created, restricted, active, prohibit_login, location,
  pronouns, website, description, visibility, followers_count, following_count,
  starred_repos_count, username}``; unset text fields are ``""``. To a caller who is not signed
  in, ``email`` is always the placeholder ``NAME@noreply.<host>`` (never read here), and
  ``is_admin``, ``active``, ``prohibit_login``, ``language`` and ``last_login`` are left at
  their zero values (``false``, ``""``, ``0001-01-01T00:00:00Z``): so ``active: false`` means
  nothing, and only an answer that says ``prohibit_login: true`` is read as a suspended account.
- A user whose visibility is ``limited`` or ``private`` is answered 404 to such a caller, as is
  a name nobody has (``IsUserVisibleToViewer``; the message is faked "to not leak information
  about existence"), so not found says both; on a server of anyone's, ``GET /api/v1/version``
  (``{"version": ...}``, open to all) tells such a 404 from a server that does not run Forgejo
  (:mod:`collectors.servers`). An answer that names such a visibility anyway is
  kept as private, with its name and picture.
- Activities are ``{id, user_id, op_type, act_user_id, act_user, repo_id, repo, comment_id,
  comment, ref_name, is_private, content, created}``. ``content`` of an issue or pull request
  event is its number and title, encoded as a JSON list of strings (``["12","title"]``) by
  current Forgejo and as ``12|title`` by older versions (``GetIssueInfos`` reads both); a
  comment's is its number and first 200 bytes, so the whole ``comment.body`` is read instead. A push's (``commit_repo``) is a JSON object whose
  ``Commits`` hold ``Sha1``, ``Message``, author and committer names and e-mail addresses (only
  ``Message`` and ``Sha1`` are read). Someone who hides their activity gets an empty list, not
  an error. Pages carry ``X-Total-Count`` and ``Link``; the next page is asked for when either
  says there is one, or, when neither is sent, when a page came back full.
- 429 answers carry ``Retry-After``, which the HTTP layer honours.

The picture: an uploaded one (``/avatars/HASH``), or else the one Forgejo draws from the
person's e-mail address (stored the same way, at ``/avatars/`` and the address's hash), which
ties together accounts with the same address, so it is not marked as a stock picture. Forgejo's
own ``/assets/img/avatar_default.png`` is, on any server (``linkage.signals.avatar_defaults``).
Not collected: ``pronouns``, for which a profile record has no field, and the counters.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import quote

from requests.utils import parse_header_links

from collectors import read
from collectors.base import CollectContext, Collector, WritingSample, mark_private
from collectors.errors import BadResponse, NotFound, Suspended
from collectors.http import Response
from collectors.http.status_words import CHECK_SPELLING, status_failure, unreadable
from collectors.servers import Server, first_json
from collectors.text import clean_markdown, clip, unique_links, urls_in_text
from linkage.platforms.codeberg import CODEBERG_HOST, valid_username
from linkage.records import Post, Profile

#: codeberg.org; a ``forgejo:NAME@HOST`` handle's server is another (:meth:`Server.of`)
CODEBERG = Server(CODEBERG_HOST, "Forgejo", "Codeberg", "/api/v1")
HEADERS = {"Accept": "application/json"}
LIMIT = 50
MAX_PAGES = 3
SHORT_FIELD = 500
#: visibilities that hide a profile from anyone not signed in (``structs.VisibleType``)
HIDDEN = {"limited", "private"}
#: activities whose ``comment.body`` the person wrote
COMMENTED = {"comment_issue", "comment_pull", "approve_pull_request", "reject_pull_request"}
#: activities whose title the person wrote when they opened the issue or pull request
OPENED = {"create_issue": "issues", "create_pull_request": "pulls"}

_REPO = re.compile(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")
_SHA = re.compile(r"[0-9a-f]{7,64}")
_MERGE = re.compile(r"^Merge (?:branch|remote-tracking branch|tag|pull request|commit) ", re.I)


def not_found(name: str, server: Server = CODEBERG) -> NotFound:
    return NotFound(
        f"{server.title} shows no user called '{name}' to visitors who are not signed in: there "
        "is no such account, or its profile is visible only to signed-in users or to the people "
        f"it chose, which {server.title} answers alike. {CHECK_SPELLING} If it is your "
        "account, set its visibility to public for the audit."
    )


def parse_user(data: Any, server: Server = CODEBERG) -> dict[str, Any]:
    """Profile fields from a ``/users/NAME`` answer (never its e-mail address)."""
    login = read.field(data, "login") or read.field(data, "username")
    user_id = read.dig(data, "id")
    if login is None or not valid_username(login):
        raise unreadable(server.title, "a profile (it has no username)")
    if isinstance(user_id, bool) or not isinstance(user_id, int) or user_id <= 0:
        raise unreadable(server.title, f"the account '{login}' (it has no number)")
    bio = read.plain(data.get("description"))
    links: list[str | None] = [read.web(data.get("website")), *urls_in_text(bio)]
    visibility = (read.text(data.get("visibility")) or "public").lower()
    return {
        "id": user_id,
        "login": login,
        "hidden": visibility in HIDDEN,
        "prohibited": data.get("prohibit_login") is True,
        "display_name": read.plain(data.get("full_name"), SHORT_FIELD),
        "bio": bio,
        "location": read.plain(data.get("location"), SHORT_FIELD),
        "links": unique_links(links),
        "created_at": read.iso(data.get("created")),
        "avatar_url": read.web(data.get("avatar_url"), server.site),
    }


def _embedded(text: str, start: str, end: str) -> Any:
    """The JSON value written in ``text``: the whole of it, or else the part from the first
    ``start`` to the last ``end`` (text wrapped in markup, say); None when there is none."""
    text = text.strip()
    spans = [text] if text.startswith(start) and text.endswith(end) else []
    first, last = text.find(start), text.rfind(end)
    if 0 <= first < last:
        spans.append(text[first : last + 1])
    for span in spans:
        try:
            return json.loads(span)
        except ValueError:
            continue
    return None


def issue_infos(content: Any) -> list[str]:
    """The parts of an issue event's ``content``: a JSON list of strings whose first is the
    number, or ``index|text``."""
    text = content if isinstance(content, str) else ""
    parts = _embedded(text, "[", "]")
    if isinstance(parts, list) and parts and isinstance(parts[0], str) and parts[0].isdigit():
        return [p for p in parts if isinstance(p, str)]
    return text.split("|", 2) if text else []


def _repo_url(activity: dict[str, Any], server: Server) -> str | None:
    full = read.dig(activity, "repo", "full_name")
    return f"{server.site}/{full}" if isinstance(full, str) and _REPO.fullmatch(full) else None


def _issue_url(repo: str | None, kind: str, index: str, fallback: str) -> str:
    return f"{repo}/{kind}/{index}" if repo and index.isdigit() else (repo or fallback)


def _commits(content: Any) -> list[dict[str, Any]]:
    data = _embedded(content, "{", "}") if isinstance(content, str) else None
    return [c for c in read.as_list(read.dig(data, "Commits")) if isinstance(c, dict)]


def _posts_of(activity: dict[str, Any], profile_url: str, server: Server) -> list[tuple[str, str]]:
    """``(text, address)`` for each piece of the person's own writing in one activity."""
    op = read.field(activity, "op_type") or ""
    repo = _repo_url(activity, server)
    infos = issue_infos(activity.get("content"))
    index = infos[0] if infos else ""
    if op in COMMENTED:
        body = read.dig(activity, "comment", "body")
        if isinstance(body, str):
            text = clean_markdown(body)
        else:  # the comment's first 200 bytes, as the activity holds them
            text = (read.plain(infos[1]) or "") if len(infos) > 1 else ""
        url = _issue_url(repo, "issues", index, profile_url)
        comment_id = read.dig(activity, "comment", "id")
        if url != profile_url and isinstance(comment_id, int) and not isinstance(comment_id, bool):
            url = f"{url}#issuecomment-{comment_id}"
        return [(text, url)]
    if op in OPENED:
        title = read.plain(infos[1], SHORT_FIELD) if len(infos) > 1 else None
        return [(title or "", _issue_url(repo, OPENED[op], index, profile_url))]
    if op == "commit_repo":
        found = []
        for commit in _commits(activity.get("content")):
            message = read.text(commit.get("Message")) or ""
            first = read.plain(message.splitlines()[0] if message else "", SHORT_FIELD) or ""
            if not first or _MERGE.match(first):
                continue
            sha = read.text(commit.get("Sha1")) or ""
            url = f"{repo}/commit/{sha}" if repo and _SHA.fullmatch(sha) else repo or profile_url
            found.append((first, url))
        return found
    return []


def posts_from_feed(
    data: Any, user_id: int, profile_url: str, server: Server = CODEBERG
) -> list[Post]:
    """The person's own writing in a page of ``/users/NAME/activities/feeds``."""
    if not isinstance(data, list):
        raise unreadable(server.title, "a list of activities")
    posts = []
    for activity in data:
        if not isinstance(activity, dict):
            continue
        actor = activity.get("act_user_id")
        if isinstance(actor, int) and not isinstance(actor, bool) and actor != user_id:
            continue  # someone else's action (only-performed-by asks for none of these)
        when = read.iso(activity.get("created"))
        for text, url in _posts_of(activity, profile_url, server):
            text = clip(text.strip()) or ""
            if text:
                posts.append(Post(text=text, created_at=when, url=url))
    return posts


def has_next(response: Response, page: int, count: int) -> bool:
    """Whether there is a page after ``page`` (``count`` items on it): ``Link: rel="next"``
    says so, or ``X-Total-Count`` does; with neither header, a full page may have a next."""
    try:
        links = parse_header_links(response.header("Link"))
    except (ValueError, IndexError):
        links = []
    if any(link.get("rel") == "next" for link in links):
        return True
    total = response.header("X-Total-Count").strip()
    if total.isdigit():
        return page * LIMIT < int(total)
    return not links and count >= LIMIT


def runs_forgejo(ctx: CollectContext, server: Server) -> bool:
    """Whether ``server`` answers ``/api/v1/version`` as Forgejo and Gitea do."""
    response = ctx.http.get(f"{server.api}/version", headers=HEADERS)
    if response.status != 200 or response.content.lstrip()[:1] != b"{":
        return False
    try:
        return isinstance(read.dig(response.json(), "version"), str)
    except BadResponse:
        return False


class CodebergCollector(Collector):
    """Codeberg's accounts; :mod:`collectors.forgejo` reads any other Forgejo server's."""

    platform = "codeberg"

    def collect(self, name: str, ctx: CollectContext) -> Profile:
        account_id = self.normalise(name)
        name, server = Server.of(account_id, CODEBERG)
        server.paced(ctx)
        source = f"{server.api}/users/{quote(name)}"
        try:
            data = first_json(
                ctx,
                server,
                source,
                name,
                headers=HEADERS,
                not_found_is_platform=lambda: runs_forgejo(ctx, server),
            )
        except NotFound:
            raise not_found(name, server) from None
        fields = parse_user(data, server)
        if fields["prohibited"]:
            raise Suspended(
                f"{server.title} has shut the account '{fields['login']}' (it may not sign in); "
                "its profile is not shown."
            )
        login = fields["login"]
        url = f"{server.site}/{login}"
        handle = server.handle(login)
        profile = self.record_read(account_id, ctx, fields, source=source, handle=handle, url=url)
        if fields["hidden"]:
            return self._private(profile, login, server)
        return self.with_writing(
            profile,
            ctx,
            "activity",
            lambda sample: self._feed(ctx, server, fields["id"], login, sample),
        )

    def _private(self, profile: Profile, login: str, server: Server) -> Profile:
        """A profile shown only to signed-in users: what was shown is kept, and its activity
        is not asked for (Forgejo hides it from visitors too)."""
        return mark_private(
            profile,
            f"{server.title} shows the profile of '{login}' only to signed-in users or to the "
            "people it chose, so its activity is hidden. What was shown was kept. If it is "
            "your account and you want it audited in full, set its visibility to public for "
            "the audit.",
        )

    def _feed(
        self, ctx: CollectContext, server: Server, user_id: int, login: str, sample: WritingSample
    ) -> None:
        feeds = f"{server.api}/users/{quote(login)}/activities/feeds"
        base = f"{feeds}?only-performed-by=true&limit={LIMIT}"
        url = f"{server.site}/{login}"
        for page in range(1, MAX_PAGES + 1):
            if sample.full:
                return
            response = ctx.http.get(f"{base}&page={page}", headers=HEADERS)
            if response.status != 200:
                what = "a page of the account's writing"
                raise status_failure(server.title, response.status, what, found=True)
            data = response.json()
            for post in posts_from_feed(data, user_id, url, server):
                if not sample.add(post.text, post.created_at, post.url):
                    return
            if not data or not has_next(response, page, len(data)):
                return


COLLECTOR = CodebergCollector()
