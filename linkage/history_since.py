"""What changed since the last audit of the same accounts (:mod:`linkage.history` keeps them).

:func:`compare` says per chain what changed and why (which evidence disappeared or appeared,
which fields changed); :mod:`linkage.history_advice` tells which advice was not taken;
:func:`since_last` gives all of it, for the report and the terminal; :func:`since_kept` finds
what to compare a new audit with: the last audit of the same accounts, never one of another list.

Missing data is not a change: the fields of an account that could not be read (this time or
then) are not compared, and a chain whose route last time went through an account that could
not be read this time is not measured this time (unless it is stronger all the same).

A chain's strength depends on every account of the audit, not only those on its route: the
person's other accounts count as evidence ("the person's other accounts"), so a chain between
two accounts that were read can lose strength only because a third could not be. So when a
listed account that was read last time could not be read this time, a chain that is weaker now
is not measured either ("it may only look weaker because … could not be read; count it as still
… until it can be read") and is not counted among the weaker ones; one that is stronger is still
stronger (more evidence, with an account missing, is real), and one that is the same stays so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from linkage.evidence.levels import LEVELS, UNKNOWN, level_label
from linkage.evidence.weights import MODEL_ITEMS
from linkage.history import PastAudit, record
from linkage.history_advice import Advice, follow_up
from linkage.history_advice import unread as _unread
from linkage.history_choice import baseline, listed_ids, moved_sides, overlapping

#: Plain words for what made a step of a chain (the signals' names in the link records).
EVIDENCE_WORDS = {
    "username": "the usernames",
    "crosslink": "the links between them",
    "display_name": "the display names",
    "avatar": "the profile pictures",
    "bio": "the profile texts",
    "style": "the writing style",
    "activity": "the times of activity",
    "chain": "the person's other accounts",
}


def evidence_words(signal: str) -> str:
    """What made a step of a chain, in plain words: from :data:`EVIDENCE_WORDS`, else from the
    signal's own title ("the time zones of the posts"), else its name."""
    if signal in EVIDENCE_WORDS:
        return EVIDENCE_WORDS[signal]
    from linkage.evidence.waterfall import titles

    title = titles().get(signal)
    return f"the {title}" if title else signal


#: Plain words for a field that changed on an account.
#: The changes to a chain's accounts that its sentence names (the rest are counted).
CHANGES_SAID = 3
FIELD_WORDS = {
    "handle": "was renamed",
    "display_name": "has a different display name",
    "bio": "has a different bio",
    "location": "has a different location",
    "links": "shows different links",
    "avatar": "has a different picture",
    "posts": "shows different public writing",
    "visibility": "was made private or removed",
}
_RANK = {level.name: rank for rank, level in enumerate(LEVELS)}


# -- what changed -----------------------------------------------------------------------------


