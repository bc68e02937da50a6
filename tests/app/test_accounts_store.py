"""The app edits the user's own accounts file: what it does not change stays as written."""

from __future__ import annotations

from pathlib import Path

import pytest

from linkage.accounts import load_accounts
from linkage.app.store import AccountsStore
from linkage.errors import InputError, UsageError

HAND_WRITTEN = """\
# My accounts, for linkage. Keep this file private.
owner = "Ada Example"

[[account]]
platform = "github"       # work
handle = "ada-example"
persona = "professional"
note = "the one on my CV"

[[account]]
handle = "reddit:quiet_reader"   # the knitting one
persona = "personal"

[[account]]
handle = "https://ada.example.org/"
persona = "professional"
"""


def test_adding_and_removing_keeps_the_rest_of_a_hand_written_file(tmp_path: Path) -> None:
    """Adding an account in the app rewrote the whole file: the user's comments, their
    'note' and the platform key were gone."""
    path = tmp_path / "accounts.toml"
    path.write_text(HAND_WRITTEN, encoding="utf-8")
    store = AccountsStore(path)
    store.add_handle("@tidal@sea.example.social", "personal")
    store.remove(2)  # reddit:quiet_reader
    text = path.read_text(encoding="utf-8")
    for kept in (
        "# My accounts, for linkage. Keep this file private.",
        'platform = "github"       # work',
        'note = "the one on my CV"',
        'handle = "https://ada.example.org/"',
    ):
        assert kept in text
    assert "quiet_reader" not in text and "the knitting one" not in text
    file = load_accounts(path)
    assert file.owner == "Ada Example"
    assert [(s.label, s.persona) for s in file.accounts] == [
        ("github:ada-example", "professional"),
        ("web:https://ada.example.org/", "professional"),
        ("mastodon:tidal@sea.example.social", "personal"),
    ]
    assert [s.number for s in store.specs] == [1, 2, 3]
    store.remove(3)
    assert [s.label for s in load_accounts(path).accounts] == [
        "github:ada-example",
        "web:https://ada.example.org/",
    ]


def test_a_file_with_one_account_table_is_written_whole(tmp_path: Path) -> None:
    path = tmp_path / "accounts.toml"
    path.write_text('[account]\nhandle = "github:ada-example"\n', encoding="utf-8")
    store = AccountsStore(path)
    store.add_handle("reddit:quiet_reader", None)
    labels = [s.label for s in load_accounts(path).accounts]
    assert labels == ["github:ada-example", "reddit:quiet_reader"]


def test_a_new_list_is_written_in_full(tmp_path: Path) -> None:
    path = tmp_path / "data" / "accounts.toml"
    store = AccountsStore(path)
    store.add_handle("github:ada-example", "professional")
    assert path.read_text(encoding="utf-8").startswith("# Accounts audited by linkage")
    assert [s.label for s in load_accounts(path).accounts] == ["github:ada-example"]


def test_removing_finds_the_account_however_the_file_changed_meanwhile(tmp_path: Path) -> None:
    """The account removed is the one the page showed, found by its handle in the file as it
    is now: an entry added by hand while the app ran does not shift which one goes."""
    path = tmp_path / "accounts.toml"
    path.write_text(HAND_WRITTEN, encoding="utf-8")
    store = AccountsStore(path)
    text = path.read_text(encoding="utf-8")
    path.write_text(  # the user adds one at the top by hand, the page still shows three
        text.replace(
            "\n[[account]]", '\n[[account]]\nhandle = "github:zed-example"\n\n[[account]]', 1
        ),
        encoding="utf-8",
    )
    store.remove(2, "reddit:quiet_reader")  # second on the page, as the page names it
    labels = [s.label for s in load_accounts(path).accounts]
    assert labels == ["github:zed-example", "github:ada-example", "web:https://ada.example.org/"]
    assert [(s.number, s.label) for s in store.specs] == list(enumerate(labels, start=1))


def test_the_last_account_can_be_removed(tmp_path: Path) -> None:
    """Removing the only account left edited the file, then read it back as an error ("no
    accounts found"): the page said so and kept showing the account."""
    path = tmp_path / "accounts.toml"
    store = AccountsStore(path)
    store.add_handle("github:first-one", "personal")
    store.add_handle("github:second-one", "professional")
    store.remove(1)
    store.remove(1)
    assert store.specs == []
    assert AccountsStore(path).specs == []


def test_uploaded_exports_are_taken_off_the_list_by_their_file(tmp_path: Path) -> None:
    """Forgetting uploaded exports takes each off the list, found by its file however the
    earlier removals renumbered the list, and leaves the rest."""
    path = tmp_path / "accounts.toml"
    exports = [tmp_path / "uploads" / f"export-{n}" / "archive.zip" for n in ("a1", "b2")]
    for export in exports:
        export.parent.mkdir(parents=True)
        export.write_bytes(b"PK")
    store = AccountsStore(path)
    store.add_archive(exports[0], "x-archive", "personal")
    store.add_handle("github:ada-example", "professional")
    store.add_archive(exports[1], "mastodon-archive", None)
    assert store.remove_archive(
        tmp_path / "uploads" / "export-a1" / ".." / "export-a1" / "archive.zip"
    )
    assert store.remove_archive(exports[1])  # the third entry, now the second
    assert [s.label for s in load_accounts(path).accounts] == ["github:ada-example"]
    assert not store.remove_archive(exports[0])  # no longer listed


def test_the_list_is_the_file_as_it_is_now(tmp_path: Path) -> None:
    """The page says the list is "the same file linkage audit reads", but an account added to it
    by hand while the app ran was never shown, and never audited."""
    path = tmp_path / "accounts.toml"
    path.write_text(HAND_WRITTEN, encoding="utf-8")
    store = AccountsStore(path)
    assert len(store.specs) == 3
    with path.open("a", encoding="utf-8") as file:
        file.write('\n[[account]]\nhandle = "lobsters:ada"\npersona = "personal"\n')
    assert [s.label for s in store.specs][-1] == "lobsters:ada"
    assert [r.label for r in store.rows()][-1] == "lobsters:ada"
    store.add_handle("@tidal@sea.example.social", "personal")  # kept beside the hand-made one
    assert [s.label for s in load_accounts(path).accounts][-2:] == [
        "lobsters:ada",
        "mastodon:tidal@sea.example.social",
    ]
    path.unlink()  # deleted by hand: no accounts
    assert store.specs == []


def test_a_file_edited_into_one_that_cannot_be_read_is_said_until_mended(tmp_path: Path) -> None:
    path = tmp_path / "accounts.toml"
    path.write_text(HAND_WRITTEN, encoding="utf-8")
    store = AccountsStore(path)
    path.write_text(HAND_WRITTEN.replace('"reddit:quiet_reader"', '"reddit:quiet_reader'), "utf-8")
    for _ in range(2):
        with pytest.raises(InputError, match=r"line 11 .*a quoted value is not closed"):
            store.rows()
    path.write_text(HAND_WRITTEN, encoding="utf-8")
    assert len(store.rows()) == 3


def test_a_stale_page_removes_the_account_it_showed_or_none(tmp_path: Path) -> None:
    path = tmp_path / "accounts.toml"
    path.write_text(HAND_WRITTEN, encoding="utf-8")
    store = AccountsStore(path)
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace('handle = "reddit:quiet_reader"', 'handle = "reddit:loud"'), "utf-8"
    )
    with pytest.raises(UsageError, match="no longer in the list"):
        store.remove(2, "reddit:quiet_reader")  # renamed by hand: not the account shown
    assert len(load_accounts(path).accounts) == 3
