"""What the report counts as found, what its picture draws, and the starting point its numbers
give, beside the command-line audit of every platform (``tests/test_audit_unfollowed.py``):
the cases that audit does not hold. Fictional accounts."""

from __future__ import annotations

import re
from html import unescape

from linkage.evidence.analysis import analyse
from linkage.records import Profile
from reports.render import ReportOptions, render_html
from reports.unfollowed import found_more
from tests.reports.conftest import account

BIO = "Hydrologist in Kendal. Maps of the river Kent, every weir. https://wren.example.org"
GONE = "not found: Nothing at that address: the page is gone or never existed."


def _picture(html: str) -> str:
    return html[html.index('<section id="graph"') :].split("</section>", 1)[0]


def _drawn(html: str) -> list[str]:
    """The accounts the picture draws, by their numbered titles."""
    return re.findall(r"<title>\d+: ([^<]*)</title>", _picture(html).replace("<wbr>", ""))


def _wren(*found: Profile) -> list[Profile]:
    return [
        account("github:wren-h", "professional", display_name="Wren Hollis", bio=BIO),
        account("reddit:fell_moth", "personal", bio="Knitting, mostly socks."),
        *found,
    ]


def test_a_link_not_followed_is_drawn_only_where_a_tie_ends_at_it():
    """The links that could not be followed are left out of the picture, as no tie ends at
    them; one that holds something to compare (its name and words were kept though it could
    not be read) and is tied to an account stays in it, on its line."""
    kept = account(
        "mastodon:wren@social.example",
        discovered_by="linked from github:wren-h",
        error=GONE,
        display_name="Wren Hollis",
        bio=BIO,
    )
    gone = account("web:https://gone.example.net/", discovered_by="linked from github:wren-h",
                   error=GONE)  # fmt: skip
    analysis = analyse(_wren(kept, gone))
    assert any({link.a, link.b} == {"github:wren-h", kept.id} for link in analysis.links)
    html = render_html(analysis)
    assert sorted(_drawn(html)) == [
        "fell_moth (Reddit)",
        "wren-h (GitHub)",
        "wren@social.example (Mastodon)",
    ]
    note = re.search(r'id="graph-not-drawn">(.*?)</p>', _picture(html)).group(1)
    assert unescape(re.sub(r"<[^>]+>", "", note)) == (
        "Not drawn: the link in your profiles that could not be followed. Nothing could be read "
        "from it, so it has no tie to draw; Links that could not be followed lists it."
    )
    # drawn, an account not read says so
    assert "A pale shape with a dashed outline is an account that could not be read" in html


def test_a_picture_with_nothing_left_out_says_nothing_of_it():
    found = account("codeberg:wren-h", discovered_by="linked from github:wren-h", bio=BIO)
    html = render_html(analyse(_wren(found)))
    assert "wren-h (Codeberg)" in _drawn(html)
    assert 'id="graph-not-drawn"' not in html
    assert "A pale shape with a dashed outline" not in html


def test_found_more_counts_the_accounts_read_and_says_how_they_were_found():
    """ "found 28 more from their links" was said of 28 addresses none of which could be
    read; and of accounts the username sweep found as "from their links"."""
    linked = account("codeberg:wren-h", discovered_by="linked from github:wren-h")
    swept = account("gitlab:wren-h", discovered_by="username 'wren-h' found on GitLab")
    gone = account("web:https://gone.example.net/", discovered_by="linked from github:wren-h",
                   error=GONE)  # fmt: skip
    assert found_more([gone, gone]) == ""
    assert found_more([linked, gone]) == "found 1 more from their links"
    assert found_more([swept]) == "found 1 more by their usernames"
    assert found_more([linked, swept, gone]) == "found 2 more from their links and usernames"


def test_a_starting_point_given_is_said_as_given_not_as_a_count():
    """With ``--prior`` the starting point comes from no count of accounts: "these 3 accounts
    in hand, about 1 chance in 100" would be untrue."""
    html = " ".join(render_html(analyse(_wren(), prior=0.01)).split())
    assert (
        "for someone who starts from the chance given to the audit (--prior): before any clue, "
        "about 1 chance in 100 that two accounts are one person's."
    ) in html
    assert "already has these" not in html and "Probability among" not in html
    assert '<th scope="col" class="num">Probability</th>' in html
    assert "from the starting point given to the audit)" in html


def test_the_redacted_numbers_count_the_same_accounts():
    gone = account("web:https://gone.example.net/", discovered_by="linked from github:wren-h",
                   error=GONE)  # fmt: skip
    html = " ".join(render_html(analyse(_wren(gone)), ReportOptions(redact=True)).split())
    assert "already has these 2 accounts in hand (the ones that could be read), before any " \
        "clue, about 1 chance in 2 that two of them are one person's." in html  # fmt: skip
    assert "these 3 accounts" not in html
