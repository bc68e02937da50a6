"""The commands about what linkage keeps between audits: ``forget`` (delete it) and
``history`` (list the past audits)."""

from __future__ import annotations

import contextlib
import re
import shutil
from pathlib import Path
from typing import Annotated

import typer

from linkage.cli.options import CacheDir, Debug, Endpoint
from linkage.cli.support import close_ids
from linkage.errors import UsageError
from reports.text import plural


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
            help="Delete everything linkage keeps: the response cache, its account index, the "
            "username sweep's answers, past audits, collected profiles, and the app's accounts "
            "list, uploads and reports.",
        ),
    ] = False,
    yes: Annotated[
        bool,
        typer.Option("--yes", "-y", help="With --all: delete without asking first (for scripts)."),
    ] = False,
    endpoint: Endpoint = None,
    cache_dir: CacheDir = None,
    debug: Debug = False,
) -> None:
    """Delete everything kept about some accounts, or everything linkage keeps (--all, which
    says what it will delete and asks first unless given --yes).

    For each account it deletes the pages saved while reading it and the accounts found from
    its links or its username, what the username sweep saved about its username, and the past
    audits and collected profiles that mention it (the app's last audit too). An account read
    from a data export is named by the accounts file that lists the export, or by its id as
    'linkage history' lists it (x:NAME). Nothing deleted lingers in the file of saved pages.
    (Pages saved by linkage's early versions are found by reading the account again from the
    saved pages alone, with the same --endpoint as then, if one was given.)

    Example:

    \b
      linkage forget github:octocat
    """
    from collectors.cache_admin import database, delete_all
    from collectors.sweep.cache import cache_file, delete_cache
    from linkage import history as kept
    from linkage.forget import forget_accounts
    from linkage.pipeline import http_config
    from linkage.store import (
        APP_FOLDERS,
        INDEX_NAME,
        app_dir,
        app_folders,
        data_dir,
    )

    config = http_config(endpoint, cache_dir, False, False, False)
    folder = config.cache_dir
    assert folder is not None
    if everything:
        if handles or accounts is not None:
            raise UsageError("--all deletes everything: give it no handles or accounts.")
        audits = kept.list_audits()
        kept_in = data_dir(create=False)
        profiles = kept_in / "profiles"
        files = sorted(profiles.glob("*.jsonl")) if profiles.is_dir() else []
        if not yes and not _confirmed_all(folder, kept_in, len(audits), len(files)):
            typer.echo("Nothing deleted.")
            return
        count = delete_all(folder)
        (folder / INDEX_NAME).unlink(missing_ok=True)
        for past in audits:
            if past.path is not None:
                past.path.unlink(missing_ok=True)
        for path in files:
            path.unlink()
        typer.echo(f"Deleted the response cache in {folder} ({count} cached answers).")
        swept = delete_cache(folder)
        if swept is not None:
            typer.echo(f"Deleted the username sweep's cache ({plural(swept, 'answer')}).")
        typer.echo(
            f"Deleted {plural(len(audits), 'past audit')} and "
            f"{plural(len(files), 'collected profiles file')} in {kept_in}."
        )
        if app_dir().is_dir():
            shutil.rmtree(app_dir())
            typer.echo(
                f"Deleted the app's accounts list, uploaded exports and last reports in "
                f"{app_dir()}."
            )
        for other in app_folders()[1:]:  # folders named with 'linkage app --data'
            if _delete_app_files(other):
                typer.echo(
                    f"Deleted the app's uploaded exports and last reports in {other} (its "
                    "accounts list there is yours to keep or delete)."
                )
        (kept_in / APP_FOLDERS).unlink(missing_ok=True)
        return
    if not handles and accounts is None:
        raise UsageError(
            "Name the accounts to forget (handles such as github:octocat, or --accounts "
            "FILE), or give --all to delete everything linkage keeps."
        )
    wanted, known = _targets(handles or [], accounts, config)
    kept_here = (database(folder), folder / INDEX_NAME, cache_file(folder))
    if not any(path.exists() for path in kept_here):
        typer.echo(f"No response cache in {folder}: nothing to forget there.")
    results, audits, files = forget_accounts(wanted, config)
    mistaken = False
    for result in results:
        if not result.kept:  # nothing matched the name: say so, never "Forgot"
            close = close_ids(result.account, sorted(known))
            hint = f" Did you mean: {', '.join(close)}?" if close else ""
            typer.echo(f"linkage keeps nothing about {result.account}: nothing to delete.{hint}")
            mistaken = mistaken or bool(close)
            continue
        line = f"Forgot {result.account}: {plural(result.answers, 'cached answer')} deleted"
        if result.discovered:
            line += (
                f", including those of {plural(len(result.discovered), 'account')} found from it"
            )
        if result.sweep_answers:
            line += (
                f", and {plural(result.sweep_answers, 'answer')} of the username sweep about "
                f"'{result.username}'"
            )
        typer.echo(line + ".")
    if any(result.kept for result in results):
        typer.echo(
            f"Deleted {plural(audits, 'past audit')} and "
            f"{plural(files, 'collected profiles file')} mentioning them."
        )
    if mistaken:  # a name spelled a little off: the account meant is still kept
        raise typer.Exit(2)


