"""Avatar evidence: the same profile picture on two accounts.

What is compared (see :mod:`linkage.signals.avatar_image`): the picture's bytes (SHA-256) and
31 crops of it, each hashed with a 64-bit pHash and a 64-bit dHash on luminance, mirrored or
not, so that copies that were recompressed, resized, turned grey, brightened, mirrored, cut
to a circle or cropped by up to ~30 % still match. The picture comes from ``avatar.path``,
else from the collectors' embedded thumbnail (``avatar.thumbnail``); a record with only the
collectors' hex hashes (``sha256``, ``phash``, ``dhash``) is compared on those.

Weights (Fellegi–Sunter, log2(m/u)), from ``linkage/data/avatar_weights.json``, built by
``linkage/reference/build_default_avatars.py`` on photographs from the scikit-image and
matplotlib packages (never on benchmark pictures):

* the smallest normalised Hamming distance between the two pictures' hashes falls in a band
  (0–0.04, 0.04–0.08, …, above 0.32 of the 128 bits); for each band, u is the share of
  pairs of unrelated pictures (each randomly transformed) in the band, plus 1e-4 × the share
  of copies in it (a stranger showing the same stock picture or meme shows a copy of it);
  m = 0.5 × the share of pairs of transformed copies of one picture in the band + 0.5 × the
  unrelated share (0.5: assumed share of people who show one picture on several accounts).
  The weight is interpolated linearly between the band
  centres: +12 bits for a near-identical picture (capped), about +9.7 at a distance of 0.14,
  +2.4 at 0.22, and 0 from 0.26 on. A different picture would count about −1 bit by this
  model (m = 0.5, u = 0.95); it counts 0 instead (see the build script: reuse varies, people
  who keep personas apart choose different pictures, and an audit should not be reassured
  by a different picture);
* byte-identical files (same SHA-256): m = 0.5 × 0.3 (assumed: three reused pictures in ten
  are uploaded unchanged), u = 1e-5 (a stranger uploading the very same file): +13.9 bits;
* records with only the collectors' 64-bit pHash and dHash: the same construction on those
  hashes (no mirror or crop variants), the ``plain`` table.

No evidence (``None``, or 0 with a sentence when both sides show one): a platform's default
picture — marked by the collector (``avatar.default``), recognised by its address
(:mod:`linkage.signals.avatar_defaults`: platforms' stock pictures, identicon and letter-avatar
services) or by a generator's look (a flat drawing that is its own mirror image or quarter
turn: silhouettes, eggs, identicons; see :func:`linkage.signals.avatar_look.looks_default`)
— on either side; and, only in a larger input (more than 50 profiles), a picture that 8 or
more of its profiles show (more accounts than one person keeps): a stock picture or an
unrecognised default. A ten-account audit relies on the look and the addresses alone.

Little evidence: a picture that only *looks* generic (a flat two-colour or grey drawing, a
flat pattern: see :func:`linkage.signals.avatar_look.looks_generic`) on either side is a
person's own logo, initials or mark as often as an unrecognised default. Shown on both
accounts it counts at most ``GENERIC_BITS`` = log2(m/u) = log2(0.5 / 0.2) = 1.3 bits: m the
share of people who reuse a picture, u the chance that a stranger with a generic-looking
picture shows the same one (an unrecognised default is shown by many).

Missing, unreadable or corrupt pictures give ``None``; nothing here raises on bad input.
"""

from __future__ import annotations

import json
import math
import os
import re
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from linkage.records import Avatar, Evidence, Profile
from linkage.signals import Signal
from linkage.signals import avatar_image as image
from linkage.signals.avatar_defaults import default_url

