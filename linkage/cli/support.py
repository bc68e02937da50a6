"""Helpers shared by the command-line commands: settings, outputs, summaries."""

from __future__ import annotations

from pathlib import Path

import typer

from linkage.errors import UsageError


def default_sidecar(output: Path, suffix: str) -> Path:
    return output.with_name(output.stem + suffix)


def print_summary(analysis, report: Path | None, seconds: float) -> None:
    from linkage.evidence.levels import level_for

    failed = analysis.failed
    typer.echo(
        f"Collected {len(analysis.profiles) - len(failed)} of {len(analysis.profiles)} accounts in {seconds:.1f} s."
    )
    for profile in failed:
        typer.echo(f"  could not collect {profile.id}: {profile.collected.error}")
    worst = analysis.exposure[:3]
    for exp in worst:
        typer.echo(
            f"  {exp.source} → {exp.target}: {level_for(exp.bits).name} ({exp.bits:.1f} bits)"
        )
    if report is not None:
        typer.echo(f"Report: {report.resolve()}")


def write_outputs(
    analysis,
    output: Path | None,
    json_out: Path | None,
    redact: bool,
    training: bool = False,
    csv_dir: Path | None = None,
) -> None:
    from reports.render import ReportOptions, write_report

    if output is not None:
        write_report(output, analysis, ReportOptions(redact=redact, training=training))
    if json_out is not None:
        if redact:
            import json

            from linkage.records import open_private
            from reports.redact import redacted_dict

            with open_private(json_out) as out:
                json.dump(redacted_dict(analysis), out, ensure_ascii=False, indent=2)
        else:
            analysis.write_json(json_out)
    if csv_dir is not None:
        from reports.tables import write_tables

        write_tables(csv_dir, analysis)


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
