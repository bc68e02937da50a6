"""``linkage init`` and the accounts file it shares with the app and the command line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from linkage.accounts import AccountSpec, load_accounts
from linkage.app.store import AccountsStore, write_accounts
from linkage.cli.app import app
from linkage.handles import parse_handle


def test_init_asks_for_accounts_and_personas(tmp_path: Path) -> None:
    out = tmp_path / "accounts.toml"
    answers = "\n".join(
        [
            "octocat",  # not enough: which platform?
            "https://github.com/mfinlay-lib",
            "professional",
            "@quietknitter@knitting.example.social",
            "",  # no side is chosen for the user: asked again
            "https://mo-knits.example.net/",  # an address is not a side: asked again
            "personal",
            "https://morag-finlay.example.org/",
            "Volunteering",
            "github:mfinlay-lib",  # already listed
            "",
        ]
    )
    result = CliRunner().invoke(app, ["init", "-o", str(out)], input=answers + "\n")
    assert result.exit_code == 0, result.output
    assert "could be a username on any platform" in result.output
    assert "A GitHub account: its public profile" in result.output
    assert "A Mastodon account" in result.output
    assert "github:mfinlay-lib is already listed" in result.output
    assert result.output.count("Type personal or professional, or a word of your own") == 2
    assert f"linkage audit {out}" in result.output
    accounts = load_accounts(out).accounts
    assert [(a.handle.id, a.persona) for a in accounts if a.handle] == [
        ("github:mfinlay-lib", "professional"),
        ("mastodon:quietknitter@knitting.example.social", "personal"),
        ("web:https://morag-finlay.example.org/", "Volunteering"),
    ]


def test_init_takes_the_file_to_write_as_the_contract_names_it(tmp_path: Path, monkeypatch) -> None:
    """``linkage init [ACCOUNTS.toml]``: the file as an argument, as ``audit`` and ``app`` read
    it; ``-o`` as the other commands write theirs; by default accounts.toml here."""
    answers = "https://github.com/mfinlay-lib\nprofessional\n\n"
    named = tmp_path / "mine.toml"
    result = CliRunner().invoke(app, ["init", str(named)], input=answers)
    assert result.exit_code == 0, result.output
    assert [a.handle.id for a in load_accounts(named).accounts if a.handle] == [
        "github:mfinlay-lib"
    ]
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["init"], input=answers)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "accounts.toml").exists()
    result = CliRunner().invoke(app, ["init", "a.toml", "-o", "b.toml"], input=answers)
    assert result.exit_code == 2
    assert "two files to write: a.toml and --output b.toml. Give one of them." in result.output
    assert not (tmp_path / "a.toml").exists() and not (tmp_path / "b.toml").exists()


def test_init_leaves_an_existing_file_unless_told(tmp_path: Path) -> None:
    out = tmp_path / "accounts.toml"
    out.write_text("# mine\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["init", "-o", str(out)], input="n\n")
    assert result.exit_code == 2
    assert "left as it was" in result.output
    assert out.read_text(encoding="utf-8") == "# mine\n"


def test_init_asks_again_in_words_when_the_answer_is_neither_yes_nor_no(tmp_path: Path) -> None:
    """Any answer but y or n to "Replace it?" printed the framework's bare "Error: invalid
    input"."""
    out = tmp_path / "accounts.toml"
    out.write_text("# mine\n", encoding="utf-8")
    answers = "replace\nYes\nhttps://github.com/mfinlay-lib\nprofessional\n\n"
    result = CliRunner().invoke(app, ["init", str(out)], input=answers)
    assert result.exit_code == 0, result.output
    assert "Error" not in result.output
    assert result.output.count(f"{out} exists. Replace it? [y/N]") == 2
    assert "Type y or n (or press Enter for no)." in result.output
    assert [a.handle.id for a in load_accounts(out).accounts if a.handle] == ["github:mfinlay-lib"]


def test_init_stopped_before_the_list_ends_says_what_was_not_saved(tmp_path: Path) -> None:
    """Input that ended (Ctrl-D, or Ctrl-C) before the empty line that ends the list printed
    Click's bare "Aborted!". Input that is not a terminal (here, the test's) had no one to
    answer the questions: bad usage (2), with the other ways to write the file."""
    out = tmp_path / "accounts.toml"
    result = CliRunner().invoke(app, ["init", "-o", str(out)], input="")
    assert result.exit_code == 2
    assert "stopped before any account was given: nothing saved." in result.output
    assert "asks its questions in a terminal" in " ".join(result.output.split())
    result = CliRunner().invoke(
        app,
        ["init", "-o", str(out)],
        input="https://github.com/mfinlay-lib\nprofessional\n"
        "https://morag-finlay.example.org/\n",  # no side given for this one
    )
    assert result.exit_code == 2 and "Aborted" not in result.output
    said = " ".join(result.output.split())
    assert "so the 1 account typed was not saved. An empty line ends the list" in said
    assert not out.exists()


