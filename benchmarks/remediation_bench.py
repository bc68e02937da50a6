"""Remediation: how long the plan takes, what it costs and whether it reaches the target, on the
demo, on the audit of every platform's fictional account (``fixtures/all_platforms``: 14
accounts listed, and the accounts their links lead to, most of which cannot be read) and on
synthetic audits of several sizes.

usage: python -m benchmarks remediation [--sizes 10,15,30] [--seeds 3]

Synthetic audits (``benchmarks.synthetic``) are a stress test: several fictional people with one
to four accounts each, alternately professional and personal, sharing names, pictures, sites and
template bios, so that many chains cross the personas. Each line gives the seconds the plan took
(the greedy search stops when it has used ``GREEDY_WORK`` with what it has), the plan's total
cost (``Change.cost``), its number of changes and how many make an account private, whether it
brings every chain to the target, why it stopped short if it did (``Remediation.stopped``),
the method (``exact`` or ``greedy``) and the cost below which the exact search proved no plan
works (audits of up to 15 accounts; ``exact`` when it reaches the plan's cost).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.synthetic import profiles, unique
from linkage.demo import FixtureServer, run_demo
from linkage.evidence.exposure import readable
from linkage.evidence.linking import input_prior
from linkage.evidence.remediation import Remediation, plan_remediation
from linkage.record_files import read_profiles
from linkage.records import Profile

EVERY_PLATFORM = Path(__file__).resolve().parent.parent / "fixtures" / "all_platforms"


def measure(label: str, records: list[Profile], prior: float | None = None) -> None:
    started = time.perf_counter()
    plan: Remediation = plan_remediation(records, prior=prior)
    seconds = time.perf_counter() - started
    cost = sum(c.change.cost for c in plan.changes)
    private = sum(c.change.field == "visibility" for c in plan.changes)
    print(
        f"{label:<32} {seconds:>7.1f} s {cost:>7.1f} {len(plan.changes):>8} {private:>8} "
        f"{'yes' if plan.complete else 'no':>9} {plan.stopped or '':>13} {plan.method:>7} "
        f"{plan.lower_bound_cost:>6.1f} "
        f"({plan.before_bits:.1f} -> {plan.after_bits:.1f} bits)"
    )


def every_platform() -> list[Profile]:
    """The profiles of the audit of every platform's account, read as ``linkage audit`` reads
    them (links followed one hop) from the project's fixture server, in private folders."""
    with tempfile.TemporaryDirectory() as work, FixtureServer(EVERY_PLATFORM / "sites") as server:
        env = {**os.environ, "LINKAGE_DATA_DIR": f"{work}/data", "XDG_CACHE_HOME": f"{work}/cache"}
        for name in ("LINKAGE_ENDPOINTS", "GITHUB_TOKEN", "REDDIT_TOKEN", "GRAVATAR_API_KEY"):
            env.pop(name, None)
        saved = Path(work) / "profiles.jsonl"
        command = [sys.executable, "-m", "linkage", "audit", str(EVERY_PLATFORM / "accounts.toml")]
        command += ["--endpoint", f"*={server.url}", "--no-history", "-q", "--profiles", str(saved)]
        command += ["-o", f"{work}/report.html"]
        subprocess.run(command, env=env, capture_output=True, check=False)
        return read_profiles(saved)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks remediation")
    parser.add_argument("--sizes", default="10,15,30")
    parser.add_argument("--seeds", type=int, default=3)
    args = parser.parse_args(argv)
    print(
        f"{'audit':<32} {'time':>9} {'cost':>7} {'changes':>8} {'private':>8} {'complete':>9} "
        f"{'stopped':>13} {'method':>7} {'bound':>6}"
    )
    demo = run_demo(quiet=True)
    measure(f"demo ({len(demo.profiles)} accounts)", list(demo.profiles))
    # as the audit plans it: among the accounts it read, at the prior of the whole input
    records = every_platform()
    seen = [p for p in records if readable(p)]
    label = f"every platform ({len(seen)} + {len(records) - len(seen)} unread)"
    measure(label, seen, input_prior(records, None))
    for size in (int(s) for s in args.sizes.split(",") if s):
        for seed in range(1, args.seeds + 1):
            records = unique(profiles(size, seed=seed))
            measure(f"synthetic {len(records)}, seed {seed}", records)
    return 0
