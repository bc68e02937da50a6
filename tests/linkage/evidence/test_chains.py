"""Chain evidence: two accounts tied more strongly through a third than directly."""

from __future__ import annotations

import csv
import math

import pytest

from linkage.evidence.analysis import analyse
from linkage.evidence.chains import CHAIN, add_chains
from linkage.evidence.groups import direct_only
from linkage.evidence.linking import link_profiles, write_links
from linkage.evidence.scorer import make_link
from linkage.evidence.weights import log2_odds
from linkage.records import Evidence, Link, Profile

GITHUB = "github:quietknitter_ed"
REDDIT = "reddit:quietknitter_ed"
SITE = "web:https://mossbank.example.org/"


def accounts() -> list[Profile]:
    """A shares a rare username with X; X links to B's site; A and B share nothing."""
    return [
        Profile(id=GITHUB, platform="github", handle="quietknitter_ed", url="https://github.com/quietknitter_ed", bio="Archivist."),
        Profile(id=REDDIT, platform="reddit", handle="quietknitter_ed", url="https://www.reddit.com/user/quietknitter_ed",
                links=["https://mossbank.example.org/"], bio="Wool."),
        Profile(id=SITE, platform="web", handle="mossbank.example.org", url="https://mossbank.example.org/", bio="Notes from a garden."),
        *(Profile(id=f"github:zq{i}x", platform="github", handle=f"zq{i}x", bio=f"Person {i}.") for i in range(3)),
    ]  # fmt: skip


def pair(links: list[Link], a: str, b: str) -> Link:
    return next(link for link in links if {link.a, link.b} == {a, b})


def test_a_pair_tied_through_a_third_account_gains_chain_evidence():
    direct = link_profiles(accounts(), min_probability=0.0)
    chained = link_profiles(accounts(), min_probability=0.0, chains=True)
    assert not any(e.signal == CHAIN for link in direct for e in link.evidence)
    before, after = pair(direct, GITHUB, SITE), pair(chained, GITHUB, SITE)
    strength = pair(direct, GITHUB, REDDIT).probability * pair(direct, REDDIT, SITE).probability
    assert before.probability < 0.5
    assert math.isclose(after.probability, strength, rel_tol=1e-9)
    chain = [e for e in after.evidence if e.signal == CHAIN]
    assert len(chain) == 1 and REDDIT in chain[0].detail and after.via == [REDDIT]
    # the weights still add up, on the same prior
    assert math.isclose(after.match_weight, sum(e.match_weight for e in after.evidence))
    prior = 1 / 5  # six accounts: one other account of the owner among five
    assert math.isclose(
        log2_odds(after.probability) - log2_odds(prior), after.match_weight, abs_tol=1e-6
    )
    # links already stronger than any chain are untouched
    assert pair(chained, GITHUB, REDDIT) == pair(direct, GITHUB, REDDIT)


def test_chain_evidence_never_exceeds_the_strongest_chain():
    weak = [
        Link("a", "x", 0.6, 2.0, [Evidence("bio", 2.0, "shared town")]),
        Link("x", "b", 0.6, 2.0, [Evidence("bio", 2.0, "shared town")]),
        Link("a", "b", 0.5, 1.0, [Evidence("style", 1.0, "similar")]),
    ]
    raised = add_chains(weak, 0.2)
    assert pair(raised, "a", "b").probability == 0.5  # 0.36 through x: the direct link is stronger


def test_a_pair_only_the_chain_ties_is_scored_and_added():
    """With a kept probability above the direct evidence, the pair is only written because
    of the chain, with its direct evidence scored too."""
    links = link_profiles(accounts(), min_probability=0.9, chains=True)
    found = pair(links, GITHUB, SITE)
    assert found.probability >= 0.9 and [e.signal for e in found.evidence][-1] == CHAIN
    assert GITHUB in {found.a, found.b}
    assert len(link_profiles(accounts(), min_probability=0.9)) == 2