def test_the_end_of_input_after_an_account_ends_the_list(tmp_path: Path) -> None:
    """Ctrl-D at the next account's question threw away the accounts typed: many people end
    a list that way."""
    out = tmp_path / "accounts.toml"
    result = CliRunner().invoke(
        app, ["init", "-o", str(out)], input="https://github.com/mfinlay-lib\nprofessional\n"
    )
    assert result.exit_code == 0, result.output
    assert f"Saved 1 account in {out}." in result.output
    assert [a.handle.id for a in load_accounts(out).accounts if a.handle] == ["github:mfinlay-lib"]


def test_init_takes_the_path_of_a_data_export(tmp_path: Path) -> None:
    """An export's path was "not a handle": the accounts file had to be edited by hand."""
    from tests.collectors.archives.layouts import Builder, x_layout

    (tmp_path / "exports").mkdir()
    export = Builder(tmp_path / "exports").zip("twitter-2024.zip", x_layout())
    (tmp_path / "notes.txt").write_text("my accounts\n", encoding="utf-8")
    out = tmp_path / "accounts.toml"
    answers = [
        str(tmp_path / "notes.txt"),
        str(export),
        "personal",
        str(export),
        "githb:mfinlay-lib",
        "x:mfinlay",
        "",
    ]
    result = CliRunner().invoke(app, ["init", "-o", str(out)], input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "is not an archive this tool can read" in said  # the notes: asked again
    assert "A data export of X/Twitter (twitter-2024.zip)" in said
    assert "twitter-2024.zip is already listed" in said
    assert "Did you mean github:mfinlay-lib?" in said
    # an X handle: this prompt takes the export's path, not the accounts file's archive line
    assert "Add your X data export instead" in said and 'archive = "PATH"' not in said
    assert "type the path of the downloaded file here, at this prompt" in said
    (listed,) = load_accounts(out).accounts
    assert (listed.archive, listed.persona, listed.kind) == (export, "personal", "x-archive")
    assert 'archive = "exports/twitter-2024.zip"' in out.read_text(encoding="utf-8")


def test_init_reads_a_path_as_terminals_write_a_dragged_file_and_says_when_none_is_there(
    tmp_path: Path,
) -> None:
    """A path with its spaces escaped ("My\\ Downloads/…", as a dragged file is typed) or one
    naming no file was "not a handle. Write PLATFORM:NAME…"; a Windows path was "'c' is not a
    platform linkage knows"; a side's label was cut at 40 characters without a word, and a
    quoted path was taken for one."""
    from tests.collectors.archives.layouts import Builder, x_layout

    folder = tmp_path / "My Downloads"
    folder.mkdir()
    export = Builder(folder).zip("twitter-2024.zip", x_layout())
    out = tmp_path / "accounts.toml"
    answers = [
        str(tmp_path / "Downloads" / "missing.zip"),
        "C:\\Users\\zoe\\Downloads\\twitter.zip",
        "\\\\server\\share\\export.zip",  # a Windows share keeps its backslashes
        "~nobody-by-this-name/x.zip",  # no such user here: no internal error
        os.devnull,  # a device, not "no file"
        "/u/fell_moth",  # a Reddit account, written as Reddit writes it, not a path
        "personal",
        str(export).replace(" ", "\\ "),
        "My very own personal side of life as a hobbyist",
        f"'{export}'",
        "personal",
        "",
    ]
    result = CliRunner().invoke(app, ["init", "-o", str(out)], input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert f"There is no file at {tmp_path / 'Downloads' / 'missing.zip'}." in said
    assert "There is no file at C:\\Users\\zoe\\Downloads\\twitter.zip." in said
    assert "is not a handle" not in said and "is not a platform" not in said
    assert "There is no file at \\\\server\\share\\export.zip." in said
    assert "There is no file at ~nobody-by-this-name/x.zip." in said and "internal" not in said
    assert "is not a file but a pipe or a device" in said
    assert "That label is 47 characters long; keep it to 40 characters or fewer" in said
    reddit, listed = load_accounts(out).accounts
    assert reddit.label == "reddit:fell_moth"
    assert (listed.archive, listed.persona) == (export, "personal")


def test_written_file_reads_back_exactly(tmp_path: Path) -> None:
    """Odd labels and archive paths survive the round trip through TOML."""
    out = tmp_path / "sub" / "accounts.toml"
    export = tmp_path / "sub" / "uploads" / 'x "quoted".zip'
    specs = [
        AccountSpec(1, 'Work \\ "café" ✓', parse_handle("github:mfinlay-lib")),
        AccountSpec(2, None, parse_handle("https://morag-finlay.example.org/")),
        AccountSpec(3, "personal", archive=export, kind="mastodon-archive"),
    ]
    write_accounts(out, 'Morag "Demo" Finlay', specs)
    assert (out.stat().st_mode & 0o777) == 0o600
    file = load_accounts(out)
    assert file.owner == 'Morag "Demo" Finlay'
    assert [(a.persona, a.handle, a.archive, a.kind) for a in file.accounts] == [
        (s.persona, s.handle, s.archive, s.kind) for s in specs
    ]
    assert 'archive = "uploads/' in out.read_text(encoding="utf-8")  # relative: it moves along
    store = AccountsStore(out)
    assert [row.label for row in store.rows()] == [
        "github:mfinlay-lib",
        "web:https://morag-finlay.example.org/",
        'x "quoted".zip',
    ]


def test_init_asks_again_for_a_misspelt_side(tmp_path: Path) -> None:
    """ "proffesional" went into the file as a third side of the person."""
    out = tmp_path / "accounts.toml"
    answers = ["https://github.com/mfinlay-lib", "proffesional", "professional", ""]
    result = CliRunner().invoke(app, ["init", "-o", str(out)], input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "'proffesional' looks like 'professional' misspelt" in result.output
    assert [a.persona for a in load_accounts(out).accounts] == ["professional"]


def test_init_with_no_one_to_answer_leaves_an_existing_file(tmp_path: Path) -> None:
    """With no input the question "Replace it?" ended on a bare "Aborted!"."""
    out = tmp_path / "accounts.toml"
    out.write_text('[[account]]\nhandle = "github:mfinlay-lib"\n', "utf-8")
    result = CliRunner().invoke(app, ["init", "-o", str(out)], input="")
    assert result.exit_code == 2
    assert "was left as it was. Give another file name, or --force." in result.output
    assert "Aborted" not in result.output
    assert out.read_text("utf-8") == '[[account]]\nhandle = "github:mfinlay-lib"\n'


def test_init_refuses_at_the_prompt_a_folder_the_audit_would_refuse(tmp_path: Path) -> None:
    """'/tmp' was taken as "A data export of Facebook or Instagram or … (tmp)", which the
    audit then refused; and a folder of two exports was answered in the accounts file's words
    ("in its own [[account]] entry: archive = …") at a prompt that takes paths. Each path is
    checked as the audit checks it, and what to do is said for this prompt."""
    from collectors.archives import ArchiveError, choose, open_archive
    from tests.collectors.archives.layouts import Builder, x_layout
    from tests.collectors.archives.layouts_more import reddit_layout

    build = Builder(tmp_path)
    # two platforms' exports' files mixed together in one folder (as under /tmp)
    reddit = {f"data/{name}": data for name, data in reddit_layout().items()}
    mixed = build.folder("downloads", {**x_layout(), **reddit})
    apart = build.folder(
        "exports",
        {
            **{f"twitter/{name}": data for name, data in x_layout().items()},
            **{f"reddit/{name}": data for name, data in reddit_layout().items()},
        },
    )
    for folder in (mixed, apart):  # the audit refuses each: which export would it read?
        with open_archive(folder) as archive, pytest.raises(ArchiveError):
            choose(archive)
    out = tmp_path / "accounts.toml"
    answers = [str(mixed), str(apart), str(apart / "twitter"), "personal", ""]
    result = CliRunner().invoke(app, ["init", str(out)], input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert (
        "This folder looks like the exports of more than one platform (Reddit and X/Twitter) "
        "mixed together, so linkage cannot tell which one to read. Type the path of one "
        "platform's export at a time: its own zip file, or the folder it was unpacked into."
    ) in said
    assert (
        "This folder holds several exports, not one: a Reddit data export in 'reddit' and an "
        "X/Twitter archive in 'twitter'. Type each export's path at this prompt, one at a "
        f"time: {apart / 'reddit'}, then {apart / 'twitter'}."
    ) in said
    assert "[[account]]" not in said and "kind =" not in said
    assert "A data export of X/Twitter (twitter)" in said
    listed = load_accounts(out).accounts
    assert [(a.archive, a.kind) for a in listed] == [(apart / "twitter", "x-archive")]
