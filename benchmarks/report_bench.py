"""Report size and render time: the demo, and 200 synthetic accounts.

usage: python -m benchmarks report [--accounts 200]
"""

from __future__ import annotations

import argparse
import time

from benchmarks.synthetic import profiles, unique
from linkage.demo import run_demo
from linkage.evidence.analysis import analyse
from reports.render import ReportOptions, render_html


def measure(label: str, analysis, options: ReportOptions) -> None:
    started = time.perf_counter()
    html = render_html(analysis, options)
    seconds = time.perf_counter() - started
    print(f"{label:<34} {len(html.encode('utf-8')) / 1024:>9.1f} KiB {seconds * 1000:>9.0f} ms")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks report")
    parser.add_argument("--accounts", type=int, default=200)
    args = parser.parse_args(argv)
    print(f"{'report':<34} {'size':>13} {'render':>12}")
    started = time.perf_counter()
    demo = run_demo(quiet=True)
    print(f"(demo collected and analysed in {time.perf_counter() - started:.2f} s)")
    measure("demo, full", demo, ReportOptions(training=True))
    measure("demo, redacted", demo, ReportOptions(training=True, redact=True))
    records = unique(profiles(args.accounts, seed=3))
    started = time.perf_counter()
    analysis = analyse(records)
    print(
        f"({len(records)} synthetic accounts linked and analysed in {time.perf_counter() - started:.2f} s)"
    )
    measure(f"{len(records)} accounts, full", analysis, ReportOptions())
    measure(f"{len(records)} accounts, redacted", analysis, ReportOptions(redact=True))
    return 0
