"""Build ``linkage/data/style_background.npz``: the writing-style signal's reference data.

Usage: ``python -m linkage.reference.build_style_background`` (about three minutes; needs a
Debian system: it reads ``/usr/share/doc``), ``--activity`` to print the activity signal's
constants instead (see :mod:`linkage.signals.activity`).

Source: author-attributed writing that ships in Debian packages' documentation
(``/usr/share/doc/*/changelog.gz`` and ``changelog.Debian.gz``):

* upstream changelogs in ``git log`` form (``commit``, ``Author:``, an indented message; e.g.
  harfbuzz, gnutls, pixman, fontconfig, libx11): commit messages of other projects, the
  subject's ``area:`` prefix, trailers, code, quotes and diffs dropped;
* upstream changelogs in GNU ChangeLog form (``DATE  NAME  <EMAIL>``, tab-indented messages),
  with the formulaic ``* file (function): ...`` entries dropped (their prose kept);
* Debian's own changelogs: entries signed ``-- NAME <EMAIL>  DATE``, with ``[ NAME ]``
  sub-headings when several people wrote one entry.

Messages written word for word by more than one author are dropped as formulaic. Each file is
read as ``{author: [message, ...]}``, so that different authors of one project can be told
apart. The ``git`` packages are skipped (git's own history is the development benchmark's
source). No text is shipped, only statistics of hashed character n-grams (see
:mod:`linkage.signals.style_features`):

* ``idf``: inverse document frequency of each n-gram bucket over the background documents
  (each author's messages in chunks of about 1,500 words), quantised to 1/20;
* ``centroid``: the mean of the background documents' unit vectors (similarities are measured
  after subtracting it, so that what all such writing shares does not count);
* ``impostors``: which buckets each of 128 background authors' first 1,600 words use (bit
  sets); a profile's similarities to these give its own mean and spread (s-norm);
* ``impostor_sums``: each impostor's squared weight length and product with the centroid
  (:func:`linkage.signals.style_features.impostor_sums`), so that loading computes nothing;
* ``calibration``: the two-stage mapping from the normalised score and the two word counts to
  log2 LR (:func:`linkage.signals.style_features.calibrated_bits`), fitted on pairs from the
  version-history authors (``git log`` and GNU ChangeLog): the earlier and later halves of one
  author's messages against two different authors (half of them of one project, the null of
  stage 1), at sizes from 40 to 2,560 words, each pair scored against a background built
  without its authors (two folds).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from linkage.signals import style_features as sf
from linkage.signals.style_features import StyleModel, null_units, size_terms

DOC_ROOT = Path("/usr/share/doc")
OUT = Path(__file__).resolve().parent.parent / "data" / "style_background.npz"
SEED = 20240611
IDF_SCALE = 20  # idf shipped as uint8 in steps of 1/20
IMPOSTORS = 128  # a multiple of 8
IMPOSTOR_WORDS = 1600
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


# --- from messages to the shipped statistics ----------------------------------------------


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


@dataclass
class Background:
    idf: np.ndarray  # float, per bucket
    centroid: np.ndarray  # float32, per bucket
    impostors: np.ndarray  # bool, (K, buckets)
    impostor_keys: list[str]


def build_background(authors: list[Author], rng: np.random.Generator) -> Background:
    size = 1 << sf.BITS
    docs = [c for a in authors for c in chunks(a.messages)]
    df = np.zeros(size)
    bucket_sets = []
    for doc in docs:
        text, _ = sf.profile_text(doc, max_words=10**9)
        buckets = sf.ngram_buckets(text)
        bucket_sets.append(buckets)
        df[buckets] += 1
    idf = np.log((len(docs) + 1) / (df + 1)) + 1
    idf = np.round(idf * IDF_SCALE) / IDF_SCALE  # as shipped
    weight = sf.weights(idf)
    centroid = np.zeros(size)
    for buckets in bucket_sets:
        w = weight[buckets]
        centroid[buckets] += w / np.linalg.norm(w)
    centroid /= len(docs)
    long_enough = [a for a in authors if a.words >= IMPOSTOR_WORDS]
    chosen = rng.choice(len(long_enough), min(IMPOSTORS, len(long_enough)), replace=False)
    impostors = np.zeros((len(chosen), size), bool)
    keys = []
    for row, index in enumerate(sorted(chosen)):
        author = long_enough[index]
        text, _ = sf.profile_text(take_words(author.messages, IMPOSTOR_WORDS), 10**9)
        impostors[row, sf.ngram_buckets(text)] = True
        keys.append(author.key)
    return Background(idf, centroid.astype(np.float32), impostors, keys)


def packed(impostors: np.ndarray) -> np.ndarray:
    """The impostors' bucket sets as the model reads them: bits packed along the impostors."""
    return np.packbits(np.ascontiguousarray(impostors.T), axis=1)


