from __future__ import annotations

import re

from markupsafe import escape

from reports.render import ReportOptions, render_html
from reports.text import shorten
from tests.reports.conftest import hostile_profiles


def test_collected_text_is_escaped(hostile_analysis):
    html = render_html(hostile_analysis)
    body = html.split("<body>", 1)[1]
    body = re.sub(r"<script>.*?</script>", "", body, flags=re.S)  # the report's own script
    body = body.replace("<wbr>", "")  # the report's own break opportunities in addresses
    assert "<script" not in body
    assert "onerror=" not in body.replace("onerror=&#34;", "")
    assert "<svg onload" not in body
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in body


def test_csp_and_nothing_loaded_from_outside(hostile_analysis):
    html = render_html(hostile_analysis)
    assert 'http-equiv="Content-Security-Policy"' in html
    assert "default-src &#39;none&#39;" in html
    # No element may reference another resource: no src/href to http(s) anywhere.
    assert not re.search(r'(src|href)\s*=\s*"(https?:)?//', html)
    assert not re.search(r"<link\b", html)
    assert "data:text/html" not in html  # only image data URIs are embedded


def test_sections_and_failures(hostile_analysis):
    html = render_html(hostile_analysis)
    for section in ("verdict", "graph", "evidence", "changes", "accounts", "method"):
        assert f'<section id="{section}"' in html
    assert "Hacker News has no user called" in html
    assert "This audit is incomplete: 1 account could not be read." in html


def test_evidence_shows_the_two_compared_values_side_by_side(hostile_analysis):
    """Each evidence row with values shows both; a row without them shows no empty pair
    (a template once read the dict's ``values`` method instead of its key)."""
    html = render_html(hostile_analysis).replace("<wbr>", "")
    pairs = re.findall(
        r'<span class="muted compared"><span class="text" dir="auto">([^<]*)</span> \| '
        r'<span class="text" dir="auto">([^<]*)</span></span>',
        html,
    )
    assert pairs and all(left.strip() and right.strip() for left, right in pairs)
    shown = {
        (str(escape(shorten(e.values[0], 90))), str(escape(shorten(e.values[1], 90))))
        for link in hostile_analysis.links
        for e in link.evidence
        if e.values and len(e.values) == 2 and e.signal != "chain"
    }
    assert shown and set(pairs) & shown
    redacted = render_html(hostile_analysis, ReportOptions(redact=True))
    assert '<span class="muted compared">' not in redacted


def test_an_account_without_a_collection_date_says_what_it_holds():
    """Profiles made elsewhere (a profiles file written by hand or by another tool) carry no
    collection record: the account's card says what it holds, not "Read None"."""
    from dataclasses import replace

    from linkage.evidence.analysis import analyse

    profiles = [replace(p, collected=None) for p in hostile_profiles()[:2]]
    html = render_html(analyse(profiles), ReportOptions())
    assert "Read None" not in html and "Read :" not in html
    assert html.count("Holds ") >= 2


def test_a_tie_says_its_level_goes_by_the_clues_not_by_the_starting_point():
    """In a small audit the starting point is high (1 in 2 for three accounts): a pair can be
    98 % likely one person's on weak clues. Its numbers say both, and which one the level
    follows, so an "unlikely" badge beside 98 % is not a contradiction left unexplained."""
    from linkage.evidence.scorer import make_link
    from linkage.records import Evidence
    from reports.evidence_view import waterfall

    link = make_link("blog:a", "mastodon:b", [Evidence("username", 5.6, "alike")], 0.5)
    total = waterfall(link, 0.5, redact=False)[-1]
    assert total["kind"] == "total"
    assert total["detail"] == (
        "probability 98 %, from 50 % before any clue; the level (\u201cunlikely\u201d) goes by "
        "the clues alone, 5.6 bits"
    )
    # one figure on the total's row: the running total beside the clues' sum read as two totals
    assert total["running"] is None
    # and the label says how it stands to the running total, which counts the starting point
    assert total["label"] == "Total of the clues (the running total without the starting point)"


