"""Links in the person's profiles that could not be followed: accounts the audit found by
following a link (or by the username sweep), not listed by the person, that could not be read.

They leave their own ties unknown, not the audit: the contract's ``complete`` counts only the
listed accounts, and an audit missing a listed account says so first. So these are said after
the verdict: on the terminal one short line (:func:`unfollowed_line`), in the report a section
of its own lower down (``partials/unfollowed.html.j2``), each with what it was linked from and
a plain reason by kind (:func:`plain_reason`). The collector's own reason speaks to a person
who typed the handle ("Check the spelling of the handle"); nobody typed these addresses. An
account on a platform read only from its owner's data export (a link to ``x.com/NAME``) is
never fetched: its reason says so, and what to do (:data:`EXPORT_ONLY`, :func:`found_reason`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from linkage import platforms
from linkage.handles import found_export_only
from linkage.records import Profile
from linkage.status import NOT_FETCHED, StatusKind
from linkage.wording import plural
from reports.voice import OWN, Voice

#: Why an account found on a platform read only from its owner's data export (X, LinkedIn…)
#: was not read: it is recorded as ``refused`` without being fetched, and said apart from a
#: site's refusal, with what to do (:func:`found_reason`)
EXPORT_ONLY = "export only"

#: Each failure kind in plain words: (one address's reason, "most …" of several). The second
#: is a past tense that agrees with one or many ("it answered", "most answered").
PLAIN: dict[str, tuple[str, str]] = {
    StatusKind.NOT_FOUND: ("the address answered 'not found'", "answered 'not found'"),
    StatusKind.SUSPENDED: (
        "the account is suspended or deleted",
        "led to a suspended or deleted account",
    ),
    StatusKind.PRIVATE: ("the account is not public", "led to an account that is not public"),
    StatusKind.RATE_LIMITED: (
        "the site asked for fewer requests; a later audit may read it",
        "got 'too many requests' from the site",
    ),
    StatusKind.REFUSED: ("the site refused to answer", "got a refusal from the site"),
    StatusKind.NETWORK_FAILURE: (
        "the site could not be reached",
        "led to a site that could not be reached",
    ),
    StatusKind.BAD_RESPONSE: (
        "the site's answer could not be read",
        "got an answer that could not be read",
    ),
    StatusKind.SERVER_ERROR: ("the site answered with an error", "got an error from the site"),
    StatusKind.NOT_CACHED: (
        "this audit was offline, and no earlier audit had read it",
        "had not been read by an earlier audit (this one was offline)",
    ),
    StatusKind.INTERNAL_ERROR: (
        "linkage failed while reading it (a fault in linkage, not in the site)",
        "made linkage fail (a fault in linkage)",
    ),
    EXPORT_ONLY: (
        "the platform shows its profiles only to visitors who sign in, so linkage cannot read it",
        "led to a platform that shows its profiles only to visitors who sign in",
    ),
}
_UNKNOWN = ("it could not be read", "could not be read")

#: Why an address found in a profile was not read when the address guard kept linkage from
#: asking it (a private or local network address): recorded as ``refused``, but no site refused
GUARDED = "guarded"
PLAIN[GUARDED] = (
    "it points into a private or local network (this computer or one near it), which linkage "
    "does not visit unless told to with --allow-private",
    "pointed into a private or local network, which linkage does not visit",
)


def why_unread(profile: Profile) -> str:
    """The key of :data:`PLAIN` for why ``profile`` was not read: its status's kind, or
    :data:`EXPORT_ONLY` for an account found on a platform only its owner's export shows (a
    listed one is that export, read or not)."""
    found = profile.discovered_by and not profile.ok
    if found and platforms.export_only(profile.platform) is not None:
        return EXPORT_ONLY
    status = profile.status
    if found and status.kind == StatusKind.REFUSED and NOT_FETCHED in (status.error or ""):
        return GUARDED  # the address guard's, not the site's: nothing was asked
    return str(status.kind)


def found_reason(why: str, title: str, voice: Voice = OWN) -> str:
    """Why one found account (``title``: its platform's) could not be read, in plain words,
    by :func:`why_unread`'s key; for one only its owner's export shows, what to do too."""
    if why == EXPORT_ONLY:
        return found_export_only(title, voice.yours)
    return plain_reason(why)


def plain_reason(kind: str) -> str:
    """Why one address could not be followed, in plain words, by its failure kind."""
    return PLAIN.get(kind, _UNKNOWN)[0]


def most_said(kinds: Sequence[str]) -> str | None:
    """The reason most of them share ("most answered 'not found'", "all …", "it …"), or None
    when no reason is shared by more than half."""
    if not kinds:
        return None
    kind, count = Counter(kinds).most_common(1)[0]
    said = PLAIN.get(kind, _UNKNOWN)[1]
    if len(kinds) == 1:
        return f"it {said}"
    if count == len(kinds):
        return f"all {said}"
    return f"most {said}" if count * 2 > len(kinds) else None


def unfollowed_line(
    kinds: Sequence[str],
    *,
    linked: bool = True,
    voice: Voice = OWN,
    why: bool = True,
    report: bool = False,
) -> str:
    """The one line saying how many could not be followed: "23 links in your profiles could
    not be followed (most answered 'not found'): the report lists them." ``linked``: all were
    found through links (else some by the username sweep: "accounts found by the audit");
    ``why``: with the shared reason (not in a redacted output, nor under ``--quiet``);
    ``report``: a report was written that lists them."""
    count = len(kinds)
    if linked:
        line = f"{plural(count, 'link')} in {voice.whose} profiles could not be followed"
    else:
        line = f"{plural(count, 'account')} found by the audit could not be read"
    shared = most_said(kinds) if why else None
    if shared:
        line += f" ({shared})"
    if report:
        line += f": the report lists {'it' if count == 1 else 'them'}"
    return line + "."


def not_drawn(count: int, *, linked: bool = True, voice: Voice = OWN) -> str:
    """What the picture leaves out (:func:`reports.graph_svg.drawn`), before the link to the
    list of them: "Not drawn: the 28 links in your profiles that could not be followed.
    Nothing could be read from them, so they have no tie to draw;"."""
    one = count == 1
    if linked:
        what = "link" if one else f"{count} links"
        said = f"the {what} in {voice.whose} profiles that could not be followed"
    else:
        what = "account" if one else f"{count} accounts"
        said = f"the {what} found by the audit that could not be read"
    it, has = ("it", "it has") if one else ("them", "they have")
    return f"Not drawn: {said}. Nothing could be read from {it}, so {has} no tie to draw;"


def not_measured(count: int, voice: Voice = OWN) -> str:
    """What an unfollowed link means, and what to do about it: "if it is yours" or "if they
    are yours" (the grammar of one or many), and in a redacted report the account holder's."""
    one = count == 1
    it, is_ = ("it", "it is") if one else ("them", "they are")
    said = (
        f"Ties through {it} are not measured. {is_.capitalize()} not in {voice.whose} accounts "
        f"file, so the verdict does not wait for {it}: "
    )
    if voice.own:
        return (
            said + f"if {is_} yours, add {it} to the file to audit {it}; if a link is old, "
            "take it out of the profile that holds it."
        )
    return (
        said + f"if {is_} {voice.yours}, adding {it} to the file audits {it}; if a link is old, "
        "taking it out of the profile that holds it ends the tie."
    )


def found_more(found: Sequence[Profile]) -> str:
    """The accounts the audit found and read, as the line counting what was read says them
    ("found 2 more from their links"), or "" when none was read. A link that could not be
    followed is no account found: "found 28 more" read as 28 more accounts of the person's,
    when all 28 were addresses that answered 'not found' (:func:`unfollowed_line` says those).
    """
    read = [p for p in found if p.ok]
    if not read:
        return ""
    linked = sum(1 for p in read if _linked(p))
    how = (
        "from their links"
        if linked == len(read)
        else "by their usernames"
        if not linked
        else "from their links and usernames"
    )
    return f"found {len(read)} more {how}"


def _linked(profile: Profile) -> bool:
    """Found by following a link (not by the username sweep)."""
    return (profile.discovered_by or "").startswith("linked from")


def header_count(listed: int, found: int, linked: bool = True) -> str:
    """The report header's count: the listed accounts, and apart from them those the audit
    found and read ("13 accounts, and 2 more found through their links"); the links that
    could not be followed are said beside the verdict (:func:`unfollowed_line`)."""
    words = plural(listed, "account")
    if found:
        how = "found through their links" if linked else "found by the audit"
        words += f", and {found} more {how}"
    return words
