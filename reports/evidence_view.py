"""The evidence section (``partials/evidence.html.j2``): one entry per link shown, its clues
in words (strongest first), the two pictures side by side, and the numbers view's waterfall
(``partials/waterfall.html.j2``); and the clue's sentence as every section words it."""

from __future__ import annotations

import re
from typing import Any

from linkage.evidence.analysis import Analysis
from linkage.evidence.levels import level_for, level_label
from linkage.evidence.waterfall import words_for
from linkage.records import DIFFERENT, SAME, Link, Profile
from reports.changes_view import MIN_SAVING
from reports.labels import clue, redacted_detail, strength
from reports.text import numbers, pct, shorten

MAX_VALUE_CHARS = 90
#: Words of the numbers view that the reader's text must not use (tests read for them).
JARGON = ("match weight", "prior", "hash distance", "bits")


def detail_text(
    signal: str, detail: str, redact: bool, labels: dict[str, str], weight: float | None = None
) -> str:
    """The engine's sentence for a clue, unless it is redacted or uses the numbers' words;
    account ids in it ('mastodon:x@host') are named as everywhere else in the report."""
    if redact or any(re.search(rf"\b{word}\b", detail.lower()) for word in JARGON):
        return redacted_detail(signal, weight)
    return named(detail, labels)


def clue_name(signal: str, kind: str | None, weight: float | None = None) -> str:
    """The clue in a few words ("similar usernames"); evidence that the two differ, or any
    that counts against the pair (``weight`` below zero), is named by what was compared
    ("usernames", "display names"), never as a likeness."""
    if kind == SAME:
        return f"the same {words_for(signal).title.removesuffix('s')}"  # "the same username"
    against = weight is not None and weight < -0.05
    return words_for(signal).title if kind == DIFFERENT or against else clue(signal)


def redacted_clue(signal: str, weight: float, kind: str | None) -> str:
    """A redacted report's sentence for a clue: evidence that two usernames are unrelated
    said as such (the signal's own sentence says they are "the same or alike")."""
    if kind == DIFFERENT:
        return "the usernames are unrelated"
    return redacted_detail(signal, weight)


def named(detail: str, labels: dict[str, str]) -> str:
    """``detail`` with each account id in it named as everywhere else in the report."""
    for pid in sorted(labels, key=len, reverse=True):
        detail = detail.replace(pid, labels[pid])
    return detail


def waterfall(
    link: Link, prior: float, redact: bool, labels: dict[str, str] | None = None
) -> list[dict[str, Any]]:
    """The pair's waterfall record (:func:`linkage.evidence.waterfall.waterfall`) as the
    numbers view draws it: a starting step, one per clue, a total of the clues, with their
    bars. The running total ends on the last clue; the total row gives the clues' sum alone
    (a second figure beside it read as two totals). Account ids in the details are named
    by ``labels``. (``partials/waterfall.html.j2`` reads nothing else.)"""
    from linkage.evidence.waterfall import waterfall as record

    chart = record(link, prior)
    top = max((abs(s.bits) for s in chart.evidence), default=1.0) or 1.0
    steps: list[dict[str, Any]] = [
        {
            "kind": "prior",
            "label": "Starting point, before any clue",
            "weight": chart.steps[0].bits,
            "running": chart.steps[0].running,
            "detail": f"prior probability {pct(prior)} that two accounts are one person's",
            "bar": 0.0,
            "positive": True,
        }
    ]
    kinds = {e.signal: e.kind for e in link.evidence}  # one piece of evidence per signal
    for step in chart.evidence:
        assert step.signal is not None
        kind = kinds.get(step.signal)
        steps.append(
            {
                "kind": "signal",
                "label": clue_name(step.signal, kind, step.bits),
                "weight": step.bits,
                "running": step.running,
                "detail": (
                    redacted_clue(step.signal, step.bits, kind)
                    if redact
                    else named(step.detail, labels or {})
                ),
                "bar": min(abs(step.bits) / top, 1.0),
                "positive": step.bits >= 0,
            }
        )
    steps.append(
        {
            "kind": "total",
            # the running total less the starting point: said, so the two figures add up
            "label": "Total of the clues (the running total without the starting point)",
            "weight": chart.total.bits,
            "running": None,
            "detail": (
                f"probability {pct(chart.total.probability)}, from {pct(prior)} before any "
                f"clue; the level (\u201c{level_label(level_for(chart.total.bits).name)}\u201d) "
                f"goes by the clues alone, {chart.total.bits:.1f} bits"
            ),
            "bar": 0.0,
            "positive": True,
        }
    )
    return steps


def links_view(
    analysis: Analysis, profiles: dict[str, Profile], labels: dict[str, str], redact: bool
) -> list[dict[str, Any]]:
    out = []
    shown = [link for link in analysis.links if link.probability >= analysis.min_probability]
    on_chains = {  # the ties a searcher would follow between personas: printed in full
        frozenset((step.a, step.b))
        for exp in analysis.exposure
        if exp.seen and exp.level != "low"
        for step in exp.steps
    }

    def across(link: Link) -> bool:
        """The tie joins two sides of the person (two personas the accounts file names)."""
        sides = [getattr(profiles.get(pid), "persona", None) for pid in (link.a, link.b)]
        return None not in sides and sides[0] != sides[1]

    # the ties a reader came for first: those on the chains between sides, then any other
    # between two sides, then those within a side (which are expected), strongest first; the
    # after report opened on two "almost certain" ties of one side, under "could not be joined"
    def order(link: Link) -> tuple[bool, bool, float]:
        on_chain = frozenset((link.a, link.b)) in on_chains
        return (not on_chain, not across(link), -link.match_weight)

    for link in sorted(shown, key=order):
        clues = []
        for e in sorted(link.evidence, key=lambda e: -e.match_weight):
            if abs(e.match_weight) < MIN_SAVING:
                continue  # a clue with no weight either way (a default picture, say)
            values = None
            if e.values and len(e.values) == 2 and e.signal != "chain" and not redact:
                values = [shorten(v, MAX_VALUE_CHARS) for v in e.values]
            clues.append(
                {
                    "name": clue_name(e.signal, e.kind, e.match_weight),
                    "strength": strength(e.match_weight),
                    "against": e.match_weight < 0,
                    "detail": (
                        redacted_clue(e.signal, e.match_weight, e.kind)
                        if redact
                        else detail_text(e.signal, e.detail, redact, labels, e.match_weight)
                    ),
                    "values": values,
                }
            )
        pa, pb = profiles.get(link.a), profiles.get(link.b)
        level = level_for(link.match_weight).name
        out.append(
            {
                "a": labels.get(link.a, link.a),
                "b": labels.get(link.b, link.b),
                "level": level,
                "label": level_label(level),
                "clues": clues,
                "numbers": numbers(link.match_weight, link.probability),
                "waterfall": waterfall(link, analysis.prior, redact, labels),
                "avatars": None if redact or not pa or not pb else _avatars(pa, pb),
                "on_chain": frozenset((link.a, link.b)) in on_chains,
            }
        )
    return out


def _avatars(a: Profile, b: Profile) -> list[str] | None:
    thumbs = [p.avatar.thumbnail if p.avatar else None for p in (a, b)]
    if all(t and t.startswith("data:image/") for t in thumbs):
        return thumbs  # type: ignore[return-value]
    return None
