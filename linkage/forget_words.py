"""What ``linkage forget`` and the app's "Forget everything" say they deleted, in the words the
person knows the things by (shared by the command line and the app)."""

from __future__ import annotations

from collections.abc import Iterable
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
