"""Golden facts of the demo's story: what a trainer will show must stay true.

Morag Finlay (the story) keeps a professional and a personal side; her audit finds the chain
that joins them and the changes that break it, and the 'after' audit shows them broken.
Tomasz Wren (for contrast) has one suspended account, so his audit is incomplete."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from linkage.cli import app
from linkage.demo import DEMO_DIR
from linkage.evidence.changes import COST
from linkage.evidence.remediation import MIN_SAVING, plan_remediation
from tests import demo_runs
from tests.contract import ANALYSIS_FIELDS

MORAG = {
    "web:https://morag-finlay.example.org/",
    "github:mfinlay-lib",
    "mastodon:quietknitter@knitting.example.social",
    "reddit:mfinlay_knits",
}
TOMASZ = {
    "github:twren-data",
    "keybase:twren",
    "web:https://wrenfield.example.net/",
    "bluesky:wrenfield.example.net",
    "hackernews:wrenfield",
}


@pytest.fixture(scope="module")
def analysis():
    return demo_runs.morag()


@pytest.fixture(scope="module")
def tomasz():
    return demo_runs.tomasz()


def test_the_demo_data_is_package_data():
    import linkage

    assert DEMO_DIR.is_relative_to(DEMO_DIR.parents[1]) and DEMO_DIR.parent.name == "linkage"
    assert DEMO_DIR.parent == type(DEMO_DIR)(linkage.__file__).parent
    assert (DEMO_DIR / "accounts.toml").is_file() and (DEMO_DIR / "sites").is_dir()


def test_morag_is_one_person_with_a_forgotten_page(analysis):
    status = {p.id: (p.collected.error if p.collected else None) for p in analysis.profiles}
    assert set(status) == MORAG | {"web:https://mo-knits.example.net/"}
    assert all(error is None for error in status.values()), status
    forgotten = next(p for p in analysis.profiles if p.discovered_by)
    assert forgotten.id == "web:https://mo-knits.example.net/" and forgotten.persona is None
    assert forgotten.discovered_by == "linked from reddit:mfinlay_knits"
    posts = {p.id: len(p.posts) for p in analysis.profiles}
    assert posts["github:mfinlay-lib"] >= 3
    assert posts["mastodon:quietknitter@knitting.example.social"] == 3
    texts = " ".join(f"{p.bio} {p.display_name}" for p in analysis.profiles)
    assert "<script" not in texts  # abuse-test strings live in the tests, not in the story
    assert all(ord(c) < 0x2600 for c in texts)  # no emoji a stock chromium draws as a box


def test_her_chain_is_the_verified_link_and_the_forgotten_page(analysis):
    chains = {(e.source, e.target): e for e in analysis.exposure}
    mastodon_blog = chains[
        ("mastodon:quietknitter@knitting.example.social", "web:https://morag-finlay.example.org/")
    ]
    assert mastodon_blog.level == "near-certain"
    assert mastodon_blog.chain == [mastodon_blog.source, mastodon_blog.target]
    reddit_github = chains[("reddit:mfinlay_knits", "github:mfinlay-lib")]
    assert reddit_github.level == "high"
    assert "web:https://mo-knits.example.net/" in reddit_github.chain


def test_the_changes_break_every_chain_and_the_after_report_shows_it(analysis):
    plan = analysis.remediation
    assert plan is not None and plan.complete and plan.changes
    assert plan.after_bits <= plan.target_bits < plan.before_bits
    after = demo_runs.morag_after()  # the changes made, and the audit run again
    assert max(e.bits for e in after.exposure) == pytest.approx(plan.after_bits, abs=1e-6)
    assert all(e.level == "low" for e in after.exposure)
    assert not after.remediation or not after.remediation.changes


def test_her_advice_changes_what_ties_the_sides_and_hides_no_account(analysis):
    """The fixes are the links and the names that tie her sides, not hiding whole accounts
    (her professional ones exist to be found), and every change the plan needs is one the
    report shows: each lowers a chain by half a bit or more, alone or with its partner."""
    plan = analysis.remediation
    assert plan is not None and plan.complete
    fields = {c.change.field for c in plan.changes}
    assert "visibility" not in fields and "links" in fields
    assert all(c.bits_saved >= MIN_SAVING for c in plan.changes)
    first = plan.changes[0].change
    assert (first.account, first.field) == (
        "mastodon:quietknitter@knitting.example.social",
        "links",
    )


def test_the_large_audit_search_finds_her_plan_too(analysis):
    """The search larger audits get (bounds kept between steps) measures afresh the changes on
    chains that moved: her website's link back to Mastodon does nothing until Mastodon's link
    is gone, and is the fix after it."""
    lazy = plan_remediation(analysis.profiles, exact_limit=0)
    assert lazy.complete and lazy.method == "greedy"
    assert "visibility" not in {c.change.field for c in lazy.changes}
    measured = plan_remediation(analysis.profiles, exact_budget=0.0)  # no swaps, no search
    assert {c.change for c in lazy.changes} == {c.change for c in measured.changes}
    swapped = analysis.remediation  # the small audit's swaps never make it dearer
    assert sum(c.change.cost for c in swapped.changes) <= sum(c.change.cost for c in lazy.changes)


def test_the_demo_of_an_incomplete_audit_exits_as_one(tmp_path):
    """Tomasz's demo cannot read one of his accounts: exit status 1, as an audit that could
    not read an account (the contract's "some accounts failed"); it exited 0."""
    done = CliRunner().invoke(
        app, ["demo", "--person", "tomasz", "-o", str(tmp_path / "t.html"), "--quiet"]
    )
    assert done.exit_code == 1, done.output
    assert (tmp_path / "t.html").exists() and "This audit is incomplete" in done.output


def test_tomasz_is_a_separate_incomplete_audit(tomasz):
    ids = {p.id for p in tomasz.profiles}
    assert ids > TOMASZ and not ids & MORAG
    failed = [p for p in tomasz.profiles if not p.ok]
    assert [p.id for p in failed] == ["reddit:tomw_birds"]
    assert failed[0].collected.error.startswith("suspended:")
    chains = {(e.source, e.target): e for e in tomasz.exposure}
    assert chains[("web:https://wrenfield.example.net/", "keybase:twren")].level == "near-certain"
    groups = [set(g) for g in tomasz.identities if len(g) > 1]
    assert any(
        {"github:twren-data", "keybase:twren", "web:https://wrenfield.example.net/"} <= g
        for g in groups
    )


def test_demo_command_writes_report_json_and_tables(tmp_path):
    report, result, tables = tmp_path / "report.html", tmp_path / "result.json", tmp_path / "tables"
    done = CliRunner().invoke(
        app, ["demo", "-o", str(report), "--json", str(result), "--csv", str(tables), "--quiet"]
    )
    assert done.exit_code == 0, done.output
    assert f"{report}: the full report" in done.output
    # the four accounts listed, and the one followed from their links, each counted as such
    assert re.search(
        r"Read 4 of 4 accounts, found 1 more from their links, and audited them in \d+\.\d s\.",
        done.output,
    )
    data = json.loads(result.read_text())
    assert ANALYSIS_FIELDS | {"remediation"} <= set(data)
    # each pair's level also in the words the report's badge gives it
    badges = {e["label"] for e in data["exposure"]}
    assert "almost certain" in badges and badges <= {"almost certain", "very likely", "possible",
                                                     "unlikely", "unknown"}  # fmt: skip
    assert 'class="level level-near-certain">almost certain<' in report.read_text()
    change = data["remediation"]["changes"][0]
    assert {"account", "field", "action", "value", "bits_saved", "explanation"} <= set(change)
    plan = data["remediation"]
    # her plan changes only links and her personal side's accounts: every change at base cost
    assert plan["cost"] == sum(COST[(c["field"], c["action"])] for c in plan["changes"])
    assert 0 < plan["lower_bound_cost"] <= plan["cost"]  # how far the search proved it
    assert (
        (tables / "profiles.csv").read_text(encoding="utf-8-sig").startswith("id,platform,handle")
    )
    html = report.read_text()
    # the demo speaks of its invented person by name, not to the room as "your"
    assert "can be joined to Morag&#39;s professional" in html
    assert "About this demonstration" in html
    redacted = tmp_path / "redacted.html"
    done = CliRunner().invoke(app, ["demo", "-o", str(redacted), "--redact"])  # progress shown
    assert done.exit_code == 0
    text = redacted.read_text()
    for handle in ("mfinlay", "quietknitter", "twren", "wrenfield", "Morag", "Tomasz"):
        assert handle not in text
        assert handle not in done.output  # the screen names no one either
    assert "✓ entry 2 of 4 (GitHub, professional): read" in done.output  # no exact counts


@pytest.fixture(scope="module")
def after_run(tmp_path_factory):
    """``linkage demo --after -o after.html`` as a trainer runs it: (what it said, the report)."""
    out = tmp_path_factory.mktemp("after") / "after.html"
    done = CliRunner().invoke(app, ["demo", "--after", "-o", str(out)])
    assert done.exit_code == 0, done.output
    return done.output, out.read_text()


def test_the_demo_after_the_changes_leads_to_the_readers_own_audit(after_run):
    """The demo's last step points a reader who has never written an accounts file to the
    command that writes one for them."""
    output, _ = after_run
    assert "Next: linkage init" in output
    assert "answer a few questions to list your accounts" in output


def test_the_demo_after_the_changes_says_what_they_changed(after_run):
    """The after report said only "Compare the two": a trainer needed both reports open to
    show what the changes did. It now says, chain by chain, before and after, in the report
    and on the terminal, from the same two audits (nothing kept)."""
    output, report = after_run
    said = " ".join(output.split())
    assert "Since the audit before the changes:" in said
    assert "can no longer be readily joined to" in said
    # the levels say it: no "bits" before a room where the level changed
    assert "it was almost certain, it is now unlikely" in said
    html = " ".join(report.split())
    assert '<h2 id="since-h">Since the audit before the changes</h2>' in html
    # and in one line under the verdict, for a reader of the first screen
    assert (
        '<p class="since-summary">Since the audit before the changes: 4 chains between '
        "Morag&#39;s sides are weaker; the 6 changes advised then are made or no longer needed."
    ) in html
    assert "before the changes it proposed were made" in html
    assert "now match" not in said  # a weaker chain is not weaker because something matches


def test_pyproject_ships_every_demo_file_and_template():
    """Every demo page and template is matched by pyproject's package-data globs (as
    setuptools reads them: recursive, hidden folders only when named)."""
    import glob
    import tomllib
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    data = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["setuptools"]
    for package, folder in (("linkage", "demo_data"), ("reports", "templates")):
        base = root / package
        shipped = {
            match
            for pattern in data["package-data"][package]
            for match in glob.glob(pattern, root_dir=base, recursive=True)
            if (base / match).is_file()
        }
        present = {str(p.relative_to(base)) for p in (base / folder).rglob("*") if p.is_file()}
        assert present - shipped == set(), f"{package}: not in the wheel"


def test_her_advice_is_the_same_in_every_run(analysis):
    """The plan depends on nothing but the records: not on the order of hashed sets (a fresh
    process with another hash seed than this one's) nor on how busy the machine is (the
    searches count plans, not seconds)."""
    script = (
        "import json; from linkage.demo import run_demo; r = run_demo(quiet=True).remediation; "
        "print(json.dumps([c.to_dict() for c in r.changes]))"
    )
    seed = "2" if os.environ.get("PYTHONHASHSEED") == "1" else "1"
    there = subprocess.run(
        [sys.executable, "-c", script],
        env={**os.environ, "PYTHONHASHSEED": seed},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    here = json.dumps([c.to_dict() for c in analysis.remediation.changes])
    assert json.loads(there) == json.loads(here) and json.loads(here)


def test_the_demo_can_save_its_profiles_to_try_explain_on(tmp_path):
    """A trainer could not show 'linkage explain' on the demo: it kept its profiles to itself."""
    saved = tmp_path / "demo.jsonl"
    done = CliRunner().invoke(
        app, ["demo", "-o", str(tmp_path / "r.html"), "--profiles", str(saved)]
    )
    assert done.exit_code == 0, done.output
    said = " ".join(done.output.split())
    pair = re.search(rf"try linkage explain {re.escape(str(saved))} (\S+) (\S+)", said)
    assert pair is not None, said
    explained = CliRunner().invoke(
        app, ["explain", str(saved), *pair.groups()], env={"COLUMNS": "200"}
    )
    assert explained.exit_code == 0, explained.output
    assert "Level \u201calmost certain\u201d" in explained.output
    assert (saved.stat().st_mode & 0o077) == 0
    refused = CliRunner().invoke(
        app, ["demo", "--redact", "-o", str(tmp_path / "s.html"), "--profiles", str(saved)]
    )
    assert refused.exit_code == 2 and "no part of a redacted demo" in refused.output


def test_each_step_of_a_chain_is_given_by_its_strongest_clue(tomasz):
    """Tomasz's Hacker News chain read "both link to the same site" for a first step whose
    strongest clue, as the step-by-step route below it says, is the same username."""
    from reports.render import render_html

    html = " ".join(render_html(tomasz).split())
    sentence = re.search(r"Your personal Hacker News account [^<]*", html)
    assert sentence is not None
    assert "in 3 steps" in sentence.group(0)
    assert ": they use the same username, " in sentence.group(0)


def test_a_redacted_demo_stays_redacted_and_tells_no_more_of_the_person(tmp_path):
    """A redacted run suggested the full report next, said a personal account was
    "suspended", and gave each account's exact counts; nor did the terminal say the accounts
    are invented, or take "Tomasz" for tomasz."""
    out, tables = tmp_path / "shared.html", tmp_path / "tables"
    done = CliRunner().invoke(
        app,
        ["demo", "--person", "Tomasz", "--redact", "-o", str(out), "--json",
         str(tmp_path / "shared.json"), "--csv", str(tables)],
    )  # fmt: skip
    assert done.exit_code == 1  # one of his accounts could not be read
    said = " ".join(done.output.split())
    assert said.startswith("The demo: the accounts of a fictional person, all invented")
    assert "Tomasz" not in said  # redacted: not even the fictional person's name
    assert "Next: linkage demo --person tomasz --after --redact -o shared-tomasz-after.html" in said
    html = " ".join(out.read_text(encoding="utf-8").split())
    shared = (tmp_path / "shared.json").read_text(encoding="utf-8")
    accounts = (tables / "profiles.csv").read_text(encoding="utf-8")
    for told in (said, html, shared, accounts):
        assert "suspended" not in told
    assert '"status": "not read"' in shared and ",not read," in accounts
    # no handle, address, name, place, nor counts
    assert re.search(r",(personal|professional),,,,,,,(True|False),ok,", accounts)
    assert re.search(r"\(Hacker News, personal\): \d+ posts", said) is None  # "read"
    assert "(Personal account C (Reddit)). The same command without --redact says why" in said
    assert re.search(r"\d+ posts?, \d+ words?", html) is None
    assert 'id="redacted-note"' in html and "could follow those clues" in html

    full = CliRunner().invoke(app, ["demo", "--person", "tomasz", "-o", str(tmp_path / "t.html")])
    assert "The demo: the accounts of Tomasz Wren (a fictional person)" in full.output
    assert "suspended" in (tmp_path / "t.html").read_text(encoding="utf-8")
    assert "-o tomasz-after.html" in full.output  # not Morag's after.html