def model_of(background: Background) -> StyleModel:
    return StyleModel(background.idf, background.centroid, packed(background.impostors))


def pair_scores(
    model: StyleModel, texts_a: list[list[str]], texts_b: list[list[str]]
) -> np.ndarray:
    """The normalised score of each pair (a[i], b[i]), as the signal computes it."""
    a = model.samples([sf.profile_text(t) for t in texts_a])
    b = model.samples([sf.profile_text(t) for t in texts_b])
    out = np.zeros(len(texts_a))
    for i, (fa, fb) in enumerate(zip(a, b, strict=True)):
        out[i] = model.score(fa, fb) if fa and fb else 0.0
    return out


def calibration_pairs(
    authors: list[Author], background: Background, rng: np.random.Generator
) -> np.ndarray:
    """Rows (score, words a, words b, same author, same project) from ``authors``."""
    model = model_of(background)
    rows = []
    lengths = (40, 80, 160, 320, 640, 1280, 2560)
    for la in lengths:
        for lb in lengths:
            if lb < la:
                continue
            # same author: the earlier and the later half of one author's writing
            same_a, same_b = [], []
            for author in authors:
                half = author.words // 2
                if half < lb or half < la:
                    continue
                cut, words = 0, 0
                while words < half:
                    words += len(author.messages[cut].split())
                    cut += 1
                first, second = author.messages[:cut], author.messages[cut:]
                if sum(len(m.split()) for m in second) < min(la, lb):
                    continue
                if rng.random() < 0.5:
                    same_a.append(take_words(first, la))
                    same_b.append(take_words(second, lb))
                else:
                    same_a.append(take_words(second, la))
                    same_b.append(take_words(first, lb))
            # different authors: as many pairs, half of them from one project
            pool = [a for a in authors if a.words >= la]
            pool_b = [a for a in authors if a.words >= lb]
            by_package: dict[str, list[Author]] = {}
            for a in pool_b:
                by_package.setdefault(a.package, []).append(a)
            diff_a, diff_b, diff_project = [], [], []
            wanted = max(2 * len(same_a), 150)
            tries = 0
            while len(diff_a) < wanted and tries < wanted * 20 and pool and pool_b:
                tries += 1
                a = pool[rng.integers(len(pool))]
                mates = [m for m in by_package.get(a.package, []) if m.key != a.key]
                if mates and rng.random() < 0.5:
                    b = mates[rng.integers(len(mates))]
                else:
                    b = pool_b[rng.integers(len(pool_b))]
                if b.key.split("/", 1)[1] == a.key.split("/", 1)[1]:
                    continue  # one person in two packages
                start = rng.integers(max(1, len(a.messages) // 2))
                diff_a.append(take_words(a.messages[start:] or a.messages, la))
                diff_b.append(take_words(b.messages, lb))
                diff_project.append(a.package == b.package)
            texts_a = same_a + diff_a
            texts_b = same_b + diff_b
            if not same_a:
                continue
            scores = pair_scores(model, texts_a, texts_b)
            for i, score in enumerate(scores):
                wa = sum(len(m.split()) for m in texts_a[i])
                wb = sum(len(m.split()) for m in texts_b[i])
                same = i < len(same_a)
                project = True if same else diff_project[i - len(same_a)]
                rows.append((score, wa, wb, same, project))
            print(f"  lengths {la}/{lb}: {len(same_a)} same, {len(diff_a)} different", flush=True)
    return np.array(rows, dtype=float)


def fit_calibration(rows: np.ndarray) -> np.ndarray:
    """The two-stage calibration of :mod:`linkage.signals.style_features` from rows (score,
    words a, words b, same author, same project). The null is two different authors of one
    project (the hard case: shared conventions and topics)."""
    score, wa, wb = rows[:, 0], rows[:, 1], rows[:, 2]
    same, project = rows[:, 3].astype(bool), rows[:, 4].astype(bool)
    null = ~same & project
    terms = np.array([size_terms(a, b) for a, b in zip(wa, wb, strict=True)])
    u, v = terms[:, 0], terms[:, 1]
    cells = np.round(np.log2(np.minimum(wa, wb))) * 100 + np.round(np.log2(np.maximum(wa, wb)))
    # stage 1: the null's mean and log spread per cell, smoothed by a weighted quadratic fit
    stats = []
    for cell in np.unique(cells):
        chosen = (cells == cell) & null
        if chosen.sum() >= 15:
            spread = max(float(score[chosen].std()), 1e-3)
            stats.append(
                (
                    u[chosen].mean(),
                    v[chosen].mean(),
                    score[chosen].mean(),
                    math.log(spread),
                    chosen.sum(),
                )
            )
    cu, cv, mean, log_spread, count = (np.array(c) for c in zip(*stats, strict=True))
    design = np.stack([np.ones_like(cu), cu, cv, cu * cu, cu * cv, cv * cv], axis=1)
    root = np.sqrt(count)[:, None]
    mean_c = np.linalg.lstsq(design * root, mean * root[:, 0], rcond=None)[0]
    spread_c = np.linalg.lstsq(design * root, log_spread * root[:, 0], rcond=None)[0]
    first = np.concatenate([mean_c, spread_c])
    # stage 2: logistic on the null units, classes balanced in each cell
    x = np.array([null_units(first, s, a, b) for s, a, b in zip(score, u, v, strict=True)])
    keep = same | null
    features = np.stack([x, x * u, x * v, u, v, np.ones_like(x)], axis=1)
    weight = np.ones(len(rows))
    for cell in np.unique(cells):
        for label in (True, False):
            chosen = (cells == cell) & (same == label) & keep
            if chosen.any():
                weight[chosen] = 0.5 / chosen.sum()
    second = logistic_bits(features[keep], same[keep], weight[keep])
    return np.concatenate([first, second])


def logistic_bits(x: np.ndarray, label: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """Weighted logistic regression (Newton steps, a little ridge), classes balanced overall;
    the coefficients are returned in bits (log2 odds)."""
    weight = weight * np.where(label, 0.5 / weight[label].sum(), 0.5 / weight[~label].sum())
    weight = weight / weight.mean()
    beta = np.zeros(x.shape[1])
    for _ in range(100):
        p = 1 / (1 + np.exp(-(x @ beta)))
        gradient = x.T @ (weight * (label - p)) - 1e-3 * beta
        hessian = (x * (weight * p * (1 - p))[:, None]).T @ x + 1e-3 * np.eye(len(beta))
        step = np.linalg.solve(hessian, gradient)
        beta += step
        if np.abs(step).max() < 1e-10:
            break
    return beta / math.log(2)


# --- the activity-rhythm signal's constants ------------------------------------------------


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


def activity_reference() -> None:
    """Print the population rhythm and the calibration of ``linkage/signals/activity.py``."""
    from linkage.signals import activity

    times = signature_times()
    every = [t for found in times.values() for t in found]
    hours = np.array([t.hour + t.minute / 60 for t in every])
    grid = np.arange(24) + 0.5
    diff = (grid[None, :] - hours[:, None] + 12) % 24 - 12
    kernel = np.exp(-0.5 * (diff / activity.KERNEL_HOURS) ** 2)
    p_hours = (kernel / kernel.sum(axis=1, keepdims=True)).sum(axis=0)
    p_days = np.bincount([t.weekday() for t in every], minlength=7).astype(float)
    print("POPULATION_HOURS =", tuple(np.round(p_hours / p_hours.sum() * 24, 2).tolist()))
    print("POPULATION_DAYS =", tuple(np.round(p_days / p_days.sum() * 7, 2).tolist()))
    print(f"{len(every)} signatures by {len(times)} maintainers")
    rng = np.random.default_rng(SEED)
    eligible = [who for who, found in times.items() if len(found) >= 2 * activity.MIN_POSTS]
    rows = []

    def stat(first: list[datetime], second: list[datetime]) -> tuple[float, float, float]:
        a, b = activity.Rhythm(first), activity.Rhythm(second)
        h1, d1 = a.towards(b)
        h2, d2 = b.towards(a)
        return (h1 + h2) / 2, (d1 + d2) / 2, min(a.posts, b.posts)

    for who in eligible:
        found = times[who]
        rows.append((*stat(found[: len(found) // 2], found[len(found) // 2 :]), 1.0))
    for _ in range(3000):
        i, j = rng.choice(len(eligible), 2, replace=False)
        a, b = times[eligible[i]], times[eligible[j]]
        k = min(len(a), len(b)) // 2
        rows.append((*stat(a[:k], b[-k:]), 0.0))
    table = np.array(rows)
    g = np.log2(table[:, 2]) - 4
    x = np.stack(
        [table[:, 0], table[:, 0] * g, table[:, 1], table[:, 1] * g, g, np.ones(len(g))], 1
    )
    beta = logistic_bits(x, table[:, 3].astype(bool), np.ones(len(g)))
    print(f"{len(eligible)} same-person pairs, 3000 different-person pairs")
    print("COEFFICIENTS =", tuple(np.round(beta, 2).tolist()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pairs", type=Path, help="also save the calibration pairs here (.npy)")
    parser.add_argument(
        "--activity", action="store_true", help="print the activity signal's constants instead"
    )
    args = parser.parse_args()
    if args.activity:
        activity_reference()
        return
    rng = np.random.default_rng(SEED)
    authors = [a for a in collect_authors() if a.words >= 40]
    print(f"{len(authors)} authors, {sum(a.words for a in authors)} words", flush=True)
    folds = np.array([int(hashlib.sha256(a.key.encode()).hexdigest(), 16) % 2 for a in authors])
    rows = []
    for fold in (0, 1):
        # calibration pairs from version histories (git logs and GNU ChangeLogs): prose about
        # one's work, the closest kind to posts; the background itself uses every author
        inside = [
            a
            for a, f in zip(authors, folds, strict=True)
            if f == fold and a.kind in ("gitlog", "gnu")
        ]
        outside = [a for a, f in zip(authors, folds, strict=True) if f != fold]
        print(f"fold {fold}: background of {len(outside)} authors", flush=True)
        background = build_background(outside, rng)
        rows.append(calibration_pairs(inside, background, rng))
    table = np.concatenate(rows)
    beta = fit_calibration(table)
    print("calibration (bits):", np.round(beta, 4))
    background = build_background(authors, rng)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    idf = np.round(background.idf * IDF_SCALE).astype(np.uint8)
    centroid = background.centroid.astype(np.float16)
    bits = packed(background.impostors)
    np.savez_compressed(
        OUT,
        idf=idf,
        idf_scale=np.array(IDF_SCALE),
        centroid=centroid,
        impostors=bits,
        # from the stored (rounded) values, exactly as the model would make them on loading
        impostor_sums=sf.impostor_sums(
            sf.weights(idf.astype(np.float64) / IDF_SCALE), centroid.astype(np.float64), bits
        ),
        calibration=beta.astype(np.float64),
    )
    if args.pairs:
        np.save(args.pairs, table)
    print(f"wrote {OUT} ({OUT.stat().st_size / 1e6:.2f} MB)")


if __name__ == "__main__":
    main()
