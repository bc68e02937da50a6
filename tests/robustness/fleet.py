"""The 30-account fleet the robustness suite audits, and how to run an audit of it.

``fixtures/robustness/accounts.toml`` lists thirty fictional accounts: the fourteen of
``fixtures/all_platforms`` and copies of them under other handles (``copies.toml``). The answers
are recorded once per session by collecting each original account alone against the
all-platforms fixture tree; each copy's answers are the original's with its handle strings
replaced, in the addresses and the bodies alike. The result is a table of answers the
:class:`~tests.server.LocalServer` serves, and for each account the addresses
its collection requests (the first one is its profile address).
"""

from __future__ import annotations

import tempfile
import time
import tomllib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from collectors.base import CollectContext, Limits
from collectors.http import HttpClient, HttpConfig
from linkage.accounts import AccountSpec, load_accounts
from linkage.handles import parse_handle
from linkage.pipeline import collect_all, collect_one
from linkage.records import Profile
from tests.server import NOT_FOUND, Answer, LocalServer

ROOT = Path(__file__).resolve().parents[2]
ALL_PLATFORMS = ROOT / "fixtures" / "all_platforms"
FIXTURES = ROOT / "fixtures" / "robustness"
ACCOUNTS = FIXTURES / "accounts.toml"
COPIES = FIXTURES / "copies.toml"

Key = tuple[str, str]  # (host, path?query)

#: Short timeouts and waits for the suite: a faulty account costs at most a few seconds, while
#: a healthy one has room to spare on a loaded machine.
FAST: dict[str, Any] = dict(
    connect_timeout=2.0,
    read_timeout=2.0,
    body_deadline=4.0,
    backoff=0.01,
    max_wait=2.0,
    min_interval=0.0,
    max_retries=2,
    host_settings=False,
)


@dataclass
class Account:
    id: str
    spec: AccountSpec
    keys: list[Key]  # in the order they were requested; the first is the profile address

    @property
    def platform(self) -> str:
        return self.id.partition(":")[0]

    @property
    def primary(self) -> Key:
        return self.keys[0]


@dataclass
class Fleet:
    answers: dict[Key, Answer]
    accounts: list[Account]
    owner: str | None = None
    conflicts: list[Key] = field(default_factory=list)

    @property
    def hosts(self) -> list[str]:
        return sorted({host for host, _ in self.answers})

    @property
    def specs(self) -> list[AccountSpec]:
        return [a.spec for a in self.accounts]

    def by_id(self, account_id: str) -> Account:
        return next(a for a in self.accounts if a.id == account_id)

    def one_per_platform(self) -> list[Account]:
        seen: dict[str, Account] = {}
        for account in self.accounts:
            seen.setdefault(account.platform, account)
        return list(seen.values())

    def owners_of(self, key: Key) -> list[str]:
        return [a.id for a in self.accounts if key in a.keys]

    def unique_keys(self, account: Account) -> list[Key]:
        """The addresses only this account requests."""
        return [k for k in account.keys if self.owners_of(k) == [account.id]]


def _replace(text: str, pairs: Sequence[Sequence[str]]) -> str:
    for old, new in pairs:
        text = text.replace(old, new)
    return text


def _replace_bytes(answer: Answer, pairs: Sequence[Sequence[str]]) -> Answer:
    if answer.content_type.startswith("image/") or answer.body[:4] == b"\x89PNG":
        return answer
    body = answer.body
    for old, new in pairs:
        body = body.replace(old.encode("utf-8"), new.encode("utf-8"))
    return Answer(answer.status, answer.content_type, body, dict(answer.headers))


def record(accounts: Sequence[AccountSpec]) -> dict[str, list[tuple[Key, Answer]]]:
    """Collect each account alone against the all-platforms tree; what it requested, in order."""
    recorded: dict[str, list[tuple[Key, Answer]]] = {}
    with LocalServer(root=ALL_PLATFORMS / "sites", unrouted=NOT_FOUND) as server:
        for spec in accounts:
            server.clear()
            config = HttpConfig(endpoints={"*": server.url}, **FAST)
            with HttpClient(config) as http:
                profile = collect_one(spec, CollectContext(http=http, env={}))
            assert profile.ok, f"{profile.id}: {profile.collected and profile.collected.error}"
            keys = list(
                dict.fromkeys(
                    (host, target) for host, target in ((r.host, r.target) for r in server.requests)
                )
            )
            recorded[profile.id] = [(key, server.answer_for(*key)) for key in keys]
    return recorded


