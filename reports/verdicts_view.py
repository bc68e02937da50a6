"""The verdict section (``partials/verdict.html.j2`` and ``partials/walk.html.j2``): one plain
sentence per pair of personas, for its worst chain, with the chain walked one step a line,
other chains as strong, and the numbers behind the words."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from linkage import platforms
from linkage.evidence.analysis import Analysis
from linkage.evidence.exposure import Exposure, Step
from linkage.evidence.graph import Graph
from linkage.evidence.levels import UNKNOWN, level_adverb, level_for, level_label
from linkage.evidence.weights import CHAIN, FOLLOWED, own_weight
from linkage.records import Evidence, Link, Profile
from reports.evidence_view import clue_name, detail_text
from reports.labels import because, because_of, clue, in_sentence, platform_title
from reports.text import join_words, numbers
from reports.voice import OWN, Voice


def pair_verdicts(
    analysis: Analysis,
    profiles: dict[str, Profile],
    labels: dict[str, str],
    redact: bool,
    voice: Voice = OWN,
) -> list[dict[str, Any]]:
    """One plain sentence per pair of personas: its worst chain, said of the person as
    ``voice`` says it ("your", "Morag's", "the")."""
    worst: dict[tuple[str, str], Exposure] = {}
    others: dict[tuple[str, str], list[Exposure]] = {}
    for exp in analysis.exposure:
        pa, pb = profiles.get(exp.source), profiles.get(exp.target)
        if not pa or not pb or not pa.persona or not pb.persona:
            continue
        key = tuple(sorted((pa.persona, pb.persona)))
        others.setdefault(key, []).append(exp)  # type: ignore[arg-type]
        current = worst.get(key)  # type: ignore[call-overload]
        # a chain that was seen outranks one through an account that could not be read
        if current is None or (exp.seen, exp.bits) > (current.seen, current.bits):
            worst[key] = exp  # type: ignore[index]
    by_pair = {frozenset((link.a, link.b)): link for link in analysis.links}
    groups = [set(group) for group in analysis.identities]

    def group_of(exp: Exposure) -> list[str]:
        """The other accounts of the identity that holds both ends of ``exp``, by their labels:
        the accounts that the clue "your other accounts" means."""
        for group in groups:
            if exp.source in group and exp.target in group:
                others = sorted(group - {exp.source, exp.target}, key=lambda i: labels.get(i, i))
                return [in_sentence(labels.get(i, i), redact) for i in others]
        return []

    def walk(chain: Exposure) -> list[dict[str, str]]:
        """A multi-step chain, one step a line, each with its strongest clue in words."""
        if len(chain.steps) < 2:
            return []
        out = []
        for step in chain.steps:
            link = by_pair.get(frozenset((step.a, step.b)))
            clues = sorted(link.evidence, key=lambda e: -e.match_weight) if link else []
            top = clues[0] if clues else None
            why = (
                detail_text(top.signal, top.detail, redact, labels, top.match_weight) if top else ""
            )
            out.append(  # "Personal account B (Reddit) to other account E (Website)"
                {
                    "a": labels.get(step.a, step.a),
                    "b": in_sentence(labels.get(step.b, step.b), redact),
                    "why": why,
                }
            )
        return out

    # a listed account with no side that could not be read may be a step of any chain
    unfiled_unread = any(
        not p.ok and not p.persona and not p.discovered_by for p in analysis.profiles
    )
    out = []
    for key, exp in sorted(worst.items(), key=lambda kv: (not kv[1].seen, -kv[1].bits)):
        level = exp.level
        a = _account_phrase(profiles[exp.source], labels[exp.source], voice)
        b = _account_phrase(profiles[exp.target], labels[exp.target], voice)
        unseen_why = None
        if not exp.seen:
            unseen_why = _unread(key, profiles.values(), voice=voice)
            sentence = (
                f"Whether {voice.your} {key[0]} and {key[1]} accounts can be joined is unknown: "
                f"{unseen_why}."
            )
        elif (level == "low" or not exp.chain) and (
            any(not e.seen for e in others[key]) or unfiled_unread
        ):
            # the pairs that could be read show no join, but an unread account may join the
            # sides: not known, never "unlikely" (nor its green badge)
            level = UNKNOWN
            closest = (
                f"of the accounts that could be read, the closest, {a} and {b}, show too "
                "little in common for a searcher to be sure"
                if exp.chain
                else "no chain strong enough was found among the accounts that could be read"
            )
            sentence = (
                f"Whether {voice.your} {key[0]} and {key[1]} accounts can be joined is not known "
                f"yet: {_unread(key, profiles.values(), labels, voice)}, and {closest}."
            )
        elif level == "low" or not exp.chain:
            sentence = (
                f"{voice.Your} {key[0]} and {key[1]} accounts are unlikely to be joined from what "
                "is public: "
                + (
                    f"the closest, {a} and {b}, show too little in common for a searcher to be "
                    "sure."
                    if exp.chain
                    else "no chain of evidence strong enough was found."
                )
            )
        else:
            reason = _reason(exp, labels, redact, by_pair, voice, group_of(exp))
            sentence = f"{a[0].upper()}{a[1:]} can be joined to {b}: {level_adverb(level)}"
            sentence += f", {reason}." if reason else "."
        also = []
        sources = {exp.source}
        for other in sorted(others[key], key=lambda e: -e.bits):
            other_level = other.level
            if other.source in sources or other_level not in ("high", "near-certain"):
                continue
            if not other.chain:
                continue
            sources.add(other.source)
            phrase = _account_phrase(profiles[other.source], labels[other.source], voice)
            target = _account_phrase(profiles[other.target], labels[other.target], voice)
            also.append(
                {
                    "sentence": f"{phrase[0].upper()}{phrase[1:]} can be joined to {target} too: "
                    f"{level_adverb(other_level)}, {_reason(other, labels, redact, by_pair, voice, group_of(other))}.",
                    "level": other_level,
                    "label": level_label(other_level),
                    "walk": walk(other),
                }
            )
        out.append(
            {
                "personas": key,
                # why nothing of the pair could be measured ("none of your personal accounts
                # could be read"); None when it was
                "unseen_why": unseen_why,
                "level": level,
                "label": level_label(level),
                "sentence": sentence,
                "walk": walk(exp) if level not in ("low", "unknown") else [],
                "also": also[:2],
                "numbers": numbers(exp.bits, exp.probability),
                # its strongest chain was measured (among the accounts read), unknown or not
                "measured": exp.seen,
                "steps": [
                    {
                        "a": labels.get(s.a, s.a),
                        "b": labels.get(s.b, s.b),
                        "label": level_label(level_for(s.bits).name),
                        "bits": s.bits,
                        "clues": [_clue(s, e, by_pair) for e in _ordered(s.evidence)],
                    }
                    for s in exp.steps
                ],
                "pairs": [
                    {
                        "a": labels[e.source],
                        "b": labels[e.target],
                        "label": level_label(e.level),
                        "level": e.level,
                        "numbers": numbers(e.bits, e.probability),
                    }
                    for e in sorted(others[key], key=lambda e: -e.bits)
                ],
            }
        )
    return out


def _found(step: Step, signal: str, by_pair: dict[frozenset[str], Link]) -> Evidence | None:
    """The evidence of ``signal`` on a step's link (``by_pair``: the links), if any."""
    link = by_pair.get(frozenset((step.a, step.b)))
    return next((e for e in link.evidence if e.signal == signal), None) if link else None


