"""Property tests of the Reddit collector's parsers: any JSON, mutated fixtures, bio text and
default pictures."""

from __future__ import annotations

import contextlib
import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from collectors import reddit
from collectors.errors import CollectError
from tests.collectors.reddit_serving import fixture

# --- property tests of the parsers ----------------------------------------------------------

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=20,
)
ABOUT = json.loads(fixture("about.json"))
LISTING = json.loads(fixture("comments_page1.json"))


def mutate(value: Any, data: st.DataObject, depth: int = 0) -> Any:
    """Replace, drop or keep each key of a nested object, at random."""
    if isinstance(value, dict) and depth < 4:
        out = {}
        for key, item in value.items():
            choice = data.draw(st.sampled_from(["keep", "keep", "drop", "replace"]))
            if choice == "keep":
                out[key] = mutate(item, data, depth + 1)
            elif choice == "replace":
                out[key] = data.draw(JSON)
        return out
    if isinstance(value, list) and depth < 4:
        return [mutate(item, data, depth + 1) for item in value]
    return value


@settings(max_examples=50, deadline=None)
@given(JSON)
def test_parsers_never_crash_on_any_json(body: Any) -> None:
    for parse in (lambda: reddit.parse_about(body, "x"), lambda: reddit.parse_listing(body)):
        with contextlib.suppress(CollectError):
            parse()
    assert reddit.post_from_child(body) is None or isinstance(reddit.post_from_child(body), tuple)


@settings(max_examples=50, deadline=None)
@given(st.data())
def test_parsers_survive_mutated_fixtures(data: st.DataObject) -> None:
    try:
        fields = reddit.parse_about(mutate(ABOUT, data), "quiet_reader")
    except CollectError:
        pass
    else:
        assert isinstance(fields["handle"], str) and isinstance(fields["links"], list)
        assert fields["bio"] is None or isinstance(fields["bio"], str)
    try:
        items, after = reddit.parse_listing(mutate(LISTING, data))
    except CollectError:
        pass
    else:
        assert all(isinstance(text, str) and text for _, text, _, _ in items)
        assert after is None or isinstance(after, str)


@settings(max_examples=50, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_characters="&"), min_size=1, max_size=200))
def test_bio_text_is_kept_as_text(text: str) -> None:
    body = {"data": {"name": "someone", "subreddit": {"public_description": text}}}
    bio = reddit.parse_about(body, "someone")["bio"]
    assert bio == (reddit.tidy(text) or None)


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=80))
def test_default_avatar_markers(suffix: str) -> None:
    assert reddit.is_default_avatar(
        "https://www.redditstatic.com/avatars/defaults/v2/avatar_default_" + suffix
    )
    assert reddit.is_default_avatar(None)