DATA = Path(__file__).resolve().parent.parent / "data" / "avatar_weights.json"
#: byte-identical pictures: m = REUSE × share uploaded unchanged, u = a stranger's same file
EXACT_M = 0.5 * 0.3
EXACT_U = 1e-5
#: a large input, where a picture shown by many of its profiles is discounted
LARGE_INPUT = 50
SHARED_BY = 8
#: pictures this close count as one picture when counting how many profiles show it
SAME_PICTURE = 0.04
#: a picture that looks generic (a flat drawing: a person's logo or initials, or a default
#: not recognised as one): m = REUSE, u = the chance that a stranger with a generic-looking
#: picture shows the very same one (an unrecognised default shared by many: 1 in 5)
GENERIC_U = 0.2
GENERIC_BITS = math.log2(0.5 / GENERIC_U)
#: the distance matrix is computed in ``prepare`` up to this many pictures (else per pair)
MATRIX_LIMIT = 4000


@dataclass(frozen=True)
class Table:
    """Band centres and their weights, interpolated linearly in between."""

    centres: tuple[float, ...]
    bits: tuple[float, ...]

    def weight(self, distance: float) -> float:
        return float(np.interp(distance, self.centres, self.bits))


def _table(rows: list[dict]) -> Table:
    centres, bits = [], []
    for row in rows:
        lo, hi = float(row["lo"]), min(float(row["hi"]), 0.5)
        centres.append((lo + hi) / 2)
        bits.append(float(row["bits"]))
    return Table(tuple(centres), tuple(bits))


@lru_cache(maxsize=1)
def tables() -> tuple[Table, Table]:
    """(variant table, plain-hash table) from ``avatar_weights.json``."""
    data = json.loads(DATA.read_text(encoding="utf-8"))
    return _table(data["variants"]), _table(data["plain"])


@lru_cache(maxsize=1)
def _by_bits() -> tuple[tuple[float, str], ...]:
    """(weight, sentence) for every number of differing bits 0 … BITS of the variants."""
    variants = tables()[0]
    out = []
    for count in range(image.BITS + 1):
        weight = max(
            -AvatarSignal.max_bits, min(AvatarSignal.max_bits, variants.weight(count / image.BITS))
        )
        out.append((weight, _sentence(count / image.BITS, image.BITS, weight)))
    return tuple(out)


def exact_bits() -> float:
    return math.log2(EXACT_M / EXACT_U)


