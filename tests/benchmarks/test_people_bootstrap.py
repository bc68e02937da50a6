"""The benchmark's bootstrap over people: each person's pairs, and the interval of a drop."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks.people_bootstrap import drop_interval, f1, per_person


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_each_pair_belongs_to_its_people(tmp_path: Path) -> None:
    truth = write(tmp_path, "truth.csv", "id,person\na1,ann\na2,ann\nb1,bo\nb2,bo\nz,\n")
    links = write(
        tmp_path,
        "whole.csv",
        "a,b,probability\na1,a2,0.9\nb1,b2,0.2\na1,b1,0.7\n",  # z has no row at all
    )
    people = sorted(per_person(truth, [links]))
    # ann: her pair found, half a false pair; bo: his pair missed, half a false pair; z: none
    assert people == sorted([(1.0, 0.5, 0.0), (0.0, 0.5, 1.0), (0.0, 0.0, 0.0)])
    assert f1(people) == pytest.approx(2 / (2 + 1 + 1))


def test_a_small_audit_counts_only_its_own_accounts(tmp_path: Path) -> None:
    truth = write(tmp_path, "truth.csv", "id,person\na1,ann\na2,ann\nb1,bo\nb2,bo\n")
    write(tmp_path, "group1.jsonl", "".join(json.dumps({"id": i}) + "\n" for i in ("a1", "a2")))
    write(tmp_path, "group2.jsonl", "".join(json.dumps({"id": i}) + "\n" for i in ("b1", "b2")))
    one = write(tmp_path, "group1.csv", "a,b,probability\na1,a2,0.8\n")
    two = write(tmp_path, "group2.csv", "a,b,probability\n")  # bo's pair: never scored
    assert sorted(per_person(truth, [one, two])) == [(0.0, 0.0, 1.0), (1.0, 0.0, 0.0)]


def test_the_interval_of_a_drop_holds_the_drop_and_widens_with_fewer_people() -> None:
    good = [(2.0, 0.0, 0.0)] * 20 + [(1.0, 0.0, 1.0)] * 2
    worse = [(2.0, 0.0, 0.0)] * 16 + [(1.0, 0.0, 1.0)] * 6
    lo, hi = drop_interval(good, worse, rounds=1000)
    assert lo < f1(good) - f1(worse) < hi
    few_lo, few_hi = drop_interval(good[::4], worse[::4], rounds=1000)
    assert few_hi - few_lo > hi - lo
    assert drop_interval(good, good, rounds=200) == drop_interval(good, good, rounds=200)
