"""How the test server (:mod:`tests.server`) misbehaves: the kinds of :class:`Fault`, the
rules that choose which requests get one, and the bodies some of them send."""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

#: Every kind of misbehaviour the server knows.
KINDS = (
    "slow",  # wait ``seconds`` before answering at all
    "trickle",  # send the headers, then the body one byte every ``seconds``
    "429",  # Too Many Requests with Retry-After: ``seconds``
    "5xx",  # 500 / 502 / 503 / 504 in turn
    "reset",  # read the request, then reset the connection (RST)
    "truncate",  # promise the whole body, send half, close
    "endless",  # a body that never ends (until the client hangs up)
    "gzip-bomb",  # a small gzip body that unpacks to 64 MiB
    "html-page",  # a web page (200, text/html) where JSON was expected
    "wrong-type",  # the right body, under ``Content-Type: text/html``
    "html-fields",  # the right JSON, with HTML and script in every text field
    "bad-utf8",  # the right body, with invalid UTF-8 bytes in its text fields
    "redirect",  # 302 to ``location``
    "loop",  # 302 back and forth between two addresses
)


# -- faults ---------------------------------------------------------------------------------------


@dataclass
class Fault:
    """How to misbehave. ``times``: for the first N matching requests only (None: always);
    with ``each``, the first N requests for each address."""

    kind: str
    times: int | None = None
    each: bool = False
    seconds: float = 0.0
    location: str = ""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}")


Match = Callable[[str, str], bool]


@dataclass
class Rule:
    match: Match
    fault: Fault
    used: Counter[tuple[str, str]] = field(default_factory=Counter)


def on_target(host: str, target: str) -> Match:
    """Matches one address (and its ``loop`` twin)."""
    host = host.lower()
    return lambda h, t: h == host and t.replace("&loop=1", "").replace("?loop=1", "") == target


def on_host(host: str) -> Match:
    host = host.lower()
    return lambda h, t: h == host


def everywhere() -> Match:
    return lambda h, t: True


# -- fault payloads -------------------------------------------------------------------------------


@cache
def gzip_bomb() -> bytes:
    """64 MiB of zeros, gzipped (about 64 KiB): sixteen times the client's cap."""
    return gzip.compress(b"\0" * (64 * 1024 * 1024), compresslevel=9)


#: A string of prose: has a space, is not an address or a date.
_PROSE = re.compile(r"\s")


def is_prose(value: str) -> bool:
    return bool(_PROSE.search(value)) and "://" not in value[:12]


def html_wrap(value: str) -> str:
    return (
        f'<b onmouseover="window.__pwned=1">{value}</b><script>window.__pwned=2</script>'
        '<img src=x onerror="window.__pwned=3">'
    )


def mutate_text(body: bytes, change: Callable[[str], str]) -> bytes:
    """``body`` (JSON) with ``change`` applied to every prose string in it (else unchanged)."""
    try:
        data = json.loads(body)
    except ValueError:
        return body

    def walk(node: Any) -> Any:
        if isinstance(node, str):
            return change(node) if is_prose(node) else node
        if isinstance(node, list):
            return [walk(item) for item in node]
        if isinstance(node, dict):
            return {key: walk(value) for key, value in node.items()}
        return node

    return json.dumps(walk(data)).encode("utf-8")


def invalid_utf8(body: bytes) -> bytes:
    """``body`` with invalid UTF-8 sequences after the first word of every prose JSON string."""
    marker = "\ue000"  # a private-use character, swapped for bad bytes after encoding
    changed = mutate_text(body, lambda s: s.replace(" ", f" {marker}", 1))
    if changed == body:  # not JSON (a page, a feed): spoil the text between tags
        return re.sub(rb">([A-Za-z]+) ", lambda m: b">" + m[1] + b" \xff\xfe\xc3( ", body)
    encoded = json.dumps(json.loads(changed), ensure_ascii=False).encode("utf-8")
    return encoded.replace(marker.encode("utf-8"), b"\xff\xfe\xc3(\xed\xa0\x80")
