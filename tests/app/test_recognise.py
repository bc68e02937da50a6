"""Handle recognition shared by ``linkage app`` and ``linkage init``."""

from __future__ import annotations

import pytest

from linkage.handles import parse_handle, recognise


@pytest.mark.parametrize(
    ("text", "handle_id", "title"),
    [
        ("https://github.com/octocat", "github:octocat", "GitHub"),
        ("github:octocat", "github:octocat", "GitHub"),
        ("@alice@example.social", "mastodon:alice@example.social", "Mastodon"),
        ("https://example.social/@alice", "mastodon:alice@example.social", "Mastodon"),
        ("alice.bsky.social", "bluesky:alice.bsky.social", "Bluesky"),
        ("u/alice", "reddit:alice", "Reddit"),
        ("alice.example.org", "web:https://alice.example.org/", "Website"),
        ("  https://alice.example.org/blog  ", "web:https://alice.example.org/blog", "Website"),
    ],
)
def test_recognised(text: str, handle_id: str, title: str) -> None:
    found = recognise(text)
    assert found.ok
    assert found.handle is not None and found.handle.id == handle_id
    assert found.title == title
    assert found.explanation.endswith("will be read.")
    assert title.lower().split()[0] in found.explanation.lower() or title == "Website"
    # what is recognised is what the accounts file will hold: the command line reads it back
    assert parse_handle(found.handle.id) == found.handle


def test_github_explanation_says_what_is_read() -> None:
    text = recognise("https://github.com/octocat").explanation
    assert text.startswith("A GitHub account:")
    assert "commit messages" in text


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("", "Paste a profile address"),
        ("octocat", "github:octocat"),
        ("alice@example.org", "@alice@example.org"),
        ("nosuch:alice", "not a platform linkage knows"),
    ],
)
def test_not_recognised_says_what_to_type(text: str, hint: str) -> None:
    found = recognise(text)
    assert not found.ok
    assert hint in found.message
    assert found.to_dict()["ok"] is False


def test_codeberg_address_is_recognised_and_says_what_is_read() -> None:
    found = recognise("https://codeberg.org/Alex-Example/")
    assert found.ok and found.handle is not None
    assert found.handle.id == "codeberg:alex-example" and found.title == "Codeberg"
    assert found.explanation.startswith("A Codeberg account:")
    assert "pull requests it opened" in found.explanation
