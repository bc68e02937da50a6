"""Username sweep benchmark: linkage beside Sherlock and Naminter, same server, same list, same run.

``python -m benchmarks sweep [--repeat N] [--naminter-pool 2000] [--scratch DIR] [--skip-peers]
[--only LABEL] [--check] [--sites 600] [--delay 0.1]``

A local server (:mod:`benchmarks.sweep_server`) serves a 600-site list, each site on its own
port of 127.0.0.1, answering every request after 100 ms: status-code, message and redirect
sites, some rate-limited, some blocked, some that say "found" to any name. Three usernames are
checked (1,800 checks) by:

* ``linkage sweep`` on the WhatsMyName form of the list, and on its Sherlock form;
* Sherlock (``sherlock-project``) on the Sherlock form, from its command line;
* Naminter (``naminter``) on the WhatsMyName form: its command line with its defaults, and
  its Python API with its connection pool (curl_cffi ``max_clients``) and task limit raised
  (to 2,000 by default: every check at once, its fastest setting here).

Sherlock and Naminter are installed from PyPI into side virtual environments under the
scratch folder (created on the first run, reused after). For each tool the table gives the
wall time of the whole process (start-up included), checks per second (1,800 / wall), CPU
milliseconds per check (user + system time of the process), how many checks have a record,
and precision and recall of its "found" answers against the truth.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.sweep_server import make_spec, sherlock_list, truth, wmn_list

USERNAMES = ["ada_example", "grace_example", "linus_example"]
ROOT = Path(__file__).resolve().parent.parent
PEERS = {"sherlock": "sherlock-project", "naminter": "naminter"}

NAMINTER_API = '''
import asyncio, json, sys
from curl_cffi.requests import AsyncSession
from naminter import CurlCFFISession, Naminter

POOL, DATA, OUT, USERS = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4:]


class PooledSession(CurlCFFISession):
    """Naminter's own session, its curl_cffi pool raised from 10 to POOL handles."""

    async def open(self):
        if self._session is None:
            self._session = AsyncSession(max_clients=POOL, verify=self._verify,
                timeout=self._timeout, allow_redirects=self._allow_redirects,
                impersonate=self._impersonate)


async def main():
    with open(DATA) as f:
        data = json.load(f)
    http = PooledSession(timeout=10, allow_redirects=False, impersonate="chrome")
    rows = []
    async with Naminter(http, data, max_tasks=POOL) as naminter:
        async for r in naminter.enumerate_usernames(USERS):
            rows.append({"site": r.name, "username": r.username, "status": str(r.status)})
    with open(OUT, "w") as f:
        json.dump(rows, f)

