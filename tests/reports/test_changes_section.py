"""The changes section says whether its plan is proven the least disruptive."""

from __future__ import annotations

import dataclasses
import re

from linkage.evidence.analysis import analyse
from linkage.records import Profile
from reports.render import ReportOptions, render_html

PROVEN = "every cheaper combination was checked"


def linked_analysis():
    profiles = [
        Profile(id="reddit:quiet_reader", platform="reddit", handle="quiet_reader",
                persona="personal", links=["https://ada.example.org/"]),
        Profile(id="web:https://ada.example.org/", platform="web",
                handle="https://ada.example.org/", url="https://ada.example.org/",
                persona="professional"),
    ]  # fmt: skip
    return analyse(profiles)


def test_a_proven_plan_says_no_cheaper_set_works():
    analysis = linked_analysis()
    assert analysis.remediation is not None and analysis.remediation.method == "exact"
    html = render_html(analysis)
    assert "No less disruptive set of these changes does it: " + PROVEN in html
    assert "this plan: 1.0)" in html  # one link removed
    assert PROVEN in render_html(analysis, ReportOptions(redact=True))


def test_a_plan_found_step_by_step_says_how_far_the_proof_got():
    analysis = linked_analysis()
    assert analysis.remediation is not None
    analysis.remediation = dataclasses.replace(
        analysis.remediation, method="greedy", lower_bound_cost=0.5
    )
    html = render_html(analysis)
    assert PROVEN not in html
    assert "any set that works disrupts at least 0.5" in html
    analysis.remediation = dataclasses.replace(analysis.remediation, lower_bound_cost=0.0)
    html = render_html(analysis)
    assert "with this many accounts, not every combination could be checked" in html


def test_a_later_change_says_its_effect_counts_the_changes_above():
    """Two personal accounts each link to the work site: the plan removes both links, and
    the second's effect is measured once the first is gone, which its line says."""
    site = "https://ada.example.org/"
    profiles = [
        Profile(id="reddit:quiet_reader", platform="reddit", handle="quiet_reader",
                persona="personal", links=[site]),
        Profile(id="mastodon:tidal@sea.example.social", platform="mastodon",
                handle="tidal@sea.example.social", persona="personal", links=[site]),
        Profile(id="web:https://ada.example.org/", platform="web", handle=site, url=site,
                persona="professional"),
    ]  # fmt: skip
    analysis = analyse(profiles)
    assert analysis.remediation is not None and len(analysis.remediation.changes) == 2
    items = [_plain(i) for i in re.findall(r"<li><strong>(.*?)</li>", render_html(analysis))[:2]]
    # each names the join its figures are of: the two differ, and "stays" of an unnamed join
    # read as undoing the change before
    first, second = (c.chain for c in analysis.remediation.changes)
    assert first is not None and second is not None and {*first} != {*second}
    names = {"reddit:quiet_reader": "quiet_reader (Reddit)",
             "mastodon:tidal@sea.example.social": "tidal@sea.example.social (Mastodon)",
             site.join(("web:", "")): "ada.example.org (Website)"}  # fmt: skip
    for item, chain, start in ((items[0], first, "The"), (items[1], second, "the")):
        join = f"{start} join of {names[chain[0]]} and {names[chain[1]]} goes from very likely"
        assert join in item, item
    assert "Once the change above is made, the join of" in items[1]
    shared = _plain(render_html(analysis, ReportOptions(redact=True)))
    assert "the join of personal account" in shared and "quiet_reader" not in shared


def test_a_redacted_change_names_the_account_in_lower_case_mid_sentence():
    """'Remove a link from Personal account A (Reddit)' read as a capital in mid-sentence;
    the redacted label begins in lower case after a verb, in the report and the terminal."""
    analysis = linked_analysis()
    html = render_html(analysis, ReportOptions(redact=True))
    assert re.search(r"from <span class=\"handle\">personal account A", html)
    assert 'from <span class="handle">Personal account' not in html
    assert 'from <span class="handle">quiet_' in render_html(analysis)  # a handle as spelt


UNFINISHED = "These changes are a start, not the whole answer"


def test_a_plan_cut_short_says_why_and_what_to_do_next():
    """A plan that stops before every chain is weak enough says why (the search's allowance,
    or more changes than it lists) at the top and in the changes section, and never blames
    clues that cannot be removed."""
    analysis = linked_analysis()
    assert analysis.remediation is not None and analysis.remediation.complete
    assert UNFINISHED not in render_html(analysis)
    analysis.remediation = dataclasses.replace(
        analysis.remediation, complete=False, stopped="allowance"
    )
    html = render_html(analysis)
    verdict = html[html.index('id="verdict"') : html.index('id="changes"')]
    changes = html[html.index('id="changes"') :]
    for part in (verdict, changes):
        assert UNFINISHED in part and "too many combinations to try in one go" in part
        assert "run the audit again to find the next ones" in part
    assert "cannot be removed" not in html
    assert UNFINISHED in render_html(analysis, ReportOptions(redact=True))
    analysis.remediation = dataclasses.replace(analysis.remediation, stopped="changes")
    assert "takes more than the 1 change listed" in render_html(analysis)


