"""Known answers of the whole model, on fictional profiles written for each test, and one
number per pair across every output (the links file, ``explain``, the report's JSON)."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from linkage.cli import app
from linkage.evidence.analysis import analyse
from linkage.evidence.linking import link_profiles
from linkage.evidence.remediation import DEFAULT_TARGET_BITS
from linkage.record_files import write_jsonl
from linkage.records import Avatar, Collected, Profile
from linkage.status import Status, StatusKind
from reports.summary import summary_lines, verdict_brief

BLOG = "https://wren-hollis.example.org/"
runner = CliRunner()


def collected(platform: str) -> Collected:
    return Collected(collector=platform, at="2026-12-05T09:00:00Z")


def person() -> list[Profile]:
    """A careful person: a personal Mastodon account under another name whose bio declares
    the professional blog, a blog, a LinkedIn export, and three strangers."""
    return [
        Profile(
            id="mastodon:quietfern@fern.example.social", platform="mastodon",
            handle="quietfern@fern.example.social", persona="personal", display_name="Fern",
            bio=f"Moss, ferns and long walks. work: {BLOG}", links=[BLOG],
            url="https://fern.example.social/@quietfern", collected=collected("mastodon"),
        ),
        Profile(
            id=f"web:{BLOG}", platform="web", handle="wren-hollis.example.org",
            persona="professional", display_name="Wren Hollis", url=BLOG,
            bio="Wren Hollis writes about public records and archives.",
            links=["https://www.linkedin.com/in/wren-hollis"], collected=collected("web"),
        ),
        Profile(
            id="linkedin-export:wren", platform="linkedin-export", handle="wren",
            persona="professional", display_name="Wren Hollis",
            bio="Records manager. Archives, retention schedules.",
            links=["https://www.linkedin.com/in/wren-hollis", BLOG],
            collected=collected("linkedin-export"),
        ),
        *(
            Profile(
                id=f"github:{handle}", platform="github", handle=handle,
                display_name=name, bio=bio, url=f"https://github.com/{handle}",
                collected=collected("github"),
            )
            for handle, name, bio in [
                ("obrandt", "Ola Brandt", "Compilers."),
                ("kestrel-kit", "Kit Marr", "Birds and bikes."),
                ("ade-plumbs", "Ade Ogun", "Data plumbing."),
            ]
        ),
    ]  # fmt: skip


def pair(links, a: str, b: str):
    return next(k for k in links if {k.a, k.b} == {a, b})


def test_a_declared_link_is_at_least_high():
    profiles = person()
    links = link_profiles(profiles, chains=True)
    declared = pair(links, "mastodon:quietfern@fern.example.social", f"web:{BLOG}")
    assert declared.match_weight >= 12.0  # high starts at 12 bits
    analysis = analyse(profiles, remediate=False)
    exposure = next(
        e
        for e in analysis.exposure
        if {e.source, e.target} == {"mastodon:quietfern@fern.example.social", f"web:{BLOG}"}
    )
    assert exposure.level in ("high", "near-certain")


def two(a: Profile, b: Profile) -> float:
    """The pair's bits among ten accounts (eight strangers beside them)."""
    strangers = [
        Profile(id=f"reddit:bystander{i}", platform="reddit", handle=f"bystander{i}",
                bio=f"Interest number {i}.", collected=collected("reddit"))
        for i in range(8)
    ]  # fmt: skip
    links = link_profiles([a, b, *strangers], chains=True)
    return pair(links, a.id, b.id).match_weight


def test_each_strong_clue_alone_is_above_the_remediation_target():
    reused = two(
        Profile(id="github:tallowmere_q", platform="github", handle="tallowmere_q"),
        Profile(id="reddit:tallowmere_q", platform="reddit", handle="tallowmere_q"),
    )
    picture = Avatar(url="https://img.example/a.png", sha256="ab" * 32, phash="c3a5e1f0b2d49786")
    same_picture = two(
        Profile(id="github:kf72", platform="github", handle="kf72", avatar=picture),
        Profile(id="reddit:mossy_rail", platform="reddit", handle="mossy_rail", avatar=picture),
    )
    address = two(
        Profile(id="github:kf72", platform="github", handle="kf72",
                url="https://github.com/kf72"),
        Profile(id="reddit:mossy_rail", platform="reddit", handle="mossy_rail",
                links=["https://github.com/kf72"]),
    )  # fmt: skip
    for bits in (reused, same_picture, address):
        assert bits > DEFAULT_TARGET_BITS


def test_accounts_that_share_nothing_are_low():
    profiles = person()
    analysis = analyse(profiles, remediate=False)
    strangers = [e for e in analysis.exposure if "github:" in e.source + e.target]
    assert all(e.level == "low" for e in strangers), [
        (e.source, e.target, e.bits) for e in strangers if e.level != "low"
    ]
    assert all(k.probability < 0.5 for k in analysis.links if "github:" in k.a or "github:" in k.b)


