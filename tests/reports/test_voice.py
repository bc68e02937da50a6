"""Who the report's words speak to: the person's own report says "your"; the demo speaks of its
invented person by name, to a room that is not that person; a redacted report, read by
someone else, speaks of the account holder in the third person."""

from __future__ import annotations

import re
from html import unescape

import pytest

from linkage.evidence.analysis import Analysis, analyse
from reports.render import ReportOptions, render_html
from reports.summary import summary_lines, verdict_brief
from tests.reports.conftest import account

OWNER = "Ailsa Brodie (a fictional person)"


@pytest.fixture(scope="module")
def ailsa() -> Analysis:
    """An invented person whose personal Reddit account links to her professional website;
    one of her accounts is suspended."""
    return analyse(
        [
            account("reddit:ailsa_knits", "personal", links=["https://ailsa-brodie.example.org/"]),
            account("web:https://ailsa-brodie.example.org/", "professional"),
            account(
                "github:abrodie-dev",
                "professional",
                links=["https://ailsa-brodie.example.org/"],
            ),
            account("mastodon:ailsa@knit.example.social", "personal", error="suspended: gone"),
        ],
        owner=OWNER,
    )


def text_of(html: str, start: str = "<main>", end: str = "</main>") -> str:
    """The words of a part of the page, tags left out."""
    part = html[html.index(start) : html.index(end)]
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", part)).split())


def test_the_demo_speaks_of_its_invented_person_by_name(ailsa):
    """The demo said "Your personal and professional sides can be joined" and "your personal
    Mastodon account" to a room of trainees, as if each were Morag."""
    html = render_html(ailsa, ReportOptions(training=True))
    assert "<title>Can Ailsa's accounts be linked?</title>" in unescape(html)
    words = text_of(html)
    assert "Ailsa's personal and professional sides can be joined by someone who looks." in words
    assert (
        "Ailsa's personal Reddit account (ailsa_knits) can be joined to Ailsa's professional "
        "website (ailsa-brodie.example.org)" in words
    )
    assert "add its data export if Ailsa has it" in words
    assert "Each numbered shape is one of Ailsa's accounts" in words
    assert not re.search(r"\b[Yy]our\b", text_of(html, 'id="verdict"', 'id="changes"'))
    # beside the headline, not only in the muted subtitle: the person is invented
    note = html.index('class="fictional"')
    assert note < html.index('class="headline"') < note + 400
    assert "Ailsa Brodie is a fictional person" in text_of(html)
    assert not re.search(r"\b[Yy]our?\b", text_of(html))  # the levels' meanings neither
    # the terminal says it as the report does
    lines = summary_lines(ailsa, [], training=True)
    assert "Ailsa's personal and professional sides can be joined by someone who looks." in lines
    assert "add its data export if Ailsa has it" in lines[0]
    assert verdict_brief(ailsa, training=True)["headline"].startswith("Ailsa's personal")


def test_a_redacted_report_speaks_of_the_account_holder(ailsa):
    """A line manager read "Your personal and professional sides can be joined", "your personal
    account A", and "The full report says why", a report they do not have."""
    html = render_html(ailsa, ReportOptions(redact=True))
    assert "<title>Can these accounts be linked? (redacted)</title>" in html
    words = text_of(html)
    assert "The personal and professional sides can be joined by someone who looks." in words
    assert "Personal account B (Reddit) can be joined to professional account D (Website)" in words
    assert "The full report, which the account holder keeps, says why" in words
    assert "the account holder keeps the full report" in text_of(html, "<header", "</header>")
    assert not re.search(r"\b[Yy]our\b", text_of(html, 'id="incomplete"', 'id="graph"'))
    # "enough to single you out", in the table of the levels, spoke to the manager
    assert not re.search(r"\b[Yy]our?\b", words)
    # the footer gives no command to the reader: the command is the holder's
    assert "--pdf" not in html
    # a redacted demo names nobody, but says that the person is invented
    demo = text_of(render_html(ailsa, ReportOptions(redact=True, training=True)))
    assert "The person in this report is fictional" in demo and "Ailsa" not in demo


def test_the_person_s_own_report_says_your(ailsa):
    html = render_html(ailsa)
    words = text_of(html)
    assert "<title>Can your accounts be linked?</title>" in html
    assert "Your personal and professional sides can be joined by someone who looks." in words
    assert "add its data export if you have it" in words
    assert 'class="fictional"' not in html


def test_a_redacted_change_names_the_audited_account_its_link_leads_to(ailsa):
    """ "Remove a link from personal account A (Mastodon)" did not say which of A's links: the
    one to professional account D, whose redacted label leaks nothing."""
    words = text_of(render_html(ailsa, ReportOptions(redact=True)))
    assert (
        "Remove the link to professional account D (Website) from personal account B (Reddit)"
        in words
    )
    assert "ailsa-brodie" not in words
