"""Which advice of the last audit is still to take: the changes it advised whose field is
still as it was (:func:`advised_not_done`), and those about an account that could not be read
this time (:func:`advice_unknown`), said in the report's words (:class:`Advice`).
:mod:`linkage.history_since` gives them with what changed in the chains."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from linkage.evidence.changes import link_words, words_for
from linkage.evidence.levels import UNKNOWN
from linkage.history import ONE_VALUE, PastAudit, record, secret_key, value_fingerprint
from linkage.urls import short_url


def unread(fields: dict[str, Any] | None) -> bool:
    """Whether an account's kept fields are of an account that could not be read."""
    return fields is not None and fields.get("visibility", "ok") != "ok"


@dataclass
class Advice:
    """A change advised last time whose field is still as it was (or, in
    :attr:`SinceLast.unknown`, whose account could not be read this time)."""

    account: str
    field: str
    action: str
    value: str | None = None
    #: the same audit advised renaming the account too: said as the report said it ("Make …
    #: private", not "(or delete it)", which would leave nothing to rename)
    renamed: bool = False

    def sentence(self, labels: dict[str, str] | None = None, *, redact: bool = False) -> str:
        """The advice in the report's words ("Remove the link to blog.example.net from …")."""
        labels = labels or {}
        what, after = words_for(self.field, self.action, self.account, renamed=self.renamed)
        if self.field == "links" and self.value and not redact:
            before, behind = link_words(self.account, self.value)
            what = f"{before} {short_url(self.value)} {behind}"
        elif self.field == "bio" and self.value and not redact:
            what = f"Remove '{self.value}' from the profile text of"
        return f"{what} {labels.get(self.account, self.account)}{after}"


#: why an account could not be read that making it private (or deleting it) gives: advice to
#: do so is done then; any other (the network, a rate limit) cannot tell
HIDDEN = {"private", "not found", "suspended"}


def advised_not_done(previous: PastAudit | None, current: PastAudit | Any) -> list[Advice]:
    """The changes advised in ``previous`` that ``current`` shows were not made yet (none
    when the current audit advises nothing and read every account: every chain is then weak
    enough). A change to an account the current audit could not read is not listed here:
    whether it was made cannot be told (:func:`advice_unknown`)."""
    return [advice for advice, state in follow_up(previous, current) if state == "not done"]


def advice_unknown(previous: PastAudit | None, current: PastAudit | Any) -> list[Advice]:
    """The changes advised in ``previous`` about an account ``current`` could not read: not
    seen to be made, nor seen not to be. Advice to make it private (or delete it) is done when
    the account could not be read because it is private, not found or suspended."""
    return [advice for advice, state in follow_up(previous, current) if state == UNKNOWN]


def follow_up(previous: PastAudit | None, current: PastAudit | Any) -> list[tuple[Advice, str]]:
    """Each change advised in ``previous`` that is not seen to be made, with ``not done`` or
    ``unknown`` (its account could not be read this time)."""
    if previous is None:
        return []
    if not isinstance(current, PastAudit):
        current = record(current)
    not_read = {a for a, f in current.fields.items() if unread(f)}
    if not current.advice and not not_read:
        return []  # every chain is weak enough now, as far as the audit could see
    key = secret_key()
    renamed = {item.get("account") for item in previous.advice if item.get("field") == "handle"}
    out = []
    for item in previous.advice:
        account, name = item.get("account", ""), item.get("field", "")
        old, new = previous.fields.get(account), current.fields.get(account)
        if old is None or new is None:
            continue  # the account was renamed or left the audit: it cannot be told
        state = "not done"
        if account in not_read:  # not read this time: not seen either way
            state = "done" if name == "visibility" and new.get("unread") in HIDDEN else UNKNOWN
        elif name in ONE_VALUE and (item.get("value_key") or item.get("value")):
            mark = item.get("value_key") or value_fingerprint(key, name, str(item["value"]))
            state = "not done" if mark in new.get(ONE_VALUE[name][1], []) else "done"
        elif name == "visibility":
            state = "not done"  # it was read
        elif old.get(name) is None or old.get(name) != new.get(name):
            state = "done"
        if state != "done":
            advice = Advice(
                account, name, item.get("action", ""), item.get("value"), account in renamed
            )
            out.append((advice, state))
    return out