def _clue(step: Step, signal: str, by_pair: dict[frozenset[str], Link]) -> str:
    """A step's clue in a few words, as its link's evidence found it ("the same username")."""
    found = _found(step, signal, by_pair)
    return clue_name(signal, found.kind) if found else clue(signal)


def _account_phrase(profile: Profile | None, label: str, voice: Voice = OWN) -> str:
    """'your personal Mastodon account (quietknitter@…)' in a sentence (``voice``: whose:
    "Morag's personal …", or redacted "personal account A (Mastodon)")."""
    if profile is None:
        return label
    platform = platform_title(profile.platform)
    kind = (
        "website"
        if profile.platform == "web"
        else "data export"
        if profile.platform == platforms.UNKNOWN_EXPORT
        else f"{platform} account"
    )
    if not profile.persona:
        who = "an account found by following links"
        return f"{who} ({label})"
    return voice.account(profile.persona, kind, label)


def _reason(
    exp: Exposure,
    labels: dict[str, str],
    redact: bool = False,
    by_pair: dict[frozenset[str], Link] | None = None,
    voice: Voice = OWN,
    group: Sequence[str] = (),
) -> str:
    def said(step: Step, signal: str) -> str:
        """The clue as the reason, as this step's evidence found it (``by_pair``: the links);
        the person's other accounts as ``voice`` says whose ("your other accounts"), and which
        they are (``group``: the other accounts of the identity that holds the pair)."""
        if signal == CHAIN:
            named = list(group[:SHOWN_GROUP])
            if len(group) > SHOWN_GROUP:
                named.append(f"{len(group) - SHOWN_GROUP} more")
            which = f" ({join_words(named)})" if named else ""
            return f"{voice.whose} other accounts{which} tie them together"
        found = _found(step, signal, by_pair or {})
        return because_of(found) if found else because(signal)

    if not exp.steps:
        return ""
    if len(exp.steps) == 1:
        step = exp.steps[0]
        return "because " + join_words([said(step, s) for s in _ordered(step.evidence)[:2]])
    via = [in_sentence(labels.get(n, n), redact) for n in exp.chain[1:-1]]
    # each step by its strongest clue, as the step-by-step route below names it
    how = list(dict.fromkeys(said(step, step.evidence[0]) for step in exp.steps if step.evidence))
    if len(how) == 1:
        how = [f"at each step {how[0]}"]
    return f"in {len(exp.steps)} steps, through {join_words(via)}: {join_words(how)}"


