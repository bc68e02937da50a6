"""Collecting hostile data: the fleet's original accounts with payloads planted in every field
of their answers, every importer's archive with payloads in every field, and accounts whose
failure messages carry payloads. The result is analysed as an audit would be."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from collectors import registry
from collectors.base import CollectContext, Limits
from collectors.http import HttpClient
from linkage.accounts import AccountSpec
from linkage.evidence.analysis import Analysis, analyse
from linkage.evidence.remediation import plan_remediation
from linkage.handles import parse_handle
from linkage.pipeline import collect_all
from linkage.records import Avatar, Collected, Post, Profile
from linkage.status import COLLECTED, Status
from tests.collectors.archives.layouts import Builder
from tests.collectors.archives.layouts_more import LAYOUTS
from tests.robustness.fleet import ALL_PLATFORMS, Fleet, fleet_config
from tests.robustness.payloads import (
    HOSTILE_URLS,
    PAYLOADS,
    Planter,
    keep_for,
    plant_answer,
    plant_members,
)
from tests.server import LocalServer

OWNER = "Owner <script>window.__pwned='owner'</script> \u202eroot\u202c"
#: Handles that fail (nothing answers for them), so that their error messages carry payloads.
FAILING = [
    "https://nobody.example.org/<script>window.__pwned='handle'</script>",
    "https://nobody.example.org/?q=\"><img/src=x/onerror=window.__pwned='err'>",
    "https://nobody.example.org/\u202e\u200bspoof",
]


@dataclass
class Abuse:
    profiles: list[Profile]
    analysis: Analysis
    placements: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    #: profile id -> "collector", "archive" or "profiles file"
    sources: dict[str, str] = field(default_factory=dict)


def originals(fleet: Fleet) -> list:
    listed = {spec.handle.id for spec in _original_specs() if spec.handle}
    return [a for a in fleet.accounts if a.id in listed]


def _original_specs() -> list[AccountSpec]:
    from linkage.accounts import load_accounts

    return load_accounts(ALL_PLATFORMS / "accounts.toml").accounts


def collect_hostile(fleet: Fleet, server: LocalServer, *, remediate: bool = True) -> Abuse:
    """Plant, collect, import and analyse. The server's overrides are left set (clear them)."""
    planters: list[Planter] = []
    accounts = originals(fleet)
    for account in accounts:
        names = [account.id.partition(":")[2], *(account.spec.handle.name.split("@"))]
        planter = Planter(keep=keep_for(account.keys, names))
        planters.append(planter)
        for key in account.keys:
            server.overrides[key] = plant_answer(fleet.answers[key], planter)
    specs = [a.spec for a in accounts]
    specs += [
        AccountSpec(number=100 + i, handle=parse_handle(h), persona="personal")
        for i, h in enumerate(FAILING)
    ]
    live = len(specs)
    with tempfile.TemporaryDirectory(prefix="linkage-abuse-") as tmp:
        build = Builder(Path(tmp))
        for number, (kind, layout) in enumerate(sorted(LAYOUTS.items()), start=200):
            planter = Planter()
            planters.append(planter)
            members = layout()
            if kind == "reddit-export":
                # an export of the live fleet's Reddit account would be audited once, as one
                # account (linkage.duplicates): this is another account's
                members["statistics.csv"] = str(members["statistics.csv"]).replace(
                    "quiet_reader", "quiet_reader_export"
                )
            path = build.zip(f"{kind}.zip", plant_members(members, planter))
            specs.append(AccountSpec(number=number, archive=path, kind=kind, persona="personal"))
        config = fleet_config(server, fleet, Path(tmp) / "cache")
        with HttpClient(config) as http:
            ctx = CollectContext(http=http, limits=Limits(100, 10_000), env={})
            profiles = collect_all(specs, ctx).profiles
    sources = {p.id: "collector" if i < live else "archive" for i, p in enumerate(profiles)}
    direct = direct_profiles()
    sources.update({p.id: "profiles file" for p in direct})
    profiles += direct
    analysis = analyse(profiles, owner=OWNER, remediate=False)
    if remediate:
        # the search over every account's changes is slow with this many strongly linked
        # records; the records straight from a file give it hostile values enough, and four
        # changes (a plan cut short, which the report says) show them in every part of the
        # advice: the accounts' names, the values and the explanations
        analysis.remediation = plan_remediation(direct, target_bits=0.0, max_changes=4)
    by_kind: dict[str, int] = {}
    for planter in planters:
        for kind, count in planter.by_kind.items():
            by_kind[kind] = by_kind.get(kind, 0) + count
    by_kind["records from a file"] = placed = sum(placements_in(p) for p in direct)
    placements = sum(p.placements for p in planters) + placed + len(FAILING) + 1  # + the owner
    return Abuse(profiles, analysis, placements, by_kind, sources)


def direct_profiles(count: int = 6) -> list[Profile]:
    """Records as a profiles file could hold them (``linkage report`` reads such files): the
    payloads spread over every field of ``count`` records, as they are, whatever a collector
    would have cleaned. Every payload lands in every field of one record or another."""
    platforms = sorted(p for p in registry.known_platforms() if p != "web")
    texts = [payload for _, payload in PAYLOADS]

    def pick(number: int, slot: int) -> str:
        return texts[(number * 5 + slot) % len(texts)]

    def url(number: int, slot: int) -> str:
        return HOSTILE_URLS[(number * 3 + slot) % len(HOSTILE_URLS)]

    profiles = []
    for n in range(count):
        platform = platforms[n % len(platforms)]
        every = " ".join(pick(n, slot) for slot in range(len(texts)))
        profiles.append(
            Profile(
                id=f"{platform}:{pick(n, 0)}",
                platform=platform,
                handle=pick(n, 1),
                url=url(n, 0),
                persona=("personal", "professional", pick(n, 2))[n % 3],
                display_name=pick(n, 3),
                bio=f"{every} see https://shared.example.net/",
                location=pick(n, 4),
                links=["https://shared.example.net/", url(n, 1), pick(n, 5)],
                verified_links=[url(n, 2)],
                avatar=Avatar(url=url(n, 3), thumbnail=url(n, 4)),
                created_at=pick(n, 6),
                posts=[
                    Post(text=pick(n, s), created_at=pick(n, s + 1), url=url(n, s))
                    for s in range(8)
                ],
                collected=Collected(
                    collector=platform,
                    at=pick(n, 7),
                    source=url(n, 5),
                    status=Status.partly(pick(n, 8)) if n % 2 else COLLECTED,
                ),
            )
        )
    return profiles


def placements_in(profile: Profile) -> int:
    """How many payloads and hostile addresses the fields of ``profile`` hold in all."""
    hostile = [text for _, text in PAYLOADS] + HOSTILE_URLS

    def count(node: object) -> int:
        if isinstance(node, str):
            return sum(node.count(text) for text in hostile)
        if isinstance(node, list | tuple):
            return sum(count(item) for item in node)
        if isinstance(node, dict):
            return sum(count(value) for value in node.values())
        return 0

    return count(profile.to_dict())


def payloads_in(profile: Profile) -> set[str]:
    """Which payloads reached this profile's record (any field)."""
    text = repr(profile.to_dict())
    found = set()
    for _, payload in PAYLOADS:
        probe = payload[:40] if len(payload) > 40 else payload
        if probe in text or repr(probe)[1:-1] in text:
            found.add(payload)
    return found
