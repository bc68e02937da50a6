"""House style in a large input: each writer's nearest company, and the discount it gives."""

from __future__ import annotations

import random

import numpy as np
import pytest

from linkage.records import Profile
from linkage.signals.style import StyleSignal
from linkage.signals.style_house import KEPT, NEAREST, closest, left_out, neighbourhood_excess
from tests.writers import NOUNS, account, handle, writer, writers

#: a fictional community's house phrasing, which its writers all paste: none of it is in the
#: other writers' frames
HOUSE_FRAMES = (
    "Please pull the zorblat board fixes for the {a}; the signed tag is zorblat-{b}-fixes.",
    "Hi Quill, these zorblat changes rework the {a} and the {b}, all tested on the qx9 rig.",
    "The shortlog for zorblat-{a} follows; the {b} bits went through the usual qx9 review.",
    "Merge window notes from the zorblat tree: {a} cleanups, one {b} regression fix, no more.",
)


def test_closest_keeps_the_highest_first():
    ids = [f"s{k}" for k in range(40)]
    units = np.arange(40, dtype=float)[::-1].copy()  # s0 highest
    found = closest(ids, units)
    assert [pid for pid, _ in found] == ids[:KEPT]
    assert [u for _, u in found] == sorted((u for _, u in found), reverse=True)
    few = closest(["a", "b", "c"], np.array([0.5, 2.0, 1.0]))
    assert few == [("b", 2.0), ("c", 1.0), ("a", 0.5)]


def test_excess_is_the_neighbourhood_above_the_median():
    company = {
        "loner": [(f"x{k}", 1.0) for k in range(NEAREST + 2)],
        "usual": [(f"y{k}", 2.0) for k in range(NEAREST + 2)],
        "member": [(f"z{k}", 5.0) for k in range(NEAREST + 2)],
    }
    excess = neighbourhood_excess(company, {})
    assert excess == {"loner": 0.0, "usual": 0.0, "member": pytest.approx(3.0)}
    # an account the other signals tie to the member is left out of its company
    company["member"] = [("mate", 20.0), *company["member"]]
    assert neighbourhood_excess(company, {"member": {"mate"}})["member"] == pytest.approx(3.0)
    assert neighbourhood_excess(company, {})["member"] == pytest.approx(3.0 + 15.0 / NEAREST)
    # fewer than NEAREST members left: no neighbourhood at all
    short = {"few": [("a", 9.0)] * (NEAREST - 1), **company}
    assert "few" not in neighbourhood_excess(short, {})


def test_left_out_are_the_tied_accounts_and_their_owners_other_accounts():
    """x, y and z are surely one person's; a is tied to x by some evidence, b to a."""
    found = left_out([("x", "y"), ("y", "z")], [("a", "x"), ("b", "a")])
    assert found["a"] == {"x", "y", "z", "b"}
    assert found["x"] >= {"a", "y", "z"}
    assert found["b"] == {"a"}  # a's tie to x does not make x b's company to leave out


def community(count: int) -> list[Profile]:
    """``count`` fictional colleagues, two accounts each: half of each account's posts follow
    the writer's own habits, half the community's house phrasing (``HOUSE_FRAMES``)."""
    profiles = []
    for i in range(count):
        for side, platform in enumerate(("github", "reddit")):
            rng = random.Random(1000 + 2 * i + side)
            house = [
                rng.choice(HOUSE_FRAMES).format(a=a, b=b)
                for a, b in (rng.sample(NOUNS, 2) for _ in range(20))
            ]
            own = writer(100 + i, 2 * i + side, sentences=20)
            profiles.append(account(f"{platform}:zb{handle(i)}{side}", own + house))
    return profiles


@pytest.fixture(scope="module")
def house() -> tuple[list[Profile], list[Profile]]:
    """Sixty writers, and two colleagues who half write in one house phrasing: too few to
    show in the colleagues' own nulls (whose spread follows their upper tail)."""
    return writers(60, shared_handles=0), community(2)


def test_a_community_that_shares_a_house_phrasing_is_discounted(house):
    """Before ``learn`` two colleagues' writing scores high; once the input's nearest
    company is measured, their excess lowers it, while writers without such company keep
    their weights."""
    others, colleagues = house
    signal = StyleSignal()
    signal.prepare([*others, *colleagues])
    first, second = colleagues[0], colleagues[2]  # two colleagues' github accounts
    loners = (others[6], others[7])  # one writer's two accounts
    before, loners_before = signal.compare(first, second), signal.compare(*loners)
    assert before is not None and loners_before is not None and before.match_weight > 6
    signal.learn([], [])
    after, loners_after = signal.compare(first, second), signal.compare(*loners)
    assert after is not None and after.match_weight < before.match_weight - 1.5
    assert loners_after is not None
    assert loners_after.match_weight == pytest.approx(loners_before.match_weight, abs=0.5)
    member = min(signal._excess[p.id] for p in colleagues)
    rest = float(np.mean([signal._excess.get(p.id, 0.0) for p in others]))
    assert member > rest + 1.0


def test_accounts_tied_by_other_evidence_are_not_company(house):
    """A colleague's own second account is its closest company; tied to it by other
    evidence (the pairs ``learn`` is given), it is left out, and the colleague's excess falls
    while the others' stays as it was."""
    others, colleagues = house
    signal = StyleSignal()
    signal.prepare([*others, *colleagues])
    signal.learn([], [])
    untied = dict(signal._excess)
    signal.learn([], [(colleagues[0], colleagues[1])])
    assert signal._excess[colleagues[0].id] < untied[colleagues[0].id] - 0.5
    assert all(abs(signal._excess.get(p.id, 0.0) - untied.get(p.id, 0.0)) < 0.2 for p in others)


def test_an_audit_has_no_house_style_to_discount():
    profiles = community(4)  # eight accounts: no cohort of their own
    signal = StyleSignal()
    signal.prepare(profiles)
    before = signal.compare(profiles[0], profiles[2])
    signal.learn([], [])
    assert signal._excess == {}
    assert signal.compare(profiles[0], profiles[2]) == before
