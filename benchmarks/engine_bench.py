"""The linkage engine on the development benchmark, in both settings, as one table.

usage: python -m benchmarks engine [--bench DIR] [--sets mixed,usernames,...] [--work DIR]

For every set: one ``linkage link`` over the whole set, scored with the benchmark's own
``score_links.py``; and small audits (groups of 5 people linked on their own) with its
``small_audits.py``. Adds the expected calibration error and a reliability table for the
whole-set run. The benchmark folder defaults to ``../shared/bench-dev`` beside the checkout,
or ``LINKAGE_BENCH_DIR``.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_BENCH = Path(os.environ.get("LINKAGE_BENCH_DIR", ROOT.parent / "shared" / "bench-dev"))
SETS = ("style/w250", "style/w750", "style/w2000", "avatars", "usernames", "mixed")
AVATAR_SETS = {"avatars", "mixed"}


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    return env


def run(cmd: list[str]) -> str:
    done = subprocess.run(cmd, capture_output=True, text=True, env=_env(), timeout=3600)
    if done.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(cmd)} failed: {done.stderr.strip()[-400:]}")
    return done.stdout.strip()


def figures(line: str) -> dict[str, str]:
    return dict(re.findall(r"([\w@.-]+)=([\d.]+/?\d*)", line))


def calibration(
    truth: Path, links: Path, bins: int = 10
) -> tuple[float, list[tuple[str, int, float, float]]]:
    person = {r["id"]: r["person"] for r in csv.DictReader(truth.open(newline=""))}
    prob = {}
    for row in csv.DictReader(links.open(newline="")):
        prob[frozenset((row["a"], row["b"]))] = float(row["probability"] or 0)
    scores, labels = [], []
    for a, b in itertools.combinations(sorted(person), 2):
        scores.append(prob.get(frozenset((a, b)), 0.0))
        labels.append(person[a] == person[b])
    s, y = np.array(scores), np.array(labels, float)
    edges = np.linspace(0, 1, bins + 1)
    table, ece = [], 0.0
    for lo, hi in itertools.pairwise(edges):
        mask = (s >= lo) & ((s < hi) if hi < 1 else (s <= hi))
        if not mask.any():
            continue
        predicted, observed = float(s[mask].mean()), float(y[mask].mean())
        ece += mask.sum() / len(s) * abs(predicted - observed)
        table.append((f"{lo:.1f}–{hi:.1f}", int(mask.sum()), predicted, observed))
    return ece, table


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks engine")
    parser.add_argument("--bench", type=Path, default=DEFAULT_BENCH)
    parser.add_argument("--sets", default=",".join(SETS))
    parser.add_argument("--work", type=Path)
    parser.add_argument("--reliability", action="store_true", help="print the reliability tables")
    args = parser.parse_args(argv)
    if not (args.bench / "score_links.py").exists():
        print(f"benchmark not found at {args.bench} (set LINKAGE_BENCH_DIR)", file=sys.stderr)
        return 2
    work = args.work or Path(tempfile.mkdtemp(prefix="linkage-engine-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    rows = []
    reliability = {}
    for name in args.sets.split(","):
        set_dir = args.bench / name
        tag = name.replace("/", "-")
        links = work / f"{tag}.csv"
        started = time.perf_counter()
        run(
            [
                "linkage",
                "link",
                str(set_dir / "profiles.jsonl"),
                "-o",
                str(links),
                "--min-probability",
                "0",
            ]
        )
        seconds = time.perf_counter() - started
        extra = ["--default-avatar", str(set_dir)] if name in AVATAR_SETS else []
        whole = figures(
            run(
                [
                    sys.executable,
                    str(args.bench / "score_links.py"),
                    str(set_dir / "truth.csv"),
                    str(links),
                    *extra,
                ]
            )
        )
        small_dir = work / f"small-{tag}"
        small_dir.mkdir(exist_ok=True)
        small_extra = ["--default-avatar"] if name in AVATAR_SETS else []
        small = figures(
            run(
                [
                    sys.executable,
                    str(args.bench / "small_audits.py"),
                    str(set_dir),
                    str(small_dir),
                    *small_extra,
                ]
            )
        )
        ece, table = calibration(set_dir / "truth.csv", links)
        reliability[name] = table
        rows.append((name, whole, small, ece, seconds))
    print(
        f"{'set':<12} | {'whole: AUC':>10} {'AP':>6} {'F1@.5':>6} {'Brier':>7} {'ECE':>6} {'default-av':>10} | {'small: AUC':>10} {'F1@.5':>6} {'Brier':>7} {'default-av':>10} | {'link s':>6}"
    )
    for name, whole, small, ece, seconds in rows:
        print(
            f"{name:<12} | {whole.get('auc', '?'):>10} {whole.get('ap', '?'):>6} {whole.get('f1@0.5', '?'):>6} {whole.get('brier', '?'):>7} {ece:>6.4f} {whole.get('default-avatar-links', '-'):>10} | "
            f"{small.get('auc', '?'):>10} {small.get('f1@0.5', '?'):>6} {small.get('brier', '?'):>7} {small.get('default-avatar-links', '-'):>10} | {seconds:>6.1f}"
        )
    if args.reliability:
        for name, table in reliability.items():
            print(f"\nreliability, {name} (whole set): bin, pairs, mean predicted, observed")
            for bin_, count, predicted, observed in table:
                print(f"  {bin_:<8} {count:>7} {predicted:>8.3f} {observed:>8.3f}")
    print(f"\n(work files in {work})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
