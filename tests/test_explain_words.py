"""``linkage explain`` says the level first, and what its percentage rests on: a small file
starts any two accounts high, and the clue through the person's other accounts moves with the
starting point (``--prior``); it finds the accounts asked for (or says which were meant), and
a pair with an account that could not be read is unknown, as in the links file."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from linkage.cli import app
from linkage.record_files import write_jsonl
from linkage.records import Collected, Profile

runner = CliRunner()
BLOG = "https://fennick-rowe.example.org/"


def account(pid: str, persona: str, **fields) -> Profile:
    platform, handle = pid.split(":", 1)
    return Profile(
        id=pid, platform=platform, handle=handle.removeprefix("https://"), persona=persona,
        collected=Collected(collector=platform, at="2026-12-05T09:00:00Z"), **fields,
    )  # fmt: skip


def explain(tmp_path: Path, profiles: list[Profile], a: str, b: str, *extra: str) -> list[str]:
    path = tmp_path / "profiles.jsonl"
    write_jsonl(path, profiles)
    done = runner.invoke(app, ["explain", *extra, str(path), a, b], env={"COLUMNS": "400"})
    assert done.exit_code == 0, done.output
    return done.output.splitlines()


def test_a_high_figure_on_weak_clues_says_it_comes_from_a_small_file(tmp_path: Path) -> None:
    """ "In all: 93 % likely one person" came first and the level "unlikely" after it."""
    profiles = [
        account("mastodon:maren@fell.example.social", "personal"),
        account("reddit:maren_k", "professional"),
        account("github:obrandt", "professional", display_name="Ola Brandt"),
    ]
    lines = explain(tmp_path, profiles, "mastodon:maren@fell.example.social", "reddit:maren_k")
    level, among, rule = lines[-3:]
    assert level.startswith("Level \u201cunlikely\u201d: ") and "bits of evidence" in level
    assert among.startswith("In all: ") and among.endswith(
        "it is that high only because in a file of 3 accounts that could be read any two start "
        "at 50 %: the clues themselves are weak."
    )
    given = explain(
        tmp_path, profiles, "mastodon:maren@fell.example.social", "reddit:maren_k", "-q",
        "--prior", "60%",
    )  # fmt: skip
    assert given[-1].endswith(  # the starting point is the one given, not the file's
        "because the starting point given (--prior) is 60 %: the clues themselves are weak."
    )
    assert rule == "The level goes by the clues, not by the starting point."

    quiet = explain(
        tmp_path, profiles, "mastodon:maren@fell.example.social", "reddit:maren_k", "--quiet"
    )
    assert quiet == [level, among]  # the level and the figure, nothing else


def test_the_clue_through_other_accounts_is_said_to_move_with_the_starting_point(
    tmp_path: Path,
) -> None:
    """ "The level goes by the clues, not by the starting point" was said of a pair whose
    clue through the blog both accounts link to changes with --prior."""
    profiles = [
        account("github:frowe-dev", "professional", links=[BLOG]),
        account(f"web:{BLOG}", "professional", display_name="Fennick Rowe", url=BLOG),
        account("mastodon:moss@fern.example.social", "personal", links=[BLOG]),
        account("reddit:quiet_heron", "personal"),
    ]
    through = explain(tmp_path, profiles, "github:frowe-dev", "mastodon:moss@fern.example.social")
    assert through[-1].endswith("so it moves with the starting point (--prior).")
    figures = {
        prior: explain(
            tmp_path, profiles, "github:frowe-dev", "mastodon:moss@fern.example.social",
            "--prior", prior,
        )[-3]
        for prior in ("0.1", "0.001")
    }  # fmt: skip
    assert figures["0.1"] != figures["0.001"]  # as it says: the level line moves
    plain = explain(tmp_path, profiles, "github:frowe-dev", "reddit:quiet_heron")
    assert plain[-1] == "The level goes by the clues, not by the starting point."


def test_accounts_may_be_named_by_address_and_a_prior_as_a_percentage(tmp_path: Path) -> None:
    """A profile address was "no account with the id"; "--prior 50%" got a parser's words."""
    profiles = [
        account("github:frowe-dev", "professional", links=[BLOG]),
        account(f"web:{BLOG}", "professional", display_name="Fennick Rowe", url=BLOG),
    ]
    by_id = explain(tmp_path, profiles, "github:frowe-dev", f"web:{BLOG}", "--prior", "0.5")
    by_address = explain(tmp_path, profiles, "https://github.com/frowe-dev", BLOG, "--prior", "50%")
    assert by_address == by_id
    refused = runner.invoke(
        app, ["explain", "--prior", "5", str(tmp_path / "profiles.jsonl"), "github:frowe-dev", BLOG]
    )
    assert refused.exit_code == 2
    assert (
        "'5' is not a probability here: give a number from 1e-09 to 0.999, such as 0.05, or a "
        in (" ".join(refused.output.split()))
    )


