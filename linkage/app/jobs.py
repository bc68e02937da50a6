"""One audit at a time, on a worker thread; its progress kept for the page to poll.

:class:`PageEvents` hears the pipeline (:class:`linkage.pipeline.AuditEvents`) and keeps what
the page shows: the stage in plain words and one line per account (being read, read, or
failed and why). :class:`Runner` starts :func:`linkage.pipeline.audit` (or the demo) and
writes the outputs the page offers for download: the full and the redacted report, a PDF of
each (:func:`linkage.app.pdf_making.pdf_of`), and the analysis as JSON.
"""

from __future__ import annotations

import contextlib
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from linkage.accounts import AccountSpec
from linkage.app import last_run
from linkage.app.demo_run import run_demo_audit
from linkage.app.pdf_making import pdf_of
from linkage.errors import LinkageError
from linkage.pipeline import Audit, AuditEvents, AuditOptions
from linkage.records import Profile
from linkage.store import APP_PROFILES, private_folder
from reports.redact import write_redacted_json
from reports.text import plural

if TYPE_CHECKING:
    from collectors.http.waits import Wait

#: what each stage means, in the page's words
STAGES = {
    "collect": "Reading your accounts' public pages",
    "discover": "Following the links your accounts show to other accounts",
    "link": "Comparing every pair of accounts and working out what to change",
    "done": "Writing the report",
}

#: the downloads, by name: (file name, content type, what the button says)
#: each download: (file name, media type, label); the label says whether it is private
OUTPUTS = {
    "report": ("report.html", "text/html; charset=utf-8", "Full report (HTML), private"),
    "redacted": (
        "report-redacted.html",
        "text/html; charset=utf-8",
        "Redacted report (HTML), to share",
    ),
    "report-pdf": ("report.pdf", "application/pdf", "Full report (PDF), private"),
    "redacted-pdf": ("report-redacted.pdf", "application/pdf", "Redacted report (PDF), to share"),
    "json": ("analysis.json", "application/json", "The analysis (JSON), private"),
    "redacted-json": (
        "analysis-redacted.json",
        "application/json",
        "The redacted analysis (JSON), to share",
    ),
}
#: every file of the app's last audit: its outputs, its profiles and what the page showed of it
LAST_AUDIT_FILES = (
    *(name for name, _, _ in OUTPUTS.values()),
    APP_PROFILES,
    last_run.RUN_FILE,
)


@dataclass
class AccountLine:
    label: str
    state: str = "waiting"  # waiting, reading, done, failed
    message: str = ""


@dataclass
class Progress:
    """What the page shows of a run; changed under the lock, read as a copy."""

    state: str = "idle"  # idle, running, done, failed
    demo: bool = False
    after: bool = False  # the demo once the changes its audit proposes are made
    #: the user's last audit, from before the app was started (:mod:`linkage.app.last_run`)
    earlier: bool = False
    stage: str = ""
    accounts: list[AccountLine] = field(default_factory=list)
    error: str = ""
    summary: str = ""
    #: the report's first screen in short (:func:`reports.summary.verdict_brief`), once done
    verdict: dict[str, str | None] = field(default_factory=dict)
    outputs: dict[str, str] = field(default_factory=dict)  # name -> "" (ready) or why not
    started: float = 0.0
    seconds: float = 0.0
    #: why nothing moves, while a request waits ("github.com asked linkage to wait 20 s (try 2
    #: of 4)"), and until when (time.monotonic()) that may last
    wait: str = ""
    wait_until: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "state": self.state,
            "demo": self.demo,
            "after": self.after,
            "earlier": self.earlier,
            "stage": self.stage,
            "wait": self.wait if time.monotonic() < self.wait_until else "",
            "accounts": [vars(a).copy() for a in self.accounts],
            "error": self.error,
            "summary": self.summary,
            "verdict": dict(self.verdict),
            "outputs": [
                {"name": name, "label": OUTPUTS[name][2], "ready": not why, "why": why}
                for name, why in self.outputs.items()
            ],
            "seconds": round(
                self.seconds or (time.monotonic() - self.started if self.started else 0), 1
            ),
        }


def plain_error(profile: Profile) -> str:
    """Why an account could not be read, in plain words (the collectors' own messages are)."""
    error = profile.collected.error or ""
    return error[0].upper() + error[1:] if error else "It could not be read."


def what_is_read(spec: AccountSpec) -> str:
    """What collecting this account reads, in plain words."""
    from linkage.handles import WHAT_IS_READ

    if spec.handle is None:
        return "the export, on this computer"
    return WHAT_IS_READ.get(spec.handle.platform, "its public profile")


