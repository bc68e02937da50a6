"""Analysis → one self-contained HTML file, written for a reader who has never heard of record
linkage.

The first screen answers the question (can my sides be joined, and what do I change first) in
words; the numbers (bits, probabilities, the size of the crowd) sit one click deeper, in
``details.numbers`` views, and always agree with the words above them.

Everything collected is untrusted: the template autoescapes every value, the page loads
nothing from outside itself (pictures are embedded ``data:`` thumbnails), and a
Content-Security-Policy allows only the page's own stylesheet and script, by hash.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemBytecodeCache, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from linkage import HOMEPAGE, __version__
from linkage.evidence.analysis import Analysis
from linkage.evidence.changes import Change, verb
from linkage.evidence.exposure import Exposure
from linkage.evidence.levels import LEVELS, describe_crowd, level_for
from linkage.records import Link, Profile, open_private
from reports.graph_svg import layout
from reports.labels import (
    account_labels,
    because,
    clue,
    level_adverb,
    level_label,
    persona_title,
    platform_title,
    redacted_detail,
    strength,
)

MAX_BIO_CHARS = 600
MAX_POST_CHARS = 280
MAX_VALUE_CHARS = 90
MAX_POSTS_SHOWN = 3
TOP_CHANGES = 3
#: Changes that save less than this (in bits) are not advice worth giving.
MIN_SAVING = 0.05
#: Words of the numbers view that the reader's text must not use (tests read for them).
JARGON = ("match weight", "prior", "hash distance", "bits")


@dataclass
class ReportOptions:
    redact: bool = False
    training: bool = False  # the demo: add a note that the person is invented
    story: str | None = None  # the demo's note about its invented person (linkage.demo.story)
    title: str = "Can your accounts be linked?"
    #: what changed since the last audit (:class:`linkage.history.SinceLast`), if any
    since: Any = None


def _bytecode_cache() -> FileSystemBytecodeCache | None:
    try:
        return FileSystemBytecodeCache()
    except (OSError, RuntimeError):  # no private temporary folder: compile every time
        return None


def _env() -> Environment:
    env = Environment(
        loader=PackageLoader("reports", "templates"),
        # compiled templates kept between runs (jinja's private per-user folder, checked
        # against each template's source), so a report does not compile a dozen templates
        bytecode_cache=_bytecode_cache(),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["bits"] = lambda v: f"{v:.1f}"
    env.filters["pct"] = _pct
    env.filters["plural"] = plural
    env.filters["when"] = human_date
    env.filters["breakable"] = breakable
    return env


def _pct(p: float) -> str:
    if p >= 0.999:
        return "over 99.9 %"
    if p < 0.001:
        return "under 0.1 %"
    if p >= 0.1:
        return f"{p * 100:.0f} %"
    return f"{p * 100:.1f} %"


def plural(count: int, word: str, many: str | None = None) -> str:
    """'1 link', '2 links' (``many`` for irregular plurals)."""
    return f"{count} {word if count == 1 else (many or word + 's')}"


def human_date(value: str | None) -> str:
    """'2026-12-05T05:08:07Z' → '5 December 2026, 05:08 UTC'; anything else unchanged."""
    if not value:
        return ""
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return value
    zone = "UTC" if when.utcoffset() is not None and not when.utcoffset() else ""
    return f"{when.day} {when:%B %Y, %H:%M} {zone}".strip()


_SEPARATORS = re.compile(r"([/.\-_@?&=:#~+])")
#: A run of this many characters with no space or separator may break inside (a hash, say).
LONGEST_RUN = 30
_RUN = re.compile(rf"[^\s/.\-_@?&=:#~+]{{{LONGEST_RUN + 1},}}")


def breakable(value: object) -> Markup:
    """Escape ``value`` and allow line breaks after the separators of URLs and handles
    (``<wbr>``), so a long address wraps at a slash or a dot, never inside a word; a run of
    more than ``LONGEST_RUN`` characters with nothing to break at may break every so often."""
    parts = _SEPARATORS.split(str(value))
    out = []
    for i, part in enumerate(parts):
        if i % 2 == 1:
            out.append(str(escape(part)) + "<wbr>")
            continue
        last = 0
        for run in _RUN.finditer(part):
            out.append(str(escape(part[last : run.start()])))
            text = run.group()
            chunks = [text[j : j + LONGEST_RUN] for j in range(0, len(text), LONGEST_RUN)]
            out.append("<wbr>".join(str(escape(chunk)) for chunk in chunks))
            last = run.end()
        out.append(str(escape(part[last:])))
    return Markup("".join(out))


def shorten(text: str, limit: int) -> str:
    """``text`` cut at a word boundary before ``limit`` characters, with an ellipsis."""
    text = text.strip()
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-") + "…"


def _csp_hash(text: str) -> str:
    return (
        "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"
    )


def _account_phrase(profile: Profile | None, label: str, redact: bool) -> str:
    """'your personal Mastodon account quietknitter@…' in a sentence."""
    if profile is None:
        return label
    platform = platform_title(profile.platform)
    kind = "website" if profile.platform == "web" else f"{platform} account"
    if not profile.persona:
        who = "an account found by following links"
        return f"{who} ({label})"
    if redact:  # 'your personal account A (Mastodon)'
        return f"your {label[0].lower()}{label[1:]}"
    return f"your {profile.persona} {kind} ({label.rsplit(' (', 1)[0]})"


def _reason(exp: Exposure, labels: dict[str, str]) -> str:
    if not exp.steps:
        return ""
    if len(exp.steps) == 1:
        signals = _ordered(exp.steps[0].evidence)
        return "because " + _join([because(s) for s in signals[:2]])
    via = [labels.get(n, n) for n in exp.chain[1:-1]]
    tops = list(dict.fromkeys(_ordered(step.evidence)[0] for step in exp.steps if step.evidence))
    how = [because(signal) for signal in tops]
    if len(how) == 1:
        how = [f"at each step {how[0]}"]
    return f"in {len(exp.steps)} steps, through {_join(via)}: {_join(how)}"


def _ordered(signals: list[str]) -> list[str]:
    order = ["crosslink", "avatar", "display_name", "username", "bio", "style", "activity", "chain"]
    return sorted(dict.fromkeys(signals), key=lambda s: order.index(s) if s in order else 99)


def _join(words: list[str]) -> str:
    words = [w for w in words if w]
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _numbers(bits: float, probability: float) -> dict[str, Any]:
    """The numbers behind a level word, one consistent set for the details view."""
    return {
        "bits": bits,
        "probability": probability,
        "crowd": describe_crowd(bits),
    }


def _pair_verdicts(
    analysis: Analysis, profiles: dict[str, Profile], labels: dict[str, str], redact: bool
) -> list[dict[str, Any]]:
    """One plain sentence per pair of personas: its worst chain."""
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

    def walk(chain: Exposure) -> list[dict[str, str]]:
        """A multi-step chain, one step a line, each with its strongest clue in words."""
        if len(chain.steps) < 2:
            return []
        out = []
        for step in chain.steps:
            link = by_pair.get(frozenset((step.a, step.b)))
            clues = sorted(link.evidence, key=lambda e: -e.match_weight) if link else []
            why = _detail_text(clues[0].signal, clues[0].detail, redact, labels) if clues else ""
            out.append(
                {"a": labels.get(step.a, step.a), "b": labels.get(step.b, step.b), "why": why}
            )
        return out

    out = []
    for key, exp in sorted(worst.items(), key=lambda kv: (not kv[1].seen, -kv[1].bits)):
        level = exp.level
        a = _account_phrase(profiles[exp.source], labels[exp.source], redact)
        b = _account_phrase(profiles[exp.target], labels[exp.target], redact)
        if not exp.seen:
            sentence = (
                f"Whether your {key[0]} and {key[1]} accounts can be joined is unknown: "
                "an account on one side could not be read."
            )
        elif level == "low" or not exp.chain:
            sentence = (
                f"Your {key[0]} and {key[1]} accounts could not be joined from what is public: "
                "no chain of evidence strong enough was found."
            )
        else:
            reason = _reason(exp, labels)
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
            phrase = _account_phrase(profiles[other.source], labels[other.source], redact)
            target = _account_phrase(profiles[other.target], labels[other.target], redact)
            also.append(
                {
                    "sentence": f"{phrase[0].upper()}{phrase[1:]} can be joined to {target} too: "
                    f"{level_adverb(other_level)}, {_reason(other, labels)}.",
                    "walk": walk(other),
                }
            )
        out.append(
            {
                "personas": key,
                "level": level,
                "label": level_label(level),
                "sentence": sentence,
                "walk": walk(exp) if level not in ("low", "unknown") else [],
                "also": also[:2],
                "numbers": _numbers(exp.bits, exp.probability),
                "steps": [
                    {
                        "a": labels.get(s.a, s.a),
                        "b": labels.get(s.b, s.b),
                        "label": level_label(level_for(s.bits).name),
                        "bits": s.bits,
                        "clues": [clue(e) for e in _ordered(s.evidence)],
                    }
                    for s in exp.steps
                ],
                "pairs": [
                    {
                        "a": labels[e.source],
                        "b": labels[e.target],
                        "label": level_label(e.level),
                        "level": e.level,
                        "numbers": _numbers(e.bits, e.probability),
                    }
                    for e in sorted(others[key], key=lambda e: -e.bits)
                ],
            }
        )
    return out


def _detail_text(signal: str, detail: str, redact: bool, labels: dict[str, str]) -> str:
    """The engine's sentence for a clue, unless it is redacted or uses the numbers' words;
    account ids in it ('mastodon:x@host') are named as everywhere else in the report."""
    if redact or any(re.search(rf"\b{word}\b", detail.lower()) for word in JARGON):
        return redacted_detail(signal)
    for pid in sorted(labels, key=len, reverse=True):
        detail = detail.replace(pid, labels[pid])
    return detail


def waterfall(link: Link, prior: float, redact: bool) -> list[dict[str, Any]]:
    """The pair's waterfall record (:func:`linkage.evidence.waterfall.waterfall`) as the
    numbers view draws it: a starting step, one per clue, a total, with their bars.
    (``partials/waterfall.html.j2`` reads nothing else.)"""
    from linkage.evidence.waterfall import waterfall as record

    chart = record(link, prior)
    top = max((abs(s.bits) for s in chart.evidence), default=1.0) or 1.0
    steps: list[dict[str, Any]] = [
        {
            "kind": "prior",
            "label": "Starting point, before any clue",
            "weight": chart.steps[0].bits,
            "running": chart.steps[0].running,
            "detail": f"prior probability {_pct(prior)} that two accounts are one person's",
            "bar": 0.0,
            "positive": True,
        }
    ]
    for step in chart.evidence:
        assert step.signal is not None
        steps.append(
            {
                "kind": "signal",
                "label": clue(step.signal),
                "weight": step.bits,
                "running": step.running,
                "detail": redacted_detail(step.signal) if redact else step.detail,
                "bar": min(abs(step.bits) / top, 1.0),
                "positive": step.bits >= 0,
            }
        )
    steps.append(
        {
            "kind": "total",
            "label": "Total",
            "weight": chart.total.bits,
            "running": chart.total.running,
            "detail": f"probability {_pct(chart.total.probability)}",
            "bar": 0.0,
            "positive": True,
        }
    )
    return steps


def _links_view(
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
    for link in sorted(shown, key=lambda link: -link.match_weight):
        clues = []
        for e in sorted(link.evidence, key=lambda e: -e.match_weight):
            if abs(e.match_weight) < MIN_SAVING:
                continue  # a clue with no weight either way (a default picture, say)
            values = None
            if e.values and len(e.values) == 2 and e.signal != "chain" and not redact:
                values = [shorten(v, MAX_VALUE_CHARS) for v in e.values]
            clues.append(
                {
                    "name": clue(e.signal),
                    "strength": strength(e.match_weight),
                    "against": e.match_weight < 0,
                    "detail": _detail_text(e.signal, e.detail, redact, labels),
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
                "numbers": _numbers(link.match_weight, link.probability),
                "waterfall": waterfall(link, analysis.prior, redact),
                "avatars": None if redact or not pa or not pb else _avatars(pa, pb),
                "on_chain": frozenset((link.a, link.b)) in on_chains,
            }
        )
    return out


def context(analysis: Analysis, options: ReportOptions) -> dict[str, Any]:
    """The template's view of an analysis; in redacted mode no collected string enters it."""
    redact = options.redact
    profiles = {p.id: p for p in analysis.profiles}
    labels = account_labels(analysis.profiles, redact=redact)
    shown_links = [link for link in analysis.links if link.probability >= analysis.min_probability]

    pairs = _pair_verdicts(analysis, profiles, labels, redact)
    joined = [p for p in pairs if p["level"] not in ("low", "unknown")]
    personas = sorted({p.persona for p in analysis.profiles if p.persona})
    if not pairs:
        headline = (
            "There is only one persona here, so there is nothing to keep apart."
            if len(personas) <= 1
            else "No pair of accounts with different personas could be compared."
        )
    elif joined:
        sides = _join([f"{p}" for p in personas])
        headline = f"Your {sides} sides can be joined by someone who looks."
    elif all(p["level"] == "unknown" for p in pairs):
        headline = (
            "Not known yet: too few of your accounts could be read to tell whether they can "
            "be joined."
        )
    elif not all(e.seen for e in analysis.exposure):
        headline = (
            "No join was found among the accounts that could be read, but some could not be "
            "read, so this is not yet a safe result."
        )
    else:
        headline = "Your accounts could not be joined from what they show in public."

    accounts = [_account_view(p, labels[p.id], redact, labels) for p in analysis.profiles]
    changes = _changes_view(analysis, profiles, labels, redact)
    nodes, edges, legend, size = layout(
        analysis.profiles, shown_links, labels, analysis.min_probability
    )
    generated = human_date(analysis.generated_at)
    return {
        "title": options.title,
        "owner": None if redact else analysis.owner,
        "redacted": redact,
        "training": options.training,
        "story": options.story,
        "version": __version__,
        "homepage": HOMEPAGE,
        "generated_at": generated,
        "prior": analysis.prior,
        "threshold": analysis.threshold,
        "headline": headline,
        "pairs": pairs,
        "links": _links_view(analysis, profiles, labels, redact),
        "accounts": accounts,
        "failed": [a for a in accounts if not a["ok"]],
        "forgotten": [a for a in accounts if a["discovered"]],
        "changes": changes,
        "top_changes": changes[:TOP_CHANGES],
        "remediation": analysis.remediation,
        "remediation_view": _remediation_view(analysis),
        "identities": [
            [labels[i] for i in group] for group in analysis.identities if len(group) > 1
        ],
        "levels": [
            {
                "name": lv.name,
                "label": level_label(lv.name),
                "min_bits": lv.min_bits,
                "meaning": lv.meaning,
            }
            for lv in LEVELS
        ],
        "nodes": nodes,
        "edges": edges,
        "legend": legend,
        "graph_size": size,
        "since": _since_view(options.since, labels, redact),
    }


