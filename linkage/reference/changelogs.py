"""The author-attributed writing in the changelogs Debian packages install under
``/usr/share/doc``, read for the style signal's reference data (see
:mod:`linkage.reference.build_style_background`): each file's messages by author, each
author's messages with the formulaic ones left out, samples of a given number of words, and the
maintainers' signed upload times (for the activity and time-zone constants)."""

from __future__ import annotations

import gzip
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

DOC_ROOT = Path("/usr/share/doc")
#: packages whose documentation is never read (git's own history is the dev benchmark's source)
SKIP_PACKAGES = ("git",)

_GNU_HEADER = re.compile(r"^(\d{4}-\d{2}-\d{2})\s+(.+?)\s+<([^>]+)>\s*$")
_GNU_COAUTHOR = re.compile(r"^\s+(\S.*?)\s+<([^>]+)>\s*$")
_DEB_SIGN = re.compile(r"^ -- (.+?) <([^>]+)>\s+(.+)$")
_DEB_HEAD = re.compile(r"^\S.*\(.*\).*;.*urgency=")
_DEB_SUB = re.compile(r"^\s+\[ ?([^\]]+?) ?\]\s*$")
_TRAILER = re.compile(
    r"^(signed-off-by|reviewed-by|acked-by|tested-by|reported-by|suggested-by|helped-by|"
    r"co-authored-by|cc|link|bug|closes|change-id|fixes|see-also)\s*:",
    re.IGNORECASE,
)
_FILE_PREFIX = re.compile(r"(^|\s)\* [\w./+,{}\[\]-]+(\s*\([^)]*\))*(\s*\[[^\]]*\])?:\s*")
_BULLET = re.compile(r"(^|\s)[*+-] ")
_GITLOG_COMMIT = re.compile(r"^commit [0-9a-f]{7,}")
_GITLOG_AUTHOR = re.compile(r"^Author:\s*.*?<([^>]+)>")
_AREA = re.compile(r"^[\w./+-]+(?: [\w./+-]+)?: ")
_COMMIT_REF = re.compile(r"^\+ commit [0-9a-f]{7,}|^\(cherry picked from|^git-svn-id:")


@dataclass
class Source:
    """One changelog file: its package, its kind and the messages of each author."""

    package: str
    kind: str  # "gnu", "gitlog" or "debian"
    messages: dict[str, list[str]] = field(default_factory=dict)

    def add(self, author: str, text: str) -> None:
        text = _FILE_PREFIX.sub(r"\1", text)
        text = " ".join(_BULLET.sub(r"\1", text).split())
        if len(text.split()) >= 5:
            self.messages.setdefault(author, []).append(text)


def _read(path: Path) -> bytes | None:
    try:
        with gzip.open(path, "rb") as handle:
            return handle.read(8_000_000)
    except (OSError, EOFError):
        return None


def _gnu_messages(text: str, source: Source) -> None:
    """Split a GNU ChangeLog into messages: a header, then blank-line separated commits."""
    author: str | None = None
    paragraph: list[str] = []
    message: list[str] = []

    def flush_paragraph() -> None:
        if paragraph:
            message.append(" ".join(paragraph))
            paragraph.clear()

    def flush_message() -> None:
        flush_paragraph()
        if author and message:
            source.add(author, " ".join(message))
        message.clear()

    file_lines_seen = in_entry = False
    for raw in text.splitlines():
        head = _GNU_HEADER.match(raw)
        if head:
            flush_message()
            author = head.group(3).strip().lower()
            file_lines_seen = in_entry = False
            continue
        if author is None:
            continue
        if not raw.strip():
            flush_paragraph()
            in_entry = False
            continue
        if _GNU_COAUTHOR.match(raw) and not raw.startswith("\t"):
            continue  # a second name under the header
        if not raw.startswith("\t"):
            continue
        line = raw[1:]
        if line.startswith((" ", "\t", ">", "$ ", "|")):
            continue  # code, quotes, shell sessions, tables
        stripped = line.strip()
        if _COMMIT_REF.match(stripped) or _TRAILER.match(stripped):
            continue
        if stripped.startswith("* "):
            # a "* file (function): what changed" entry: formulaic, not the author's prose;
            # the rest of its paragraph is dropped with it
            flush_paragraph()
            in_entry = file_lines_seen = True
            continue
        if in_entry:
            continue
        if not paragraph and file_lines_seen:
            flush_message()  # a new subject after the file list of the previous commit
            file_lines_seen = False
        paragraph.append(stripped)
    flush_message()


def _gitlog_messages(text: str, source: Source) -> None:
    """Split a ``git log`` listing (``commit``, ``Author:``, ``Date:``, indented message)."""
    author: str | None = None
    lines: list[str] = []

    def flush() -> None:
        if author and lines:
            # like the benchmark's cleaning: the subject's "area: " prefix is a convention
            lines[0] = _AREA.sub("", lines[0], count=1)
            source.add(author, " ".join(lines))
        lines.clear()

    for raw in text.splitlines():
        if _GITLOG_COMMIT.match(raw):
            flush()
            author = None
            continue
        who = _GITLOG_AUTHOR.match(raw)
        if who:
            author = who.group(1).strip().lower()
            continue
        if not raw.startswith("    ") or author is None:
            continue
        line = raw[4:]
        stripped = line.strip()
        if not stripped or line.startswith((" ", "\t", ">", "$ ", "|", "+", "-", "@@", "diff ")):
            continue  # blank, code, quotes, shell sessions, tables, diffs
        if _COMMIT_REF.match(stripped) or _TRAILER.match(stripped):
            continue
        lines.append(stripped)
    flush()