class AvatarSignal(Signal):
    name = "avatar"
    title = "profile pictures"
    clue = "the same picture"
    because = "they show the same picture"
    redacted = "the profile pictures are the same or alike"
    reads = frozenset({"avatar"})
    max_bits = 14.0

    def __init__(self) -> None:
        self._pictures: dict[str, image.Picture | None] = {}
        self._by_path: dict[str, image.Picture | None] = {}
        self._by_sha: dict[str, image.Picture] = {}
        self._rows: dict[str, int] = {}
        self._row_pictures: list[image.Picture] = []
        self._matrix: np.ndarray | None = None
        self._shared: dict[str, int] = {}

    # --- features ------------------------------------------------------------------------

    def prepare(self, profiles: Sequence[Profile]) -> None:
        self._load_files(profiles)
        for profile in profiles:
            self._pictures[profile.id] = self._read(profile.avatar)
        hashed = [
            (p.id, pic)
            for p in profiles
            if (pic := self._pictures.get(p.id)) is not None
            and pic.hashes is not None
            and pic.default is None
        ]
        self._rows, self._row_pictures, self._matrix = {}, [], None
        if 2 <= len(hashed) <= MATRIX_LIMIT:
            self._rows = {pid: row for row, (pid, _) in enumerate(hashed)}
            self._row_pictures = [pic for _, pic in hashed]
            self._matrix = image.bits_matrix(np.stack([pic.hashes for _, pic in hashed]))
        self._shared = self._count_shared(profiles) if len(profiles) > LARGE_INPUT else {}

    def _load_files(self, profiles: Sequence[Profile]) -> None:
        """Read and analyse every new picture file once, several at a time (decoding and
        resizing release the interpreter lock)."""
        paths = {
            p.avatar.path
            for p in profiles
            if p.avatar is not None
            and isinstance(p.avatar.path, str)
            and p.avatar.path
            and p.avatar.path not in self._by_path
            and not (p.avatar.default or default_url(p.avatar.url))
        }
        read = {path: image.read_bytes(path) for path in sorted(paths)}
        shas = {path: image.sha256(data) for path, data in read.items() if data}
        new: dict[str, bytes] = {}
        for path, sha in shas.items():
            if sha not in self._by_sha:
                new.setdefault(sha, read[path])  # type: ignore[arg-type]
        if len(new) >= 8:
            workers = min(4, os.cpu_count() or 1)
            with ThreadPoolExecutor(max_workers=workers) as pool:
                found = list(pool.map(image.analyse, new.values(), new.keys()))
        else:
            found = [image.analyse(data, sha) for sha, data in new.items()]
        for sha, picture in zip(new, found, strict=True):
            if picture is not None:
                self._by_sha[sha] = picture
        for path in read:
            self._by_path[path] = self._by_sha.get(shas[path]) if path in shas else None

    def _read(self, avatar: Avatar | None) -> image.Picture | None:
        if avatar is None:
            return None
        reason = "marked as the platform's default" if avatar.default else None
        reason = reason or default_url(avatar.url)
        sha = avatar.sha256.lower() if isinstance(avatar.sha256, str) else None
        plain = (image.parse_hex64(avatar.phash), image.parse_hex64(avatar.dhash))
        if reason:
            return image.Picture(sha256=sha, plain=plain, default=reason)
        if isinstance(avatar.path, str) and avatar.path:
            if avatar.path not in self._by_path:
                self._by_path[avatar.path] = self._from_bytes(image.read_bytes(avatar.path))
            found = self._by_path[avatar.path]
            if found is not None:
                return found
        if isinstance(avatar.thumbnail, str):
            data = image.data_uri_bytes(avatar.thumbnail)
            found = self._from_bytes(data, keep_sha=False) if data else None
            if found is not None:
                return image.Picture(
                    sha256=sha,
                    hashes=found.hashes,
                    plain=plain if plain != (None, None) else found.plain,
                    default=found.default,
                    generic=found.generic,
                )
        if sha or plain != (None, None):
            return image.Picture(sha256=sha, plain=plain)
        return None

    def _from_bytes(self, data: bytes | None, keep_sha: bool = True) -> image.Picture | None:
        if not data:
            return None
        sha = image.sha256(data)
        known = self._by_sha.get(sha)
        if known is None:
            known = image.analyse(data, sha)
            if known is None:
                return None
            self._by_sha[sha] = known
        if keep_sha:
            return known
        return image.Picture(None, known.hashes, known.plain, known.default, known.generic)

    def _count_shared(self, profiles: Sequence[Profile]) -> dict[str, int]:
        """In a large input: for each profile, how many profiles show its picture (if 8+)."""
        counts: dict[str, int] = {}
        shas = Counter(
            pic.sha256 for p in profiles if (pic := self._pictures.get(p.id)) and pic.sha256
        )
        for p in profiles:
            pic = self._pictures.get(p.id)
            if pic is None:
                continue
            count = shas[pic.sha256] if pic.sha256 else 0
            row = self._rows.get(p.id)
            if self._matrix is not None and row is not None:
                close = self._matrix[row] <= SAME_PICTURE * image.BITS
                count = max(count, int(close.sum()))
            if count >= SHARED_BY:
                counts[p.id] = count
        return counts

    def _picture(self, profile: Profile) -> image.Picture | None:
        if profile.id not in self._pictures:
            self._pictures[profile.id] = self._read(profile.avatar)
        return self._pictures[profile.id]

    # --- comparing -----------------------------------------------------------------------

    def block_keys(self, profile: Profile) -> list[str]:
        """Bands of the pHash of the centred crops (and their mirrors): two copies of one
        picture share a band of some crop (3 bands of 21 bits: a distance of 2 bits or less
        always shares one)."""
        picture = self._pictures.get(profile.id)
        if picture is None or picture.default is not None:
            return []
        words: set[int] = set()
        if picture.hashes is not None:
            centred = len(image.SCALES)
            for row in (*range(centred), *range(image.N_VARIANTS, image.N_VARIANTS + centred)):
                words.add(int(picture.hashes[row][0]))
        keys = [
            f"p{band}:{(word >> (band * 21)) & 0x1FFFFF:x}" for word in words for band in range(3)
        ]
        for kind, word in zip("pd", picture.plain, strict=True):  # collectors' hashes: 4 x 16 bits
            if word is not None:
                keys += [
                    f"{kind}16-{band}:{(int(word) >> (band * 16)) & 0xFFFF:x}" for band in range(4)
                ]
        if picture.sha256:
            keys.append(f"sha:{picture.sha256}")
        return keys

    def compare(self, a: Profile, b: Profile) -> Evidence | None:
        pa, pb = self._picture(a), self._picture(b)
        if pa is None or pb is None:
            return None
        if pa.default or pb.default:
            if pa.default and pb.default:
                return Evidence(
                    self.name, 0.0, "both show a platform's default picture: no evidence"
                )
            return None
        if a.id in self._shared and b.id in self._shared and self._same_shared(a, b, pa, pb):
            count = min(self._shared[a.id], self._shared[b.id])
            return Evidence(
                self.name,
                0.0,
                f"the same picture is shown by {count} accounts here (a stock or default "
                "picture): no evidence",
            )
        if pa.sha256 and pa.sha256 == pb.sha256:
            found = Evidence(
                self.name,
                min(exact_bits(), self.max_bits),
                "the same avatar image file on both accounts",
                followable=True,
            )
        elif pa.hashes is not None and pb.hashes is not None:
            weight, detail = _by_bits()[self._differing(a, b, pa, pb)]
            found = Evidence(self.name, weight, detail)
        else:
            plain = _plain_distance(pa, pb)
            if plain is None:
                return None
            distance, bits = plain
            weight = max(-self.max_bits, min(self.max_bits, tables()[1].weight(distance)))
            found = Evidence(self.name, weight, _sentence(distance, bits, weight))
        generic = pa.generic or pb.generic
        if generic and found.match_weight > GENERIC_BITS:
            if found.followable:  # the very same file
                detail = f"{found.detail}; it looks generic ({generic}), so it counts for little"
            else:  # flat drawings hash alike: two people's initials on one colour did
                distance = re.search(r"\(hash distance [^)]*\)", found.detail)
                detail = (
                    f"alike avatar pictures{' ' + distance.group(0) if distance else ''}; they "
                    f"look generic ({generic}), and such drawings hash alike even when they "
                    "differ, so it counts for little"
                )
            return Evidence(self.name, GENERIC_BITS, detail)
        return found

    def _differing(self, a: Profile, b: Profile, pa: image.Picture, pb: image.Picture) -> int:
        ra, rb = self._rows.get(a.id), self._rows.get(b.id)
        if (
            self._matrix is not None
            and ra is not None
            and rb is not None
            and self._row_pictures[ra] is pa
            and self._row_pictures[rb] is pb
        ):
            return int(self._matrix[ra, rb])
        return image.differing_bits(pa.hashes, pb.hashes)  # type: ignore[arg-type]

    def _same_shared(self, a: Profile, b: Profile, pa: image.Picture, pb: image.Picture) -> bool:
        if pa.sha256 and pa.sha256 == pb.sha256:
            return True
        if pa.hashes is not None and pb.hashes is not None:
            return self._differing(a, b, pa, pb) <= SAME_PICTURE * image.BITS
        return False


def _plain_distance(pa: image.Picture, pb: image.Picture) -> tuple[float, int] | None:
    """Normalised Hamming distance over the collectors' pHash and dHash both sides have, and
    the number of bits compared."""
    differ = total = 0
    for x, y in zip(pa.plain, pb.plain, strict=True):
        if x is not None and y is not None:
            differ += (x ^ y).bit_count()
            total += 64
    return (differ / total, total) if total else None


def _sentence(distance: float, bits: int, weight: float) -> str:
    of = f"hash distance {round(distance * bits)} of {bits}"
    if weight >= 6:
        return f"the same avatar picture, allowing for resizing, cropping or colour changes ({of})"
    if weight > 0:
        return f"similar avatar pictures ({of})"
    return f"different avatar pictures ({of})"


SIGNAL = AvatarSignal