def test_the_analysis_follows_chains_from_the_direct_evidence(tmp_path):
    profiles = accounts()
    chained = link_profiles(profiles, min_probability=0.0, chains=True)
    direct = link_profiles(profiles, min_probability=0.0)
    from_chained = analyse(profiles, chained, remediate=False)
    from_direct = analyse(profiles, direct, remediate=False)

    # the chains of the links file are dropped: both analyses judge the same direct evidence
    # (with the person's groups of accounts applied afresh)
    def weights(links: list[Link]) -> list[tuple[str, str, float]]:
        return sorted((k.a, k.b, round(k.match_weight, 6)) for k in links)

    assert weights(from_chained.links) == weights(from_direct.links)
    assert [(x.source, x.target, round(x.bits, 6)) for x in from_chained.exposure] == [
        (x.source, x.target, round(x.bits, 6)) for x in from_direct.exposure
    ]
    stripped = direct_only(pair(chained, GITHUB, SITE), from_direct.prior)
    assert stripped.match_weight == pytest.approx(pair(direct, GITHUB, SITE).match_weight)


def test_the_links_table_has_a_chain_column(tmp_path):
    path = tmp_path / "links.csv"
    write_links(path, link_profiles(accounts(), min_probability=0.0, chains=True))
    rows = list(csv.DictReader(path.open(encoding="utf-8", newline="")))
    assert "chain" in rows[0]
    assert any(row["chain"] for row in rows if {row["a"], row["b"]} == {GITHUB, SITE})


def chain_item(link: Link) -> Evidence:
    return next(e for e in link.evidence if e.signal == CHAIN)


def test_a_contradiction_the_chain_did_not_face_weakens_it():
    """a~x and x~b are sure; a and b show conflicting display names, which neither link in
    between showed: the chain counts for 4 bits less. An unrelated username that the links in
    between had too costs the chain nothing."""
    sure = [Evidence("username", -2.3, "unrelated"), Evidence("bio", 12.0, "shared rare words")]
    links = [
        Link("a", "x", 0.0, 0.0, sure),
        Link("x", "b", 0.0, 0.0, sure),
        Link("a", "b", 0.0, 0.0, [Evidence("username", -2.3, "unrelated"),
                                  Evidence("display_name", -4.0, "different names")]),
    ]  # fmt: skip
    prior = 0.1
    links = [make_link(link.a, link.b, link.evidence, prior) for link in links]
    strength = links[0].probability * links[1].probability
    chained = pair(add_chains(links, prior), "a", "b")
    expected = 1 / (1 + 2 ** -(log2_odds(strength) - 4.0))
    assert chained.probability == pytest.approx(expected, rel=1e-9)
    assert chain_item(chained).detail.endswith(", less what their own evidence says against it")
    # without the conflicting names the chain counts in full
    links[2] = make_link("a", "b", [Evidence("username", -2.3, "unrelated")], prior)
    assert pair(add_chains(links, prior), "a", "b").probability == pytest.approx(strength)


def test_an_unrelated_handle_faced_on_the_chain_costs_nothing_whatever_it_weighs():
    """a~x and x~b had unrelated handles weighing -1.0 (one hides the name the other shows);
    a~b's unrelated handles weigh -2.3 (both hide it). A handle's disagreement weighs by how
    the accounts stand to each other, not by what they show: with the username signal
    relational the chain counts in full, without it 1.3 bits less."""
    step = [Evidence("username", -1.0, "unrelated"), Evidence("bio", 12.0, "shared rare words")]
    prior = 0.1
    links = [
        make_link("a", "x", step, prior),
        make_link("x", "b", step, prior),
        make_link("a", "b", [Evidence("username", -2.3, "unrelated")], prior),
    ]
    strength = links[0].probability * links[1].probability
    relational = frozenset({"username"})
    full = pair(add_chains(links, prior, relational=relational), "a", "b")
    assert full.probability == pytest.approx(strength)
    lowered = pair(add_chains(links, prior), "a", "b")
    expected = 1 / (1 + 2 ** -(log2_odds(strength) - 1.3))
    assert lowered.probability == pytest.approx(expected, rel=1e-9)


