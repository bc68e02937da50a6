"""Helpers shared by the command-line commands: settings, outputs, summaries."""

from __future__ import annotations

import difflib
from pathlib import Path

import typer

from linkage.errors import UsageError
from linkage.shown_text import marked


def default_sidecar(output: Path, suffix: str) -> Path:
    return output.with_name(output.stem + suffix)


#: What each kind of file holds, for the summary: (redacted, full).
_HOLDS = {
    "html": (
        "redacted, to share: no names, handles, pictures or posts",
        "the full report: names, bios and posts; keep it private",
    ),
    "pdf": (
        "redacted, to share: no names, handles, pictures or posts",
        "the full report as PDF; keep it private",
    ),
    "json": (
        "redacted analysis, to share: no names, handles, pictures or posts",
        "the full analysis: account ids and evidence details; keep it private",
    ),
    "csv": (
        "redacted tables, to share: no names, handles, pictures or posts",
        "tables of the accounts (names, addresses) and links; keep them private",
    ),
}


def saved_line(saved: dict[str, float], *, offline: bool = False) -> str | None:
    """One line saying how many listed accounts were read, in whole or in part, from answers
    the cache saved before this run (``saved``: each one's oldest, in epoch seconds; see
    :mod:`linkage.collecting`) and when, with what to do about it; None when there were none."""
    from datetime import UTC, datetime

    from linkage.wording import plural

    if not saved:
        return None
    times = sorted(datetime.fromtimestamp(when, UTC) for when in saved.values())
    today = datetime.now(UTC).date()

    def shown(when: datetime) -> str:
        return f"{when:%H:%M}" if when.date() == today else f"{when.day} {when:%B %Y, %H:%M}"

    first, last = shown(times[0]), shown(times[-1])
    when = f"at {first} UTC" if first == last else f"between {first} and {last} UTC"
    accounts = f"{plural(len(times), 'account')} {'was' if len(times) == 1 else 'were'}"
    if offline:
        return (
            f"{accounts} read from answers saved {when}, as --offline asks: changes made since "
            "then do not show."
        )
    them = "it" if len(times) == 1 else "them"
    return (
        f"{accounts} read from answers saved {when}; if you have changed {them} since, run "
        "again with --refresh."
    )


def print_summary(
    analysis,
    written: list,
    *,
    next_step: tuple[str, str] | None = None,
    redact: bool = False,
    took: float | None = None,
    since=None,
    before_changes: bool = False,
    saved: str | None = None,
    training: bool = False,
    quiet: bool = False,
) -> None:
    """The verdict in a sentence or two, each file written and what it holds, and the next
    command (``reports.summary``); ``took``: how long reading and auditing the accounts took,
    for the commands that read them (a report from stored profiles reads nothing); ``since``:
    what changed since the last audit (``since_lines``), said before the files;
    ``before_changes``: that audit is the demo's own before its changes were made; ``saved``:
    the line saying which accounts were read from answers saved earlier (:func:`saved_line`),
    said after the first; ``training``: the demo, said of its invented person by name;
    ``quiet`` (``--quiet``): the links in the profiles that could not be followed as a count."""
    from reports.summary import summary_lines
    from reports.text import plural
    from reports.unfollowed import found_more

    if took is not None:
        listed = [p for p in analysis.profiles if not p.discovered_by]
        # found from the listed ones (their links, the username sweep) and read: the links
        # that could not be followed are no accounts found, and have a line of their own
        found = [p for p in analysis.profiles if p.discovered_by and p.ok]
        total = len(listed)
        read = total - sum(1 for p in analysis.failed if not p.discovered_by)
        accounts = f"Read {read} of {plural(total, 'account')}"
        partly = sum(1 for p in listed if p.status.partial)
        if partly:
            accounts += f" ({partly} only in part)"
        more = f", {found_more(found)}" if found else ""
        if read == 0:  # nothing read: nothing audited either
            typer.echo(f"{accounts}{more} in {took:.1f} s.")
        else:
            audited = "it" if total + len(found) == 1 else "them"
            more += "," if more else ""
            typer.echo(f"{accounts}{more} and audited {audited} in {took:.1f} s.")
    if saved:
        typer.echo(saved)
    report = any(str(path).endswith(".html") for path, _ in written)
    extra = (
        since_lines(since, analysis, redact=redact, before_changes=before_changes, report=report)
        if since is not None
        else []
    )
    lines = summary_lines(
        analysis,
        written,
        next_step=next_step,
        redact=redact,
        extra=extra,
        training=training,
        quiet=quiet,
    )
    for line in lines:
        typer.echo(marked(line))  # collected words in it are shown, not obeyed


#: how many chains, and how many pieces of advice, the terminal says (the report says all)
SINCE_SHOWN = 5


