"""Remediation on small hand-made cases with known answers, and greedy against exhaustive search.
(The search on larger audits, its allowance and its order: test_remediation_search.py.)"""

from __future__ import annotations

import itertools

import pytest

from linkage.evidence.changes import (
    Change,
    apply_change,
    apply_changes,
    candidate_changes,
    explain,
    written_in_bio,
)
from linkage.evidence.exposure import exposures
from linkage.evidence.levels import level_for
from linkage.evidence.linking import link_profiles
from linkage.evidence.remediation import meets, plan_remediation
from linkage.records import Avatar, Post, Profile

PRIOR = 0.01


def p(pid: str, persona: str, **kw) -> Profile:
    platform, handle = pid.split(":", 1)
    kw.setdefault("url", f"https://{platform}.example/{handle}")
    return Profile(id=pid, platform=platform, handle=handle, persona=persona, **kw)


def max_chain(profiles) -> float:
    links = link_profiles(profiles, prior=PRIOR, chains=True)
    return max((e.bits for e in exposures(profiles, links, PRIOR)), default=0.0)


def test_apply_change_follows_the_contract():
    base = p(
        "github:quietknitter",
        "personal",
        display_name="Mo",
        bio="Knitting. Eastfield.",
        location="Eastfield",
        links=["https://a.example.org/", "https://b.example.org"],
        verified_links=["https://a.example.org"],
        avatar=Avatar(sha256="00"),
        posts=[Post("one Eastfield"), Post("two")],
    )
    assert apply_change(base, Change(base.id, "links", "remove", "a.example.org")).links == [
        "https://b.example.org"
    ]
    assert (
        apply_change(base, Change(base.id, "links", "remove", "a.example.org")).verified_links == []
    )
    assert apply_change(base, Change(base.id, "bio", "remove", "eastfield")).bio == "Knitting. ."
    assert apply_change(base, Change(base.id, "bio", "remove")).bio is None
    assert [
        x.text for x in apply_change(base, Change(base.id, "posts", "remove", "Eastfield")).posts
    ] == ["two"]
    renamed = apply_change(base, Change(base.id, "handle", "replace", "kestrel42"))
    assert (renamed.id, renamed.handle, renamed.url) == (
        "github:kestrel42",
        "kestrel42",
        "https://github.com/kestrel42",
    )
    private = apply_change(base, Change(base.id, "visibility", "make_private"))
    assert (private.id, private.handle, private.persona, private.url) == (
        base.id,
        base.handle,
        base.persona,
        base.url,
    )
    assert (
        private.bio is None
        and private.links == []
        and private.posts == []
        and private.avatar is None
    )
    assert base.links == [
        "https://a.example.org/",
        "https://b.example.org",
    ]  # the original is untouched


@pytest.mark.parametrize(
    ("pid", "ends", "address"),
    [
        ("github:quietknitter", "", "https://github.com/"),
        ("forgejo:quietknitter@forge.example.net", "@forge.example.net",
         "https://forge.example.net/"),
        ("gitlab:quietknitter@git.example.org", "@git.example.org", "https://git.example.org/"),
        ("bluesky:quietknitter.example.net", ".bsky.social", "https://bsky.app/profile/"),
    ],
)  # fmt: skip
def test_a_new_username_is_suggested_where_the_account_is(pid, ends, address):
    """The advice to rename an account on one server of many suggested a name on no server
    (``mastodon:acct…``, a self-hosted GitLab's account moved to gitlab.com) and a Bluesky
    handle that is not a domain name; the new name stays on the account's own server, and a
    Bluesky handle is a bsky.social one (the person's own domain would tie it again). (A
    Mastodon account is never renamed now: test_doable_changes.py.)"""
    platform, handle = pid.split(":", 1)
    base = Profile(id=pid, platform=platform, handle=handle, persona="personal", bio="Yarn.")
    (rename,) = [c for c in candidate_changes(base) if c.field == "handle"]
    assert rename.value is not None and rename.value.startswith("acct")
    assert rename.value.endswith(ends) and "quietknitter" not in rename.value
    renamed = apply_change(base, rename)
    assert renamed.id == f"{platform}:{rename.value}"
    name = rename.value.removesuffix(ends) if ends.startswith("@") else rename.value
    assert renamed.url == address + name


