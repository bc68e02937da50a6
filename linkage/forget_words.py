"""What ``linkage forget`` and the app's "Forget everything" say they deleted, in the words the
person knows the things by (shared by the command line and the app)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from reports.text import join_words, plural

#: said once by every forget: what linkage cannot delete because it never kept track of it
OWN_FILES = (
    "Reports you wrote or downloaded (report.html, the files of --json, --csv and --profiles, "
    "the app's downloads) are yours: linkage does not keep track of them, so delete them "
    "yourself."
)


def kept_counts(found: Any, leftovers: bool) -> tuple[str, str]:
    """How many past audits and collected profiles files ``forget --all`` found (a
    ``linkage.forget_all`` survey): ``3 past audits (1 of them damaged)`` and ``2 collected
    profiles files``, the second saying how many an interrupted write left when asked."""
    damaged = f" ({len(found.damaged)} of them damaged)" if found.damaged else ""
    left = len(found.leftovers)
    interrupted = f" ({left} left by an interrupted write)" if leftovers and left else ""
    return (
        f"{plural(len(found.audits) + len(found.damaged), 'past audit')}{damaged}",
        f"{plural(len(found.profiles) + left, 'collected profiles file')}{interrupted}",
    )


def _both(full: bool, redacted: bool) -> str:
    return "full and redacted" if full and redacted else "full" if full else "redacted"


def last_audit_words(names: Iterable[str], whose: str = "the app's") -> str:
    """The files of an app's last audit, named as the page offers them: ``the app's last
    report (full and redacted), its analysis and its collected profiles``."""
    from linkage.app.jobs import LAST_AUDIT_FILES
    from linkage.store import APP_PROFILES

    names = set(names)
    parts = []
    report = "report.html" in names, "report-redacted.html" in names
    pdf = "report.pdf" in names, "report-redacted.pdf" in names
    if any(report):
        with_pdf = ", with the PDF" + ("s" if all(pdf) else "") if any(pdf) else ""
        parts.append(f"{whose} last report ({_both(*report)}{with_pdf})")
    elif any(pdf):
        parts.append(f"{whose} last report as PDF ({_both(*pdf)})")
    analysis = "analysis.json" in names, "analysis-redacted.json" in names
    if any(analysis):
        parts.append(f"its analysis ({_both(*analysis)})" if all(analysis) else "its analysis")
    if APP_PROFILES in names:
        parts.append("its collected profiles")
    others = len(names - set(LAST_AUDIT_FILES))
    if others:
        parts.append(plural(others, "other file"))
    if parts and not parts[0].startswith(whose):  # no report: the first names whose it is
        parts[0] = parts[0].replace("its ", f"{whose} last audit's ", 1)
    return join_words(parts)


#: the past audits listed one a line before ``forget`` asks; the rest are counted
LISTED_AUDITS = 10


def sharing_words(wanted: Sequence[Any], found: Any) -> list[str]:
    """What ``linkage forget`` says before it deletes past audits that were audits of other
    accounts too (``found``: :func:`linkage.forget.audits_of`), the accounts to forget
    (``wanted``, :class:`linkage.forget.Target`) named as the person named them, each such
    audit as ``linkage history`` lists it; the question follows (:func:`sharing_question`)."""
    shared = found.shared
    total, count = len(found.files) + len(found.damaged), len(shared)
    mention = "mentions it" if len(wanted) == 1 else "mentions them"
    if total == 1:
        head = f"the past audit that {mention}, which is also an audit of other accounts:"
    else:
        mention = mention.replace("mentions", "mention")
        also = (
            ", which are also audits of other accounts"
            if count == total
            else f"; {count} of them {'is' if count == 1 else 'are'} also "
            f"{'an audit' if count == 1 else 'audits'} of other accounts"
        )
        head = f"the {total} past audits that {mention}{also}:"
    lines = [f"Forgetting {join_words([t.label for t in wanted])} deletes {head}"]
    for past in shared[:LISTED_AUDITS]:
        shown = [_named(account, wanted) for account in past.accounts]
        listed = ", ".join(shown[:4]) + (" …" if len(shown) > 4 else "")
        lines.append(f"  {past.shown_at}  {plural(len(shown), 'account')} ({listed})")
    if count > LISTED_AUDITS:
        lines.append(f"  and {plural(count - LISTED_AUDITS, 'other past audit')}")
    others = sorted(found.others)
    one = len(others) == 1
    lines.append(
        f"Without {'it' if count == 1 else 'them'}, {join_words(others)} "
        f"{'has' if one else 'have'} no earlier audit to compare {'its' if one else 'their'} "
        "next audit with: that audit cannot show what changed. This cannot be undone."
    )
    return lines


def sharing_question(wanted: Sequence[Any], found: Any) -> str:
    """The question after :func:`sharing_words`."""
    total = len(found.files) + len(found.damaged)
    these = "the past audit" if total == 1 else f"the {total} past audits"
    return f"Delete {these} and forget {join_words([t.label for t in wanted])}?"


def _named(account: str, wanted: Sequence[Any]) -> str:
    """A kept audit's account, named as the person named it when it is one to forget."""
    return next((t.label for t in wanted if account.lower() in t.ids), account)
