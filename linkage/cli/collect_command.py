"""``linkage collect``: read accounts into a profiles file, without linking."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from linkage.cli import output_paths
from linkage.cli.commanding import kept_so_far
from linkage.cli.options import (
    MAX_POSTS,
    MAX_WORDS,
    AllowPrivate,
    CacheDir,
    Debug,
    Endpoint,
    MaxPosts,
    MaxWords,
    Offline,
    Quiet,
    Refresh,
)
from linkage.cli.support import saved_line, specs_from
from linkage.folder_lock import holding_data_folder
from reports.text import plural


@holding_data_folder(create=False)
def collect(
    handles: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="HANDLE",
            help="Handles (PLATFORM:NAME) or profile addresses.",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path,
        typer.Option(
            "-o",
            "--output",
            metavar="FILE",
            help="Where to write the profiles (JSON Lines).",
            callback=output_paths.file_out("profiles.jsonl"),
        ),
    ] = Path("profiles.jsonl"),
    accounts: Annotated[
        Path | None,
        typer.Option(
            "--accounts",
            metavar="FILE",
            help="An accounts file (TOML) listing the accounts and personas.",
        ),
    ] = None,
    archive: Annotated[
        list[Path] | None,
        typer.Option(
            "--archive",
            metavar="FILE",
            help="A platform's data-export archive to import (repeatable).",
        ),
    ] = None,
    endpoint: Endpoint = None,
    cache_dir: CacheDir = None,
    refresh: Refresh = False,
    offline: Offline = False,
    allow_private: AllowPrivate = False,
    max_posts: MaxPosts = MAX_POSTS,
    max_words: MaxWords = MAX_WORDS,
    quiet: Quiet = False,
    debug: Debug = False,
) -> None:
    """Collect public profiles and writing into a profiles file, without linking.

    Each profile is saved as soon as it is collected; one failing account is recorded with its
    reason and the others go on (exit status 1 when any account failed).

    Example:

    \b
      linkage collect --accounts accounts.toml -o profiles.jsonl
    """
    from linkage.cli.progress import TerminalEvents
    from linkage.pipeline import AuditOptions, http_config
    from linkage.pipeline import collect as collect_accounts

    specs = specs_from(handles, accounts, archive)
    exports = [("an export to import", spec.archive) for spec in specs]
    output_paths.keep_apart([("the accounts file", accounts), *exports], [("-o", output)])
    options = AuditOptions(
        http=http_config(endpoint, cache_dir, refresh, offline, allow_private),
        max_posts=max_posts,
        max_words=max_words,
        profiles_out=output,
    )
    kept_so_far(output, refresh=refresh)
    with TerminalEvents(len(specs), quiet=quiet) as events:
        result = collect_accounts(specs, options, events)
    ok = len(result.profiles) - len(result.failed)
    partly = sum(1 for p in result.profiles if p.status.partial)
    some = f" ({partly} only in part)" if partly else ""
    total = plural(len(result.profiles), "account")
    typer.echo(f"Collected {ok} of {total}{some} into {output}.")
    saved = saved_line(result.saved, offline=offline)
    if saved:
        typer.echo(saved)
    if quiet:  # otherwise each was said as it came, on the progress lines
        for profile in result.profiles:
            if not profile.status.complete:  # failed, or collected in part
                typer.echo(f"  {profile.id}: {profile.status}", err=True)
    if result.duplicates:
        from reports.labels import account_labels

        labels = account_labels(result.profiles, redact=False)
        for duplicate in result.duplicates:
            typer.echo(duplicate.sentence(labels[duplicate.id]), err=True)
    raise typer.Exit(1 if result.failed else 0)