def test_the_numbers_view_names_accounts_as_the_report_does():
    """A clue's detail in the numbers view named accounts by their ids
    ("both accounts are tied to web:https://…/"), where the clue above it names them as the
    rest of the report does."""
    from linkage.evidence.scorer import make_link
    from linkage.records import Evidence
    from reports.evidence_view import waterfall

    detail = "both accounts are tied to web:https://wren.example.org/ (99% and 98% likely)"
    link = make_link("github:wren-h", "reddit:fell_moth", [Evidence("chain", 9.0, detail)], 0.25)
    labels = {"web:https://wren.example.org/": "wren.example.org (Website)"}
    steps = waterfall(link, 0.25, redact=False, labels=labels)
    assert steps[1]["detail"] == (
        "both accounts are tied to wren.example.org (Website) (99% and 98% likely)"
    )


def test_words_people_read():
    from reports.render import breakable, human_date, plural
    from reports.text import pct

    # a tie 99.8 % likely read "100 %" beside ties "over 99.9 %"
    assert [pct(p) for p in (0.994, 0.998, 0.9995, 0.0004, 0.05)] == [
        "99 %", "99.8 %", "over 99.9 %", "under 0.1 %", "5.0 %",
    ]  # fmt: skip

    assert human_date("2026-12-05T05:08:07Z") == "5 December 2026, 05:08 UTC"
    assert human_date("not a date") == "not a date"
    assert [plural(n, "link") for n in (0, 1, 2)] == ["0 links", "1 link", "2 links"]
    cut = shorten("Knitting, hill walks and strong opinions about tea. " * 3, 40)
    assert cut == "Knitting, hill walks and strong…"
    assert shorten("short", 40) == "short"
    assert str(breakable("a.b/<c>")) == "a.<wbr>b/<wbr>&lt;c&gt;"


def test_a_persona_has_one_shape_and_colour_whatever_else_is_in_the_audit():
    from reports.graph_svg import persona_style

    assert persona_style("personal") == persona_style("Personal ")
    assert persona_style("personal")[:2] == ("#D55E00", "circle")
    assert persona_style("professional")[:2] == ("#0072B2", "square")
    assert persona_style(None, discovered=True)[1] == "triangle"
    assert persona_style("activism") == persona_style("activism")
    styles = {persona_style(p)[:2] for p in ("personal", "professional", None)}
    assert len(styles) == 3


def test_advice_that_saves_nothing_is_left_out(hostile_analysis):
    from linkage.evidence.changes import Change
    from linkage.evidence.remediation import ChosenChange, Remediation
    from reports.render import ReportOptions, context

    useless = ChosenChange(Change("github:x", "handle", "replace", "y"), 0.0, 7.5, 7.5, "none")
    useful = ChosenChange(Change("github:x", "bio", "remove"), 3.0, 10.0, 7.0, "some")
    hostile_analysis.remediation = Remediation(6.0, 10.0, 7.0, [useful, useless], False)
    changes = context(hostile_analysis, ReportOptions())["changes"]
    assert len(changes) == 1 and "profile text" in str(changes[0]["what"])


