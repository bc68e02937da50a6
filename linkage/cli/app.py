"""The ``linkage`` command line. Every option is documented where it is defined."""

from __future__ import annotations

import functools
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from linkage import __version__
from linkage.cli.options import (
    AllowPrivate,
    CacheDir,
    CsvOut,
    Debug,
    Endpoint,
    JsonOut,
    MaxPosts,
    MaxWords,
    Offline,
    Prior,
    Quiet,
    Redact,
    Refresh,
    TargetBits,
)
from linkage.cli.support import default_sidecar, print_summary, specs_from, write_outputs
from linkage.errors import LinkageError, UsageError
from linkage.evidence.weights import DEFAULT_MIN_PROBABILITY

app = typer.Typer(
    name="linkage",
    help=(
        "Audit how easily your own online accounts can be linked to each other: collect their "
        "public profiles, score every pair, and report what connects your personal and "
        "professional sides and what to change. Start with 'linkage demo'."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

# -- options shared by the commands that fetch or report ---------------------------------------

_debug = False


def command(function: Callable[..., None]) -> Callable[..., None]:
    """Register a command with the handling every command shares: its ``--debug`` option
    (full tracebacks) and its errors (a :class:`LinkageError` prints its plain message and
    exits with its code)."""

    @functools.wraps(function)
    def run(*args: Any, **kwargs: Any) -> None:
        global _debug
        _debug = bool(kwargs.get("debug"))
        try:
            function(*args, **kwargs)
        except LinkageError as exc:
            if _debug:
                raise
            typer.echo(f"linkage: {exc}", err=True)
            raise typer.Exit(getattr(exc, "exit_code", 1)) from None

    return app.command()(run)


# -- commands -----------------------------------------------------------------------------------


@command
def collect(
    handles: Annotated[
        list[str] | None, typer.Argument(help="Handles (PLATFORM:NAME) or profile addresses.")
    ] = None,
    output: Annotated[
        Path, typer.Option("-o", "--output", help="Where to write the profiles (JSON Lines).")
    ] = Path("profiles.jsonl"),
    accounts: Annotated[
        Path | None,
        typer.Option(
            "--accounts", help="An accounts file (TOML) listing the accounts and personas."
        ),
    ] = None,
    archive: Annotated[
        list[Path] | None,
        typer.Option("--archive", help="A platform's data-export archive to import (repeatable)."),
    ] = None,
    endpoint: Endpoint = None,
    cache_dir: CacheDir = None,
    refresh: Refresh = False,
    offline: Offline = False,
    allow_private: AllowPrivate = False,
    max_posts: MaxPosts = 100,
    max_words: MaxWords = 10_000,
    quiet: Quiet = False,
    debug: Debug = False,
) -> None:
    """Collect public profiles and writing into a profiles file, without linking.

    Each profile is saved as soon as it is collected; one failing account is recorded with its
    reason and the others go on (exit status 1 when any account failed).
    """
    from linkage.cli.progress import TerminalEvents
    from linkage.pipeline import AuditOptions, http_config
    from linkage.pipeline import collect as collect_accounts

    specs = specs_from(handles, accounts, archive)
    options = AuditOptions(
        http=http_config(endpoint, cache_dir, refresh, offline, allow_private),
        max_posts=max_posts,
        max_words=max_words,
        profiles_out=output,
    )
    with TerminalEvents(len(specs), quiet=quiet) as events:
        result = collect_accounts(specs, options, events)
    ok = len(result.profiles) - len(result.failed)
    typer.echo(f"Collected {ok} of {len(result.profiles)} accounts into {output}.")
    for profile in result.failed:
        typer.echo(f"  {profile.id}: {profile.collected.error}", err=True)
    raise typer.Exit(1 if result.failed else 0)


@command
def audit(
    accounts: Annotated[Path, typer.Argument(help="The accounts file (TOML).")],
    output: Annotated[
        Path, typer.Option("-o", "--output", help="Where to write the HTML report.")
    ] = Path("report.html"),
    json_out: JsonOut = None,
    csv_dir: CsvOut = None,
    redact: Redact = False,
    target_bits: TargetBits = 6.0,
    profiles_out: Annotated[
        Path | None,
        typer.Option(
            "--profiles", help="Where to save the collected profiles (default: next to the report)."
        ),
    ] = None,
    prior: Prior = None,
    depth: Annotated[
        int,
        typer.Option(
            "--depth",
            min=0,
            max=3,
            help="Follow links found in the profiles this many hops (0: do not follow).",
        ),
    ] = 1,
    discover: Annotated[
        bool,
        typer.Option("--discover", help="Also look for the audited usernames across a site list."),
    ] = False,
    sites: Annotated[
        Path | None,
        typer.Option("--sites", help="The site list for --discover (default: the project's own)."),
    ] = None,
    variants: Annotated[
        bool, typer.Option("--variants", help="With --discover, also try common variants.")
    ] = False,
    endpoint: Endpoint = None,
    cache_dir: CacheDir = None,
    refresh: Refresh = False,
    offline: Offline = False,
    allow_private: AllowPrivate = False,
    max_posts: MaxPosts = 100,
    max_words: MaxWords = 10_000,
    quiet: Quiet = False,
    debug: Debug = False,
) -> None:
    """Collect, link, analyse and report on the accounts in an accounts file.

    Links in the collected profiles are followed one hop (--depth), and with --discover the
    usernames are looked for across a site list: accounts found that way join the analysis
    and the report lists them as accounts you may have forgotten.
    """
    from linkage.accounts import load_accounts
    from linkage.cli.progress import TerminalEvents
    from linkage.pipeline import AuditOptions, http_config
    from linkage.pipeline import audit as run_audit

    file = load_accounts(accounts)
    options = AuditOptions(
        http=http_config(endpoint, cache_dir, refresh, offline, allow_private),
        max_posts=max_posts,
        max_words=max_words,
        depth=depth,
        discover=discover,
        sites=sites,
        variants=variants,
        prior=prior,
        target_bits=target_bits,
        profiles_out=profiles_out or default_sidecar(output, "-profiles.jsonl"),
    )
    with TerminalEvents(len(file.accounts), quiet=quiet) as events:
        result = run_audit(file.accounts, options, events, owner=file.owner)
    write_outputs(result.analysis, output, json_out, redact, csv_dir=csv_dir)
    print_summary(result.analysis, output, result.seconds)
    raise typer.Exit(1 if result.failed else 0)


@command
def link(
    profiles: Annotated[
        Path, typer.Argument(help="A profiles file (JSON Lines) from 'linkage collect'.")
    ],
    output: Annotated[
        Path, typer.Option("-o", "--output", help="Where to write the links: .csv or .jsonl.")
    ] = Path("links.csv"),
    min_probability: Annotated[
        float,
        typer.Option(
            "--min-probability",
            min=0.0,
            max=1.0,
            help=f"Write pairs at or above this probability (default {DEFAULT_MIN_PROBABILITY}; 0 writes every pair).",
        ),
    ] = DEFAULT_MIN_PROBABILITY,
    prior: Prior = None,
    direct: Annotated[
        bool,
        typer.Option(
            "--direct",
            help="Only the evidence between the two accounts themselves: leave out the 'chain' "
            "evidence (an account judged against all of a person's other accounts, and two "
            "accounts tied more strongly through others).",
        ),
    ] = False,
    debug: Debug = False,
) -> None:
    """Score every pair of profiles and write the link table."""
    from linkage.evidence.linking import link_profiles, write_links
    from linkage.records import read_profiles

    if output.suffix.lower() not in (".csv", ".jsonl"):
        raise UsageError(f"{output}: write links to a .csv or a .jsonl file.")
    records = read_profiles(profiles)
    links = link_profiles(records, prior=prior, min_probability=min_probability, chains=not direct)
    write_links(output, links)
    typer.echo(
        f"Scored {len(records) * (len(records) - 1) // 2} pairs; wrote {len(links)} links to {output}."
    )


@command
def report(
    profiles: Annotated[Path, typer.Argument(help="A profiles file (JSON Lines).")],
    output: Annotated[
        Path, typer.Option("-o", "--output", help="Where to write the HTML report.")
    ] = Path("report.html"),
    links: Annotated[
        Path | None,
        typer.Option(
            "--links", help="A links table from 'linkage link' (computed when not given)."
        ),
    ] = None,
    json_out: JsonOut = None,
    csv_dir: CsvOut = None,
    redact: Redact = False,
    target_bits: TargetBits = 6.0,
    prior: Prior = None,
    debug: Debug = False,
) -> None:
    """Analyse stored profiles (and links) and write the report."""
    from linkage.evidence.linking import read_link_table
    from linkage.pipeline import analyse_stored
    from linkage.records import read_profiles

    started = time.monotonic()
    records = read_profiles(profiles)
    link_records = read_link_table(links) if links is not None else None
    analysis = analyse_stored(records, link_records, prior=prior, target_bits=target_bits)
    write_outputs(analysis, output, json_out, redact, csv_dir=csv_dir)
    print_summary(analysis, output, time.monotonic() - started)


@command
def explain(
    profiles: Annotated[Path, typer.Argument(help="A profiles file (JSON Lines).")],
    id_a: Annotated[str, typer.Argument(help="The first account's id, e.g. github:octocat.")],
    id_b: Annotated[str, typer.Argument(help="The second account's id.")],
    prior: Prior = None,
    debug: Debug = False,
) -> None:
    """Print the evidence between two accounts as a waterfall of match weights."""
    from linkage.cli.explain import explain_pair

    explain_pair(profiles, id_a, id_b, prior=prior)


@command
def demo(
    output: Annotated[
        Path, typer.Option("-o", "--output", help="Where to write the HTML report.")
    ] = Path("report.html"),
    json_out: JsonOut = None,
    csv_dir: CsvOut = None,
    redact: Redact = False,
    quiet: Quiet = False,
    debug: Debug = False,
) -> None:
    """Run the whole audit on built-in fictional personas, offline, and write the report.

    The real collectors fetch the shipped fixture pages from a local server; nothing leaves
    this machine.
    """
    from linkage.demo import run_demo

    started = time.monotonic()
    analysis = run_demo(quiet=quiet)
    write_outputs(analysis, output, json_out, redact, training=True, csv_dir=csv_dir)
    print_summary(analysis, output, time.monotonic() - started)


@command
def sweep(
    usernames: Annotated[
        list[str] | None, typer.Argument(help="Usernames to look for (without '@').")
    ] = None,
    sites: Annotated[
        Path | None,
        typer.Option(
            "--sites",
            help="A site list: the project's own format, or a WhatsMyName, Sherlock or Maigret "
            "data file (format detected). Default: the project's curated list.",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="Write one record per check here (JSON Lines)."),
    ] = None,
    variants: Annotated[
        bool,
        typer.Option("--variants", help="Also check common variants (other separators, case)."),
    ] = False,
    timeout: Annotated[
        float, typer.Option("--timeout", min=0.1, help="Seconds allowed for one check.")
    ] = 10.0,
    per_host: Annotated[
        int, typer.Option("--per-host", min=1, max=32, help="Requests in flight per host.")
    ] = 2,
    endpoint: Endpoint = None,
    allow_private: AllowPrivate = False,
    quiet: Quiet = False,
    debug: Debug = False,
) -> None:
    """Check where each username exists across a site list (found, missing or could not tell)."""
    from linkage.sweep.command import run_sweep

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
    )
    raise typer.Exit(code)


@command
def forget(
    handles: Annotated[
        list[str] | None,
        typer.Argument(
            help="Handles or account ids (PLATFORM:NAME) whose cached answers to delete."
        ),
    ] = None,
    accounts: Annotated[
        Path | None,
        typer.Option("--accounts", help="Forget every account listed in this accounts file."),
    ] = None,
    everything: Annotated[
        bool, typer.Option("--all", help="Delete the whole response cache.")
    ] = False,
    endpoint: Endpoint = None,
    cache_dir: CacheDir = None,
    debug: Debug = False,
) -> None:
    """Delete the cached answers of some accounts, or the whole response cache (--all).

    An account's answers are found by replaying its collection against the cache, so give
    the same --endpoint (and tokens in the environment) as the run that filled it. The cache
    file is compacted afterwards, so nothing deleted lingers in it.
    """
    from collectors.cache_admin import database, delete_all, forget_accounts
    from linkage.pipeline import http_config

    config = http_config(endpoint, cache_dir, False, False, False)
    folder = config.cache_dir
    if everything:
        if handles or accounts is not None:
            raise UsageError("--all deletes the whole cache: give it no handles or accounts.")
        count = delete_all(folder)
        typer.echo(f"Deleted the response cache in {folder} ({count} cached answers).")
        return
    if not handles and accounts is None:
        raise UsageError(
            "Name the accounts to forget (handles such as github:octocat, or --accounts "
            "FILE), or give --all to delete the whole cache."
        )
    specs = [spec for spec in specs_from(handles, accounts, None) if spec.handle is not None]
    if not database(folder).exists():
        typer.echo(f"No response cache in {folder}: nothing to forget.")
        return
    for label, count in forget_accounts(specs, config).items():
        typer.echo(f"Forgot {label}: {count} cached answer{'' if count == 1 else 's'} deleted.")


def version_callback(value: bool) -> None:
    if value:
        typer.echo(f"linkage {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=version_callback, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Audit how easily your own online accounts can be linked to each other."""


INTERRUPTED = "linkage: interrupted. Whatever was already written (collected profiles) is kept."


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        typer.echo(INTERRUPTED, err=True)
        sys.exit(130)
    except SystemExit as exc:
        if exc.code == 130:  # Typer turns Ctrl-C into a silent exit with this code
            typer.echo(INTERRUPTED, err=True)
        raise
    except OSError as exc:
        if _debug:
            raise
        typer.echo(f"linkage: {exc.filename or 'a file'}: {exc.strerror or exc}.", err=True)
        sys.exit(2)
    except Exception as exc:
        if _debug:
            raise
        typer.echo(
            f"linkage: internal error ({exc.__class__.__name__}: {exc}). This is a bug in linkage; "
            "please report it, with the output of the same command run with --debug.",
            err=True,
        )
        sys.exit(1)