def test_explain_unknown_id(tmp_path):
    profiles = tmp_path / "p.jsonl"
    profiles.write_text('{"id": "github:a", "platform": "github", "handle": "a"}\n')
    result = runner.invoke(app, ["explain", str(profiles), "github:a", "github:b"])
    assert result.exit_code == 2 and "no account with the id 'github:b'" in result.output


def test_explain_suggests_the_id_a_typing_slip_meant(tmp_path):
    """A handle without its platform, or one letter too many, is answered with the id meant;
    an id like none in the file with nothing."""
    profiles = tmp_path / "p.jsonl"
    profiles.write_text(
        '{"id": "github:wren-halloway", "platform": "github", "handle": "wren-halloway"}\n'
        '{"id": "reddit:fellside_wren", "platform": "reddit", "handle": "fellside_wren"}\n'
    )
    for given, meant in (
        ("wren-halloway", "github:wren-halloway"),
        ("reddit:felside_wren", "reddit:fellside_wren"),
        ("Reddit:Fellside_Wrenn", "reddit:fellside_wren"),
    ):
        result = runner.invoke(app, ["explain", str(profiles), given, "reddit:fellside_wren"])
        said = " ".join(result.output.split())
        assert result.exit_code == 2 and f"Did you mean: {meant}?" in said, said
    result = runner.invoke(app, ["explain", str(profiles), "github:a", "reddit:fellside_wren"])
    assert result.exit_code == 2 and "Did you mean" not in result.output


def test_a_pair_with_an_account_not_read_is_unknown_in_explain_as_in_the_links_file(tmp_path):
    """The links file and the report leave out an account that could not be read (its pairs
    are unknown), but explain scored the handles alone: 'almost certainly one person' for two
    accounts never seen; and link counted their pairs as scored."""
    failed = {"collector": "github", "at": "2026-12-01T10:00:00Z",
              "error": "network failure: could not reach the site"}  # fmt: skip
    records = [
        {"id": "github:wren-fellside", "platform": "github", "handle": "wren-fellside",
         "collected": failed},
        {"id": "reddit:fellside_wren", "platform": "reddit", "handle": "fellside_wren",
         "bio": "Fell runner."},
        {"id": "mastodon:tarn_h", "platform": "mastodon", "handle": "tarn_h", "bio": "Tarns."},
    ]  # fmt: skip
    profiles = tmp_path / "p.jsonl"
    profiles.write_text("".join(json.dumps(r) + "\n" for r in records))
    result = runner.invoke(
        app, ["explain", str(profiles), "github:wren-fellside", "reddit:fellside_wren"]
    )
    said = " ".join(result.output.split())
    assert result.exit_code == 1, said  # as link and report: an account could not be read
    assert "github:wren-fellside could not be read: network failure" in said
    assert "how likely the two are one person is unknown, not low" in said
    assert "one person, from" not in said and "bits of evidence" not in said
    links = tmp_path / "l.csv"
    result = runner.invoke(app, ["link", str(profiles), "-o", str(links), "--min-probability", "0"])
    said = " ".join(result.output.split())
    assert "Scored 1 pair (1 account could not be read and was left out" in said, said
    assert "github:wren-fellside" not in links.read_text()