def _since_view(since: Any, labels: dict[str, str], redact: bool) -> dict[str, Any] | None:
    """The history partial's view: per chain what changed since the last audit, and the
    advice not yet followed. Sentences name accounts by the report's labels (redacted ones
    in a redacted report; accounts no longer audited by their platform only)."""
    if since is None:
        return None

    def name(account: str) -> str:
        if account in labels:
            return labels[account]
        platform = account.split(":", 1)[0]
        return f"an account no longer audited ({platform_title(platform)})"

    names = {i: name(i) for c in since.changes for i in (c.source, c.target)}
    names |= {i: name(i) for c in since.changes for i, _ in c.changed}
    names |= {a.account: name(a.account) for a in since.not_done}
    return {
        "previous_at": human_date(since.previous_at),
        "changes": [{"direction": c.direction, "sentence": c.sentence(names)} for c in since.moved],
        "unchanged": since.unchanged,
        "not_done": [a.sentence(names, redact=redact) for a in since.not_done],
    }


def _remediation_view(analysis: Analysis) -> dict[str, Any] | None:
    plan = analysis.remediation
    if plan is None:
        return None
    return {
        "before": level_label(level_for(plan.before_bits).name),
        "after": level_label(level_for(plan.after_bits).name),
        "target": level_label(level_for(plan.target_bits).name),
        "complete": plan.complete,
    }


