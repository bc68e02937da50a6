"""Reading the formats exports use: JSON (whole or streamed), CSV with notes, dates, mojibake.

Every parser here turns malformed input into an :class:`~collectors.archives.errors.ArchiveError`
naming the member; nothing else escapes.
"""

from __future__ import annotations

import csv
import heapq
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from typing import IO, Any

from collectors.archives.reader import Archive, ArchiveDamaged
from collectors.base import Limits, WritingSample
from linkage.records import Post

_WS = " \t\r\n"


# --- JSON -------------------------------------------------------------------------------


def _damaged(name: str, label: str, reason: str) -> ArchiveDamaged:
    return ArchiveDamaged(
        f"'{name}' in the archive '{label}' is not valid JSON ({reason}); the export may be "
        "damaged or incomplete: download it again."
    )


def parse_json(text: str, name: str, label: str = "?") -> Any:
    try:
        return json.loads(text)
    except ValueError as exc:
        raise _damaged(name, label, str(exc).split(":")[0]) from None
    except RecursionError:
        raise _damaged(name, label, "nested too deeply") from None


def load_json(archive: Archive, name: str) -> Any:
    """The parsed JSON document ``name`` of ``archive``."""
    return parse_json(archive.text(name), name, archive.label)


class _Scanner:
    """A growing window on a text stream."""

    def __init__(self, stream: IO[str], name: str, label: str) -> None:
        self.stream, self.name, self.label = stream, name, label
        self.buf, self.pos, self.eof = "", 0, False

    def fill(self, at_least: int = 0) -> bool:
        if self.eof:
            return False
        try:
            chunk = self.stream.read(max(at_least, 64 * 1024))
        except (ValueError, UnicodeError) as exc:
            raise _damaged(self.name, self.label, str(exc)) from None
        if not chunk:
            self.eof = True
            return False
        self.buf, self.pos = self.buf[self.pos :] + chunk, 0
        return True

    def skip(self, chars: str) -> bool:
        """Skip ``chars``; False at the end of the text."""
        while True:
            while self.pos < len(self.buf) and self.buf[self.pos] in chars:
                self.pos += 1
            if self.pos < len(self.buf):
                return True
            if not self.fill():
                return False

    def seek_to(self, marker: str) -> bool:
        """Move past the next ``marker``; False if there is none."""
        while (found := self.buf.find(marker, self.pos)) < 0:
            self.pos = max(self.pos, len(self.buf) - len(marker))
            if not self.fill():
                return False
        self.pos = found + len(marker)
        return True

    def expect(self, char: str) -> None:
        if not self.skip(_WS) or self.buf[self.pos] != char:
            raise _damaged(self.name, self.label, f"expected '{char}'")
        self.pos += 1


def _may_continue(item: Any, buf: str, end: int) -> bool:
    """A bare number that the next piece of the text might still extend (``1`` of ``1.5``)."""
    if isinstance(item, bool) or not isinstance(item, int | float):
        return False
    return end >= len(buf) or buf[end] in "0123456789.eE+-"


def iter_json_array(
    stream: IO[str], name: str, *, key: str | None = None, label: str = "?"
) -> Iterator[Any]:
    """The items of a JSON array, read a piece at a time (for very large members).

    With ``key`` None the array is the first ``[`` in the text, which also skips the
    ``window.YTD.tweets.part0 =`` wrapper of X archives; otherwise it is the array following
    ``"key":``. Raises :class:`ArchiveDamaged` when there is no such array or it is malformed.
    """
    decoder = json.JSONDecoder()
    scan = _Scanner(stream, name, label)
    scan.fill()
    marker = "[" if key is None else f'"{key}"'
    if not scan.seek_to(marker):
        raise _damaged(name, label, f"no {'list' if key is None else repr(key)} found")
    if key is not None:
        scan.expect(":")
        scan.expect("[")
    while True:
        if not scan.skip(_WS + ","):
            raise _damaged(name, label, "the list ends early")
        if scan.buf[scan.pos] == "]":
            return
        while True:
            try:
                item, end = decoder.raw_decode(scan.buf, scan.pos)
            except ValueError as exc:
                if scan.fill(len(scan.buf)):
                    continue
                raise _damaged(name, label, str(exc).split(":")[0]) from None
            except RecursionError:
                raise _damaged(name, label, "nested too deeply") from None
            if _may_continue(item, scan.buf, end) and scan.fill():  # a number cut short
                continue
            break
        scan.pos = end
        yield item


