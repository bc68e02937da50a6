"""One number per pair, on random fictional audits: every output (the links file, the
report's JSON with and without ``--links``, its HTML numbers, ``explain``) shows the same
figure for a pair; a chain is never above its weakest step and its steps are the links'
own figures; levels follow the figure as shown; a pair with an account that could not be
read has no level; and the proposed changes, applied and linked again, do what the plan
says.

The audits are built from :mod:`benchmarks.synthetic`'s fictional people, with personas,
profile addresses, links and verified links between accounts, handles named in bios and,
now and then, an account that could not be read. ``LINKAGE_FUZZ_SCALE`` adds audits: with
``LINKAGE_FUZZ_SCALE=20`` this file checks 60 of them (about 5 s each).
"""

from __future__ import annotations

import csv
import json
import os
import random
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from typer.testing import CliRunner

from benchmarks.synthetic import profiles, unique
from linkage.cli import app
from linkage.evidence.changes import Change, apply_changes
from linkage.evidence.levels import level_for, level_label
from linkage.record_files import write_jsonl
from linkage.records import Collected, Profile
from linkage.status import Status, StatusKind
from reports.text import pct

runner = CliRunner()
SCALE = float(os.environ.get("LINKAGE_FUZZ_SCALE", "1"))
#: seeds chosen to cover audits with an unread account, with links and with a plan
# 129: a plan of fifteen changes promised 5.688 bits where linking anew gave 5.672 (the search
# scored the changed accounts with the calibration learned from the audit as it was)
SEEDS = [1, 12, 17, 129] + [100 + k for k in range(max(0, round(3 * (SCALE - 1)))) if k != 29]
ADDRESS = {
    "github": "https://github.com/{}",
    "reddit": "https://www.reddit.com/user/{}",
    "hackernews": "https://news.ycombinator.com/user?id={}",
    "keybase": "https://keybase.io/{}",
    "devto": "https://dev.to/{}",
    "lobsters": "https://lobste.rs/~{}",
}


def audit(seed: int) -> list[Profile]:
    """A random audit of 4 to 9 fictional accounts."""
    rng = random.Random(seed)
    found = unique(profiles(rng.randint(4, 9), seed=seed, posts=rng.choice([0, 3, 8])))
    for p in found:
        if p.platform in ADDRESS:
            p.url = ADDRESS[p.platform].format(p.handle)
        p.persona = rng.choice(["personal", "professional", "personal", "professional", None])
    for p in found:
        others = [q for q in found if q is not p and q.url]
        if others and rng.random() < 0.3:
            target = rng.choice(others).url
            p.links = [*p.links, target]
            if rng.random() < 0.3:
                p.verified_links = [target]
        if others and rng.random() < 0.15:
            p.bio = f"{p.bio or ''} also @{rng.choice(others).handle}"
    if rng.random() < 0.4:
        gone = rng.choice(found)
        gone.collected = Collected(
            collector=gone.platform,
            at="2026-12-05T09:00:00Z",
            status=Status.failure(StatusKind.NETWORK_FAILURE, "no answer"),
        )
        gone.display_name = gone.bio = gone.avatar = None
        gone.links, gone.verified_links, gone.posts = [], [], []
    return found


def report_json(profiles_file: Path, out: Path, *extra: str) -> dict:
    done = runner.invoke(
        app, ["report", str(profiles_file), "-o", str(out.with_suffix(".html")),
              "--json", str(out), *extra],
    )  # fmt: skip
    assert done.exit_code in (0, 1), done.output  # 1: an account could not be read
    data = json.loads(out.read_text(encoding="utf-8"))
    data.pop("generated_at")
    return data


def numbers_shown(html: Path) -> list[tuple[str, str, str]]:
    """The verdict's numbers tables: (level label, bits, probability) per row."""
    soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
    rows = []
    for tr in soup.select("table tbody tr"):
        cells = tr.find_all("td")
        if len(cells) == 5 and cells[2].get("data-label") == "How sure, from the clues":
            rows.append(tuple(c.get_text(strip=True) for c in cells[2:]))
    return rows


@pytest.mark.parametrize("seed", SEEDS)
def test_every_output_shows_one_number_per_pair(seed: int, tmp_path: Path) -> None:
    found = audit(seed)
    unread = {p.id for p in found if p.status.failed}
    profiles_file = tmp_path / "profiles.jsonl"
    write_jsonl(profiles_file, found)
    links_csv = tmp_path / "links.csv"
    done = runner.invoke(
        app, ["link", str(profiles_file), "-o", str(links_csv), "--min-probability", "0"]
    )
    assert done.exit_code == (1 if unread else 0), done.output  # 1: some could not be read
    rows = {
        frozenset((r["a"], r["b"])): r for r in csv.DictReader(links_csv.open(encoding="utf-8"))
    }

    data = report_json(profiles_file, tmp_path / "report.json")
    assert report_json(profiles_file, tmp_path / "with-links.json", "--links", str(links_csv)) == (
        data
    )
    links = {frozenset((k["a"], k["b"])): k for k in data["links"]}
    for key, link in links.items():
        assert link["probability"] == pytest.approx(float(rows[key]["probability"]), abs=1e-6)

    sides = {p.persona for p in found if p.persona}
    assert bool(data["exposure"]) == (len(sides) >= 2), "two sides have chains to show"
    shown = []
    for chain in data["exposure"]:
        if {chain["from"], chain["to"]} & unread:
            assert chain["level"] == "unknown"
        if chain["level"] == "unknown":
            shown.append((level_label("unknown"), "–", "not measured"))
            continue
        assert chain["level"] == level_for(chain["bits"]).name
        shown.append(
            (level_label(chain["level"]), f"{chain['bits']:.1f}", pct(chain["probability"]))
        )
        for step in chain["steps"]:  # the links file has every pair; the report, those listed
            assert step["bits"] == pytest.approx(
                float(rows[frozenset((step["a"], step["b"]))]["match_weight"]), abs=1e-3
            )
            assert chain["bits"] <= step["bits"] + 1e-6  # never above its weakest step
        direct = links.get(frozenset((chain["from"], chain["to"])))
        if direct is not None:  # the direct link is one of the routes
            assert chain["probability"] >= direct["probability"] - 1e-6
    assert sorted(numbers_shown(tmp_path / "report.html")) == sorted(shown)

    rng = random.Random(seed)
    for key in rng.sample(sorted(rows, key=sorted), min(3, len(rows))):
        a, b = sorted(key)
        explained = runner.invoke(app, ["explain", str(profiles_file), a, b])
        assert explained.exit_code == 0, explained.output
        bits = float(re.search(r"(-?[\d.]+) bits of evidence", explained.output).group(1))
        assert bits == pytest.approx(float(rows[key]["match_weight"]), abs=0.05)

    plan = data["remediation"]
    if plan and plan["changes"]:  # applied and linked again, the plan does what it says
        changes = [
            Change(account=c["account"], field=c["field"], action=c["action"], value=c["value"])
            for c in plan["changes"]
        ]
        after_file = tmp_path / "after.jsonl"
        write_jsonl(after_file, apply_changes(found, changes))
        after = report_json(after_file, tmp_path / "after.json")
        seen = [c["bits"] for c in after["exposure"] if c["level"] != "unknown"]
        assert max(seen, default=0.0) == pytest.approx(plan["after_bits"], abs=0.01)
        # it reaches the target on the chains measured (complete, or but for the accounts
        # that could not be read)
        if plan["complete"] or plan["stopped"] == "unseen_accounts":
            assert round(max(seen, default=0.0), 1) < plan["target_bits"]
