"""The local app's guard: Host, Origin and secret-token checks in front of every request,
and the security headers on every answer (see :mod:`linkage.app.server` for what they
protect against)."""

from __future__ import annotations

import hmac
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs

from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

TOKEN_HEADER = "x-linkage-token"

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
#: the report keeps its own (stricter, hash-based) policy; this one also sandboxes it
REPORT_CSP = "; ".join(
    [
        "sandbox allow-scripts",
        "default-src 'none'",
        "script-src 'unsafe-inline'",
        "style-src 'unsafe-inline'",
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


class Guard:
    """Host, Origin and token checks in front of every request (see the module's text)."""

    def __init__(self, app: ASGIApp, token: str, port: Callable[[], int]) -> None:
        self.app, self.token, self.port = app, token, port

    def cookie_name(self) -> str:
        return f"linkage-app-{self.port()}"

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
        if answer is None and request.method == "GET" and request.url.path == "/":
            given = parse_qs(request.url.query).get("token", [None])[0]
            if given is not None:
                # trade the token in the address for a cookie, and take it out of the address
                answer = RedirectResponse("/", status_code=303, headers=HEADERS)
                answer.set_cookie(
                    self.cookie_name(), self.token, httponly=True, samesite="strict", path="/"
                )
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
        query_token = parse_qs(request.url.query).get("token", [None])[0]
        cookie = request.cookies.get(self.cookie_name())
        header = request.headers.get(TOKEN_HEADER)
        if request.method in ("GET", "HEAD"):
            if not (self.same(cookie) or self.same(header) or self.same(query_token)):
                return refuse(
                    403,
                    "This page needs its secret address. Use the address that 'linkage app' "
                    "printed (or opened) when it started; if you closed that window, stop "
                    "linkage app and start it again.",
                )
            return None
        if not self.same(header) or origin is None:
            return refuse(
                403, "Refused: changes must come from linkage's own page. Reload the page."
            )
        return None
