"""The "since your last audit" section (``partials/history.html.j2``): per chain what changed
since the last audit of these accounts, and the advice given then that is not done yet."""

from __future__ import annotations

from typing import Any

from linkage.evidence.levels import UNKNOWN
from reports.labels import at_start, in_sentence, platform_title
from reports.text import human_date, plural
from reports.voice import OWN, Voice


def since_view(
    since: Any,
    labels: dict[str, str],
    redact: bool,
    *,
    before_changes: bool = False,
    voice: Voice = OWN,
) -> dict[str, Any] | None:
    """The history partial's view: per chain what changed since the last audit, and the
    advice not yet followed. Sentences name accounts by the report's labels (redacted ones
    in a redacted report; accounts no longer audited by their platform only).
    ``before_changes``: the earlier audit is the demo's own, before the changes it proposed
    were made (``linkage demo --after``): so headed, and with no date."""
    if since is None:
        return None
    if since.other_list is not None:
        return _not_compared(since, voice)

    def name(account: str) -> str:
        if account in labels:
            return labels[account]
        platform = account.split(":", 1)[0]
        return f"an account no longer audited ({platform_title(platform)})"

    # mid-sentence, a redacted label begins in lower case ("joined to professional account D");
    # each sentence then begins with a capital
    names = {i: in_sentence(name(i), redact) for c in since.changes for i in (c.source, c.target)}
    names |= {i: in_sentence(name(i), redact) for c in since.changes for i, _ in c.changed}
    names |= {i: in_sentence(name(i), redact) for c in since.changes for i in c.unread}
    names |= {i: in_sentence(name(i), redact) for c in since.changes for i in c.unread_elsewhere}
    # an account read now that could not be read last time, which joins the pair now
    names |= {i: in_sentence(name(i), redact) for c in since.changes for i in c.unread_then}
    unknown = list(since.unknown)
    names |= {a.account: in_sentence(name(a.account), redact) for a in since.not_done + unknown}
    return {
        "heading": "Since the audit before the changes"
        if before_changes
        else f"Since {voice.your} last audit",
        "intro": (
            "Compared with the audit of the same accounts before the changes it proposed were made."
            if before_changes
            else f"Compared with the audit of the same accounts on {human_date(since.previous_at)}."
        )
        + "".join(f" {line}" for line in _notes(since)),
        "notes": _notes(since),
        "previous_at": human_date(since.previous_at),
        "changes": [
            {"direction": c.direction, "sentence": at_start(c.sentence(names), redact)}
            for c in since.moved
        ],
        "unchanged": since.unchanged,
        "not_done": [a.sentence(names, redact=redact) for a in since.not_done],
        # advice about an account that could not be read this time: not done, nor done
        "unknown": [a.sentence(names, redact=redact) for a in unknown],
        "summary": _summary(since, before_changes, voice),
        "compared": True,
    }


def _not_compared(since: Any, voice: Voice) -> dict[str, Any]:
    """The view when the last audit sharing some of these accounts listed others too (or fewer),
    or filed some under other personas: it is not compared with (:func:`linkage.history_since.since_kept`), and this says why. Counts
    and a date only: no account is named, redacted or not."""
    other, when = since.other_list, human_date(since.previous_at)
    now = other.listed_now
    # the accounts of both lists said as those "listed now" ("1 of these 3" read as a puzzle)
    if other.listed_then == other.shared == now:
        listed = f"listed {'this account' if now == 1 else f'these {now} accounts'}"
    elif not other.not_listed_now:
        listed = f"listed {other.shared} of the {now} accounts listed now, and no other"
    else:
        some = (
            ("the one" if now == 1 else f"the {now}")
            if other.shared == now
            else f"{other.shared} of the {now}"
        )
        others = "other" if other.not_listed_now == 1 else "others"
        listed = (
            f"listed {plural(other.listed_then, 'account')}: {some} listed now and "
            f"{other.not_listed_now} {others}"
        )
    if other.other_sides:
        listed += (
            f"{',' if other.not_listed_now else ''} but filed "
            f"{'it' if now == 1 else f'{other.other_sides} of them'} under another side (persona)"
        )
    next_one = "this account" if now == 1 else f"these {now} accounts"
    what = f"Not compared with the last audit, on {when}, which {listed}."
    why = (
        "How easily two accounts can be joined depends on every account audited with them and "
        "on the side each is filed under, so a chain could look weaker only because the list "
        "changed: only an audit of the same accounts, on the same sides, shows what changed."
    )
    then = f"The next audit of {next_one} will be compared with this one."
    return {
        "heading": f"Since {voice.your} last audit",
        "intro": f"{what} {why} {then}",
        # the terminal says what and what next; the report says why as well
        "brief": f"{what} {then}",
        "notes": [],
        "previous_at": when,
        "changes": [],
        "unchanged": 0,
        "not_done": [],
        "unknown": [],
        "summary": f"Since the audit of {when}: not compared, as its list of accounts differs.",
        "compared": False,
    }