def test_a_plan_that_found_no_change_is_not_read_as_nothing_to_change():
    analysis = linked_analysis()
    assert analysis.remediation is not None
    analysis.remediation = dataclasses.replace(
        analysis.remediation, complete=False, stopped="allowance", changes=[]
    )
    html = render_html(analysis)
    assert "Nothing to change" not in html
    assert "No changes could be worked out" in html and "Audit fewer accounts at a time" in html
    analysis.remediation = dataclasses.replace(analysis.remediation, stopped="nothing_helps")
    html = render_html(analysis)
    assert "Nothing to change" not in html
    assert "No change of these kinds weakens the chains that are too strong" in html


def test_a_plan_cut_short_counts_the_changes_it_shows_and_says_its_chain_is_weaker():
    """A plan of 25 changes, one of which saved nothing in its place and was left out, said
    "more than the 25 changes listed" under 24; and "goes from almost certain to almost
    certain" when the strongest chain was weaker but at the same level."""
    analysis = linked_analysis()
    plan = analysis.remediation
    assert plan is not None and len(plan.changes) == 1
    shown = plan.changes[0]
    idle = dataclasses.replace(shown, bits_saved=0.0)
    analysis.remediation = dataclasses.replace(
        plan, complete=False, stopped="changes", changes=[shown, idle],
        before_bits=40.0, after_bits=28.0,
    )  # fmt: skip
    html = " ".join(render_html(analysis).split())
    assert "takes more than the 1 change listed" in html
    assert "the strongest chain stays almost certain, but weaker." in html
    assert "goes from almost certain to almost certain" not in html
    assert "changes found so far" in html and "weaken every chain between" not in html
    analysis.remediation = dataclasses.replace(analysis.remediation, after_bits=5.0)
    html = " ".join(render_html(analysis).split())
    assert "the strongest chain goes from almost certain to unlikely." in html


def test_a_link_written_in_the_bio_is_to_be_taken_out_of_the_bio_too():
    """The personal account's bio spells out the work site's address, which the profile also
    lists among its links: the advice named only the link, and a person who followed it
    left the address in plain view (where the next audit reads it again)."""
    site = "https://ada.example.org/"
    written = Profile(id="mastodon:tidal@sea.example.social", platform="mastodon",
                      handle="tidal@sea.example.social", persona="personal",
                      bio="Rock pools and tides. Work: https://ada.example.org/", links=[site])  # fmt: skip
    work = Profile(id="web:https://ada.example.org/", platform="web", handle=site, url=site,
                   persona="professional")  # fmt: skip
    analysis = analyse([written, work])
    first = analysis.remediation.changes[0]
    assert (first.change.field, first.change.value) == ("links", site)
    assert ", whose bio writes it out too: take it out there as well:" in first.explanation
    html = render_html(analysis)
    text = re.sub(r"<[^>]+>", "", html)
    assert "(Mastodon), whose bio writes it out too: take it out there as well." in text
    from reports.summary import verdict_brief

    assert "take it out there as well" in verdict_brief(analysis)["change"]
    # a longer address beginning alike is not the link
    longer = dataclasses.replace(written, bio="Rock pools. Work: https://ada.example.org.uk/x")
    assert "bio" not in analyse([longer, work]).remediation.changes[0].explanation
    # listed only among its links, the advice is the link alone
    listed = dataclasses.replace(written, bio="Rock pools and tides.")
    analysis = analyse([listed, work])
    assert "bio" not in analysis.remediation.changes[0].explanation
    assert "writes it out too" not in render_html(analysis)


def test_a_name_to_take_out_of_a_bio_is_named_only_in_the_full_report():
    work = Profile(id="github:dokafor-eng", platform="github", handle="dokafor-eng",
                   persona="professional", bio="Docs. Off duty: @tidepool@coast.example.social")  # fmt: skip
    toot = Profile(id="mastodon:tidepool@coast.example.social", platform="mastodon",
                   handle="tidepool@coast.example.social", persona="personal")  # fmt: skip
    analysis = analyse([work, toot])
    text = re.sub(r"<[^>]+>", "", render_html(analysis))
    assert "Remove @tidepool@coast.example.social from the profile text of dokafor-eng" in text
    redacted = render_html(analysis, ReportOptions(redact=True))
    assert "tidepool" not in redacted
    assert "Remove the other account's name from the profile text of" in redacted


def _plain(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html.replace("<wbr>", "")).split())


def hidden_analysis():
    """A personal Forgejo account (which can be made private) and a personal GitHub one
    (whose "private" still shows its bio and picture), both linking to a work site."""
    site = "https://ada.example.org/"
    profiles = [
        Profile(id="forgejo:wren@forge.example.net", platform="forgejo",
                handle="wren@forge.example.net", persona="personal", links=[site]),
        Profile(id="github:quiet-heron", platform="github", handle="quiet-heron",
                persona="personal", links=[site]),
        Profile(id="web:https://ada.example.org/", platform="web", handle=site, url=site,
                persona="professional"),
    ]  # fmt: skip
    return analyse(profiles)


