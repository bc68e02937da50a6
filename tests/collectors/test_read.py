"""The shared defensive readers: any JSON value in, a usable value or an empty one out."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from collectors import read

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)


@given(JSON)
def test_readers_never_raise_and_return_their_type(value) -> None:
    assert isinstance(read.as_dict(value), dict)
    assert isinstance(read.as_list(value), list)
    for result in (
        read.text(value),
        read.field(value, "k"),
        read.plain(value),
        read.web(value),
        read.web(value, "https://base.example/a/"),
        read.iso(value),
        read.iso_from_seconds(value),
    ):
        assert result is None or (isinstance(result, str) and result == result.strip())
    assert isinstance(read.epoch(value), float)
    assert read.dig(value, "a", "b") is None or isinstance(value, dict)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, None), ("", None), ("   ", None), (5, None), (["x"], None), (" Ada ", "Ada")],
)
def test_text_is_a_non_blank_stripped_string(value, expected) -> None:
    assert read.text(value) == expected


def test_plain_decodes_entities_folds_space_and_clips() -> None:
    assert read.plain("Maps &amp; trains\t\x07 here") == "Maps & trains here"
    assert read.plain("Maps &amp; trains", entities=False) == "Maps &amp; trains"
    assert read.plain("x" * 50, 10) == "x" * 10 + "…"


@pytest.mark.parametrize(
    ("value", "base", "expected"),
    [
        ("https://alice.example.org/", None, "https://alice.example.org/"),
        ("/avatars/a.png", "https://lobste.rs/", "https://lobste.rs/avatars/a.png"),
        ("//cdn.example/a.png", "https://site.example/", "https://cdn.example/a.png"),
        ("/avatars/a.png", None, None),  # relative without a base
        ("javascript:alert(1)", "https://site.example/", None),
        ("mailto:ada@example.org", None, None),
        ("https://", None, None),
        ("https://x.example/" + "a" * 3000, None, None),
    ],
)
def test_web_is_an_absolute_http_address(value, base, expected) -> None:
    assert read.web(value, base) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-05-02T18:20:11.000Z", "2026-05-02T18:20:11.000Z"),
        (" 2025-03-05T07:50:00+01:00 ", "2025-03-05T07:50:00+01:00"),
        ("yesterday", None),
        (1714000000, None),
        ("2026-05-02T18:20:11.000Z" + " " * 40 + "x", None),
    ],
)
def test_iso_keeps_the_platforms_own_form(value, expected) -> None:
    assert read.iso(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(1_700_000_000, 1_700_000_000.0), (1.5e9, 1.5e9), (True, 0.0), ("1700000000", 0.0)],
)
def test_epoch_is_seconds_or_nothing(value, expected) -> None:
    assert read.epoch(value) == expected
    assert read.epoch(float("nan")) == 0.0 and read.epoch(1.7e12) == 0.0  # NaN, milliseconds


def test_dig_follows_objects_only() -> None:
    data = json.loads('{"a": {"b": ["x"]}, "c": null}')
    assert read.dig(data, "a", "b") == ["x"]
    assert read.dig(data, "c", "d") is None and read.dig(["a"], "a") is None
