"""The GitHub collector's parsers and handles never crash on random or mutated input (property
tests)."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from collectors import github
from collectors.errors import CollectError
from collectors.github import COLLECTOR
from tests.collectors.github_serving import load

KEY_NAMES = (
    "login name bio blog twitter_username company location avatar_url html_url created_at "
    "type payload comment review issue release body title action submitted_at published_at "
    "commit message author date parents description full_name fork pushed_at url"
)
KEYS = st.sampled_from(KEY_NAMES.split())
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True)
    | st.text(max_size=30)
    | st.sampled_from(["", "opened", "https://example.org/x", "2026-01-01T00:00:00Z", "\ud800"])
)
JSON = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(KEYS | st.text(max_size=4), inner, max_size=6)
    ),
    max_leaves=25,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The path to every part of a parsed JSON value."""
    found = [prefix]
    items = (
        value.items()
        if isinstance(value, dict)
        else enumerate(value)
        if isinstance(value, list)
        else []
    )
    for key, child in items:
        found += _paths(child, (*prefix, key))
    return found


@st.composite
def mutated(draw: st.DrawFn, value: Any) -> Any:
    """A copy of ``value`` with a few parts, at any depth, replaced by random JSON or dropped."""
    data = copy.deepcopy(value)
    for _ in range(draw(st.integers(1, 6))):
        path = draw(st.sampled_from(_paths(data)))
        replacement = draw(st.one_of(JSON, st.just(DROP)))
        if not path:
            data = None if replacement is DROP else replacement
            continue
        parent = data
        for key in path[:-1]:
            parent = parent[key]
        if replacement is DROP:
            del parent[path[-1]]
        else:
            parent[path[-1]] = replacement
    return data


DROP = object()


def check_posts(posts: list[Any]) -> None:
    for post in posts:
        assert isinstance(post.text, str) and post.text.strip()
        if post.created_at is not None:
            datetime.fromisoformat(post.created_at.replace("Z", "+00:00"))
        assert post.url is None or post.url.startswith(("http://", "https://"))
        json.dumps(post.__dict__, ensure_ascii=False).encode("utf-8")


def only_collect_errors(parse: Callable[[Any], Any], data: Any) -> Any:
    try:
        return parse(data)
    except CollectError:
        return None


@settings(max_examples=50, deadline=None)
@given(st.one_of(JSON, mutated(load("user.json")), mutated(load("user_emoji_bio.json"))))
def test_parse_profile_never_crashes(data: Any) -> None:
    fields = only_collect_errors(github.parse_profile, data)
    if fields is None:
        return
    assert github.valid_login(fields["handle"])
    assert all(isinstance(link, str) for link in fields["links"])
    for key in ("display_name", "bio", "location", "created_at", "avatar_url", "url"):
        assert fields[key] is None or isinstance(fields[key], str)
    json.dumps(fields, ensure_ascii=False).encode("utf-8")


@settings(max_examples=50, deadline=None)
@given(st.one_of(JSON, mutated(load("events_page1.json"))))
def test_posts_from_events_never_crash(data: Any) -> None:
    check_posts(only_collect_errors(github.posts_from_events, data) or [])


@settings(max_examples=50, deadline=None)
@given(
    st.one_of(JSON, mutated(load("commits_tool.json"))),
    st.one_of(JSON, mutated(load("gists.json"))),
    st.one_of(JSON, mutated(load("repos.json")), mutated(load("social_accounts.json"))),
)
def test_other_parsers_never_crash(commits: Any, gists: Any, lists: Any) -> None:
    check_posts(only_collect_errors(github.posts_from_commits, commits) or [])
    check_posts(only_collect_errors(github.posts_from_gists, gists) or [])
    for name in only_collect_errors(github.repos_for_commits, lists) or []:
        assert isinstance(name, str) and name.count("/") == 1
    for link in only_collect_errors(github.links_from_social, lists) or []:
        assert link.startswith("https://")


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=60))
def test_handles_never_crash(text: str) -> None:
    try:
        name = COLLECTOR.normalise(text)
    except ValueError:
        name = None
    if name is not None:
        assert github.valid_login(name) and name == name.lower()
    found = COLLECTOR.from_url("https://github.com/" + text)
    assert found is None or github.valid_login(found)
    assert COLLECTOR.from_url(text) is None or github.valid_login(COLLECTOR.from_url(text) or "")