@dataclass
class ChainChange:
    """How one chain between personas changed from one audit to the next."""

    source: str
    target: str
    before_level: str | None
    after_level: str | None
    before_bits: float | None
    after_bits: float | None
    #: evidence (signal names) the chain no longer has, and evidence it gained
    gone: list[str] = field(default_factory=list)
    gained: list[str] = field(default_factory=list)
    #: (account id, field) pairs that changed on the accounts of either chain
    changed: list[tuple[str, str]] = field(default_factory=list)
    #: the accounts last time's route went through that could not be read this time
    unread: list[str] = field(default_factory=list)
    #: the accounts this time's route goes through that the earlier audit could not read
    unread_then: list[str] = field(default_factory=list)
    #: the other listed accounts (off last time's route) read then but not this time: their
    #: evidence counts for every chain, so a chain that is weaker may be so only for want of it
    unread_elsewhere: list[str] = field(default_factory=list)
    #: the time of the older audit the earlier figures are from, when the audit compared
    #: with could not measure the chain (:func:`linkage.history_choice.baseline`)
    before_at: str | None = None
    #: this time a listed account could not be read: a chain measured as unlikely among the
    #: accounts read may still be joined through it, so it is not said to be safe
    incomplete: bool = False

    @property
    def direction(self) -> str:
        """``weaker``, ``stronger`` or ``same`` (by level, then by at least one bit), or
        ``unknown`` when either audit could not measure the chain (one of its accounts could
        not be read), or last time's route went through an account not read this time and it is
        not stronger, or this time's goes through one not read then and it is stronger, or
        another listed account read then was not read this time and it is weaker (the person's
        other accounts count as evidence for every chain): that is no change to report either
        way (missing data is not a change)."""
        if UNKNOWN in (self.before_level, self.after_level):
            return UNKNOWN
        moved = self._moved()
        if (self.unread and moved != "stronger") or (self.unread_then and moved == "stronger"):
            return UNKNOWN
        if self.unread_elsewhere and moved == "weaker":
            return UNKNOWN
        return moved

    @property
    def unmeasured_now(self) -> bool:
        """Whether this time's figure is not a measure of the chain that was measured last
        time: one of its accounts, an account last time's route went through, or (for a chain
        that looks weaker) another listed account could not be read this time."""
        if self.before_level in (None, UNKNOWN):
            return False
        return (
            self.after_level == UNKNOWN
            or bool(self.unread)
            or (self.direction == UNKNOWN and bool(self.unread_elsewhere))
        )

    def _moved(self) -> str:
        before = _RANK.get(self.before_level or "low", 0)
        after = _RANK.get(self.after_level or "low", 0)
        if after != before:
            return "weaker" if after < before else "stronger"
        delta = (self.after_bits or 0.0) - (self.before_bits or 0.0)
        if abs(delta) >= 1.0:
            return "weaker" if delta < 0 else "stronger"
        return "same"

    def _held(self, unread: str, then: str) -> str:
        """A chain not measured this time, held at its level of last time: said to count as
        that level, never "still unlikely" (unknown is not safe)."""
        if self.before_level == "low":
            return f"{unread}; whether it still is cannot be told until it can be read."
        return f"{unread}: count it as still {then} until it can be read."

    def sentence(self, labels: dict[str, str] | None = None) -> str:
        """The change in plain words, naming accounts by ``labels``."""
        labels = labels or {}
        a, b = labels.get(self.source, self.source), labels.get(self.target, self.target)
        then, now = level_label(self.before_level or ""), level_label(self.after_level or "")
        if self.incomplete and self.after_level == "low":  # never "unlikely" alone
            now += " among the accounts that could be read"
        last = "when last measured" if self.before_at else "last time"
        if self.after_level is None:
            return f"{a} and {b}: this chain is no longer in the audit (an account left it)."
        if self.before_level is None and self.after_level == UNKNOWN:
            return (
                f"{a} and {b}: a new chain, not measured (one of its accounts could not be read)."
            )
        if self.before_level is None:
            return f"{a} and {b}: a new chain, {now} ({self.after_bits:.1f} bits)."
        if self.after_level == UNKNOWN and self.before_level == UNKNOWN:
            return f"{a} and {b}: not measured, this time or last (an account could not be read)."
        if self.before_level == UNKNOWN:
            return (
                f"{a} and {b}: {now} ({self.after_bits:.1f} bits); last time it "
                "could not be measured, as one of its accounts could not be read."
            )
        if (
            self.direction == UNKNOWN
            and self.after_level != UNKNOWN
            and not self.unread
            and self.unread_elsewhere
        ):  # weaker, but with one of the person's other accounts not read
            who = _join([labels.get(i, i) for i in self.unread_elsewhere])
            return self._held(
                f"{a} and {b}: not measured this time: it may only look weaker because {who} "
                f"could not be read; {last} it was {then} ({self.before_bits:.1f} bits)",
                then,
            )
        if self.direction == UNKNOWN and self.after_level != UNKNOWN and not self.unread:
            who = _join([labels.get(i, i) for i in self.unread_then])
            return (
                f"{a} and {b}: {now} ({self.after_bits:.1f} bits); {last} it was {then} "
                f"({self.before_bits:.1f} bits), but not fully measured, as {who}, which joins "
                "them now, could not be read then."
            )
        if self.direction == UNKNOWN:  # this time's figure is not a measure of the chain
            why = "one of its accounts could not be read"
            if self.after_level != UNKNOWN:
                who = _join([labels.get(i, i) for i in self.unread])
                why = f"{who}, which joined them {last}, could not be read"
            return self._held(
                f"{a} and {b}: not measured this time, as {why}; "
                f"{last} it was {then} ({self.before_bits:.1f} bits)",
                then,
            )
        # the levels say it where they differ; figures only where the level stays, to show
        # how far it moved within it ("bits" is a word for the numbers, not for a room)
        was = (
            f"it was {then}, it is now {now}"
            if then != now
            else (
                f"it was {then} ({self.before_bits:.1f} bits), "
                f"it is now {now} ({self.after_bits:.1f} bits)"
            )
        )
        head = {
            "weaker": f"{a} is harder to join to {b} than {last}",
            "stronger": f"{a} is easier to join to {b} than {last}",
            "same": f"{a} and {b} are as easy to join as {last}",
        }[self.direction]
        if (
            self.direction == "weaker"
            and self.after_level == "low"
            and self.before_level != "low"
            and not self.incomplete  # an account not read may still join them
        ):
            head = f"{a} can no longer be readily joined to {b}"
        reason = self.reason(labels)
        return f"{head}: {was}" + (f", because {reason}." if reason else ".")

    def reason(self, labels: dict[str, str] | None = None) -> str:
        """Why, in words: the clues that no longer tie the chain (for a weaker one) or now do
        (for a stronger one), the model's own items left out (the person's other accounts are
        not a clue that matches), then what changed on its accounts, at most
        :data:`CHANGES_SAID` of them. A weaker chain said "the display names now match" when
        its route had moved to a pair whose names matched: no reason for it to be weaker."""
        labels = labels or {}
        parts = []
        gone = [s for s in self.gone if s not in MODEL_ITEMS]
        gained = [s for s in self.gained if s not in MODEL_ITEMS]
        if gone and self.direction == "weaker":
            parts.append(_join([evidence_words(s) for s in gone]) + " no longer match")
        if gained and self.direction == "stronger":
            parts.append(_join([evidence_words(s) for s in gained]) + " now match")
        said = (
            self.changed if len(self.changed) <= CHANGES_SAID + 1 else self.changed[:CHANGES_SAID]
        )
        for account, name in said:
            parts.append(f"{labels.get(account, account)} {FIELD_WORDS.get(name, 'changed')}")
        more = len(self.changed) - len(said)
        if more > 0:
            parts.append(f"and {more} other change{'s' if more != 1 else ''} to its accounts")
        return "; ".join(parts)


