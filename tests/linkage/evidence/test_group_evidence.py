"""Evidence against a person's other accounts: an account judged against a sure group."""

from __future__ import annotations

import pytest

from linkage.evidence.chains import CHAIN
from linkage.evidence.groups import SURE_PROBABILITY, sure_groups, with_group_evidence
from linkage.evidence.scorer import make_link
from linkage.records import Evidence, Link

PRIOR = 0.1
PER_ACCOUNT = frozenset({"style"})
BOUNDS = {"style": 12.0, "bio": 5.0, "username": 20.0, "display_name": 20.0}


def link(a: str, b: str, **weights: float) -> Link:
    return make_link(a, b, [Evidence(s, w, f"{s} evidence") for s, w in weights.items()], PRIOR)


def pair(links: list[Link], a: str, b: str) -> Link:
    return next(k for k in links if {k.a, k.b} == {a, b})


def revise(links: list[Link], **kwargs) -> list[Link]:
    return with_group_evidence(links, PRIOR, per_account=PER_ACCOUNT, max_bits=BOUNDS, **kwargs)


def test_sure_links_make_groups():
    links = [link("x", "y", username=15.0), link("y", "z", username=15.0), link("a", "x", bio=2.0)]
    groups = sure_groups(links)
    assert groups["x"] == groups["z"] == ["x", "y", "z"] and "a" not in groups
    assert pair(links, "x", "y").probability >= SURE_PROBABILITY


def test_facts_count_once_and_writing_adds_up():
    """a's handle is unrelated to both of the person's handles (once, -2.3), it shares a town
    with x (+4, the strongest agreement) and its writing resembles both samples (+3 each)."""
    links = [
        link("x", "y", username=15.0),
        link("a", "x", username=-2.3, bio=4.0, style=3.0),
        link("a", "y", username=-2.3, style=3.0),
    ]
    revised = revise(links)
    combined = -2.3 + 4.0 + 6.0
    for member in ("x", "y"):
        found = pair(revised, "a", member)
        assert found.match_weight == pytest.approx(combined)
        chain = [e for e in found.evidence if e.signal == CHAIN]
        assert len(chain) == 1 and "x, y" in chain[0].detail
        own = pair(links, "a", member).match_weight
        assert chain[0].match_weight == pytest.approx(combined - own)
    assert pair(revised, "x", "y") == pair(links, "x", "y")  # within the group: untouched


def test_a_name_seen_in_one_accounts_display_name_and_anothers_handle_counts_once():
    """a shows x's surname in its display name (+10) and y's handle holds it too (+6): one
    fact about the person, so the strongest account's sum counts (10 - 1 with x, whose
    handle is unrelated), not each signal's strongest (10 + 6)."""
    links = [
        link("x", "y", username=15.0),
        link("a", "x", display_name=10.0, username=-1.0),
        link("a", "y", username=6.0),
    ]
    facts = {"display_name": "name", "username": "name"}
    assert pair(revise(links), "a", "x").match_weight == pytest.approx(16.0)  # apart
    assert pair(revise(links, facts=facts), "a", "x").match_weight == pytest.approx(9.0)
    contradicted = [link("x", "y", username=15.0), link("a", "x", display_name=-4.0)]
    contradicted.append(link("a", "y", username=-2.3))
    revised = revise(contradicted, facts=facts)
    assert pair(revised, "a", "x").match_weight == pytest.approx(-4.0)  # the strongest one


def test_a_contradiction_with_one_of_the_persons_accounts_counts():
    """a shares a town with x, but its display name contradicts y's: a is judged against
    the person, so the contradiction lowers a~x too."""
    links = [
        link("x", "y", username=15.0),
        link("a", "x", bio=4.0),
        link("a", "y", display_name=-4.0),
    ]
    revised = revise(links)
    assert pair(revised, "a", "x").match_weight == pytest.approx(0.0)
    assert pair(revised, "a", "x").probability < pair(links, "a", "x").probability


