"""The platform table: one source for what a platform is, read by collectors, engine and report."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from collectors import registry
from linkage import platforms
from linkage.handles import parse_handle

ROOT = Path(__file__).resolve().parents[2]


def test_every_collector_is_in_the_table_and_reads_its_identity_from_it() -> None:
    for name, collector in registry.all_collectors().items():
        entry = platforms.get(name)
        assert entry is not None and entry.kind in ("api", "web"), name
        assert collector.title == entry.title and collector.handle_hint == entry.handle_hint
    assert {p.name for p in platforms.handle_platforms()} == set(registry.all_collectors())


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://github.com/Octocat", ("github", "octocat")),
        ("https://github.com/settings", None),
        ("https://www.reddit.com/user/Alice/", ("reddit", "alice")),
        ("https://fosstodon.org/@alice", ("mastodon", "alice@fosstodon.org")),
        ("https://medium.com/@alice", None),
        ("https://bsky.app/profile/Alice.bsky.social", ("bluesky", "alice.bsky.social")),
        (
            "https://math.stackexchange.com/users/678/alice",
            ("stackexchange", "math.stackexchange.com/678"),
        ),
        ("https://news.ycombinator.com/user?id=alice", ("hackernews", "alice")),
        ("https://gitlab.com/users/Alice/activity", ("gitlab", "alice")),
        ("https://gitlab.com/alice/project", None),
        ("https://codeberg.org/Alice/-/projects", ("codeberg", "alice")),
        ("https://codeberg.org/alice/project", None),
        ("https://alice.example.org/", None),
        ("https://git.example.org/alice", None),  # any site's page, on a server of anyone's
    ],
)
def test_account_of_names_the_account_a_profile_address_is(url: str, expected) -> None:
    assert platforms.account_of(url) == expected


def test_a_link_may_name_an_account_on_a_server_of_anyone_s() -> None:
    """Only to tell whether a link points at an account already in an audit: the account its
    address is of, or else those it would be on a GitLab or a Forgejo server at its host."""
    assert platforms.accounts_anywhere("https://git.Bücher.example/users/Alice/activity") == [
        ("gitlab", "alice@git.xn--bcher-kva.example")
    ]
    assert platforms.accounts_anywhere("https://git.example.org:3000/alice.keys") == [
        ("forgejo", "alice@git.example.org:3000"),
        ("gitlab", "alice@git.example.org:3000"),
    ]
    assert platforms.accounts_anywhere("https://codeberg.org/alice") == [("codeberg", "alice")]
    assert platforms.accounts_anywhere("https://git.example.org/alice/routing") == []


def test_profile_address_and_handle_round_trip() -> None:
    for name, handle in [
        ("github", "octocat"),
        ("keybase", "alice"),
        ("lobsters", "alice"),
        ("gitlab", "alice.example"),
        ("codeberg", "alice.example"),
    ]:
        entry = platforms.get(name)
        assert entry is not None
        url = entry.profile_url(handle)
        assert url is not None and entry.from_url(url) is not None
        assert entry.normalise(entry.from_url(url)) == handle  # type: ignore[arg-type]


def test_archive_only_platforms_are_titled_but_are_not_handles() -> None:
    assert platforms.title("linkedin") == "LinkedIn"
    assert platforms.title("some-new-site") == "Some New Site"
    with pytest.raises(Exception, match="Add your LinkedIn data export instead"):
        parse_handle("linkedin:alice")


def test_the_engine_and_the_report_labels_do_not_import_collectors() -> None:
    """Platform identity, URLs, pictures and the clock live in the engine floor."""
    code = (
        "import sys\n"
        "import linkage.handles, linkage.signals.crosslinks, linkage.signals.avatar_image\n"
        "import linkage.evidence.remediation, linkage.evidence.analysis, reports.labels\n"
        "print(sorted(m for m in sys.modules if m == 'collectors' or m.startswith('collectors.')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert out.stdout.strip() == "[]", out.stdout