def _changes_view(
    analysis: Analysis, profiles: dict[str, Profile], labels: dict[str, str], redact: bool
) -> list[dict[str, Any]]:
    if analysis.remediation is None:
        return []
    out = []
    done: set[Change] = set()  # changes already listed, to place a change's partner
    for chosen in analysis.remediation.changes:
        if chosen.bits_saved < MIN_SAVING:
            continue  # advice that saves nothing is not advice
        change = chosen.change
        value = None if redact else change.value
        account = labels.get(change.account, change.account)
        if change.field == "links" and value:
            what = Markup('Remove the link to <span class="handle">%s</span> from') % breakable(
                _short_url(value)
            )
        else:
            what = verb(change)
        before = level_for(chosen.before_bits).name
        after = level_for(chosen.after_bits).name
        effect = (
            f"the strongest chain it touches goes from {level_label(before)} to {level_label(after)}."
            if before != after
            else f"the strongest chain it touches stays {level_label(before)}, but weaker."
        )
        if chosen.together:
            before_it = any(partner in done for partner in chosen.together)
            partner = "the change before" if before_it else "the next change"
            effect = f"Together with {partner}: {effect}"
        else:
            effect = effect[0].upper() + effect[1:]
        done.add(change)
        out.append(
            {
                "what": what,
                "what_text": re.sub(r"<[^>]+>", "", str(what)),
                "account": account,
                "suggestion": value if change.field == "handle" else None,
                "effect": effect,
                "numbers": {"before": chosen.before_bits, "after": chosen.after_bits},
                "saved": chosen.bits_saved,
                "explanation": None if redact else chosen.explanation,
            }
        )
    return out


