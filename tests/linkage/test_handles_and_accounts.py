from __future__ import annotations

import pytest

from linkage.accounts import load_accounts
from linkage.errors import InputError, UsageError
from linkage.handles import parse_handle, recognise


def test_platform_name_handles():
    assert parse_handle("github:octocat").id == "github:octocat"
    assert parse_handle("  GitHub:octocat ").platform == "github"


def test_profile_urls_map_to_handles():
    assert parse_handle("https://github.com/octocat").id == "github:octocat"


def test_other_urls_are_websites():
    handle = parse_handle("https://ada.example.org/")
    assert handle.platform == "web"


@pytest.mark.parametrize("text", ["", "octocat", ":x", "no such:thing", "github:"])
def test_malformed_handles_are_usage_errors_listing_platforms(text):
    with pytest.raises(UsageError) as info:
        parse_handle(text)
    assert info.value.exit_code == 2
    assert "github" in str(info.value)


def test_unknown_platform_lists_known_ones():
    with pytest.raises(
        UsageError, match=r"'myspace' .* not a platform linkage knows\. Known platforms: .*github"
    ):
        parse_handle("myspace:tom")


def write(tmp_path, text, name="accounts.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_accounts_file_with_personas_and_relative_archives(tmp_path):
    (tmp_path / "exports").mkdir()
    path = write(
        tmp_path,
        """owner = "Ada Example"
[[account]]
handle = "github:ada-example"
persona = "professional"
[[account]]
archive = "exports/twitter.zip"
kind = "x-archive"
persona = "personal"
""",
    )
    accounts = load_accounts(path)
    assert accounts.owner == "Ada Example"
    first, second = accounts.accounts
    assert first.handle.id == "github:ada-example" and first.persona == "professional"
    assert second.archive == tmp_path / "exports" / "twitter.zip"
    assert second.kind == "x-archive" and second.persona == "personal"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("owner = ", "line 1 (the line reads: owner =): a value is missing after owner ="),
        ('owner = "x"', "no accounts found"),
        ('[[account]]\npersona = "personal"', "account 1: give handle"),
        ('[[account]]\nhandle = 3\narchive = "x.zip"', "'handle' beside 'archive' should be"),
        ('[[account]]\nhandle = "nope"', "account 1: 'nope' is not a handle"),
        ("[[account]]\nhandle = 3", "'handle' should be a quoted handle"),
        (
            '[[account]]\nhandle = "github:a"\n[[account]]\nhandle = "github:a"',
            "account 2: the same account as account 1",
        ),
        ('[[account]]\nhandle = "github:a"\npersona = 1', "'persona' should be"),
        ('[[account]]\narchive = "\\u0000"', "account 1: 'archive' holds a NUL character"),
        ('[[account]]\narchive = "exports/a\\u0000.zip"', "no file path can hold"),
        ('[[account]]\nhandle = "github:a"\npersnoa = "personal"', "did you mean 'persona'"),
        ('[[account]]\nhandel = "github:a"', "'handel' is not a key linkage reads"),
        (
            '[[account]]\nplatform = "reddit"\nhandle = "github:a"',
            'is a GitHub account but platform = "reddit"; keep one of them',
        ),
        (
            '[[account]]\nplatform = "reddit"\nhandle = "https://github.com/a"',
            'is a GitHub account but platform = "reddit"',
        ),
        ('[[account]]\nplatform = "myspace"\nhandle = "tom"', "Known platforms: bluesky"),
        ('[[account]]\nplatform = 2\nhandle = "tom"', "'platform' should be a quoted"),
        # a misspelled section would leave its accounts out of the audit without a word
        (
            '[[account]]\nhandle = "github:a"\n[[accounts]]\nhandle = "reddit:b"',
            "[[accounts]] is not a section linkage reads, so the accounts in it would be left out",
        ),
        ('[[acount]]\nhandle = "github:a"', "did you mean [[account]]?"),
        ('[[account]]\nhandle = "github:a"\n[[profiles]]\narchive = "x.zip"', "[[profiles]]"),
        ('ownr = "Ada"\n[[account]]\nhandle = "github:a"', "did you mean 'owner'?"),
        # a misspelt side is a third side: the advice then closed a work account against it
        (
            '[[account]]\nhandle = "github:a"\npersona = "proffesional"',
            "account 1: 'proffesional' looks like 'professional' misspelt. Write professional",
        ),
        (
            '[[account]]\nhandle = "github:a"\npersona = "Persnal"',
            "'Persnal' looks like 'personal'",
        ),
    ],
)
def test_bad_accounts_files_name_file_and_entry(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(InputError) as info:
        load_accounts(path)
    assert str(path) in str(info.value)
    assert message in str(info.value)


def test_sections_that_hold_no_accounts_are_left_alone(tmp_path):
    """Notes of the user's own, at the top or in a table of their own, are not accounts."""
    path = write(
        tmp_path,
        'note = "audit before the new job"\n[[account]]\nhandle = "github:a"\n'
        '[settings]\ncolour = "blue"\n[[todo]]\nwhat = "check the old blog"',
    )
    assert [spec.handle.id for spec in load_accounts(path).accounts] == ["github:a"]


def test_an_account_may_name_its_platform_apart(tmp_path):
    """platform = "github" beside handle = "octocat" is read as github:octocat (people
    write it that way); other keys (a note) are left alone."""
    path = write(
        tmp_path,
        """[[account]]
platform = "github"
handle = "ada-example"
persona = "professional"
note = "my work account"
[[account]]
platform = "Mastodon"
handle = "@tidal@sea.example.social"
[[account]]
platform = "web"
handle = "https://ada.example.org/"
[[account]]
platform = "reddit"
handle = "reddit:quiet_reader"
[[account]]
platform = "github"
handle = "https://github.com/ada-other"
""",
    )
    ids = [spec.handle.id for spec in load_accounts(path).accounts]
    assert ids == [
        "github:ada-example",
        "mastodon:tidal@sea.example.social",
        "web:https://ada.example.org/",
        "reddit:quiet_reader",
        "github:ada-other",
    ]


def test_an_account_on_a_server_of_anyone_s_may_be_written_as_any_other(tmp_path):
    """A GitLab or Forgejo account on a server of anyone's takes the forms every handle
    does in an accounts file; its profile's address is read as the account where the platform
    is said beside it (alone it is any site's page), and gitea is Forgejo."""
    path = write(
        tmp_path,
        """[[account]]
handle = "gitlab:ada@git.council.example"
[[account]]
platform = "gitlab"
handle = "ada@Git.Bücher.example"
[[account]]
platform = "gitlab"
handle = "https://git.other.example/users/ada"
[[account]]
platform = "gitea"
handle = "gitea:ada@forge.example.net"
[[account]]
platform = "Forgejo"
handle = "https://codeberg.org/ada"
[[account]]
handle = "https://git.council.example/ada"
""",
    )
    ids = [spec.handle.id for spec in load_accounts(path).accounts]
    assert ids == [
        "gitlab:ada@git.council.example",
        "gitlab:ada@git.xn--bcher-kva.example",
        "gitlab:ada@git.other.example",
        "forgejo:ada@forge.example.net",
        "codeberg:ada",
        "web:https://git.council.example/ada",
    ]
    wrong = write(
        tmp_path, '[[account]]\nplatform = "gitlab"\nhandle = "gitea:ada@forge.example"\n'
    )
    with pytest.raises(InputError, match='is a Forgejo account but platform = "gitlab"'):
        load_accounts(wrong)


def test_unreadable_accounts_file(tmp_path):
    with pytest.raises(InputError, match="no such accounts file"):
        load_accounts(tmp_path / "missing.toml")
    path = tmp_path / "bad.toml"
    path.write_bytes(b'owner = "\xff"')
    with pytest.raises(InputError, match="not UTF-8"):
        load_accounts(path)


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("x:ada_x", "X"),
        ("twitter:ada_x", "X"),
        ("https://twitter.com/ada_x", "X"),
        ("https://x.com/ada_x", "X"),
        ("https://www.linkedin.com/in/ada-x", "LinkedIn"),
        ("web:https://m.facebook.com/ada.x", "Facebook"),
        ("https://www.instagram.com/ada.x/", "Instagram"),
    ],
)
def test_an_account_only_its_export_shows_is_refused_with_what_to_do(text, title):
    """Such a profile page shows a visitor who has not signed in nothing of the account: read as
    a website, its sign-in page's words would be taken for the account's."""
    with pytest.raises(UsageError) as info:
        parse_handle(text)
    said = str(info.value)
    assert (
        f"is an account on {title}, which shows its profiles only to visitors who sign in" in said
    )
    assert f"Add your {title} data export instead" in said and 'archive = "PATH"' in said
    assert "--archive PATH on the command line" not in said  # audit has no --archive
    recognised = recognise(text.removeprefix("https://"))
    assert recognised.handle is None and f"Add your {title} data export" in recognised.message


