"""The robustness figures: ``python -m benchmarks robustness [--long]``.

Runs, against the 30-account fleet of ``fixtures/robustness`` and its misbehaving server
(``tests/robustness``): every fault of the catalogue in a whole audit; every private address
form as a redirect (the fleet's hosts mapped one by one, then all through ``--endpoint '*=BASE'``)
and as a picture address; a DNS-rebinding name (public to the guard, loopback after) as a
redirect and as a picture address; the interrupted audits (kill, Ctrl-C, resume);
the hostile payloads through every collector and importer into the full and redacted reports
in headless Chromium; and the fuzz tests (this suite's and every other property test).
Prints the figures table for the README and one line per fault case. ``--long`` fuzzes
twenty times longer and runs the other property tests four more times with other seeds.
Exit status 1 when anything did not hold.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _faults(fleet, server, canary, baseline) -> tuple[int, int, list[str]]:
    from tests.robustness.faults import catalogue, run_case

    tried = survived = 0
    lines = []
    for case in catalogue(canary.port):
        outcome = run_case(case, fleet, server, baseline)
        tried += 1
        ok = outcome.survived and len(canary.requests) == 0
        survived += ok
        touched = sum(1 for v in outcome.touched.values())
        lines.append(
            f"| {case.name} | {touched} | {outcome.run.seconds:.1f} s (bound {case.bound:g} s) | "
            f"{'survived' if ok else 'FAILED: ' + '; '.join(outcome.problems)[:300]} |"
        )
    return tried, survived, lines


def _guard(fleet, server, canary) -> tuple[int, int, int, int]:
    """Every private form as a redirect (fleet hosts mapped one by one, then all through
    ``*``) and as a picture address; then a rebinding name as a redirect and as a picture.
    Returns (forms tried, refused, rebinding cases tried, held)."""
    from linkage.status import StatusKind
    from tests.robustness.faults import PRIVATE_FORMS, REBINDING_NAME, own_keys, rebinding_resolver
    from tests.robustness.test_guard import ACCOUNT, PICTURE, collect
    from tests.server import NOT_FOUND, Answer, Fault, LocalServer, on_target

    tried = refused = 0
    key = own_keys(fleet, fleet.by_id(ACCOUNT))[0]
    answer = fleet.answers[key]
    port = canary.port
    for form in PRIVATE_FORMS:
        location = form.format(port=port)
        for star in (False, True):
            server.clear()
            server.add(on_target(*key), Fault("redirect", location=location))
            profile = collect(fleet, server, star=star)
            tried += 1
            refused += profile.status.kind is StatusKind.REFUSED
        server.clear()
        parts = location.split("/", 3)
        picture = f"{parts[0]}//{parts[2]}/picture.jpeg".encode()
        server.overrides[key] = Answer(
            answer.status, answer.content_type, answer.body.replace(PICTURE, picture)
        )
        profile = collect(fleet, server)
        tried += 1
        refused += profile.ok and profile.avatar is not None and profile.avatar.sha256 is None
    server.clear()
    if canary.requests:
        refused = 0
    rebinding_tried = held = 0
    address = f"http://{REBINDING_NAME}:{port}/picture.jpeg"
    for where in ("redirect", "picture"):
        server.clear()
        if where == "redirect":
            server.add(on_target(*key), Fault("redirect", location=address))
        else:
            server.overrides[key] = Answer(
                answer.status, answer.content_type, answer.body.replace(PICTURE, address.encode())
            )
        before = len(canary.requests)
        with LocalServer(unrouted=NOT_FOUND) as stand_in, rebinding_resolver(stand_in.port):
            collect(fleet, server)
            reached_checked = len(stand_in.requests) == 1
        rebinding_tried += 1
        held += reached_checked and len(canary.requests) == before
    server.clear()
    return tried, refused, rebinding_tried, held


def _abuse(fleet, server) -> tuple[int, int, list[str]]:
    from playwright.sync_api import sync_playwright

    from reports.render import ReportOptions, render_html
    from tests.browser import CHROMIUM, FLAGS
    from tests.robustness.abuse import collect_hostile
    from tests.robustness.test_abuse import open_inspected

    server.clear()
    abuse = collect_hostile(fleet, server)
    server.clear()
    problems = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        for redact in (False, True):
            path = Path(tmp) / f"report-{redact}.html"
            path.write_text(render_html(abuse.analysis, ReportOptions(redact=redact)), "utf-8")
            for width in (1280, 390):
                result, requests, errors, page = open_inspected(browser, path, width)
                page.close()
                where = f"{'redacted' if redact else 'full'} report at {width} px"
                outside = [
                    u for u in requests if u != path.as_uri() and not u.startswith("data:image/")
                ]
                for what, bad in (
                    ("ran", result["pwned"]),
                    ("loaded", outside),
                    ("errors", errors),
                    ("hostile markup", result["found"]),
                    ("too wide", result["width"] > result["viewport"]),
                ):
                    if bad:
                        problems.append(f"{where}: {what}: {str(bad)[:200]}")
        browser.close()
    kinds = ", ".join(f"{kind} {count}" for kind, count in sorted(abuse.by_kind.items()))
    inert = 0 if problems else abuse.placements
    return abuse.placements, inert, [f"payload placements by kind: {kinds}", *problems]


def _fuzz(long: bool) -> tuple[int, list[str]]:
    others = sorted(
        str(p.relative_to(ROOT))
        for p in (ROOT / "tests").rglob("test_*.py")
        if "robustness" not in p.parts and "from hypothesis import" in p.read_text("utf-8")
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    if long:
        env["LINKAGE_FUZZ_SCALE"] = "20"
    runs = [["tests/robustness/test_fuzz.py"], others]
    if long:
        runs += [[*others, f"--hypothesis-seed={seed}"] for seed in (1, 2, 3, 4)]
    total, notes = 0, []
    for args in runs:
        result = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--hypothesis-show-statistics", *args],
            cwd=ROOT, env=env, capture_output=True, text=True,
        )  # fmt: skip
        cases = sum(int(n) for n in re.findall(r"- (\d+) passing", result.stdout))
        total += cases
        if result.returncode != 0:
            notes.append(f"fuzz run failed: {' '.join(args)[:80]}\n{result.stdout[-1500:]}")
    return total, notes


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks robustness", description=__doc__)
    parser.add_argument("--long", action="store_true", help="fuzz twenty times longer")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from tests.robustness.fleet import build_fleet, run_audit
    from tests.robustness.interrupt import interrupted_audits, records_lost
    from tests.server import NOT_FOUND, LocalServer

    started = time.monotonic()
    fleet = build_fleet()
    notes: list[str] = []
    with (
        LocalServer(fleet.answers, unrouted=NOT_FOUND) as server,
        LocalServer(unrouted=NOT_FOUND) as canary,
    ):
        baseline = run_audit(fleet, server)
        if baseline.errors():
            print(f"the fault-free baseline failed: {baseline.errors()}", file=sys.stderr)
            return 1
        tried, survived, fault_lines = _faults(fleet, server, canary, baseline)
        guard_tried, guard_refused, rebind_tried, rebind_held = _guard(fleet, server, canary)
        with tempfile.TemporaryDirectory() as tmp:
            stops = interrupted_audits(fleet, server, baseline, Path(tmp))
        lost = records_lost(stops, fleet)
        slow_stops = [
            f"{s.signal} took {s.stopped_in:.1f} s" for s in stops[:2] if s.stopped_in > 5
        ]
        placed, inert, abuse_notes = _abuse(fleet, server)
    cases, fuzz_notes = _fuzz(args.long)
    notes += slow_stops + abuse_notes + fuzz_notes

    print(f"Robustness figures ({'long' if args.long else 'standard'} run, {time.monotonic() - started:.0f} s; "
          f"{len(fleet.accounts)} accounts on {len({a.platform for a in fleet.accounts})} platforms)\n")  # fmt: skip
    print("| measure | result |")
    print("| --- | --- |")
    print(
        f"| faults tried / survived (each in a whole {len(fleet.accounts)}-account audit) | {tried} / {survived} |"
    )
    print(
        f"| private-address forms tried / refused (as redirect, mapped host by host and through `*`, and as picture address) | {guard_tried} / {guard_refused} |"
    )
    print(
        f"| DNS rebinding tried / held (as redirect and as picture address; connected to the checked address) | {rebind_tried} / {rebind_held} |"
    )
    print(
        f"| payloads tried / inert (placements, in full and redacted reports in Chromium) | {placed} / {inert} |"
    )
    print(f"| fuzz cases run | {cases} |")
    print(f"| records lost (kill, Ctrl-C, resume) | {lost} |")
    print("\n| fault | accounts touched | time | outcome |")
    print("| --- | --- | --- | --- |")
    print("\n".join(fault_lines))
    for note in notes:
        print(f"\n{note}")
    ok = (
        survived == tried
        and guard_refused == guard_tried
        and rebind_held == rebind_tried
        and inert == placed
        and lost == 0
    )
    return 0 if ok and not fuzz_notes and not slow_stops else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
