"""Helpers shared by the command-line commands: settings, outputs, summaries."""

from __future__ import annotations

from pathlib import Path

import typer

from linkage.errors import UsageError


def default_sidecar(output: Path, suffix: str) -> Path:
    return output.with_name(output.stem + suffix)


def print_summary(
    analysis,
    written: list,
    *,
    next_step: tuple[str, str] | None = None,
    redact: bool = False,
    read_in: float | None = None,
) -> None:
    """The verdict in a sentence or two, each file written and what it holds, and the next
    command (``reports.summary``); ``read_in``: how long reading the accounts took, for the
    commands that read them (a report from stored profiles reads nothing)."""
    from reports.summary import summary_lines

    if read_in is not None:
        total = len(analysis.profiles)
        read = total - len(analysis.failed)
        typer.echo(f"Read {read} of {total} account{'' if total == 1 else 's'} in {read_in:.1f} s.")
    for line in summary_lines(analysis, written, next_step=next_step, redact=redact):
        typer.echo(line)


def write_outputs(
    analysis,
    output: Path | None,
    json_out: Path | None,
    redact: bool,
    training: bool = False,
    csv_dir: Path | None = None,
    story: str | None = None,
) -> list:
    """Write the report and the other files asked for; each file written, with what it holds."""
    from reports.render import ReportOptions, write_report
    from reports.summary import Written

    written = []
    if output is not None:
        options = ReportOptions(redact=redact, training=training, story=story)
        write_report(output, analysis, options)
        holds = "the redacted report, to share" if redact else "the report"
        written.append(Written(output.resolve(), f"{holds}: open it in a web browser"))
    if json_out is not None:
        if redact:
            import json

            from linkage.records import open_private
            from reports.redact import redacted_dict

            with open_private(json_out) as out:
                json.dump(redacted_dict(analysis), out, ensure_ascii=False, indent=2)
        else:
            analysis.write_json(json_out)
        written.append(
            Written(json_out.resolve(), "the same results as data (JSON), for other tools")
        )
    if csv_dir is not None:
        from reports.tables import write_tables

        write_tables(csv_dir, analysis)
        written.append(
            Written(csv_dir.resolve(), "the accounts and links as tables (CSV), for a spreadsheet")
        )
    return written


def specs_from(handles, accounts, archives):
    from linkage.accounts import AccountSpec, load_accounts
    from linkage.handles import parse_handle

    if not handles and accounts is None and not archives:
        raise UsageError(
            "Name some accounts: give handles such as github:octocat, --accounts FILE, or --archive PATH."
        )
    specs = []
    if accounts is not None:
        specs.extend(load_accounts(accounts).accounts)
    for text in handles or []:
        specs.append(AccountSpec(number=len(specs) + 1, handle=parse_handle(text)))
    for path in archives or []:
        specs.append(AccountSpec(number=len(specs) + 1, archive=path.resolve()))
    return specs
