"""The linkage engine on both development benchmarks, in both settings, as one table.

usage: python -m benchmarks engine [--bench DIR ...] [--sets mixed,usernames,...] [--jobs N]
                                   [--work DIR] [--no-cache] [--readme] [--reliability]

For every set of every benchmark folder (by default ``../shared/bench-dev`` and
``../shared/bench-dev2`` beside the checkout, or the folders named by ``LINKAGE_BENCH_DIRS``,
separated by the path separator): one ``linkage link`` over the whole set, scored with the
benchmark's own ``score_links.py``; and small audits (groups of 5 people linked on their own)
with its ``small_audits.py`` (both scripts are taken from the first benchmark folder that has
them). Both are run with ``--min-precision 0.9``, so each line also says how many of the pairs
put at 0.5 or above are two different people (``false@0.5``). The whole-set run adds the
expected calibration error (and, with ``--reliability``, its reliability table).

The table then gives, for every set present in more than one benchmark, the drop of each figure
from the first benchmark to the second (the issue's check that what is tuned on one holds on
the other). ``--readme`` rewrites the accuracy table in README.md (between its markers).

Runs are independent, so ``--jobs`` of them (default: the number of cores) run at once; each
result is cached under the user's cache folder, keyed by the set's files and by every file of
the ``linkage`` package, so a second run without a change to the engine reruns nothing.
``--no-cache`` neither reads nor writes the cache.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import itertools
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from benchmarks.people_bootstrap import drop_interval, per_person

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DEFAULT_BENCHES = [SHARED / "bench-dev", SHARED / "bench-dev2"]
SETS = (
    "style/w250",
    "style/w750",
    "style/w2000",
    "avatars",
    "usernames",
    "mixed",
    "xgenre-email",
    "xgenre-email-samegenre",
)
AVATAR_SETS = {"avatars", "mixed"}
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "linkage-engine-bench"
README = ROOT / "README.md"
TABLE_START = "<!-- accuracy table: written by `python -m benchmarks engine --readme` -->"
TABLE_END = "<!-- end of accuracy table -->"
#: figures compared between benchmarks, with the direction in which they are better
COMPARED = (("auc", 1), ("f1@0.5", 1), ("brier", -1))


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    return env


def run(cmd: list[str], cwd: Path | None = None) -> str:
    done = subprocess.run(
        cmd, capture_output=True, text=True, env=_env(), timeout=3600, cwd=cwd, check=False
    )
    if done.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(cmd)} failed: {done.stderr.strip()[-400:]}")
    return done.stdout.strip()


def figures(line: str) -> dict[str, str]:
    return dict(re.findall(r"([\w@.-]+)=([\d.]+/?\d*)", line))


def calibration(
    truth: Path, links: Path, bins: int = 10
) -> tuple[float, list[tuple[str, int, float, float]]]:
    """Expected calibration error over every pair, and the reliability table."""
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


def code_fingerprint() -> str:
    """A digest of every file of the ``linkage`` package (code and shipped data)."""
    digest = hashlib.sha256()
    for path in sorted((ROOT / "linkage").rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def set_fingerprint(set_dir: Path) -> str:
    digest = hashlib.sha256()
    for name in ("profiles.jsonl", "truth.csv"):
        digest.update((set_dir / name).read_bytes())
    return digest.hexdigest()


@dataclass
class Job:
    """One set of one benchmark, in one setting (``whole`` or ``small``)."""

    bench: str
    name: str
    set_dir: Path
    setting: str
    result: dict = field(default_factory=dict)


def run_job(job: Job, scripts: Path, work: Path, code: str, cache: bool) -> Job:
    key = hashlib.sha256(
        f"{code}|{set_fingerprint(job.set_dir)}|{job.setting}|{job.name}".encode()
    ).hexdigest()[:32]
    cached = CACHE / f"{key}.json"
    if cache and cached.exists():
        job.result = json.loads(cached.read_text(encoding="utf-8"))
        job.result["cached"] = True
        return job
    tag = f"{job.bench}-{job.name.replace('/', '-')}"
    avatar = job.name in AVATAR_SETS
    started = time.perf_counter()
    if job.setting == "whole":
        links = work / f"{tag}.csv"
        profiles = str(job.set_dir / "profiles.jsonl")
        run(["linkage", "link", profiles, "-o", str(links), "--min-probability", "0"])
        seconds = time.perf_counter() - started
        extra = ["--default-avatar", str(job.set_dir)] if avatar else []
        score = [sys.executable, str(scripts / "score_links.py"), str(job.set_dir / "truth.csv")]
        line = run([*score, str(links), "--min-precision", "0.9", *extra])
        ece, table = calibration(job.set_dir / "truth.csv", links)
        people = per_person(job.set_dir / "truth.csv", [links])
        job.result = {
            "line": line,
            "ece": ece,
            "reliability": table,
            "seconds": seconds,
            "people": people,
        }
    else:
        small_dir = work / f"small-{tag}"
        small_dir.mkdir(parents=True, exist_ok=True)
        extra = ["--default-avatar"] if avatar else []
        script = [sys.executable, str(scripts / "small_audits.py")]
        line = run([*script, str(job.set_dir), str(small_dir), "--min-precision", "0.9", *extra])
        groups = sorted(small_dir.glob("group*.csv"))
        people = per_person(job.set_dir / "truth.csv", groups)
        job.result = {"line": line, "seconds": time.perf_counter() - started, "people": people}
    if cache:
        CACHE.mkdir(parents=True, exist_ok=True)
        cached.write_text(json.dumps(job.result), encoding="utf-8")
    return job


def _num(value: str | None) -> float | None:
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def _cell(f: dict[str, str], ece: float | None = None) -> str:
    parts = [f.get("auc", "?"), f.get("f1@0.5", "?"), f.get("brier", "?")]
    false = f.get("false@0.5")
    text = " / ".join(parts) + (f" (false {false})" if false else "")
    if f.get("default-avatar-links"):
        text += f" (default {f['default-avatar-links']})"
    return text


def build_rows(
    jobs: list[Job], benches: list[str]
) -> tuple[list[list[str]], list[tuple[str, str, str, float]]]:
    """Table rows (set, then per benchmark: whole, small) and the drops between the first
    benchmark and each other one (set, setting, figure, drop; positive = worse)."""
    by = {(j.bench, j.name, j.setting): j for j in jobs}
    names = [n for n in SETS if any(j.name == n for j in jobs)]
    rows, drops = [], []
    for name in names:
        row = [name]
        for bench in benches:
            for setting in ("whole", "small"):
                job = by.get((bench, name, setting))
                if job is None:
                    row.append("—")
                    continue
                f = figures(job.result["line"])
                row.append(_cell(f))
        rows.append(row)
        for setting in ("whole", "small"):
            first = by.get((benches[0], name, setting))
            for bench in benches[1:]:
                other = by.get((bench, name, setting))
                if first is None or other is None:
                    continue
                fa, fb = figures(first.result["line"]), figures(other.result["line"])
                for key, sign in COMPARED:
                    a, b = _num(fa.get(key)), _num(fb.get(key))
                    if a is not None and b is not None:
                        drops.append((name, setting, key, sign * (a - b)))
                if first.result.get("people") and other.result.get("people"):
                    lo, hi = drop_interval(first.result["people"], other.result["people"])
                    drops.append((name, setting, "f1@0.5 people 90%", (lo, hi)))
    return rows, drops


def markdown(rows: list[list[str]], drops: list, benches: list[str], command: str) -> str:
    head = ["set"] + [f"{b} {s}" for b in benches for s in ("whole", "small audits")]
    lines = [
        "| " + " | ".join(head) + " |",
        "| " + " | ".join("---" for _ in head) + " |",
    ]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    worst: dict[str, tuple[float, str]] = {}
    for name, setting, key, drop in drops:
        if key == "auc" and drop > worst.get(name, (-9.0, ""))[0]:
            worst[name] = (drop, setting)
    note = ", ".join(f"{n} {d:+.3f} ({s})" for n, (d, s) in worst.items())
    f1_drops = {(n, s): d for n, s, k, d in drops if k == "f1@0.5"}
    luck = ", ".join(
        f"{n} {s} {f1_drops[(n, s)]:+.3f} ({d[0]:+.3f} to {d[1]:+.3f})"
        for n, s, k, d in drops
        if k == "f1@0.5 people 90%" and n == "mixed" and (n, s) in f1_drops
    )
    return (
        "Each cell: ROC AUC / F1 at probability 0.5 / Brier score over every pair; "
        "(false k/n): k of the n pairs put at 0.5 or above are two different people; "
        "(default k/n): pairs of different people sharing the set's default picture put at "
        f"0.5 or above. Produced by `{command}`.\n\n"
        + "\n".join(lines)
        + f"\n\nLargest AUC drop from {benches[0]} to the others, per set: {note}.\n"
        + (
            f"\nDrop of the mixed sets' F1 at 0.5, with the 90 % interval that the choice of "
            f"people alone allows (each set's people drawn again, "
            f"`benchmarks/people_bootstrap.py`): {luck}.\n"
            if luck
            else ""
        )
    )


def write_readme(text: str) -> None:
    readme = README.read_text(encoding="utf-8")
    if TABLE_START not in readme or TABLE_END not in readme:
        raise SystemExit(f"README.md has no accuracy table markers ({TABLE_START!r})")
    head, rest = readme.split(TABLE_START, 1)
    _, tail = rest.split(TABLE_END, 1)
    README.write_text(head + TABLE_START + "\n" + text + TABLE_END + tail, encoding="utf-8")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks engine")
    parser.add_argument("--bench", type=Path, action="append", help="a benchmark folder")
    parser.add_argument("--sets", default=",".join(SETS))
    parser.add_argument("--work", type=Path)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--no-cache", action="store_true", help="rerun everything")
    parser.add_argument("--readme", action="store_true", help="rewrite README's accuracy table")
    parser.add_argument("--reliability", action="store_true", help="print the reliability tables")
    args = parser.parse_args(argv)
    env_dirs = os.environ.get("LINKAGE_BENCH_DIRS")
    benches = args.bench or (
        [Path(p) for p in env_dirs.split(os.pathsep)] if env_dirs else DEFAULT_BENCHES
    )
    benches = [b for b in benches if b.is_dir()]
    scripts = next((b for b in benches if (b / "score_links.py").exists()), None)
    if scripts is None:
        print("no benchmark with score_links.py found (use --bench DIR)", file=sys.stderr)
        return 2
    work = args.work or Path(tempfile.mkdtemp(prefix="linkage-engine-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    wanted = [s for s in args.sets.split(",") if s]
    jobs = [
        Job(bench.name, name, bench / name, setting)
        for bench in benches
        for name in wanted
        if (bench / name / "profiles.jsonl").exists()
        for setting in ("whole", "small")
    ]
    code = code_fingerprint()
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        done = list(pool.map(lambda j: run_job(j, scripts, work, code, not args.no_cache), jobs))
    names = [b.name for b in benches]
    print(f"{'bench':<8} {'set':<24} {'setting':<6} | figures")
    for job in done:
        extra = f" ece={job.result['ece']:.4f}" if "ece" in job.result else ""
        mark = " (cached)" if job.result.get("cached") else f" ({job.result['seconds']:.0f} s)"
        print(f"{job.bench:<8} {job.name:<24} {job.setting:<6} | {job.result['line']}{extra}{mark}")
    rows, drops = build_rows(done, names)
    if len(names) > 1:
        print(f"\ndrop from {names[0]} (positive = worse there; AUC, F1@0.5, Brier):")
        for name in [n for n in SETS if any(d[0] == n for d in drops)]:
            cells = [
                f"{setting} {key} {drop[0]:+.3f}..{drop[1]:+.3f}"
                if isinstance(drop, tuple)
                else f"{setting} {key} {drop:+.3f}"
                for n, setting, key, drop in drops
                if n == name and (key != "brier" or setting == "small")
            ]
            print(f"  {name:<24} " + ", ".join(cells))
    command = "python -m benchmarks engine --readme"
    text = markdown(rows, drops, names, command)
    print("\n" + text)
    if args.readme:
        write_readme(text)
        print("README.md accuracy table rewritten.")
    if args.reliability:
        for job in done:
            if "reliability" not in job.result:
                continue
            print(f"\nreliability, {job.bench} {job.name} (whole set): bin, pairs, predicted, seen")
            for bin_, count, predicted, observed in job.result["reliability"]:
                print(f"  {bin_:<8} {count:>7} {predicted:>8.3f} {observed:>8.3f}")
    print(f"\n({time.perf_counter() - started:.0f} s; work files in {work})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