def test_explain_needs_two_different_accounts(tmp_path):
    profiles = tmp_path / "p.jsonl"
    profiles.write_text('{"id": "github:a", "platform": "github", "handle": "a"}\n')
    result = runner.invoke(app, ["explain", str(profiles), "github:a", "github:a"])
    assert result.exit_code == 2 and "two different accounts" in result.output


def test_a_narrow_terminal_wraps_long_values_and_cuts_none(tmp_path: Path) -> None:
    """At 60 columns "mastodon:sokol@fedivers…" lost the rest of the id, and the comma and
    colon after it: the sentence no longer read."""
    a, b = "github:fennick-rowe-writes-long-handles", "reddit:fennick_rowe_writes_long_handles"
    profiles = [account(a, "professional"), account(b, "personal")]
    path = tmp_path / "profiles.jsonl"
    write_jsonl(path, profiles)
    done = runner.invoke(app, ["explain", str(path), a, b], env={"COLUMNS": "60"})
    assert done.exit_code == 0, done.output
    assert "…" not in done.output
    # the table's cells, read across its lines: every id and quote whole
    cells = "".join(
        part.strip()
        for line in done.output.splitlines()
        for part in line.split("│")[-2:-1]  # the last column: what was found
    )
    # both spellings of the one username, each whole with its quotes and the comma between
    assert "('fennick-rowe-writes-long-handles','fennick_rowe_writes_long_handles')" in cells, cells


def test_accounts_may_be_named_as_the_report_names_them(tmp_path: Path) -> None:
    """'explain demo.jsonl "mfinlay-lib (GitHub)" …', the names the report and the terminal
    show, was "has no account with the id 'mfinlay-lib (GitHub)'", with no suggestion."""
    profiles = [
        account("github:frowe-dev", "professional", links=[BLOG]),
        account(f"web:{BLOG}", "professional", display_name="Fennick Rowe", url=BLOG),
        account("mastodon:fen@fell.example.social", "personal"),
    ]
    by_id = explain(tmp_path, profiles, "github:frowe-dev", f"web:{BLOG}")
    by_name = explain(
        tmp_path, profiles, "frowe-dev (GitHub)", "fennick-rowe.example.org (Website)"
    )
    assert by_name == by_id
    # in any case, spaced as typed
    assert explain(tmp_path, profiles, "FROWE-DEV  (github)", f"web:{BLOG}") == by_id
    assert explain(tmp_path, profiles, "fen@fell.example.social (Mastodon)", "github:frowe-dev")
    path = str(tmp_path / "profiles.jsonl")
    for given, meant in (
        ("frowe-dew (GitHub)", "github:frowe-dev"),
        ("fen@fell.example.socal (Mastodon)", "mastodon:fen@fell.example.social"),
    ):
        result = runner.invoke(app, ["explain", path, given, f"web:{BLOG}"])
        said = " ".join(result.output.split())
        assert result.exit_code == 2, said
        assert f"has no account named '{given}'. Did you mean: {meant}?" in said, said
    result = runner.invoke(app, ["explain", path, "quill (Reddit)", f"web:{BLOG}"])
    assert result.exit_code == 2 and "Did you mean" not in result.output
    # a name the report gives two accounts (a website read by http and by https) is not guessed
    profiles.append(account("web:http://fennick-rowe.example.org/", "personal"))
    write_jsonl(tmp_path / "profiles.jsonl", profiles)
    result = runner.invoke(
        app, ["explain", path, "fennick-rowe.example.org (Website)", "github:frowe-dev"]
    )
    said = " ".join(result.output.split())
    assert result.exit_code == 2, said
    assert (
        f"'fennick-rowe.example.org (Website)' names 2 accounts in {path}: web:{BLOG}, "
        "web:http://fennick-rowe.example.org/. Give the one you mean by its id." in said
    )
