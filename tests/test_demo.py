"""Golden facts of the demo's analysis: what a trainer will show must stay true."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from linkage.cli import app
from linkage.demo import run_demo
from linkage.evidence.exposure import exposures
from linkage.evidence.linking import link_profiles
from linkage.evidence.remediation import apply_changes
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
    return run_demo(quiet=True)


def test_every_account_collected_but_the_suspended_one(analysis):
    status = {p.id: (p.collected.error if p.collected else None) for p in analysis.profiles}
    assert len(status) == 11
    forgotten = next(p for p in analysis.profiles if p.discovered_by)
    assert forgotten.id == "web:https://mo-knits.example.net/" and forgotten.persona is None
    assert forgotten.discovered_by == "linked from reddit:mfinlay_knits"
    assert status.pop("reddit:tomw_birds").startswith("suspended:")
    assert all(error is None for error in status.values()), status
    posts = {p.id: len(p.posts) for p in analysis.profiles}
    assert (
        posts["github:mfinlay-lib"] >= 3
        and posts["mastodon:quietknitter@knitting.example.social"] == 3
    )
    script_bio = next(p.bio for p in analysis.profiles if p.id == "reddit:mfinlay_knits")
    assert "<script>" in script_bio  # planted in the fixture: kept as text, escaped in the report


def test_identities_join_each_person_and_never_the_two(analysis):
    groups = [set(g) for g in analysis.identities if len(g) > 1]
    assert not any(g & MORAG and g & TOMASZ for g in groups)
    assert any(
        {
            "web:https://morag-finlay.example.org/",
            "github:mfinlay-lib",
            "mastodon:quietknitter@knitting.example.social",
        }
        <= g
        for g in groups
    )
    assert any(
        {"github:twren-data", "keybase:twren", "web:https://wrenfield.example.net/"} <= g
        for g in groups
    )


def test_the_worst_chains_are_the_verified_links(analysis):
    chains = {(e.source, e.target): e for e in analysis.exposure}
    mastodon_blog = chains[
        ("mastodon:quietknitter@knitting.example.social", "web:https://morag-finlay.example.org/")
    ]
    assert mastodon_blog.level in ("high", "near-certain")
    assert mastodon_blog.chain == [
        mastodon_blog.source,
        mastodon_blog.target,
    ]  # the verified link itself
    assert chains[("web:https://wrenfield.example.net/", "keybase:twren")].level == "near-certain"
    seen = [e for e in analysis.exposure if e.seen]
    assert seen[0].level == "near-certain"
    # the suspended account could not be read: its pairs are unknown, listed first, never low
    assert analysis.exposure[0].level == "unknown" and not analysis.complete
    cross = [
        e
        for e in analysis.exposure
        if {e.source, e.target} & MORAG and {e.source, e.target} & TOMASZ and e.seen
    ]
    assert all(e.level == "low" for e in cross)


def test_remediation_breaks_every_chain(analysis):
    plan = analysis.remediation
    assert plan is not None and plan.complete and plan.changes
    assert plan.after_bits <= plan.target_bits < plan.before_bits
    changed = apply_changes(analysis.profiles, [c.change for c in plan.changes])
    links = link_profiles(changed, prior=analysis.prior, chains=True)
    worst = max(e.bits for e in exposures(changed, links, analysis.prior))
    assert worst == pytest.approx(plan.after_bits, abs=1e-6)


def test_demo_command_writes_report_json_and_tables(tmp_path):
    report, result, tables = tmp_path / "report.html", tmp_path / "result.json", tmp_path / "tables"
    done = CliRunner().invoke(
        app, ["demo", "-o", str(report), "--json", str(result), "--csv", str(tables), "--quiet"]
    )
    assert done.exit_code == 0, done.output
    assert f"Report: {report.resolve()}" in done.output
    data = json.loads(result.read_text())
    assert ANALYSIS_FIELDS | {"remediation"} <= set(data)
    change = data["remediation"]["changes"][0]
    assert {"account", "field", "action", "value", "bits_saved", "explanation"} <= set(change)
    assert (tables / "profiles.csv").read_text().startswith("id,platform,handle")
    html = report.read_text()
    assert "&lt;script&gt;alert(&#39;demo: this stays text&#39;)&lt;/script&gt;" in html
    redacted = tmp_path / "redacted.html"
    done = CliRunner().invoke(app, ["demo", "-o", str(redacted), "--redact", "--quiet"])
    assert done.exit_code == 0
    text = redacted.read_text()
    for handle in ("mfinlay", "quietknitter", "twren", "wrenfield", "Morag", "Tomasz"):
        assert handle not in text
