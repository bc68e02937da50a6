"""Audit history: did the changes I made help?

Each audit is kept as one small owner-only JSON file in the data folder's ``history/``
(:func:`linkage.store.data_dir`; never beside a report). A kept audit holds what is needed to
compare it with a later one, and little else:

* the listed accounts' ids, the owner's label, when, the tool's version;
* every chain between personas: its ends, level, bits, accounts and the evidence of each step;
* the advice given (the remediation's changes);
* for every account, a keyed fingerprint of each field a change can touch (handle, display
  name, bio, location, each link, picture, writing). Fingerprints are HMAC-SHA256 under a
  secret kept in the data folder, so a kept file alone does not let anyone confirm a guessed
  name; they only tell whether a field changed.

:func:`previous` finds the last audit of the same accounts (the same set of listed ids; if
there is none, the newest one sharing at least half of them), :func:`compare` says per chain
what changed and why (which evidence disappeared or appeared, which fields changed), and
:func:`advised_not_done` lists the advice whose field is still as it was. :func:`forget`
deletes every kept audit that mentions an account. Pure file I/O: no network.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from linkage import __version__
from linkage.evidence.levels import UNKNOWN, level_label
from linkage.store import accounts_key, data_dir, private_folder, write_private

FORMAT = 1
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
FIELD_WORDS = {
    "handle": "was renamed",
    "display_name": "has a different display name",
    "bio": "has a different bio",
    "location": "has a different location",
    "links": "links elsewhere differently",
    "avatar": "has a different picture",
    "posts": "shows different public writing",
    "visibility": "was made private or removed",
}
_ADVICE_WORDS = {
    ("links", "remove"): "remove a link from",
    ("location", "remove"): "remove the location from",
    ("avatar", "replace"): "use a different profile picture on",
    ("display_name", "replace"): "use a different display name on",
    ("bio", "remove"): "remove or rewrite the bio of",
    ("handle", "replace"): "rename",
    ("posts", "remove"): "delete or hide the public writing of",
    ("visibility", "make_private"): "make private (or delete)",
}
_RANK = {"low": 0, "moderate": 1, "high": 2, "near-certain": 3}


def history_dir(create: bool = True) -> Path:
    folder = data_dir(create) / "history"
    return private_folder(folder) if create else folder


# -- the kept record --------------------------------------------------------------------------


@dataclass
class PastAudit:
    """One kept audit (or the record of the current one, before or after saving)."""

    at: str
    accounts: list[str]
    owner: str | None = None
    version: str = __version__
    chains: list[dict[str, Any]] = field(default_factory=list)
    advice: list[dict[str, Any]] = field(default_factory=list)
    fields: dict[str, dict[str, Any]] = field(default_factory=dict)
    path: Path | None = None

    @property
    def key(self) -> str:
        return accounts_key(self.accounts)

    def mentions(self, ids: set[str]) -> bool:
        seen = {a.lower() for a in self.accounts} | {i.lower() for i in self.fields}
        for chain in self.chains:
            seen |= {i.lower() for i in chain.get("chain", [])}
            seen |= {chain.get("from", "").lower(), chain.get("to", "").lower()}
        return bool(seen & ids)

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "at": self.at,
            "version": self.version,
            "owner": self.owner,
            "accounts": self.accounts,
            "chains": self.chains,
            "advice": self.advice,
            "fields": self.fields,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any], path: Path | None = None) -> PastAudit:
        return cls(
            at=str(data.get("at", "")),
            accounts=[str(a) for a in data.get("accounts", [])],
            owner=data.get("owner"),
            version=str(data.get("version", "")),
            chains=list(data.get("chains", [])),
            advice=list(data.get("advice", [])),
            fields=dict(data.get("fields", {})),
            path=path,
        )


def _secret() -> bytes:
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


def _fingerprints(profile: Any, key: bytes) -> dict[str, Any]:
    def mark(value: str | None) -> str | None:
        if not value:
            return None
        return hmac.new(key, value.strip().encode("utf-8"), hashlib.sha256).hexdigest()[:24]

    avatar = profile.avatar
    picture = None
    if avatar is not None:
        picture = mark(avatar.sha256 or avatar.phash or avatar.url)
    return {
        "handle": mark(profile.handle),
        "display_name": mark(profile.display_name),
        "bio": mark(profile.bio),
        "location": mark(profile.location),
        "links": sorted(m for m in (mark(link) for link in profile.links) if m),
        "avatar": picture,
        "posts": mark("\n".join(p.text for p in profile.posts)),
        "visibility": "ok" if profile.ok else "failed",
    }


def record(analysis: Any, accounts: Iterable[Any] | None = None) -> PastAudit:
    """The kept form of an analysis (or an :class:`~linkage.pipeline.Audit`); ``accounts``
    are the listed accounts (ids, profiles or account specs; default: the analysed profiles
    that were not discovered)."""
    analysis = getattr(analysis, "analysis", analysis)
    profiles = list(analysis.profiles)
    if accounts is None:
        ids = [p.id for p in profiles if not p.discovered_by]
    else:
        ids = [_id_of(a) for a in accounts]
    key = _secret()
    return PastAudit(
        at=datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z"),
        accounts=ids,
        owner=analysis.owner,
        chains=[e.to_dict() for e in analysis.exposure],
        advice=[
            c.to_dict() for c in (analysis.remediation.changes if analysis.remediation else [])
        ],
        fields={p.id: _fingerprints(p, key) for p in profiles},
    )


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


def list_audits(accounts: Iterable[Any] | None = None) -> list[PastAudit]:
    """Every kept audit, newest first (only those of exactly these accounts, if given)."""
    folder = history_dir(create=False)
    if not folder.is_dir():
        return []
    key = accounts_key(_id_of(a) for a in accounts) if accounts is not None else None
    found = []
    for path in folder.glob("*.json"):
        if key is not None and not path.stem.endswith(key):
            continue
        with contextlib.suppress(OSError, ValueError, TypeError, AttributeError):
            found.append(PastAudit.from_dict(json.loads(path.read_text("utf-8")), path))
    return sorted(found, key=lambda a: a.at, reverse=True)


def previous(accounts: Iterable[Any], *, before: str | None = None) -> PastAudit | None:
    """The last kept audit of the same accounts (before the time ``before``, if given): the
    same set of listed accounts, or failing that the newest sharing at least half of them."""
    ids = {_id_of(a).lower() for a in accounts}
    best: PastAudit | None = None
    for past in list_audits():
        if before is not None and past.at >= before:
            continue
        theirs = {a.lower() for a in past.accounts}
        if theirs == ids:
            return past
        if best is None and ids and len(theirs & ids) * 2 >= len(theirs | ids):
            best = past
    return best


def forget(account_ids: Iterable[str]) -> int:
    """Delete every kept audit that mentions one of these accounts; how many were deleted."""
    wanted = {a.lower() for a in account_ids}
    count = 0
    for past in list_audits():
        if past.path is not None and past.mentions(wanted):
            past.path.unlink(missing_ok=True)
            count += 1
    return count


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

    @property
    def direction(self) -> str:
        """``weaker``, ``stronger`` or ``same`` (by level, then by at least one bit), or
        ``unknown`` when either audit could not measure the chain (an account of it could not
        be read): that is no change to report either way."""
        if UNKNOWN in (self.before_level, self.after_level):
            return UNKNOWN
        before = _RANK.get(self.before_level or "low", 0)
        after = _RANK.get(self.after_level or "low", 0)
        if after != before:
            return "weaker" if after < before else "stronger"
        delta = (self.after_bits or 0.0) - (self.before_bits or 0.0)
        if abs(delta) >= 1.0:
            return "weaker" if delta < 0 else "stronger"
        return "same"

    def sentence(self, labels: dict[str, str] | None = None) -> str:
        """The change in plain words, naming accounts by ``labels``."""
        labels = labels or {}
        a, b = labels.get(self.source, self.source), labels.get(self.target, self.target)
        was_, now = level_label(self.before_level or ""), level_label(self.after_level or "")
        if self.after_level is None:
            return f"{a} and {b}: this chain is no longer in the audit (an account left it)."
        if self.before_level is None:
            return f"{a} and {b}: a new chain, {now} ({self.after_bits:.1f} bits)."
        if self.after_level == UNKNOWN and self.before_level == UNKNOWN:
            return f"{a} and {b}: not measured, this time or last (an account could not be read)."
        if self.after_level == UNKNOWN:
            return (
                f"{a} and {b}: not measured this time, as an account of it could not be read; "
                f"last time it was {was_} ({self.before_bits:.1f} bits): count it as still "
                f"{was_} until it can be read."
            )
        if self.before_level == UNKNOWN:
            return (
                f"{a} and {b}: {now} ({self.after_bits:.1f} bits); last time it "
                "could not be measured, as an account of it could not be read."
            )
        was = (
            f"it was {was_} ({self.before_bits:.1f} bits), "
            f"it is now {now} ({self.after_bits:.1f} bits)"
        )
        head = {
            "weaker": f"{a} is harder to join to {b} than last time",
            "stronger": f"{a} is easier to join to {b} than last time",
            "same": f"{a} and {b} are as easy to join as last time",
        }[self.direction]
        if self.direction == "weaker" and self.after_level == "low" and self.before_level != "low":
            head = f"{a} can no longer be readily joined to {b}"
        reason = self.reason(labels)
        return f"{head}: {was}" + (f", because {reason}." if reason else ".")

    def reason(self, labels: dict[str, str] | None = None) -> str:
        labels = labels or {}
        parts = []
        if self.gone:
            parts.append(_join([evidence_words(s) for s in self.gone]) + " no longer match")
        if self.gained:
            parts.append(_join([evidence_words(s) for s in self.gained]) + " now match")
        for account, name in self.changed:
            parts.append(f"{labels.get(account, account)} {FIELD_WORDS.get(name, 'changed')}")
        return "; ".join(parts)


def _join(words: Sequence[str]) -> str:
    words = list(dict.fromkeys(words))
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _signals(chain: dict[str, Any]) -> set[str]:
    return {s for step in chain.get("steps", []) for s in step.get("evidence", [])}


def _changed_fields(previous: PastAudit, current: PastAudit, accounts: set[str]) -> list:
    out = []
    for account in sorted(accounts):
        old, new = previous.fields.get(account), current.fields.get(account)
        if old is None or new is None:
            continue
        for name in FIELD_WORDS:
            if name in old and old.get(name) != new.get(name):
                out.append((account, name))
    return out


def compare(previous: PastAudit | None, current: PastAudit | Any) -> list[ChainChange]:
    """Per chain between personas, what changed since ``previous``: weaker first, then
    stronger, new, gone and unchanged chains."""
    if previous is None:
        return []
    if not isinstance(current, PastAudit):
        current = record(current)
    before = {(c["from"], c["to"]): c for c in previous.chains}
    after = {(c["from"], c["to"]): c for c in current.chains}
    for key in list(after):
        if key not in before and key[::-1] in before:
            before[key] = before.pop(key[::-1])
    changes = []
    for key in list(dict.fromkeys([*before, *after])):
        old, new = before.get(key), after.get(key)
        accounts = set(old.get("chain", []) if old else []) | set(
            new.get("chain", []) if new else []
        )
        change = ChainChange(
            source=key[0],
            target=key[1],
            before_level=old.get("level") if old else None,
            after_level=new.get("level") if new else None,
            before_bits=old.get("bits") if old else None,
            after_bits=new.get("bits") if new else None,
        )
        if old and new:
            change.gone = sorted(_signals(old) - _signals(new))
            change.gained = sorted(_signals(new) - _signals(old))
            change.changed = _changed_fields(previous, current, accounts)
        changes.append(change)
    order = {UNKNOWN: -1, "weaker": 0, "stronger": 1, "same": 3}
    return sorted(
        changes,
        key=lambda c: (
            2 if c.before_level is None or c.after_level is None else order[c.direction],
            -abs((c.after_bits or 0) - (c.before_bits or 0)),
        ),
    )


@dataclass
class Advice:
    """A change advised last time whose field is still as it was."""

    account: str
    field: str
    action: str
    value: str | None = None

    def sentence(self, labels: dict[str, str] | None = None, *, redact: bool = False) -> str:
        labels = labels or {}
        what = _ADVICE_WORDS.get((self.field, self.action), f"change the {self.field} of")
        if self.field == "links" and self.value and not redact:
            what = f"remove the link {self.value} from"
        text = f"{what} {labels.get(self.account, self.account)}"
        return text[0].upper() + text[1:]


def advised_not_done(previous: PastAudit | None, current: PastAudit | Any) -> list[Advice]:
    """The changes advised in ``previous`` that ``current`` shows were not made yet (none
    when the current audit advises nothing and read every account: every chain is then weak
    enough). A change to an account the current audit could not read is not seen to be made,
    so it stays listed; one that made it private (or gone) is done."""
    if previous is None:
        return []
    if not isinstance(current, PastAudit):
        current = record(current)
    unread = {a for a, f in current.fields.items() if f.get("visibility") == "failed"}
    if not current.advice and not unread:
        return []  # every chain is weak enough now, as far as the audit could see
    key = _secret()
    out = []
    for item in previous.advice:
        account, name = item.get("account", ""), item.get("field", "")
        old, new = previous.fields.get(account), current.fields.get(account)
        if old is None or new is None:
            continue  # the account was renamed or left the audit: it cannot be told
        if account in unread and name != "visibility":
            still = True  # not read this time: not seen to be done
        elif name == "links" and item.get("value"):
            value = str(item["value"]).strip().encode("utf-8")
            mark = hmac.new(key, value, hashlib.sha256).hexdigest()[:24]
            still = mark in new.get("links", [])
        elif name == "visibility":
            still = new.get("visibility") == "ok"
        else:
            still = old.get(name) is not None and old.get(name) == new.get(name)
        if still:
            out.append(Advice(account, name, item.get("action", ""), item.get("value")))
    return out


@dataclass
class SinceLast:
    """What the report and the app show: the changes since the last audit of these accounts."""

    previous_at: str
    changes: list[ChainChange]
    not_done: list[Advice]

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
    return SinceLast(previous.at, compare(previous, current), advised_not_done(previous, current))
