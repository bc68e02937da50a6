"""``linkage forget ACCOUNT`` asks before it deletes past audits that were audits of other
accounts too (they hold those accounts' results: without them, their next audit has nothing to
compare with), and names each account as the person named it (a Gravatar account given by its
email address, not by the hash linkage keeps it under).

The data and cache folders are filled by real audits through the command line, against the
project's fixture server: Ines Dunmore's two websites (``tests.people``) and Alex Example's
accounts (``fixtures/all_platforms``), both invented."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from collectors.cache_admin import entries
from linkage.cli import app
from linkage.demo import FixtureServer
from tests.people import BIRDS, WORK, write_sites

runner = CliRunner()
ALL_PLATFORMS = Path(__file__).resolve().parent.parent / "fixtures" / "all_platforms" / "sites"
#: Variables that would change what the collectors request.
ENVIRONMENT = ("LINKAGE_ENDPOINTS", "GITHUB_TOKEN", "REDDIT_TOKEN", "GRAVATAR_API_KEY")
#: The id linkage keeps gravatar:alex@example.org under: its email address's hash.
ALEX_HASH = "2533d1b2cab8476f9e0c7226e027a013942c2aa3990443113939a3081ea8e1a6"


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)


def audit(tmp_path: Path, sites: Path, handles: list[str], cache: Path) -> None:
    """One 'linkage audit' of these accounts (kept, as every audit is)."""
    accounts = tmp_path / "accounts.toml"
    accounts.write_text("".join(f'[[account]]\nhandle = "{h}"\n\n' for h in handles), "utf-8")
    with FixtureServer(sites) as server:
        result = runner.invoke(
            app,
            [
                "audit", str(accounts), "-q", "-o", str(tmp_path / "report.html"),
                "--endpoint", f"*={server.url}", "--cache-dir", str(cache),
            ],
        )  # fmt: skip
    assert result.exit_code == 0, result.output


def forget(*args: str, cache: Path, answer: str | None = None):
    return runner.invoke(app, ["forget", *args, "--cache-dir", str(cache)], input=answer)


def kept(data: Path) -> list[Path]:
    """Every file of the data folder but the fingerprints' key."""
    return sorted(p for p in data.rglob("*") if p.is_file() and p.name != ".secret")


def said(result: object) -> str:
    return " ".join(result.output.split())  # type: ignore[attr-defined]


def test_forgetting_one_account_of_a_kept_audit_asks_first(
    tmp_path: Path, private_data_dir: Path
) -> None:
    """'forget web:BIRDS' deleted the past audit of both her sites without a word: the work
    site lost the audit its next one is compared with."""
    cache = tmp_path / "cache"
    sites = write_sites(tmp_path / "sites")
    audit(tmp_path, sites, [f"web:{WORK}", f"web:{BIRDS}"], cache)
    when = runner.invoke(app, ["history"]).output[:20]  # "2026-12-08 01:07 UTC"
    files, answers = kept(private_data_dir), len(entries(cache))
    assert files and answers

    # no, the default, and neither (asked again: it said "Error: invalid input")
    for answer in ("n\n", "\n", "perhaps\nn\n"):
        result = forget(f"web:{BIRDS}", cache=cache, answer=answer)
        assert result.exit_code == 0, result.output
        text = said(result)
        assert ("Type y or n (or press Enter for no)." in text) == answer.startswith("perhaps")
        assert "Error" not in text
        assert (
            f"Forgetting web:{BIRDS} deletes the past audit that mentions it, which is also an "
            f"audit of other accounts: {when} 2 accounts (web:{WORK}, web:{BIRDS})" in text
        )
        assert f"Without it, web:{WORK} has no earlier audit to compare its next audit with" in text
        assert f"Delete the past audit and forget web:{BIRDS}? [y/N]" in text
        assert text.endswith("Nothing deleted.")
        assert "Forgot" not in text
        assert kept(private_data_dir) == files and len(entries(cache)) == answers

    result = forget(f"web:{BIRDS}", cache=cache)  # no one to answer: no terminal, no input
    assert result.exit_code == 2, result.output
    assert "no answer, so nothing was deleted: give --yes to delete without asking" in said(result)
    assert kept(private_data_dir) == files and len(entries(cache)) == answers

    result = forget(f"web:{BIRDS}", cache=cache, answer="y\n")
    assert result.exit_code == 0, result.output
    assert f"Forgot web:{BIRDS}:" in result.output
    assert "Deleted 1 past audit and " in said(result)
    assert kept(private_data_dir) == []
    assert {e.host for e in entries(cache)} == {"ines-dunmore.example.org"}