def _targets(handles: list[str], accounts: Path | None, config) -> tuple[list, set[str]]:
    """The accounts to forget, and the ids linkage keeps anything about. A name that is not a
    handle may still be an id as ``linkage history`` lists it (an export's ``x:NAME``)."""
    from linkage.accounts import AccountSpec, load_accounts
    from linkage.errors import LinkageError
    from linkage.forget import Target, kept_ids, targets
    from linkage.handles import read_handle

    assert config.cache_dir is not None
    known = kept_ids(Path(config.cache_dir).expanduser())
    specs = list(load_accounts(accounts).accounts) if accounts is not None else []
    named = []
    for text in handles:
        try:
            specs.append(AccountSpec(number=len(specs) + 1, handle=read_handle(text)))
        except LinkageError as exc:
            if text.strip().lower() not in known:
                close = close_ids(text.strip(), sorted(known))
                meant = re.search(r" Did you mean [^?]+\?", str(exc))  # a platform spelled off
                hint = f" Did you mean: {', '.join(close)}?" if close else meant[0] if meant else ""
                raise UsageError(
                    f"linkage keeps nothing about '{text}'.{hint} Give a "
                    "handle such as github:octocat, or an account as 'linkage history' lists it."
                ) from None
            named.append(Target(text.strip(), {text.strip().lower()}))
    return [*targets(specs, config), *named], known


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
    from linkage.evidence.levels import level_label
    from linkage.forget import targets
    from linkage.pipeline import http_config
    from linkage.store import data_dir

    audits = kept.list_audits()
    if accounts is not None:  # an export is known by the accounts read from it
        named = targets(
            load_accounts(accounts).accounts, http_config(None, None, False, True, False)
        )
        audits = [a for a in audits if _same_accounts(named, a.accounts)]
    if not audits:
        these = " of these accounts" if accounts is not None else ""
        typer.echo(f"No past audits{these} in {data_dir(create=False)}.")
        return
    for past in audits:
        # a chain the audit could not measure has no bits (null): any measured one comes first
        worst = max(past.chains, key=_chain_bits, default=None)
        failed = {i for i, f in past.fields.items() if f.get("visibility") == "failed"}
        listed, found = len(failed & set(past.accounts)), len(failed - set(past.accounts))
        parts = [f"{listed} of {len(past.accounts)}"] if listed else []
        parts += [f"{found} found from their links"] if found else []
        unread = " and ".join(parts) + " could not be read" if parts else "not all read"
        if worst is None:
            strongest = "no chains"
        elif worst.get("level") == "unknown":  # no bits to give: the audit could not see
            strongest = f"strongest chain unknown ({unread})"
        else:
            strongest = f"strongest chain {level_label(worst['level'])} ({worst['bits']:.1f} bits)"
            strongest += f", {unread}" if failed else ""
        names = ", ".join(past.accounts[:4]) + (" …" if len(past.accounts) > 4 else "")
        when = past.at[:16].replace("T", " ")
        typer.echo(
            f"{when} UTC  {plural(len(past.accounts), 'account')} ({names}); {strongest}; "
            f"{plural(len(past.advice), 'change')} advised"
        )


def _same_accounts(listed: list, ids: list[str]) -> bool:
    """Whether a kept audit's listed accounts are these, or share at least half of them."""
    theirs = {i.lower() for i in ids}
    ours = set()
    for target in listed:
        hit = sorted(target.ids & theirs)
        ours.add(hit[0] if hit else target.label.lower())
    return len(ours & theirs) * 2 >= len(ours | theirs)


def _delete_app_files(folder: Path) -> bool:
    """Delete what the app wrote in a folder named with ``--data``, and nothing else there (a
    person may have named a folder of their own): its upload folders (``export-*``), its last
    audit's files and the demo's; whether anything was deleted."""
    from linkage.app.jobs import DEMO_FOLDER, OUTPUTS
    from linkage.store import APP_LAST_AUDIT, APP_UPLOADS

    uploads, last = folder / APP_UPLOADS, folder / APP_LAST_AUDIT
    found = [p for p in uploads.glob("export-*") if p.is_dir()] if uploads.is_dir() else []
    names = [*(name for name, _, _ in OUTPUTS.values()), "profiles.jsonl"]
    files = [last / name for name in names if (last / name).is_file()]
    demo = [last / DEMO_FOLDER] if (last / DEMO_FOLDER).is_dir() else []
    for path in [*found, *demo]:
        shutil.rmtree(path, ignore_errors=True)
    for path in files:
        path.unlink(missing_ok=True)
    for emptied in (last, uploads):
        with contextlib.suppress(OSError):  # not empty: something of the person's is there
            emptied.rmdir()
    return bool(found or files or demo)


def _confirmed_all(cache: Path, kept_in: Path, audits: int, files: int) -> bool:
    """Whether the person agrees to delete everything linkage keeps, told what that is; no
    answer (no terminal, end of input) stops the command as a usage error."""
    from linkage.store import app_dir, app_folders

    typer.echo("This deletes everything linkage keeps, and cannot be undone:")
    typer.echo(f"  the response cache and the username sweep's answers in {cache}")
    typer.echo(
        f"  {plural(audits, 'past audit')} and {plural(files, 'collected profiles file')} in "
        f"{kept_in}"
    )
    if app_dir().is_dir():
        typer.echo("  the app's accounts list, uploaded exports and last reports")
    for other in app_folders()[1:]:
        typer.echo(f"  the app's uploaded exports and last reports in {other}")
    try:
        return typer.confirm("Delete all of it?", default=False)
    except typer.Abort:
        typer.echo("")
        raise UsageError(
            "no answer, so nothing was deleted: give --yes to delete without asking."
        ) from None


def _chain_bits(chain: dict) -> float:
    """A kept chain's bits, for finding the strongest; an unmeasured one (null) is weakest."""
    bits = chain.get("bits")
    return float("-inf") if bits is None else float(bits)
