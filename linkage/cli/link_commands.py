"""The commands that work from a stored profiles file, fetching nothing: ``link`` (the link
table), ``report`` (the report) and ``explain`` (one pair, clue by clue)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from linkage.cli import output_paths
from linkage.cli.commanding import pdf_possible
from linkage.cli.options import (
    TARGET_BITS,
    CsvOut,
    Debug,
    JsonOut,
    ListedFrom,
    Pdf,
    Prior,
    Quiet,
    Redact,
    ReportOut,
    TargetBits,
    WrittenFrom,
)
from linkage.cli.support import print_summary, report_writes, write_outputs
from linkage.errors import UsageError
from linkage.evidence.weights import DEFAULT_MIN_PROBABILITY

if TYPE_CHECKING:
    from linkage.records import Link, Profile


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
            "-o",
            "--output",
            metavar="FILE",
            help="Where to write the links: .csv or .jsonl.",
            callback=output_paths.file_out("links.csv"),
        ),
    ] = Path("links.csv"),
    min_probability: WrittenFrom = DEFAULT_MIN_PROBABILITY,
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

    Accounts that could not be read have no rows (how they tie to the others is unknown, not
    low); the exit status is 1 when one of them is a listed account (not one found by
    following a link).

    Example:

    \b
      linkage link profiles.jsonl -o links.csv
    """
    from linkage.evidence.linking import comparable, link_profiles, write_links
    from linkage.record_files import read_profiles
    from reports.text import plural

    if output.suffix.lower() not in (".csv", ".jsonl"):
        raise UsageError(f"{output}: write links to a .csv or a .jsonl file.")
    output_paths.keep_apart([("the profiles file", profiles)], [("-o", output)])
    records = read_profiles(profiles)
    links = link_profiles(records, prior=prior, min_probability=min_probability, chains=not direct)
    write_links(output, links)
    scored = len(comparable(records))
    pairs = scored * (scored - 1) // 2
    unread = len(records) - scored
    left_out = (
        f" ({plural(unread, 'account')} could not be read and {'was' if unread == 1 else 'were'}"
        " left out: how they tie to the others is unknown, not low)"
        if unread
        else ""
    )
    typer.echo(
        f"Scored {plural(pairs, 'pair')}{left_out}; wrote {plural(len(links), 'link')} to {output}."
    )
    if not quiet:
        typer.echo(f"Next: linkage report {profiles} --links {output} -o report.html")
    # as report and audit: the job ran, but some listed account could not be read (one found
    # by following a link leaves its own ties unknown, not the job)
    if any(not p.ok and not p.discovered_by for p in records):
        raise typer.Exit(1)


def report(
    profiles: Annotated[
        Path, typer.Argument(metavar="PROFILES_FILE", help="A profiles file (JSON Lines).")
    ],
    output: ReportOut = Path("report.html"),
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
    target_bits: TargetBits = TARGET_BITS,
    min_probability: ListedFrom = DEFAULT_MIN_PROBABILITY,
    prior: Prior = None,
    quiet: Quiet = False,
    debug: Debug = False,
) -> None:
    """Analyse stored profiles (and links) and write the report.

    Nothing is fetched: the profiles are read from the file. The exit status is 1 when a
    listed account among them could not be read (the report says which).

    Example:

    \b
      linkage report profiles.jsonl -o report.html --redact
    """
    from linkage.evidence.linking import read_link_table
    from linkage.pipeline import analyse_stored
    from linkage.record_files import read_profiles

    pdf_possible(pdf)
    output_paths.keep_apart(
        [("the profiles file", profiles), ("the links table", links)],
        report_writes(output, json_out, pdf),
    )
    records = read_profiles(profiles)
    link_records = read_link_table(links) if links is not None else None
    stray = _stray_links(link_records, records, links, profiles)
    if not quiet:
        from linkage.cli.progress import linking_line, stderr

        if stray:
            stderr.print(stray, markup=False, highlight=False, soft_wrap=True)
        # the ones read, as an audit counts them: an account that could not be read is not linked
        stderr.print(linking_line(sum(1 for p in records if p.ok)))
    analysis = analyse_stored(
        records,
        link_records,
        prior=prior,
        target_bits=target_bits,
        min_probability=min_probability,
    )
    written = write_outputs(analysis, output, json_out, redact, csv_dir=csv_dir, pdf=pdf)
    step = (
        None
        if redact or analysis.failed_listed  # an incomplete audit is no result to share yet
        else (
            f"linkage report {profiles} --redact -o shared.html",
            "a version to share, with no names, handles or pictures",
        )
    )
    print_summary(analysis, written, next_step=None if quiet else step, redact=redact, quiet=quiet)
    raise typer.Exit(1 if analysis.failed_listed else 0)  # as audit: a listed account unread


def _stray_links(
    links: Sequence[Link] | None, records: Sequence[Profile], links_file: Path | None, file: Path
) -> str:
    """What to say of a links file made from other profiles: refused when none of its pairs
    are two of these accounts (its figures would be ignored without a word), a warning when
    some are not."""
    if not links:
        return ""
    ids = {record.id for record in records}
    stray = sum(1 for link in links if link.a not in ids or link.b not in ids)
    if stray == len(links):
        raise UsageError(
            f"{links_file}: none of its pairs are two of the accounts in {file}, so it was made "
            f"from other profiles. Make it again with 'linkage link {file} -o links.csv', or "
            "leave out --links."
        )
    if stray:
        return (
            f"Note: {stray} of the {len(links)} pairs in {links_file} name accounts that are "
            f"not in {file}; they are left out. Was it made from another profiles file?"
        )
    return ""


def explain(
    profiles: Annotated[
        Path, typer.Argument(metavar="PROFILES_FILE", help="A profiles file (JSON Lines).")
    ],
    id_a: Annotated[
        str,
        typer.Argument(
            metavar="ACCOUNT_ID",
            help="The first account's id, e.g. github:octocat, or its name as the report "
            'shows it, in quotes: "octocat (GitHub)".',
        ),
    ],
    id_b: Annotated[
        str,
        typer.Argument(
            metavar="OTHER_ACCOUNT_ID", help="The second account's id, or its name in the report."
        ),
    ],
    prior: Prior = None,
    quiet: Quiet = False,
    debug: Debug = False,
) -> None:
    """Show, clue by clue, why two accounts look like one person's (or not).

    With --quiet, only the level and how likely the two are one person's. An account that
    could not be read has no clues: the command says so, that the pair is unknown, and exits
    with status 1 (as the other commands do when an account could not be read).

    Examples:

    \b
      linkage explain profiles.jsonl github:octocat mastodon:octo@example.social
      linkage explain profiles.jsonl "octocat (GitHub)" "octo.example.org (Website)"
    """
    from linkage.cli.explain import explain_pair

    if not explain_pair(profiles, id_a, id_b, prior=prior, quiet=quiet):
        raise typer.Exit(1)