def since_lines(
    since, analysis, *, redact: bool = False, before_changes: bool = False, report: bool = True
) -> list[str]:
    """What changed since the last audit of the same accounts (``linkage.history_since``), in
    the report's own sentences and labels (``reports.history_view``): redacted with --redact.
    At most :data:`SINCE_SHOWN` chains (stronger ones first) and pieces of advice, then how many
    more ``report`` (an HTML report was written) lists."""
    from reports.history_view import since_view
    from reports.redact import redacted_view
    from reports.text import plural
    from reports.voice import voice_for

    analysis, labels = redacted_view(analysis, redact)
    voice = voice_for(redact=redact, training=before_changes, owner=analysis.owner)
    view = since_view(since, labels, redact, before_changes=before_changes, voice=voice)
    if view is None:
        return []
    if not view["compared"]:  # the last audit listed other accounts: why it is not compared
        brief = view["brief"] + (" The report says why." if report else "")
        return [f"{view['heading']}:", f"  {brief}"]
    lines = [
        f"{view['heading']}:" if before_changes else f"{view['heading']} ({view['previous_at']}):"
    ]
    lines += [f"  {note}" for note in view["notes"]]
    lines += [f"  {change['sentence']}" for change in view["changes"][:SINCE_SHOWN]]
    lines += _more(len(view["changes"]), ("chain", "chains"), report)
    if view["unchanged"]:
        lines.append(f"  {plural(view['unchanged'], 'chain')} unchanged.")
    advice = [f"  Advised last time, not done yet: {advice}." for advice in view["not_done"]]
    advice += [
        f"  Advised last time: {advice}; cannot tell whether this was done, as the account "
        "could not be read this time."
        for advice in view["unknown"]
    ]
    lines += advice[:SINCE_SHOWN] + _more(
        len(advice), ("piece of advice", "pieces of advice"), report
    )
    if len(lines) == 1:  # a heading over nothing read as if its lines were lost
        lines[0] += (
            f" nothing to compare (no chain between {voice.your} sides, and no advice, either "
            "time)."
        )
    return lines


def _more(count: int, noun: tuple[str, str], report: bool) -> list[str]:
    """The line that says how many were left out, if any ("… and 3 more chains: see the
    report")."""
    from reports.text import plural

    left = count - SINCE_SHOWN
    if left <= 0:
        return []
    where = ": see the report" if report else ""
    return [f"  … and {plural(left, 'more ' + noun[0], 'more ' + noun[1])}{where}."]


def report_writes(
    output: Path | None, json_out: Path | None, pdf: bool = False
) -> list[tuple[str, Path | None]]:
    """The files a reporting command writes, as :func:`output_paths.keep_apart` takes them."""
    printed = output.with_suffix(".pdf") if pdf and output is not None else None
    return [("-o", output), ("--json", json_out), ("--pdf", printed)]


def write_outputs(
    analysis,
    output: Path | None,
    json_out: Path | None,
    redact: bool,
    training: bool = False,
    csv_dir: Path | None = None,
    *,
    pdf: bool = False,
    since=None,
    story: str | None = None,
) -> list[tuple[Path, str]]:
    """Write the report and the files asked for; each file written, with what it holds.

    With ``pdf``, a PDF is printed beside each HTML report (``reports.pdf``)."""
    from reports.render import ReportOptions, write_report

    which = 0 if redact else 1
    written: list[tuple[Path, str]] = []
    if pdf:
        from reports.pdf import HOW_TO_GET, pdf_engine

        if pdf_engine() is None:
            raise UsageError(HOW_TO_GET)
    if output is not None:
        options = ReportOptions(redact=redact, training=training, since=since, story=story)
        write_report(output, analysis, options)
        written.append((output, _HOLDS["html"][which]))
        if pdf:
            from reports.pdf import write_pdf

            pdf_path = output.with_suffix(".pdf")
            write_pdf(output, pdf_path)
            written.append((pdf_path, _HOLDS["pdf"][which]))
    if json_out is not None:
        if redact:
            from reports.redact import write_redacted_json

            write_redacted_json(analysis, json_out)
        else:
            analysis.write_json(json_out)
        written.append((json_out, _HOLDS["json"][which]))
    if csv_dir is not None:
        from reports.tables import write_tables

        for path in write_tables(csv_dir, analysis, redact=redact):
            written.append((path, _HOLDS["csv"][which]))
    return written


def specs_from(handles, accounts, archives):
    from linkage.accounts import AccountSpec, load_accounts
    from linkage.handles import read_handle

    if not handles and accounts is None and not archives:
        raise UsageError(
            "Name some accounts: give handles such as github:octocat, --accounts FILE, or --archive PATH."
        )
    specs = []
    given: dict[str, str] = {}  # each account's key, and how it was given
    if accounts is not None:
        specs.extend(load_accounts(accounts).accounts)  # which refuses its own repeats
        given = {_key(spec): f"{spec.label} in {accounts}" for spec in specs}
    for text in handles or []:
        specs.append(AccountSpec(number=len(specs) + 1, handle=read_handle(text)))
        _once(given, _key(specs[-1]), f"'{text}'")
    for path in archives or []:
        specs.append(AccountSpec(number=len(specs) + 1, archive=path.resolve()))
        _once(given, _key(specs[-1]), f"--archive {path}")
    return specs


def _key(spec) -> str:
    return spec.handle.id if spec.handle is not None else str(spec.archive)


def _once(given: dict[str, str], key: str, how: str) -> None:
    """One account given twice would be collected twice, into two records with one id."""
    if key in given:
        same = "" if key in how and key in given[key] else f" ({key})"
        raise UsageError(
            f"{how} is the same account as {given[key]}{same}; give each account once."
        )
    given[key] = how


def close_ids(wanted: str, ids: list[str]) -> list[str]:
    """The ids that ``wanted`` may have meant: those containing it (a handle without its
    platform), else those spelled nearly alike (``reddit:spezz`` for ``reddit:spez``)."""
    containing = [pid for pid in ids if wanted.lower() in pid.lower()]
    if containing:
        return containing[:5]
    by_lower = {pid.lower(): pid for pid in ids}
    near = difflib.get_close_matches(wanted.lower(), list(by_lower), n=3, cutoff=0.8)
    return [by_lower[pid] for pid in near]
