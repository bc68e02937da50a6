"""Hostile payloads, and planting them in every field of the fleet's answers and of every
importer's archive.

Each payload, if it ever ran, would set ``window.__pwned`` or load something from outside the
page (``track.example``). Planting keeps what the collectors need to find their way (dates,
numbers, identifiers that appear in the addresses they request, short codes such as ``t1`` or
``public``, the addresses they fetch) and changes everything else: text gets a payload appended,
other addresses are swapped for hostile ones. Every change is counted as one placement.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from html import escape
from typing import Any
from urllib.parse import unquote

from tests.server import Answer

LONG_WORD = "Ｗ" + "w" * 20_000  # one unbreakable word, wider than any screen
LONG_TEXT = ("very long text " * 4_000).strip()

#: (kind, payload). Every script payload sets window.__pwned; every loader points outside.
PAYLOADS: list[tuple[str, str]] = [
    ("script tag", "<script>window.__pwned='script'</script>"),
    ("script tag", '</textarea></title></style><script src="https://track.example/x.js"></script>'),
    ("event handler", "<img src=x onerror=\"window.__pwned='onerror'\">"),
    ("event handler", '"><svg onload="window.__pwned=\'svg\'">'),
    ("event handler", "' autofocus onfocus='window.__pwned=\"focus\"' x='"),
    ("event handler", "<details open ontoggle=\"window.__pwned='toggle'\">"),
    ("javascript: URL", "<a href=\"javascript:window.__pwned='link'\">click</a>"),
    ("javascript: URL", "<iframe src=\"javascript:parent.__pwned='iframe'\"></iframe>"),
    ("data: URL", "<object data=\"data:text/html,<script>parent.__pwned='object'</script>\">"),
    ("data: URL", "<iframe srcdoc=\"<script>parent.__pwned='srcdoc'</script>\">"),
    ("CSS injection", "</style><style>body{display:none!important}</style>"),
    (
        "CSS injection",
        '<div style="position:fixed;inset:0;background:url(https://track.example/c.png)">',
    ),
    ("CSS injection", "x{}*{background:url(https://track.example/css.png)}"),
    ("markup", '<meta http-equiv="refresh" content="0;url=https://track.example/">'),
    (
        "markup",
        '<base href="https://track.example/"><form action="https://track.example/f"><button>go</button></form>',
    ),
    (
        "markup",
        '<link rel="stylesheet" href="https://track.example/s.css"><img srcset="https://track.example/i.png 1x">',
    ),
    ("markup", "{{7*7}} ${7*7} <%= 7*7 %> {% raw %}"),
    ("bidi", "\u202eexe.txt\u202c \u2066isolate\u2069 \u200fRLM"),
    ("zero-width", "al\u200bex\u200c-\u200dex\ufeffample\u2060"),
    ("control", "nul\x00 bell\x07 esc\x1b[31m red \x1b[0m\r\nline"),
    ("long string", LONG_WORD),
    ("long string", LONG_TEXT),
]

#: Addresses put where the answers had other (not fetched) addresses.
HOSTILE_URLS: list[str] = [
    "javascript:window.__pwned='href'",
    "JaVaScRiPt:window.__pwned='case'",
    " javascript:window.__pwned='space'",
    "java\tscript:window.__pwned='tab'",
    "data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZD0nZGF0YSc8L3NjcmlwdD4=",
    "data:image/svg+xml,<svg onload=\"window.__pwned='svgdata'\"/>",
    "https://track.example/\"><script>window.__pwned='breakout'</script>",
    "https://track.example/beacon.png",
    "//track.example/protocol-relative",
    "vbscript:msgbox(1)",
    "https://xn--80ak6aa92e.example/\u202egnp.exe",
    "https://" + "a" * 3000 + ".example/",
]

_DATE = re.compile(r"^\d{4}-\d\d-\d\d|^\d+(\.\d+)?$|^[A-Z][a-z]{2} [A-Z][a-z]{2} \d\d ")
_CODE = re.compile(r"^[a-z0-9_.$#:/+-]{1,24}$")
#: Keys (JSON) and columns (CSV) whose values say what a thing is, not what it says.
STRUCTURAL = {
    "id", "@id", "@context", "type", "$type", "kind", "mediatype", "visibility", "state",
    "statistic", "rel", "lang", "inreplyto", "attributedto", "actor", "to", "cc", "uri",
}  # fmt: skip


@dataclass
class Planter:
    """Plants payloads in turn; ``keep`` holds strings the collectors need as they are."""

    keep: set[str] = field(default_factory=set)
    placements: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    _next: int = 0
    _next_url: int = 0

    def payload(self) -> str:
        kind, text = PAYLOADS[self._next % len(PAYLOADS)]
        self._next += 1
        self.placements += 1
        self.by_kind[kind] = self.by_kind.get(kind, 0) + 1
        return text

    def url(self) -> str:
        text = HOSTILE_URLS[self._next_url % len(HOSTILE_URLS)]
        self._next_url += 1
        self.placements += 1
        self.by_kind["hostile address"] = self.by_kind.get("hostile address", 0) + 1
        return text

    def needed(self, value: str) -> bool:
        stripped = value.strip()
        if not stripped or _DATE.match(stripped) or _CODE.match(stripped):
            return True
        return stripped in self.keep or stripped.lower() in self.keep

    def text(self, value: str) -> str:
        if self.needed(value):
            return value
        if re.match(r"^(https?:)?//", value.strip()):
            return self.url()
        return f"{value} {self.payload()}"

    def walk(self, node: Any) -> Any:
        if isinstance(node, str):
            return self.text(node)
        if isinstance(node, list):
            return [self.walk(item) for item in node]
        if isinstance(node, dict):
            return {
                key: value if key.lower() in STRUCTURAL else self.walk(value)
                for key, value in node.items()
            }
        return node

    # -- formats ----------------------------------------------------------------------------

    def json_bytes(self, body: bytes) -> bytes:
        return json.dumps(self.walk(json.loads(body)), ensure_ascii=False).encode("utf-8")

    def markup(self, body: bytes, *, xml: bool = False) -> bytes:
        """Payloads in the text between tags and in attribute values (escaped in XML, both
        raw and escaped in HTML); addresses that are not needed swapped for hostile ones."""
        text = body.decode("utf-8", errors="replace")

        def between(match: re.Match[str]) -> str:
            inner = match[1]
            if not inner.strip() or self.needed(inner):
                return match[0]
            payload = self.payload()
            return f">{inner} {escape(payload)}{'' if xml else ' ' + payload}<"

        def attribute(match: re.Match[str]) -> str:
            name, value = match[1], match[2]
            if self.needed(unquote(value)) or name.lower() in ("rel", "type", "charset", "class"):
                return match[0]
            new = self.url() if name.lower() in ("href", "src") else self.payload()
            return f'{name}="{escape(new)}"'

        text = re.sub(r'\b(content|href|src|alt|title|name|value)="([^"]*)"', attribute, text)
        text = re.sub(r">([^<>]+)<", between, text)
        return text.encode("utf-8")

    def csv_text(self, text: str) -> str:
        rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        header = [name.strip().lower() for name in rows[0]] if rows else []
        for number, row in enumerate(rows):
            if number == 0:
                writer.writerow(row)
                continue
            writer.writerow(
                cell if i < len(header) and header[i] in STRUCTURAL else self.text(cell)
                for i, cell in enumerate(row)
            )
        return ("\ufeff" if text.startswith("\ufeff") else "") + out.getvalue()

    def script_text(self, text: str) -> str:
        """``window.YTD.x.part0 = [...]``: the JSON after the first ``=``."""
        head, sep, tail = text.partition("=")
        try:
            data = json.loads(tail)
        except ValueError:
            return text
        return head + sep + " " + json.dumps(self.walk(data), ensure_ascii=False)


def keep_for(keys: Iterable[tuple[str, str]], names: Iterable[str]) -> set[str]:
    """What an account's collection needs unchanged: every piece of the addresses it requests
    (path segments, query values, the addresses themselves) and its names."""
    keep: set[str] = set()
    for host, target in keys:
        keep.add(host)
        decoded = unquote(target)
        keep.add(f"https://{host}{decoded}")
        keep.add(f"https://{host}{target}")
        keep.add(f"https://{host}{decoded.partition('?')[0]}")
        for piece in re.split(r"[/?&=,]", decoded):
            if len(piece) >= 3:
                keep.update({piece, piece.lower(), piece.removesuffix(".json")})
    for name in names:
        keep.update({name, name.lower()})
    return keep


def plant_answer(answer: Answer, planter: Planter) -> Answer:
    kind = answer.content_type.split(";")[0].strip()
    if kind.startswith("image/") or answer.status != 200:
        return answer
    if kind == "application/json" or answer.body.lstrip()[:1] in (b"{", b"["):
        try:
            return Answer(answer.status, answer.content_type, planter.json_bytes(answer.body))
        except ValueError:
            return answer
    xml = "xml" in kind
    return Answer(answer.status, answer.content_type, planter.markup(answer.body, xml=xml))


def plant_members(members: dict[str, bytes | str], planter: Planter) -> dict[str, bytes | str]:
    """An archive's members with payloads in every text field (pictures left alone)."""
    planted: dict[str, bytes | str] = {}
    for name, data in members.items():
        if isinstance(data, bytes):
            planted[name] = data
            continue
        lower = name.lower()
        if lower.endswith(".json"):
            try:
                planted[name] = json.dumps(planter.walk(json.loads(data)), ensure_ascii=False)
            except ValueError:
                planted[name] = data
        elif lower.endswith(".js"):
            planted[name] = planter.script_text(data)
        elif lower.endswith(".csv"):
            planted[name] = planter.csv_text(data)
        elif lower.endswith((".html", ".htm")):
            planted[name] = planter.markup(data.encode("utf-8")).decode("utf-8")
        else:
            planted[name] = data
    return planted
