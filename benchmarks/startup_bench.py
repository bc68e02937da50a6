"""How long ``linkage report`` and ``linkage explain`` take on a ten-account audit, each in a
fresh process (start-up, imports and reference data included), and what they import.

usage: python -m benchmarks startup [--runs 5] [--checkout PATH]

``--checkout`` runs the same commands with another checkout of linkage first on the path
(for a before-and-after figure, e.g. an older commit extracted with ``git worktree add``).
The profiles are fictional (benchmarks/synthetic.py): ten accounts of five people.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.synthetic import profiles, unique
from linkage.record_files import write_jsonl

PROBE = (
    "import sys, runpy; sys.argv = ['linkage', *sys.argv[1:]];\n"
    "try:\n    runpy.run_module('linkage', run_name='__main__')\n"
    "except SystemExit: pass\n"
    "heavy = sorted({m.split('.')[0] for m in sys.modules} & {'requests', 'collectors', 'urllib3', 'networkx', 'scipy', 'pandas', 'sklearn'})\n"
    "print('LOADED', ','.join(heavy) or '-', file=sys.stderr)\n"
)


def run(args: list[str], env: dict[str, str], cwd: Path) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, env=env, cwd=cwd
    )
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stderr[-2000:]}")
    loaded = next(
        (line.split(" ", 1)[1] for line in done.stderr.splitlines() if line.startswith("LOADED")),
        "?",
    )
    return seconds, loaded


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks startup")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--checkout", type=Path, default=None)
    args = parser.parse_args(argv)
    records = unique(profiles(10, seed=5))
    for i, profile in enumerate(records):
        profile.persona = ("personal", "professional")[i % 2]
    with tempfile.TemporaryDirectory(prefix="linkage-startup-") as folder:
        tmp = Path(folder)
        path = tmp / "profiles.jsonl"
        write_jsonl(path, records)
        env = dict(os.environ, LINKAGE_DATA_DIR=str(tmp / "data"))
        if args.checkout is not None:
            env["PYTHONPATH"] = str(args.checkout.resolve())
        commands = {
            "report": ["report", str(path), "-o", str(tmp / "r.html")],
            "explain": ["explain", str(path), records[0].id, records[1].id],
        }
        print(f"{'command':<10} {'median':>9} {'min':>9}  loads")
        for name, command in commands.items():
            times, loaded = [], "?"
            for _ in range(args.runs):
                seconds, loaded = run(command, env, tmp)
                times.append(seconds)
            print(f"{name:<10} {statistics.median(times):>8.2f}s {min(times):>8.2f}s  {loaded}")
    return 0
