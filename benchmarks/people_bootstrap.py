"""How much of a benchmark's F1 at 0.5 is the luck of which people it drew.

A benchmark set is a sample of people, and its F1 at probability 0.5 rests on a few dozen
pairs: one person's accounts crossing 0.5 or not moves it by 0.005 to 0.02. To tell a real
difference between two sets from that luck, each set's pairs are split by person (a pair of
one person's accounts is that person's; a pair of two people's accounts put at 0.5 or above
is half each one's), people are drawn again with replacement, and the F1 of each draw is
computed; the interval of the difference between two sets' draws is what that luck alone
allows (a percentile bootstrap over people).
"""

from __future__ import annotations

import csv
import itertools
import json
import random
from collections.abc import Iterable, Sequence
from pathlib import Path

#: (true positives, false positives, false negatives) of one person's pairs at 0.5
Counts = tuple[float, float, float]


def per_person(truth: Path, link_files: Iterable[Path], threshold: float = 0.5) -> list[Counts]:
    """Each person's share of the pairs of the link files' runs: a whole set's (every pair of
    the truth's accounts) or a small audit's (every pair of the accounts in the profiles file
    beside its links, ``groupN.jsonl`` beside ``groupN.csv``); a pair a file leaves out counts
    as 0. An account of no one in particular (an empty person) is a person of its own."""
    person = {}
    with truth.open(newline="") as handle:
        for row in csv.DictReader(handle):
            person[row["id"]] = row["person"] or f"alone:{row['id']}"
    counts: dict[str, list[float]] = {p: [0.0, 0.0, 0.0] for p in person.values()}
    for path in link_files:
        prob: dict[frozenset[str], float] = {}
        with path.open(newline="") as handle:
            for row in csv.DictReader(handle):
                prob[frozenset((row["a"], row["b"]))] = float(row["probability"] or 0)
        ids = sorted(_accounts(path.with_suffix(".jsonl")) or person.keys())
        for a, b in itertools.combinations(ids, 2):
            linked = prob.get(frozenset((a, b)), 0.0) >= threshold
            if person[a] == person[b]:
                counts[person[a]][0 if linked else 2] += 1
            elif linked:
                counts[person[a]][1] += 0.5
                counts[person[b]][1] += 0.5
    return [(tp, fp, fn) for tp, fp, fn in counts.values()]


def _accounts(profiles: Path) -> set[str]:
    """The account ids of a small audit's profiles file (none when there is no such file)."""
    if not profiles.is_file():
        return set()
    with profiles.open(encoding="utf-8") as handle:
        return {json.loads(line)["id"] for line in handle if line.strip()}


def f1(people: Sequence[Counts]) -> float:
    tp = sum(c[0] for c in people)
    fp = sum(c[1] for c in people)
    fn = sum(c[2] for c in people)
    return 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0


def drop_interval(
    first: Sequence[Counts],
    second: Sequence[Counts],
    rounds: int = 2000,
    level: float = 0.9,
    seed: int = 0,
) -> tuple[float, float]:
    """The ``level`` percentile interval of F1(first) - F1(second) when each set's people are
    drawn again with replacement ``rounds`` times."""
    rng = random.Random(seed)
    drops = sorted(
        f1(rng.choices(first, k=len(first))) - f1(rng.choices(second, k=len(second)))
        for _ in range(rounds)
    )
    tail = (1 - level) / 2
    return drops[int(tail * (rounds - 1))], drops[int((1 - tail) * (rounds - 1))]
