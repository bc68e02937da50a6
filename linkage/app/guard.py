"""The local app's guard: Host, Origin and secret-token checks in front of every request,
and the security headers on every answer (see :mod:`linkage.app.server` for what they
protect against).

No cookie holds the token: a browser sends a cookie of 127.0.0.1 to every port of it, so
any other program listening on this computer would be given it. The page keeps the token in
its own tab (``sessionStorage``, which belongs to this port alone) and sends it in a header;
the report's frame and the downloads, which cannot send a header, are let in by a ticket
the page asks for just before (one use, a minute).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import html
import re
import secrets
import threading
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

TOKEN_HEADER = "x-linkage-token"
#: how long a ticket for the report's frame or a download lasts, in seconds
TICKET_SECONDS = 60.0
#: the paths a ticket opens (a frame's source and a download link cannot send a header)
TICKET_PATHS = ("/view/", "/download/")

APP_CSP = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "frame-src 'self'",
        "form-action 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ]
)
#: a downloaded file is not shown as a page, and runs nothing if it is
DOWNLOAD_CSP = "sandbox; default-src 'none'"
_SOURCES = re.compile(r"\b(script-src|style-src) ((?:'sha256-[A-Za-z0-9+/=]+' ?)+)")


def report_csp(report: str) -> str:
    """The policy a report is served with: sandboxed, and its script and style allowed by the
    hashes of its own policy (``report``: the start of the file, which holds it); a file
    without them runs no script and shows no style."""
    policy = html.unescape(report)  # as the meta element's attribute writes it
    found = {name: sources.strip() for name, sources in _SOURCES.findall(policy)}
    none = "'none'"
    return "; ".join(
        [
            "sandbox allow-scripts",
            "default-src 'none'",
            f"script-src {found.get('script-src') or none}",
            f"style-src {found.get('style-src') or none}",
            "img-src data:",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'self'",
        ]
    )


HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
}


def refuse(status: int, text: str) -> Response:
    return PlainTextResponse(
        text, status_code=status, headers={**HEADERS, "content-security-policy": APP_CSP}
    )


NEEDS_ADDRESS = (
    "This page needs its secret address. Use the address that 'linkage app' printed (or "
    "opened) when it started; if you closed that window, stop linkage app and start it again."
)
#: a reloaded page ("/" without the token) goes back in with the token its tab kept, once:
#: the token is taken out first, so that one from an app since restarted does not go round
#: for ever (the page keeps it again when it is let in)
_AGAIN = (
    'var t = sessionStorage.getItem("linkage-token");'
    'sessionStorage.removeItem("linkage-token");'
    'if (t) location.replace("/?token=" + encodeURIComponent(t));'
)
_AGAIN_HASH = base64.b64encode(hashlib.sha256(_AGAIN.encode()).digest()).decode()


def _frame_refused() -> Response:
    """The report's frame reloaded by the browser (its one-use ticket spent): said inside the
    frame, which the page's own refusal could not be shown in."""
    body = (
        '<!DOCTYPE html><html lang="en"><meta charset="utf-8"><title>linkage app</title>'
        "<p>This view of the report has closed. Choose one of the report's tabs above to "
        "show it again.</p></html>"
    )
    policy = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'"
    headers = {**HEADERS, "content-security-policy": policy, "x-frame-options": "SAMEORIGIN"}
    return HTMLResponse(body, status_code=403, headers=headers)


def refuse_page() -> Response:
    """The refusal of the page itself: in a tab that was let in before (a reload), it goes
    back in with the token that tab kept; anywhere else it says what to do."""
    body = (
        '<!DOCTYPE html><html lang="en"><meta charset="utf-8"><title>linkage app</title>'
        f"<p>{NEEDS_ADDRESS}</p><script>{_AGAIN}</script></html>"
    )
    policy = APP_CSP.replace("script-src 'self'", f"script-src 'sha256-{_AGAIN_HASH}'")
    return HTMLResponse(
        body, status_code=403, headers={**HEADERS, "content-security-policy": policy}
    )


