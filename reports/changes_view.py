"""The changes section (``partials/changes.html.j2``): the advice of the remediation plan, one
change a line with what it does to the strongest chain it touches, and the plan's outcome in
level words."""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup

from linkage import platforms
from linkage.evidence.analysis import Analysis
from linkage.evidence.changes import (
    IN_BIO,
    Change,
    allowed,
    hide_words,
    link_words,
    platform_of,
    renamed,
    verb,
    written_in_bio,
)
from linkage.evidence.levels import level_for, level_label
from linkage.evidence.remediation import Remediation
from linkage.records import SAME, Profile
from linkage.urls import addresses_in, short_url
from reports.labels import at_start, in_sentence
from reports.text import breakable, join_words, plural
from reports.voice import OWN, Voice

#: Changes that save less than this (in bits) are not advice worth giving.
MIN_SAVING = 0.05
#: Said of an account to rename that the plan also makes private, after what to choose.
PRIVATE_NAME = " (a private account still shows its username)"
#: Said of an account to rename that the plan also deletes (one that cannot be made private).
DELETED_NAME = ", then delete it"


def remediation_view(
    analysis: Analysis, labels: dict[str, str] | None = None, redact: bool = False
) -> dict[str, Any] | None:
    """The plan's outcome in level words, and what it leaves open: the chains it did not weaken
    enough (``unfinished``), and the listed accounts it was made without (``unmeasured``,
    named by ``labels``: redacted ones in a redacted report), whose chains are not known."""
    plan = analysis.remediation
    if plan is None:
        return None
    before = level_label(level_for(plan.before_bits).name)
    after = level_label(level_for(plan.after_bits).name)
    if before != after:
        outcome = f"goes from {before} to {after}"
    elif plan.after_bits < plan.before_bits - 0.05:
        outcome = f"stays {after}, but weaker"
    else:
        outcome = f"stays {after}"
    unseen = unread_named(plan.unmeasured, labels or {}, redact)
    return {
        "outcome": outcome,
        "before": before,
        "after": after,
        "target": level_label(level_for(plan.target_bits).name),
        "complete": plan.complete,
        # proven least disruptive (every cheaper combination of changes was checked)
        "proven": plan.method == "exact",
        "cost": sum(c.change.cost for c in plan.changes),
        "bound": plan.lower_bound_cost,
        "unfinished": unfinished(
            plan, len(analysis.profiles), fixed_username(analysis, labels, redact)
        ),
        # the listed accounts not read: the outcome holds among the others only (None: all
        # read); after the outcome, and (brief) where the first changes are: the verdict and
        # the terminal
        "unmeasured": (
            f"{at_start(unseen[0], redact)} could not be read, so {unseen[1]} chains are not "
            "known: these changes may not be enough."
        )
        if unseen
        else None,
        "unmeasured_brief": (
            "The changes advised were worked out among the accounts that could be read; "
            f"{unseen[0]} could not be read, so {unseen[1]} chains are not known, and the "
            "changes may not be enough."
        )
        if unseen
        else None,
    }


#: The unread accounts a sentence names; the rest are counted.
NAMED = 3


def unread_named(
    accounts: list[str], labels: dict[str, str], redact: bool
) -> tuple[str, str] | None:
    """The listed accounts the plan was made without (they could not be read) as a sentence
    names them mid-way, by ``labels`` ("tomw_birds (Reddit)", "personal account A (Reddit)"),
    more than :data:`NAMED` and one counted; and "its" or "their". None when there are none."""
    if not accounts:
        return None
    named = [in_sentence(labels.get(a, a), redact) for a in accounts]
    if len(named) > NAMED + 1:
        named = [*named[:NAMED], f"{len(named) - NAMED} other accounts"]
    return join_words(named), "its" if len(accounts) == 1 else "their"


#: A username shared by accounts with at least this much evidence from it alone is one that
#: ties them (a reused username, not two that look alike).
TYING_USERNAME_BITS = 6.0


