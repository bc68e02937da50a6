"""Loading the shipped reference data, as one run pays for it.

usage: python -m benchmarks reference [--repeat 5]

Each repetition is a fresh process (nothing cached in memory): it imports the signals, then
loads each signal's reference data (the name and word tables with the username character
model, the avatar weights, the style background) and prints the seconds each took; the
figures are medians over the repetitions. The Python imports are shown apart: every run pays
them whether or not it links anything.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time


def _once() -> dict[str, float]:
    started = time.perf_counter()
    from linkage.signals import default_signals

    signals = default_signals()
    imported = time.perf_counter()
    from linkage.signals import names_model

    names_model.reference()
    names_model.handle_bits("quietknitter_ed")
    names = time.perf_counter()
    from linkage.signals import avatar

    avatar.tables()
    avatars = time.perf_counter()
    from linkage.signals.style import load_model

    assert load_model() is not None
    style = time.perf_counter()
    return {
        "imports": imported - started,
        "names and usernames": names - imported,
        "avatar weights": avatars - names,
        "style background": style - avatars,
        "reference data in all": style - imported,
        "signals": float(len(signals)),
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks reference")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--once", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.once:
        print(json.dumps(_once()))
        return 0
    runs = []
    for _ in range(args.repeat):
        done = subprocess.run(
            [sys.executable, "-m", "benchmarks", "reference", "--once"],
            capture_output=True, text=True, check=True, timeout=300,
        )  # fmt: skip
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    print(f"reference data load, median of {args.repeat} fresh processes (seconds)")
    for key in runs[0]:
        if key == "signals":
            continue
        values = [run[key] for run in runs]
        print(
            f"  {key:24} {statistics.median(values):6.3f}   (min {min(values):.3f}, max {max(values):.3f})"
        )
    return 0
