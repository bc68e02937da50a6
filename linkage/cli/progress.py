"""The terminal side of collection: a progress bar and one line per finished account."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from collectors.base import CollectContext
from linkage.accounts import AccountSpec
from linkage.pipeline import CollectionResult, collect_all

stderr = Console(stderr=True, highlight=False)


@contextmanager
def _progress(total: int, quiet: bool) -> Iterator[Progress | None]:
    if quiet:
        yield None
        return
    progress = Progress(
        TextColumn("[bold]Collecting"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=stderr,
        transient=False,
    )
    with progress:
        yield progress


def collect_with_progress(
    specs: Sequence[AccountSpec], ctx: CollectContext, *, quiet: bool, save_to=None
) -> CollectionResult:
    with _progress(len(specs), quiet) as progress:
        task = progress.add_task("", total=len(specs)) if progress else None
        running: set[str] = set()

        def on_start(spec: AccountSpec) -> None:
            running.add(spec.label)

        def on_done(spec: AccountSpec, profile) -> None:
            running.discard(spec.label)
            if progress is None or task is None:
                return
            if profile.ok:
                mark = "[green]✓[/]"
                note = f"{len(profile.posts)} posts"
            elif ((profile.collected and profile.collected.error) or "").startswith("partial"):
                mark, note = "[yellow]~[/]", escape(profile.collected.error)
            else:
                mark = "[red]✗[/]"
                note = escape(profile.collected.error if profile.collected else "failed")
            progress.console.print(f" {mark} {escape(spec.label)}: {note}")
            waiting = ", ".join(sorted(running)[:3])
            progress.update(task, advance=1, description=escape(waiting))

        return collect_all(specs, ctx, on_start=on_start, on_done=on_done, save_to=save_to)
