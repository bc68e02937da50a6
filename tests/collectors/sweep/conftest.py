"""The sweep's tests: settings that send every host to the test server (the ``server`` fixture
of ``tests/conftest.py``, a :class:`tests.server.LocalServer`), and the shared site lists."""

from __future__ import annotations

from pathlib import Path

import pytest

from collectors.sweep.runner import SweepSettings
from tests.server import LocalServer

SHARED = Path(__file__).resolve().parents[4] / "shared" / "sitelists"


@pytest.fixture
def settings(server: LocalServer) -> SweepSettings:
    """Every host mapped to the test server; short deadline."""
    return SweepSettings(endpoints={"*": server.url}, timeout=2.0)


def shared_file(name: str) -> Path:
    path = SHARED / name
    if not path.exists():
        pytest.skip(f"the shared site lists are not next to the repository ({path} is missing)")
    return path