def test_summed_writing_is_bounded_by_the_signals_largest_weight():
    links = [link("x", "y", username=15.0), link("y", "z", username=15.0)]
    links += [link("a", m, style=5.0) for m in ("x", "y", "z")]
    assert pair(revise(links), "a", "x").match_weight == pytest.approx(12.0)


def test_two_groups_take_the_mean_of_both_directions():
    """a~b is judged as a against b's group and as b against a's group: the mean."""
    links = [
        link("a", "a2", username=15.0),
        link("b", "b2", username=15.0),
        link("a", "b", style=2.0),
        link("a", "b2", style=2.0),
        link("a2", "b", style=-1.0),
        link("a2", "b2", style=1.0),
    ]
    revised = revise(links)
    a_against_b = 2.0 + 2.0  # a's links to b and b2
    b_against_a = 2.0 - 1.0  # b's links to a and a2
    assert pair(revised, "a", "b").match_weight == pytest.approx((a_against_b + b_against_a) / 2)


def test_missing_links_to_the_group_are_scored():
    """Only a~x was kept; a~y is scored on demand and both pairs carry the group's weight."""
    scored = []

    def rescore(a: str, b: str) -> Link:
        scored.append((a, b))
        return link(a, b, style=3.0)

    links = [link("x", "y", username=15.0), link("a", "x", style=3.0)]
    revised = revise(links, rescore=rescore)
    assert scored == [("a", "y")]
    assert pair(revised, "a", "y").match_weight == pytest.approx(6.0)
    assert pair(revised, "a", "x").match_weight == pytest.approx(6.0)
    # without a way to score it, the missing link is simply not there
    assert pair(revise(links), "a", "x").match_weight == pytest.approx(3.0)


def test_an_account_that_joins_the_person_surely_counts_for_the_next():
    """a is surely the person only against the group (+4 +4 writing, +2 town: 10 bits, 0.99
    at prior 0.1; 6 bits alone with x); b's writing resembles x's, y's and a's (+3 each). Once
    a has joined, b is judged against all three samples of the person's writing, not two."""
    links = [
        link("x", "y", username=15.0),
        link("a", "x", style=4.0, bio=2.0),
        link("a", "y", style=4.0),
        link("b", "x", style=3.0),
        link("b", "y", style=3.0),
        link("a", "b", style=3.0),
    ]
    assert pair(links, "a", "x").probability < SURE_PROBABILITY
    revised = revise(links)
    assert pair(revised, "a", "x").match_weight == pytest.approx(10.0)  # what joined a
    assert pair(revised, "a", "x").probability >= SURE_PROBABILITY
    for member in ("x", "y", "a"):
        found = pair(revised, "b", member)
        assert found.match_weight == pytest.approx(9.0)
        chain = [e for e in found.evidence if e.signal == CHAIN]
        assert "a, x, y" in chain[0].detail
    # b's three samples do not make it sure: the groups stop growing and b stays out
    assert pair(revised, "b", "x").probability < SURE_PROBABILITY


def test_without_sure_groups_nothing_changes():
    links = [link("a", "b", bio=2.0), link("b", "c", style=1.0)]
    assert revise(links) == links


def test_link_profiles_judges_an_account_against_the_persons_accounts():
    """Real signals: two accounts share a rare handle (a sure group); a third shares a rare
    job and town with one of them but shows a different person's name beside the other's
    name. The link that the bio alone makes is lowered, the pair with the name conflict is
    unchanged in kind, and ``--direct`` (chains=False) keeps the pair's own evidence."""
    from linkage.evidence.linking import link_profiles
    from linkage.records import Profile

    profiles = [
        Profile(id="github:quietknitter_ed", platform="github", handle="quietknitter_ed",
                display_name="Edith Marsh"),
        Profile(id="reddit:quietknitter_ed", platform="reddit", handle="quietknitter_ed",
                bio="Archivist and bookbinder in Mossbank."),
        Profile(id="mastodon:holt", platform="mastodon", handle="holt", display_name="Edwin Holt",
                bio="Bookbinder, archivist. Mossbank."),
        *(Profile(id=f"github:zq{i}x", platform="github", handle=f"zq{i}x", bio=f"Person {i}.")
          for i in range(5)),
    ]  # fmt: skip
    direct = link_profiles(profiles, min_probability=0.0)
    grouped = link_profiles(profiles, min_probability=0.0, chains=True)
    before = pair(direct, "mastodon:holt", "reddit:quietknitter_ed")
    after = pair(grouped, "mastodon:holt", "reddit:quietknitter_ed")
    assert before.probability > 0.5 > after.probability
    assert any(e.signal == CHAIN and e.match_weight < 0 for e in after.evidence)
    assert pair(grouped, "github:quietknitter_ed", "reddit:quietknitter_ed").probability > 0.99


