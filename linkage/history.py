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

:mod:`linkage.history_choice` chooses which kept audit a new one is compared with, and
:mod:`linkage.history_since` compares two of them. :func:`mentioned_ids` names every account a
kept audit mentions (what ``forget`` looks for). Pure file I/O: no network.
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
    def shown_at(self) -> str:
        """When it was made, as ``linkage history`` lists it: ``2026-12-07 11:11 UTC``."""
        return self.at[:16].replace("T", " ") + " UTC"

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
        ids = [account_id(a) for a in accounts]
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
    kept = {k: v for k, v in change.items() if k not in ("explanation", "together_with", "chain")}
    value = kept.pop("value", None)
    if kept.get("field") in ONE_VALUE and value:
        kept["value_key"] = value_fingerprint(key, kept["field"], str(value))
        if not redact:
            kept["value"] = value
    return kept


def account_id(account: Any) -> str:
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
    key = accounts_key(account_id(a) for a in accounts) if accounts is not None else None
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


def mentioned_ids() -> set[str]:
    """Every account id (lower case) a kept audit names."""
    return set().union(*(past.ids for past in list_audits()))
