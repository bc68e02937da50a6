"""What the test server (:mod:`tests.server`) reads and answers: a request as it came
(:class:`Request`, its :class:`Headers` and :class:`Args`), and an :class:`Answer`."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

TYPES = {
    ".json": "application/json",
    ".atom": "application/atom+xml",
    ".rss": "application/rss+xml",
    ".xml": "application/xml",
    ".html": "text/html; charset=utf-8",
    ".png": "image/png",
    ".jpeg": "image/jpeg",
    ".jpg": "image/jpeg",
}
TEXT = "text/plain; charset=utf-8"


# -- what comes in ------------------------------------------------------------------------------


class Headers(Mapping[str, str]):
    """A request's headers, as sent; names are looked up without regard to case."""

    def __init__(self, items: Iterable[tuple[str, str]]) -> None:
        self.items_sent = list(items)
        self._by_name: dict[str, str] = {}
        for name, value in self.items_sent:
            self._by_name.setdefault(name.lower(), value)

    def __getitem__(self, name: str) -> str:
        return self._by_name[name.lower()]

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.lower() in self._by_name

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys(name for name, _ in self.items_sent))

    def __len__(self) -> int:
        return len(self._by_name)

    def __str__(self) -> str:
        return "".join(f"{name}: {value}\r\n" for name, value in self.items_sent)


class Args(dict[str, str]):
    """A query's parameters: the first value of each; :meth:`getlist` for all of them."""

    def __init__(self, query: str) -> None:
        self.pairs = parse_qsl(query, keep_blank_values=True)
        super().__init__()
        for name, value in self.pairs:
            self.setdefault(name, value)

    def getlist(self, name: str) -> list[str]:
        return [value for key, value in self.pairs if key == name]


@dataclass
class Request:
    """One request as the server saw it. ``host``: the Host header, lower case, without its
    port; ``target``: the path and query as sent; ``path``: decoded; ``status``: what it was
    answered (None: no HTTP answer, e.g. a reset or a raw behaviour)."""

    method: str
    target: str
    headers: Headers
    body: bytes = b""
    peer: tuple[str, int] | None = None
    at: float = 0.0
    status: int | None = None

    @property
    def host(self) -> str:
        host = self.headers.get("Host", "").lower()
        return host if host.startswith("[") else host.split(":")[0]

    @property
    def path(self) -> str:
        return unquote(urlsplit(self.target).path)

    @property
    def query(self) -> str:
        return urlsplit(self.target).query

    @property
    def args(self) -> Args:
        return Args(self.query)

    @property
    def url(self) -> str:
        return f"http://{self.headers.get('Host', '')}{self.target}"

    def json(self) -> Any:
        return json.loads(self.body)


# -- what goes out ------------------------------------------------------------------------------


@dataclass
class Answer:
    """A plain answer. ``chunks``: a body of unknown length instead of ``body``, sent without
    ``Content-Length`` until the connection closes."""

    status: int
    content_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    chunks: Iterable[bytes] | None = None

    @classmethod
    def data(
        cls,
        body: str | bytes = b"",
        status: int = 200,
        headers: Mapping[str, str] | None = None,
        content_type: str | None = None,
    ) -> Answer:
        """``body`` (text is sent as UTF-8) under ``content_type`` (or a ``Content-Type`` in
        ``headers``; plain text if neither)."""
        rest = {k: v for k, v in (headers or {}).items() if k.lower() != "content-type"}
        given = [v for k, v in (headers or {}).items() if k.lower() == "content-type"]
        kind = content_type or (given[0] if given else TEXT)
        payload = body.encode("utf-8") if isinstance(body, str) else body
        return cls(status, kind, payload, rest)

    @classmethod
    def json(
        cls,
        data: Any,
        status: int = 200,
        headers: Mapping[str, str] | None = None,
        content_type: str = "application/json",
    ) -> Answer:
        return cls.data(json.dumps(data, indent=4), status, headers, content_type)

    @classmethod
    def redirect(cls, location: str, status: int = 302) -> Answer:
        return cls(status, TEXT, b"moved", {"Location": location})

    @classmethod
    def stream(cls, chunks: Iterable[bytes], content_type: str = TEXT) -> Answer:
        return cls(200, content_type, b"", chunks=chunks)


#: What a request no route or table answers gets by default: loud, so a stray request shows.
UNROUTED = Answer(500, TEXT, b"no route in the test server for this request")
#: A platform's 404 (for servers that stand in for whole sites).
NOT_FOUND = Answer(404, "application/json", b'{"error": "Not Found", "message": "Not Found"}')

Handler = Callable[[Request], Answer]
#: A raw behaviour: gets the connection (its request head read) and the server's stop event.
Behaviour = Callable[[socket.socket, threading.Event], None]
