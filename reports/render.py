"""Analysis → one self-contained HTML file.

Everything collected is untrusted: the template autoescapes every value, the page loads
nothing from outside itself (pictures are embedded ``data:`` thumbnails), and a
Content-Security-Policy allows only the page's own stylesheet and script, by hash.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from linkage import HOMEPAGE, __version__
from linkage.evidence.analysis import Analysis
from linkage.evidence.levels import LEVELS, describe_crowd, level_for
from linkage.records import Profile, open_private
from reports.graph_svg import layout
from reports.labels import REDACTED_DETAIL, SHORT, account_labels, persona_title, platform_title

MAX_BIO_CHARS = 600
MAX_POSTS_SHOWN = 3


@dataclass
class ReportOptions:
    redact: bool = False
    training: bool = False  # add the training callouts (the demo)
    title: str = "Account linkage report"
    #: what changed since the last audit (:class:`linkage.history.SinceLast`), if any
    since: Any = None


def _env() -> Environment:
    env = Environment(
        loader=PackageLoader("reports", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["bits"] = lambda v: f"{v:.1f}"
    env.filters["pct"] = _pct
    return env


def _pct(p: float) -> str:
    if p >= 0.999:
        return "over 99.9%"
    if p < 0.001:
        return "under 0.1%"
    return f"{p * 100:.1f}%"


def _csp_hash(text: str) -> str:
    return (
        "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"
    )


def context(analysis: Analysis, options: ReportOptions) -> dict[str, Any]:
    """The template's view of an analysis; in redacted mode no collected string enters it."""
    redact = options.redact
    profiles = {p.id: p for p in analysis.profiles}
    labels = account_labels(analysis.profiles, redact=redact)
    shown_links = [link for link in analysis.links if link.probability >= analysis.min_probability]

    def detail(signal: str, text: str) -> str:
        return REDACTED_DETAIL.get(signal, "other evidence") if redact else text

    verdicts = []
    for exp in analysis.exposure:
        level = level_for(exp.bits)
        hops = len(exp.chain) - 1
        if not exp.chain or exp.bits <= 0:
            sentence = "No evidence found that leads from one to the other."
        else:
            via = (
                "directly"
                if hops == 1
                else f"in {hops} steps, via " + ", ".join(labels[n] for n in exp.chain[1:-1])
            )
            sentence = (
                f"Someone starting from one could reach the other {via}; the evidence would "
                f"single you out among {describe_crowd(exp.bits)}."
            )
        verdicts.append(
            {
                "source": labels[exp.source],
                "target": labels[exp.target],
                "source_persona": persona_title(profiles[exp.source].persona),
                "target_persona": persona_title(profiles[exp.target].persona),
                "bits": exp.bits,
                "probability": exp.probability,
                "level": level.name,
                "sentence": sentence,
                "steps": [
                    {
                        "a": labels[s.a],
                        "b": labels[s.b],
                        "bits": s.bits,
                        "evidence": [SHORT.get(e, e) for e in s.evidence],
                    }
                    for s in exp.steps
                ],
            }
        )

    links_view = []
    for link in shown_links:
        top = max((abs(e.match_weight) for e in link.evidence), default=1.0) or 1.0
        evidence = []
        for e in sorted(link.evidence, key=lambda e: -e.match_weight):
            values = None
            if e.values and len(e.values) == 2 and e.signal != "chain" and not redact:
                values = list(e.values)  # the two compared values (chain items name accounts)
            evidence.append(
                {
                    "signal": e.signal,
                    "weight": e.match_weight,
                    "detail": detail(e.signal, e.detail),
                    "values": values,
                    "bar": min(abs(e.match_weight) / top, 1.0),
                    "positive": e.match_weight >= 0,
                }
            )
        pa, pb = profiles.get(link.a), profiles.get(link.b)
        links_view.append(
            {
                "a": labels.get(link.a, link.a),
                "b": labels.get(link.b, link.b),
                "probability": link.probability,
                "weight": link.match_weight,
                "level": level_for(link.match_weight).name,
                "evidence": evidence,
                "avatars": None if redact or not pa or not pb else _avatars(pa, pb),
            }
        )

    accounts = [_account_view(p, labels[p.id], redact) for p in analysis.profiles]
    changes = _changes_view(analysis, labels, redact)
    nodes, edges, styles = layout(analysis.profiles, shown_links, labels, analysis.min_probability)
    legend = [
        {"persona": persona_title(persona), "colour": colour, "shape": shape}
        for persona, (colour, shape) in styles.items()
    ]
    return {
        "title": options.title,
        "owner": None if redact else analysis.owner,
        "redacted": redact,
        "training": options.training,
        "version": __version__,
        "homepage": HOMEPAGE,
        "generated_at": analysis.generated_at,
        "prior": analysis.prior,
        "threshold": analysis.threshold,
        "verdicts": [v for v in verdicts if v["level"] != "low"],
        "quiet_pairs": [v for v in verdicts if v["level"] == "low"],
        "links": links_view,
        "accounts": accounts,
        "failed": [a for a in accounts if not a["ok"]],
        "forgotten": [a for a in accounts if a["discovered"]],
        "changes": changes,
        "remediation": analysis.remediation,
        "identities": [
            [labels[i] for i in group] for group in analysis.identities if len(group) > 1
        ],
        "levels": [
            {"name": lv.name, "min_bits": lv.min_bits, "meaning": lv.meaning} for lv in LEVELS
        ],
        "nodes": nodes,
        "edges": edges,
        "legend": legend,
        "graph_size": (760, 460),
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
        "previous_at": since.previous_at[:16].replace("T", " ") + " UTC",
        "changes": [{"direction": c.direction, "sentence": c.sentence(names)} for c in since.moved],
        "unchanged": since.unchanged,
        "not_done": [a.sentence(names, redact=redact) for a in since.not_done],
    }


