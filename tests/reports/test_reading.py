"""How the report's text is laid out for its reader: right-to-left values in their own
direction, line breaks between whole characters, redacted accounts in the order of their
letters, and pictures a screen reader need not announce."""

from __future__ import annotations

import re
import unicodedata
from itertools import pairwise

from reports.graphemes import clusters
from reports.render import ReportOptions, render_html
from reports.text import LONGEST_RUN, breakable, isolated
from tests.reports.conftest import account
from tests.reports.intl_people import OWNER, PLACES, intl_analysis


def test_two_right_to_left_values_of_a_sentence_are_each_isolated():
    """ "different locations ('ירושלים', 'القاهرة')" was drawn with the second account's place
    first: the two values and the comma between them made one right-to-left run."""
    said = str(isolated(f"different locations ('{PLACES[0]}', '{PLACES[1]}')"))
    assert said == (
        f"different locations (&#39;<bdi>{PLACES[0]}</bdi>&#39;, &#39;<bdi>{PLACES[1]}</bdi>&#39;)"
    )
    # a handle or a side named in a sentence, where it holds right-to-left letters
    said = str(isolated("your עבודה and personal sides", ["עבודה", "personal"]))
    assert said == "your <bdi>עבודה</bdi> and personal sides"
    # an apostrophe inside a name is no quote; left-to-right values need nothing
    assert (
        str(isolated("the same name 'Seán O'Brien'")) == "the same name &#39;Seán O&#39;Brien&#39;"
    )


def test_the_report_draws_each_collected_value_in_its_own_direction():
    html = render_html(intl_analysis())
    assert f"Prepared for <bdi>{OWNER}</bdi> · 5 accounts" in html
    assert f"&#39;<bdi>{PLACES[0]}</bdi>&#39;, &#39;<bdi>{PLACES[1]}</bdi>&#39;" in html
    # bios, names and places laid out in their own direction
    assert re.search(r'<p class="text bio" dir="auto">مطوّرة', html)
    assert re.search(r'Name shown: <strong class="text" dir="auto">سلمى ناصر</strong>', html)
    assert f'Location: <span class="text" dir="auto">{PLACES[0]}</span>' in html


def test_a_long_run_breaks_only_between_whole_characters():
    """The break every 30 characters split an accent from its letter, a Devanagari consonant
    from its vowel sign and family emoji into their people."""
    family = "👩\u200d👩\u200d👧\u200d👦"
    for run in (
        "e\u0301" * 45,  # é as e and a combining accent
        "रिकॉर्ड" * 12,  # consonants and vowel signs
        family * 40,
        "🇬🇧🇫🇷" * 20,  # flags are pairs of regional indicators
        "\u1112\u1161\u11ab" * 40,  # 한 spelt in jamo
        "क्ष" * 45,  # a conjunct: consonant, virama, consonant
    ):
        pieces = str(breakable(run)).split("<wbr>")
        assert len(pieces) > 1, run
        for before, piece in pairwise(pieces):
            first, last = piece[0], before[-1]
            assert not unicodedata.combining(first), (run, piece)
            assert first not in ("\u200d", "\u11ab", "\u1161"), (run, piece)
            assert last != "\u200d" and unicodedata.combining(last) != 9, (run, before)
        assert all(len(list(clusters(piece))) <= LONGEST_RUN for piece in pieces)
        assert "".join(pieces) == run
        # each piece whole characters: together, the run's own characters
        assert [c for piece in pieces for c in clusters(piece)] == list(clusters(run))
    # 20 family emoji are 20 characters as a reader counts them: no break at all
    assert "<wbr>" not in str(breakable(family * 20))
    assert list(clusters("🇬🇧🇫🇷x")) == ["🇬🇧", "🇫🇷", "x"]


def test_a_redacted_report_lists_its_accounts_in_the_order_of_their_letters():
    """ "What was read from each account" listed professional account D, C, then personal
    account A, B (the order of the file), and each heading said the side twice."""
    profiles = [
        account("web:https://rowan.example.org/", "professional"),
        account("github:rowan-dev", "professional"),
        account("reddit:quiet_rowan", "personal"),
        account("mastodon:rowan@knit.example.social", "personal"),
    ]
    from linkage.evidence.analysis import analyse

    html = render_html(analyse(profiles), ReportOptions(redact=True))
    section = html[html.index('id="accounts"') : html.index('id="method"')]
    headings = re.findall(r'<article class="account">\s*<h3>(.*?)</h3>', section)
    shown = [re.sub(r"<[^>]+>", "", h) for h in headings]
    assert [h.split(" (")[0] for h in shown] == [
        "Personal account A",
        "Personal account B",
        "Professional account C",
        "Professional account D",
    ]
    assert not any("·" in h for h in shown), shown
    # the full report keeps the file's order, and says each account's side
    full = render_html(analyse(profiles)).replace("<wbr>", "")
    cards = full[full.index('id="accounts"') : full.index('id="method"')]
    assert cards.index("rowan.example.org") < cards.index("quiet_rowan")
    assert "· <bdi>professional</bdi>" in cards


def test_the_numbers_bars_are_not_announced_as_pictures():
    """Each waterfall bar was an image named by a number ("+20.3 bits") that its row says."""
    html = render_html(intl_analysis())
    bars = re.findall(r'<td class="bar"><svg[^>]*>', html)
    assert bars and all('aria-hidden="true"' in bar and "role=" not in bar for bar in bars)


def test_the_demo_story_does_not_say_the_changes_are_below():
    """The story box comes after the list of changes: "the changes below" pointed the wrong
    way (and printed, the changes come after it): no direction at all."""
    from linkage.demo import story

    for app in (False, True):
        assert "below are made" not in story(app=app)
        assert "changes this report proposes" in story(app=app)
