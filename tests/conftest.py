"""Shared test fixtures: an HTTP client whose every request goes to a local test server."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from collectors.base import CollectContext, Limits
from collectors.http import HttpClient, HttpConfig
from tests.server import LocalServer

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.fixture
def server() -> Iterator[LocalServer]:
    """A fresh local test server (:mod:`tests.server`) for the test, stopped afterwards; a
    test whose handlers raised fails here."""
    with LocalServer() as running:
        yield running
        assert not running.errors, f"the test server's handlers failed: {running.errors!r}"


def fast_config(server: LocalServer, **overrides) -> HttpConfig:
    """Every host mapped to the test server; short timeouts and waits so tests stay quick, and
    no per-platform pacing (``host_settings=False``: collectors' ``configure_host`` requests
    are ignored; pass ``host_settings=True`` to test them)."""
    settings = dict(
        endpoints={"*": server.url},
        connect_timeout=2.0,
        read_timeout=2.0,
        body_deadline=5.0,
        backoff=0.01,
        max_wait=2.0,
        min_interval=0.0,
        max_retries=2,
        host_settings=False,
    )
    settings.update(overrides)
    return HttpConfig(**settings)


@pytest.fixture
def make_client(server: LocalServer) -> Iterator[Callable[..., HttpClient]]:
    clients: list[HttpClient] = []

    def factory(**overrides) -> HttpClient:
        client = HttpClient(fast_config(server, **overrides))
        clients.append(client)
        return client

    yield factory
    for client in clients:
        client.close()


@pytest.fixture
def make_ctx(make_client) -> Callable[..., CollectContext]:
    """A collector context on the test server: ``make_ctx(env={...}, max_posts=5, **http)``."""

    def factory(
        env: dict[str, str] | None = None, max_posts: int = 100, max_words: int = 10_000, **http
    ) -> CollectContext:
        return CollectContext(
            http=make_client(**http), limits=Limits(max_posts, max_words), env=env or {}
        )

    return factory


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Every test keeps its history and collected profiles in a folder of its own, never in
    the user's data folder (``linkage.store.DATA_ENV``)."""
    folder = tmp_path_factory.mktemp("linkage-data")
    monkeypatch.setenv("LINKAGE_DATA_DIR", str(folder))
    return folder


@pytest.fixture(autouse=True)
def private_cache_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Every test's default cache folder (``platformdirs.user_cache_dir``, where a command
    without ``--cache-dir`` keeps its answers and the sweep's) is a folder of its own, never
    the user's: a sweep must not be answered from another test's, or another day's, cache."""
    folder = tmp_path_factory.mktemp("linkage-cache")
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    return folder


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The wheel's tests first: building and installing it takes most of a minute, and when
    ``make test`` spreads the files over workers, a slow file started last leaves the other
    workers idle at the end."""
    items.sort(key=lambda item: item.get_closest_marker("wheel") is None)


@pytest.fixture(scope="module")
def browser():
    """Debian's headless Chromium, one per test module (its absence fails the test: the
    report and the app are tested where people see them)."""
    import os

    from tests.browser import CHROMIUM, MISSING, launched

    if not os.path.exists(CHROMIUM):
        pytest.fail(MISSING)
    with launched() as browser:
        yield browser
