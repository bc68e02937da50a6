"""The commands that audit accounts: ``demo`` (a fictional person, offline) and ``audit``
(collect, link, analyse and report); ``collect`` (profiles only) is in
:mod:`linkage.cli.collect_command`."""

from __future__ import annotations

import shlex
import time
from pathlib import Path
from typing import Annotated

import typer

from linkage.cli import output_paths
from linkage.cli.commanding import kept_so_far, pdf_possible, report_due, report_written
from linkage.cli.options import (
    MAX_POSTS,
    MAX_WORDS,
    TARGET_BITS,
    AllowPrivate,
    CacheDir,
    CsvOut,
    Debug,
    Endpoint,
    JsonOut,
    ListedFrom,
    MaxPosts,
    MaxWords,
    Offline,
    Pdf,
    Prior,
    Quiet,
    Redact,
    Refresh,
    ReportOut,
    TargetBits,
)
from linkage.cli.support import print_summary, report_writes, saved_line, write_outputs
from linkage.errors import UsageError
from linkage.evidence.weights import DEFAULT_MIN_PROBABILITY
from linkage.folder_lock import holding_data_folder


def demo(
    output: ReportOut = Path("report.html"),
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
    profiles_out: Annotated[
        Path | None,
        typer.Option(
            "--profiles",
            metavar="FILE",
            help="Also save the demo's collected profiles (fictional people) here, to try "
            "'linkage explain', 'link' or 'report' on them.",
            callback=output_paths.file_out("profiles.jsonl"),
        ),
    ] = None,
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
      linkage demo --profiles demo.jsonl  # then: linkage explain demo.jsonl ID ID
    """
    from linkage.demo import PEOPLE, demo_owner, run_demo_compared, story

    person = person.strip().lower()  # "Tomasz", as a trainer writes a name
    if person not in PEOPLE:
        raise UsageError(f"--person: choose {' or '.join(PEOPLE)}, not '{person}'.")
    if redact and profiles_out is not None:
        raise UsageError(
            "--profiles saves what was read, names and all, so it is no part of a redacted "
            "demo: leave out --redact or --profiles."
        )
    pdf_possible(pdf)
    output_paths.keep_apart(
        [], [*report_writes(output, json_out, pdf), ("--profiles", profiles_out)]
    )
    if not quiet:  # on a projector, the accounts are not the trainer's own
        who = "a fictional person" if redact else demo_owner(person)
        typer.echo(
            f"The demo: the accounts of {who}, all invented, read from a server inside linkage."
        )
    started = time.monotonic()
    analysis, since = run_demo_compared(quiet=quiet, person=person, after=after, redact=redact)
    written = write_outputs(
        analysis,
        output,
        json_out,
        redact,
        training=True,
        csv_dir=csv_dir,
        pdf=pdf,
        story=None if redact else story(person, after),  # the story names the person
        since=since,  # with --after: each chain before the changes and after
    )
    if profiles_out is not None:
        from linkage.record_files import write_jsonl

        write_jsonl(profiles_out, analysis.profiles)
        first, second = _explain_pair(analysis)
        written.append(
            (
                profiles_out,
                "the demo's collected profiles (fictional people); try "
                f"linkage explain {shlex.quote(str(profiles_out))} {first} {second}",
            )
        )
    if not after:
        # a redacted demo is suggested redacted: the full report would be on a shared screen;
        # each person's after report has its own name, so one does not replace the other's
        name = ("shared-" if redact else "") + ("" if person == "morag" else person + "-")
        step = (
            f"linkage demo{'' if person == 'morag' else ' --person ' + person} --after"
            f"{' --redact' if redact else ''} -o {name}after.html",
            "the same report once the proposed changes are made",
        )
    else:
        step = (
            "linkage init",
            "your own audit: answer a few questions to list your accounts, then audit them",
        )
    print_summary(
        analysis,
        written,
        next_step=step,
        redact=redact,
        took=time.monotonic() - started,
        since=since,
        before_changes=True,  # the demo's "since" is its own audit before the changes
        training=True,  # said of the demo's invented person, by name
        quiet=quiet,
    )
    raise typer.Exit(1 if analysis.failed_listed else 0)  # as audit: a listed account unread


def _explain_pair(analysis) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """The two accounts of the demo's strongest chain between sides: a pair worth explaining."""
    chains = [e for e in analysis.exposure if e.seen]
    if chains:
        return shlex.quote(chains[0].source), shlex.quote(chains[0].target)
    ids = [p.id for p in analysis.profiles][:2] or ["ID_A", "ID_B"]
    return shlex.quote(ids[0]), shlex.quote(ids[-1])


@holding_data_folder(create=True)
def audit(
    accounts: Annotated[
        Path, typer.Argument(metavar="ACCOUNTS_FILE", help="The accounts file (TOML).")
    ],
    output: ReportOut = Path("report.html"),
    json_out: JsonOut = None,
    csv_dir: CsvOut = None,
    redact: Redact = False,
    pdf: Pdf = False,
    target_bits: TargetBits = TARGET_BITS,
    min_probability: ListedFrom = DEFAULT_MIN_PROBABILITY,
    profiles_out: Annotated[
        Path | None,
        typer.Option(
            "--profiles",
            metavar="FILE",
            help="Also save the collected profiles (everything read, unredacted) here. Default: "
            "only in linkage's private data folder (the path is printed).",
            callback=output_paths.file_out("profiles.jsonl"),
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
    max_posts: MaxPosts = MAX_POSTS,
    max_words: MaxWords = MAX_WORDS,
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
    from linkage.audit_history import keep_in_history
    from linkage.cli.progress import TerminalEvents
    from linkage.pipeline import AuditOptions, http_config
    from linkage.pipeline import audit as run_audit
    from linkage.store import keep_read_profiles, kept_text, profiles_path

    file = load_accounts(accounts)
    pdf_possible(pdf)
    exports = [("an export the accounts file lists", spec.archive) for spec in file.accounts]
    output_paths.keep_apart(
        [("the accounts file", accounts), ("the site list", sites), *exports],
        [*report_writes(output, json_out, pdf), ("--profiles", profiles_out)],
    )
    private_profiles = profiles_out is None
    if private_profiles:
        profiles_out = profiles_path(spec.label for spec in file.accounts)
    assert profiles_out is not None
    earlier = kept_text(profiles_out) if private_profiles else None
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
        min_probability=min_probability,
        profiles_out=profiles_out,
        keep_history=history,
        redact=redact,
    )
    kept_so_far(profiles_out, refresh=refresh)
    report_due(output)
    with TerminalEvents(
        len(file.accounts), quiet=quiet, redact=redact, sides=(a.persona for a in file.accounts)
    ) as events:
        result = run_audit(file.accounts, options, events, owner=file.owner)
    written = write_outputs(
        result.analysis, output, json_out, redact, csv_dir=csv_dir, pdf=pdf, since=result.since
    )
    report_written()
    # kept once the outputs are written: a run stopped before them is not the last audit the
    # next one compares with, and a failure to keep it costs no report (it is said below)
    keep_in_history(result)
    holds = "the collected profiles, unredacted"
    if keep_read_profiles(profiles_out, earlier, result.profiles):  # not replaced: none read
        holds = "nothing was read, so it still holds the profiles read before, unredacted"
    written.append(
        (
            profiles_out,
            holds
            + (" (linkage's private data folder)" if private_profiles else "; keep it private"),
        )
    )
    if result.history_path is not None:
        written.append((result.history_path, "this audit, kept to compare with the next one"))
    # the options that say where answers come from and what is audited, so that the command
    # suggested audits the same accounts in the same way
    given: list[tuple[str, object]] = [(f"--endpoint {item}", True) for item in endpoint or []]
    given += [
        (f"--cache-dir {cache_dir}", cache_dir is not None),
        ("--allow-private", allow_private),
        (f"--depth {depth}", depth != 1),
        ("--discover", discover),
        (f"--sites {sites}", discover and sites is not None),
        ("--variants", discover and variants),
        (f"--max-posts {max_posts}", max_posts != MAX_POSTS),
        (f"--max-words {max_words}", max_words != MAX_WORDS),
        (f"--prior {prior}", prior is not None),
        (f"--target-bits {target_bits:g}", target_bits != TARGET_BITS),
        (f"--min-probability {min_probability:g}", min_probability != DEFAULT_MIN_PROBABILITY),
        ("--no-history", not history),
    ]
    carried = "".join(
        " " + " ".join(shlex.quote(word) for word in option.split(" ", 1))
        for option, wanted in given
        if wanted
    )
    command = f"linkage audit {shlex.quote(str(accounts))}{carried}"
    step: tuple[str, str] | None = (
        None
        if redact
        else (
            # not kept, nor compared with the audit just made: the shared report said "10 of
            # the 10 changes advised then are still to make" of an audit six minutes older
            f"{command}{' --no-history' if history else ''} --offline --redact -o shared.html",
            "a version to share, with no names, handles or pictures; --offline reuses what was "
            "just read, and --no-history neither keeps it nor compares it with this audit",
        )
    )
    if result.analysis.failed_listed:  # not a result to share yet: first, the accounts it lacks
        nothing = len(result.analysis.unseen) == len(result.analysis.profiles)
        # a redacted audit is suggested redacted: the full report would be on a shared screen
        again = f"{command} --redact -o {shlex.quote(str(output))}" if redact else command
        step = (
            again,
            "again once what stopped each account above is put right: "
            + ("nothing could be read this time" if nothing else "this audit is incomplete"),
        )
    print_summary(
        result.analysis,
        written,
        next_step=step,
        redact=redact,
        took=result.seconds,
        since=result.since,
        saved=saved_line(result.saved, offline=offline),
        quiet=quiet,
    )
    for line in result.history_notes:
        typer.echo(f"Warning: {line}", err=True)
    # 1 when a listed account could not be read (the audit is then incomplete, and says so);
    # one found by following a link is said apart and leaves the status 0
    raise typer.Exit(1 if result.analysis.failed_listed else 0)