class Guard:
    """Host, Origin and token checks in front of every request (see the module's text)."""

    def __init__(self, app: ASGIApp, token: str, port: Callable[[], int]) -> None:
        self.app, self.token, self.port = app, token, port
        # ticket -> (the path it opens, when it expires on the monotonic clock)
        self._tickets: dict[str, tuple[str, float]] = {}
        self._lock = threading.Lock()

    def ticket(self, path: str) -> str:
        """A new ticket: one request to ``path`` (the report's frame or a download), within a
        minute."""
        now = time.monotonic()
        made = secrets.token_urlsafe(24)
        with self._lock:
            self._tickets = {t: kept for t, kept in self._tickets.items() if kept[1] > now}
            self._tickets[made] = (path, now + TICKET_SECONDS)
        return made

    def _redeem(self, given: str | None, path: str) -> bool:
        if not given:
            return False
        with self._lock:
            kept = self._tickets.pop(given, None)
        return kept is not None and kept[0] == path and kept[1] > time.monotonic()

    def hosts(self) -> set[str]:
        port = self.port()
        return {f"127.0.0.1:{port}", f"localhost:{port}"}

    def same(self, given: str | None) -> bool:
        return given is not None and hmac.compare_digest(given.encode(), self.token.encode())

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":  # the app has none: refuse before any check
            await send({"type": "websocket.close", "code": 1008})
            return
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        answer = self.check(request)
        if answer is None and request.method == "POST" and request.url.path == "/api/ticket":
            path = parse_qs(request.url.query).get("path", [""])[0]
            if path.startswith(TICKET_PATHS):
                answer = JSONResponse({"ticket": self.ticket(path)}, headers=HEADERS)
            else:
                answer = refuse(400, "A ticket opens the report's frame or a download only.")
        if answer is not None:
            await answer(scope, receive, send)
            return

        async def secured(message: Any) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {k.decode().lower() for k, _ in headers}
                for name, value in HEADERS.items():
                    if name not in names:
                        headers.append((name.encode(), value.encode()))
                if "content-security-policy" not in names:
                    headers.append((b"content-security-policy", APP_CSP.encode()))
                if "x-frame-options" not in names:
                    headers.append((b"x-frame-options", b"DENY"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, secured)

    def check(self, request: Request) -> Response | None:
        """None when the request may go on, else the refusal."""
        host = (request.headers.get("host") or "").lower()
        if host not in self.hosts():
            return refuse(  # 403, as the contract has every refusal (401 or 403)
                403,
                "This is linkage's local app: it answers only at the address it printed "
                f"(http://127.0.0.1:{self.port()}/).",
            )
        origin = request.headers.get("origin")
        if origin is not None and origin.lower() not in {f"http://{h}" for h in self.hosts()}:
            return refuse(403, "Refused: this request came from another web site.")
        if request.headers.get("sec-fetch-site") == "cross-site":
            return refuse(403, "Refused: this request came from another web site.")
        query = parse_qs(request.url.query)
        header = request.headers.get(TOKEN_HEADER)
        path = request.url.path
        if request.method in ("GET", "HEAD"):
            if path.startswith("/static/"):
                return None  # the page's own script and style: nothing of the person's
            if path == "/":
                given = query.get("token", [None])[0]
                return None if self.same(given) or self.same(header) else refuse_page()
            if self.same(header):
                return None
            if path.startswith(TICKET_PATHS) and self._redeem(query.get("ticket", [None])[0], path):
                return None
            if path.startswith("/view/") and request.headers.get("sec-fetch-dest") == "iframe":
                return _frame_refused()  # the frame reloaded: its ticket was used
            return refuse(403, NEEDS_ADDRESS)
        if not self.same(header) or origin is None:
            return refuse(
                403, "Refused: changes must come from linkage's own page. Reload the page."
            )
        return None