def test_one_link_in_a_bio_is_the_fix():
    personal = p("reddit:quiet_reader", "personal", links=["https://github.com/ada-x"])
    work = p("github:ada-x", "professional", url="https://github.com/ada-x")
    plan = plan_remediation([personal, work], prior=PRIOR)
    assert plan.before_bits > 6
    assert [
        (c.change.account, c.change.field, c.change.action, c.change.value) for c in plan.changes
    ] == [("reddit:quiet_reader", "links", "remove", "https://github.com/ada-x")]
    assert plan.after_bits <= 6
    assert plan.changes[0].before_bits == pytest.approx(plan.before_bits)


def test_an_account_named_in_a_bio_is_taken_out_of_the_bio():
    """A work profile whose bio names the personal fediverse account: the plan renamed the
    personal account (or emptied the whole bio); taking the one name out is the fix, cheap on
    either side, and proven by applying it and linking again."""
    work = p(
        "github:dokafor-eng",
        "professional",
        display_name="Dana Okafor",
        bio="Docs engineer. Off duty: @tidepool@coast.example.social",
    )
    personal = p("mastodon:tidepool@coast.example.social", "personal", display_name="Tide")
    plan = plan_remediation([work, personal], prior=PRIOR)
    assert plan.before_bits >= 12
    assert [(c.change.account, c.change.field, c.change.value) for c in plan.changes] == [
        ("github:dokafor-eng", "bio", "@tidepool@coast.example.social")
    ]
    assert "Remove '@tidepool@coast.example.social' from the profile text of" in (
        plan.changes[0].explanation
    )
    after = apply_changes([work, personal], [plan.changes[0].change])
    assert {a.id: a.bio for a in after}[work.id] == "Docs engineer. Off duty: "
    assert max_chain(after) == pytest.approx(plan.after_bits) and plan.after_bits < 6


def test_each_named_account_is_taken_out_of_a_bio_as_a_person_would():
    """Two accounts named in one bio: both mentions go, one by one (the whole bio went, at
    twice the cost); a shorter handle inside a longer one is left alone ('@tide' taken out
    of '@tidepool' promised a drop nobody could make); a word naming no audited account is
    no advice."""
    work = p(
        "github:dokafor-eng",
        "professional",
        bio="Docs. Lead: @tide. Off duty: @tidepool@coast.example.social, u/fernlight77. "
        "Penzance-based.",
    )
    toot = p("mastodon:tidepool@coast.example.social", "personal")
    post = p("reddit:fernlight77", "personal", bio="Penzance-based birder.")
    plan = plan_remediation([work, toot, post], prior=PRIOR)
    assert sorted(c.change.value for c in plan.changes) == [
        "@tidepool@coast.example.social",
        "u/fernlight77",
    ]
    after = apply_changes([work, toot, post], [c.change for c in plan.changes])
    assert {a.id: a.bio for a in after}[
        work.id
    ] == "Docs. Lead: @tide. Off duty: , . Penzance-based."
    assert max_chain(after) == pytest.approx(plan.after_bits) and plan.after_bits < 6
    named = {"tidepool@coast.example.social", "tidepool", "fernlight77"}
    phrases = [c.value for c in candidate_changes(work, named) if c.phrase]
    assert sorted(phrases) == ["@tidepool@coast.example.social", "u/fernlight77"]
    assert not [c for c in candidate_changes(work) if c.phrase]  # names no audited account


def test_a_reused_rare_username_is_renamed():
    plan = plan_remediation(
        [p("reddit:quietknitter_ed", "personal"), p("github:quietknitter_ed", "professional")],
        prior=PRIOR,
    )
    (change,) = plan.changes
    assert change.change.field == "handle" and change.change.action == "replace"
    assert change.change.value and "quietknitter" not in change.change.value


def test_applying_every_change_reaches_after_bits():
    profiles = [
        p("reddit:quietknitter_ed", "personal", links=["https://blog.example.net/"]),
        p("github:quietknitter_ed", "professional"),
        p(
            "web:https://blog.example.net/",
            "professional",
            url="https://blog.example.net/",
            links=["https://reddit.com/user/quietknitter_ed"],
        ),
    ]
    plan = plan_remediation(profiles, prior=PRIOR)
    assert plan.complete and plan.after_bits <= plan.target_bits
    after = apply_changes(profiles, [c.change for c in plan.changes])
    assert max_chain(after) == pytest.approx(plan.after_bits, abs=1e-6)