# --- CSV --------------------------------------------------------------------------------


def _norm_header(cell: str) -> str:
    return cell.strip().strip("\ufeff").strip().lower()


class NoHeader(ArchiveDamaged):
    """A CSV file without the header row its export kind holds."""


def iter_csv(
    lines: Iterable[str],
    name: str,
    *,
    required: Iterable[str],
    label: str = "?",
    delimiter: str = ",",
) -> Iterator[dict[str, str]]:
    """Rows of a CSV file as ``{lower-case column: value}``.

    The header is the first row holding every ``required`` column (compared case-insensitively),
    so notes that precede the header (LinkedIn's ``Connections.csv``) are skipped. Raises
    :class:`ArchiveDamaged` when there is no such header or the CSV cannot be parsed.
    """
    wanted = {column.lower() for column in required}
    header: list[str] | None = None
    try:
        for row in csv.reader(lines, strict=False, delimiter=delimiter):
            if header is None:
                cells = [_norm_header(cell) for cell in row]
                if wanted <= set(cells):
                    header = cells
                continue
            if not any(cell.strip() for cell in row):
                continue
            yield {column: value for column, value in zip(header, row, strict=False) if column}
    except (csv.Error, ValueError) as exc:
        raise ArchiveDamaged(
            f"'{name}' in the archive '{label}' is not a readable CSV file ({exc}); the "
            "export may be damaged: download it again."
        ) from None
    if header is None:
        columns = ", ".join(sorted(wanted))
        raise NoHeader(
            f"'{name}' in the archive '{label}' has no header row with the columns {columns}; "
            "it is not the file this export kind should hold."
        )


def csv_header(lines: Iterable[str], delimiter: str = ",") -> list[str]:
    """The first non-blank row of a CSV file, normalised (empty if unreadable)."""
    try:
        for row in csv.reader(lines, strict=False, delimiter=delimiter):
            if any(cell.strip() for cell in row):
                return [_norm_header(cell) for cell in row]
    except (csv.Error, ValueError):
        return []
    return []


#: the separators a CSV file may use: the platforms' comma; Excel's semicolon (where a comma
#: is the decimal mark) and tab ("Unicode text") when it was saved again
DELIMITERS = (",", ";", "\t")


def sniff_header(
    archive: Archive, name: str, fits: Callable[[list[str]], bool]
) -> tuple[list[str], str] | None:
    """The header of a CSV member and its separator: the first of :data:`DELIMITERS` that
    splits the header into columns that ``fits`` accepts; None when none does."""
    for delimiter in DELIMITERS:
        with archive.text_stream(name) as stream:
            header = csv_header(stream, delimiter)
        if fits(header):
            return header, delimiter
    return None


def read_csv(archive: Archive, name: str, *, required: Iterable[str]) -> Iterator[dict[str, str]]:
    """Rows of a CSV member (:func:`iter_csv`), separated by commas, semicolons or tabs."""
    for delimiter in DELIMITERS:
        try:
            with archive.text_stream(name) as stream:
                yield from iter_csv(
                    stream, name, required=required, label=archive.label, delimiter=delimiter
                )
            return
        except NoHeader:  # nothing was read: try the next separator
            continue
    columns = ", ".join(sorted(column.lower() for column in required))
    raise NoHeader(
        f"'{name}' in the archive '{archive.label}' has no header row with the columns "
        f"{columns}: it looks opened and saved again (by Excel, say). Use the original file "
        "from the platform's zip, or download the export again."
    )