class PageEvents(AuditEvents):
    def __init__(self, progress: Progress, lock: threading.Lock) -> None:
        self.progress, self.lock = progress, lock
        self.lines: dict[int, AccountLine] = {}

    def stage(self, name: str, accounts: int = 0) -> None:
        with self.lock:
            self.progress.stage = STAGES.get(name, name)
            # a wait belongs to the stage it was met in: never said with the next one
            self.progress.wait, self.progress.wait_until = "", 0.0

    def account_started(self, spec: AccountSpec) -> None:
        from linkage.pipeline import shown_handle
        from reports.labels import account_label

        platform, handle = shown_handle(spec)
        with self.lock:
            # named as the report names it ("morag-finlay.example.org (Website)"), not by the
            # accounts file's id ("web:https://morag-finlay.example.org/")
            line = AccountLine(
                account_label(handle, platform), "reading", f"reading {what_is_read(spec)}…"
            )
            self.lines[id(spec)] = line
            self.progress.accounts.append(line)

    def waiting(self, wait: Wait) -> None:
        """Say on the page why nothing moves, as the terminal's progress line does, for as long
        as the wait and the next try may last."""
        with self.lock:
            self.progress.wait = wait.sentence()
            self.progress.wait_until = time.monotonic() + wait.seconds + wait.then_up_to + 1

    def account_done(self, spec: AccountSpec, profile: Profile) -> None:
        from reports.labels import account_label

        with self.lock:
            line = self.lines[id(spec)]
            line.label = account_label(profile.handle, profile.platform)
            if profile.ok:
                words = len(" ".join(p.text for p in profile.posts).split())
                # the state already says "read": the message says what was
                line.state, line.message = (
                    "done",
                    f"{plural(len(profile.posts), 'post')}, {plural(words, 'word')}",
                )
            else:
                line.state, line.message = "failed", plain_error(profile)


#: The demo's outputs, inside the app's outputs folder.
DEMO_FOLDER = "demo"


