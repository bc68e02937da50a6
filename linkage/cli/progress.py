"""The terminal side of an audit: a progress bar and one line per finished account."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from linkage.accounts import AccountSpec
from linkage.pipeline import AuditEvents
from linkage.records import Profile

stderr = Console(stderr=True, highlight=False)


class TerminalEvents(AuditEvents):
    """Draws the audit's progress on standard error (nothing when ``quiet``).
    Use it as a context manager around the audit."""

    def __init__(self, total: int, *, quiet: bool = False) -> None:
        self.quiet = quiet
        self.running: set[str] = set()
        self.progress: Progress | None = None
        self.task = None
        self.total = total

    def __enter__(self) -> TerminalEvents:
        if not self.quiet:
            self.progress = Progress(
                TextColumn("[bold]Collecting"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.description}"),
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
        self.running.add(spec.label)

    def account_done(self, spec: AccountSpec, profile: Profile) -> None:
        self.running.discard(spec.label)
        if self.progress is None or self.task is None:
            return
        status = profile.status
        if status.complete:
            mark, note = "[green]✓[/]", f"{len(profile.posts)} posts"
        elif status.partial:
            mark, note = "[yellow]~[/]", escape(f"{len(profile.posts)} posts, {status}")
        else:
            mark, note = "[red]✗[/]", escape(str(status))
        self.progress.console.print(f" {mark} {escape(spec.label)}: {note}")
        waiting = ", ".join(sorted(self.running)[:3])
        self.progress.update(self.task, advance=1, description=escape(waiting))

    def stage(self, name: str, detail: str = "") -> None:
        if name in ("link",) and not self.quiet:
            self.__exit__()
            stderr.print(f"Linking {detail}…" if detail else "Linking…")