def test_an_unrelated_handle_costs_nothing_where_its_account_shares_a_handle_with_the_chain():
    """x and b are surely one person; a's handle is made from the name x's shows (a nickname)
    and shares nothing with b's. The person's handles are then a's fact too, and an unrelated
    handle counts only when nothing else shares it: a~b is the chain's full strength, and a~x
    keeps its own evidence. Before, a~b lost the 2.3 bits and then bounded a~x down to it."""
    from linkage.evidence.chains import lower_by_partners

    prior = 0.1
    ax = make_link("a", "x", [Evidence("username", 4.6, "a nickname of x's first name")], prior)
    xb = make_link("x", "b", [Evidence("username", 9.0, "both made from one name"),
                              Evidence("avatar", 8.0, "same picture")], prior)  # fmt: skip
    ab = make_link("a", "b", [Evidence("username", -2.3, "unrelated")], prior)
    relational = frozenset({"username"})
    chained = add_chains([ax, xb, ab], prior, relational=relational)
    assert pair(chained, "a", "b").probability == pytest.approx(ax.probability * xb.probability)
    bounded = lower_by_partners(chained, prior)
    assert pair(bounded, "a", "x").probability == pytest.approx(ax.probability)


def test_a_declared_link_is_never_lowered_by_another_pair():
    """a's bio names x's address (followable); x is surely b; a's name conflicts with b's. The
    link a~x stays at least what the declared link alone gives: no step lowers a link."""
    prior = 0.1
    declared = Evidence("crosslink", 11.6, "a links to x", followable=True)
    ax = make_link("a", "x", [declared, Evidence("display_name", -4.0, "different names")], prior)
    xb = make_link("x", "b", [Evidence("username", 14.0, "same rare handle")], prior)
    ab = make_link("a", "b", [Evidence("display_name", -4.0, "different names")], prior)
    result = add_chains([ax, xb, ab], prior)
    assert pair(result, "a", "x").match_weight >= 11.6 - 1e-9
    assert pair(result, "x", "b") == xb


def test_a_link_is_bounded_by_a_surer_partner():
    """x is surely b; a shares a town with x but its name conflicts with b's: a~x is at most
    P(a~b) + 1 - P(x~b), and no chain through x raises a~b above what a~x allows."""
    from linkage.evidence.chains import lower_by_partners

    prior = 0.1
    ax = make_link("a", "x", [Evidence("bio", 4.0, "shared town and hobby")], prior)
    xb = make_link("x", "b", [Evidence("username", 14.0, "same rare handle")], prior)
    ab = make_link("a", "b", [Evidence("display_name", -4.0, "different names")], prior)
    assert ax.probability > 0.5
    bounded = lower_by_partners([ax, xb, ab], prior)
    lowered = pair(bounded, "a", "x")
    assert lowered.probability == pytest.approx(ab.probability + 1 - xb.probability, rel=1e-6)
    assert lowered.probability < 0.2 < ax.probability
    assert math.isclose(lowered.match_weight, sum(e.match_weight for e in lowered.evidence))
    assert pair(bounded, "x", "b") == xb
    final = add_chains(bounded, prior)
    assert pair(final, "a", "b").probability <= lowered.probability + 1e-9


def test_a_route_is_never_stronger_than_its_weakest_step_after_the_bound():
    """a~b is raised through x; then a~x is bounded by x's surer partner c: a~b keeps no more
    than its route a-x-b still holds."""
    from linkage.evidence.chains import cap_routes, lower_by_partners

    prior = 0.1
    links = [
        make_link("a", "x", [Evidence("bio", 6.0, "shared rare words")], prior),
        make_link("x", "b", [Evidence("username", 14.0, "same rare handle")], prior),
        make_link("a", "b", [Evidence("bio", 0.5, "a common word")], prior),
        make_link("x", "c", [Evidence("avatar", 16.0, "same picture")], prior),
        make_link("a", "c", [Evidence("display_name", -6.0, "different names")], prior),
    ]
    raised = add_chains(links, prior)
    assert pair(raised, "a", "b").via == ["x"]
    final = cap_routes(lower_by_partners(raised, prior), prior)
    ab, ax, xb = pair(final, "a", "b"), pair(final, "a", "x"), pair(final, "x", "b")
    assert ax.probability < pair(raised, "a", "x").probability  # the bound bit
    own = pair(links, "a", "b")
    assert ab.probability == pytest.approx(
        max(own.probability, ax.probability * xb.probability)
    )  # what the route still holds, never below its own evidence
    assert ab.via == [] or ab.probability <= ax.probability * xb.probability + 1e-9
    assert math.isclose(ab.match_weight, sum(e.match_weight for e in ab.evidence))
