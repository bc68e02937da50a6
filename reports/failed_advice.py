"""What to do about the listed accounts that could not be read, by why (:func:`failed_next`):
reading again later mends a network failure, not a suspended or private account, a name the
platform does not know or an export file that is not there. The report, the terminal and the
app say it under the warning that the audit is incomplete."""

from __future__ import annotations

import re
from collections.abc import Sequence

from reports.text import join_words, plural
from reports.voice import OWN, Voice


def failed_next(
    kinds: list[str],
    websites: bool | Sequence[bool] = False,
    labels: Sequence[str] | None = None,
    voice: Voice = OWN,
    reasons: Sequence[str] | None = None,
) -> str:
    """What to do about the accounts that could not be read, by why: reading again later
    mends a network failure, not a suspended or private account or a name the platform does
    not know. ``websites``: every one of them is a website, which has no data export to add
    (or, one flag per account, which are).
    Accounts failing for different reasons get each their own advice, named by ``labels``
    (one per kind) where given: "Run the audit again later" was said of a suspended account
    beside one that timed out. ``voice``: who has the data exports ("if Tomasz has it").
    ``reasons`` (one per kind, where given) are what the accounts' own reasons say, which the
    advice does not repeat ("Check the spelling") and which tell an export file that is not
    there from one that cannot be read."""
    web = [websites] * len(kinds) if isinstance(websites, bool) else list(websites)
    said = list(reasons) if reasons is not None else [""] * len(kinds)
    groups: dict[str, list[int]] = {}
    for index, kind in enumerate(kinds):
        groups.setdefault(_group(kind, said[index]), []).append(index)
    if len(groups) <= 1:
        return _advice(next(iter(groups), "later"), len(kinds) == 1, all(web), voice)
    said = []
    for group, members in groups.items():
        named = (
            join_words([labels[i] for i in members])
            if labels is not None
            else plural(len(members), "account")
        )
        advice = _advice(group, len(members) == 1, all(web[i] for i in members), voice)
        said.append(f"For {named}: {advice[:1].lower()}{advice[1:]}")
    return " ".join(said)


#: Failure kinds whose advice is their own; every other kind is mended by reading again later
_ADVISED = {
    kind: kind for kind in ("suspended", "not found", "private", "bad archive", "not in cache")
}
#: a reason that already says what to check (the collectors' "Check the spelling of the
#: handle.", "Check the address"): the advice does not say it again
_SAYS_CHECK = re.compile(r"(?i)\bcheck the (spelling|handle|address|site|path)\b")
#: what a reason says to check that is the account's name (else its address)
_NAMED = {"spelling", "handle"}
#: the reason of an export file that is not where the accounts file says
#: (``collectors.archives.reader``): there is nothing in it to mend
_NO_FILE = re.compile(r"(?i)\bdoes not exist\b")


def _group(kind: str, reason: str) -> str:
    """Which advice an account's failure (its ``kind`` and ``reason``) gets."""
    group = _ADVISED.get(kind, "later")
    checked = _SAYS_CHECK.search(reason) if group == "not found" else None
    if checked:  # which the reason says to check: a typo is likelier than a deletion
        return f"not found, {'spelling' if checked.group(1).lower() in _NAMED else 'address'}"
    if group == "bad archive" and _NO_FILE.search(reason):
        return "no such file"
    return group


def _advice(group: str, one: bool, websites: bool, voice: Voice = OWN) -> str:
    it, its = ("it", "its") if one else ("them", "their")
    is_, was = ("it is", "it was") if one else ("they are", "they were")
    has = voice.does("have", "has")  # "if you have it", "if Tomasz has it"
    if group == "suspended":
        return (
            f"{is_.capitalize()} gone from public view, so running the audit again will not "
            f"read {it}: add {its} data export if {has} it, and remember that copies kept by "
            f"search engines and web archives may outlast {it}."
        )
    if group == "not found":
        return (
            f"Check that {'it is' if one else 'each is'} written as the platform shows {it}; "
            f"if {was} deleted, add {its} data export if {has} it."
        )
    if group.startswith("not found, "):  # the reason says what to check: not twice
        checked = group.removeprefix("not found, ")  # "the spelling", "the address"
        return f"If the {checked} is right and {was} deleted, add {its} data export if {has} it."
    if group == "no such file":  # nothing to mend in a file that is not there
        where = "the file's path" if one else "each file's path"
        return (
            f"Correct {where} in the accounts file (or put the export back where it says), "
            "then run the audit again."
        )
    if group == "private":
        return (
            f"{is_.capitalize()} not public, so running the audit again will not read {it}. A "
            f"stranger sees about as little, but those {it} lets in see more: add {its} data "
            "export to check what they see."
        )
    if group == "bad archive":
        return (
            f"Mend {'the export as its reason says' if one else 'each export as its reason says'}"
            ", then run the audit again: waiting will not change what is in the file."
        )
    if group == "not in cache":
        return (
            "An offline audit reads only answers saved by an earlier audit, and none were "
            f"saved for {it}: run the audit again with a connection."
        )
    if websites:
        return "Run the audit again later."
    return f"Run the audit again later, or add {its} data export."
