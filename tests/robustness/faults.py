"""The fault catalogue: each case is one kind of misbehaviour aimed at some accounts of the fleet
during a whole 30-account audit, with what must come of it.

A case *survives* when the run ends within its bound, every account the fault does not touch
comes back exactly as in the fault-free baseline, and every touched account either comes back
in full too (faults the HTTP layer must ride out: bursts, short rate limits, wrong content
types) or carries the expected status at the start of ``collected.error``.
The tests (``test_faults.py``) and the figures (``benchmarks/robustness_bench.py``) both run it.
"""

from __future__ import annotations

import contextlib
import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from tests.robustness.fleet import Account, Fleet, Key, Run, comparable, run_audit
from tests.server import Fault, LocalServer, on_host, on_target
from tests.server_faults import gzip_bomb

ALTERED = "altered"
READ = "read"
NO_PICTURE = "no picture"

#: Addresses that count as the profile document (the rest of an account's own addresses are
#: its writing). Default: the first address the account requests.
PROFILE_PATHS: dict[str, Callable[[str], bool]] = {
    "mastodon": lambda path: "/.well-known/webfinger" in path or "/accounts/lookup" in path,
    "gitlab": lambda path: "/events" not in path,  # the user lookup, then the profile
}

#: Private, loopback, link-local and cloud-metadata forms; ``{port}`` is the canary's port.
PRIVATE_FORMS = (
    "http://127.0.0.1:{port}/",
    "http://localhost:{port}/",
    "http://LOCALHOST:{port}/x",
    "http://127.1:{port}/",
    "http://2130706433:{port}/",  # decimal
    "http://0x7f000001:{port}/",  # hex
    "http://0x7f.1:{port}/",  # dotted hex, short form
    "http://0177.0.0.1:{port}/",  # octal
    "http://0.0.0.0:{port}/",
    "http://[::1]:{port}/",
    "http://[::]:{port}/",
    "http://[::ffff:127.0.0.1]:{port}/",  # IPv4-mapped
    "http://[::ffff:7f00:1]:{port}/",
    "http://[64:ff9b::7f00:1]:{port}/",  # NAT64
    "http://[2002:7f00:1::1]:{port}/",  # 6to4
    "http://169.254.169.254/latest/meta-data/iam/",  # cloud metadata
    "http://[fd00:ec2::254]/latest/meta-data/",  # cloud metadata, IPv6
    "http://[fe80::1]/",
    "http://10.0.0.1/",
    "http://172.16.0.1/",
    "http://192.168.1.1/",
    "http://100.64.0.1/",  # carrier-grade NAT
    "http://224.0.0.1/",  # multicast
)


#: The name that answers a public address first and a loopback one after (DNS rebinding).
REBINDING_NAME = "rebind.example"
#: The public address it answers first (routed by :func:`rebinding_resolver` to a stand-in).
REBINDING_PUBLIC = "93.184.215.14"


@contextlib.contextmanager
def rebinding_resolver(stand_in_port: int) -> Iterator[list[str]]:
    """Patch the resolver (``socket.getaddrinfo``, the OS boundary) so that
    :data:`REBINDING_NAME` answers :data:`REBINDING_PUBLIC` the first time and 127.0.0.1 after,
    and the public address is routed to ``127.0.0.1:stand_in_port`` (so nothing leaves this
    machine). Yields the list of times the name was asked."""
    real = socket.getaddrinfo
    asked: list[str] = []

    def getaddrinfo(host, port, *args, **kwargs):  # type: ignore[no-untyped-def]
        host = host.decode() if isinstance(host, bytes) else host
        if host == REBINDING_NAME:
            asked.append(host)
            address = REBINDING_PUBLIC if len(asked) == 1 else "127.0.0.1"
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port or 0))]
        if host == REBINDING_PUBLIC:
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", stand_in_port))]
        return real(host, port, *args, **kwargs)

    socket.getaddrinfo = getaddrinfo  # type: ignore[assignment]
    try:
        yield asked
    finally:
        socket.getaddrinfo = real  # type: ignore[assignment]


def own_keys(fleet: Fleet, account: Account) -> list[Key]:
    """The addresses only this account requests, pictures left out (their failure is no error)."""
    return [
        key
        for key in fleet.unique_keys(account)
        if not fleet.answers[key].content_type.startswith("image/")
    ]


def profile_keys(fleet: Fleet, account: Account) -> list[Key]:
    keys = own_keys(fleet, account)
    of_profile = PROFILE_PATHS.get(account.platform)
    if of_profile:
        return [k for k in keys if of_profile(k[1])]
    return keys[:1]


def writing_keys(fleet: Fleet, account: Account) -> list[Key]:
    profile = set(profile_keys(fleet, account))
    return [k for k in own_keys(fleet, account) if k not in profile]


Aim = Callable[[Fleet, LocalServer], dict[str, str | None]]


