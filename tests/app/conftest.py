"""The local app under test: real servers on 127.0.0.1 (the app, and the demo's fixture
server standing in for every platform), a cache and data folder per test."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from linkage.app.server import Settings
from linkage.app.serving import AppServer
from linkage.demo import DEMO_DIR, FixtureServer
from tests.collectors.archives.layouts import Builder, mastodon_layout


@pytest.fixture
def fixture_site() -> Iterator[str]:
    """The demo's fictional pages, answering for every host."""
    with FixtureServer(DEMO_DIR / "sites") as server:
        yield server.url


@dataclass
class Running:
    base: str
    url: str
    token: str
    data: Path
    #: ``linkage app`` itself, when the test started it as a user does (``app_process``)
    process: subprocess.Popen | None = None

    def session(self) -> requests.Session:
        """A session that has visited the secret address and sends the token in its header,
        as the page does."""
        session = requests.Session()
        answer = session.get(self.url, timeout=10)
        assert answer.status_code == 200
        session.headers["X-Linkage-Token"] = self.token
        return session

    def post(self, session: requests.Session, path: str, **kwargs) -> requests.Response:
        headers = {"Origin": self.base, "X-Linkage-Token": self.token, **kwargs.pop("headers", {})}
        return session.post(self.base + path, headers=headers, timeout=30, **kwargs)


@pytest.fixture
def running_app(tmp_path: Path, fixture_site: str) -> Iterator[Running]:
    """The app in this process (on its own thread), with a small upload cap."""
    settings = Settings(
        data_dir=tmp_path / "data",
        endpoints=[f"*={fixture_site}"],
        cache_dir=tmp_path / "cache",
        max_upload=200_000,
    )
    with serving(settings) as running:
        yield running


@contextlib.contextmanager
def serving(settings: Settings) -> Iterator[Running]:
    """The app with ``settings`` in this process, on its own thread, until the block ends."""
    server = AppServer(settings)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    assert server.wait_started()
    try:
        yield Running(server.base, server.url, server.token, settings.data_dir)
    finally:
        server.stop()
        thread.join(10)


@pytest.fixture
def app_process(tmp_path: Path, fixture_site: str) -> Iterator[Running]:
    """``linkage app`` itself, as a user starts it (without opening a browser)."""
    env = {**os.environ, "LINKAGE_ENDPOINTS": f"*={fixture_site}", "PYTHONUNBUFFERED": "1"}
    env.pop("BROWSER", None)
    data = tmp_path / "data"
    command = [sys.executable, "-m", "linkage", "app", "--no-browser", "--data", str(data)]
    process = subprocess.Popen(
        [*command, "--cache-dir", str(tmp_path / "cache")],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line.startswith("http://127.0.0.1:"), line  # the first line: the address alone
        url = line.strip()
        base, token = url.split("/?token=")
        yield Running(base, url, token, data, process)
    finally:
        process.terminate()
        process.wait(10)


@pytest.fixture
def mastodon_export(tmp_path: Path) -> Path:
    """A fictional person's Mastodon archive (the importers' own test layout)."""
    folder = tmp_path / "exports"
    folder.mkdir()
    return Builder(folder).zip("archive-alex.zip", mastodon_layout())