def _short_url(url: str) -> str:
    for prefix in ("https://", "http://"):
        if url.startswith(prefix):
            url = url[len(prefix) :]
    return url.rstrip("/")


def _avatars(a: Profile, b: Profile) -> list[str] | None:
    thumbs = [p.avatar.thumbnail if p.avatar else None for p in (a, b)]
    if all(t and t.startswith("data:image/") for t in thumbs):
        return thumbs  # type: ignore[return-value]
    return None


def _account_view(
    profile: Profile, label: str, redact: bool, labels: dict[str, str] | None = None
) -> dict[str, Any]:
    """One account's card; ``labels`` name the account it was found from, if any."""
    status = profile.status
    view: dict[str, Any] = {
        "id": profile.id,
        "label": label,
        "platform": platform_title(profile.platform),
        "persona": persona_title(profile.persona) if profile.persona else "Found by the audit",
        "ok": status.ok,
        "discovered": _how_found(profile.discovered_by, labels or {}, redact),
        # read in full; read in part (and why); or, for a failure, why in the collector's words
        "status": "read"
        if status.complete
        else (str(status) if status.ok else (status.reason or str(status))),
        "collected_at": human_date(profile.collected.at) if profile.collected else None,
        "counts": {
            "links": len(profile.links),
            "posts": len(profile.posts),
            "words": sum(len(p.text.split()) for p in profile.posts),
            "avatar": bool(profile.avatar and (profile.avatar.sha256 or profile.avatar.phash)),
        },
    }
    if redact:
        view["status"] = status.label
        return view
    bio = profile.bio or ""
    view.update(
        {
            "handle": profile.handle,
            "url": profile.url,
            "display_name": profile.display_name,
            "bio": shorten(bio, MAX_BIO_CHARS),
            "location": profile.location,
            "links": profile.links[:20],
            "posts": [shorten(p.text, MAX_POST_CHARS) for p in profile.posts[:MAX_POSTS_SHOWN]],
            "thumbnail": profile.avatar.thumbnail
            if profile.avatar and (profile.avatar.thumbnail or "").startswith("data:image/")
            else None,
        }
    )
    return view


def _how_found(how: str | None, labels: dict[str, str], redact: bool) -> str | None:
    if not how:
        return None
    if redact:
        return (
            "found by the username sweep" if how.startswith("username") else "found through a link"
        )
    for pid, label in labels.items():  # 'linked from reddit:x' names the account as elsewhere
        if how.endswith(f" {pid}"):
            return how[: -len(pid)] + label
    return how


def render_html(analysis: Analysis, options: ReportOptions | None = None) -> str:
    options = options or ReportOptions()
    env = _env()
    style = env.get_template("style.css").render()
    script = env.get_template("report.js").render()
    csp = "; ".join(
        [
            "default-src 'none'",
            f"style-src {_csp_hash(style)}",
            f"script-src {_csp_hash(script)}",
            "img-src data:",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )
    return env.get_template("report.html.j2").render(
        **context(analysis, options), style=style, script=script, csp=csp
    )


def write_report(path: Path, analysis: Analysis, options: ReportOptions | None = None) -> None:
    html = render_html(analysis, options)
    with open_private(path) as out:
        out.write(html)
