"""The answer :meth:`collectors.http.HttpClient.get` returns, and reading its body as text
(by its declared charset) or as JSON (with :class:`~collectors.errors.BadResponse` saying what
came instead: nothing, a web page, malformed or truncated JSON)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from collectors.errors import BadResponse


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

    def text(self) -> str:
        charset = _charset(self.headers.get("Content-Type", ""))
        try:
            return self.content.decode(charset or "utf-8")
        except (UnicodeDecodeError, LookupError):
            return self.content.decode("utf-8", errors="replace")

    def json(self) -> Any:
        """The body as JSON, or :class:`BadResponse` saying what came instead."""
        body = self.content.lstrip()
        if not body:
            raise BadResponse(f"{self.url} answered with an empty body where JSON was expected.")
        if body[:1] == b"<":
            raise BadResponse(
                f"{self.url} answered with a web page where JSON was expected "
                "(the service may be down, blocking automated access, or asking to log in)."
            )
        try:
            try:
                return json.loads(body)
            except UnicodeDecodeError:
                return json.loads(body.decode("utf-8", errors="replace"))
        except RecursionError:
            raise BadResponse(
                f"{self.url} answered with malformed JSON (nested too deeply)."
            ) from None
        except ValueError as exc:
            raise BadResponse(
                f"{self.url} answered with malformed or truncated JSON ({exc})."
            ) from None


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            return value.strip("\"' ")
    return None
