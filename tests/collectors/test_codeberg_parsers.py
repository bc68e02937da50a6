"""What the Codeberg collector reads of Forgejo's activities, and its readers on any JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from collectors import codeberg
from collectors.errors import CollectError
from tests import json_strategies

FIX = Path(__file__).resolve().parents[2] / "fixtures" / "codeberg"


def load(name: str) -> Any:
    return json.loads((FIX / name).read_text(encoding="utf-8"))


# --- what is read of an activity -----------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('["12","Title with | a pipe"]', ["12", "Title with | a pipe"]),
        ("12|Old style title", ["12", "Old style title"]),
        ("3|Title|with pipes", ["3", "Title", "with pipes"]),
        ('["12", 7]', ["12"]),
        ("[not json]", ["[not json]"]),  # neither: no number, no title
        ("3|Fix [docs] link", ["3", "Fix [docs] link"]),
        ('3|Fix ["a"] link', ["3", 'Fix ["a"] link']),
        ('<b>["12","Wrapped in markup"]</b><script>x()</script>', ["12", "Wrapped in markup"]),
        ("", []),
        (None, []),
    ],
)
def test_issue_infos_reads_both_encodings(content: Any, expected: list[str]) -> None:
    assert codeberg.issue_infos(content) == expected


def test_a_push_wrapped_in_markup_is_still_read() -> None:
    """What a platform wraps around a push's JSON does not lose its commits."""
    page = load("feed_page1.json")
    push = next(a for a in page if a["op_type"] == "commit_repo")
    push["content"] = f"<b>{push['content']}</b><img src=x>"
    posts = codeberg.posts_from_feed([push], 812345, "https://codeberg.org/Alex-Example")
    assert [p.text for p in posts] == ["Use a coarser grid for snapping near water"]


def test_someone_else_s_activity_is_left_out() -> None:
    page = load("feed_page1.json")
    for activity in page:
        activity["act_user_id"] = 999
    assert codeberg.posts_from_feed(page, 812345, "https://codeberg.org/Alex-Example") == []


def test_a_comment_without_its_body_falls_back_to_the_activity_s_words() -> None:
    activity = {"op_type": "comment_pull", "content": '["4","Looks good to me"]', "comment": None}
    activity["repo"] = {"full_name": "Alex-Example/tiles"}
    posts = codeberg.posts_from_feed([activity], 812345, "https://codeberg.org/Alex-Example")
    assert [(p.text, p.url) for p in posts] == [
        ("Looks good to me", "https://codeberg.org/Alex-Example/tiles/issues/4")
    ]


# --- property tests ----------------------------------------------------------------------

json_values = json_strategies.json_values()
user_like = st.dictionaries(
    st.sampled_from(
        [
            "id",
            "login",
            "username",
            "full_name",
            "email",
            "description",
            "location",
            "website",
            "visibility",
            "prohibit_login",
            "created",
            "avatar_url",
        ]
    ),
    json_values | st.text(max_size=120),
    max_size=12,
)
activity_like = st.dictionaries(
    st.sampled_from(["op_type", "content", "comment", "repo", "act_user_id", "created"]),
    json_values
    | st.sampled_from(
        ["comment_issue", "create_issue", "create_pull_request", "commit_repo", "12|x", '["1"]']
    )
    | st.fixed_dictionaries({"body": st.text(max_size=80), "id": st.integers()})
    | st.fixed_dictionaries({"full_name": st.text(max_size=30)})
    | st.builds(
        lambda m, s: json.dumps({"Commits": [{"Message": m, "Sha1": s}]}),
        st.text(max_size=60),
        st.text(max_size=50),
    ),
    max_size=6,
)


@settings(max_examples=50, deadline=None)
@given(st.one_of(json_values, user_like))
def test_parse_user_never_crashes(data: Any) -> None:
    try:
        fields = codeberg.parse_user(data)
    except CollectError:
        return
    assert isinstance(fields["login"], str) and fields["id"] > 0
    assert all(link.startswith(("https://", "http://")) for link in fields["links"])
    assert fields["avatar_url"] is None or fields["avatar_url"].startswith("http")


@settings(max_examples=50, deadline=None)
@given(st.one_of(json_values, st.lists(st.one_of(activity_like, json_values), max_size=5)))
def test_posts_from_feed_never_crash(data: Any) -> None:
    try:
        posts = codeberg.posts_from_feed(data, 812345, "https://codeberg.org/alex-example")
    except CollectError:
        return
    for post in posts:
        assert post.text.strip()
        assert post.url and post.url.startswith("https://codeberg.org/")
