"""The Stack Exchange collector's parsers called directly: clipping, an account that does not
exist, and property tests (any JSON, user-like and post-like objects, the API's wrapper,
handles)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from collectors import stackexchange as se
from collectors.errors import CollectError, NotFound
from collectors.stackexchange import COLLECTOR
from collectors.stackexchange_api import check_wrapper
from tests import json_strategies


def test_huge_about_me_is_clipped() -> None:
    fields = se.parse_user({"about_me": "<p>" + "word " * 50_000 + "</p>"})
    assert len(fields["bio"]) <= 20_001


def test_does_not_exist_user_type() -> None:
    with pytest.raises(NotFound):
        se.parse_user({"user_type": "does_not_exist", "display_name": "x"})


# --- property tests ----------------------------------------------------------------------

json_values = json_strategies.json_values()
user_keys = st.sampled_from(
    [
        "display_name",
        "about_me",
        "location",
        "website_url",
        "profile_image",
        "creation_date",
        "account_id",
        "user_type",
        "link",
    ]
)
user_like = st.dictionaries(user_keys, json_values | st.text(max_size=200), max_size=9)


@settings(max_examples=50, deadline=None)
@given(st.one_of(json_values, user_like))
def test_parse_user_never_crashes(data: Any) -> None:
    try:
        fields = se.parse_user(data)
    except CollectError:
        return
    for key in ("display_name", "bio", "location", "created_at", "profile_image"):
        assert fields[key] is None or isinstance(fields[key], str)
    assert all(link.startswith("https://") for link in fields["links"])


@settings(max_examples=50, deadline=None)
@given(
    st.one_of(
        json_values,
        st.fixed_dictionaries(
            {
                "items": st.lists(
                    st.one_of(
                        json_values,
                        st.dictionaries(
                            st.sampled_from(
                                ["body", "creation_date", "answer_id", "comment_id", "link"]
                            ),
                            json_values | st.text(max_size=80),
                            max_size=5,
                        ),
                    ),
                    max_size=5,
                )
            }
        ),
    ),
    st.sampled_from(["answers", "comments"]),
)
def test_parse_posts_never_crashes(data: Any, kind: str) -> None:
    try:
        posts = se.parse_posts(data, kind, "stackoverflow.com")
    except CollectError:
        return
    for text, when, url in posts:
        assert isinstance(text, str) and text
        assert when is None or when.endswith("Z")
        assert url is None or url.startswith(("http://", "https://", "//"))


@settings(max_examples=50, deadline=None)
@given(
    st.one_of(
        json_values,
        st.dictionaries(
            st.sampled_from(["error_id", "error_name", "error_message", "items", "backoff"]),
            json_values,
            max_size=5,
        ),
    )
)
def test_check_wrapper_never_crashes(data: Any) -> None:
    try:
        result = check_wrapper(data, "a test")
    except CollectError:
        return
    assert isinstance(result["items"], list)


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=60))
def test_normalise_and_site_domain_never_crash(text: str) -> None:
    domain = se.site_domain(text)
    assert domain is None or "." in domain
    try:
        name = COLLECTOR.normalise(text)
    except ValueError:
        return
    assert COLLECTOR.normalise(name) == name