def _notes(since: Any) -> list[str]:
    """What the comparison passed over: later audits that read none of the accounts, and
    chains that audit could not measure, taken from an older one (``linkage.history_choice.baseline``)."""
    notes = []
    skipped = since.skipped
    if skipped:
        audits = "The audit" if skipped == 1 else f"The {skipped} audits"
        notes.append(
            f"{audits} since then could read none of these accounts, so "
            f"{'it is' if skipped == 1 else 'they are'} not compared with."
        )
    if any(c.before_at for c in since.changes):
        notes.append(
            "A chain that audit could not measure is compared with the last audit that did "
            '("when last measured").'
        )
    return notes


def _advice_summary(since: Any) -> list[str]:
    """How much of the advice given then is still to make, and how much cannot be told (its
    account could not be read this time): never "made" while any cannot be told."""
    noun = "the change" if since.advised == 1 else f"the {since.advised} changes"
    still, unknown = len(since.not_done), since.unknown
    parts = []
    if not still and not unknown:
        are = "is" if since.advised == 1 else "are"
        return [f"{noun} advised then {are} made or no longer needed"]
    if still and since.advised == 1:
        parts.append("the change advised then is still to make")
    elif still:
        parts.append(
            f"{still} of {noun} advised then {'is' if still == 1 else 'are'} still to make"
        )
    if unknown:
        accounts = "the account" if len({a.account for a in unknown}) == 1 else "the accounts"
        if since.advised == 1:
            which = "whether the change advised then was made"
        else:
            were = "was" if len(unknown) == 1 else "were"
            which = f"whether {len(unknown)} of {noun} advised then {were} made"
        parts.append(f"{which} cannot be told, as {accounts} could not be read this time")
    return parts


def _summary(since: Any, before_changes: bool, voice: Voice = OWN) -> str:
    """The comparison in one line, for under the verdict: how the chains between the sides
    moved and how much of the advice given then is still to do ("Since the audit of 5
    December 2026: 2 chains between your sides are weaker; 1 of the 6 changes advised then is
    still to make."). Advice no longer seen (made, no longer needed, or its account gone from
    the audit) is not said to be made."""
    when = (
        "Since the audit before the changes"
        if before_changes
        else f"Since the audit of {human_date(since.previous_at)}"
    )
    known = (None, UNKNOWN)
    both = [c for c in since.changes if c.before_level not in known and c.after_level not in known]
    counts = {
        "weaker": sum(1 for c in both if c.direction == "weaker"),
        "stronger": sum(1 for c in both if c.direction == "stronger"),
        "new": sum(1 for c in since.changes if c.before_level is None and c.after_level),
        # a chain that may only look weaker for an account not read is not measured either
        "not measured this time": sum(1 for c in since.changes if c.unmeasured_now),
    }
    parts = [
        f"{plural(n, 'chain')} between {voice.your} sides {'is' if n == 1 else 'are'} {how}"
        for how, n in counts.items()
        if n
    ] or [f"no chain between {voice.your} sides moved"]
    if since.advised:
        parts += _advice_summary(since)
    return f"{when}: {'; '.join(parts)}."