@dataclass
class Case:
    """One fault against the fleet. ``aim`` sets the server's rules and returns, for each touched
    account, what must come of it: None (collected in full, as in the baseline), ``ALTERED``
    (collected without error, as many posts, the text may differ), ``READ`` (collected without
    error), ``NO_PICTURE`` (collected without error, its picture not fetched) or the status its
    ``collected.error`` must start with."""

    name: str
    kind: str
    aim: Aim
    bound: float
    explicit: bool = False
    http: dict[str, Any] = field(default_factory=dict)


def _victims(fleet: Fleet) -> list[Account]:
    return fleet.one_per_platform()


def on_own(
    fault: Fault, status: str | None, keys: Callable[[Fleet, Account], list[Key]] = own_keys
) -> Aim:
    """The fault on every own address of one account per platform."""

    def aim(fleet: Fleet, server: LocalServer) -> dict[str, str | None]:
        expect: dict[str, str | None] = {}
        for account in _victims(fleet):
            for key in keys(fleet, account):
                server.add(on_target(*key), Fault(**vars(fault)))
            expect[account.id] = status
        return expect

    return aim


def on_hosts(fault: Fault, status: str | None, hosts: tuple[str, ...]) -> Aim:
    """The fault on whole hosts: every account that requests anything there is touched."""

    def aim(fleet: Fleet, server: LocalServer) -> dict[str, str | None]:
        for host in hosts:
            server.add(on_host(host), Fault(**vars(fault)))
        return {a.id: status for a in fleet.accounts if any(k[0] in hosts for k in a.keys)}

    return aim


def everywhere_once(kind: str, **options: Any) -> Aim:
    """Every address of the fleet misbehaves on its first request: every account is touched."""

    def aim(fleet: Fleet, server: LocalServer) -> dict[str, str | None]:
        server.add(lambda h, t: True, Fault(kind, times=1, each=True, **options))
        return {a.id: None for a in fleet.accounts}

    return aim


def once_per_host(fault: Fault) -> Aim:
    """Every host of the fleet misbehaves once: every account is touched."""

    def aim(fleet: Fleet, server: LocalServer) -> dict[str, str | None]:
        for host in fleet.hosts:
            server.add(on_host(host), Fault(**vars(fault)))
        return {a.id: None for a in fleet.accounts}

    return aim


def writing_fails(fleet: Fleet, server: LocalServer) -> dict[str, str | None]:
    """The writing addresses fail for good: accounts with writing are partial, others whole."""
    expect: dict[str, str | None] = {}
    for account in _victims(fleet):
        keys = writing_keys(fleet, account)
        for key in keys:
            server.add(on_target(*key), Fault("5xx"))
        expect[account.id] = "partial:" if keys else None
    return expect


def private_redirects(port: int) -> Aim:
    """Each victim's profile address redirects to a different private address form."""

    def aim(fleet: Fleet, server: LocalServer) -> dict[str, str | None]:
        expect: dict[str, str | None] = {}
        for number, account in enumerate(_victims(fleet)):
            location = PRIVATE_FORMS[number % len(PRIVATE_FORMS)].format(port=port)
            for key in profile_keys(fleet, account)[:1]:
                server.add(on_target(*key), Fault("redirect", location=location))
            expect[account.id] = "refused:"
        return expect

    return aim


def private_pictures(port: int) -> Aim:
    """Each victim's picture addresses are moved to a different private address form: the
    profile must still be read, the picture refused."""

    def aim(fleet: Fleet, server: LocalServer) -> dict[str, str | None]:
        expect: dict[str, str | None] = {}
        for number, account in enumerate(_victims(fleet)):
            form = PRIVATE_FORMS[number % len(PRIVATE_FORMS)].format(port=port)
            base = form.rstrip("/").removesuffix("/x").removesuffix("/latest/meta-data/iam")
            base = base.removesuffix("/latest/meta-data")
            pictures = [
                k for k in account.keys if fleet.answers[k].content_type.startswith("image/")
            ]
            changed = False
            for key in own_keys(fleet, account):
                answer = fleet.answers[key]
                body = answer.body
                for host, target in pictures:
                    path = target.partition("?")[0].encode()
                    moved = base.encode() + path
                    for old in (
                        b"https://" + host.encode() + path,
                        b"http://" + host.encode() + path,
                    ):
                        body = body.replace(old, moved)
                    body = body.replace(b'"' + path + b'"', b'"' + moved + b'"')
                if body != answer.body:
                    server.overrides[key] = replace(answer, body=body)
                    changed = True
            if changed:
                expect[account.id] = NO_PICTURE
        return expect

    return aim


