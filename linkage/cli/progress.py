"""The terminal side of an audit: a progress bar and one line per finished account."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from typing import TYPE_CHECKING

from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text

from linkage.accounts import AccountSpec
from linkage.pipeline import AuditEvents
from linkage.platforms import title as platform_title
from linkage.records import Profile
from reports.labels import shared_sides
from reports.redact import shared_status
from reports.text import plural

if TYPE_CHECKING:
    from collectors.http.waits import Wait

stderr = Console(stderr=True, highlight=False, emoji=False)


class TerminalEvents(AuditEvents):
    """Draws the audit's progress on standard error (nothing when ``quiet``).
    Use it as a context manager around the audit."""

    def __init__(
        self,
        total: int,
        *,
        quiet: bool = False,
        redact: bool = False,
        sides: Iterable[str | None] = (),
    ) -> None:
        self.quiet = quiet
        #: with --redact, an account is named by its entry's place in the accounts file, its
        #: platform and side, and a failure by its kind alone (its reason can hold the handle):
        #: the screen may be shared too. Not by the report's letter: accounts found through
        #: links join the report later and move the letters.
        self.redact = redact
        #: each side as redacted outputs name it (a label of the person's own is numbered),
        #: from the sides of all the accounts listed
        self.sides = shared_sides(sides)
        self.running: set[str] = set()
        self.progress: Progress | None = None
        self.task = None
        self.total = total
        #: what the progress line says after the bar: the accounts being read, or a wait
        self.reading = ""
        self._wait: tuple[str, float] | None = None  # (the wait in words, shown until)
        self._lock = threading.Lock()

    def __enter__(self) -> TerminalEvents:
        if not self.quiet:
            self.progress = Progress(
                TextColumn("[bold]Collecting"),
                BarColumn(bar_width=24),  # room for the words after it
                MofNCompleteColumn(),
                NoteColumn(self),
                TimeElapsedColumn(),
                console=stderr,
                transient=False,
            )
            self.progress.__enter__()
            self.task = self.progress.add_task("", total=self.total)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.progress is not None:
            self.progress.__exit__(None, None, None)
            self.progress = None

    def account_started(self, spec: AccountSpec) -> None:
        self.running.add(spec.shown)

    def account_done(self, spec: AccountSpec, profile: Profile) -> None:
        self.running.discard(spec.shown)
        if self.progress is None or self.task is None:
            return
        status = profile.status
        # redacted: why it could not be read may say something of the person (suspended), and
        # exact counts help single a small account out
        told = shared_status(status) if self.redact else str(status)
        posts = "read" if self.redact else f"{len(profile.posts)} posts"
        if status.complete:
            mark, note = "[green]✓[/]", posts
        elif status.partial:
            mark, note = "[yellow]~[/]", escape(f"{posts}, {told}")
        else:
            mark, note = "[red]✗[/]", escape(told)
        self.progress.console.print(f" {mark} {escape(self.name(spec, profile))}: {note}")
        self.reading = "" if self.redact else ", ".join(sorted(self.running)[:3])
        if not self.running:  # every account is read: no request waits any more
            with self._lock:
                self._wait = None
        self.progress.update(self.task, advance=1)

    def waiting(self, wait: Wait) -> None:
        """Say on the progress line why nothing moves ("github.com asked linkage to wait 20 s
        (try 2 of 4)"), for as long as the wait and the next try may last; with --redact
        without the site's name (a website's is the person's)."""
        words = wait.sentence("a site" if self.redact else None)
        with self._lock:
            self._wait = (words, time.monotonic() + wait.seconds + wait.then_up_to + 1)

    def note(self) -> str:
        """The progress line's words after the bar: a wait while it lasts, else the accounts
        being read."""
        with self._lock:
            if self._wait is not None and time.monotonic() < self._wait[1]:
                return self._wait[0]
            self._wait = None
        return self.reading

    def name(self, spec: AccountSpec, profile: Profile) -> str:
        """The account as the progress lines name it (an export by the platform it was found
        to be of, where known)."""
        if not self.redact:
            return spec.shown
        where = spec.handle.platform if spec.handle is not None else profile.platform
        side = f", {self.sides.get(spec.persona) or 'a side'}" if spec.persona else ""
        return f"entry {spec.number} of {self.total} ({platform_title(where)}{side})"

    def stage(self, name: str, accounts: int = 0) -> None:
        if name in ("link",) and not self.quiet:
            self.__exit__()
            if accounts >= 2:  # with fewer read there is nothing to link
                stderr.print(linking_line(accounts))


class NoteColumn(ProgressColumn):
    """The progress line's words after the bar (:meth:`TerminalEvents.note`), read at each
    refresh, so that a wait shows while it lasts and goes when it is over."""

    def __init__(self, events: TerminalEvents) -> None:
        super().__init__()
        self.events = events

    def render(self, task) -> Text:  # type: ignore[no-untyped-def]
        return Text(self.events.note(), style="yellow" if self.events._wait else "")


#: from this many accounts, the line before the analysis says it takes a while (an audit of
#: fourteen accounts whose profiles linked to 23 pages that could not be read worked out its
#: changes in 25 s on an idle two-core machine and 112 s on a busy one, saying nothing)
SLOW_FROM = 10


def linking_line(accounts: int) -> str:
    """What the terminal says while the accounts are linked and the changes worked out (the
    silent part of an audit or a report, a minute or two on a larger one)."""
    if accounts <= 0:
        return "Linking…"
    slow = " (this can take a minute or two)" if accounts >= SLOW_FROM else ""
    return f"Linking {plural(accounts, 'account')} and working out what to change{slow}…"