class Runner:
    """Runs one audit at a time and keeps its outputs in ``folder`` (the demo's in a folder of
    their own inside it, so that showing the demo leaves the user's last report as it was)."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.lock = threading.Lock()
        self.progress = self._last_audit()
        self.thread: threading.Thread | None = None

    def _last_audit(self) -> Progress:
        """The user's last audit as the page showed it when it ended, said to be from then
        (:mod:`linkage.app.last_run`): its reports are kept, so the page offers them again."""
        again = last_run.shown_again(self.folder, {name: OUTPUTS[name][0] for name in OUTPUTS})
        if again is None:
            return Progress()
        lines = [
            AccountLine(a["label"], a["state"], str(a.get("message") or ""))
            for a in again["accounts"]
        ]
        return Progress(
            state="done",
            earlier=True,
            summary=again["summary"],
            verdict=again["verdict"],
            outputs=again["outputs"],
            accounts=lines,
        )

    def outputs_of(self, demo: bool) -> Path:
        """Where a run's outputs go: the user's audit's, or the demo's."""
        return self.folder / DEMO_FOLDER if demo else self.folder

    def current_outputs(self) -> Path:
        """The folder of the run the page shows (the last one started)."""
        with self.lock:
            return self.outputs_of(self.progress.demo)

    def snapshot(self) -> dict[str, Any]:
        with self.lock:
            return self.progress.to_dict()

    def busy(self) -> bool:
        return self.thread is not None and self.thread.is_alive()

    def start(
        self,
        specs: list[AccountSpec],
        options: Callable[[], AuditOptions],
        *,
        owner: str | None = None,
        demo: bool = False,
        after: bool = False,
    ) -> None:
        """Start an audit of ``specs`` (``options`` is called on the worker thread); ``demo``:
        of the demo's fictional person instead, and with ``after`` once the changes its audit
        proposes are made."""
        if self.busy():
            raise LinkageError("An audit is already running; wait for it to finish.")
        with self.lock:
            self.progress = Progress(
                state="running", demo=demo, after=demo and after, started=time.monotonic()
            )
            progress = self.progress
        self.thread = threading.Thread(
            target=self._run,
            args=(progress, specs, options, owner, demo),
            name="linkage-app-audit",
            daemon=True,
        )
        self.thread.start()

    def _run(self, progress, specs, options, owner, demo) -> None:  # type: ignore[no-untyped-def]
        from linkage.pipeline import audit

        events = PageEvents(progress, self.lock)
        try:
            if demo:
                result = run_demo_audit(events)
            else:
                result = audit(specs, options(), events, owner=owner)
            self._write(progress, result)
        except LinkageError as exc:
            with self.lock:
                progress.state, progress.error = "failed", str(exc)
        except Exception as exc:
            detail = "".join(traceback.format_exception_only(exc)).strip()
            with self.lock:
                progress.state = "failed"
                progress.error = (
                    f"Something went wrong inside linkage ({detail}). Please report it."
                )
        finally:
            with self.lock:
                progress.seconds = time.monotonic() - progress.started

    def _write(self, progress: Progress, result: Audit) -> None:
        from linkage.audit_history import keep_in_history
        from linkage.demo import changes_made, story
        from reports.render import ReportOptions, write_report
        from reports.summary import verdict_brief
        from reports.unfollowed import found_more, unfollowed_line, why_unread
        from reports.voice import voice_for

        folder = self.outputs_of(progress.demo)
        private_folder(folder)  # the reports hold what was collected: owner-only
        for name in OUTPUTS:
            (folder / OUTPUTS[name][0]).unlink(missing_ok=True)
        (folder / last_run.RUN_FILE).unlink(missing_ok=True)
        ready: dict[str, str] = {}
        # the user's audit says what changed since the last one, as on the command line; the
        # demo's only after its changes are made
        analysis, since = result.analysis, None if progress.demo else result.since
        made = changes_made(analysis, analysis.owner) if progress.after else None
        if made is not None:
            analysis, since = made
        elif progress.after:  # no change was proposed: the report is the demo's own
            with self.lock:
                progress.after = False
        for name, redact in (("report", False), ("redacted", True)):
            html = folder / OUTPUTS[name][0]
            options = ReportOptions(redact=redact, training=progress.demo, since=since)
            if progress.demo and not redact:  # the story names the person
                options.story = story(after=made is not None, app=True)
            write_report(html, analysis, options)
            ready[name] = ""
            which = "redacted report" if redact else "full report"
            why = pdf_of(html, folder / OUTPUTS[f"{name}-pdf"][0], which)
            ready[f"{name}-pdf"] = why or ""
        analysis.write_json(folder / OUTPUTS["json"][0])
        ready["json"] = ""
        write_redacted_json(analysis, folder / OUTPUTS["redacted-json"][0])
        ready["redacted-json"] = ""
        # kept once the outputs are written: a failure to keep it costs no report
        keep_in_history(result)
        failed = len(result.failed)
        read = len(result.profiles) - failed
        summary = f"Read {read} of {plural(len(result.profiles), 'account')}"
        # found and read: a link that could not be followed is no account found
        more = found_more(result.discovered)
        if more:
            summary += f" and {more}"
        summary += f" in {result.seconds:.0f} s."
        if failed:
            summary += f" {failed} could not be read: the report says which and why."
        unfollowed = [p for p in result.discovered if not p.ok]
        if unfollowed:  # as the report says them, beside its verdict
            summary += " " + unfollowed_line(
                [why_unread(p) for p in unfollowed],
                linked=all((p.discovered_by or "").startswith("linked from") for p in unfollowed),
                voice=voice_for(redact=False, training=progress.demo, owner=analysis.owner),
                why=False,
                report=True,
            )
        if result.analysis.duplicates:
            summary += " Some accounts were listed twice and audited once: the report says which."
        if made is not None and result.analysis.remediation is not None:
            proposed = len(result.analysis.remediation.changes)
            summary += f" Then made the {plural(proposed, 'change')} its audit proposed."
        for note in result.history_notes:  # a kept audit damaged, or this one not kept
            summary += f" {note}"
        verdict = verdict_brief(analysis, training=progress.demo)  # the demo names its person
        with self.lock:
            progress.outputs, progress.summary, progress.verdict = ready, summary, verdict
            progress.state = "done"
            shown = {
                "summary": summary,
                "verdict": dict(verdict),
                "accounts": [vars(a).copy() for a in progress.accounts],
                "outputs": dict(ready),
            }
        if not progress.demo:  # shown again when the app next starts
            last_run.keep(folder, shown)

    def forget_outputs(self) -> list[Path]:
        """Delete the last run's outputs (reports, PDFs, JSON) and the demo's; the files
        that went."""
        if self.busy():
            raise LinkageError("An audit is running; wait for it to finish, then forget.")
        gone = []
        for folder in (self.outputs_of(False), self.outputs_of(True)):
            for name in OUTPUTS:
                path = folder / OUTPUTS[name][0]
                if path.exists():
                    path.unlink()
                    gone.append(path)
            (folder / last_run.RUN_FILE).unlink(missing_ok=True)
        with contextlib.suppress(OSError):  # the demo's folder, once empty
            self.outputs_of(True).rmdir()
        with self.lock:
            self.progress = Progress()
        return gone
