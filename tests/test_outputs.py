"""Outputs that cannot mislead: a redacted run writes no collected string into any file
beside its output, the collected profiles stay in the private data folder unless asked for by
name, and the summary names every file written and what it holds."""

from __future__ import annotations

import html
from pathlib import Path

from typer.testing import CliRunner

from linkage.cli import app
from linkage.demo import FixtureServer
from linkage.record_files import read_profiles
from linkage.store import data_dir
from tests.people import ACCOUNTS, COLLECTED, write_sites

runner = CliRunner()


def collected_strings(profiles: Path) -> set[str]:
    """Every string the collection read (and the longer words of the writing)."""
    found = set(COLLECTED)
    for p in read_profiles(profiles):
        for value in (p.handle, p.url, p.display_name, p.bio, p.location, *p.links):
            if value and len(value.strip()) >= 4:
                found.add(value.strip().rstrip("/"))
        for post in p.posts:
            found.add(post.text.strip())
            found |= {w.strip(".,;") for w in post.text.split() if len(w) >= 8}
    return found


def test_a_redacted_run_leaves_no_collected_string_beside_its_output(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    accounts = tmp_path / "accounts.toml"
    accounts.write_text(ACCOUNTS, "utf-8")
    common = ["--endpoint", "*={url}", "--cache-dir", str(tmp_path / "cache")]
    with FixtureServer(write_sites(tmp_path / "sites")) as server:
        common[1] = common[1].format(url=server.url)
        # an earlier audit, so the shared report also has its "since your last audit" section
        first = runner.invoke(
            app, ["audit", str(accounts), "-q", *common, "-o", str(tmp_path / "mine.html")]
        )
        assert first.exit_code == 0, first.output
        write_sites(tmp_path / "sites", advice_followed=True)
        result = runner.invoke(
            app,
            [
                "audit", str(accounts), "-q", *common, "--refresh",
                "-o", str(out / "for-manager.html"), "--redact",
                "--json", str(out / "for-manager.json"), "--csv", str(out / "tables"),
            ],
        )  # fmt: skip
    assert result.exit_code == 0, result.output
    (profiles,) = (data_dir() / "profiles").glob("*.jsonl")
    strings = collected_strings(profiles)
    assert any("sketchbook" in s.lower() for s in strings), "the linked site was not followed"

    written = sorted(p for p in out.rglob("*") if p.is_file())
    assert {p.name for p in written} == {
        "for-manager.html",
        "for-manager.json",
        "profiles.csv",
        "links.csv",
    }
    shared = (out / "for-manager.html").read_text()
    # read by someone else: the account holder's last audit, not "your"
    assert "Since the last audit" in shared and "harder to join" in shared
    assert "Advised last time, not done yet" in shared
    leaks = []
    for path in written:
        text = path.read_text("utf-8")
        text += html.unescape(text)
        leaks += [f"{path.name}: {s!r}" for s in strings if s in text]
    assert leaks == []

    # the summary names each file and what it holds; the unredacted profiles are private
    assert (
        f"{out / 'for-manager.html'}: redacted, to share: no names, handles, pictures or posts"
        in result.output
    )
    assert (
        f"{out / 'for-manager.json'}: redacted analysis, to share: no names, handles, pictures or posts"
        in result.output
    )
    assert (
        f"{out / 'tables' / 'profiles.csv'}: redacted tables, to share: no names, handles, pictures or posts"
        in result.output
    )
    assert (
        f"{profiles}: the collected profiles, unredacted (linkage's private data folder)"
        in result.output
    )


def test_profiles_are_written_beside_the_report_only_when_named(tmp_path: Path) -> None:
    accounts = tmp_path / "accounts.toml"
    accounts.write_text(ACCOUNTS, "utf-8")
    named = tmp_path / "mine.jsonl"
    with FixtureServer(write_sites(tmp_path / "sites")) as server:
        result = runner.invoke(
            app,
            [
                "audit", str(accounts), "-q", "--depth", "0",
                "--endpoint", f"*={server.url}", "--cache-dir", str(tmp_path / "cache"),
                "-o", str(tmp_path / "report.html"), "--profiles", str(named),
            ],
        )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert f"{named}: the collected profiles, unredacted; keep it private" in result.output
    assert "Ines Dunmore" in named.read_text()
    assert f"{tmp_path / 'report.html'}: the full report" in result.output
    assert not (tmp_path / "report-profiles.jsonl").exists()
    assert not (data_dir() / "profiles").exists() or not list((data_dir() / "profiles").iterdir())


def test_a_side_of_the_persons_own_naming_is_numbered_in_every_redacted_output(
    tmp_path: Path,
) -> None:
    """A side labelled in the person's own words ("Harbourside rowing club") went word for
    word into the redacted report, its picture, its JSON and tables, and the terminal."""
    out = tmp_path / "out"
    out.mkdir()
    accounts = tmp_path / "accounts.toml"
    accounts.write_text(
        ACCOUNTS.replace('persona = "personal"', 'persona = "Harbourside rowing club"'), "utf-8"
    )
    with FixtureServer(write_sites(tmp_path / "sites")) as server:
        result = runner.invoke(
            app,
            [
                "audit", str(accounts), "--endpoint", f"*={server.url}",
                "--cache-dir", str(tmp_path / "cache"), "--redact",
                "-o", str(out / "shared.html"), "--json", str(out / "shared.json"),
                "--csv", str(out / "tables"),
            ],
        )  # fmt: skip
    assert result.exit_code == 0, result.output
    said = result.output + (result.stderr if result.stderr_bytes is not None else "")
    assert "entry 2 of 2 (Website, other)" in said  # the progress lines
    written = sorted(p for p in out.rglob("*") if p.is_file())
    assert len(written) == 4
    for text in [said, *(p.read_text("utf-8") for p in written)]:
        assert "rowing" not in html.unescape(text).lower()
    shared = (out / "shared.html").read_text("utf-8")
    assert "Other account " in shared and "The other and professional sides can be" in shared


def test_a_side_keeps_its_own_name_and_capitals_in_the_full_report(tmp_path: Path) -> None:
    from reports.labels import persona_title, shared_sides

    assert persona_title("AWS team") == "AWS team"  # was "Aws team"
    assert shared_sides(["Personal", "professional", "Zine club", "AWS team", None]) == {
        "Personal": "personal",
        "professional": "professional",
        "AWS team": "other",
        "Zine club": "other-2",
    }