def _advise(analysis, *changes) -> str:
    """The report's text once the plan is ``changes`` (each saving a little less than the
    last), then what the terminal says to change first."""
    from linkage.evidence.remediation import ChosenChange
    from reports.summary import verdict_brief

    plan = analysis.remediation
    assert plan is not None
    plan.changes = [
        ChosenChange(change, 9.0 - n, 20.0, 11.0 + n, "said") for n, change in enumerate(changes)
    ]
    return _plain(render_html(analysis)) + " | " + str(verdict_brief(analysis)["change"])


def test_an_account_made_private_and_renamed_is_not_told_to_be_deleted_too():
    """The advice read "Make private (or delete) alice@example.social", then "Rename
    alice@example.social": one deleted has nothing to rename. A private account still
    shows its username, which its rename now says. An account that cannot be made private is
    deleted instead: once renamed, when the plan renames it too."""
    from linkage.evidence.changes import Change

    analysis = hidden_analysis()
    forge = "forgejo:wren@forge.example.net"
    hide = Change(forge, "visibility", "make_private")
    rename = Change(forge, "handle", "replace", "acct0000000000@forge.example.net")
    text = _advise(analysis, hide, rename)
    advice = text.split("What to change first")[1].split("The numbers behind")[0]
    assert "(or delete it)" not in advice
    assert "Make wren@forge.example.net (Forgejo) private ." in advice
    assert "other usernames (a private account still shows its username)." in advice
    github = "github:quiet-heron"
    text = _advise(analysis, Change(github, "visibility", "make_private"),
                   Change(github, "handle", "replace", "acct0000000000"))  # fmt: skip
    advice = text.split("What to change first")[1].split("The numbers behind")[0]
    assert "Delete quiet-heron (GitHub) , once renamed ." in advice
    assert "other usernames, then delete it." in advice
    assert "private" not in advice


def test_making_an_account_private_puts_the_word_after_its_name():
    """The advice read "Make private Alex-Example@forge.example.net (Forgejo)"; it reads "Make
    … private", in the report and in what the terminal says to change first. One the plan
    only hides may be deleted instead; one that cannot be made private is deleted."""
    from linkage.evidence.changes import Change

    analysis = hidden_analysis()
    text = _advise(analysis, Change("forgejo:wren@forge.example.net", "visibility", "make_private"))
    assert "Make wren@forge.example.net (Forgejo) private (or delete it) ." in text
    assert "Make private" not in text
    assert text.endswith(
        "| Change this first: make wren@forge.example.net (Forgejo) private (or delete it)."
    )
    text = _advise(analysis, Change("github:quiet-heron", "visibility", "make_private"))
    assert "Delete quiet-heron (GitHub) ." in text
    assert text.endswith("| Change this first: delete quiet-heron (GitHub).")


def test_a_username_no_platform_lets_change_is_said_to_be_what_is_left():
    """The same rare username on Hacker News and Keybase, which let no one change a username:
    the plan stopped with "no further change … weakens the chains" after telling the person to
    delete both accounts, and said nothing of why."""
    profiles = [
        Profile(id="hackernews:quietheron7", platform="hackernews", handle="quietheron7",
                persona="personal", bio="Tide pools."),
        Profile(id="keybase:quietheron7", platform="keybase", handle="quietheron7",
                persona="professional", display_name="Wren Hale"),
    ]  # fmt: skip
    analysis = analyse(profiles)
    plan = analysis.remediation
    assert plan is not None and plan.stopped == "nothing_helps", plan
    said = (
        "A username that Hacker News and Keybase let no one change ties quietheron7 (Hacker "
        "News) and quietheron7 (Keybase) to other accounts. Only deleting them takes the "
        "username out of view (ask the site to delete quietheron7 (Hacker News) by writing to "
        "hn@ycombinator.com; delete quietheron7 (Keybase)), and even then the username may still "
        "be found in archives"
    )
    assert said in _plain(render_html(analysis))
    shared = _plain(render_html(analysis, ReportOptions(redact=True)))
    assert "A username that Hacker News and Keybase let no one change ties personal account" in (
        shared
    )
    assert "quietheron" not in shared


def test_a_join_the_changed_account_is_not_an_end_of_says_it_helps_to_tie_it():
    """Tomasz's first change removes a link from his Keybase account, and its line named "the
    join of wrenfield.example.net (Website) and twren-data (GitHub)", which the Keybase account
    is no end of: it read as a mistake."""
    from tests import demo_runs

    analysis = demo_runs.tomasz()
    first = analysis.remediation.changes[0]
    assert first.chain and first.change.account not in first.chain, "no such change: no test"
    text = _plain(render_html(analysis))
    assert "(GitHub), which twren (Keybase) helps to tie, goes from" in text, text
