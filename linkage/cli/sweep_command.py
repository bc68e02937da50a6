"""The ``sweep`` command: where each username exists across a site list."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from linkage.cli import output_paths
from linkage.cli.options import CacheDir, Debug, Endpoint, Quiet, Refresh, SweepAllowPrivate
from linkage.folder_lock import holding_data_folder


@holding_data_folder(create=False)
def sweep(
    usernames: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="USERNAME",
            help="Your own usernames to look for; a handle (github:NAME, @NAME@server) or a "
            "profile address is read as the username in it.",
            show_default=False,
        ),
    ] = None,
    sites: Annotated[
        Path | None,
        typer.Option(
            "--sites",
            metavar="FILE",
            help="A site list: the project's own format, or a WhatsMyName, Sherlock or Maigret "
            "data file (format detected). Default: the project's curated list.",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            metavar="FILE",
            help="Write one record per check here (JSON Lines).",
            callback=output_paths.file_out("sweep.jsonl"),
        ),
    ] = None,
    variants: Annotated[
        bool,
        typer.Option("--variants", help="Also check common variants (other separators, case)."),
    ] = False,
    nsfw: Annotated[
        bool,
        typer.Option(
            "--nsfw",
            help="Also check the sites the list marks as adult (porn, webcams), left out "
            "unless asked for.",
        ),
    ] = False,
    timeout: Annotated[
        float,
        typer.Option(
            "--timeout", metavar="SECONDS", min=0.1, help="Seconds allowed for one check."
        ),
    ] = 10.0,
    per_host: Annotated[
        int,
        typer.Option(
            "--per-host", metavar="NUMBER", min=1, max=32, help="Requests in flight per host."
        ),
    ] = 2,
    endpoint: Endpoint = None,
    allow_private: SweepAllowPrivate = False,
    cache_dir: CacheDir = None,
    refresh: Refresh = False,
    quiet: Quiet = False,
    debug: Debug = False,
) -> None:
    """Check where your own usernames are taken across a site list (found, missing, not
    possible there, or could not tell).

    Meant for your own usernames: it shows where a name like yours is taken, as anyone who
    searches for it sees. "found" only means that an account with that name exists there; it
    may be someone else's. Open it to check, and add yours to your accounts file to audit them.

    A username that a site's own rules do not allow (too long, or a character it does not
    take) is counted as not possible there: no one can have it on that site. When some sites
    could not tell (unreachable, too slow, blocked), the summary says why and what to do, and
    the command exits with status 1, as 'linkage audit' does when an account could not be read.

    What each site said (found or missing) is kept for a day in the cache folder, so the same
    sweep again asks only the sites that could not tell; --refresh asks them all.

    Example:

    \b
      linkage sweep mfinlay quietknitter -o found.jsonl
    """
    from collectors.sweep.command import run_sweep
    from linkage.store import cache_folder

    output_paths.keep_apart([("the site list", sites)], [("-o", output)])
    code = run_sweep(
        usernames,
        sites=sites,
        output=output,
        variants=variants,
        timeout=timeout,
        per_host=per_host,
        endpoint=endpoint,
        allow_private=allow_private,
        quiet=quiet,
        cache_dir=cache_folder(cache_dir),
        refresh=refresh,
        nsfw=nsfw,
    )
    raise typer.Exit(code)