_CHANGE_VERBS = {
    ("links", "remove"): "Remove a link from",
    ("location", "remove"): "Remove the location from",
    ("avatar", "replace"): "Use a different profile picture on",
    ("display_name", "replace"): "Use a different display name on",
    ("bio", "remove"): "Remove or rewrite the bio of",
    ("handle", "replace"): "Rename",
    ("posts", "remove"): "Delete or hide the public writing of",
    ("visibility", "make_private"): "Make private (or delete)",
}


def _changes_view(analysis: Analysis, labels: dict[str, str], redact: bool) -> list[dict[str, Any]]:
    if analysis.remediation is None:
        return []
    out = []
    for chosen in analysis.remediation.changes:
        change = chosen.change
        value = None if redact else change.value
        if change.field == "links" and value:
            what = f"Remove the link {value} from"
        else:
            what = _CHANGE_VERBS.get((change.field, change.action), f"Change the {change.field} of")
        out.append(
            {
                "what": what,
                "account": labels.get(change.account, change.account),
                "suggestion": value if change.field == "handle" else None,
                "before": chosen.before_bits,
                "after": chosen.after_bits,
                "saved": chosen.bits_saved,
                "explanation": None if redact else chosen.explanation,
            }
        )
    return out


def _avatars(a: Profile, b: Profile) -> list[str] | None:
    thumbs = [p.avatar.thumbnail if p.avatar else None for p in (a, b)]
    if all(t and t.startswith("data:image/") for t in thumbs):
        return thumbs  # type: ignore[return-value]
    return None


def _account_view(profile: Profile, label: str, redact: bool) -> dict[str, Any]:
    status = profile.status
    view: dict[str, Any] = {
        "label": label,
        "platform": platform_title(profile.platform),
        "persona": persona_title(profile.persona),
        "ok": status.ok,
        "discovered": _how_found(profile.discovered_by, redact),
        "status": str(status),
        "collected_at": profile.collected.at if profile.collected else None,
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
            "bio": bio if len(bio) <= MAX_BIO_CHARS else bio[:MAX_BIO_CHARS] + "…",
            "location": profile.location,
            "links": profile.links[:20],
            "posts": [p.text[:280] for p in profile.posts[:MAX_POSTS_SHOWN]],
            "thumbnail": profile.avatar.thumbnail
            if profile.avatar and (profile.avatar.thumbnail or "").startswith("data:image/")
            else None,
        }
    )
    return view


def _how_found(how: str | None, redact: bool) -> str | None:
    if not how:
        return None
    if redact:
        return (
            "found by the username sweep" if how.startswith("username") else "found through a link"
        )
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
