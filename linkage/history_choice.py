"""Which kept audit a new audit is compared with (:mod:`linkage.history` keeps them).

:func:`previous` finds the last audit of the same accounts: the same set of listed ids (in
any order, any case), each filed under the same persona (an audit kept before personas were
kept is taken to have had these); :func:`baseline` is what a new audit is compared with (missing
data is not a change: see there); :mod:`linkage.history_since` compares two of them. An audit
of another list is never compared with: how easily two accounts can be joined depends on every
account audited with them (the prior is set by how many are listed, and a chain's evidence may
run through the others) and on their personas (a disagreement between accounts kept apart on
purpose weighs less), so a chain could look weaker only because the list changed.
:func:`overlapping` finds the last such audit, to say why nothing is compared.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from linkage.history import PastAudit, account_id, list_audits


def previous(
    accounts: Iterable[Any],
    *,
    personas: dict[str, str] | None = None,
    before: str | None = None,
    audits: list[PastAudit] | None = None,
) -> PastAudit | None:
    """The last kept audit of the same accounts (before the time ``before``, if given): the
    same set of listed account ids, in any order and any case, and, when ``personas`` (id ->
    persona) is given, each filed under the same persona (:func:`same_personas`). An audit of
    another list, even one sharing most of these, is not one (:func:`overlapping` finds it).
    ``audits``: the kept audits, newest first, when they were read already (:func:`scan`)."""
    ids = listed_ids(accounts)
    for past in list_audits() if audits is None else audits:
        if (before is None or past.at < before) and _of_these(past, ids, personas):
            return past
    return None


def overlapping(
    accounts: Iterable[Any],
    *,
    personas: dict[str, str] | None = None,
    audits: list[PastAudit] | None = None,
) -> PastAudit | None:
    """The last kept audit of another list (other accounts, or these under other personas)
    that shares at least one of these accounts (None when there is none): not compared with,
    but said to exist. ``personas`` and ``audits``: as for :func:`previous`."""
    ids = listed_ids(accounts)
    for past in list_audits() if audits is None else audits:
        if listed_ids(past.accounts) & ids and not _of_these(past, ids, personas):
            return past
    return None


def _of_these(past: PastAudit, ids: set[str], personas: dict[str, str] | None) -> bool:
    return listed_ids(past.accounts) == ids and (
        personas is None or same_personas(personas, past.personas)
    )


def same_personas(ours: dict[str, str], theirs: dict[str, str]) -> bool:
    """Whether two audits filed the accounts both list under the same personas (in any case);
    true when either kept none (an audit kept by an earlier version: it cannot be told)."""
    if not ours or not theirs:
        return True
    return not moved_sides(ours, theirs)


def moved_sides(ours: dict[str, str], theirs: dict[str, str]) -> set[str]:
    """The accounts (ids in lower case) both audits list that they filed under different
    personas (none when either kept no personas)."""
    if not ours or not theirs:
        return set()
    mine, other = _personas(ours), _personas(theirs)
    return {i for i in mine.keys() & other.keys() if mine[i] != other[i]}


def _personas(kept: dict[str, str]) -> dict[str, str]:
    return {i.lower(): " ".join(str(p).split()).casefold() for i, p in kept.items()}


def last_sharing(accounts: Iterable[Any]) -> PastAudit | None:
    """The last kept audit that listed at least one of these accounts, of this list or
    another: answers the cache saved before it are older than what it read."""
    ids = listed_ids(accounts)
    return next((past for past in list_audits() if listed_ids(past.accounts) & ids), None)


def listed_ids(accounts: Iterable[Any]) -> set[str]:
    """The listed accounts as a set of ids, in lower case: what "the same accounts" means."""
    return {account_id(a).lower() for a in accounts}


def read_nothing(past: PastAudit) -> bool:
    """Whether a kept audit read none of its listed accounts (all failed: the network was
    down, say). One that kept no fields (written by hand) is not said to have read nothing."""
    listed = {a.lower() for a in past.accounts}
    seen = [f for i, f in past.fields.items() if i.lower() in listed]
    return bool(seen) and not any(f.get("visibility", "ok") == "ok" for f in seen)


def baseline(
    accounts: Iterable[Any],
    *,
    personas: dict[str, str] | None = None,
    before: str | None = None,
    audits: list[PastAudit] | None = None,
) -> PastAudit | None:
    """What a new audit of these accounts is compared with; missing data is not a change:

    * the last audit of the same accounts (:func:`previous`) that read at least one of them:
      an audit that read none is still kept and listed, but passed over (``skipped`` counts
      those);
    * each chain that audit could not measure is taken from the last earlier audit of the
      same accounts that measured it (marked with that audit's ``at``); each chain is marked
      with the accounts the audit it is from could not read (``unread_then``);
    * each account that audit could not read is taken, its fields and the advice given about
      it, from the last earlier audit that read it.

    None when no earlier audit of these accounts is kept. ``personas`` and ``audits``: as for
    :func:`previous`."""
    audits = list_audits() if audits is None else audits
    first = previous(accounts, personas=personas, before=before, audits=audits)
    if first is None:
        return None
    ids = listed_ids(first.accounts)
    same = [p for p in audits if p.at <= first.at and _of_these(p, ids, personas)]
    base = next((p for p in same if not read_nothing(p)), None)
    if base is None:  # none of them ever read anything: the last one, unmeasured throughout
        return first
    older = [p for p in same if p.at < base.at]  # newest first
    filled = PastAudit(
        at=base.at,
        accounts=list(base.accounts),
        version=base.version,
        chains=[_measured(chain, base, older) for chain in base.chains],
        advice=[],
        fields=dict(base.fields),
        personas=dict(base.personas),
        path=base.path,
        skipped=sum(1 for p in same if p.at > base.at),
    )
    taken: dict[str, PastAudit] = {}
    for account, fields in base.fields.items():
        if fields.get("visibility", "ok") == "ok":
            continue
        for past in older:
            earlier = past.fields.get(account)
            if earlier is not None and earlier.get("visibility", "ok") == "ok":
                filled.fields[account] = earlier
                taken[account] = past
                break
    filled.advice = [a for a in base.advice if a.get("account") not in taken]
    for account, past in taken.items():
        filled.advice += [a for a in past.advice if a.get("account") == account]
    return filled


def _measured(chain: dict[str, Any], base: PastAudit, older: list[PastAudit]) -> dict[str, Any]:
    """The chain as the last audit that measured it saw it (this one's, if it did), with the
    accounts that audit could not read (``unread_then``): a route through one of them now was
    not there to be measured then."""
    if chain.get("level") == "unknown":
        ends = {(chain.get("from"), chain.get("to")), (chain.get("to"), chain.get("from"))}
        for past in older:
            for earlier in past.chains:
                if (earlier.get("from"), earlier.get("to")) in ends and earlier.get(
                    "level", "unknown"
                ) != "unknown":
                    return {**earlier, "at": past.at, "unread_then": _unread_ids(past)}
    return {**chain, "unread_then": _unread_ids(base)}


def _unread_ids(past: PastAudit) -> list[str]:
    return sorted(i for i, f in past.fields.items() if f.get("visibility", "ok") != "ok")
