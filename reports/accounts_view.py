"""The accounts section (``partials/accounts.html.j2``): one card per account, with how it
was read and, unless redacted, what it shows (handle, name, bio, links, a few posts, its
picture) and how the audit found it."""

from __future__ import annotations

from typing import Any

from linkage.records import Profile
from reports.labels import in_sentence, platform_title, side_title
from reports.text import human_date, shorten
from reports.unfollowed import found_reason, why_unread

MAX_BIO_CHARS = 600
MAX_POST_CHARS = 280
MAX_POSTS_SHOWN = 3


def account_view(
    profile: Profile, label: str, redact: bool, labels: dict[str, str] | None = None
) -> dict[str, Any]:
    """One account's card; ``labels`` name the account it was found from, if any."""
    status = profile.status
    why = why_unread(profile)
    view: dict[str, Any] = {
        "id": profile.id,
        "label": label,
        "platform": platform_title(profile.platform),
        # its side, or none: found by the audit, or listed with none (as the picture's key)
        "persona": side_title(profile),
        "ok": status.ok,
        "kind": str(status.kind),
        # why it was not read, as the links not followed say it (:func:`why_unread`)
        "why": why,
        # the site's name could not be looked up: no failure of the site's own
        "unresolved": status.unresolved,
        # the site could not be reached at all (no name, connection refused or not made)
        "unreachable": status.unreachable,
        # read, but not all of it: what is missing may tie it more strongly than shown
        "partial": status.partial,
        "missing": status.reason.rstrip(".") + "." if status.partial and status.reason else None,
        "discovered": _how_found(profile.discovered_by, labels or {}, redact),
        # found by following a link (not by the username sweep)
        "linked": (profile.discovered_by or "").startswith("linked from"),
        # read in full; read in part (and why); or, for a failure, why in the collector's
        # words, which speak to the person who typed the handle ("Check the spelling"): for an
        # address found in a profile, nobody typed it, so why in plain words
        "status": "read"
        if status.complete
        else str(status)
        if status.ok
        else found_reason(why, platform_title(profile.platform)) + "."
        if profile.discovered_by
        else (status.reason or str(status)),
        "collected_at": human_date(profile.collected.at) if profile.collected else None,
        "counts": {
            "links": len(profile.links),
            "posts": len(profile.posts),
            "words": sum(len(p.text.split()) for p in profile.posts),
            "avatar": bool(profile.avatar and (profile.avatar.sha256 or profile.avatar.phash)),
        },
    }
    if redact:
        # why an account could not be read may say something of the person (suspended,
        # deleted, made private), and exact counts help single a small account out: the full
        # report has both
        view["status"] = status.label if status.ok else None
        view["missing"] = None
        view["counts"] = None
        return view
    bio = profile.bio or ""
    view.update(
        {
            "handle": profile.handle,
            "url": profile.url,
            "display_name": profile.display_name,
            "bio": shorten(bio, MAX_BIO_CHARS),
            "location": profile.location,
            "links": profile.links[:20],
            "posts": [shorten(p.text, MAX_POST_CHARS) for p in profile.posts[:MAX_POSTS_SHOWN]],
            "thumbnail": profile.avatar.thumbnail
            if profile.avatar and (profile.avatar.thumbnail or "").startswith("data:image/")
            else None,
        }
    )
    return view


def _how_found(how: str | None, labels: dict[str, str], redact: bool) -> str | None:
    if not how:
        return None
    if redact and how.startswith("username"):
        return "found by the username sweep"
    for pid, label in labels.items():  # 'linked from reddit:x' names the account as elsewhere
        if how.endswith(f" {pid}"):  # redacted, by its letter: which profile holds the link
            return how[: -len(pid)] + (in_sentence(label, redact) if redact else label)
    return "found through a link" if redact else how
