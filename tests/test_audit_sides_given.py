"""An account listed without a side, beside accounts that have one. Real audits through the
command line, the project's fixture server standing in for every platform
(``fixtures/all_platforms/sites``).

Before, with ``github:alex-example`` listed with no persona and ``reddit:quiet_reader`` as
``persona = "personal"``, the terminal said "All of these accounts are on one side of you
(personal), so there is no other side to keep them apart from", of a GitHub account that is
on no side, and never named it; the report's card called the listed account "found by the
audit", and the picture's key "no label"."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
from typer.testing import CliRunner

from linkage.cli import app
from linkage.demo import FixtureServer
from tests.test_collect_all_platforms import ENVIRONMENT, SITES

runner = CliRunner()


@pytest.fixture
def audit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A function that audits an accounts file (its text) through the command line, reported
    to ``name``.html: the terminal's words and the report's text."""
    for name in ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LINKAGE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    with FixtureServer(SITES) as server:

        def run(name: str, accounts: str) -> tuple[str, str]:
            listed = tmp_path / f"{name}.toml"
            listed.write_text(f'owner = "Alex Example (fictional)"\n{accounts}', "utf-8")
            report = tmp_path / f"{name}.html"
            args = ["audit", str(listed), "-q", "--depth", "0", "--endpoint", f"*={server.url}"]
            done = runner.invoke(app, [*args, "-o", str(report)])
            assert done.exit_code == 0, done.output
            html = report.read_text("utf-8").replace("<wbr>", "")
            return done.output, html

        yield run


GITHUB = '[[account]]\nhandle = "github:alex-example"\n'
REDDIT = '[[account]]\nhandle = "reddit:quiet_reader"\npersona = "personal"\n'


def _text(html: str) -> str:
    return unescape(" ".join(re.sub(r"<[^>]+>", " ", html).split()))


def _plain(fragment: str) -> str:
    """A sentence's text, its markup taken out."""
    return unescape(" ".join(re.sub(r"<[^>]+>", "", fragment).split()))


def test_an_account_with_no_side_is_named_and_not_said_to_be_on_the_other_side(audit):
    said, html = audit("one-side", GITHUB + REDDIT)
    lines = said.splitlines()
    assert "one side of you (personal)" not in said and "no other side" not in said
    headline = (
        "Only one side of you is given (personal), and 1 account has no side, so there are no "
        "two sides to keep apart yet."
    )
    assert headline in lines
    # which account, and what to write for it, next
    assert lines[lines.index(headline) + 1] == (
        "No side given: Alex-Example (GitHub). Give it a side in the accounts file: persona = "
        '"personal" or "professional", or a word of your own; then audit again.'
    )
    # the report: the same headline, the account named under it with what to write
    verdict = html[html.index('<section id="verdict"') :].split("</section>", 1)[0]
    assert _plain(re.search(r'<h2 id="verdict-h"[^>]*>(.*?)</h2>', verdict).group(1)) == headline
    sideless = re.search(r'<p class="unfiled" id="sideless">(.*?)</p>', verdict)
    assert sideless is not None
    assert _plain(sideless.group(1)) == (
        "No side given: Alex-Example (GitHub). Give it a side in the accounts file (or choose "
        'its side in the app): persona = "personal" or "professional", or a word of your own; '
        "then audit again."
    )
    assert "Say which side of you each account is on" not in verdict  # said once, by name


def test_a_listed_account_with_no_side_is_called_so_on_its_card_and_in_the_key(audit):
    """The card said "Alex-Example (GitHub) · found by the audit" of an account the person
    listed, where the picture's key said "· no label"."""
    _, html = audit("one-side", GITHUB + REDDIT)
    cards = html[html.index('<section id="accounts"') :].split("</section>", 1)[0]
    (card,) = [c for c in cards.split("<article") if "Alex-Example (GitHub)" in c]
    assert "· <bdi>no side given</bdi>" in card
    assert "found by the audit" not in _text(cards).lower()
    picture = html[html.index('<section id="graph"') :].split("</section>", 1)[0]
    key = re.search(r"<ol class=\"graph-key\">(.*?)</ol>", picture, re.S).group(1)
    assert "Alex-Example (GitHub) · no side given" in _text(key)
    assert "Quiet_Reader (Reddit) · personal" in _text(key)
    assert "no label" not in _text(picture).lower()
    assert "no side given is a grey hexagon" in _text(picture)


def test_every_account_on_one_side_is_still_said_so(audit):
    """The one-side sentence stays for a list whose every account has the same side."""
    said, html = audit("all-personal", GITHUB + 'persona = "personal"\n' + REDDIT)
    one_side = (
        "All of these accounts are on one side of you (personal), so there is no other side to "
        "keep them apart from."
    )
    assert one_side in said.splitlines()
    assert "No side given" not in said and 'id="sideless"' not in html
    assert one_side in _text(html)
