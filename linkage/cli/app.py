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
    Pdf,
    Prior,
    Quiet,
    Redact,
    Refresh,
    SweepAllowPrivate,
    TargetBits,
)
from linkage.cli.support import print_since, print_summary, specs_from, write_outputs
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


def _pdf_possible(pdf: bool) -> None:
    """With --pdf, stop before any work when no PDF engine is installed."""
    if pdf:
        from reports.pdf import HOW_TO_GET, pdf_engine

        if pdf_engine() is None:
            raise UsageError(HOW_TO_GET)


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
    pdf: Pdf = False,
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
    _pdf_possible(pdf)
    started = time.monotonic()
    analysis = run_demo(quiet=quiet, person=person, after=after)
    written = write_outputs(
        analysis,
        output,
        json_out,
        redact,
        training=True,
        csv_dir=csv_dir,
        pdf=pdf,
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
    for profile in result.profiles:
        if not profile.status.complete:  # failed, or collected in part
            typer.echo(f"  {profile.id}: {profile.status}", err=True)
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
    pdf: Pdf = False,
    target_bits: TargetBits = 6.0,
    profiles_out: Annotated[
        Path | None,
        typer.Option(
            "--profiles",
            metavar="FILE",
            help="Also save the collected profiles (everything read, unredacted) here. Default: "
            "only in linkage's private data folder (the path is printed).",
        ),
    ] = None,
    history: Annotated[
        bool,
        typer.Option(
            "--history/--no-history",
            help="Keep this audit (in linkage's private data folder) and show what changed "
            "since the last audit of the same accounts.",
        ),
    ] = True,
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

    The collected profiles are kept in linkage's private data folder, never beside the report
    (unless --profiles names a place); with --redact no collected string goes into any file
    written. Each audit is kept there too, and the next audit of the same accounts shows
    what changed ('linkage history' lists them, 'linkage forget' deletes them).

    Example:

    \b
      linkage audit accounts.toml -o report.html
    """
    from linkage.accounts import load_accounts
    from linkage.cli.progress import TerminalEvents
    from linkage.pipeline import AuditOptions, http_config
    from linkage.pipeline import audit as run_audit
    from linkage.store import profiles_path

    file = load_accounts(accounts)
    _pdf_possible(pdf)
    private_profiles = profiles_out is None
    if private_profiles:
        profiles_out = profiles_path(spec.label for spec in file.accounts)
    assert profiles_out is not None
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
        profiles_out=profiles_out,
        keep_history=history,
    )
    with TerminalEvents(len(file.accounts), quiet=quiet) as events:
        result = run_audit(file.accounts, options, events, owner=file.owner)
    written = write_outputs(
        result.analysis, output, json_out, redact, csv_dir=csv_dir, pdf=pdf, since=result.since
    )
    written.append(
        (
            profiles_out,
            "the collected profiles, unredacted"
            + (" (linkage's private data folder)" if private_profiles else "; keep it private"),
        )
    )
    if result.history_path is not None:
        written.append((result.history_path, "this audit, kept to compare with the next one"))
    step: tuple[str, str] | None = (
        None
        if redact
        else (
            f"linkage audit {accounts} --offline --redact -o shared.html",
            "a version to share, with no names, handles or pictures; --offline reuses what was "
            "just read",
        )
    )
    if result.failed and len(result.analysis.unseen) == len(result.analysis.profiles):
        step = (
            f"linkage audit {accounts}",
            "again once the accounts can be reached: nothing could be read this time",
        )
    print_summary(result.analysis, written, next_step=step, redact=redact, read_in=result.seconds)
    print_since(result.since, result.analysis)
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
    pdf: Pdf = False,
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
    written = write_outputs(analysis, output, json_out, redact, csv_dir=csv_dir, pdf=pdf)
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
    from collectors.sweep.command import run_sweep

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
            help="Handles or account ids (PLATFORM:NAME) to forget.",
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
        bool,
        typer.Option(
            "--all",
            help="Delete everything linkage keeps: the response cache, its account index, past "
            "audits and collected profiles.",
        ),
    ] = False,
    endpoint: Endpoint = None,
    cache_dir: CacheDir = None,
    debug: Debug = False,
) -> None:
    """Delete everything kept about some accounts, or everything linkage keeps (--all).

    For each account: every cached answer read while collecting it (whichever --endpoint
    served it), the answers of the accounts found from it (by its links or the username
    sweep), the past audits that mention it and the collected profiles that hold it. Answers
    cached by versions of linkage before 0.2 are found by replaying the collection against
    the cache, which needs the same --endpoint as then. The cache file is compacted
    afterwards, so nothing deleted lingers in it.

    Example:

    \b
      linkage forget github:octocat
    """
    from collectors.cache_admin import database, delete_all
    from linkage import history as kept
    from linkage.forget import forget_accounts
    from linkage.pipeline import http_config
    from linkage.store import INDEX_NAME, data_dir

    config = http_config(endpoint, cache_dir, False, False, False)
    folder = config.cache_dir
    assert folder is not None
    if everything:
        if handles or accounts is not None:
            raise UsageError("--all deletes everything: give it no handles or accounts.")
        count = delete_all(folder)
        (folder / INDEX_NAME).unlink(missing_ok=True)
        audits = kept.list_audits()
        for past in audits:
            if past.path is not None:
                past.path.unlink(missing_ok=True)
        profiles = data_dir(create=False) / "profiles"
        files = sorted(profiles.glob("*.jsonl")) if profiles.is_dir() else []
        for path in files:
            path.unlink()
        typer.echo(f"Deleted the response cache in {folder} ({count} cached answers).")
        typer.echo(
            f"Deleted {len(audits)} past audit(s) and {len(files)} collected profiles file(s) "
            f"in {data_dir(create=False)}."
        )
        return
    if not handles and accounts is None:
        raise UsageError(
            "Name the accounts to forget (handles such as github:octocat, or --accounts "
            "FILE), or give --all to delete everything linkage keeps."
        )
    specs = specs_from(handles, accounts, None)
    if not (database(folder).exists() or (folder / INDEX_NAME).exists()):
        typer.echo(f"No response cache in {folder}: nothing to forget there.")
    results, audits, files = forget_accounts(specs, config)
    for result in results if database(folder).exists() else []:
        line = f"Forgot {result.account}: {result.answers} cached answer{'' if result.answers == 1 else 's'} deleted"
        if result.discovered:
            line += f", including those of {len(result.discovered)} account(s) found from it"
        typer.echo(line + ".")
    typer.echo(
        f"Deleted {audits} past audit(s) and {files} collected profiles file(s) mentioning them."
    )


@command
def history(
    accounts: Annotated[
        Path | None,
        typer.Argument(
            metavar="ACCOUNTS_FILE", help="Only the audits of the accounts in this accounts file."
        ),
    ] = None,
    debug: Debug = False,
) -> None:
    """List past audits, newest first: when, which accounts, and the strongest chain.

    Each 'linkage audit' is kept (owner-only, in linkage's private data folder, never beside
    the report) so the next audit of the same accounts can show what changed. 'linkage
    forget' deletes them.

    Example:

    \b
      linkage history accounts.toml
    """
    from linkage import history as kept
    from linkage.accounts import load_accounts
    from linkage.store import data_dir

    wanted = None
    if accounts is not None:
        wanted = [spec.label for spec in load_accounts(accounts).accounts]
    audits = kept.list_audits()
    if wanted is not None:
        ids = {w.lower() for w in wanted}
        audits = [
            a
            for a in audits
            if len(ids & {x.lower() for x in a.accounts}) * 2
            >= len(ids | {x.lower() for x in a.accounts})
        ]
    if not audits:
        typer.echo(
            f"No past audits{' of these accounts' if wanted else ''} in {data_dir(create=False)}."
        )
        return
    for past in audits:
        worst = max(past.chains, key=lambda c: c.get("bits", 0.0), default=None)
        strongest = (
            f"strongest chain {worst['level']} ({worst['bits']:.1f} bits)" if worst else "no chains"
        )
        names = ", ".join(past.accounts[:4]) + (" …" if len(past.accounts) > 4 else "")
        when = past.at[:16].replace("T", " ")
        typer.echo(
            f"{when} UTC  {len(past.accounts)} accounts ({names}); {strongest}; "
            f"{len(past.advice)} change(s) advised"
        )


def local_app(
    accounts: Annotated[
        Path | None,
        typer.Argument(
            metavar="ACCOUNTS_FILE",
            help="The accounts file (TOML) the page edits (default: accounts.toml in --data).",
            show_default=False,
        ),
    ] = None,
    data: Annotated[
        Path | None,
        typer.Option(
            "--data",
            metavar="FOLDER",
            help="Where the app keeps the accounts list, uploaded exports and the last reports "
            "(default: your user data folder).",
        ),
    ] = None,
    port: Annotated[
        int,
        typer.Option(
            "--port",
            metavar="PORT",
            min=0,
            max=65535,
            help="The port on 127.0.0.1 (0: a free one).",
        ),
    ] = 0,
    no_browser: Annotated[
        bool,
        typer.Option("--no-browser", help="Print the app's address without opening a browser."),
    ] = False,
    endpoint: Endpoint = None,
    cache_dir: CacheDir = None,
    debug: Debug = False,
) -> None:
    """Open the local app in your browser: add accounts, run the audit, read the report.

    The app listens on 127.0.0.1 only, behind a secret address that this command prints and
    opens; the accounts list it edits is the same file 'linkage audit' reads. Stop it with
    Ctrl-C.

    Example:

    \b
      linkage app accounts.toml
    """
    from platformdirs import user_data_dir

    from linkage.app.server import Settings, serve

    folder = data or Path(user_data_dir("linkage")) / "app"
    settings = Settings(
        data_dir=folder.expanduser().resolve(),
        accounts=accounts.expanduser().resolve() if accounts else None,
        endpoints=list(endpoint or []),
        cache_dir=cache_dir,
    )
    serve(settings, port=port, open_browser=not no_browser, echo=typer.echo)


# Typer names a command after its function; this one is 'app', a name the module already uses.
local_app.__name__ = "app"
command(local_app)


@command
def init(
    output: Annotated[
        Path,
        typer.Option("-o", "--output", metavar="FILE", help="Where to write the accounts file."),
    ] = Path("accounts.toml"),
    force: Annotated[
        bool, typer.Option("--force", help="Replace the accounts file if it exists.")
    ] = False,
    debug: Debug = False,
) -> None:
    """Write an accounts file by answering a few questions: which accounts, which persona.

    Each account may be a profile address, a handle (github:octocat, @alice@example.social) or
    a website; each is recognised as you type it, as in 'linkage app'.

    Example:

    \b
      linkage init -o accounts.toml
    """
    from linkage.app.store import PERSONAS, handle_spec, write_accounts
    from linkage.handles import recognise

    if output.exists() and not force and not typer.confirm(f"{output} exists. Replace it?"):
        raise UsageError(f"{output} was left as it was. Give another --output, or --force.")
    typer.echo(
        "List your accounts one at a time: paste a profile address or a handle "
        "(for example https://github.com/octocat or @alice@example.social). "
        "An empty line ends the list."
    )
    specs = []
    while True:
        text = typer.prompt("Account", default="", show_default=False).strip()
        if not text:
            if specs:
                break
            typer.echo("Give at least one account.")
            continue
        found = recognise(text)
        if not found.ok:
            typer.echo(f"  {found.message}")
            continue
        assert found.handle is not None
        if any(s.handle == found.handle for s in specs):
            typer.echo(f"  {found.handle.id} is already listed.")
            continue
        typer.echo(f"  {found.explanation} ({found.handle.id})")
        choices = "/".join(PERSONAS)
        persona = typer.prompt(
            f"  Which side of you is it? ({choices}, or your own label)", default=PERSONAS[0]
        )
        specs.append(handle_spec(found.handle.id, persona, len(specs) + 1))
    write_accounts(output, None, specs)
    typer.echo(f"Saved {len(specs)} account{'s' if len(specs) != 1 else ''} in {output}.")
    typer.echo(f"Next: linkage audit {output}   (or open it in the app: linkage app {output})")


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