def test_the_analysis_judges_accounts_against_the_persons_groups(tmp_path):
    """The report's analysis applies the group evidence too: the account whose name
    contradicts the person's is no longer put in that person's identity, and the redacted
    detail of the group item names no account."""
    from linkage.evidence.analysis import analyse
    from linkage.evidence.linking import link_profiles
    from linkage.records import Profile
    from reports.labels import redacted_detail

    profiles = [
        Profile(id="github:quietknitter_ed", platform="github", handle="quietknitter_ed",
                display_name="Edith Marsh", persona="professional"),
        Profile(id="reddit:quietknitter_ed", platform="reddit", handle="quietknitter_ed",
                bio="Archivist and bookbinder in Mossbank.", persona="professional"),
        Profile(id="mastodon:holt", platform="mastodon", handle="holt", display_name="Edwin Holt",
                bio="Bookbinder, archivist. Mossbank.", persona="personal"),
        *(Profile(id=f"github:zq{i}x", platform="github", handle=f"zq{i}x", bio=f"Person {i}.")
          for i in range(5)),
    ]  # fmt: skip
    direct = link_profiles(profiles, min_probability=0.0)
    assert pair(direct, "mastodon:holt", "reddit:quietknitter_ed").probability > 0.5
    analysis = analyse(profiles, remediate=False)
    assert pair(analysis.links, "mastodon:holt", "reddit:quietknitter_ed").probability < 0.5
    person = next(i for i in analysis.identities if "github:quietknitter_ed" in i)
    assert "mastodon:holt" not in person
    assert "quietknitter" not in redacted_detail(CHAIN) and "holt" not in redacted_detail(CHAIN)


def test_display_names_and_handles_are_one_fact_in_the_linkers_settings():
    from linkage.evidence.groups import settings
    from linkage.signals import default_signals

    facts = settings(default_signals())["facts"]
    assert facts == {"display_name": "name", "username": "name"}


def test_an_unrelated_handle_weighs_as_the_weakest_relation_to_the_person():
    """a hides its name and its handle is unrelated to all three of the person's: -0.3 with
    x (filed under another persona), -1.0 with y (which shows the name a hides), -2.3 with
    z (which hides it too). Kept apart from some of the person's accounts, a is kept apart
    from the person: the weakest counts. A name a shows is still held to the strongest
    contradiction."""
    links = [
        link("x", "y", username=15.0),
        link("y", "z", username=15.0),
        link("a", "x", username=-0.3, bio=2.6),
        link("a", "y", username=-1.0),
        link("a", "z", username=-2.3),
    ]
    facts = {"display_name": "name", "username": "name"}
    relational = frozenset({"username"})
    assert pair(revise(links, facts=facts), "a", "x").match_weight == pytest.approx(0.3)
    weakest = revise(links, facts=facts, relational=relational)
    assert pair(weakest, "a", "x").match_weight == pytest.approx(2.3)
    named = [*links[:4], link("a", "z", username=-2.3, display_name=-3.0)]
    strongest = pair(revise(named, facts=facts, relational=relational), "a", "x")
    assert strongest.match_weight == pytest.approx(2.6 - 5.3)  # the name contradicts z's


def test_handles_are_the_linkers_relational_signal():
    from linkage.evidence.groups import settings
    from linkage.signals import default_signals

    assert settings(default_signals())["relational"] == frozenset({"username"})
