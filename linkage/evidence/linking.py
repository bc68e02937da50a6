"""The whole model: one probability per pair, the number every output shows.

1. **Direct evidence** (:mod:`~linkage.evidence.scorer`): every signal on the pair; the
   match weights add (never below the followable evidence's); the prior converts.
2. **The person's other accounts** (:mod:`~linkage.evidence.groups`): an account compared
   with a whole group of accounts that are surely one person's.
3. **Chains** (:mod:`~linkage.evidence.chains`): two accounts tied through others are at
   least as probably one person as the chain is strong; then a link is bounded by a surer
   partner of one of its accounts (never a link with followable evidence), and routes are
   kept no stronger than their weakest step.

:func:`link_profiles` does all three (``linkage link``, ``explain``, the analysis); the
links file, ``explain``, the report and the JSON all show its result. :func:`finalise` does
steps 2 and 3 on direct links already scored (a links file read back); an audit-sized input
is scored again from its profiles, so ``report --links`` and ``report`` agree on it.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from linkage import file_kinds
from linkage.errors import UsageError
from linkage.evidence.candidates import ALL_PAIRS_LIMIT, candidate_pairs
from linkage.evidence.learning import learn_from_sure_pairs
from linkage.evidence.scorer import PairScorer, compare, make_link, score_pairs
from linkage.evidence.weights import DEFAULT_PRIOR, resolve_prior
from linkage.record_files import open_private, read_links
from linkage.records import Evidence, Link, Profile
from linkage.signals import Signal, default_signals


def link_pair(
    a: Profile, b: Profile, signals: Sequence[Signal], prior: float = DEFAULT_PRIOR
) -> Link:
    evidence = [e for e in (compare(signal, a, b) for signal in signals) if e is not None]
    return make_link(a.id, b.id, evidence, prior)


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
    ``chains``, the whole model: each pair judged against a person's other accounts too, and
    raised by chains (:mod:`linkage.evidence.chains`).

    Inputs scored pair by pair (up to ``all_pairs_limit`` profiles: any audit) are modelled
    in full and only then cut at ``min_probability``, so a pair's probability does not depend
    on how many pairs are written. Larger inputs leave out pairs that cannot reach
    ``min_probability`` while scoring: that is what makes them fast."""
    signals = list(signals) if signals is not None else default_signals()
    usable = comparable(profiles)
    prior = resolve_prior(prior, len(usable))
    for signal in signals:
        signal.prepare(usable)
    large = len(usable) > all_pairs_limit
    if large:
        pairs = candidate_pairs(usable, signals)
        learn_from_sure_pairs(usable, signals, prior, pairs)
    else:
        learn_from_sure_pairs(usable, signals, prior)
        pairs = np.stack(np.triu_indices(len(usable), 1), axis=1)
    kept = min_probability if large else 0.0
    links = score_pairs(usable, pairs, PairScorer(signals, prior, kept))
    if chains:
        links = finalise(links, usable, prior, signals=signals, min_probability=kept, prepared=True)
    links = [link for link in links if link.probability >= min_probability]
    links.sort(key=lambda link: (-link.match_weight, link.a, link.b))
    return links


def finalise(
    links: Sequence[Link],
    profiles: Sequence[Profile],
    prior: float,
    *,
    signals: Sequence[Signal] | None = None,
    min_probability: float = 0.0,
    prepared: bool = False,
) -> list[Link]:
    """Steps 2 and 3 of the model on direct ``links``: each pair judged against a person's
    other accounts, then raised by chains. Pairs the later steps need and ``links`` lack
    are scored from ``profiles`` (with ``signals`` prepared on them unless ``prepared``)."""
    from linkage.evidence.groups import direct_only

    signals = list(signals) if signals is not None else default_signals()
    usable = comparable(profiles)
    if not prepared:
        for signal in signals:
            signal.prepare(usable)
        learn_from_sure_pairs(usable, signals, prior)
    by_id = {p.id: p for p in usable}

    def rescore(a: str, b: str) -> Link | None:
        if a not in by_id or b not in by_id:
            return None
        return link_pair(by_id[a], by_id[b], signals, prior)

    if len(usable) <= ALL_PAIRS_LIMIT:
        # an audit: every pair from the profiles themselves, as link_profiles does, so that a
        # links file (whose CSV form keeps only weights) cannot change the result
        ids = sorted(by_id)
        direct = [
            link_pair(by_id[a], by_id[b], signals, prior)
            for i, a in enumerate(ids)
            for b in ids[i + 1 :]
        ]
    else:
        direct = [direct_only(link, prior) for link in links]
    return model_links(direct, prior, signals, rescore=rescore, min_probability=min_probability)


def model_links(
    direct: Sequence[Link],
    prior: float,
    signals: Sequence[Signal],
    *,
    rescore: Callable[[str, str], Link | None] | None = None,
    min_probability: float = 0.0,
) -> list[Link]:
    """Steps 2 and 3 of the model on direct links: the person's other accounts (a group's
    judgement, then the bound by surer partners), then chains. The one place they are put
    together: the linker and the search for changes both call it."""
    from linkage.evidence.chains import add_chains, cap_routes, lower_by_partners
    from linkage.evidence.groups import settings, with_group_evidence

    options = settings(signals)
    grouped = with_group_evidence(direct, prior, **options, rescore=rescore)
    raised = add_chains(grouped, prior, rescore=rescore, relational=options["relational"])
    final = cap_routes(lower_by_partners(raised, prior), prior)
    kept = [k for k in final if k.probability >= min_probability]
    return sorted(kept, key=lambda k: (-k.match_weight, k.a, k.b))


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
    # plain UTF-8, as the contract's links file: scripts read it by its header ("a", "b", …),
    # which a byte-order mark would hide from them (the report's --csv tables, made for
    # spreadsheets, carry one)
    with open_private(path) as out:
        writer = csv.writer(out)
        writer.writerow(["a", "b", "probability", "match_weight", *names])
        for link in links:
            weights = {e.signal: round(e.match_weight, 4) for e in link.evidence}
            writer.writerow(
                [link.a, link.b, round(link.probability, 6), round(link.match_weight, 4)]
                + [weights.get(name, "") for name in names]
            )


def _not_links(path: Path, why: str) -> str:
    """The message for a file that is not a links table: what it is instead, if it is
    another of linkage's files, else ``why``."""
    kind = file_kinds.sniff(path)
    if kind is None or kind in (file_kinds.LINKS_TABLE, file_kinds.LINKS):
        return f"{path}: not a links table {why}."
    then = (
        "Give the links file 'linkage link' writes (.csv or .jsonl), or leave --links out to "
        "score the pairs anew."
    )
    return file_kinds.said(path, kind, "a links table", then)


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
        raise UsageError(_not_links(path, f"({exc})")) from None
    missing = {"a", "b", "probability", "match_weight"} - set(table.columns)
    if missing:
        raise UsageError(_not_links(path, f"(missing columns {', '.join(sorted(missing))})"))
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
