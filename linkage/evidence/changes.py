"""The changes remediation can advise: what each is, how disruptive it is, what it does to a
profile record (exactly as the contract defines it) and how it is said to the reader.
:mod:`linkage.evidence.remediation` searches for the least disruptive set of them."""

from __future__ import annotations

import copy
import hashlib
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field

from linkage import platforms
from linkage.platforms.allows import UNKNOWN, Allows
from linkage.records import Profile
from linkage.signals import Signal
from linkage.signals.crosslinks import mentions_in, written_links
from linkage.urls import addresses_in, link_key, normalise_url, written_form

#: How disruptive each kind of change is to the person (smaller is easier).
COST = {
    ("links", "remove"): 1.0,
    ("location", "remove"): 1.0,
    ("avatar", "replace"): 1.2,
    ("display_name", "remove"): 1.5,
    ("bio", "remove"): 2.0,
    ("handle", "replace"): 3.0,
    ("posts", "remove"): 4.0,
    ("visibility", "make_private"): 5.0,
}
#: A professional account exists to be found under its owner's name: changing what it
#: shows of them (name, handle, picture, text, writing) or hiding it costs this many times
#: as much, so that advice falls on the personal side first. Removing a link or a location
#: costs the same on either side.
PROFESSIONAL_FACTOR = 2.0
SAME_ON_EITHER_SIDE = frozenset({("links", "remove"), ("location", "remove")})


@dataclass(frozen=True)
class Change:
    account: str
    field: str
    action: str
    value: str | None = None
    #: the account is on the professional side (see PROFESSIONAL_FACTOR)
    professional: bool = dataclass_field(default=False, compare=False)

    @property
    def cost(self) -> float:
        if self.phrase:
            return COST[("links", "remove")]  # taking one mention out is like one link
        base = COST.get((self.field, self.action), 3.0)
        if self.professional and (self.field, self.action) not in SAME_ON_EITHER_SIDE:
            return base * PROFESSIONAL_FACTOR
        return base

    @property
    def phrase(self) -> bool:
        """One phrase taken out of the bio (another account's handle), not the whole bio."""
        return self.field == "bio" and self.action == "remove" and bool(self.value)


# -- applying a change, as the contract defines it ------------------------------------------------


def new_handle(profile: Profile) -> str:
    """A suggested replacement handle: unrelated to the old one and to any name, as the
    platform writes a handle (on the same server, a Bluesky handle on bsky.social)."""
    digest = hashlib.sha256(profile.id.encode("utf-8")).hexdigest()
    name = f"acct{digest[:10]}"
    platform = platforms.get(profile.platform)
    return platform.renamed(name, profile.handle or "") if platform is not None else name


def apply_change(profile: Profile, change: Change) -> Profile:
    """A copy of ``profile`` with ``change`` applied (the contract's meaning of each action)."""
    out = copy.deepcopy(profile)
    if change.action == "make_private":
        return Profile(
            id=out.id,
            platform=out.platform,
            handle=out.handle,
            url=out.url,
            persona=out.persona,
            collected=out.collected,
        )
    if change.field == "handle" and change.action == "replace":
        handle = change.value or new_handle(profile)
        platform = platforms.get(profile.platform)
        out.handle = handle
        out.id = f"{profile.platform}:{handle}"
        out.url = platform.profile_url(handle) if platform else None
        return out
    if change.field in ("avatar", "display_name", "location") or (
        change.field == "bio" and change.value is None
    ):
        setattr(out, change.field, None)
        return out
    if change.field == "links":
        if change.value is None:
            out.links, out.verified_links = [], []
            out.bio = _without_addresses(out.bio, None)
        else:
            key = link_key(change.value)
            out.links = [u for u in out.links if link_key(u) != key]
            out.verified_links = [u for u in out.verified_links if link_key(u) != key]
            # the advice says to take it out of the bio too (:data:`IN_BIO`), where a reader
            # would still follow it
            out.bio = _without_addresses(out.bio, key)
        return out
    if change.field == "bio" and out.bio:
        written = addresses_in(change.value, bare=True)  # an address: in any spelling
        out.bio = (
            _without_addresses(out.bio, link_key(written[0]))
            if written
            else _without_phrase(out.bio, change.value or "")
        )
        return out
    if change.field == "posts":
        out.posts = (
            []
            if change.value is None
            else [p for p in out.posts if (change.value or "").lower() not in p.text.lower()]
        )
        return out
    return out


