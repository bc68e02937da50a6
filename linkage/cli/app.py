"""The ``linkage`` command line. Every option is documented where it is defined."""

from __future__ import annotations

import functools
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperArgument, TyperCommand

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
    SweepAllowPrivate,
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
        "professional sides and what to change.\n\n"
        "Start with the demo, then audit your own accounts:\n\n"
        "\b\n"
        "  linkage demo -o report.html\n"
        "  linkage audit accounts.toml -o report.html\n\n"
        "Each command explains itself: linkage COMMAND --help."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

# -- options shared by the commands that fetch or report ---------------------------------------


class PlainArgument(TyperArgument):
    """An argument shown in help by its name in words: no type label (such as ``<path>``),
    no braces; ``NAME...`` when it takes several."""

    def display_type(self, ctx: Any) -> str:
        return ""

    def display_type_rich(self, ctx: Any) -> str | None:
        return None

    def _rich_display_name(self) -> str:
        return self.display_name_raw + ("..." if self.nargs != 1 else "")

    def _usage_display_name(self) -> str:
        name = self.display_name_raw + ("..." if self.nargs != 1 else "")
        return name if self.required else f"[{name}]"


class PlainCommand(TyperCommand):
    """A command whose arguments read as words in its help (see :class:`PlainArgument`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            if type(param) is TyperArgument:
                param.__class__ = PlainArgument


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

    return app.command(cls=PlainCommand)(run)


# -- commands -----------------------------------------------------------------------------------


@command
def demo(
    output: Annotated[
        Path, typer.Option("-o", "--output", metavar="FILE", help="Where to write the HTML report.")
    ] = Path("report.html"),
    after: Annotated[
        bool,
        typer.Option(
            "--after", help="Make the changes the report proposes, audit again, and report that."
        ),
    ] = False,
    person: Annotated[
        str,
        typer.Option(
            "--person",
            metavar="NAME",
            help="Whose demo: morag (the story: a professional and a personal side joined by a "
            "chain) or tomasz (a second person, whose audit is incomplete).",
        ),
    ] = "morag",
    json_out: JsonOut = None,
    csv_dir: CsvOut = None,
    redact: Redact = False,
    quiet: Quiet = False,
    debug: Debug = False,
) -> None:
    """Start here: audit a fictional person's accounts, offline, and write the report.

    Morag Finlay (invented) keeps a professional and a personal side online and believes
    they are apart; the report shows the chain that joins them and what would break it.
    The real collectors read her pages from a local server inside linkage: nothing leaves
    this machine.

    Examples:

    \b
      linkage demo                        # writes report.html
      linkage demo --after -o after.html  # the same person once the changes are made
      linkage demo --redact -o shared.html
    """
    from linkage.demo import PEOPLE, run_demo, story

    if person not in PEOPLE:
        raise UsageError(f"--person: choose {' or '.join(PEOPLE)}, not '{person}'.")
    started = time.monotonic()
    analysis = run_demo(quiet=quiet, person=person, after=after)
    written = write_outputs(
        analysis,
        output,
        json_out,
        redact,
        training=True,
        csv_dir=csv_dir,
        story=None if redact else story(person, after),  # the story names the person
    )
    if not after:
        step = (
            f"linkage demo{'' if person == 'morag' else ' --person ' + person} --after -o after.html",
            "the same report once the proposed changes are made",
        )
    else:
        step = (
            "linkage audit ACCOUNTS_FILE",
            "your own audit: list your accounts in an accounts file (see the README)",
        )
    print_summary(
        analysis, written, next_step=step, redact=redact, read_in=time.monotonic() - started
    )


@command
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
            "-o", "--output", metavar="FILE", help="Where to write the profiles (JSON Lines)."
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
    max_posts: MaxPosts = 100,
    max_words: MaxWords = 10_000,
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
    accounts: Annotated[
        Path, typer.Argument(metavar="ACCOUNTS_FILE", help="The accounts file (TOML).")
    ],
    output: Annotated[
        Path, typer.Option("-o", "--output", metavar="FILE", help="Where to write the HTML report.")
    ] = Path("report.html"),
    json_out: JsonOut = None,
    csv_dir: CsvOut = None,
    redact: Redact = False,
    target_bits: TargetBits = 6.0,
    profiles_out: Annotated[
        Path | None,
        typer.Option(
            "--profiles",
            metavar="FILE",
            help="Where to save the collected profiles (default: next to the report).",
        ),
    ] = None,
    prior: Prior = None,
    depth: Annotated[
        int,
        typer.Option(
            "--depth",
            metavar="HOPS",
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
        typer.Option(
            "--sites",
            metavar="FILE",
            help="The site list for --discover (default: the project's own).",
        ),
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

    Example:

    \b
      linkage audit accounts.toml -o report.html
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
    written = write_outputs(result.analysis, output, json_out, redact, csv_dir=csv_dir)
    step = (
        None
        if redact
        else (
            f"linkage audit {accounts} --offline --redact -o shared.html",
            "a version to share, with no names, handles or pictures; --offline reuses what was "
            "just read",
        )
    )
    print_summary(result.analysis, written, next_step=step, redact=redact, read_in=result.seconds)
    raise typer.Exit(1 if result.failed else 0)


@command
def link(
    profiles: Annotated[
        Path,
        typer.Argument(
            metavar="PROFILES_FILE", help="A profiles file (JSON Lines) from 'linkage collect'."
        ),
    ],
    output: Annotated[
        Path,
        typer.Option(
            "-o", "--output", metavar="FILE", help="Where to write the links: .csv or .jsonl."
        ),
    ] = Path("links.csv"),
    min_probability: Annotated[
        float,
        typer.Option(
            "--min-probability",
            metavar="PROBABILITY",
            min=0.0,
            max=1.0,
            help="Write the pairs at or above this probability (0 writes every pair).",
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
    quiet: Quiet = False,
    debug: Debug = False,
) -> None:
    """Score every pair of profiles and write the link table.

    Example:

    \b
      linkage link profiles.jsonl -o links.csv
    """
    from linkage.evidence.linking import link_profiles, write_links
    from linkage.records import read_profiles

    if output.suffix.lower() not in (".csv", ".jsonl"):
        raise UsageError(f"{output}: write links to a .csv or a .jsonl file.")
    records = read_profiles(profiles)
    links = link_profiles(records, prior=prior, min_probability=min_probability, chains=not direct)
    write_links(output, links)
    pairs = len(records) * (len(records) - 1) // 2
    typer.echo(
        f"Scored {pairs} pair{'' if pairs == 1 else 's'}; wrote {len(links)} "
        f"link{'' if len(links) == 1 else 's'} to {output}."
    )
    if not quiet:
        typer.echo(f"Next: linkage report {profiles} --links {output} -o report.html")


@command
def report(
    profiles: Annotated[
        Path, typer.Argument(metavar="PROFILES_FILE", help="A profiles file (JSON Lines).")
    ],
    output: Annotated[
        Path, typer.Option("-o", "--output", metavar="FILE", help="Where to write the HTML report.")
    ] = Path("report.html"),
    links: Annotated[
        Path | None,
        typer.Option(
            "--links",
            metavar="FILE",
            help="A links table from 'linkage link' (computed when not given).",
        ),
    ] = None,
    json_out: JsonOut = None,
    csv_dir: CsvOut = None,
    redact: Redact = False,
    target_bits: TargetBits = 6.0,
    prior: Prior = None,
    quiet: Quiet = False,
    debug: Debug = False,
) -> None:
    """Analyse stored profiles (and links) and write the report.

    Nothing is fetched: the profiles are read from the file.

    Example:

    \b
      linkage report profiles.jsonl -o report.html --redact
    """
    from linkage.evidence.linking import read_link_table
    from linkage.pipeline import analyse_stored
    from linkage.records import read_profiles

    records = read_profiles(profiles)
    link_records = read_link_table(links) if links is not None else None
    analysis = analyse_stored(records, link_records, prior=prior, target_bits=target_bits)
    written = write_outputs(analysis, output, json_out, redact, csv_dir=csv_dir)
    step = (
        None
        if redact
        else (
            f"linkage report {profiles} --redact -o shared.html",
            "a version to share, with no names, handles or pictures",
        )
    )
    print_summary(analysis, written, next_step=None if quiet else step, redact=redact)


@command
def explain(
    profiles: Annotated[
        Path, typer.Argument(metavar="PROFILES_FILE", help="A profiles file (JSON Lines).")
    ],
    id_a: Annotated[
        str,
        typer.Argument(metavar="ACCOUNT_ID", help="The first account's id, e.g. github:octocat."),
    ],
    id_b: Annotated[
        str, typer.Argument(metavar="OTHER_ACCOUNT_ID", help="The second account's id.")
    ],
    prior: Prior = None,
    quiet: Quiet = False,
    debug: Debug = False,
) -> None:
    """Show, clue by clue, why two accounts look like one person's (or not).

    With --quiet, only the last line: how likely the two are one person's.

    Example:

    \b
      linkage explain profiles.jsonl github:octocat mastodon:octo@example.social
    """
    from linkage.cli.explain import explain_pair

    explain_pair(profiles, id_a, id_b, prior=prior, quiet=quiet)


@command
def sweep(
    usernames: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="USERNAME", help="Usernames to look for (without '@').", show_default=False
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
            "-o", "--output", metavar="FILE", help="Write one record per check here (JSON Lines)."
        ),
    ] = None,
    variants: Annotated[
        bool,
        typer.Option("--variants", help="Also check common variants (other separators, case)."),
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
    quiet: Quiet = False,
    debug: Debug = False,
) -> None:
    """Check where each username exists across a site list (found, missing or could not tell).

    Example:

    \b
      linkage sweep mfinlay quietknitter -o found.jsonl
    """
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
            metavar="HANDLE",
            help="Handles or account ids (PLATFORM:NAME) whose cached answers to delete.",
            show_default=False,
        ),
    ] = None,
    accounts: Annotated[
        Path | None,
        typer.Option(
            "--accounts", metavar="FILE", help="Forget every account listed in this accounts file."
        ),
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

    Example:

    \b
      linkage forget github:octocat
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