def catalogue(canary_port: int) -> list[Case]:
    """Every case, with bounds generous enough for a loaded machine (the fast settings make a
    faulty account cost at most (retries + 1) x the timeout it trips)."""
    slow = {"read_timeout": 1.5, "body_deadline": 1.5, "max_retries": 1}
    return [
        Case("slow answers, every time", "slow", on_own(Fault("slow", seconds=8), "network failure:"), 20, http=slow),
        Case("slow answers, once", "slow", on_own(Fault("slow", times=1, seconds=8), None, profile_keys), 20, http=slow),
        Case("trickling bodies, every time", "trickle", on_own(Fault("trickle", seconds=0.05), "network failure:"), 20, http=slow),
        Case("trickling body, once", "trickle", on_own(Fault("trickle", times=1, seconds=0.05), None, profile_keys), 20, http=slow),
        Case("429 with Retry-After: 3600", "429", on_hosts(Fault("429", seconds=3600), "rate-limited:", ("api.github.com", "lobste.rs")), 10),
        Case("429 with Retry-After: 1, once per host", "429", once_per_host(Fault("429", times=1, seconds=1)), 15),
        Case("5xx burst (two per address)", "5xx", on_own(Fault("5xx", times=2, each=True), None), 10),
        Case("5xx, every time", "5xx", on_own(Fault("5xx"), "server error:"), 10),
        Case("5xx on the writing only", "5xx", writing_fails, 10),
        Case("connection resets, once per address", "reset", everywhere_once("reset"), 10),
        Case("connection resets, every time", "reset", on_own(Fault("reset"), "network failure:"), 10),
        Case("truncated bodies, twice per address", "truncate", on_own(Fault("truncate", times=2, each=True), None), 10),
        Case("truncated bodies, every time", "truncate", on_own(Fault("truncate"), "network failure:"), 10),
        Case("endless bodies", "endless", on_own(Fault("endless"), "bad response:"), 15),
        Case("gzip bombs", "gzip-bomb", on_own(Fault("gzip-bomb"), "bad response:"), 20),
        Case("a web page instead of JSON", "html-page", _html_page, 10),
        Case("wrong content types", "wrong-type", on_own(Fault("wrong-type"), None), 10),
        Case("HTML and scripts in JSON text fields", "html-fields", on_own(Fault("html-fields"), ALTERED), 10),
        Case("invalid UTF-8 in text", "bad-utf8", on_own(Fault("bad-utf8"), ALTERED), 10),
        Case("redirects to private addresses", "redirect", private_redirects(canary_port), 10, explicit=True),
        Case("pictures at private addresses", "redirect", private_pictures(canary_port), 10, explicit=True),
        Case("redirect loops", "loop", on_own(Fault("loop"), "bad response:"), 10),
    ]  # fmt: skip


def _html_page(fleet: Fleet, server: LocalServer) -> dict[str, str | None]:
    """A "checking your browser" page instead of JSON; the web collector reads pages, so for
    it the page is an answer (collected, content altered), for the others a bad response."""
    expect = on_own(Fault("html-page"), "bad response:")(fleet, server)
    return {pid: (READ if pid.startswith("web:") else status) for pid, status in expect.items()}


@dataclass
class Outcome:
    case: Case
    run: Run
    touched: dict[str, str | None]
    problems: list[str]

    @property
    def survived(self) -> bool:
        return not self.problems


def run_case(case: Case, fleet: Fleet, server: LocalServer, baseline: Run) -> Outcome:
    """Collect the fleet under the fault, then analyse and report as the audit does."""
    from linkage.evidence.analysis import analyse
    from reports.render import render_html

    server.clear()
    if case.kind == "gzip-bomb":
        # built before the audit starts: the server made it on the first request, 0.4 s of
        # compression that took over the client's 2 s timeout on a loaded machine
        gzip_bomb()
    touched = case.aim(fleet, server)
    run = run_audit(fleet, server, explicit=case.explicit, **case.http)
    server.clear()
    problems = check(case, touched, run, baseline)
    try:
        analysis = analyse(list(run.profiles.values()), owner=fleet.owner, remediate=False)
        if "<html" not in render_html(analysis):
            problems.append("the report is empty")
    except Exception as exc:  # the point: nothing the network sends may break the audit
        problems.append(f"the analysis or report failed: {exc!r}")
    return Outcome(case, run, touched, problems)


def check(case: Case, touched: dict[str, str | None], run: Run, baseline: Run) -> list[str]:
    problems: list[str] = []
    if run.seconds > case.bound:
        problems.append(f"took {run.seconds:.1f} s, over its bound of {case.bound:g} s")
    if set(run.profiles) != set(baseline.profiles):
        problems.append(f"accounts differ: {sorted(set(baseline.profiles) ^ set(run.profiles))}")
    for account_id, want in baseline.profiles.items():
        got = run.profiles.get(account_id)
        if got is None:
            continue
        error = (got.collected.error if got.collected else None) or ""
        status = touched.get(account_id)
        if "internal error" in error:
            problems.append(f"{account_id}: {error}")
        elif status in (ALTERED, READ, NO_PICTURE):
            if error:
                problems.append(f"{account_id}: should be collected, got {error!r}")
            elif status == NO_PICTURE and got.avatar is not None and got.avatar.sha256:
                problems.append(f"{account_id}: its picture at {got.avatar.url} was fetched")
            elif status == ALTERED and len(got.posts) != len(want.posts):
                problems.append(f"{account_id}: {len(got.posts)} posts, not {len(want.posts)}")
        elif status is not None:
            if not error.startswith(status):
                problems.append(
                    f"{account_id}: expected '{status}...', got {error or 'no error'!r}"
                )
        elif comparable(got) != comparable(want):
            problems.append(f"{account_id}: not collected in full ({error or 'content differs'})")
    return problems