def _without_addresses(bio: str | None, key: str | None) -> str | None:
    """``bio`` without the address whose :func:`link_key` is ``key`` wherever it writes it out,
    in any spelling (any address, for ``key`` None), and without the gap it leaves."""
    if not bio:
        return bio
    taken = False
    for url in addresses_in(bio, bare=True):
        if key is None or link_key(url) == key:
            bio, taken = _without_phrase(bio, written_form(url, bio)), True
    if taken:
        bio = re.sub(r"[ \t]+([,.;:!?)])", r"\1", re.sub(r"[ \t]{2,}", " ", bio)).strip()
    return bio


def _without_phrase(text: str, phrase: str) -> str:
    """``text`` without ``phrase`` wherever it stands as a whole (not inside a longer word or
    handle: taking "@tide" out of "@tidepool" is not what a person does)."""
    if not phrase:
        return text
    before = r"[\w@/.:-]" if phrase[:1].isalnum() or phrase[:1] == "_" else r"\w"
    return re.sub(_standing_alone(phrase, before), "", text, flags=re.IGNORECASE)


def _standing_alone(text: str, before: str) -> str:
    """A pattern for ``text`` not preceded by ``before`` and not going on into a longer word,
    handle or address (a full stop ends a sentence, unless a word goes on after it)."""
    return rf"(?<!{before}){re.escape(text)}(?![\w@-])(?!\.\w)"


def apply_changes(profiles: Sequence[Profile], changes: Sequence[Change]) -> list[Profile]:
    """Apply changes in order; changes to a renamed account follow it by its original id."""
    current = {p.id: p for p in profiles}
    renamed: dict[str, str] = {}
    for change in changes:
        key = renamed.get(change.account, change.account)
        if key not in current:
            continue
        updated = apply_change(current[key], change)
        del current[key]
        current[updated.id] = updated
        if updated.id != key:
            renamed[change.account] = updated.id
    return list(current.values())


def candidate_changes(profile: Profile, named: Collection[str] = ()) -> list[Change]:
    """Every concrete change that could remove evidence from ``profile``; ``named``: how a
    bio may name the audit's other accounts (:func:`linkage.signals.crosslinks.named_as`),
    each such mention in this bio being a change of its own."""
    pid = profile.id
    side = profile.persona == "professional"
    found: list[tuple[str, str, str | None]] = []
    shown: dict[str, str] = {}
    for link in profile.links + profile.verified_links:  # each once, however each spells it
        shown.setdefault(normalise_url(link) or link, link)
    for link in shown.values():
        found.append(("links", "remove", link))
    if profile.location:
        found.append(("location", "remove", None))
    if profile.avatar is not None and not profile.avatar.default:
        found.append(("avatar", "replace", None))
    if profile.display_name:
        # "remove": the change measured is the name emptied, the contract's remove. Measured
        # as "replace" with no name in its place, the advice broke its own promise: on the
        # demo, a reader who showed a new made-up name instead left a chain of 7.8 bits where
        # the plan promised 5.5 (a new name contradicts the person's other names, and that
        # changes which accounts the model takes to be surely one person).
        found.append(("display_name", "remove", None))
    if profile.bio:
        # a handle of another account named in the bio goes on its own, as a link does; so
        # does an address the bio writes out that the links do not hold
        found.extend(
            ("bio", "remove", written)
            for key, written in mentions_in(profile.bio).items()
            if key in named
        )
        found.extend(
            ("bio", "remove", written_form(url, profile.bio)) for url in written_links(profile)
        )
        found.append(("bio", "remove", None))
    # only what the platform lets its owner do (:mod:`linkage.platforms.allows`): Reddit and
    # Hacker News rename no account, and a profile that cannot be made private is deleted
    allows = allowed(profile.platform)
    if allows.rename:
        found.append(("handle", "replace", new_handle(profile)))
    if profile.posts:
        found.append(("posts", "remove", None))
    if allows.hidden:
        found.append(("visibility", "make_private", None))
    return [Change(pid, f, action, value, professional=side) for f, action, value in found]


def allowed(platform: str) -> Allows:
    """What the owner of an account on ``platform`` may do to it (:class:`Allows`)."""
    known = platforms.get(platform)
    return known.allows if known is not None else UNKNOWN