def _join(words: Sequence[str]) -> str:
    words = list(dict.fromkeys(words))
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _signals(chain: dict[str, Any]) -> set[str]:
    return {s for step in chain.get("steps", []) for s in step.get("evidence", [])}


def _changed_fields(previous: PastAudit, current: PastAudit, accounts: Sequence[str]) -> list:
    """(account, field) for each field that changed, account by account in the order given.
    An account not read either time is left out: its fields were not seen, not changed."""
    out = []
    for account in dict.fromkeys(accounts):
        old, new = previous.fields.get(account), current.fields.get(account)
        if old is None or new is None or _unread(old) or _unread(new):
            continue
        for name in FIELD_WORDS:
            if name in old and old.get(name) != new.get(name):
                out.append((account, name))
    return out


def compare(previous: PastAudit | None, current: PastAudit | Any) -> list[ChainChange]:
    """Per chain between personas, what changed since ``previous``: stronger first (what the
    person must act on), then those not measured this time, weaker, new and gone, unchanged,
    and last those measured neither time."""
    if previous is None:
        return []
    if not isinstance(current, PastAudit):
        current = record(current)
    before = {(c["from"], c["to"]): c for c in previous.chains}
    after = {(c["from"], c["to"]): c for c in current.chains}
    for key in list(after):
        if key not in before and key[::-1] in before:
            before[key] = before.pop(key[::-1])
    # a listed account not read this time: as the report's verdict, nothing is called safe
    incomplete = any(_unread(current.fields.get(i)) for i in current.accounts)
    changes = []
    for key in list(dict.fromkeys([*before, *after])):
        old, new = before.get(key), after.get(key)
        change = ChainChange(
            source=key[0],
            target=key[1],
            before_level=old.get("level") if old else None,
            after_level=new.get("level") if new else None,
            before_bits=old.get("bits") if old else None,
            after_bits=new.get("bits") if new else None,
            before_at=old.get("at") if old else None,
            incomplete=incomplete,
        )
        if old and new:
            before_route, after_route = list(old.get("chain", [])), list(new.get("chain", []))
            change.unread = [
                i for i in dict.fromkeys(before_route) if _unread(current.fields.get(i))
            ]
            then = old.get("unread_then")  # kept by linkage.history_choice.baseline
            if then is None:
                then = [i for i, f in previous.fields.items() if _unread(f)]
            change.unread_then = [i for i in dict.fromkeys(after_route) if i in then]
            change.unread_elsewhere = [
                i
                for i in dict.fromkeys(current.accounts)
                if _unread(current.fields.get(i))
                and i not in then
                and i not in change.unread
                and previous.fields.get(i) is not None
            ]
            if before_route == after_route:
                # the same accounts, step by step: what the steps no longer (or now) show. A
                # route that moved to other accounts compares other pairs' clues, which
                # read as clues gone that never changed
                change.gone = sorted(_signals(old) - _signals(new))
                change.gained = sorted(_signals(new) - _signals(old))
            # what changed on the route an outsider walked (last time's for a chain that is
            # weaker, this time's for one that is stronger), its two ends first
            route = after_route if change.direction == "stronger" else before_route
            change.changed = _changed_fields(previous, current, [*key, *route])
        changes.append(change)
    order = {"stronger": 0, UNKNOWN: 1, "weaker": 2, "same": 4}

    def rank(c: ChainChange) -> int:
        if c.before_level is None or c.after_level is None:
            return 3
        if c.before_level == UNKNOWN and c.after_level == UNKNOWN:
            return 5  # not measured either time: nothing moved that can be said; last
        return order[c.direction]  # one measured, one not: a warning, after the stronger

    return sorted(
        changes, key=lambda c: (rank(c), -abs((c.after_bits or 0) - (c.before_bits or 0)))
    )


