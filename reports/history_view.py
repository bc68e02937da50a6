"""The "since your last audit" section (``partials/history.html.j2``): per chain what changed
since the last audit of these accounts, and the advice given then that is not done yet."""

from __future__ import annotations

from typing import Any

from reports.labels import in_sentence, platform_title
from reports.text import human_date, plural


def since_view(
    since: Any, labels: dict[str, str], redact: bool, *, before_changes: bool = False
) -> dict[str, Any] | None:
    """The history partial's view: per chain what changed since the last audit, and the
    advice not yet followed. Sentences name accounts by the report's labels (redacted ones
    in a redacted report; accounts no longer audited by their platform only).
    ``before_changes``: the earlier audit is the demo's own, before the changes it proposed
    were made (``linkage demo --after``): so headed, and with no date."""
    if since is None:
        return None

    def name(account: str) -> str:
        if account in labels:
            return labels[account]
        platform = account.split(":", 1)[0]
        return f"an account no longer audited ({platform_title(platform)})"

    # mid-sentence, a redacted label begins in lower case ("joined to professional account D");
    # each sentence then begins with a capital
    names = {i: in_sentence(name(i), redact) for c in since.changes for i in (c.source, c.target)}
    names |= {i: in_sentence(name(i), redact) for c in since.changes for i, _ in c.changed}
    names |= {a.account: in_sentence(name(a.account), redact) for a in since.not_done}
    return {
        "heading": "Since the audit before the changes"
        if before_changes
        else "Since your last audit",
        "intro": (
            "Compared with the audit of the same accounts before the changes it proposed were made."
            if before_changes
            else f"Compared with the audit of the same accounts on {human_date(since.previous_at)}."
        ),
        "previous_at": human_date(since.previous_at),
        "changes": [
            {"direction": c.direction, "sentence": _capital(c.sentence(names), redact)}
            for c in since.moved
        ],
        "unchanged": since.unchanged,
        "not_done": [a.sentence(names, redact=redact) for a in since.not_done],
        "summary": _summary(since, before_changes),
    }


def _summary(since: Any, before_changes: bool) -> str:
    """The comparison in one line, for under the verdict: whether the chains moved and how
    many of the changes advised then are made ("Since the audit of 5 December 2026: 2 chains
    between your sides are weaker; 4 of the 6 changes advised then are made.")."""
    when = (
        "Since the audit before the changes"
        if before_changes
        else f"Since the audit of {human_date(since.previous_at)}"
    )
    moved = [c.direction for c in since.moved]
    parts = [
        f"{plural(moved.count(way), 'chain')} between your sides {'is' if moved.count(way) == 1 else 'are'} {way}"
        for way in ("weaker", "stronger")
        if moved.count(way)
    ] or ["no chain between your sides moved"]
    if since.advised:
        done = since.advised - len(since.not_done)
        parts.append(
            f"all {plural(since.advised, 'change')} advised then are made"
            if done == since.advised
            else f"{done} of the {plural(since.advised, 'change')} advised then "
            f"{'is' if done == 1 else 'are'} made"
        )
    return f"{when}: {'; '.join(parts)}."


def _capital(sentence: str, redact: bool) -> str:
    """A redacted sentence begins with a capital ("Personal account A …"); one that begins
    with a handle keeps it as it is spelt."""
    return sentence[:1].upper() + sentence[1:] if redact else sentence