def platform_of(account: str) -> str:
    """The platform of an account id (``PLATFORM:HANDLE``)."""
    return account.partition(":")[0]


#: the profile fields each kind of change alters (making an account private alters all)
CHANGED_FIELDS = {
    "links": frozenset({"links", "verified_links", "bio"}),  # the bio may write it out too
    "location": frozenset({"location"}),
    "avatar": frozenset({"avatar"}),
    "display_name": frozenset({"display_name"}),
    "bio": frozenset({"bio"}),
    "handle": frozenset({"handle", "url"}),
    "posts": frozenset({"posts"}),
}


def touches(change: Change, signal: Signal) -> bool:
    """Whether ``change`` alters a field ``signal`` reads."""
    fields = CHANGED_FIELDS.get(change.field)
    if change.action == "make_private" or fields is None or signal.reads is None:
        return True
    return bool(fields & signal.reads)


def slot(change: Change) -> tuple[str, str, str | None]:
    """What a change changes: one field of one account, or one of its links or of the
    accounts its bio names (each is removed on its own; any two other changes of one field
    are alternatives)."""
    own = change.field == "links" or change.phrase
    return (change.account, change.field, change.value if own else None)


#: Each kind of change as a verb phrase in the reader's words, before the account's name;
#: the report and the plan's own explanations both use it. Making an account private is said
#: as its platform allows (:func:`hide_words`).
VERBS = {
    ("links", "remove"): "Remove a link from",
    ("location", "remove"): "Remove the location from",
    ("avatar", "replace"): "Use a different profile picture on",
    ("display_name", "remove"): "Remove the name shown on",
    ("bio", "remove"): "Remove or rewrite the profile text of",
    ("handle", "replace"): "Rename",
    ("posts", "remove"): "Delete or hide the public writing of",
}


def hide_words(
    account: str, *, renamed: bool = False, links: Sequence[str] | None = None
) -> tuple[str, str]:
    """How making ``account`` private is said, as its platform allows: the words before and
    after the account's name. "Make … private (or delete it)" where it can be made private
    (Forgejo), "Delete …" where it cannot but its owner can delete it (GitHub, Reddit), "Ask
    the site to delete … by writing to …" where only the site can (Hacker News), or the
    platform's own words ("Take … down or put it behind a login", a website). ``renamed``: the
    plan renames it too, so that a deleted one is deleted once renamed, and a private one is
    not told to be deleted (it would have nothing left to rename). ``links``: the profile's
    links, which tell what it shows as connected (Lobsters' GitHub and Mastodon accounts,
    to disconnect first); None when they are not known (the history's advice)."""
    allows = allowed(platform_of(account))
    if allows.hide_words is not None:
        before, after = allows.hide_words
        return before, after + _disconnect(allows, links)
    if allows.private:
        return ("Make", " private") if renamed or not allows.delete else _PRIVATE_OR_DELETE
    if allows.delete:
        return ("Delete", ", once renamed") if renamed else ("Delete", "")
    if allows.ask is not None:
        return ("Ask the site to delete", f" by writing to {allows.ask}")
    return _PRIVATE_OR_DELETE  # advice of an older linkage, as it was given


_PRIVATE_OR_DELETE = ("Make", " private (or delete it)")


def _disconnect(allows: Allows, links: Sequence[str] | None) -> str:
    """What to disconnect before hiding an account whose connections stay on its profile:
    those its ``links`` show (" (disconnect its GitHub account first)"), nothing when they
    show none, every kind "if connected" when the links are not known."""
    if not allows.connections:
        return ""
    if links is None:
        shown, known = list(allows.connections), False
    else:
        found = {(platforms.account_of(url) or ("", ""))[0] for url in links}
        shown, known = [c for c in allows.connections if c in found], True
    if not shown:
        return ""
    titles = " and ".join(platforms.title(c) for c in shown)
    noun = "account" if len(shown) == 1 else "accounts"
    return f" (disconnect its {titles} {noun} first{'' if known else ', if connected'})"


