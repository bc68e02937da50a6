"""Session fixtures for the robustness suite: the fleet, its misbehaving server, a canary
server that must never be reached, and the fault-free baseline audit."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.robustness.fleet import Fleet, Run, build_fleet, run_audit
from tests.server import NOT_FOUND, LocalServer


@pytest.fixture(scope="session")
def fleet() -> Fleet:
    return build_fleet()


@pytest.fixture(scope="session")
def server(fleet: Fleet) -> Iterator[LocalServer]:
    with LocalServer(fleet.answers, unrouted=NOT_FOUND) as running:
        yield running


@pytest.fixture
def fresh_server(server: LocalServer) -> Iterator[LocalServer]:
    """The session's server with no rules and no counts, cleared again afterwards."""
    server.clear()
    yield server
    server.clear()


@pytest.fixture(scope="session")
def canary() -> Iterator[LocalServer]:
    """A server on loopback that no request may ever reach."""
    with LocalServer(unrouted=NOT_FOUND) as running:
        yield running


@pytest.fixture(scope="session")
def baseline(fleet: Fleet, server: LocalServer) -> Run:
    server.clear()
    run = run_audit(fleet, server)
    server.clear()
    return run