def exhaustive_minimum(profiles, target: float, size: int) -> int | None:
    """The fewest changes (up to ``size``) that bring every chain to ``target``."""
    candidates = [c for prof in profiles for c in candidate_changes(prof)]
    for k in range(1, size + 1):
        for combo in itertools.combinations(candidates, k):
            if meets(max_chain(apply_changes(profiles, list(combo))), target):
                return k
    return None


@pytest.mark.parametrize(
    "profiles",
    [
        [  # two independent problems: one link, one reused handle
            p("reddit:quietknitter_ed", "personal", links=["https://ada.example.org/"]),
            p("web:https://ada.example.org/", "professional", url="https://ada.example.org/"),
            p("mastodon:heronwatch77@birds.example.social", "personal"),
            p("github:heronwatch77", "professional"),
        ],
        [  # a chain through a middle account: cutting one shared hop is enough
            p("reddit:quiet_reader", "personal", links=["https://middle.example.net/"]),
            p(
                "web:https://middle.example.net/",
                "personal",
                url="https://middle.example.net/",
                links=["https://github.com/ada-x"],
            ),
            p("github:ada-x", "professional", url="https://github.com/ada-x"),
        ],
    ],
)
def test_greedy_is_as_small_as_exhaustive_search(profiles):
    plan = plan_remediation(profiles, prior=PRIOR)
    assert plan.complete
    assert len(plan.changes) == exhaustive_minimum(profiles, plan.target_bits, 3)


def exhaustive_cheapest(profiles, target: float, size: int) -> float | None:
    """The least total cost of any set of candidate changes (up to ``size`` of them, every
    account's every change) that brings every chain to ``target``: the brute force the
    search must match."""
    candidates = [c for prof in profiles for c in candidate_changes(prof)]
    best = None
    for k in range(1, size + 1):
        for combo in itertools.combinations(candidates, k):
            cost = sum(c.cost for c in combo)
            if best is not None and cost >= best:
                continue
            if meets(max_chain(apply_changes(profiles, list(combo))), target):
                best = cost
    return best


def test_the_plan_on_a_small_audit_is_as_cheap_as_exhaustive_search():
    """Three accounts tied by a link, a reused handle and the same picture: the exact search
    finds a least disruptive plan, and applying it and linking again reaches the target."""
    picture = Avatar(url="https://img.example/a.png", sha256="cd" * 32)
    profiles = [
        p("reddit:larkspur_quill", "personal", links=["https://quill.example.org/"],
          avatar=picture),
        p("web:https://quill.example.org/", "professional", url="https://quill.example.org/"),
        p("github:larkspur_quill", "professional", avatar=picture),
    ]  # fmt: skip
    plan = plan_remediation(profiles, prior=PRIOR)
    assert plan.complete and plan.method == "exact"
    cost = sum(c.change.cost for c in plan.changes)
    assert cost == pytest.approx(exhaustive_cheapest(profiles, plan.target_bits, 3))
    after = apply_changes(profiles, [c.change for c in plan.changes])
    assert meets(max_chain(after), plan.target_bits)
    assert all(c.bits_saved >= 0.5 for c in plan.changes)


def test_changes_that_work_together_are_explained_together():
    profiles = [p("reddit:quiet_reader", "personal"), p("github:ada-x", "professional")]
    name = Change("reddit:quiet_reader", "display_name", "remove")
    bio = Change("reddit:quiet_reader", "bio", "remove")
    alone = explain(name, ("reddit:quiet_reader", "github:ada-x"), 8.0, 3.0, profiles)
    joint = explain(name, ("reddit:quiet_reader", "github:ada-x"), 8.0, 3.0, profiles, [bio])
    assert alone == (
        "Remove the name shown on quiet_reader (Reddit): the chain from quiet_reader (Reddit) "
        "to ada-x (GitHub) falls from 8.0 to 3.0 bits."
    )
    assert joint.startswith(
        "Remove the name shown on quiet_reader (Reddit), together with: remove or rewrite the "
        "profile text of quiet_reader (Reddit): the chain"
    )