def link_words(account: str, url: str, profile: Profile | None = None) -> tuple[str, str]:
    """How removing the link to ``url`` from ``account`` is said, the words before and after
    the address: "Remove the link to … from", or on Keybase, whose links are proofs, "Revoke
    the proof of … on" (unless ``profile`` shows the link is only written in its bio)."""
    if allowed(platform_of(account)).proofs and not (
        profile is not None and _only_in_bio(url, profile)
    ):
        return "Revoke the proof of", "on"
    return "Remove the link to", "from"


def _only_in_bio(url: str, profile: Profile) -> bool:
    """Whether ``url`` is written in ``profile``'s bio and is none of its verified proofs."""
    key = link_key(url)
    in_bio = any(link_key(u) == key for u in addresses_in(profile.bio or "", bare=True))
    return in_bio and all(link_key(u) != key for u in profile.verified_links)


def words(change: Change) -> tuple[str, str]:
    """What to do, in the words before and after the account's name ("Make", " private")."""
    return words_for(change.field, change.action, change.account)


def words_for(
    field: str, action: str, account: str = "", *, renamed: bool = False
) -> tuple[str, str]:
    """What to do to ``field`` of ``account`` (an id, whose platform says how it is hidden),
    in the words before and after its name: the report's words, which the history's list of
    advice not yet taken repeats. ``renamed``: the same advice renames the account too
    (:func:`hide_words`)."""
    if action == "make_private":
        return hide_words(account, renamed=renamed)
    if (field, action) == ("links", "remove") and allowed(platform_of(account)).proofs:
        return "Revoke a proof on", ""
    return VERBS.get((field, action), f"Change the {field.replace('_', ' ')} of"), ""


def verb(change: Change) -> str:
    """What to do, before the account's name ("Rename", "Delete")."""
    return words(change)[0]


def renamed(whose: str = "your") -> str:
    """Said of an account to rename: what to choose (the plan's stand-in name is no name to
    copy); ``whose``: the person's, as the report says it ("Morag's")."""
    return f"choosing a username unrelated to {whose} name and {whose} other usernames"


#: :func:`renamed`, said to the person
RENAMED = renamed()

#: Said of a link to remove that the account's bio also spells out.
IN_BIO = "whose bio writes it out too: take it out there as well"


def written_in_bio(change: Change, profiles: Sequence[Profile]) -> bool:
    """Whether the link ``change`` removes is also spelt out in its account's bio: taken out of
    the profile's links alone, it stays in plain view (and is read again next time)."""
    if change.field != "links" or not change.value:
        return False
    bio = next((p.bio for p in profiles if p.id == change.account), None) or ""
    # the address itself in any spelling ("www.", another case, no scheme), not the start of
    # a longer one ("github.com/rowan" in "github.com/rowan-pell", "ada.example.org" in
    # "ada.example.org.uk"): as the plan takes it out (:func:`apply_change`)
    key = link_key(change.value)
    return any(link_key(url) == key for url in addresses_in(bio, bare=True))


def explain(
    change: Change,
    pair: tuple[str, str],
    before: float,
    after: float,
    profiles: Sequence[Profile],
    together: Sequence[Change] = (),
) -> str:
    """The change and what it does, in one sentence; ``together``: the changes it works with
    (the effect given is theirs jointly)."""
    names = {p.id: f"{p.handle} ({platforms.title(p.platform)})" for p in profiles}
    links = {p.id: p.links for p in profiles}

    def action(one: Change) -> str:
        said = _action(one, names, links)
        return f"{said}, {IN_BIO}" if written_in_bio(one, profiles) else said

    joint = "".join(
        f", together with: {action(other)[:1].lower()}{action(other)[1:]}" for other in together
    )
    return (
        f"{action(change)}{joint}: the chain from {names.get(pair[0], pair[0])} to "
        f"{names.get(pair[1], pair[1])} falls from {before:.1f} to {after:.1f} bits."
    )


def _action(change: Change, names: dict[str, str], links: dict[str, list[str]]) -> str:
    what, after = words(change)
    if change.action == "make_private" and change.account in links:
        what, after = hide_words(change.account, links=links[change.account])
    elif change.field == "links" and change.value:
        before, behind = link_words(change.account, change.value)
        what = f"{before} {change.value} {behind}"
    elif change.phrase:
        what = f"Remove '{change.value}' from the profile text of"
    target = names.get(change.account, change.account)
    if change.field == "handle":
        target = f"{target}, {RENAMED}"
    return f"{what} {target}{after}"