def test_a_website_that_merely_looks_like_an_export_only_host_is_a_website():
    assert parse_handle("https://notx.com/ada").platform == "web"
    assert parse_handle("https://linkedin.com.example.org/ada").platform == "web"


def test_an_accounts_file_takes_the_handles_the_app_recognises(tmp_path):
    """The app took '@kendal@knit.example.social' as typed and wrote it to the accounts file as
    a handle; the same text written by hand in the file was "not a handle"."""
    path = write(
        tmp_path,
        '[[account]]\nhandle = "@kendal@knit.example.social"\n'
        '[[account]]\nhandle = "kendal.bsky.social"\n'
        '[[account]]\nhandle = "u/kendal_w"\n'
        '[[account]]\nhandle = "kendal.example.org"\n',
    )
    assert [spec.handle.id for spec in load_accounts(path).accounts] == [
        "mastodon:kendal@knit.example.social",
        "bluesky:kendal.bsky.social",
        "reddit:kendal_w",
        "web:https://kendal.example.org/",
    ]


def test_a_persona_is_one_side_whatever_its_case(tmp_path):
    """persona = "Professional" and persona = "professional" were two sides of one person,
    and the report read "Your Professional and professional accounts"."""
    path = write(
        tmp_path,
        '[[account]]\nhandle = "github:a"\npersona = "Professional"\n'
        '[[account]]\nhandle = "github:b"\npersona = "professional "\n'
        '[[account]]\nhandle = "github:c"\npersona = "Choir  Stuff"\n'
        '[[account]]\nhandle = "github:d"\npersona = "choir stuff"\n',
    )
    assert [spec.persona for spec in load_accounts(path).accounts] == [
        "professional",
        "professional",
        "Choir Stuff",
        "Choir Stuff",
    ]