def test_yes_forgets_without_asking(tmp_path: Path, private_data_dir: Path) -> None:
    cache = tmp_path / "cache"
    audit(tmp_path, write_sites(tmp_path / "sites"), [f"web:{WORK}", f"web:{BIRDS}"], cache)
    for flag in ("--yes", "-y"):
        result = forget(f"web:{BIRDS}", flag, cache=cache)
        assert result.exit_code == 0, result.output
        assert "[y/N]" not in result.output
        assert kept(private_data_dir) == []
        audit(tmp_path, write_sites(tmp_path / "sites"), [f"web:{WORK}", f"web:{BIRDS}"], cache)
    # said after deleting, as before: what the other account lost
    assert (
        f"Those past audits were also audits of web:{WORK}: the next audit of those has no "
        "earlier one to compare with." in said(result)
    )


def test_past_audits_of_only_the_accounts_forgotten_go_without_a_question(
    tmp_path: Path, private_data_dir: Path
) -> None:
    """Nothing of another account is lost: the question would only be in the way (this passes
    on the code before the question too; it keeps the question from asking too often)."""
    cache = tmp_path / "cache"
    sites = write_sites(tmp_path / "sites")
    audit(tmp_path, sites, [f"web:{BIRDS}"], cache)  # her sketchbook found from its link
    result = forget(f"web:{BIRDS}", cache=cache)  # no input: it would refuse if it asked
    assert result.exit_code == 0, result.output
    assert "[y/N]" not in result.output and "Forgetting" not in result.output
    assert "Deleted 1 past audit and " in said(result)
    assert kept(private_data_dir) == []
    # both accounts of an audit forgotten at once: nothing of another account is lost either
    audit(tmp_path, sites, [f"web:{WORK}", f"web:{BIRDS}"], cache)
    result = forget(f"web:{BIRDS}", f"web:{WORK}", cache=cache)
    assert result.exit_code == 0, result.output
    assert "[y/N]" not in result.output
    assert kept(private_data_dir) == []


def test_a_gravatar_account_is_named_by_the_email_address_typed(
    tmp_path: Path, private_data_dir: Path
) -> None:
    """'forget gravatar:alex@example.org' said "Forgot gravatar:2533d1b2…": the hash of the
    address, which the person never typed."""
    cache = tmp_path / "cache"
    audit(tmp_path, ALL_PLATFORMS, ["gravatar:alex@example.org", "github:alex-example"], cache)
    assert f"gravatar:{ALEX_HASH}" in runner.invoke(app, ["history"]).output  # kept by its hash
    listing = private_data_dir / "app" / "accounts.toml"  # the app's list, written by hand
    listing.parent.mkdir()
    listing.write_text('[[account]]\nhandle = "gravatar:alex@example.org"\n', "utf-8")

    result = forget("gravatar:Alex@example.org", cache=cache, answer="y\n")
    assert result.exit_code == 0, result.output
    text = said(result)
    assert f"The app's accounts list {listing} still names gravatar:alex@example.org:" in text
    assert "2 accounts (gravatar:Alex@example.org, github:alex-example)" in text
    assert "Delete the past audit and forget gravatar:Alex@example.org? [y/N]: y" in text
    assert "Forgot gravatar:Alex@example.org: " in text
    assert ALEX_HASH not in text
    assert ALEX_HASH not in runner.invoke(app, ["history"]).output
    listing.unlink()

    # nothing kept any more: said of the address too, typed or in an accounts file
    result = forget("gravatar:mailto:alex@example.org", cache=cache)
    assert result.output.endswith(
        "linkage keeps nothing about gravatar:alex@example.org: nothing to delete.\n"
    )
    listed = tmp_path / "gravatar.toml"
    listed.write_text('[[account]]\nhandle = "alex@example.org"\nplatform = "gravatar"\n')
    result = forget("--accounts", str(listed), cache=cache)
    assert result.exit_code == 0, result.output
    assert "linkage keeps nothing about gravatar:alex@example.org: nothing to delete." in (
        result.output
    )
    assert ALEX_HASH not in result.output
