"""Scoring pairs of profiles: every signal on every pair, combined into link records."""

from __future__ import annotations

import csv
import gc
import json
import math
from collections.abc import Iterable, Sequence
from pathlib import Path

from linkage.blocking import ALL_PAIRS_LIMIT, all_pairs, candidate_pairs
from linkage.errors import UsageError
from linkage.model import (
    DEFAULT_PRIOR,
    log2_odds,
    probability_from_weight,
    resolve_prior,
    total_weight,
)
from linkage.records import Evidence, Link, Profile, open_private, read_links
from linkage.signals import Signal, default_signals


def _compare(signal: Signal, a: Profile, b: Profile) -> Evidence | None:
    try:
        return signal.compare(a, b)
    except (ValueError, TypeError, OSError) as exc:  # a signal never sinks the whole run
        return Evidence(signal.name, 0.0, f"could not compare ({exc.__class__.__name__})")


def _link(a: Profile, b: Profile, evidence: list[Evidence], prior: float) -> Link:
    weight = total_weight(evidence)
    return Link(
        a=a.id,
        b=b.id,
        probability=probability_from_weight(weight, prior),
        match_weight=weight,
        evidence=evidence,
    )


def link_pair(
    a: Profile, b: Profile, signals: Sequence[Signal], prior: float = DEFAULT_PRIOR
) -> Link:
    evidence = [e for e in (_compare(signal, a, b) for signal in signals) if e is not None]
    return _link(a, b, evidence, prior)


class _PairScorer:
    """Scores pairs, skipping the costly signals of a pair that cannot reach
    ``min_probability`` even if they all gave their largest weight (exact: such a pair would
    not be kept anyway). The evidence keeps the signals' order."""

    def __init__(self, signals: Sequence[Signal], prior: float, min_probability: float) -> None:
        self.signals = list(signals)
        self.prior = prior
        self.cheap = [k for k, s in enumerate(self.signals) if not s.costly]
        self.costly = [k for k, s in enumerate(self.signals) if s.costly]
        headroom = sum(self.signals[k].max_bits for k in self.costly)
        if min_probability > 0 and self.costly:
            self.floor = log2_odds(min_probability) - log2_odds(prior) - headroom
        else:
            self.floor = -math.inf

    def __call__(self, a: Profile, b: Profile) -> Link | None:
        found: list[Evidence | None] = [None] * len(self.signals)
        for k in self.cheap:
            found[k] = _compare(self.signals[k], a, b)
        if self.floor > -math.inf and sum(e.match_weight for e in found if e) < self.floor:
            return None
        for k in self.costly:
            found[k] = _compare(self.signals[k], a, b)
        return _link(a, b, [e for e in found if e is not None], self.prior)


def comparable(profiles: Sequence[Profile]) -> list[Profile]:
    """The profiles that have anything to compare, in id order."""
    return sorted(
        (p for p in profiles if p.ok or p.bio or p.links or p.posts or p.avatar), key=lambda p: p.id
    )


def input_prior(profiles: Sequence[Profile], prior: float | None = None) -> float:
    """The prior a run over ``profiles`` uses: ``prior`` if set, else the size default."""
    return resolve_prior(prior, len(comparable(profiles)))


def link_profiles(
    profiles: Sequence[Profile],
    *,
    prior: float | None = None,
    min_probability: float = 0.0,
    signals: Sequence[Signal] | None = None,
    all_pairs_limit: int = ALL_PAIRS_LIMIT,
    chains: bool = False,
) -> list[Link]:
    """Score every unordered pair; keep those at or above ``min_probability``, strongest first.
    Without a ``prior``, the default for the number of comparable profiles is used. With
    ``chains``, links tied more strongly through other accounts gain that evidence
    (:mod:`linkage.chains`)."""
    signals = list(signals) if signals is not None else default_signals()
    usable = comparable(profiles)
    prior = resolve_prior(prior, len(usable))
    for signal in signals:
        signal.prepare(usable)
    if len(usable) > all_pairs_limit:
        pairs: Iterable[tuple[int, int]] = sorted(candidate_pairs(usable, signals))
    else:
        pairs = all_pairs(len(usable))
    links = []
    collecting = gc.isenabled()
    gc.disable()  # millions of small records: the cyclic collector would only slow this down
    score = _PairScorer(signals, prior, min_probability)
    try:
        for i, j in pairs:
            link = score(usable[i], usable[j])
            if link is not None and link.probability >= min_probability:
                links.append(link)
    finally:
        if collecting:
            gc.enable()
    if chains:
        from linkage.chains import add_chains

        by_id = {p.id: p for p in usable}
        return add_chains(
            links,
            prior,
            min_probability=min_probability,
            rescore=lambda a, b: link_pair(by_id[a], by_id[b], signals, prior),
        )
    links.sort(key=lambda link: (-link.match_weight, link.a, link.b))
    return links


def signal_names(signals: Sequence[Signal] | None = None) -> list[str]:
    return [s.name for s in (signals if signals is not None else default_signals())]


def write_links(path: Path, links: Sequence[Link], signals: Sequence[str] | None = None) -> None:
    """Write links as CSV (one column per signal) or JSONL (with evidence), by the suffix."""
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        with open_private(path) as out:
            for link in links:
                out.write(json.dumps(link.to_dict(), ensure_ascii=False) + "\n")
        return
    if suffix != ".csv":
        raise UsageError(f"{path}: write links to a .csv or a .jsonl file.")
    names = list(signals) if signals is not None else signal_names()
    for link in links:
        for e in link.evidence:
            if e.signal not in names:
                names.append(e.signal)
    with open_private(path) as out:
        writer = csv.writer(out)
        writer.writerow(["a", "b", "probability", "match_weight", *names])
        for link in links:
            weights = {e.signal: round(e.match_weight, 4) for e in link.evidence}
            writer.writerow(
                [link.a, link.b, round(link.probability, 6), round(link.match_weight, 4)]
                + [weights.get(name, "") for name in names]
            )


def read_link_table(path: Path) -> list[Link]:
    """Read links from a CSV or JSONL file written by :func:`write_links`."""
    if path.suffix.lower() == ".jsonl":
        return read_links(path)
    import pandas as pd

    try:
        table = pd.read_csv(path, dtype={"a": str, "b": str})
    except FileNotFoundError:
        raise UsageError(f"{path}: no such links file.") from None
    except (ValueError, pd.errors.ParserError) as exc:
        raise UsageError(f"{path}: not a links table ({exc}).") from None
    missing = {"a", "b", "probability", "match_weight"} - set(table.columns)
    if missing:
        raise UsageError(
            f"{path}: not a links table (missing columns {', '.join(sorted(missing))})."
        )
    signal_columns = [
        c for c in table.columns if c not in ("a", "b", "probability", "match_weight")
    ]
    links = []
    for row in table.itertuples(index=False):
        data = row._asdict()
        evidence = [
            Evidence(name, float(data[name]), f"{name} evidence")
            for name in signal_columns
            if data.get(name) == data.get(name) and data.get(name) is not None  # not NaN
        ]
        links.append(
            Link(
                str(data["a"]),
                str(data["b"]),
                float(data["probability"]),
                float(data["match_weight"]),
                evidence,
            )
        )
    return links
