"""The commands about what linkage keeps between audits: ``forget`` (delete it) and
``history`` (list the past audits)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from linkage.cli.forget_command import forget
from linkage.cli.options import Debug
from reports.text import plural

if TYPE_CHECKING:
    from linkage.forget import Target
    from linkage.history import PastAudit

__all__ = ["forget", "history"]


def history(
    accounts: Annotated[
        Path | None,
        typer.Argument(
            metavar="ACCOUNTS_FILE",
            help="Only the audits of exactly the accounts in this accounts file, on the same "
            "sides (in any order); audits of lists that share some of them are counted, not "
            "listed.",
        ),
    ] = None,
    debug: Debug = False,
) -> None:
    """List past audits, newest first: when, which accounts, and the strongest chain.

    Each 'linkage audit' is kept (owner-only, in linkage's private data folder, never beside
    the report) so the next audit of the same accounts can show what changed. An audit of
    another list (an account more or less, or one on another side) is not compared with.
    'linkage forget' deletes them.

    Example:

    \b
      linkage history accounts.toml
    """
    from linkage import history as kept
    from linkage.accounts import load_accounts
    from linkage.disk_errors import not_a_folder
    from linkage.errors import InputError
    from linkage.forget import targets
    from linkage.pipeline import http_config
    from linkage.store import DATA_ENV, data_dir

    folder = kept.history_dir(create=False)
    blocking = not_a_folder(folder)
    if blocking is not None:  # not "no past audits": where they would be kept is a file
        raise InputError(
            f"{blocking} is a file, not a folder, so no past audit can be kept there. Move that "
            f"file away, or set {DATA_ENV} to a folder elsewhere."
        )
    audits, unreadable = kept.scan()
    if unreadable:  # said first: the list below is without them
        typer.echo(f"Warning: {kept.unreadable_line(unreadable)}", err=True)
    others = 0  # audits of another list that shares some of these accounts
    if accounts is not None:  # an export is known by the accounts read from it
        named = targets(
            load_accounts(accounts).accounts, http_config(None, None, False, True, False)
        )
        listed = [(a, _listing(named, a)) for a in audits]
        audits = [a for a, (same, _) in listed if same]
        others = sum(1 for _, (same, shared) in listed if shared and not same)
    if not audits:
        these = " of these accounts" if accounts is not None else ""
        typer.echo(f"No past audits{these} in {data_dir(create=False)}.")
    for past in audits:
        typer.echo(_line(past))
    if others:
        typer.echo(
            f"{plural(others, 'past audit')} of other lists (other accounts, or these on other "
            "sides) that share some of these accounts "
            f"{'is' if others == 1 else 'are'} not listed here, nor compared with: only an audit "
            "of the same accounts, on the same sides, shows what changed. 'linkage history' lists "
            "every audit."
        )


def _line(past: PastAudit) -> str:
    """One past audit in one line: when, which accounts, the strongest chain, the advice.

    The level is the one the audit's report gave in its headline
    (:func:`linkage.evidence.levels.verdict_level`): unknown, never "unlikely", while a listed
    account could not be read and no measured chain joins the sides; the strongest measured
    chain is then said apart."""
    from linkage.evidence.levels import UNKNOWN, level_label, verdict_level

    # a chain the audit could not measure has no bits (null): any measured one comes first
    worst = max(past.chains, key=_chain_bits, default=None)
    failed = {i for i, f in past.fields.items() if f.get("visibility") == "failed"}
    listed, found = len(failed & set(past.accounts)), len(failed - set(past.accounts))
    parts = [f"{listed} of {len(past.accounts)}"] if listed else []
    parts += [f"{found} found from their links"] if found else []
    unread = " and ".join(parts) + " could not be read" if parts else "not all read"
    level = verdict_level((str(c.get("level")) for c in past.chains), listed_unread=bool(listed))
    if worst is None:
        strongest = "no chains"
    elif worst.get("level") == UNKNOWN:  # no bits to give: the audit could not see
        strongest = f"strongest chain unknown ({unread})"
    elif level == UNKNOWN:  # what was measured joins nothing, but a listed account was not read
        why = f"{listed} of {len(past.accounts)} could not be read" if listed else "not all read"
        measured = f"{level_label(worst['level'])}, {worst['bits']:.1f} bits"
        strongest = f"strongest chain unknown ({why}; the strongest measured: {measured})"
        # found from links: they leave the audit complete, so they are counted apart
        strongest += f", {found} found from their links could not be read" if found else ""
    else:
        strongest = f"strongest chain {level_label(worst['level'])} ({worst['bits']:.1f} bits)"
        strongest += f", {unread}" if failed else ""
    names = ", ".join(past.accounts[:4]) + (" …" if len(past.accounts) > 4 else "")
    return (
        f"{past.shown_at}  {plural(len(past.accounts), 'account')} ({names}); {strongest}; "
        f"{plural(len(past.advice), 'change')} advised"
    )


def _listing(listed: list[Target], past: PastAudit) -> tuple[bool, bool]:
    """Whether a kept audit's listed accounts are these, filed under the same personas, as
    :func:`linkage.history_choice.previous` takes "the same accounts"; and whether it shares any."""
    from linkage.history_choice import same_personas

    theirs = {i.lower() for i in past.accounts}
    ours: dict[str, str] = {}
    for target in listed:
        hit = sorted(target.ids & theirs)
        ours[hit[0] if hit else target.label.lower()] = getattr(target.spec, "persona", "") or ""
    same = ours.keys() == theirs and same_personas(ours, past.personas)
    return same, bool(ours.keys() & theirs)


def _chain_bits(chain: dict) -> float:
    """A kept chain's bits, for finding the strongest; an unmeasured one (null) is weakest."""
    bits = chain.get("bits")
    return float("-inf") if bits is None else float(bits)
