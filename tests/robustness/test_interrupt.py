"""Interrupting ``linkage audit`` (kill, Ctrl-C) loses nothing already collected, and running it
again resumes from the cache (see ``interrupt.py`` for the three runs)."""

from __future__ import annotations

from pathlib import Path

from tests.robustness.fleet import Fleet, Run
from tests.robustness.interrupt import interrupted_audits, records_lost
from tests.server import LocalServer


def test_interrupted_audits_lose_nothing_and_resume_from_the_cache(
    fleet: Fleet, fresh_server: LocalServer, baseline: Run, tmp_path: Path
) -> None:
    killed, stopped, finished = interrupted_audits(fleet, fresh_server, baseline, tmp_path)
    for stop, code, after in ((killed, -15, 10), (stopped, 130, 28)):
        assert stop.returncode == code, stop.stderr
        assert stop.stopped_in < 5, f"{stop.signal}: took {stop.stopped_in:.1f} s to stop"
        assert stop.seen_before >= after and len(stop.records) >= stop.seen_before
        assert "Traceback" not in stop.stderr, stop.stderr
        assert not {r for r in stop.records if r.startswith("web:")}, "a hanging account was saved"
    assert "linkage: interrupted." in stopped.stderr, stopped.stderr
    # where what was read is kept, and what to do next
    said = " ".join(stopped.stderr.split())
    assert f"The accounts read so far are saved in {tmp_path / 'profiles.jsonl'}." in said
    assert "run the same command again: the accounts already read come from the cache" in said
    for stop in (killed, stopped, finished):
        assert (stop.lost, stop.torn, stop.changed) == ([], False, []), stop.signal
        assert stop.refetched == [], f"{stop.signal}: fetched again: {stop.refetched}"
        assert stop.mode == 0o600
    assert finished.returncode == 0, finished.stderr
    assert records_lost([killed, stopped, finished], fleet) == 0
    # the last run fetched only what the two accounts no earlier run had finished need
    hanging = {key for a in fleet.accounts if a.platform == "web" for key in a.keys}
    assert finished.fetched and finished.fetched <= hanging


def test_after_refresh_ctrl_c_says_to_run_again_without_it(tmp_path):
    """ "Run the same command again: the accounts already read come from the cache" was said
    of a --refresh run, which asks every site again, those accounts too."""
    from linkage.cli.commanding import interrupted_message, kept_so_far

    kept_so_far(tmp_path / "profiles.jsonl", refresh=True)
    (tmp_path / "profiles.jsonl").write_text("{}\n", "utf-8")  # the run read an account
    said = interrupted_message()
    assert "run the same command again without --refresh" in said
    kept_so_far(tmp_path / "profiles.jsonl")
    assert "without --refresh" not in interrupted_message()