def fixed_username(
    analysis: Analysis, labels: dict[str, str] | None = None, redact: bool = False
) -> str | None:
    """Why no change may break what is left, when a username that some of the accounts' platforms
    let no one change ties them (the same username on Hacker News and Keybase), in a sentence;
    None when there is none. Named by ``labels`` (redacted ones in a redacted report)."""
    tied: dict[str, None] = {}
    for link in analysis.links:
        same = any(
            e.signal == "username" and e.kind == SAME and e.match_weight >= TYING_USERNAME_BITS
            for e in link.evidence
        )
        if same and not all(allowed(platform_of(i)).rename for i in (link.a, link.b)):
            tied.update(dict.fromkeys(sorted((link.a, link.b))))
    fixed = [i for i in tied if not allowed(platform_of(i)).rename]
    if not fixed:
        return None
    plan = analysis.remediation
    hidden = {
        c.change.account
        for c in (plan.changes if plan else [])
        if c.change.action == "make_private"
    }

    def name(i: str) -> str:
        return in_sentence((labels or {}).get(i, i), redact)

    sites = list(dict.fromkeys(platforms.title(platform_of(i)) for i in fixed))
    lets = "lets" if len(sites) == 1 else "let"
    names = join_words([name(i) for i in fixed])
    tie = f"A username that {join_words(sites)} {lets} no one change ties {names} to other accounts"
    archived = (
        "the username may still be found in archives and search results, so linkage still counts it"
    )
    left = [i for i in fixed if i not in hidden]
    if not left:  # the plan already hides them all: why that does not end the tie
        gone = "it is" if len(fixed) == 1 else "they are"
        return f"{tie}: even once {gone} gone as advised above, {archived}."
    links = {p.id: p.links for p in analysis.profiles}
    todo = []
    for i in left:
        before, after = hide_words(i, links=links.get(i))
        todo.append(f"{before[:1].lower()}{before[1:]} {name(i)}{after}")
    them = "it" if len(left) == 1 else "them"
    return (
        f"{tie}. Only deleting {them} takes the username out of view ({'; '.join(todo)}), and "
        f"even then {archived}."
    )


#: Where the report shows the chains a plan leaves too strong (the terminal, which has no
#: top, says the sentence without it)
AT_TOP = "; they are shown at the top."


def unfinished(plan: Remediation, accounts: int, stuck: str | None = None) -> str | None:
    """Why the changes found do not weaken every chain enough, and what to do, in a sentence
    or two (None when they do, on every chain measured: :func:`unmeasured` says what is left
    when accounts could not be read); ``stuck``: why nothing may break what is left
    (:func:`fixed_username`), said after "no further change helps"."""
    if plan.reached:
        return None
    again = "Make these changes, then run the audit again to find the next ones."
    if not plan.changes:
        if plan.stopped in ("allowance", "time"):
            return (
                f"No changes could be worked out: with {accounts} accounts there are too many "
                f"combinations to try in one go. Audit fewer accounts at a time (one side's "
                f"accounts with those of the other side most likely to be joined to them) to "
                f"get advice."
            )
        return (
            "No change of these kinds weakens the chains that are too strong by half a bit "
            f"or more{AT_TOP}" + (f" {stuck}" if stuck else "")
        )
    if plan.stopped in ("allowance", "time"):
        return (
            f"These changes are a start, not the whole answer: with {accounts} accounts there "
            f"are too many combinations to try in one go, so the search stopped before it "
            f"weakened every chain. {again}"
        )
    if plan.stopped == "changes":
        listed = sum(1 for c in plan.changes if c.bits_saved >= MIN_SAVING)  # as shown
        return (
            f"These changes are a start, not the whole answer: weakening every chain takes "
            f"more than the {plural(listed, 'change')} listed. {again}"
        )
    return (
        "No further change of these kinds weakens the chains that remain by half a bit or "
        f"more{AT_TOP}" + (f" {stuck}" if stuck else "")
    )


