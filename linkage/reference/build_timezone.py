"""Print the figures behind ``linkage/signals/timezone.py`` from the time zones signed in the
Debian changelogs of this machine (``/usr/share/doc/*/changelog.Debian.gz``).

usage: python -m linkage.reference.build_timezone

For each number of posts per side (3, 5, 10, 20): how often one maintainer's two samples share
a zone (adjacent halves of their uploads, and the first and last thirds of those whose uploads
span five years or more) and how often two maintainers' samples do. The signal's m and u are
read from these rates (see its module text)."""

from __future__ import annotations

import math
from datetime import datetime

import numpy as np

from linkage.reference.build_style_background import SEED
from linkage.reference.changelogs import signatures
from linkage.signals.timezone import offset_minutes, zones

#: maintainers with at least this many signed uploads take part
MIN_UPLOADS = 20
DIFFERENT_PAIRS = 4000
SIZES = (3, 5, 10, 20)
DRIFT_DAYS = 5 * 365


def offsets(times: list[datetime]) -> list[int]:
    return [m for m in map(offset_minutes, times) if m is not None]


def sample(times: list[datetime], n: int, rng: np.random.Generator) -> list[datetime]:
    picked = rng.choice(len(times), min(n, len(times)), replace=False)
    return [times[i] for i in sorted(picked)]


def shared(a: list[datetime], b: list[datetime]) -> bool | None:
    za, zb = zones(offsets(a)), zones(offsets(b))
    if za is None or zb is None:
        return None
    return bool(za & zb)


def rates(found: dict[str, list[datetime]], n: int, rng: np.random.Generator) -> dict[str, float]:
    eligible = sorted(who for who, times in found.items() if len(times) >= MIN_UPLOADS)
    halves, thirds, different = [], [], []
    for who in eligible:
        times = found[who]
        half, third = len(times) // 2, len(times) // 3
        halves.append(shared(sample(times[:half], n, rng), sample(times[half:], n, rng)))
        if (times[-1] - times[0]).days >= DRIFT_DAYS:
            thirds.append(shared(sample(times[:third], n, rng), sample(times[-third:], n, rng)))
    for _ in range(DIFFERENT_PAIRS):
        i, j = rng.choice(len(eligible), 2, replace=False)
        different.append(
            shared(sample(found[eligible[i]], n, rng), sample(found[eligible[j]], n, rng))
        )

    def rate(values: list[bool | None]) -> float:
        known = [v for v in values if v is not None]
        return sum(known) / max(len(known), 1)

    return {
        "maintainers": len(eligible),
        "halves": rate(halves),
        "thirds": rate(thirds),
        "different": rate(different),
    }


def main() -> None:
    found = signatures()
    rng = np.random.default_rng(SEED)
    print(f"{sum(map(len, found.values()))} signed uploads by {len(found)} maintainers")
    for n in SIZES:
        r = rates(found, n, rng)
        m, u = r["thirds"], r["different"]
        print(
            f"{n:>2} posts a side ({r['maintainers']} maintainers): one maintainer shares a "
            f"zone {r['halves']:.3f} (halves), {m:.3f} (thirds {DRIFT_DAYS // 365}+ years "
            f"apart); two maintainers {u:.3f}; shared {math.log2(m / u):+.2f} bits, "
            f"none {math.log2(max(1 - m, 1e-3) / (1 - u)):+.2f} bits"
        )


if __name__ == "__main__":
    main()
