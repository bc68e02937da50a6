"""Discovery: accounts the audit did not list, found the way a searcher would find them.

* Following links: every link in the collected profiles (one hop by default, ``--depth`` for
  more) that is not already an audited account is collected, through its platform's collector
  when one recognises the address, else as a website. Discovered addresses pass the address
  guard: nothing in a private, loopback or link-local network is fetched (unless
  ``--allow-private``), whatever ``--endpoint`` maps (the mapping decides only where an allowed
  request goes); every request made for a discovered account is guarded and pinned to the
  address that was checked (:meth:`collectors.http.HttpClient.for_discovered`). A link to a
  profile on a platform read only from its owner's data export (``x.com/NAME``,
  ``linkedin.com/in/NAME``) is a found account that is never fetched: it is recorded as not
  read, saying why and what to do, as an outsider may still follow it.
* The username sweep (``--discover``): where the audited usernames exist on a site list; every
  account found is collected the same way.

Discovered profiles carry ``discovered_by`` (how they were found) and no persona: they are
not one of the person's declared sides, but chains may run through them, and the report lists
them as accounts you may have forgotten.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from urllib.parse import parse_qs, urlsplit

from collectors.base import CollectContext, now_iso
from collectors.errors import CollectError
from collectors.text import normalise_url
from collectors.websocial import profile_link
from linkage import platforms
from linkage.accounts import AccountSpec
from linkage.errors import UsageError
from linkage.handles import Handle, found_export_only, parse_handle
from linkage.pipeline import collect_all
from linkage.records import Collected, Profile
from linkage.status import Status, StatusKind

#: At most this many discovered accounts are collected per run (a bio can hold many links).
MAX_DISCOVERED = 60
#: Hosts whose addresses are never accounts of the person (link shorteners, big homepages).
_NOT_ACCOUNTS = {"t.co", "bit.ly", "goo.gl", "youtu.be", "wikipedia.org", "en.wikipedia.org"}


@dataclass
class Found:
    handle: Handle
    how: str
    #: the profile's address, for an account that is recorded without being fetched
    url: str | None = None


def _known_addresses(profiles: Sequence[Profile]) -> set[str]:
    known = set()
    for profile in profiles:
        known.add(profile.id.lower())
        if profile.url:
            key = normalise_url(profile.url)
            if key:
                known.add(key.lower())
    return known


def links_to_follow(profiles: Sequence[Profile], known: set[str]) -> list[Found]:
    """Handles for the links of ``profiles`` that are not accounts already known."""
    found: dict[str, Found] = {}
    for profile in profiles:
        for link in profile.links:
            key = normalise_url(link)
            if not key or key.lower() in known:
                continue
            host = key.split("/")[2] if key.count("/") >= 2 else ""
            if host in _NOT_ACCOUNTS:
                continue
            address = link if "://" in link else key
            try:
                handle, url = parse_handle(address), None
            except UsageError:  # not an account, or one only its owner's export shows
                account = export_only_account(address)
                if account is None:
                    continue
                handle, url = account
            # x.com/Ada and twitter.com/ada are one account: those names ignore case
            ident = handle.id.lower() if url else handle.id
            if handle.id.lower() in known or ident in found:
                continue
            found[ident] = Found(handle, f"linked from {profile.id}", url)
    return list(found.values())


def export_only_account(address: str) -> tuple[Handle, str] | None:
    """The account, and its profile address, that ``address`` names on a platform read only
    from its owner's data export (``x.com/NAME`` or ``twitter.com/NAME`` is ``x:NAME``,
    ``linkedin.com/in/NAME`` is ``linkedin:NAME``); None for any other address, and for those
    on such a platform that are no one's profile (``x.com/intent/…``, ``x.com/home``, a post,
    ``linkedin.com/company/…``)."""
    platform = platforms.export_only(address)
    profile = profile_link(address) if platform is not None else None
    if platform is None or profile is None:
        return None
    parts = urlsplit(profile)
    ids = parse_qs(parts.query).get("id") or [""]  # facebook.com/profile.php?id=NUMBER
    name = (ids[0] if parts.query else parts.path.rstrip("/").rsplit("/", 1)[-1]).lstrip("@")
    try:
        return Handle(platform.name, platform.normalise(name)), profile
    except ValueError:
        return None


def follow_links(
    profiles: list[Profile],
    ctx: CollectContext,
    *,
    depth: int = 1,
    collect: Callable[[list[AccountSpec], CollectContext], list[Profile]] | None = None,
) -> list[Profile]:
    """Collect the accounts that ``profiles`` link to, ``depth`` hops out; returns the new ones."""
    collect = collect or (lambda specs, c: collect_all(specs, c).profiles)
    known = _known_addresses(profiles)
    frontier = list(profiles)
    discovered: list[Profile] = []
    for _ in range(max(0, depth)):
        found = links_to_follow(frontier, known)[: MAX_DISCOVERED - len(discovered)]
        if not found:
            break
        # an account already in the audit, reached by another name (a Mastodon alias that
        # WebFinger answers with the account's own name, an address that redirects to a listed
        # page): one account, audited once, and not a second one with the same label
        new = [p for p in collect_found(found, ctx, collect) if not _known_as(p, known)]
        for profile in new:
            known.add(profile.id.lower())
            if profile.url and normalise_url(profile.url):
                known.add(normalise_url(profile.url).lower())  # type: ignore[union-attr]
        discovered += new
        frontier = [p for p in new if p.ok]
    return discovered


def _known_as(profile: Profile, known: set[str]) -> bool:
    """Whether a collected ``profile`` is an account already known, under its own address or
    as its platform names it."""
    if not profile.ok:
        return False
    address = normalise_url(profile.url) if profile.url else None
    if address and address.lower() in known:
        return True
    try:
        own = parse_handle(f"{profile.platform}:{profile.handle}")
    except UsageError:
        return False
    return own.id.lower() in known


def collect_found(
    found: Sequence[Found],
    ctx: CollectContext,
    collect: Callable[[list[AccountSpec], CollectContext], list[Profile]],
) -> list[Profile]:
    """Collect discovered handles; those whose address the guard refuses, and those on a
    platform read only from its owner's export, are recorded, not fetched."""
    specs, refused = [], []
    for number, item in enumerate(found, start=1):
        export_only = platforms.export_only(item.handle.platform)
        if export_only is not None:
            why = found_export_only(export_only.title) + "."
            refused.append((item, Status.failure(StatusKind.REFUSED, why)))
            continue
        collector_url = item.handle.name if item.handle.platform == "web" else None
        if collector_url:
            try:
                # as written whatever the mapping; resolved too when not mapped, and online
                ctx.http.check_discovered(collector_url)
            except CollectError as exc:
                refused.append((item, exc.as_status()))
                continue
        specs.append((AccountSpec(number=number, handle=item.handle), item.how))
    # every request for a discovered account meets the address guard (and is pinned)
    found_ctx = replace(ctx, http=ctx.http.for_discovered())
    profiles = collect([spec for spec, _ in specs], found_ctx) if specs else []
    for profile, (_, how) in zip(profiles, specs, strict=True):
        profile.discovered_by = how
        profile.persona = None
    for item, reason in refused:
        profiles.append(
            Profile(
                id=item.handle.id,
                platform=item.handle.platform,
                handle=item.handle.name,
                url=item.url or (item.handle.name if item.handle.platform == "web" else None),
                discovered_by=item.how,
                collected=Collected(collector="discovery", at=now_iso(), status=reason),
            )
        )
    return profiles


