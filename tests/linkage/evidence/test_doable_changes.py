"""The advice keeps to what each platform lets an account's owner do (linkage/platforms/allows.py):
no rename where usernames never change (Reddit, Hacker News), no "make private" where a profile
cannot be (it is deleted instead, or the site is asked to delete it), and each change said in
the words that fit its platform. The people here are invented."""

from __future__ import annotations

import pytest

from linkage.evidence.changes import apply_changes, candidate_changes, explain
from linkage.evidence.remediation import plan_remediation
from linkage.history_advice import Advice
from linkage.records import Profile
from tests.linkage.evidence.test_remediation import PRIOR, max_chain, p


def _profile(pid: str) -> Profile:
    platform, handle = pid.split(":", 1)
    return Profile(
        id=pid,
        platform=platform,
        handle=handle,
        persona="personal",
        display_name="Wren Hollis",
        bio="Tide tables and moss.",
    )


def _said(change, profile: Profile) -> str:
    """The change as the plan's explanation says it (its first part, before the effect)."""
    return explain(change, (profile.id, profile.id), 9.0, 3.0, [profile]).split(": the chain")[0]


def _hide(profile: Profile) -> str | None:
    """How hiding ``profile`` is said, or None when it is no candidate."""
    hidden = [c for c in candidate_changes(profile) if c.action == "make_private"]
    return _said(hidden[0], profile) if hidden else None


@pytest.mark.parametrize(
    "pid",
    [
        "reddit:wren_hollis",
        "hackernews:wrenhollis",
        "mastodon:wren@moss.example.social",
        "keybase:wrenhollis",
        "lobsters:wrenhollis",
        "stackexchange:stackoverflow.com/424242",
    ],
)
def test_an_account_whose_username_never_changes_gets_no_rename(pid):
    """The advice said "Rename AlexExample (Hacker News)": Hacker News, like Reddit, renames no
    account (a Mastodon move points the old account at the new one; a Lobsters rename is
    written in its public moderation log; a Stack Exchange handle is a number)."""
    assert not [c for c in candidate_changes(_profile(pid)) if c.field == "handle"]


@pytest.mark.parametrize(
    "pid",
    [
        "github:wren-hollis",
        "gitlab:wren-hollis",
        "codeberg:wren-hollis",
        "forgejo:wren-hollis@forge.example.net",
        "bluesky:wrenhollis.example.net",
        "devto:wrenhollis",
    ],
)
def test_an_account_whose_username_can_change_is_still_renamed(pid):
    (rename,) = [c for c in candidate_changes(_profile(pid)) if c.field == "handle"]
    assert rename.action == "replace" and "wren" not in (rename.value or "").lower()


def test_a_hacker_news_account_is_never_told_to_go_private():
    """The advice said "Make private AlexExample (Hacker News)": Hacker News has no private
    profiles, and only its moderators delete an account, when asked."""
    profile = _profile("hackernews:wrenhollis")
    said = [_said(c, profile) for c in candidate_changes(profile)]
    assert not [s for s in said if "private" in s.lower()]
    assert _hide(profile) == (
        "Ask the site to delete wrenhollis (Hacker News) by writing to hn@ycombinator.com"
    )


@pytest.mark.parametrize(
    ("pid", "words"),
    [
        # private in the contract's sense: nothing but the username left to see
        (
            "forgejo:wren-hollis@forge.example.net",
            "Make wren-hollis@forge.example.net (Forgejo) private (or delete it)",
        ),
        ("codeberg:wren-hollis", "Make wren-hollis (Codeberg) private (or delete it)"),
        # a "private" that still shows the bio, the picture or the name: deleted instead
        ("github:wren-hollis", "Delete wren-hollis (GitHub)"),
        ("gitlab:wren-hollis", "Delete wren-hollis (GitLab)"),
        ("reddit:wren_hollis", "Delete wren_hollis (Reddit)"),
        ("mastodon:wren@moss.example.social", "Delete wren@moss.example.social (Mastodon)"),
        ("bluesky:wrenhollis.example.net", "Delete wrenhollis.example.net (Bluesky)"),
        (
            "web:https://wren.example.org/",
            "Take https://wren.example.org/ (Website) down or put it behind a login",
        ),
        (
            "lobsters:wrenhollis",
            'Deactivate wrenhollis (Lobsters) in its settings, ticking "Disown stories/comments"',
        ),
    ],
)
def test_hiding_an_account_is_said_as_its_platform_allows(pid, words):
    """Every account was told "Make private (or delete) …", its name after "private" ("Make
    private Alex-Example@forge.example.net (Forgejo)")."""
    assert _hide(_profile(pid)) == words


def test_a_lobsters_account_is_told_to_disconnect_only_what_it_shows():
    """The advice to deactivate a Lobsters account said "(disconnect its GitHub and Mastodon
    accounts first)" of every one: only the connections its profile shows stay after it is
    deactivated; the history, which keeps no profile, says "if connected"."""
    from dataclasses import replace

    profile = _profile("lobsters:wrenhollis")
    with_github = replace(profile, links=["https://github.com/wren-h", "https://wren.example.org/"])
    assert _hide(with_github) == (
        'Deactivate wrenhollis (Lobsters) in its settings, ticking "Disown stories/comments" '
        "(disconnect its GitHub account first)"
    )
    both = replace(with_github, links=[*with_github.links, "https://moss.example.social/@wren"])
    assert _hide(both).endswith("(disconnect its GitHub and Mastodon accounts first)")
    advice = Advice("lobsters:wrenhollis", "visibility", "make_private")
    assert advice.sentence({"lobsters:wrenhollis": "wrenhollis (Lobsters)"}) == (
        'Deactivate wrenhollis (Lobsters) in its settings, ticking "Disown stories/comments" '
        "(disconnect its GitHub and Mastodon accounts first, if connected)"
    )


def test_advice_not_taken_is_repeated_in_the_same_words():
    """The history's list of advice still to make says it as the report did."""
    labels = {"hackernews:wrenhollis": "wrenhollis (Hacker News)"}
    advice = Advice("hackernews:wrenhollis", "visibility", "make_private")
    assert advice.sentence(labels) == (
        "Ask the site to delete wrenhollis (Hacker News) by writing to hn@ycombinator.com"
    )
    labels = {"forgejo:wren@forge.example.net": "wren@forge.example.net (Forgejo)"}
    advice = Advice("forgejo:wren@forge.example.net", "visibility", "make_private")
    assert advice.sentence(labels) == "Make wren@forge.example.net (Forgejo) private (or delete it)"


@pytest.mark.parametrize("personal", ["hackernews:quietknitter_ed", "reddit:quietknitter_ed"])
def test_a_reused_username_is_changed_where_it_can_be(personal):
    """Two accounts tied only by one rare username, the personal one on a platform that renames
    no account: the plan renamed the personal one (the cheaper side). It renames the other
    now, and applying the plan and linking again still reaches the target."""
    profiles = [p(personal, "personal"), p("github:quietknitter_ed", "professional")]
    plan = plan_remediation(profiles, prior=PRIOR)
    assert plan.complete and plan.changes
    changes = [c.change for c in plan.changes]
    assert not [c for c in changes if c.account == personal and c.field == "handle"]
    assert [(c.account, c.field) for c in changes] == [("github:quietknitter_ed", "handle")]
    after = apply_changes(profiles, changes)
    assert max_chain(after) == pytest.approx(plan.after_bits, abs=1e-6)
    assert plan.after_bits <= plan.target_bits
