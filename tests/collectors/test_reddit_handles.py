"""Reddit handles: what the collector accepts, reads from addresses and writes back."""

from __future__ import annotations

import pytest

from collectors.reddit import COLLECTOR

# --- handles ---------------------------------------------------------------------------------


@pytest.mark.parametrize("raw", ["alice", "Alice", "u/Alice", "/u/alice", "user/ALICE", " alice "])
def test_normalise(raw: str) -> None:
    assert COLLECTOR.normalise(raw) == "alice"


@pytest.mark.parametrize("raw", ["", "u/", "al ice", "alice/comments", "a" * 40, "al!ce"])
def test_normalise_rejects(raw: str) -> None:
    with pytest.raises(ValueError):
        COLLECTOR.normalise(raw)


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("https://www.reddit.com/user/Quiet_Reader", "Quiet_Reader"),
        ("https://www.reddit.com/user/Quiet_Reader/comments/", "Quiet_Reader"),
        ("https://reddit.com/u/quiet_reader/", "quiet_reader"),
        ("https://old.reddit.com/user/quiet-reader", "quiet-reader"),
        ("https://www.reddit.com/r/birding", None),
        ("https://example.org/user/quiet_reader", None),
        ("not a url", None),
    ],
)
def test_from_url(url: str, name: str | None) -> None:
    assert COLLECTOR.from_url(url) == name


def test_profile_url() -> None:
    assert COLLECTOR.profile_url("alice") == "https://www.reddit.com/user/alice"
