"""The picture of the accounts and the groups beside it: lines by each tie's own clues, numbers
that stay, room for every number."""

from __future__ import annotations

from tests.reports.conftest import account


def test_graph_nodes_keep_room_for_their_numbers_however_many_accounts():
    import itertools
    import math

    from linkage.records import Profile
    from reports.graph_svg import MIN_GAP, layout

    for count in (2, 12, 90):
        profiles = [
            Profile(id=f"github:u{i}", platform="github", handle=f"u{i}", persona="personal")
            for i in range(count)
        ]
        labels = {p.id: p.handle for p in profiles}
        nodes, _, _, (width, height) = layout(profiles, [], labels, 0.05)
        assert len(nodes) == count and sorted(n.number for n in nodes) == list(range(1, count + 1))
        for a, b in itertools.combinations(nodes, 2):
            assert math.hypot(a.x - b.x, a.y - b.y) >= MIN_GAP - 1, (count, a.number, b.number)
        assert all(0 < n.x < width and 0 < n.y < height for n in nodes)


def test_a_tie_judged_unlikely_is_drawn_dashed_whatever_its_probability():
    """In a small audit a tie of 5.5 bits is 94 % likely: drawn solid (by its probability), the
    picture showed a join that the verdict, "unlikely", denies."""
    from linkage.evidence.scorer import make_link
    from linkage.records import Evidence
    from reports.graph_svg import layout

    profiles = [
        account("github:wren-h", "professional"),
        account("reddit:fell_moth", "personal"),
        account("mastodon:kendal_w", "personal"),
    ]
    weak = make_link("github:wren-h", "reddit:fell_moth", [Evidence("bio", 5.5, "x")], 0.25)
    strong = make_link("reddit:fell_moth", "mastodon:kendal_w", [Evidence("bio", 13.0, "x")], 0.25)
    # raised by the person's other accounts: its own clues are what a line between them shows
    # (drawn by its level with the others, lines made a path between the sides that the
    # chains do not find); its title says both
    chained = make_link(
        "github:wren-h", "mastodon:kendal_w",
        [Evidence("bio", 2.0, "x"), Evidence("chain", 12.0, "through fell_moth")], 0.25,
    )  # fmt: skip
    assert weak.probability > 0.9
    labels = {p.id: p.handle for p in profiles}
    _, edges, _, _ = layout(profiles, [weak, strong, chained], labels, 0.05)
    dashed = {edge.title.split(": ", 1)[1]: edge.dashed for edge in edges}
    assert dashed == {
        "unlikely on their own clues": True,
        "very likely on their own clues": False,
        "unlikely on their own clues; very likely once the other accounts are counted, which "
        "tie the two together": True,
    }


def test_a_tie_the_other_accounts_lower_says_they_count_against_it():
    """ "almost certain on their own clues, very likely with the other accounts" read as if
    more evidence made the tie weaker: the other accounts' clues lowered it
    (:func:`linkage.evidence.chains.lower_by_partners`), and its title says so."""
    from linkage.evidence.scorer import make_link
    from linkage.records import Evidence
    from reports.graph_svg import layout

    profiles = [account("github:wren-h", "professional"), account("reddit:fell_moth", "personal")]
    lowered = make_link(
        "github:wren-h", "reddit:fell_moth",
        [Evidence("bio", 21.0, "x"), Evidence("chain", -5.0, "kendal_w says otherwise")], 0.25,
    )  # fmt: skip
    _, edges, _, _ = layout(profiles, [lowered], {p.id: p.handle for p in profiles}, 0.05)
    assert [edge.title for edge in edges] == [
        "wren-h – fell_moth: almost certain on their own clues; very likely once the other "
        "accounts are counted, which tell against it"
    ]


def test_the_groups_listed_are_tied_by_their_own_clues():
    """After the demo's changes every account was listed as one group ("counts as one
    person's", by probability) under the verdict "could not be joined": the groups go by
    each tie's own clues, as the picture's lines do."""
    from linkage.evidence.analysis import Analysis
    from linkage.evidence.scorer import make_link
    from linkage.records import Evidence
    from reports.verdicts_view import joined_groups

    links = [
        make_link("github:a", "web:b", [Evidence("crosslink", 14.0, "x")], 0.25),
        make_link("reddit:c", "web:d", [Evidence("crosslink", 11.0, "x")], 0.25),
        make_link("github:a", "reddit:c", [Evidence("bio", 3.0, "x"), Evidence("chain", 9.0, "y")], 0.25),
    ]  # fmt: skip
    analysis = Analysis(
        [], links, [["github:a", "web:b", "reddit:c", "web:d"]], [], 0.25, 0.5, 0.05
    )
    assert joined_groups(analysis) == [["github:a", "web:b"], ["reddit:c", "web:d"]]


def test_an_account_keeps_its_number_in_the_picture_whatever_the_layout():
    """The picture numbered accounts by where the layout put them: in the demo's reports
    before and after the changes, morag-finlay.example.org was 3 and then 2."""
    from linkage.evidence.scorer import make_link
    from linkage.records import Evidence
    from reports.graph_svg import layout

    profiles = [
        account("github:wren-h", "professional"),
        account("web:wren.example.org", "professional"),
        account("reddit:fell_moth", "personal"),
        account("mastodon:kendal_w", "personal"),
    ]
    labels = {p.id: p.id for p in profiles}
    ties = [("github:wren-h", "reddit:fell_moth"), ("web:wren.example.org", "mastodon:kendal_w")]
    numbers = []
    for a, b in [ties[0], ties[1]]:
        links = [make_link(a, b, [Evidence("crosslink", 14.0, "x")], 0.25)]
        nodes, _, _, _ = layout(profiles, links, labels, 0.05)
        numbers.append({n.id: n.number for n in nodes})
    assert numbers[0] == numbers[1] == {
        "mastodon:kendal_w": 1, "reddit:fell_moth": 2, "github:wren-h": 3, "web:wren.example.org": 4,
    }  # fmt: skip


def test_the_picture_says_in_words_what_each_line_joins():
    """A screen reader heard "Picture of 5 accounts. 10 lines between accounts": which
    accounts each line joined, and how surely, was only in each line's hover title."""
    import re

    from reports.render import render_html
    from tests.demo_runs import morag

    html = render_html(morag())
    desc = re.search(r'<desc id="graph-desc">(.*?)</desc>', html, re.S).group(1)
    titles = re.findall(r"<line [^>]*><title>(.*?)</title></line>", html)
    assert len(titles) == 10
    assert all(title in desc for title in titles)