def changes_view(
    analysis: Analysis,
    profiles: dict[str, Profile],
    labels: dict[str, str],
    redact: bool,
    voice: Voice = OWN,
) -> list[dict[str, Any]]:
    if analysis.remediation is None:
        return []
    out = []
    done: set[Change] = set()  # changes already listed, to place a change's partner
    # an account the plan makes private and renames: a private account still shows its
    # username, and one deleted needs no new name, so "(or delete it)" would contradict the
    # rename that follows (or comes before); one that cannot be made private is renamed, then
    # deleted
    hidden = {
        c.change.account for c in analysis.remediation.changes if c.change.action == "make_private"
    }
    renamed_too = hidden & {
        c.change.account for c in analysis.remediation.changes if c.change.field == "handle"
    }
    for chosen in analysis.remediation.changes:
        if chosen.bits_saved < MIN_SAVING:
            continue  # advice that saves nothing is not advice
        change = chosen.change
        value = None if redact else change.value
        account = in_sentence(labels.get(change.account, change.account), redact)
        linked = _linked_account(change, profiles) if redact else None
        behind = ""  # said after the account's name
        if change.field == "links" and value:
            words = link_words(change.account, value, profiles.get(change.account))
            what = _remove_link(short_url(value), words)
        elif linked is not None and linked in labels:
            # redacted, the link's address is not said; when it leads to another of the
            # accounts audited, that account's own label says which link, and nothing more
            what = _remove_link(in_sentence(labels[linked], redact), link_words(change.account, ""))
        elif change.phrase:
            what = (
                Markup('Remove <span class="handle">%s</span> from the profile text of')
                % breakable(value)
                if value
                else Markup("Remove the other account's %s from the profile text of")
                % ("address" if addresses_in(change.value, bare=True) else "name")
            )
        elif change.action == "make_private":
            shown = profiles.get(change.account)
            what, behind = hide_words(
                change.account,
                renamed=change.account in renamed_too,
                links=shown.links if shown is not None else None,
            )
        else:
            what = verb(change)
        before = level_for(chosen.before_bits).name
        after = level_for(chosen.after_bits).name
        # the join named: each change's figures are of the strongest chain it touches, which
        # differs from one change to the next ("stays almost certain" read as undoing the one
        # before)
        join = (
            "the join of {} and {}".format(
                *(in_sentence(labels.get(i, i), redact) for i in chosen.chain)
            )
            if chosen.chain
            else "the strongest join it is part of"
        )
        if chosen.chain and change.account not in chosen.chain:
            # a join the changed account is not an end of: it counts as one of the person's
            # other accounts, or a step between (said, or the line reads as a mistake)
            join += f", which {account} helps to tie,"
        effect = (
            f"{join} goes from {level_label(before)} to {level_label(after)}."
            if before != after
            else f"{join} stays {level_label(before)}, but weaker."
        )
        if chosen.together:
            before_it = any(partner in done for partner in chosen.together)
            partner = "the change before" if before_it else "the next change"
            effect = f"Together with {partner}: {effect}"
        elif out:  # its effect is measured with the changes above made, as the plan orders them
            above = "the change above is" if len(out) == 1 else "the changes above are"
            effect = f"Once {above} made, {effect}"
        else:
            effect = effect[0].upper() + effect[1:]
        done.add(change)
        out.append(
            {
                "what": what,
                "what_text": re.sub(r"<[^>]+>", "", str(what)),
                "account": account,
                # what follows the account's name ("Make alice (Forgejo) private")
                "behind": behind,
                "where": renamed(voice.whose) + _hidden_too(change.account, renamed_too)
                if change.field == "handle"
                else IN_BIO
                if written_in_bio(change, list(profiles.values()))
                else None,
                "effect": effect,
                "numbers": {"before": chosen.before_bits, "after": chosen.after_bits},
                "saved": chosen.bits_saved,
                "explanation": None if redact else chosen.explanation,
            }
        )
    return out


def _hidden_too(account: str, renamed_too: set[str]) -> str:
    """Said after what to choose of an account to rename that the plan also hides."""
    if account not in renamed_too:
        return ""
    return PRIVATE_NAME if allowed(platform_of(account)).private else DELETED_NAME


def _linked_account(change: Change, profiles: dict[str, Profile]) -> str | None:
    """The id of the audited account that a link to remove leads to (another than the one it
    is on), if any."""
    if change.field != "links" or not change.value:
        return None
    from linkage.signals.crosslinks import points_at

    for pid, profile in profiles.items():
        if pid != change.account and points_at(change.value, profile):
            return pid
    return None


def _remove_link(shown: str, words: tuple[str, str]) -> Markup:
    """ "Remove the link to <address> from" (or on Keybase "Revoke the proof of … on")."""
    before, after = words
    return Markup('%s <span class="handle">%s</span> %s') % (before, breakable(shown), after)