@cache
def build_fleet() -> Fleet:
    """The thirty accounts and the answers their collection needs (built once per process)."""
    accounts_file = load_accounts(ACCOUNTS)
    originals = load_accounts(ALL_PLATFORMS / "accounts.toml").accounts
    recorded = record(originals)
    copies = {
        parse_handle(c["handle"]).id: c
        for c in tomllib.loads(COPIES.read_text("utf-8")).get("copy", [])
    }
    answers: dict[Key, Answer] = {}
    conflicts: list[Key] = []
    fleet_accounts: list[Account] = []
    for spec in accounts_file.accounts:
        assert spec.handle is not None
        account_id = spec.handle.id
        if account_id in recorded:
            source, pairs = recorded[account_id], []
        else:
            copy = copies[account_id]
            source, pairs = recorded[parse_handle(copy["copy_of"]).id], copy["replace"]
        keys: list[Key] = []
        for (host, target), answer in source:
            key = (_replace(host, pairs), _replace(target, pairs))
            new = _replace_bytes(answer, pairs)
            if key in answers and answers[key].body != new.body:
                conflicts.append(key)
            answers[key] = new
            keys.append(key)
        fleet_accounts.append(Account(account_id, spec, keys))
    return Fleet(answers, fleet_accounts, accounts_file.owner, conflicts)


# -- running an audit of the fleet ---------------------------------------------------------


def fleet_config(
    server: LocalServer, fleet: Fleet, cache_dir: Path | None, *, explicit: bool = False, **extra
) -> HttpConfig:
    """Fast settings with every fleet host sent to ``server``: through ``*``, or (``explicit``)
    host by host, so that addresses outside the fleet meet the address guard."""
    endpoints = {host: server.url for host in fleet.hosts} if explicit else {"*": server.url}
    settings = {**FAST, **extra}
    return HttpConfig(cache_dir=cache_dir, endpoints=endpoints, **settings)


@dataclass
class Run:
    profiles: dict[str, Profile]
    seconds: float
    requests: int
    sent: int  # requests the client says went out

    def errors(self) -> dict[str, str]:
        return {
            pid: p.collected.error
            for pid, p in self.profiles.items()
            if p.collected and p.collected.error
        }


def run_audit(
    fleet: Fleet,
    server: LocalServer,
    *,
    cache_dir: Path | None = None,
    explicit: bool = False,
    env: dict[str, str] | None = None,
    save_to: Path | None = None,
    **http: Any,
) -> Run:
    """Collect the whole fleet through the pipeline an audit uses; time it, count requests."""
    with _cache(cache_dir) as cache_path:
        config = fleet_config(server, fleet, cache_path, explicit=explicit, **http)
        before = len(server.requests)
        started = time.monotonic()
        with HttpClient(config) as client:
            ctx = CollectContext(http=client, limits=Limits(100, 10_000), env=env or {})
            result = collect_all(fleet.specs, ctx, save_to=save_to)
            sent = client.requests_sent
        seconds = time.monotonic() - started
    profiles = {p.id: p for p in result.profiles}
    return Run(profiles, seconds, len(server.requests) - before, sent)


@contextmanager
def _cache(cache_dir: Path | None) -> Iterator[Path]:
    if cache_dir is not None:
        yield cache_dir
        return
    with tempfile.TemporaryDirectory(prefix="linkage-robustness-") as tmp:
        yield Path(tmp)


def comparable(profile: Profile) -> dict[str, Any]:
    """A profile as a dict without the collection time."""
    data = profile.to_dict()
    if data.get("collected"):
        data["collected"] = {k: v for k, v in data["collected"].items() if k != "at"}
    return data
