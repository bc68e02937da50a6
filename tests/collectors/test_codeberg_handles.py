"""Codeberg handles: usernames as Forgejo allows them, and codeberg.org addresses."""

from __future__ import annotations

import pytest

from collectors.codeberg import COLLECTOR


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("alex-example", "alex-example"),
        ("@Alex-Example", "alex-example"),
        ("quiet.example", "quiet.example"),
        ("sam_example", "sam_example"),
        ("a", "a"),
        ("9lives", "9lives"),
        ("x" * 40, "x" * 40),
    ],
)
def test_normalise(given: str, expected: str) -> None:
    assert COLLECTOR.normalise(given) == expected


@pytest.mark.parametrize(
    ("bad", "words"),
    [
        ("", "is not a Codeberg username"),
        ("_under_first", "starting with a letter or digit"),
        ("-dash-first", "is not a Codeberg username"),
        (".dot-first", "is not a Codeberg username"),
        ("ends.", "none at the end"),
        ("ends_", "none at the end"),
        ("two..dots", "no two of '-', '_' and '.' in a row"),
        ("dash-_under", "in a row"),
        ("a b", "is not a Codeberg username"),
        ("alex/routing", "is not a Codeberg username"),
        ("x" * 41, "up to 40"),
        ("explore", "is a page of codeberg.org, not a username"),
        ("User", "is a page of codeberg.org"),
        ("-", "is a page of codeberg.org"),
        ("forgejo-actions", "is a page of codeberg.org"),
        ("alex.keys", "are the addresses of a user's keys, feeds and picture"),
        ("alex.PNG", "are the addresses of a user's keys"),
        ("alex.rss", "are the addresses of a user's keys"),
    ],
)
def test_normalise_rejects_in_plain_words(bad: str, words: str) -> None:
    with pytest.raises(ValueError) as caught:
        COLLECTOR.normalise(bad)
    assert words in str(caught.value)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://codeberg.org/Alex-Example", "Alex-Example"),
        ("https://codeberg.org/alex-example/", "alex-example"),
        ("https://www.codeberg.org/quiet.example", "quiet.example"),
        ("http://codeberg.org/alex-example", "alex-example"),
        ("https://codeberg.org/alex-example?tab=activity", "alex-example"),
        ("https://codeberg.org/alex-example/-/projects", "alex-example"),
        ("https://codeberg.org/alex-example/-/packages/", "alex-example"),
        ("https://codeberg.org/alex-example/routing", None),  # a repository
        ("https://codeberg.org/alex-example/routing/issues/12", None),
        ("https://codeberg.org/alex-example/-/settings", None),
        # the person's feed, picture and keys are theirs
        ("https://codeberg.org/alex-example.rss", "alex-example"),
        ("https://codeberg.org/alex-example.png", "alex-example"),
        ("https://codeberg.org/alex-example.keys", "alex-example"),
        ("https://codeberg.org/explore/repos", None),
        ("https://codeberg.org/explore", None),
        ("https://codeberg.org/user/login", None),
        ("https://codeberg.org/org/maps-collective/teams", None),
        ("https://codeberg.org/api/v1/users/alex", None),
        ("https://codeberg.org/assets", None),
        ("https://codeberg.org/-", None),
        ("https://codeberg.org/", None),
        ("https://codeberg.example.org/alex-example", None),
        ("https://gitlab.com/alex-example", None),
        ("ftp://codeberg.org/alex-example", None),
    ],
)
def test_from_url(url: str, expected: str | None) -> None:
    assert COLLECTOR.from_url(url) == expected
    assert COLLECTOR.profile_url("alex-example") == "https://codeberg.org/alex-example"


def test_a_profile_address_is_read_as_a_codeberg_handle() -> None:
    from linkage.handles import parse_handle

    assert parse_handle("https://codeberg.org/Alex-Example/").id == "codeberg:alex-example"
    assert parse_handle("https://www.codeberg.org/alex-example").id == "codeberg:alex-example"
    assert parse_handle("codeberg:@Alex-Example").id == "codeberg:alex-example"
    assert parse_handle("codeberg:alex-example").id == "codeberg:alex-example"
    assert parse_handle("https://codeberg.org/alex-example/routing").platform == "web"