def test_hiding_or_renaming_a_professional_account_costs_more_than_a_personal_one():
    work = p("github:ada-x", "professional")
    own = p("devto:quiet_reader", "personal")  # dev.to renames its accounts; Reddit never
    costs = {(c.account, c.field): c.cost for prof in (work, own) for c in candidate_changes(prof)}
    assert costs[("github:ada-x", "visibility")] == 2 * costs[("devto:quiet_reader", "visibility")]
    assert costs[("github:ada-x", "handle")] == 2 * costs[("devto:quiet_reader", "handle")]
    linked = p("github:ada-y", "professional", links=["https://a.example.org/"])
    (link,) = [c for c in candidate_changes(linked) if c.field == "links"]
    assert link.cost == 1.0  # removing a link costs the same on either side


def test_a_plan_brings_every_chain_below_the_target_as_shown():
    """A chain shown as 6.0 bits is at the moderate level, so a plan aimed at 6.0 is complete
    only once every chain is shown below it (5.9 or less)."""
    assert meets(5.94, 6.0) and not meets(5.96, 6.0) and not meets(6.0, 6.0)
    assert level_for(5.94).name == "low" and level_for(5.96).name == "moderate"
    profiles = [
        p("reddit:quietknitter_ed", "personal", links=["https://blog.example.net/"]),
        p("web:https://blog.example.net/", "professional", url="https://blog.example.net/"),
    ]
    plan = plan_remediation(profiles, prior=PRIOR)
    assert plan.complete and level_for(plan.after_bits).name == "low"


def test_a_link_shown_twice_in_two_spellings_is_one_change():
    """A link in the profile as written and among the platform's verified links in another
    spelling would be advised removed twice."""
    profile = p(
        "mastodon:ada@example.social",
        "personal",
        links=["http://www.ada.example/"],
        verified_links=["https://ada.example"],
    )
    removals = [c for c in candidate_changes(profile) if c.field == "links"]
    assert [c.value for c in removals] == ["http://www.ada.example/"]


def test_an_address_a_bio_writes_out_is_taken_out_of_the_bio():
    """An address the bio writes out, listed among the links or not, is taken out of the bio
    too: applying the advice and linking again gives the drop the plan promised (with the
    address left in the bio, the pair stayed as it was)."""
    work = p("github:hollis-ops", "professional", display_name="Hollis Varga")
    bio = "Rock pools and weather. Work stuff is at github.com/hollis-ops, mostly."
    for links, written in (
        ([], bio),
        (["https://github.com/hollis-ops"], bio),
        # spelt otherwise in the bio than in the links: the advice and the plan still see it
        (["https://github.com/Hollis-Ops"], bio),
        (["https://www.github.com/hollis-ops"], bio.replace("github", "www.github")),
    ):
        toot = p("mastodon:tide@coast.example.social", "personal", bio=written, links=links)
        plan = plan_remediation([work, toot], prior=PRIOR)
        assert plan.before_bits >= 12
        (first,) = plan.changes
        field = "links" if links else "bio"
        assert (first.change.field, first.change.value) == (
            field,
            links[0] if links else "github.com/hollis-ops",
        )
        if links:
            assert written_in_bio(first.change, [work, toot])  # "take it out there as well"
        after = apply_changes([work, toot], [first.change])
        left = {a.id: a.bio for a in after}[toot.id]
        assert left == "Rock pools and weather. Work stuff is at, mostly."
        assert max_chain(after) == pytest.approx(plan.after_bits) and plan.after_bits < 6


def test_a_plan_cut_short_keeps_no_change_that_saves_nothing():
    """A plan that cannot reach its target kept every change the greedy search had taken,
    even those that later ones made useless: an audit's record listed eleven changes, six
    saving nothing, where its report showed five. Now a change goes when without it no chain
    above the target is any stronger."""
    from linkage.evidence.remediation_greedy import without_redundant
    from linkage.evidence.remediation_model import ChangedModel, excess
    from linkage.signals import default_signals

    profiles = [
        p("github:quietknitter42", "professional", display_name="Mo Finlay", location="Eastfield"),
        p("reddit:quietknitter42", "personal", bio="Knitting and long walks."),
    ]
    model = ChangedModel(profiles, PRIOR, default_signals)
    rename = Change("reddit:quietknitter42", "handle", "replace", "kestrel99")
    idle = Change("github:quietknitter42", "location", "remove")
    target = -40.0  # no plan reaches it
    both = frozenset({rename, idle})
    assert excess(model.chains(both), target) > 0
    assert model.chains(both) == model.chains(frozenset({rename}))  # the location ties nothing
    assert without_redundant(model, both, target) == {rename}
