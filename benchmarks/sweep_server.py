"""The sweep benchmark's sites: a deterministic site mix, its truth, its lists, and a local server.

Each site listens on its own port of 127.0.0.1 (so every site is a separate host to every
tool) and answers each request after a fixed delay. Kinds of site:

* ``status``: an existing account's page is 200 with a profile marker, a missing one 404;
* ``message``: 200 either way, the missing page saying "No such user";
* ``redirect``: a missing account redirects (302) to the home page;
* ``ratelimited``: 429 to everything; ``blocked``: 403 with a bot-check page to everything;
* ``catchall``: 200 with a profile page for any name at all (a false-positive trap).

The benchmark's accounts exist only on the first three kinds; a "found" on the others is
always wrong. The server is a bare asyncio protocol so that it costs the tools little CPU.
"""

from __future__ import annotations

import asyncio
import json
import random
import sys
from pathlib import Path

KINDS = (
    ("status", 0.40),
    ("message", 0.25),
    ("redirect", 0.20),
    ("ratelimited", 0.05),
    ("blocked", 0.05),
    ("catchall", 0.05),
)
ANSWERING = ("status", "message", "redirect")
MARKER = "profile-card"
MISSING_TEXT = "No such user"
CHALLENGE = '<span id="challenge-error-text">Checking your browser</span>'
_FILLER = "<p>" + "Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 30 + "</p>"


def make_spec(count: int, usernames: list[str], seed: int = 11) -> list[dict]:
    """``count`` sites: kind, and which of ``usernames`` have an account there."""
    rng = random.Random(seed)
    kinds: list[str] = []
    for kind, share in KINDS:
        kinds.extend([kind] * round(count * share))
    kinds = (kinds + ["status"] * count)[:count]
    rng.shuffle(kinds)
    spec = []
    for number, kind in enumerate(kinds, 1):
        exists = [u for u in usernames if kind in ANSWERING and rng.random() < 0.35]
        spec.append({"name": f"site{number:03d}", "kind": kind, "exists": exists})
    return spec


def truth(spec: list[dict], usernames: list[str]) -> dict[tuple[str, str], bool]:
    return {(u, s["name"]): u in s["exists"] for s in spec for u in usernames}


def wmn_list(spec: list[dict], ports: list[int]) -> dict:
    sites = []
    for site, port in zip(spec, ports, strict=True):
        m_code, m_string = {"message": (200, MISSING_TEXT), "redirect": (302, "")}.get(
            site["kind"], (404, "")
        )
        sites.append(
            {
                "name": site["name"],
                "uri_check": f"http://127.0.0.1:{port}/u/{{account}}",
                "e_code": 200,
                "e_string": MARKER,
                "m_code": m_code,
                "m_string": m_string,
                "known": ["known1", "known2"],
                "cat": "social",
            }
        )
    return {
        "license": ["benchmark data"],
        "authors": ["linkage"],
        "categories": ["social"],
        "sites": sites,
    }


def sherlock_list(spec: list[dict], ports: list[int]) -> dict:
    data: dict = {"$schema": "data.schema.json"}
    for site, port in zip(spec, ports, strict=True):
        entry = {
            "url": f"http://127.0.0.1:{port}/u/{{}}",
            "urlMain": f"http://127.0.0.1:{port}/",
            "username_claimed": "known1",
            "errorType": "status_code",
        }
        if site["kind"] == "message":
            entry.update(errorType="message", errorMsg=MISSING_TEXT)
        elif site["kind"] == "redirect":
            entry.update(errorType="response_url")
        data[site["name"]] = entry
    return data


def _page(title: str, body: str) -> bytes:
    return f"<!doctype html><html><head><title>{title}</title></head><body>{body}{_FILLER}</body></html>".encode()


PROFILE = _page("Profile", f'<div class="{MARKER}">An account</div>')
MISSING_PAGE = _page("Not here", f"<h1>{MISSING_TEXT}</h1>")
NOT_FOUND = _page("404", "<h1>Not found</h1>")
HOME = _page("Home", "<h1>Welcome home</h1>")
BLOCKED = _page("Just a check", CHALLENGE)
LIMITED = b"Too Many Requests"
REASONS = {200: "OK", 302: "Found", 403: "Forbidden", 404: "Not Found", 429: "Too Many Requests"}


def answer(kind: str, exists: frozenset[str], path: str) -> tuple[int, bytes, str | None]:
    """(status, body, Location) for a request to ``path`` on a site of ``kind``."""
    if kind == "ratelimited":
        return 429, LIMITED, None
    if kind == "blocked":
        return 403, BLOCKED, None
    if not path.startswith("/u/"):
        return 200, HOME, None
    name = path[3:].split("?", 1)[0]
    if kind == "catchall" or name in exists:
        return 200, PROFILE, None
    if kind == "message":
        return 200, MISSING_PAGE, None
    if kind == "redirect":
        return 302, HOME, "/"
    return 404, NOT_FOUND, None


class SiteProtocol(asyncio.Protocol):
    """HTTP/1.1 with keep-alive, just enough for GET, HEAD and POST; answers after ``delay``."""

    def __init__(self, kind: str, exists: frozenset[str], delay: float) -> None:
        self.kind, self.exists, self.delay = kind, exists, delay
        self.buffer = b""
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        loop = asyncio.get_running_loop()
        while (end := self.buffer.find(b"\r\n\r\n")) >= 0:
            head = self.buffer[:end].decode("latin-1")
            length, close = 0, False
            for line in head.split("\r\n")[1:]:
                key, _, value = line.partition(":")
                key = key.strip().lower()
                if key == "content-length":
                    length = int(value.strip() or 0)
                elif key == "connection":
                    close = value.strip().lower() == "close"
            if len(self.buffer) < end + 4 + length:
                return
            self.buffer = self.buffer[end + 4 + length :]
            method, _, rest = head.partition(" ")
            path = rest.partition(" ")[0]
            loop.call_later(self.delay, self.respond, method, path, close)

    def respond(self, method: str, path: str, close: bool = False) -> None:
        if self.transport is None or self.transport.is_closing():
            return
        status, body, location = answer(self.kind, self.exists, path)
        head = (
            f"HTTP/1.1 {status} {REASONS[status]}\r\nContent-Type: text/html; charset=utf-8\r\n"
            f"Content-Length: {len(body)}\r\n"
            + (f"Location: {location}\r\n" if location else "")
            + ("Connection: close\r\n" if close else "")
            + "\r\n"
        )
        self.transport.write(head.encode() + (b"" if method == "HEAD" else body))
        if close:
            self.transport.close()


async def serve(spec: list[dict], delay: float) -> None:
    loop = asyncio.get_running_loop()
    ports = []
    for site in spec:
        exists = frozenset(site["exists"])
        server = await loop.create_server(
            lambda kind=site["kind"], exists=exists: SiteProtocol(kind, exists, delay),
            "127.0.0.1",
            0,
            backlog=1024,
        )
        ports.append(server.sockets[0].getsockname()[1])
    print(json.dumps(ports), flush=True)
    # serve until the benchmark closes our standard input
    await loop.run_in_executor(None, sys.stdin.read)


def main(argv: list[str]) -> int:
    spec = json.loads(Path(argv[0]).read_text())
    asyncio.run(serve(spec, float(argv[1])))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
