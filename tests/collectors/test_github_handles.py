"""GitHub handles: which usernames are valid, reading and writing profile addresses, and the
registry."""

from __future__ import annotations

import pytest

from collectors.github import COLLECTOR
from collectors.registry import get as get_collector
from linkage.handles import parse_handle


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("octocat", "octocat"), ("Alex-Example", "alex-example"), ("@a1", "a1"), ("x" * 39, "x" * 39)],
)
def test_normalise_valid(raw: str, expected: str) -> None:
    assert COLLECTOR.normalise(raw) == expected


@pytest.mark.parametrize(
    "raw", ["", "-alex", "alex-", "al--ex", "al_ex", "al ex", "x" * 40, "alex.example", "ålex"]
)
def test_normalise_invalid(raw: str) -> None:
    with pytest.raises(ValueError):
        COLLECTOR.normalise(raw)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://github.com/Alex-Example", "Alex-Example"),
        ("https://www.github.com/alex-example/", "alex-example"),
        ("http://github.com/alex-example?tab=repositories", "alex-example"),
        ("https://github.com/alex-example/tool/issues/3", "alex-example"),
        ("github.com/alex-example", "alex-example"),
        ("https://github.com/orgs/example-org/people", None),
        ("https://github.com/settings/profile", None),
        ("https://github.com/features", None),
        ("https://github.com/topics/maps", None),
        ("https://github.com/about", None),
        ("https://github.com/", None),
        ("https://gitlab.com/alex-example", None),
        ("https://notgithub.com/alex-example", None),
        ("https://github.com.example/alex-example", None),
        ("https://github.com/-bad-", None),
        ("ftp://github.com/alex-example", None),
        ("https://[::1/alex", None),
    ],
)
def test_from_url(url: str, expected: str | None) -> None:
    assert COLLECTOR.from_url(url) == expected


def test_profile_url_registry_and_handles() -> None:
    assert COLLECTOR.profile_url("alex-example") == "https://github.com/alex-example"
    assert get_collector("github") is COLLECTOR
    handle = parse_handle("https://github.com/Alex-Example")
    assert (handle.platform, handle.name) == ("github", "alex-example")
