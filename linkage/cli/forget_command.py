"""``linkage forget``: delete what linkage keeps about some accounts, or all of it, and say
what went, what could not, and what linkage never kept track of."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any

import typer

from linkage.cli.asking import yes_or_no
from linkage.cli.options import Debug, Endpoint, FoundCacheDir
from linkage.cli.support import close_ids
from linkage.errors import UsageError
from linkage.forget_words import (
    OWN_FILES,
    kept_counts,
    last_audit_words,
    sharing_question,
    sharing_words,
)
from reports.text import join_words, plural


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
            "username sweep's answers, past audits (damaged ones too), collected profiles, the "
            "key of the past audits' fingerprints, and the app's accounts list, uploads and "
            "reports.",
        ),
    ] = False,
    yes: Annotated[
        bool,
        typer.Option(
            "--yes",
            "-y",
            help="Delete without asking first (for scripts): with --all, everything; with "
            "accounts, the past audits that hold other accounts too.",
        ),
    ] = False,
    endpoint: Endpoint = None,
    cache_dir: FoundCacheDir = None,
    debug: Debug = False,
) -> None:
    """Delete everything kept about some accounts, or everything linkage keeps (--all).

    It says what it will delete and asks first, unless given --yes: with --all, always; with
    accounts, when past audits that mention them are audits of other accounts too (deleting
    those leaves the other accounts no earlier audit to compare with).

    It deletes from linkage's data folder (on Linux ~/.local/share/linkage, or the folder
    LINKAGE_DATA_DIR names: set it as your audits had it) and from the cache folder (your user
    cache folder, or the --cache-dir your audits used). It stops, deleting nothing, while
    'linkage app' or an audit is using them.

    For each account it deletes the pages saved while reading it and the accounts found from
    its links or its username, what the username sweep saved about its username, the past
    audits and collected profiles that mention it (damaged ones too; the other accounts of
    those audits then have no earlier audit to compare with), the app's last audit that holds
    it, and the app's copy of the data export it was read from. An account read from a data
    export is named by the accounts file that lists the export, or by its id as 'linkage
    history' lists it (x:NAME). Nothing deleted lingers in the file of saved pages. (Pages
    saved by linkage's early versions are found by reading the account again from the saved
    pages alone, with the same --endpoint as then, if one was given.)

    Reports you wrote or downloaded (report.html, the files of --json, --csv and --profiles,
    the app's downloads) are yours: linkage does not keep track of them, so delete them
    yourself.

    Example:

    \b
      linkage forget github:octocat
    """
    from linkage.folder_lock import forgetting
    from linkage.pipeline import http_config
    from linkage.store import app_folders, data_dir

    if everything and (handles or accounts is not None):
        raise UsageError("--all deletes everything: give it no handles or accounts.")
    if not everything and not handles and accounts is None:
        raise UsageError(
            "Name the accounts to forget (handles such as github:octocat, or --accounts "
            "FILE), or give --all to delete everything linkage keeps."
        )
    config = http_config(endpoint, cache_dir, False, False, False)
    assert config.cache_dir is not None
    with forgetting(data_dir(create=False), app_folders()):
        if everything:
            _forget_everything(Path(config.cache_dir), yes)
        else:
            _forget_some(handles or [], accounts, config, yes)


def _forget_some(handles: list[str], accounts: Path | None, config: Any, yes: bool) -> None:
    from collectors.cache_admin import database
    from collectors.sweep.cache import cache_file
    from linkage.forget import forget_accounts
    from linkage.forget_all import earlier_app_folder
    from linkage.store import INDEX_NAME, data_dir

    folder = Path(config.cache_dir)
    wanted, known = _targets(handles, accounts, config)
    if not yes and not _confirmed_shared(wanted, folder):
        typer.echo("Nothing deleted.")
        return
    kept_here = (database(folder), folder / INDEX_NAME, cache_file(folder))
    if not any(path.exists() for path in kept_here):
        typer.echo(f"No response cache in {folder}: nothing to forget there.")
    done = forget_accounts(wanted, config, known=known)
    uploads = done.uploads
    mistaken = False
    for result in done.accounts:
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
    if any(result.kept for result in done.accounts):
        damaged = f" ({len(done.damaged)} of them damaged)" if done.damaged else ""
        typer.echo(
            f"Deleted {plural(done.audits, 'past audit')}{damaged} and "
            f"{plural(done.profiles, 'collected profiles file')} mentioning them, in "
            f"{data_dir(create=False)}."
        )
    for last, names in done.app_audits:
        typer.echo(f"Deleted {last_audit_words(names)}, in {last}.")
    for upload in uploads.delete if uploads is not None else []:
        off = (
            f" and took it off the app's accounts list {upload.delisted}" if upload.delisted else ""
        )
        typer.echo(f"Deleted the app's copy of the export {upload.path.name} ({upload.path}){off}.")
    for upload in uploads.left if uploads is not None else []:
        typer.echo(
            f"Left the app's copy of the export {upload.path.name} ({upload.path}): an export of "
            f"that name also held {join_words(sorted(upload.others))}, which you did not ask "
            "to forget. If this copy holds the account you forget, remove it in the app (✕ "
            "beside it in the list) or delete the file yourself."
        )
    for listed, account in uploads.listed if uploads is not None else []:
        typer.echo(
            f"The app's accounts list {listed} still names {account}: remove it there (✕ in "
            "the app) if you no longer want it audited."
        )
    if done.others:
        typer.echo(
            f"Those past audits were also audits of {join_words(sorted(done.others))}: the next "
            "audit of those has no earlier one to compare with."
        )
    for path in done.unchecked:
        typer.echo(
            f"Could not open {path} to check it: if it holds these accounts, delete it yourself."
        )
    _earlier_app(earlier_app_folder())
    if any(result.kept for result in done.accounts):
        typer.echo(OWN_FILES)
    _failed(done.failures, folder)
    if mistaken:  # a name spelled a little off: the account meant is still kept
        raise typer.Exit(2)


def _forget_everything(cache: Path, yes: bool) -> None:
    from linkage.forget_all import delete_everything, remaining, survey

    found = survey(cache)
    if not yes and not _confirmed_all(found):
        typer.echo("Nothing deleted.")
        return
    delete_everything(found)
    failed_in = {f.what for f in found.failures}
    if "the response cache" not in failed_in:
        typer.echo(
            f"Deleted the response cache and its account index in {cache} "
            f"({plural(found.answers or 0, 'cached answer')})."
        )
    if found.swept is not None:
        typer.echo(f"Deleted the username sweep's cache ({plural(found.swept, 'answer')}).")
    audits, profiles = kept_counts(found, leftovers=True)
    typer.echo(
        f"Deleted {audits}, {profiles} and the key of the past audits' fingerprints, "
        f"in {found.data}."
    )
    if found.app is not None:
        typer.echo(
            f"Deleted the app's accounts list, uploaded exports and last reports in {found.app}."
        )
    for other in found.cleared_apps:
        typer.echo(
            f"Deleted the app's uploaded exports and last reports in {other} (its accounts list "
            "there is yours to keep or delete)."
        )
    failed = {f.where for f in found.failures}
    for path in remaining():
        if path not in failed and not any(f.is_relative_to(path) for f in failed):
            typer.echo(f"Left {path}: linkage did not write it; delete it yourself if you wish.")
    _earlier_app(found.earlier_app)
    typer.echo(OWN_FILES)
    _failed(found.failures, cache)


def _earlier_app(folder: Path | None) -> None:
    if folder is not None:
        typer.echo(
            f"Earlier versions of linkage kept the app's accounts list, uploaded exports and "
            f"last reports in {folder}, outside the data folder used now: forget does not "
            "touch it. Delete that folder yourself if it is yours to delete."
        )


def _failed(failures: list, cache: Path) -> None:
    """Say what could not be deleted, where, and what to do; exit 1 when anything was."""
    from linkage.store import data_dir

    if not failures:
        return
    for failure in failures:
        typer.echo(
            f"linkage: could not delete {failure.what} in {failure.where} ({failure.why}).",
            err=True,
        )
    if any(f.in_cache for f in failures):
        typer.echo(
            f"The cache folder {cache} could not be changed, so what it holds about these "
            "accounts is still there. Make it writable by you (or, if your audits used another "
            "folder, give that one with --cache-dir), then run the same command again.",
            err=True,
        )
    if not all(f.in_cache for f in failures):
        typer.echo(
            f"What is named above is still in linkage's data folder {data_dir(create=False)}. "
            "Make it writable by you, then run the same command again.",
            err=True,
        )
    raise typer.Exit(1)


def _targets(handles: list[str], accounts: Path | None, config: Any) -> tuple[list, set[str]]:
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
            handle = read_handle(text)
            specs.append(AccountSpec(number=len(specs) + 1, handle=handle, written=text.strip()))
        except LinkageError as exc:
            if text.strip().lower() not in known:
                close = close_ids(text.strip(), sorted(known))
                meant = re.search(r" Did you mean [^?]+\?", str(exc))  # a platform spelled off
                hint = f" Did you mean: {', '.join(close)}?" if close else meant[0] if meant else ""
                if not hint and _an_email(text):
                    hint = (
                        f" For the Gravatar of an e-mail address, write gravatar:{text.strip()};"
                        f" for a Mastodon account, @{text.strip()}."
                    )
                raise UsageError(
                    f"nothing is kept about '{text}', and it is not a handle.{hint} Give a "
                    "handle such as github:octocat, or an account as 'linkage history' lists it."
                ) from None
            named.append(Target(text.strip(), {text.strip().lower()}))
    return [*targets(specs, config), *named], known


def _an_email(text: str) -> bool:
    """Whether ``text`` reads as an e-mail address (``someone@example.org``): one ``@`` between
    a name and a domain, no platform before it."""
    return re.fullmatch(r"[^@:\s/]+@[^@:\s/]+\.[^@:\s/]+", text.strip()) is not None


def _confirmed_all(found: Any) -> bool:
    """Whether the person agrees to delete everything linkage keeps, told what that is; no
    answer (no terminal, end of input) stops the command as a usage error."""
    typer.echo("This deletes everything linkage keeps, and cannot be undone:")
    typer.echo(f"  the response cache and the username sweep's answers in {found.cache}")
    audits, profiles = kept_counts(found, leftovers=False)
    typer.echo(f"  {audits} and {profiles} in {found.data}")
    if found.app is not None:
        typer.echo(f"  the app's accounts list, uploaded exports and last reports in {found.app}")
    for other in found.other_apps:
        typer.echo(f"  the app's uploaded exports and last reports in {other}")
    typer.echo(f"  ({OWN_FILES})")
    return _confirm("Delete all of it?")


def _confirmed_shared(wanted: list, cache: Path) -> bool:
    """Whether the person agrees to delete the past audits that forgetting these accounts
    deletes and that were audits of other accounts too, told which (yes when there are none).
    No answer (no terminal, end of input) stops the command as a usage error."""
    from linkage.forget import audits_of

    found = audits_of(wanted, cache)
    if not found.shared:
        return True
    for line in sharing_words(wanted, found):
        typer.echo(line)
    return _confirm(sharing_question(wanted, found))


def _confirm(question: str) -> bool:
    """The person's answer to a yes-or-no question, no by default; no answer (no terminal,
    end of input) stops the command as a usage error, nothing deleted."""
    try:
        return yes_or_no(question, default=False)
    except typer.Abort:
        typer.echo("")
        raise UsageError(
            "no answer, so nothing was deleted: give --yes to delete without asking."
        ) from None
