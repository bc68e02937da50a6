"""The answer :meth:`collectors.http.HttpClient.get` returns, and reading its body as text
(by its declared charset) or as JSON (with :class:`~collectors.errors.BadResponse` saying what
came instead: nothing, a web page, a damaged answer), in plain words."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from collectors.errors import BadResponse
from collectors.http.waits import site_name


@dataclass
class Response:
    """A fetched answer: the logical (unmapped) final URL, status, headers and body."""

    url: str
    status: int
    headers: Mapping[str, str]
    content: bytes
    from_cache: bool = False
    #: When an answer served from the cache without asking the site was saved (epoch
    #: seconds); None for one fetched or confirmed (revalidated) now.
    saved_at: float | None = None

    def header(self, name: str) -> str:
        """The value of the header ``name`` in any case ("" when it was not sent)."""
        wanted = name.lower()
        return next((v for k, v in self.headers.items() if k.lower() == wanted), "") or ""

    def text(self) -> str:
        charset = _charset(self.headers.get("Content-Type", ""))
        try:
            return self.content.decode(charset or "utf-8")
        except (UnicodeDecodeError, LookupError):
            return self.content.decode("utf-8", errors="replace")

    def json(self) -> Any:
        """The body as JSON, or :class:`BadResponse` saying what came instead."""
        body = self.content.lstrip()
        site = site_name(urlsplit(self.url).netloc)
        if not body:
            raise BadResponse(f"{site} sent back an empty answer; try again later.")
        if body[:1] == b"<":
            raise BadResponse(
                f"{site} sent back a web page instead of its data (it may be down, blocking "
                "automated access, or asking to log in); try again later."
            )
        try:
            try:
                return json.loads(body)
            except UnicodeDecodeError:
                return json.loads(body.decode("utf-8", errors="replace"))
        except (RecursionError, ValueError):
            raise BadResponse(
                f"{site} sent back a damaged answer (cut short or garbled); run the audit "
                "again later."
            ) from None


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            return value.strip("\"' ")
    return None
