"""Linking at scale: all pairs of 1,000 profiles, and 100,000 synthetic profiles with blocking.

usage: python -m benchmarks scale [--small 1000] [--large 100000] [--sample 1500]

Prints wall time and peak memory of each run (each in its own process), and the share of the
pairs that all-pairs scoring of a random sample puts at 0.5 or above (under the whole input's
prior, as all-pairs scoring of the whole input would) that the blocked run also finds. Tests never assert times; this prints them.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time

from benchmarks.synthetic import profiles, unique


def _stage(kind: str, count: int, sample: int) -> dict:
    from linkage.evidence.linking import input_prior, link_profiles

    records = unique(profiles(count, seed=11))
    started = time.perf_counter()
    if kind == "small":
        links = link_profiles(records, min_probability=0.0, all_pairs_limit=count)
        result = {"pairs": len(links)}
    else:
        links = link_profiles(records, min_probability=0.5)
        result = {"strong": sorted([link.a, link.b] for link in links)}
    result["seconds"] = time.perf_counter() - started
    result["peak_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if kind == "large" and sample:
        from linkage.evidence.candidates import candidate_pairs
        from linkage.signals import default_signals

        chosen = random.Random(5).sample(records, sample)
        # all-pairs scoring of the whole input would use the whole input's prior
        truth = link_profiles(
            chosen, min_probability=0.5, all_pairs_limit=sample, prior=input_prior(records)
        )
        ordered = sorted(records, key=lambda p: p.id)
        signals = default_signals()
        for signal in signals:
            signal.prepare(ordered)
        index = {p.id: i for i, p in enumerate(ordered)}
        candidates = {(i, j) for i, j in candidate_pairs(ordered, signals).tolist()}
        result["candidates"] = len(candidates)
        result["sample_strong"] = len(truth)
        result["sample_kept"] = sum(
            tuple(sorted((index[x.a], index[x.b]))) in candidates for x in truth
        )
    return result


def _run(kind: str, count: int, sample: int) -> dict:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks",
            "scale",
            "--stage",
            kind,
            "--count",
            str(count),
            "--sample",
            str(sample),
        ],
        capture_output=True,
        text=True,
        timeout=3600,
    )
    if done.returncode != 0:
        raise SystemExit(done.stderr[-2000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks scale")
    parser.add_argument("--small", type=int, default=1000)
    parser.add_argument("--large", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=1500)
    parser.add_argument("--stage", choices=("small", "large"))
    parser.add_argument("--count", type=int)
    args = parser.parse_args(argv)
    if args.stage:
        print(json.dumps(_stage(args.stage, args.count, args.sample)))
        return 0
    small = _run("small", args.small, 0)
    print(
        f"all pairs of {args.small:,} profiles: {small['pairs']:,} pairs in {small['seconds']:.1f} s, peak {small['peak_mib']:.0f} MiB"
    )
    large = _run("large", args.large, args.sample)
    found = large["strong"]
    print(
        f"{args.large:,} profiles with blocking: {large['seconds']:.1f} s, peak {large['peak_mib']:.0f} MiB, {len(found):,} links at 0.5 or above"
    )
    if args.sample:  # --sample 0 leaves out the check of blocking
        kept, truth = large["sample_kept"], large["sample_strong"]
        recall = kept / truth if truth else 1.0
        print(f"{large['candidates']:,} candidate pairs")
        print(
            f"blocking keeps {kept} of the {truth} pairs that all-pairs scoring of a {args.sample:,}-profile sample puts at 0.5 or above ({recall:.1%})"
        )
    return 0
