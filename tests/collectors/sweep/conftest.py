"""A local test server for the sweep: aiohttp on 127.0.0.1 in a background thread.

Routes are registered per test as ``server.route(path, handler)`` where ``handler`` is an
``async (request) -> web.Response``; every request is recorded (host, method, path, query,
headers, body) and the number in flight per Host header is tracked.
"""

from __future__ import annotations

import asyncio
import threading
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from aiohttp import web

from collectors.sweep.runner import SweepSettings

SHARED = Path(__file__).resolve().parents[4] / "shared" / "sitelists"
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass
class Seen:
    host: str
    method: str
    path: str
    query: str
    headers: dict[str, str]
    body: bytes
    peer: tuple | None = None


@dataclass
class SiteServer:
    port: int = 0
    routes: dict[str, Handler] = field(default_factory=dict)
    fallback: Handler | None = None
    seen: list[Seen] = field(default_factory=list)
    in_flight: Counter = field(default_factory=Counter)
    peak: Counter = field(default_factory=Counter)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def route(self, path: str, handler: Handler) -> None:
        self.routes[path] = handler

    def serve_all(self, handler: Handler) -> None:
        """Answer every path not routed otherwise with ``handler``."""
        self.fallback = handler

    def text(self, path: str, body: str, status: int = 200, **headers: str) -> None:
        async def handler(_: web.Request) -> web.Response:
            return web.Response(status=status, text=body, headers=headers)

        self.route(path, handler)

    def paths(self) -> list[str]:
        return [s.path for s in self.seen]

    async def dispatch(self, request: web.Request) -> web.StreamResponse:
        host = request.headers.get("Host", "")
        body = await request.read()
        self.seen.append(
            Seen(
                host,
                request.method,
                request.path,
                request.query_string,
                dict(request.headers),
                body,
                request.transport.get_extra_info("peername") if request.transport else None,
            )
        )
        self.in_flight[host] += 1
        self.peak[host] = max(self.peak[host], self.in_flight[host])
        try:
            handler = self.routes.get(request.path, self.fallback)
            if handler is None:
                return web.Response(status=404, text="no route in the test server")
            return await handler(request)
        finally:
            self.in_flight[host] -= 1


@pytest.fixture
def site_server():
    server = SiteServer()
    loop = asyncio.new_event_loop()
    ready = threading.Event()
    state: dict[str, web.AppRunner] = {}

    async def start() -> None:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", server.dispatch)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        server.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        state["runner"] = runner

    def serve() -> None:
        asyncio.set_event_loop(loop)
        loop.run_until_complete(start())
        ready.set()
        loop.run_forever()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    assert ready.wait(5), "the test server did not start"
    yield server
    asyncio.run_coroutine_threadsafe(state["runner"].cleanup(), loop).result(5)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(5)
    loop.close()


@pytest.fixture
def settings(site_server: SiteServer) -> SweepSettings:
    """Every host mapped to the test server; short deadline."""
    return SweepSettings(endpoints={"*": site_server.base}, timeout=2.0)


def shared_file(name: str) -> Path:
    path = SHARED / name
    if not path.exists():
        pytest.skip(f"the shared site lists are not next to the repository ({path} is missing)")
    return path
