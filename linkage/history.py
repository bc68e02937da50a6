"""Audit history: did the changes I made help?

Each audit is kept as one small owner-only JSON file in the data folder's ``history/``
(:func:`linkage.store.data_dir`; never beside a report). A kept audit holds what is needed to
compare it with a later one, and little else:

* the listed accounts' ids and the side (persona) each is filed under, when, the tool's
  version;
* every chain between personas: its ends, level, bits, accounts and the evidence of each step;
* the advice given (the remediation's changes: account, field, action and figures; for a link
  to remove, its keyed fingerprint, and the link itself unless the audit was redacted);
* for every account, a keyed fingerprint of each field a change can touch (handle, display
  name, bio, location, each link, picture, writing). Fingerprints are HMAC-SHA256 under a
  secret kept in the data folder, so a kept file alone does not let anyone confirm a guessed
  name; they only tell whether a field changed.

:func:`previous` finds the last audit of the same accounts: the same set of listed ids (in
any order, any case), each filed under the same persona (an audit kept before personas were
kept is taken to have had these); :func:`baseline` is what a new audit is compared with (missing
data is not a change: see there); :mod:`linkage.history_since` compares two of them. An audit
of another list is never compared with: how easily two accounts can be joined depends on every
account audited with them (the prior is set by how many are listed, and a chain's evidence may
run through the others) and on their personas (a disagreement between accounts kept apart on
purpose weighs less), so a chain could look weaker only because the list changed.
:func:`overlapping` finds the last such audit, to say why nothing is compared. :func:`forget` deletes every kept audit that mentions an account. Pure
file I/O: no network.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from linkage import __version__
from linkage.history_check import DAMAGED, FORMAT, Unusable, check, unreadable_line
from linkage.signals.crosslinks import mentions_in
from linkage.store import accounts_key, data_dir, private_folder, write_private
from linkage.urls import normalise_url

__all__ = ["DAMAGED", "FORMAT", "PastAudit", "Unreadable", "Unusable", "unreadable_line"]


def history_dir(create: bool = True) -> Path:
    folder = data_dir(create) / "history"
    return private_folder(folder) if create else folder


# -- the kept record --------------------------------------------------------------------------


@dataclass
class PastAudit:
    """One kept audit (or the record of the current one, before or after saving)."""

    at: str
    accounts: list[str]
    version: str = __version__
    chains: list[dict[str, Any]] = field(default_factory=list)
    advice: list[dict[str, Any]] = field(default_factory=list)
    fields: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: the persona each listed account is filed under ("" for none); empty in an audit kept
    #: by an earlier version, which did not keep them
    personas: dict[str, str] = field(default_factory=dict)
    path: Path | None = None
    #: (not kept) the later audits of these accounts that read none of them, which
    #: :func:`baseline` passed over
    skipped: int = 0

    @property
    def key(self) -> str:
        return accounts_key(self.accounts)

    @property
    def ids(self) -> set[str]:
        """Every account id (lower case) the kept audit names."""
        seen = {a.lower() for a in self.accounts} | {i.lower() for i in self.fields}
        for chain in self.chains:
            seen |= {i.lower() for i in chain.get("chain", [])}
            seen |= {chain.get("from", "").lower(), chain.get("to", "").lower()}
        return seen - {""}

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "at": self.at,
            "version": self.version,
            "accounts": self.accounts,
            "chains": self.chains,
            "advice": self.advice,
            "fields": self.fields,
            "personas": self.personas,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any], path: Path | None = None) -> PastAudit:
        """The kept audit ``data`` holds; :class:`~linkage.history_check.Unusable` when a field
        linkage reads is not of the type it wrote (the file was changed or damaged)."""
        check(data)
        return cls(
            at=str(data.get("at", "")),
            accounts=[str(a) for a in data.get("accounts", [])],
            version=str(data.get("version", "")),
            chains=list(data.get("chains", [])),
            advice=list(data.get("advice", [])),
            fields=dict(data.get("fields", {})),
            personas=dict(data.get("personas", {})),
            path=path,
        )


def secret_key() -> bytes:
    """The key of the fields' fingerprints (made once, owner-only, in the history folder)."""
    path = history_dir() / ".secret"
    with contextlib.suppress(OSError):
        value = path.read_bytes()
        if len(value) >= 32:
            return value
    value = secrets.token_bytes(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(value)
    return value


def fingerprint(key: bytes, value: str | None) -> str | None:
    """A field's keyed fingerprint (None for an empty field): it tells whether the field
    changed, not what it says."""
    if not value:
        return None
    return hmac.new(key, value.strip().encode("utf-8"), hashlib.sha256).hexdigest()[:24]


def link_fingerprint(key: bytes, link: str) -> str | None:
    """A link's fingerprint, of its canonical address: two spellings of one link are one."""
    return fingerprint(key, normalise_url(link) or link)


def mention_fingerprint(key: bytes, written: str) -> str | None:
    """The fingerprint of a handle a bio names, as written (any case)."""
    return fingerprint(key, written.lower())


#: the advice that names one value of a field (a link, a handle named in the bio): the
#: fingerprint of that value, and the field of the kept fingerprints that holds it
ONE_VALUE = {"links": (link_fingerprint, "links"), "bio": (mention_fingerprint, "mentions")}


def value_fingerprint(key: bytes, field_name: str, value: str) -> str | None:
    """The fingerprint of the one value advice names, or None when it names none."""
    found = ONE_VALUE.get(field_name)
    return found[0](key, value) if found else None


def _fingerprints(profile: Any, key: bytes) -> dict[str, Any]:
    def mark(value: str | None) -> str | None:
        return fingerprint(key, value)

    avatar = profile.avatar
    picture = None
    if avatar is not None:
        picture = mark(avatar.sha256 or avatar.phash or avatar.url)
    return {
        "handle": mark(profile.handle),
        "display_name": mark(profile.display_name),
        "bio": mark(profile.bio),
        "location": mark(profile.location),
        "links": sorted(m for m in (link_fingerprint(key, link) for link in profile.links) if m),
        # the handles the bio names, to tell whether one advised out of it has gone
        "mentions": sorted(
            m
            for m in (mention_fingerprint(key, w) for w in mentions_in(profile.bio or "").values())
            if m
        ),
        "avatar": picture,
        "posts": mark("\n".join(p.text for p in profile.posts)),
        "visibility": "ok" if profile.ok else "failed",
        # why it could not be read ("private", "not found", "rate-limited", …): an account
        # made private or deleted cannot be read, and neither can one behind a network fault
        **({} if profile.ok else {"unread": profile.status.label}),
    }


def record(
    analysis: Any,
    accounts: Iterable[Any] | None = None,
    *,
    key: bytes | None = None,
    redact: bool = False,
) -> PastAudit:
    """The kept form of an analysis (or an :class:`~linkage.pipeline.Audit`); ``accounts``
    are the listed accounts (ids, profiles or account specs; default: the analysed profiles
    that were not discovered); ``key``: the fingerprints' key (default: the kept one, made
    on first use; a record that is never kept, as the demo's, takes one of its own);
    ``redact``: the audit was redacted, so not even the link advised away is kept."""
    analysis = getattr(analysis, "analysis", analysis)
    profiles = list(analysis.profiles)
    if accounts is None:
        ids = [p.id for p in profiles if not p.discovered_by]
    else:
        ids = [_id_of(a) for a in accounts]
    key = key or secret_key()
    return PastAudit(
        at=datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z"),
        accounts=ids,
        chains=[e.to_dict() for e in analysis.exposure],
        advice=[
            _kept_advice(c.to_dict(), key, redact)
            for c in (analysis.remediation.changes if analysis.remediation else [])
        ],
        fields={p.id: _fingerprints(p, key) for p in profiles},
        personas={p.id: p.persona or "" for p in profiles if p.id in ids},
    )


def _kept_advice(change: dict[str, Any], key: bytes, redact: bool) -> dict[str, Any]:
    """What is kept of one piece of advice: which change, and its figures. Its sentence and
    the changes it works with are not needed to tell later whether it was made; the link it
    advised removing is kept as a fingerprint (to tell whether it is gone) and, to say it
    again, as itself unless the audit was redacted."""
    kept = {k: v for k, v in change.items() if k not in ("explanation", "together_with")}
    value = kept.pop("value", None)
    if kept.get("field") in ONE_VALUE and value:
        kept["value_key"] = value_fingerprint(key, kept["field"], str(value))
        if not redact:
            kept["value"] = value
    return kept


def _id_of(account: Any) -> str:
    if isinstance(account, str):
        return account
    if getattr(account, "handle", None) is not None and hasattr(account.handle, "id"):
        return str(account.handle.id)
    if hasattr(account, "id"):
        return str(account.id)
    return str(getattr(account, "label", account))


def save(audit_or_analysis: Any, accounts: Iterable[Any] | None = None) -> Path:
    """Keep this audit; the file written (owner-only, in the data folder)."""
    kept = audit_or_analysis if isinstance(audit_or_analysis, PastAudit) else None
    kept = kept or record(audit_or_analysis, accounts)
    stamp = kept.at.replace("-", "").replace(":", "").replace(".", "")
    path = history_dir() / f"{stamp}-{kept.key}.json"
    write_private(path, json.dumps(kept.to_dict(), ensure_ascii=False, indent=1) + "\n")
    kept.path = path
    return path


@dataclass
class Unreadable:
    """A kept audit that could not be read, and why (:data:`~linkage.history_check.DAMAGED`,
    or :data:`~linkage.history_check.NEWER`)."""

    path: Path
    reason: str = DAMAGED


def scan(accounts: Iterable[Any] | None = None) -> tuple[list[PastAudit], list[Unreadable]]:
    """Every kept audit, newest first (only those of exactly these accounts, if given), and
    every one that could not be read: its file is damaged (not JSON, or a field of the wrong
    type), or a newer version of linkage wrote it."""
    folder = history_dir(create=False)
    if not folder.is_dir():
        return [], []
    key = accounts_key(_id_of(a) for a in accounts) if accounts is not None else None
    found: list[PastAudit] = []
    unreadable: list[Unreadable] = []
    for path in sorted(folder.glob("*.json")):
        if key is not None and not path.stem.endswith(key):
            continue
        try:
            found.append(PastAudit.from_dict(json.loads(path.read_bytes()), path))
        except Unusable as exc:
            unreadable.append(Unreadable(path, exc.reason))
        except (OSError, ValueError):  # unreadable, or not JSON (UnicodeDecodeError is one)
            unreadable.append(Unreadable(path))
    return sorted(found, key=lambda a: a.at, reverse=True), unreadable


def list_audits(accounts: Iterable[Any] | None = None) -> list[PastAudit]:
    """Every kept audit that can be read, newest first (only those of exactly these
    accounts, if given); :func:`scan` also says which could not be."""
    return scan(accounts)[0]


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
    return {_id_of(a).lower() for a in accounts}


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


def mentioned_ids() -> set[str]:
    """Every account id (lower case) a kept audit names."""
    return set().union(*(past.ids for past in list_audits()))