def test_an_audit_whose_accounts_all_failed_is_incomplete_and_gives_no_level(tmp_path):
    failed = [
        Profile(id=f"github:gone{i}", platform="github", handle=f"gone{i}", persona=persona,
                collected=Collected(collector="github", at="2026-12-05T09:00:00Z",
                                    status=Status.failure(StatusKind.NETWORK_FAILURE, "no answer")))
        for i, persona in enumerate(["personal", "professional", "personal"])
    ]  # fmt: skip
    analysis = analyse(failed)
    assert not analysis.complete and len(analysis.unseen) == 3
    assert analysis.exposure and all(e.level == "unknown" for e in analysis.exposure)
    assert analysis.remediation is None  # no "nothing to change"
    data = analysis.to_dict()
    assert data["complete"] is False
    assert {e["level"] for e in data["exposure"]} == {"unknown"}
    # the verdict says it is not known, in the report and in the terminal, never "not joined"
    lines = summary_lines(analysis, [])
    assert lines[0].startswith("This audit is incomplete: 3 accounts could not be read")
    assert lines[1] == (
        "Not known yet whether your personal and professional accounts can be joined: none of "
        "your personal or professional accounts could be read."
    )
    assert not any("unlikely to" in line for line in lines)


def test_an_audit_missing_one_side_of_a_pair_is_not_called_safe():
    seen = [
        Profile(id="github:plainfern", platform="github", handle="plainfern", persona="professional",
                collected=Collected(collector="github", at="2026-12-05T09:00:00Z")),
        Profile(id="reddit:quietwren", platform="reddit", handle="quietwren", persona="personal",
                collected=Collected(collector="reddit", at="2026-12-05T09:00:00Z")),
        Profile(id="mastodon:gone@x.example", platform="mastodon", handle="gone@x.example",
                persona="personal",
                collected=Collected(collector="mastodon", at="2026-12-05T09:00:00Z",
                                    status=Status.failure(StatusKind.NETWORK_FAILURE, "no answer"))),
    ]  # fmt: skip
    lines = summary_lines(analyse(seen), [])
    assert lines[1] == (
        "No join was found among the accounts that could be read, but some could not be read, "
        "so this is not yet a safe result."
    )
    # the app's verdict in short: incomplete first, and no "unlikely" for what was not read
    brief = verdict_brief(analyse(seen))
    assert brief["incomplete"] and brief["incomplete"].startswith("This audit is incomplete")
    assert brief["headline"] == lines[1]
    assert (brief["level"], brief["label"]) == ("unknown", "unknown")
    # an unread account on no side (found from a link) leaves a low verdict low, as the
    # report's headline and pair say: the app said "unknown" beside "unlikely to join"
    seen[2] = Profile(
        id="web:https://gone.example.org/", platform="web", handle="gone.example.org",
        discovered_by="link",
        collected=Collected(collector="web", at="2026-12-05T09:00:00Z",
                            status=Status.failure(StatusKind.NETWORK_FAILURE, "no answer")),
    )  # fmt: skip
    analysis = analyse(seen)
    brief = verdict_brief(analysis)
    assert brief["headline"].startswith("A searcher is unlikely")
    assert brief["level"] == "low"
    # and it leaves the audit complete, as the contract counts only listed accounts
    assert analysis.complete and not analysis.failed_listed and analysis.unseen


def test_one_pair_shows_one_probability_everywhere(tmp_path):
    profiles_file = tmp_path / "profiles.jsonl"
    profiles = person()
    write_jsonl(profiles_file, profiles)
    a, b = "mastodon:quietfern@fern.example.social", "linkedin-export:wren"
    links_csv = tmp_path / "links.csv"
    assert runner.invoke(app, ["link", str(profiles_file), "-o", str(links_csv)]).exit_code == 0
    row = next(
        r for r in csv.DictReader(links_csv.open(encoding="utf-8")) if {r["a"], r["b"]} == {a, b}
    )
    from_links = float(row["probability"])

    report_json = tmp_path / "analysis.json"
    done = runner.invoke(
        app,
        ["report", str(profiles_file), "-o", str(tmp_path / "r.html"), "--json", str(report_json)],
    )
    assert done.exit_code == 0, done.output
    data = json.loads(report_json.read_text())
    from_json = next(k for k in data["links"] if {k["a"], k["b"]} == {a, b})["probability"]
    from_exposure = next(e for e in data["exposure"] if {e["from"], e["to"]} == {a, b})

    with_links = tmp_path / "with-links.json"
    done = runner.invoke(
        app,
        ["report", str(profiles_file), "--links", str(links_csv), "-o", str(tmp_path / "s.html"),
         "--json", str(with_links)],
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    again = json.loads(with_links.read_text())
    from_links_report = next(e for e in again["exposure"] if {e["from"], e["to"]} == {a, b})

    explained = runner.invoke(app, ["explain", str(profiles_file), a, b])
    assert explained.exit_code == 0, explained.output
    bits = float(re.search(r"(-?[\d.]+) bits of evidence", explained.output).group(1))

    assert from_json == pytest.approx(from_links, abs=1e-6)
    assert from_exposure["probability"] == pytest.approx(from_links, abs=1e-6)
    assert from_links_report["probability"] == pytest.approx(from_links, abs=1e-6)
    assert from_links_report["level"] == from_exposure["level"]
    assert bits == pytest.approx(from_exposure["bits"], abs=0.05)
    assert Path(tmp_path / "r.html").read_text(encoding="utf-8")