@dataclass
class OtherList:
    """How the list of the last audit sharing some of these accounts differs from this one's.
    It is not compared with: how easily two accounts can be joined depends on every account
    audited with them and on their personas, so a chain could look weaker only because the
    list changed."""

    #: how many accounts it listed, how many of them are listed now, how many are listed now
    listed_then: int
    shared: int
    listed_now: int
    #: how many of the accounts listed both times it filed under another persona
    other_sides: int = 0

    @property
    def not_listed_now(self) -> int:
        return self.listed_then - self.shared


@dataclass
class SinceLast:
    """What the report and the app show: the changes since the last audit of these accounts."""

    previous_at: str
    changes: list[ChainChange]
    not_done: list[Advice]
    #: how many changes the earlier audit advised
    advised: int = 0
    #: advice about an account that could not be read this time: whether it was made
    #: cannot be told
    unknown: list[Advice] = field(default_factory=list)
    #: later audits of these accounts that read none of them, passed over
    skipped: int = 0
    #: no audit of these accounts is kept, but one of another list sharing some of them is:
    #: it is not compared with (nothing above is filled), and this says how its list differs
    other_list: OtherList | None = None

    @property
    def moved(self) -> list[ChainChange]:
        return [
            c
            for c in self.changes
            if c.direction != "same" or c.before_level is None or c.after_level is None
        ]

    @property
    def unchanged(self) -> int:
        return len(self.changes) - len(self.moved)


def since_last(previous: PastAudit | None, current: PastAudit) -> SinceLast | None:
    """The comparison with ``previous`` (None when there was no earlier audit)."""
    if previous is None:
        return None
    states = follow_up(previous, current)
    return SinceLast(
        previous.at,
        compare(previous, current),
        [advice for advice, state in states if state == "not done"],
        len(previous.advice),
        unknown=[advice for advice, state in states if state == UNKNOWN],
        skipped=previous.skipped,
    )


def since_kept(current: PastAudit, audits: list[PastAudit]) -> SinceLast | None:
    """What changed since the last audit of the same accounts, filed under the same personas
    (``audits``: the kept ones, newest first), as :func:`since_last`; when none is kept but one
    of another list (or of these under other personas) sharing some of them is, a :class:`SinceLast` that only says so (``other_list``); None when no kept
    audit lists any of them."""
    personas = current.personas
    previous = baseline(current.accounts, personas=personas, audits=audits)
    if previous is not None:
        return since_last(previous, current)
    other = overlapping(current.accounts, personas=personas, audits=audits)
    if other is None:
        return None
    theirs, ours = listed_ids(other.accounts), listed_ids(current.accounts)
    moved = len(moved_sides(personas, other.personas))
    return SinceLast(
        other.at, [], [], other_list=OtherList(len(theirs), len(theirs & ours), len(ours), moved)
    )