def swept_as(platform: str, handle: str | None) -> str | None:
    """The username the sweep looks for on behalf of an account (``alice`` for
    ``mastodon:alice@example.social`` or ``bluesky:alice.bsky.social``), or None for accounts
    that have none (websites, Stack Exchange ids): as ``linkage sweep`` reads a handle
    (:func:`linkage.handles.username_of`), so that ``forget`` finds what either kept."""
    from linkage.handles import Handle, username_of

    if not handle:
        return None
    return username_of(Handle(platform, handle))


def sweep_usernames(
    profiles: Sequence[Profile],
    ctx: CollectContext,
    *,
    sites=None,
    variants: bool = False,
    collect: Callable[[list[AccountSpec], CollectContext], list[Profile]] | None = None,
) -> list[Profile]:
    """Sweep the audited usernames over a site list and collect the accounts found."""
    from collectors.sweep import discover

    collect = collect or (lambda specs, c: collect_all(specs, c).profiles)
    usernames = sorted({name for p in profiles if (name := swept_as(p.platform, p.handle))})
    if not usernames:
        return []
    config = ctx.http.config
    results = discover(
        usernames,
        sites,
        endpoints=config.endpoints,
        allow_private=config.allow_private,
        variants=variants,
        cache_dir=config.cache_dir,
        refresh=config.refresh,
    )
    known = _known_addresses(profiles)
    found: dict[str, Found] = {}
    for result in results:
        if result.status != "found" or not (result.handle or result.url):
            continue
        try:
            handle = parse_handle(result.handle or result.url or "")
        except UsageError:
            continue
        if handle.id.lower() in known or handle.id in found:
            continue
        found[handle.id] = Found(handle, f"username '{result.username}' found on {result.site}")
    return collect_found(list(found.values())[:MAX_DISCOVERED], ctx, collect)