def test_the_reader_text_has_no_jargon(hostile_analysis):
    """Outside the numbers views (details.numbers), none of the model's words."""
    html = render_html(hostile_analysis)
    body = html.split("<body>", 1)[1]
    body = re.sub(r"<script>.*?</script>", "", body, flags=re.S)
    body = re.sub(r'<details class="numbers.*?</details>', "", body, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", body).lower()
    for word in ("match weight", "prior", "hash distance", "bits", "display_name", "crosslink"):
        assert not re.search(rf"\b{word}\b", text), word


def test_a_low_verdict_names_the_closest_pair_it_weighed():
    """'could not be joined ... no chain of evidence strong enough was found' repeated the
    headline; a low verdict now says which two accounts came closest (redacted alike)."""
    from linkage.evidence.analysis import analyse
    from linkage.records import Profile

    analysis = analyse(
        [
            Profile(
                id="reddit:quiet_reader",
                platform="reddit",
                handle="quiet_reader",
                persona="personal",
                bio="Lacemaker in Tobermory.",
            ),
            Profile(
                id="github:ada-ex",
                platform="github",
                handle="ada-ex",
                persona="professional",
                bio="Press officer, Tobermory.",
            ),
        ]
    )
    assert analysis.exposure[0].level == "low"
    html = " ".join(render_html(analysis).split())
    assert (
        "are unlikely to be joined from what is public: the closest, your personal Reddit account "
        "(quiet_reader) and your professional GitHub account (ada-ex), show too little in "
        "common for a searcher to be sure." in html
    )
    redacted = " ".join(render_html(analysis, ReportOptions(redact=True)).split())
    # read by someone else: the account holder's accounts, in the third person
    assert "The personal and professional accounts are unlikely to be joined" in redacted
    assert "the closest, personal account A (Reddit) and professional account B" in redacted
    assert "quiet_reader" not in redacted


def test_the_numbers_say_why_a_possible_pair_can_be_very_probable():
    """'possible' beside '99 %' read as a contradiction; the numbers say the level goes by
    the evidence and the probability also by where a searcher starts (1 in 4 for 5 accounts)."""
    from linkage.evidence.analysis import analyse
    from linkage.records import Profile

    analysis = analyse(
        [
            Profile(
                id=f"reddit:reader{i}",
                platform="reddit",
                handle=f"reader{i}",
                persona="personal" if i % 2 else "professional",
            )
            for i in range(5)
        ]
    )
    html = " ".join(render_html(analysis).split())
    assert "“How sure” goes by the clues alone: how easily a stranger, starting from " in html
    assert "already has these 5 accounts in hand, before any clue, about 1 chance in 4 that " \
        "two of them are one person's" in html  # fmt: skip
    # and the table's own columns say which figure is which ("unlikely" beside "94 %")
    assert '<th scope="col">How sure, from the clues</th>' in html
    assert '<th scope="col" class="num">Probability among these 5 accounts</th>' in html
    assert 'data-label="Probability among these 5 accounts"' in html


def test_accounts_without_two_sides_are_not_told_they_are_safe():
    """Accounts filed under no persona read "There is only one persona here, so there is
    nothing to keep apart" and "Nothing to change: no chain between your personas is strong
    enough": as if checked and safe, when nothing said which side each account is on."""
    from linkage.evidence.analysis import analyse
    from linkage.records import Profile

    def accounts(persona: str | None) -> list[Profile]:
        return [
            Profile(
                id=f"{platform}:wren_h",
                platform=platform,
                handle="wren_h",
                persona=persona,
                bio="Hydrologist in Kendal",
            )
            for platform in ("github", "reddit")
        ]

    unfiled = " ".join(render_html(analyse(accounts(None))).split())
    assert "None of these accounts says which side of you it is on" in unfiled
    assert 'Say which side of you each account is on: <code>persona = "personal"</code>' in unfiled
    assert "No changes to suggest: no two accounts are on different sides of you" in unfiled
    for text in ("nothing to keep apart", "Nothing to change", "only one persona"):
        assert text not in unfiled
    one_side = " ".join(render_html(analyse(accounts("personal"))).split())
    assert "All of these accounts are on one side of you (personal)" in one_side
    assert "Nothing to change" not in one_side


def test_an_account_listed_without_a_side_is_named_as_not_judged():
    """An account filed under no persona beside two sides was only "(no label)" in the
    picture's key: its own ties to each side were never judged, and nothing said so."""
    from linkage.evidence.analysis import analyse
    from linkage.records import Profile

    profiles = [
        Profile(id="github:wren-h", platform="github", handle="wren-h", persona="professional"),
        Profile(id="reddit:fell_moth", platform="reddit", handle="fell_moth", persona="personal"),
        Profile(id="mastodon:kendal_w", platform="mastodon", handle="kendal_w"),
        Profile(
            id="web:https://wren.example.org/",
            platform="web",
            handle="wren.example.org",
            discovered_by="linked from github:wren-h",
        ),
    ]
    html = " ".join(render_html(analyse(profiles)).split())
    assert 'One account has no side: <span class="handle">kendal_<wbr>w (Mastodon)</span>' in html
    assert "give it a persona in the accounts file" in html
    assert "wren.example.org (Website)</span>. It counts" not in html  # found, not listed
    redacted = " ".join(render_html(analyse(profiles), ReportOptions(redact=True)).split())
    assert "One account has no side:" in redacted and "kendal_w" not in redacted


def test_a_clue_against_the_pair_is_named_by_what_was_compared():
    """ "The same name (against): different names shown ('Mo', 'Morag Finlay')": the clue's
    name said the opposite of what was found, and its note spoke of "personas"."""
    from tests.demo_runs import morag

    html = render_html(morag(), ReportOptions())
    against = re.findall(r"<strong>([^<]+)</strong> <span class=\"muted\">\(against\)", html)
    assert "Display names" in against and "Usernames" in against
    assert not [name for name in against if name.lower().startswith(("the same", "similar"))]
    assert "different personas" not in html