#: At most this many of the person's other accounts are named where they tie a pair.
SHOWN_GROUP = 3

#: Clues a searcher follows whatever their weight: named first when a step has them.
FOLLOWED_FIRST = ("crosslink",)


def _ordered(signals: list[str]) -> list[str]:
    """A step's clues as a sentence names them: a link from one account to the other first
    (anyone follows it), then the rest strongest first (the order the step holds them in), so
    that "because" never gives a weak clue as the reason and leaves a strong one out. The
    model's floor for followable evidence is not a clue of its own: the clue it lifts is named
    ("because one names the other in its bio and a link anyone can follow ties them" said one
    thing twice, and called a shared picture file a link)."""
    unique = [s for s in dict.fromkeys(signals) if s != FOLLOWED] or list(signals[:1])
    return [s for s in unique if s in FOLLOWED_FIRST] + [
        s for s in unique if s not in FOLLOWED_FIRST
    ]


def _unread(
    sides: tuple[str, str],
    profiles: Iterable[Profile],
    labels: dict[str, str] | None = None,
    voice: Voice = OWN,
) -> str:
    """Which side of a pair of personas could not be read, in words: none of one side's
    accounts, of either side's, or (else) the one or two accounts of the sides that could not
    be (named when ``labels`` are given), or an account on one side."""
    profiles = list(profiles)
    read = {side: False for side in sides}
    for profile in profiles:
        if profile.persona in read and profile.ok:
            read[profile.persona] = True
    if not any(read.values()):
        if sides[0] == sides[1]:
            return f"none of {voice.your} {sides[0]} accounts could be read"
        return f"none of {voice.your} {sides[0]} or {sides[1]} accounts could be read"
    unseen = [side for side in sides if not read[side]]
    if unseen:
        return f"none of {voice.your} {unseen[0]} accounts could be read"
    unread = [p for p in profiles if p.persona in sides and not p.ok]
    if not unread:  # a listed account with no side: it may be a step of any chain
        unread = [p for p in profiles if not p.persona and not p.discovered_by and not p.ok]
        if labels is not None and 0 < len(unread) <= 2:
            named = [f"{labels.get(p.id, p.id)}, listed with no side," for p in unread]
            return f"{join_words(named)} could not be read"
        return "an account listed with no side could not be read"
    if labels is not None and len(unread) <= 2:
        named = [_account_phrase(p, labels.get(p.id, p.id), voice) for p in unread]
        return f"{join_words(named)} could not be read"
    return f"{len(unread)} of {voice.your} {sides[0]} and {sides[1]} accounts could not be read"


def joined_groups(analysis: Analysis) -> list[list[str]]:
    """The accounts whose own clues tie them together, in groups: accounts tied, directly or
    through one another, by ties whose own clues reach the second level ("possible"). Not by
    the ties' final figures: those count the person's other accounts too, so a group built on
    them joins every account that any chain reaches (after the demo's changes, all five,
    under the verdict "could not be joined")."""
    graph: Graph[str] = Graph()
    for link in analysis.links:
        if level_for(own_weight(link.evidence)).name != "low":
            graph.add_edge(link.a, link.b)
    groups = [sorted(group) for group in graph.components() if len(group) > 1]
    return sorted(groups, key=lambda group: (-len(group), group))