def test_every_account_at_fault_is_said_at_once(tmp_path):
    """An audit stopped at the first refused account; the next one showed only once that was
    mended, one run per mistake."""
    path = write(
        tmp_path,
        '[[account]]\nhandle = "x:ada_x"\n[[account]]\nhandle = "github:ada-x"\n'
        '[[account]]\nhandle = "https://www.linkedin.com/in/ada-x"\n',
    )
    with pytest.raises(InputError) as info:
        load_accounts(path)
    said = str(info.value)
    assert said.startswith(f"2 accounts in {path} cannot be read:")
    assert f"{path}, account 1: 'x:ada_x' is an account on X" in said
    assert f"{path}, account 3: 'https://www.linkedin.com/in/ada-x'" in said
    assert "account 2" not in said


@pytest.mark.parametrize(
    "written",
    [
        r'archive = "C:\Users\zoe\Downloads\twitter.zip"',  # \U: "Invalid hex value"
        r'archive = "C:\zoe\twitter.zip"',  # \z: "Unescaped '\' in a string"
    ],
)
def test_a_windows_path_in_double_quotes_says_how_to_write_it(tmp_path, written) -> None:
    path = tmp_path / "accounts.toml"
    path.write_text(f'[[account]]\n{written}\npersona = "personal"\n', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_accounts(path)
    message = str(caught.value)
    assert message.startswith(f"{path}, line 2: a back-slash (\\) in double quotes")
    assert (
        'write the path with forward slashes ("C:/Users/…") or in single quotes '
        "('C:\\Users\\…')" in message
    )
    assert "Invalid hex value" not in message and "not valid TOML" not in message


def test_a_windows_path_that_parses_into_a_tab_is_refused_with_its_fix(tmp_path) -> None:
    r"""'"exports\twitter.zip"' read as "exports", a TAB, "witter.zip", and the audit then said
    that file did not exist, the TAB invisible."""
    path = tmp_path / "accounts.toml"
    path.write_text('[[account]]\narchive = "exports\\twitter.zip"\n', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_accounts(path)
    assert str(caught.value) == (
        f"{path}, account 1: the archive path holds an invisible control character: in double "
        "quotes a back-slash starts an escape (\\t is a TAB). Write the path with forward "
        "slashes (\"C:/Users/…\") or in single quotes ('C:\\Users\\…') "
        "(\"exports/twitter.zip\" or 'exports\\twitter.zip')."
    )


def test_a_windows_path_in_single_quotes_is_read(tmp_path) -> None:
    path = tmp_path / "accounts.toml"
    path.write_text("[[account]]\narchive = 'exports\\twitter.zip'\n", encoding="utf-8")
    (spec,) = load_accounts(path).accounts
    assert spec.archive is not None and spec.archive.name == "exports\\twitter.zip"


@pytest.mark.parametrize(
    "label", ["work", "private", "volunteering", "professor", "personality", "professional life"]
)
def test_a_side_of_one_s_own_is_no_misspelling(tmp_path, label) -> None:
    path = write(tmp_path, f'[[account]]\nhandle = "github:a"\npersona = "{label}"')
    assert load_accounts(path).accounts[0].persona == label