asyncio.run(main())
'''


@dataclass
class Run:
    label: str
    wall: float
    cpu: float
    code: int
    answers: dict[tuple[str, str], str]
    log: Path


def ensure_peer(scratch: Path, name: str) -> Path | None:
    """The side environment's Python for a peer, installed from PyPI if missing."""
    venv = scratch / "venvs" / name
    python = venv / "bin" / "python"
    marker = venv / ".installed"
    if not marker.exists():
        print(f"  installing {PEERS[name]} into {venv} ...", flush=True)
        base = getattr(sys, "_base_executable", sys.executable)
        subprocess.run([base, "-m", "venv", "--clear", str(venv)], check=True)
        done = subprocess.run(
            [str(python), "-m", "pip", "install", "-q", PEERS[name]], capture_output=True, text=True
        )
        if done.returncode != 0:
            print(f"  could not install {PEERS[name]}: {done.stderr.strip()[-500:]}")
            return None
        marker.touch()
    return python


def start_server(spec_file: Path, delay: float) -> tuple[subprocess.Popen, list[int]]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.sweep_server", str(spec_file), str(delay)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert proc.stdout is not None
    ports = json.loads(proc.stdout.readline())
    return proc, ports


def measure(
    label: str, cmd: list[str], workdir: Path, env: dict[str, str]
) -> tuple[float, float, int, Path]:
    """Run ``cmd`` to the end: (wall seconds, CPU seconds, exit code, log file)."""
    log = workdir / f"{label.replace(' ', '_').replace('/', '_')}.log"
    with log.open("w") as sink:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=sink, stderr=subprocess.STDOUT, cwd=workdir, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_utime + usage.ru_stime, proc.returncode, log


# -- reading each tool's answers: (username, site) -> found / missing / unknown ------------------


def read_linkage(path: Path) -> dict[tuple[str, str], str]:
    answers = {}
    for line in path.read_text().splitlines():
        record = json.loads(line)
        answers[(record["username"], record["site"])] = record["status"]
    return answers


def read_sherlock(folder: Path) -> dict[tuple[str, str], str]:
    answers = {}
    for user in USERNAMES:
        path = folder / f"{user}.csv"
        if not path.exists():
            continue
        with path.open(newline="") as f:
            for row in csv.DictReader(f):
                state = row.get("exists", "")
                status = {"Claimed": "found", "Available": "missing"}.get(state, "unknown")
                answers[(row["username"], row["name"])] = status
    return answers


def read_naminter(path: Path) -> dict[tuple[str, str], str]:
    if not path.exists():
        return {}
    rows = json.loads(path.read_text())
    answers = {}
    for row in rows:
        status = str(row.get("status", "")).lower()
        answers[(row["username"], row["name"] if "name" in row else row["site"])] = (
            "found" if status == "exists" else "missing" if status == "missing" else "unknown"
        )
    return answers


def score(
    answers: dict[tuple[str, str], str], truth_map: dict[tuple[str, str], bool]
) -> tuple[int, int, float, float]:
    """(records, claimed found, precision, recall)."""
    claimed = [key for key, status in answers.items() if status == "found"]
    right = sum(1 for key in claimed if truth_map.get(key))
    relevant = sum(1 for exists in truth_map.values() if exists)
    records = sum(1 for key in answers if key in truth_map)
    precision = right / len(claimed) if claimed else 1.0
    return records, len(claimed), precision, right / relevant if relevant else 1.0


def tools(args, work: Path, files: dict[str, Path], peers: dict[str, Path | None]):
    """(label, command, reader) for every tool run."""
    users = USERNAMES
    # every run asks every site (--refresh), and keeps its answers in the run's folder
    cache = ["--cache-dir", str(work / "linkage-cache"), "--refresh"]
    lk = [sys.executable, "-m", "linkage", "sweep", *users, "-q", "--timeout", "10", *cache]
    out = {
        name: work / f"{name}.out"
        for name in ("lk_wmn", "lk_sherlock", "sherlock", "nam_cli", "nam_api")
    }
    yield (
        "linkage (WhatsMyName list)",
        [*lk, "--sites", str(files["wmn"]), "-o", str(out["lk_wmn"])],
        lambda: read_linkage(out["lk_wmn"]),
    )
    yield (
        "linkage (Sherlock list)",
        [*lk, "--sites", str(files["sherlock"]), "-o", str(out["lk_sherlock"])],
        lambda: read_linkage(out["lk_sherlock"]),
    )
    if peers.get("sherlock"):
        folder = out["sherlock"]
        folder.mkdir(exist_ok=True)
        yield (
            "Sherlock",
            [
                str(peers["sherlock"]),
                "-m",
                "sherlock_project",
                *users,
                "--json",
                str(files["sherlock"]),
                "--ignore-exclusions",
                "--csv",
                "--folderoutput",
                str(folder),
                "--print-all",
                "--no-color",
                "--timeout",
                "10",
            ],
            lambda: read_sherlock(folder),
        )
    if peers.get("naminter"):
        naminter = Path(peers["naminter"]).parent / "naminter"
        yield (
            "Naminter (defaults)",
            [
                str(naminter),
                *[a for u in users for a in ("-u", u)],
                "--local-data",
                str(files["wmn"]),
                # Naminter refuses absolute paths here; the run's folder is its working folder
                "--skip-validation",
                "--json",
                "--json-path",
                out["nam_cli"].name,
                "--filter-all",
                "--no-progressbar",
                "--no-color",
                "--timeout",
                "10",
            ],
            lambda: read_naminter(out["nam_cli"]),
        )
        script = work / "naminter_api.py"
        script.write_text(NAMINTER_API)
        yield (
            f"Naminter (API, pool {args.naminter_pool})",
            [
                str(peers["naminter"]),
                str(script),
                str(args.naminter_pool),
                str(files["wmn"]),
                str(out["nam_api"]),
                *users,
            ],
            lambda: read_naminter(out["nam_api"]),
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks sweep", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--sites", type=int, default=600, help="sites in the list (default 600)")
    parser.add_argument("--delay", type=float, default=0.1, help="server delay per answer, seconds")
    parser.add_argument("--repeat", type=int, default=1, help="runs per tool; the median is shown")
    parser.add_argument(
        "--naminter-pool", type=int, default=2000, help="Naminter's raised pool size"
    )
    parser.add_argument(
        "--scratch", type=Path, default=Path(tempfile.gettempdir()) / "linkage-sweep-bench"
    )
    parser.add_argument("--skip-peers", action="store_true", help="run linkage only (no installs)")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument(
        "--only", action="append", default=[], help="run only tools whose label contains this"
    )
    args = parser.parse_args(argv)

    scratch = args.scratch.resolve()
    work = scratch / f"run-{int(time.time())}"
    work.mkdir(parents=True, exist_ok=True)
    peers = {} if args.skip_peers else {name: ensure_peer(scratch, name) for name in PEERS}
    spec = make_spec(args.sites, USERNAMES)
    spec_file = work / "spec.json"
    spec_file.write_text(json.dumps(spec))
    server, ports = start_server(spec_file, args.delay)
    runs: list[Run] = []
    try:
        files = {"wmn": work / "wmn-list.json", "sherlock": work / "sherlock-list.json"}
        files["wmn"].write_text(json.dumps(wmn_list(spec, ports)))
        files["sherlock"].write_text(json.dumps(sherlock_list(spec, ports)))
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        env.pop("LINKAGE_ENDPOINTS", None)
        truth_map = truth(spec, USERNAMES)
        checks = len(truth_map)
        kinds = {
            k: sum(1 for s in spec if s["kind"] == k)
            for k in dict.fromkeys(s["kind"] for s in spec)
        }
        print(
            f"{len(spec)} sites {kinds}, {len(USERNAMES)} usernames = {checks} checks; "
            f"{sum(truth_map.values())} accounts exist; server delay {args.delay * 1000:.0f} ms; "
            f"scratch {work}"
        )
        for label, cmd, reader in tools(args, work, files, peers):
            if args.only and not any(word.lower() in label.lower() for word in args.only):
                continue
            walls, cpus = [], []
            for _ in range(max(1, args.repeat)):
                wall, cpu, code, log = measure(label, cmd, work, env)
                walls.append(wall)
                cpus.append(cpu)
            runs.append(
                Run(label, statistics.median(walls), statistics.median(cpus), code, reader(), log)
            )
            print(f"  ran {label}: {runs[-1].wall:.2f} s (exit {code})", flush=True)
    finally:
        if server.stdin:
            server.stdin.close()
        server.wait(10)
    return report(runs, truth_map, checks, args)


def report(runs: list[Run], truth_map, checks: int, args) -> int:
    header = f"{'tool':34} {'wall s':>7} {'checks/s':>9} {'CPU ms/check':>13} {'records':>8} {'found':>6} {'precision':>9} {'recall':>7}"
    print()
    print(header)
    print("-" * len(header))
    rates = {}
    for run in runs:
        records, claimed, precision, recall = score(run.answers, truth_map)
        rate = checks / run.wall
        rates[run.label] = (rate, run.cpu * 1000 / checks, records, precision)
        print(
            f"{run.label:34} {run.wall:7.2f} {rate:9.0f} {run.cpu * 1000 / checks:13.2f} "
            f"{records:8d} {claimed:6d} {precision:9.3f} {recall:7.3f}"
        )
    print()
    ours = rates.get("linkage (WhatsMyName list)")
    failed = False
    if ours:
        sherlock = rates.get("Sherlock")
        best = max((v[0] for k, v in rates.items() if k.startswith("Naminter")), default=None)
        targets = [
            ("precision 1.0", ours[3] == 1.0),
            (f"a record for every check ({ours[2]}/{checks})", ours[2] == checks),
            (f"CPU under 1 ms per check ({ours[1]:.2f})", ours[1] < 1.0),
        ]
        if sherlock:
            targets.append(
                (
                    f">= 3x Sherlock's checks/s ({ours[0] / sherlock[0]:.1f}x)",
                    ours[0] >= 3 * sherlock[0],
                )
            )
        if best:
            targets.append(
                (f"no slower than Naminter at its best ({ours[0] / best:.2f}x)", ours[0] >= best)
            )
        for text, ok in targets:
            failed |= not ok
            print(f"  {'PASS' if ok else 'MISS'}  {text}")
    return 1 if failed and args.check else 0


if __name__ == "__main__":
    raise SystemExit(main())