def _debian_messages(text: str, source: Source) -> None:
    """Split a Debian changelog into entries, each credited to its signer or sub-heading."""
    lines: list[tuple[str | None, str]] = []  # (sub-heading author or None, text)
    sub: str | None = None
    for raw in text.splitlines():
        sign = _DEB_SIGN.match(raw)
        if sign:
            signer = sign.group(2).strip().lower()
            by_author: dict[str, list[str]] = {}
            for who, line in lines:
                by_author.setdefault(who or signer, []).append(line)
            for who, parts in by_author.items():
                source.add(who, " ".join(parts))
            lines, sub = [], None
            continue
        if _DEB_HEAD.match(raw):
            lines, sub = [], None
            continue
        heading = _DEB_SUB.match(raw)
        if heading:
            sub = "name:" + " ".join(heading.group(1).lower().split())
            continue
        stripped = raw.strip()
        if not stripped or _TRAILER.match(stripped):
            continue
        if raw.startswith("      ") and not stripped.startswith(("-", "+", "*")):
            lines.append((sub, stripped))  # continuation of a bullet
            continue
        lines.append((sub, stripped))


def iter_sources(root: Path = DOC_ROOT) -> Iterator[Source]:
    """Every changelog under ``root`` with author-attributed messages, each file once."""
    seen: set[str] = set()
    for folder in sorted(root.iterdir()) if root.is_dir() else []:
        package = folder.name
        if package.startswith(SKIP_PACKAGES) or not folder.is_dir():
            continue
        for name, kind in (("changelog.gz", "gnu"), ("changelog.Debian.gz", "debian")):
            path = folder / name
            if not path.is_file():
                continue
            data = _read(path)
            if not data:
                continue
            digest = hashlib.sha256(data).hexdigest()
            if digest in seen:
                continue
            seen.add(digest)
            text = data.decode("utf-8", "replace")
            if kind == "gnu" and _GITLOG_COMMIT.search(text[:2000]) and "\nAuthor:" in text[:4000]:
                kind = "gitlog"
            source = Source(package, kind)
            if kind == "gitlog":
                _gitlog_messages(text, source)
            elif kind == "gnu":
                _gnu_messages(text, source)
            else:
                _debian_messages(text, source)
            if source.messages:
                yield source


@dataclass
class Author:
    key: str  # package/author
    package: str
    messages: list[str]  # oldest first
    kind: str = "gnu"
    words: int = 0

    def __post_init__(self) -> None:
        self.words = sum(len(m.split()) for m in self.messages)


def collect_authors(root: Path = DOC_ROOT) -> list[Author]:
    """Every author's messages in time order. A message written word for word by more than
    one author ("New upstream release", "Update translations") is formulaic, not anyone's
    style: it is dropped everywhere, and an author's own repeats are kept once."""
    sources = list(iter_sources(root))
    writers: dict[str, set[str]] = {}
    for source in sources:
        for who, messages in source.messages.items():
            for message in messages:
                writers.setdefault(_fold(message), set()).add(who)
    authors = []
    for source in sources:
        for who, messages in source.messages.items():
            kept, seen = [], set()
            for message in messages[::-1]:  # changelogs list the newest first
                key = _fold(message)
                if len(writers[key]) == 1 and key not in seen:
                    seen.add(key)
                    kept.append(message)
            if kept:
                authors.append(Author(f"{source.package}/{who}", source.package, kept, source.kind))
    authors.sort(key=lambda a: a.key)
    return authors


def _fold(message: str) -> str:
    return re.sub(r"[\W\d_]+", " ", message.lower()).strip()


def take_words(messages: list[str], limit: int) -> list[str]:
    out, words = [], 0
    for message in messages:
        count = len(message.split())
        if words + count > limit:
            room = limit - words
            if room >= 5:
                out.append(" ".join(message.split()[:room]))
            break
        out.append(message)
        words += count
    return out


def chunks(messages: list[str], size: int = 1500) -> Iterator[list[str]]:
    current: list[str] = []
    words = 0
    for message in messages:
        current.append(message)
        words += len(message.split())
        if words >= size:
            yield current
            current, words = [], 0
    if words >= 100:
        yield current


def signatures(root: Path = DOC_ROOT) -> dict[str, list[datetime]]:
    """Each Debian maintainer's signed upload times, in the signer's own time zone (distinct,
    oldest first)."""
    from email.utils import parsedate_to_datetime

    times: dict[str, set[datetime]] = {}
    seen: set[str] = set()
    for folder in sorted(root.iterdir()) if root.is_dir() else []:
        path = folder / "changelog.Debian.gz"
        if folder.name.startswith(SKIP_PACKAGES) or not path.is_file():
            continue
        data = _read(path)
        if not data or hashlib.sha256(data).hexdigest() in seen:
            continue
        seen.add(hashlib.sha256(data).hexdigest())
        for line in data.decode("utf-8", "replace").splitlines():
            sign = _DEB_SIGN.match(line)
            if not sign:
                continue
            try:
                moment = parsedate_to_datetime(sign.group(3).strip())
            except (TypeError, ValueError, IndexError):
                continue
            if moment.tzinfo is not None:
                times.setdefault(sign.group(2).lower(), set()).add(moment)
    return {who: sorted(found) for who, found in times.items()}


def signature_times(root: Path = DOC_ROOT) -> dict[str, list[datetime]]:
    """Each Debian maintainer's signed upload times (UTC, distinct, oldest first)."""
    return {
        who: sorted({t.astimezone(UTC) for t in found}) for who, found in signatures(root).items()
    }
