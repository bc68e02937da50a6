"""Analysis → one self-contained HTML file, written for a reader who has never heard of record
linkage.

The first screen answers the question (can my sides be joined, and what do I change first) in
words; the numbers (bits, probabilities, the size of the crowd) sit one click deeper, in
``details.numbers`` views, and always agree with the words above them.

Everything collected is untrusted: the template autoescapes every value, the page loads
nothing from outside itself (pictures are embedded ``data:`` thumbnails), and a
Content-Security-Policy allows only the page's own stylesheet and script, by hash.

This module holds the template environment, the options and the page's context; each
section's view is built in its own module (``verdicts_view``, ``evidence_view``,
``changes_view``, ``history_view``, ``accounts_view``), and values are written by ``text``.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemBytecodeCache, PackageLoader, select_autoescape
from markupsafe import Markup

from linkage import HOMEPAGE, __version__
from linkage.evidence.analysis import Analysis
from linkage.evidence.levels import LEVELS, UNKNOWN, level_label, verdict_level
from linkage.record_files import write_text
from linkage.shown_text import marked
from reports.accounts_view import account_view
from reports.changes_view import changes_view, remediation_view
from reports.evidence_view import links_view
from reports.failed_advice import failed_next
from reports.graph_svg import layout
from reports.history_view import since_view
from reports.labels import in_sentence, letter_order
from reports.prior_view import prior_view
from reports.redact import redacted_view
from reports.text import (
    CONNECTION_ADVICE,
    breakable,
    human_date,
    isolated,
    join_words,
    pct,
    plural,
    shared_advice,
)
from reports.unfollowed import (
    found_reason,
    header_count,
    not_drawn,
    not_measured,
    unfollowed_line,
)
from reports.verdicts_view import joined_groups, pair_verdicts
from reports.voice import OWN, Voice, fictional_note, voice_for

TOP_CHANGES = 3


@dataclass
class ReportOptions:
    redact: bool = False
    training: bool = False  # the demo: add a note that the person is invented
    story: str | None = None  # the demo's note about its invented person (linkage.demo.story)
    #: the page's title; None: as the report's voice asks ("Can Morag's accounts be linked?")
    title: str | None = None
    #: what changed since the last audit (:class:`linkage.history_since.SinceLast`), if any
    since: Any = None


def _bytecode_cache() -> FileSystemBytecodeCache | None:
    # jinja checks a compiled template against its source, not against the environment that
    # compiled it (its escaping, its ``finalize``): the files are named for this module too
    made_by = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]
    try:
        return FileSystemBytecodeCache(pattern=f"__linkage_{made_by}_%s.cache")
    except (OSError, RuntimeError):  # no private temporary folder: compile every time
        return None


def _shown(value: Any) -> Any:
    """Every value the templates write, with characters that show nothing or turn the text
    round written out (:func:`linkage.shown_text.marked`): a profiles file from elsewhere may
    hold them, and one account could pass for another."""
    if isinstance(value, Markup):
        return Markup(marked(str(value)))
    return marked(value) if isinstance(value, str) else value


def _env() -> Environment:
    env = Environment(
        loader=PackageLoader("reports", "templates"),
        # compiled templates kept between runs (jinja's private per-user folder, checked
        # against each template's source), so a report does not compile a dozen templates
        bytecode_cache=_bytecode_cache(),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_shown,
    )
    env.filters["bits"] = lambda v: f"{v:.1f}"
    env.filters["pct"] = pct
    env.filters["plural"] = plural
    env.filters["when"] = human_date
    env.filters["breakable"] = breakable
    env.filters["isolated"] = isolated
    env.filters["in_sentence"] = in_sentence
    return env


def _csp_hash(text: str) -> str:
    return (
        "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"
    )


def no_sides_headline(personas: Sequence[str], voice: Voice = OWN, sideless: int = 0) -> str:
    """The headline when no two accounts are filed under different personas: none says its
    side, all are on one side, or no such pair could be compared. ``sideless``: how many
    listed accounts have no side; with one side given, they are not "on one side" with it
    (the GitHub account listed with no persona was said to be on the personal side)."""
    you = voice.you
    if not personas:
        return (
            f"None of these accounts says which side of {you} it is on, so there are no sides "
            "to keep apart yet."
        )
    if len(personas) == 1 and sideless:
        has = "has" if sideless == 1 else "have"
        return (
            f"Only one side of {you} is given ({personas[0]}), and {plural(sideless, 'account')} "
            f"{has} no side, so there are no two sides to keep apart yet."
        )
    if len(personas) == 1:
        return (
            f"All of these accounts are on one side of {you} ({personas[0]}), so there is no "
            "other side to keep them apart from."
        )
    return f"No pair of accounts on different sides of {you} could be compared."


def sideless_line(names: Sequence[str], voice: Voice = OWN) -> str:
    """The listed accounts that have no side, by name, and (in the person's own voice) what to
    write in the accounts file, as the report says them (``partials/verdict.html.j2``)."""
    line = f"No side given: {join_words(list(names))}."
    if not voice.own:
        return line
    it = "it" if len(names) == 1 else "each"
    return (
        f'{line} Give {it} a side in the accounts file: persona = "personal" or '
        '"professional", or a word of your own; then audit again.'
    )


def headline_level(analysis: Analysis) -> str | None:
    """The level the report's headline gives the audit (:func:`verdict_level`): the strongest
    measured chain's when it joins the sides, else unknown while a chain was not measured or a
    listed account could not be read, else low. None when no chain is between sides."""
    return verdict_level(
        (e.level for e in analysis.exposure), listed_unread=bool(analysis.failed_listed)
    )


def context(analysis: Analysis, options: ReportOptions) -> dict[str, Any]:
    """The template's view of an analysis; in redacted mode no collected string enters it."""
    redact = options.redact
    voice = voice_for(redact=redact, training=options.training, owner=analysis.owner)
    analysis, labels = redacted_view(analysis, redact)  # a side's own label is numbered
    profiles = {p.id: p for p in analysis.profiles}
    shown_links = [link for link in analysis.links if link.probability >= analysis.min_probability]

    pairs = pair_verdicts(analysis, profiles, labels, redact, voice)
    personas = sorted({p.persona for p in analysis.profiles if p.persona})
    # listed with no side (a found account has none, and is said apart)
    sideless = [labels[p.id] for p in analysis.profiles if not p.persona and not p.discovered_by]
    # the audit's one level, as history and the app give it too: unknown, never "unlikely",
    # while a listed account could not be read and no measured chain joins the sides
    level = headline_level(analysis) if pairs else None
    if not pairs:
        headline = no_sides_headline(personas, voice, len(sideless))
    elif level not in ("low", UNKNOWN):
        sides = join_words([f"{p}" for p in personas])
        headline = f"{voice.Your} {sides} sides can be joined by someone who looks."
    elif not any(e.seen for e in analysis.exposure):
        headline = (
            f"Not known yet: too few of {voice.your} accounts could be read to tell whether they "
            "can be joined."
        )
    elif level == UNKNOWN:
        headline = (
            "No join was found among the accounts that could be read, but some could not be "
            "read, so this is not yet a safe result."
        )
    else:
        # "unlikely", as the levels say: not a promise that nobody ever could
        headline = (
            f"A searcher is unlikely to join {voice.your} accounts from what they show in public."
        )

    # redacted, in the order of their letters (A, B, C…); else as the accounts file lists them
    listed = sorted(analysis.profiles, key=letter_order) if redact else analysis.profiles
    accounts = [account_view(p, labels[p.id], redact, labels) for p in listed]
    unread = [dict(a) for a in accounts if not a["ok"]]
    # a listed account not read leaves the audit incomplete; one found by following a link
    # (an old page, an organisation's name) does not: it is said apart, as the contract's
    # ``complete`` counts only listed accounts
    failed = [a for a in unread if not a["discovered"]]
    unfollowed = [a for a in unread if a["discovered"]]
    reasons, failed_advice = shared_advice(
        [str(a["status"]) for a in failed],
        unresolved=[a["unresolved"] for a in failed],
        none_read=not any(a["ok"] for a in accounts),
        unreachable=[a["unreachable"] for a in failed],
    )
    for account, reason in zip(failed, reasons, strict=True):
        account["reason"] = None if redact else reason  # the full report says why
    for account in unfollowed:  # nobody typed these addresses: why in plain words
        account["reason"] = (
            None if redact else found_reason(account["why"], account["platform"], voice)
        )
    linked = all(a["linked"] for a in accounts if a["discovered"])
    found_read = [a for a in accounts if a["discovered"] and a["ok"]]
    if redact and failed_advice not in CONNECTION_ADVICE:  # no connection is nobody's detail
        failed_advice = None
    changes = changes_view(analysis, profiles, labels, redact, voice)
    nodes, edges, legend, size = layout(
        analysis.profiles, shown_links, labels, analysis.min_probability
    )
    drawn_ids = {node.id for node in nodes}
    undrawn = [a for a in unfollowed if a["id"] not in drawn_ids]
    generated = human_date(analysis.generated_at)
    start = prior_view(analysis)
    return {
        "title": options.title or voice.title,
        "voice": voice,
        # the collected values the report's sentences name (handles, sides), each drawn in
        # its own direction where it stands in a sentence (:func:`reports.text.isolated`)
        "shown_names": []
        if redact
        else sorted(
            {label.rsplit(" (", 1)[0] for label in labels.values()}
            | {p.persona for p in analysis.profiles if p.persona}
        ),
        # a demo says beside its headline that its person is invented (a room reads it)
        "fictional": fictional_note(analysis.owner, redact) if options.training else None,
        "owner": None if redact else analysis.owner,
        "redacted": redact,
        "training": options.training,
        "story": options.story,
        "version": __version__,
        "homepage": HOMEPAGE,
        "generated_at": generated,
        "prior": analysis.prior,
        # the starting point of the numbers' probabilities, and the accounts it is worked
        # out from: those that could be read, not every account named
        "start": start,
        "probability_header": f"Probability among {start['among']}"
        if start["among"]
        else "Probability",
        "threshold": analysis.threshold,
        "headline": headline,
        # the headline's level (:func:`headline_level`); None when no two sides are compared
        "level": level,
        "pairs": pairs,
        # with no two sides to compare, the accounts listed with no side, when some have one
        "sideless": sideless if not pairs and personas else [],
        # accounts the user listed without a side: steps in chains, never judged as a side
        "unfiled": [
            labels[p.id]
            for p in analysis.profiles
            if pairs and not p.persona and not p.discovered_by
        ],
        "links": links_view(analysis, profiles, labels, redact),
        "accounts": accounts,
        # a card for each account read or listed; the found ones not read are each a line
        # of the links not followed (a card said only "could not be read", 23 times over)
        "account_cards": [a for a in accounts if a["ok"] or not a["discovered"]],
        "failed": failed,
        # found by following a link, not read: said after the verdict, listed lower down
        "unfollowed": unfollowed,
        "unfollowed_line": unfollowed_line(
            [a["why"] for a in unfollowed], linked=linked, voice=voice, why=not redact
        )
        if unfollowed
        else None,
        "unfollowed_meaning": not_measured(len(unfollowed), voice),
        "found_linked": linked,
        # the listed accounts, and apart from them those the audit found and read: a link
        # that could not be followed is no account found (said beside the verdict)
        "header_count": header_count(
            sum(1 for a in accounts if not a["discovered"]),
            len(found_read),
            all(a["linked"] for a in found_read),
        ),
        "unread": unread,
        # listed accounts read, but not all of them (a later page of posts, an export without
        # its writing); a found one read in part says so on its card, not before the verdict
        "partial": [a for a in accounts if a["partial"] and not a["discovered"]],
        "failed_advice": failed_advice,
        "read_none": not any(a["ok"] for a in accounts),
        # the reader of a redacted report does not have the full one: its holder does
        "failed_next": "The full report, which the account holder keeps, says why, and what to do."
        if redact  # a reason (suspended, deleted) may say something of the person
        else failed_next(
            [a["kind"] for a in failed],
            [profiles[a["id"]].platform == "web" for a in failed],
            [str(a["label"]) for a in failed],
            voice,
            [str(a["status"]) for a in failed],
        ),
        "duplicates": [
            d.sentence(in_sentence(labels[d.id], redact))
            for d in analysis.duplicates
            if d.id in labels
        ],
        "read_count": len(accounts) - len(unread),
        # found and read: the ones found but not read have their own section
        "forgotten": found_read,
        "changes": changes,
        "top_changes": changes[:TOP_CHANGES],
        "remediation": analysis.remediation,
        "remediation_view": remediation_view(analysis, labels, redact),
        "identities": [[labels[i] for i in group] for group in joined_groups(analysis)],
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
        # the links not followed that the picture leaves out (no line ends at them)
        "not_drawn": not_drawn(len(undrawn), linked=linked, voice=voice) if undrawn else None,
        "not_drawn_count": len(undrawn),
        "edges": edges,
        "legend": legend,
        "graph_size": size,
        "since": since_view(
            options.since, labels, redact, before_changes=options.training, voice=voice
        ),
    }


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
    """Write the report to ``path`` in one step (owner-only): a run stopped while it is written,
    or a full disk, leaves the file as it was, never a report cut off part-way."""
    write_text(path, render_html(analysis, options))
