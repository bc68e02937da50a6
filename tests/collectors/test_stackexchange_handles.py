"""Stack Exchange handles (``site/id``): what the collector accepts, reads from addresses and
writes back, the API's site names and the Gravatar hash of a picture address."""

from __future__ import annotations

import pytest

from collectors import stackexchange as se
from collectors.stackexchange import COLLECTOR
from tests.collectors.stackexchange_serving import MD5

# --- handles -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("stackoverflow.com/12345", "stackoverflow.com/12345"),
        ("stackoverflow/12345", "stackoverflow.com/12345"),
        ("math/678", "math.stackexchange.com/678"),
        ("math.stackexchange.com/678", "math.stackexchange.com/678"),
        ("superuser/5", "superuser.com/5"),
        ("askubuntu.com/users/5/some-name", "askubuntu.com/5"),
        ("mathoverflow/9", "mathoverflow.net/9"),
        ("ru.stackoverflow/3", "ru.stackoverflow.com/3"),
        ("WWW.StackOverflow.com/7/", "stackoverflow.com/7"),
    ],
)
def test_normalise(given: str, expected: str) -> None:
    assert COLLECTOR.normalise(given) == expected


@pytest.mark.parametrize(
    "bad",
    ["", "stackoverflow.com", "12345", "stackoverflow.com/abc", "stackexchange.com/5", "x y/1"],
)
def test_normalise_rejects(bad: str) -> None:
    with pytest.raises(ValueError):
        COLLECTOR.normalise(bad)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://stackoverflow.com/users/12345/alex-example", "stackoverflow.com/12345"),
        ("https://math.stackexchange.com/users/678", "math.stackexchange.com/678"),
        ("https://superuser.com/users/5/x?tab=profile", "superuser.com/5"),
        ("https://serverfault.com/users/5/", "serverfault.com/5"),
        ("https://mathoverflow.net/users/9/a", "mathoverflow.net/9"),
        ("https://stackapps.com/users/4/b", "stackapps.com/4"),
        ("https://stackoverflow.com/questions/1/title", None),
        ("https://stackexchange.com/users/2000002/alex", None),
        ("https://example.org/users/5", None),
    ],
)
def test_from_url(url: str, expected: str | None) -> None:
    assert COLLECTOR.from_url(url) == expected


def test_profile_url_and_api_site() -> None:
    assert COLLECTOR.profile_url("askubuntu.com/5") == "https://askubuntu.com/users/5"
    assert se.api_site("math.stackexchange.com") == "math"
    assert se.api_site("stackoverflow.com") == "stackoverflow"
    assert se.api_site("ru.stackoverflow.com") == "ru.stackoverflow.com"


def test_gravatar_hash_is_exposed() -> None:
    assert se.gravatar_hash(f"https://www.gravatar.com/avatar/{MD5}?s=256&d=identicon") == MD5
    assert se.gravatar_hash("https://i.sstatic.net/AbCdE.png") is None
