"""Interrupting ``linkage audit`` as a real process, and running it again.

Three runs share one cache and one profiles file: the first is killed (SIGTERM) mid-way, the
second is stopped with Ctrl-C (SIGINT) near the end, the third runs to the end. The two web
accounts (each on a host of its own) hang in the first two runs, so that they are caught with
work in flight. Each stop is measured: how fast the process ended, whether every record seen
before the signal is still there and whole, and whether a later run fetched again anything an
earlier run had collected.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.robustness.faults import own_keys
from tests.robustness.fleet import ACCOUNTS, ROOT, Fleet, Run, comparable
from tests.server import Fault, LocalServer, on_target

#: Plenty: a normal run of the fleet takes about 15 s with the real per-platform pacing.
PATIENCE = 90.0
#: Variables that would change what the collectors request.
ENVIRONMENT = (
    "LINKAGE_ENDPOINTS",
    "GITHUB_TOKEN",
    "REDDIT_TOKEN",
    "GRAVATAR_API_KEY",
    "STACKEXCHANGE_KEY",
)
#: Following links found in profiles (where the command has it) would add accounts to collect.
_NO_FOLLOWING = ["--depth", "0"]


def audit_command(server: LocalServer, tmp: Path) -> list[str]:
    return [
        sys.executable, "-m", "linkage", "audit", str(ACCOUNTS),
        "-o", str(tmp / "report.html"),
        "--profiles", str(tmp / "profiles.jsonl"),
        "--endpoint", f"*={server.url}",
        "--cache-dir", str(tmp / "cache"),
        "--target-bits", "1000",  # no remediation search: this is about collection
        "--quiet",
        *_NO_FOLLOWING,
    ]  # fmt: skip


def environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ENVIRONMENT}
    env["PYTHONPATH"] = str(ROOT)
    return env


@dataclass
class Stop:
    """One run and how it ended."""

    signal: str  # "SIGTERM", "SIGINT" or "none" (ran to the end)
    returncode: int
    stopped_in: float  # seconds from the signal to the end of the process
    seen_before: int  # records in the file when the signal was sent
    records: dict[str, dict[str, Any]] = field(default_factory=dict)
    lost: list[str] = field(default_factory=list)  # seen before the signal, gone after
    torn: bool = False  # a record cut off part-way
    changed: list[str] = field(default_factory=list)  # not what an earlier run had collected
    refetched: list[str] = field(default_factory=list)  # collected earlier, fetched again
    fetched: set[tuple[str, str]] = field(default_factory=set)  # fleet addresses requested
    mode: int = 0
    stderr: str = ""


def read_records(path: Path) -> tuple[list[dict[str, Any]], bool]:
    """The profiles file's whole records, and whether anything in it was cut off."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    records, torn = [], bool(text) and not text.endswith("\n")
    for line in text.splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            torn = True
            continue
        if isinstance(record, dict) and record.get("id"):
            records.append(record)
        else:
            torn = True
    return records, torn


def without_time(record: dict[str, Any]) -> dict[str, Any]:
    record = dict(record)
    record["collected"] = {k: v for k, v in (record.get("collected") or {}).items() if k != "at"}
    return record


def _wait_for(path: Path, count: int, process: subprocess.Popen) -> int:
    deadline = time.monotonic() + PATIENCE
    while time.monotonic() < deadline and process.poll() is None:
        lines = len(read_records(path)[0])
        if lines >= count:
            return lines
        time.sleep(0.05)
    return len(read_records(path)[0])


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def one_run(server: LocalServer, tmp: Path, sig: int | None, after: int) -> Stop:
    profiles = tmp / "profiles.jsonl"
    process = subprocess.Popen(
        audit_command(server, tmp),
        env=environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp,
        # Ctrl-C as at a terminal, even when the suite itself runs in the background (where
        # the shell starts it with SIGINT ignored, which a child would otherwise inherit)
        preexec_fn=_default_sigint,
    )
    seen: set[str] = set()
    started = time.monotonic()
    try:
        if sig is not None:
            _wait_for(profiles, after, process)
            seen = {r["id"] for r in read_records(profiles)[0]}
            process.send_signal(sig)
            started = time.monotonic()
        _, err = process.communicate(timeout=PATIENCE if sig is None else 15)
    finally:
        if process.poll() is None:
            process.kill()
            _, err = process.communicate()
    records, torn = read_records(profiles)
    by_id = {r["id"]: r for r in records}
    return Stop(
        signal=signal.Signals(sig).name if sig is not None else "none",
        returncode=process.returncode,
        stopped_in=time.monotonic() - started,
        seen_before=len(seen),
        records=by_id,
        lost=sorted(seen - set(by_id)),
        torn=torn,
        mode=os.stat(profiles).st_mode & 0o777 if profiles.exists() else 0,
        stderr=err.decode("utf-8", "replace"),
    )


def interrupted_audits(fleet: Fleet, server: LocalServer, baseline: Run, tmp: Path) -> list[Stop]:
    hanging = [a for a in fleet.accounts if a.platform == "web"]
    listed = {a.id for a in fleet.accounts}
    collected: dict[str, dict[str, Any]] = {}
    stops = []
    for sig, after in ((signal.SIGTERM, 10), (signal.SIGINT, 28), (None, 0)):
        server.clear()
        if sig is not None:
            for account in hanging:
                for key in own_keys(fleet, account):
                    server.add(on_target(*key), Fault("slow", seconds=PATIENCE))
        stop = one_run(server, tmp, sig, after)
        stop.fetched = {key for key in server.hits if key in fleet.answers}
        for account_id, record in collected.items():
            now = stop.records.get(account_id)
            if now is None or without_time(now) != without_time(record):
                stop.changed.append(account_id)
            if any(server.hits[k] for k in fleet.unique_keys(fleet.by_id(account_id))):
                stop.refetched.append(account_id)
        for account_id, record in stop.records.items():
            if account_id not in listed:
                continue  # an account found by following links
            if without_time(record) != comparable(baseline.profiles[account_id]):
                stop.changed.append(account_id)
            collected.setdefault(account_id, record)
        stops.append(stop)
    server.clear()
    return stops


def records_lost(stops: list[Stop], fleet: Fleet) -> int:
    """Records written and then lost, cut off, or changed; and listed accounts never collected."""
    last = stops[-1].records if stops else {}
    missing = {a.id for a in fleet.accounts} - set(last)
    return sum(len(s.lost) + int(s.torn) + len(s.changed) for s in stops) + len(missing)
