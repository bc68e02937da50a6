"""The default prior follows the number of accounts compared; ``--prior`` fixes it."""

from __future__ import annotations

import math

import pytest

from linkage.evidence.analysis import analyse
from linkage.evidence.linking import input_prior, link_profiles
from linkage.evidence.weights import (
    OWNER_ACCOUNTS,
    PRIOR_CAP,
    default_prior,
    log2_odds,
    resolve_prior,
)
from linkage.records import Profile


def person(pid: str, name: str) -> Profile:
    platform, handle = pid.split(":", 1)
    return Profile(id=pid, platform=platform, handle=handle, display_name=name, bio=f"I am {name}.")


@pytest.mark.parametrize(("accounts", "expected"), [(10, 1 / 9), (100, 1 / 99), (1000, 1 / 999)])
def test_default_prior_is_one_other_account_of_the_owner(accounts: int, expected: float):
    assert OWNER_ACCOUNTS == 1.0
    assert math.isclose(default_prior(accounts), expected)


@pytest.mark.parametrize("accounts", [0, 1, 2])
def test_tiny_inputs_are_capped(accounts: int):
    assert default_prior(accounts) == PRIOR_CAP


def test_a_given_prior_wins():
    assert resolve_prior(0.2, 1000) == 0.2
    assert math.isclose(resolve_prior(None, 10), 1 / 9)


def test_links_and_analysis_use_the_inputs_prior():
    profiles = [person(f"github:user{i}", f"Person {i}") for i in range(10)]
    profiles[1] = person("reddit:user0", "Person 0")
    assert math.isclose(input_prior(profiles), 1 / 9)
    links = link_profiles(profiles)
    pair = next(link for link in links if {link.a, link.b} == {"github:user0", "reddit:user0"})
    expected = 1 / (1 + 2 ** -(log2_odds(1 / 9) + pair.match_weight))
    assert math.isclose(pair.probability, expected, rel_tol=1e-9)
    fixed = link_profiles(profiles, prior=0.001)
    fixed_pair = next(link for link in fixed if {link.a, link.b} == {pair.a, pair.b})
    assert fixed_pair.probability < pair.probability
    analysis = analyse(profiles, links, remediate=False)
    assert math.isclose(analysis.prior, 1 / 9)
    assert math.isclose(analyse(profiles, links, prior=0.05, remediate=False).prior, 0.05)