# --- text repair and dates --------------------------------------------------------------


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 bytes written as ``\\u00XX`` code points (Facebook/Instagram exports)."""
    if not text or text.isascii() or any(ord(ch) > 0xFF for ch in text):
        return text
    try:
        return text.encode("latin-1").decode("utf-8")
    except UnicodeError:
        return text


def repair_all(value: Any, depth: int = 0) -> Any:
    """:func:`repair_mojibake` on every string (keys too) of a parsed JSON value."""
    if depth > 200:
        return None
    if isinstance(value, str):
        return repair_mojibake(value)
    if isinstance(value, list):
        return [repair_all(item, depth + 1) for item in value]
    if isinstance(value, dict):
        return {repair_mojibake(str(k)): repair_all(v, depth + 1) for k, v in value.items()}
    return value


def iso(moment: datetime) -> str:
    if moment.tzinfo is None:
        return moment.replace(microsecond=0).isoformat()
    moment = moment.astimezone(UTC).replace(microsecond=0)
    return moment.isoformat().replace("+00:00", "Z")


def parse_date(value: Any, *formats: str, utc: bool = False) -> str | None:
    """ISO 8601 from one of ``formats`` (strptime) or an ISO string; None if unusable.

    With ``utc``, a time without a zone is taken as UTC.
    """
    if not isinstance(value, str) or not value.strip() or len(value) > 64:
        return None
    text = value.strip()
    for fmt in formats:
        try:
            moment = datetime.strptime(text, fmt)
            return iso(moment.replace(tzinfo=UTC) if utc and moment.tzinfo is None else moment)
        except ValueError:
            continue
    try:
        return iso(datetime.fromisoformat(text.replace("Z", "+00:00")))
    except ValueError:
        return None


def text_of(value: Any) -> str | None:
    """A string field, or the string inside a small ``{"value"|"name"|...: str}`` object."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, dict):
        for key in ("value", "name", "text", "bio", "address", "url"):
            inner = value.get(key)
            if isinstance(inner, str) and inner.strip():
                return inner.strip()
    return None


_SLUG = re.compile(r"[^a-z0-9]+")
#: letters that do not decompose into an ASCII letter and a mark
_FOLD = str.maketrans(
    {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss", "æ": "ae", "Æ": "AE"}
    | {"œ": "oe", "Œ": "OE", "þ": "th", "Þ": "TH", "ı": "i"}
)


def slug(text: str) -> str:
    """A handle-like form of a name: ``Alex Example`` -> ``alex-example``."""
    folded = (
        unicodedata.normalize("NFKD", text.translate(_FOLD))
        .encode("ascii", "ignore")
        .decode("ascii")
    )
    return _SLUG.sub("-", folded.lower()).strip("-")


# --- choosing the writing sample --------------------------------------------------------


class Newest:
    """Keeps the newest ``limit`` posts seen (undated ones count as oldest)."""

    def __init__(self, limit: int) -> None:
        self.limit = max(limit, 0)
        self.heap: list[tuple[str, int, Post]] = []
        self.count = 0

    def add(self, text: str | None, created_at: str | None = None, url: str | None = None) -> None:
        if not text or not text.strip() or not self.limit:
            return
        self.count += 1
        entry = (created_at or "", -self.count, Post(text.strip(), created_at, url))
        if len(self.heap) < self.limit:
            heapq.heappush(self.heap, entry)
        elif entry[:2] > self.heap[0][:2]:
            heapq.heapreplace(self.heap, entry)

    def sample(self, limits: Limits) -> list[Post]:
        writing = WritingSample(limits)
        for _, _, post in sorted(self.heap, key=lambda e: e[:2], reverse=True):
            if not writing.add(post.text, post.created_at, post.url):
                break
        return writing.posts
