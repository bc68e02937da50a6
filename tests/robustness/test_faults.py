"""Every fault of the catalogue against a whole 30-account audit (see ``faults.py``): the run
ends within its bound, untouched accounts come back exactly as without faults, touched ones in
full or with the right status; nothing reaches a private address."""

from __future__ import annotations

import pytest

from collectors.errors import STATUSES
from tests.robustness.faults import catalogue, run_case
from tests.robustness.fleet import Fleet, Run, comparable
from tests.server import KINDS, LocalServer

CASES = [case.name for case in catalogue(0)]


def test_the_fleet_is_thirty_accounts_on_every_platform(fleet: Fleet, baseline: Run) -> None:
    from collectors import registry

    assert len(fleet.accounts) == 30
    assert {a.platform for a in fleet.accounts} == set(registry.known_platforms())
    assert fleet.conflicts == []
    assert baseline.errors() == {}
    assert all(len(fleet.unique_keys(a)) >= 1 for a in fleet.accounts)
    # the copies are collected as their originals are, under their own names
    for account in fleet.accounts:
        profile = baseline.profiles[account.id]
        assert profile.ok and (profile.bio or profile.posts), account.id


def test_every_kind_of_fault_is_in_the_catalogue() -> None:
    tried = {case.kind for case in catalogue(0)}
    assert tried == set(KINDS)


@pytest.mark.parametrize("name", CASES)
def test_fault(
    name: str, fleet: Fleet, fresh_server: LocalServer, canary: LocalServer, baseline: Run
) -> None:
    case = next(c for c in catalogue(canary.port) if c.name == name)
    outcome = run_case(case, fleet, fresh_server, baseline)
    assert outcome.problems == []
    assert outcome.touched, "the case touched no account"
    for profile in outcome.run.profiles.values():
        error = profile.collected.error if profile.collected else None
        if error:
            assert error.split(":", 1)[0] in STATUSES, error
            assert "Traceback" not in error
    assert len(canary.requests) == 0, dict(canary.hits)


def test_a_run_after_faults_is_whole_again(
    fleet: Fleet, fresh_server: LocalServer, baseline: Run
) -> None:
    """Faults leave nothing behind in the client: a fresh run is the baseline again."""
    from tests.robustness.fleet import run_audit

    run = run_audit(fleet, fresh_server)
    assert {k: comparable(p) for k, p in run.profiles.items()} == {
        k: comparable(p) for k, p in baseline.profiles.items()
    }
