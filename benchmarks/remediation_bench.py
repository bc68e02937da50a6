"""Remediation: how long the plan takes, what it costs and whether it reaches the target, on the
demo and on synthetic audits of several sizes.

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
import time

from benchmarks.synthetic import profiles, unique
from linkage.demo import run_demo
from linkage.evidence.remediation import Remediation, plan_remediation
from linkage.records import Profile


def measure(label: str, records: list[Profile]) -> None:
    started = time.perf_counter()
    plan: Remediation = plan_remediation(records)
    seconds = time.perf_counter() - started
    cost = sum(c.change.cost for c in plan.changes)
    private = sum(c.change.field == "visibility" for c in plan.changes)
    print(
        f"{label:<26} {seconds:>7.1f} s {cost:>7.1f} {len(plan.changes):>8} {private:>8} "
        f"{'yes' if plan.complete else 'no':>9} {plan.stopped or '':>13} {plan.method:>7} "
        f"{plan.lower_bound_cost:>6.1f} "
        f"({plan.before_bits:.1f} -> {plan.after_bits:.1f} bits)"
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks remediation")
    parser.add_argument("--sizes", default="10,15,30")
    parser.add_argument("--seeds", type=int, default=3)
    args = parser.parse_args(argv)
    print(
        f"{'audit':<26} {'time':>9} {'cost':>7} {'changes':>8} {'private':>8} {'complete':>9} "
        f"{'stopped':>13} {'method':>7} {'bound':>6}"
    )
    demo = run_demo(quiet=True)
    measure(f"demo ({len(demo.profiles)} accounts)", list(demo.profiles))
    for size in (int(s) for s in args.sizes.split(",") if s):
        for seed in range(1, args.seeds + 1):
            records = unique(profiles(size, seed=seed))
            measure(f"synthetic {len(records)}, seed {seed}", records)
    return 0
