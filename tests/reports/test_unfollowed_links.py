"""Links in the person's profiles that could not be followed (accounts found by following a
link, not listed, that could not be read): said after the verdict, in one line on the terminal
and a section of their own lower in the report, each with where it was found and a plain
reason. They do not make the audit incomplete; a listed account that could not be read still
does, and is said first."""

from __future__ import annotations

import re
from dataclasses import replace
from html import unescape
from pathlib import Path

from linkage.evidence.analysis import Analysis, analyse
from linkage.records import Profile
from reports.render import ReportOptions, render_html
from reports.summary import Written, summary_lines
from tests.reports.conftest import account

#: what a platform's collector says of a handle it cannot find: it speaks to the person who
#: typed the handle, which nobody did for an address found in a profile
SPELLING = (
    "not found: social.example could not find the account @{}. Check the spelling of the handle."
)
GONE = "not found: Nothing at {}: the page is gone or never existed. Check the address (HTTP 404)."


def _found(count: int, *, listed_unread: bool = False, handle: str = "gone") -> Analysis:
    """Two listed accounts on two sides (the GitHub one links to ``count`` addresses that
    answer "not found"), and those addresses, found through its links and not read."""
    sites = [f"https://{handle}-{i}.example.net/" for i in range(count)]
    profiles: list[Profile] = [
        account("github:wren-h", "professional", links=sites, display_name="Wren H",
                bio="Maps. https://wren.example.org"),
        account("web:https://wren.example.org/", "personal", display_name="Wren H"),
    ]  # fmt: skip
    if listed_unread:
        profiles.append(account("reddit:fell_moth", "personal", error="timeout: no answer in 20 s"))
    for i, site in enumerate(sites):
        if i % 2:
            profiles.append(
                account(f"mastodon:{handle}{i}@social.example", discovered_by="linked from "
                        "github:wren-h", error=SPELLING.format(f"{handle}{i}@social.example"))
            )  # fmt: skip
        else:
            profiles.append(
                account(f"web:{site}", discovered_by="linked from github:wren-h",
                        error=GONE.format(site))
            )  # fmt: skip
    return analyse(profiles)


def _text(html: str) -> str:
    return unescape(" ".join(re.sub(r"<[^>]+>", " ", html.replace("<wbr>", "")).split()))


def test_links_not_followed_come_after_the_verdict_in_a_section_of_their_own():
    """Before, a box listing every link not followed, each with its collector's reason, stood
    between the header and the verdict: on a complete audit with 23 such links it was the whole
    first screen. Now the verdict comes first, with one line on them; the list is a section
    lower down, folded when long, each with where it was found and why in plain words."""
    analysis = _found(8)
    assert analysis.complete  # every listed account was read: the contract's "complete"
    html = render_html(analysis).replace("<wbr>", "")
    main = html[html.index("<main>") :]
    before = main[: main.index('id="verdict"')]
    assert "gone-" not in before and "could not be followed" not in before
    assert 'id="incomplete"' not in html and "This audit is incomplete" not in html
    # the verdict's own section says how many, once, and points to the list
    verdict = main[main.index('id="verdict"') : main.index('id="changes"')]
    note = _text(verdict.split('id="unfollowed-note">', 1)[1].split("</p>", 1)[0])
    assert note.endswith(
        "8 links in your profiles could not be followed (all answered 'not found'). Which, and why"
    ), note
    assert 'href="#unfollowed"' in verdict and "gone-" not in verdict
    # the list: after how each tie was found, before each account; folded, as it is long
    order = [main.index(f'<section id="{s}"') for s in ("verdict", "evidence", "unfollowed", "accounts")]  # fmt: skip
    assert order == sorted(order), order
    section = main[order[2] : main.index("</section>", order[2])]
    assert re.search(r"<details[^>]*>\s*<summary>Each of the 8 links: ", section), section[:600]
    items = re.findall(r"<li>(.*?)</li>", section)
    assert len(items) == 8
    said = [unescape(re.sub(r"<[^>]+>", "", item)) for item in items]
    assert "gone-0.example.net (Website), linked from wren-h (GitHub): the address answered " \
        "'not found'" in said  # fmt: skip
    assert "gone1@social.example (Mastodon), linked from wren-h (GitHub): the address " \
        "answered 'not found'" in said  # fmt: skip
    # nobody typed these addresses: no "check the spelling of the handle", here or in the
    # accounts' own cards
    assert "Check the spelling" not in html and "Check the address" not in html
    assert "Links not followed</a>" in html[: html.index("<main>")]  # in the contents


def test_a_few_links_not_followed_are_listed_open():
    html = render_html(_found(3))
    section = html[html.index('<section id="unfollowed"') :].split("</section>", 1)[0]
    assert "<details" not in section and section.count("<li>") == 3


def test_the_header_counts_the_listed_accounts_and_the_found_ones_apart():
    """The header said "38 accounts" of an audit of 13 listed ones: it counted every account
    found through their links with them. Then "2 accounts, and 8 more found through their
    links" of 8 links that could not be followed: read as 8 more accounts of the person's.
    It counts the found accounts that were read; the links not followed are said beside the
    verdict."""
    header = _text(render_html(_found(8)).split("<main>", 1)[0])
    assert "2 accounts ·" in header and "more found" not in header
    header = _text(render_html(_found(0)).split("<main>", 1)[0])
    assert "2 accounts ·" in header and "more found" not in header
    read = account("codeberg:wren-h", discovered_by="linked from github:wren-h", bio="Maps.")
    html = render_html(analyse([*_found(8).profiles, read]))
    assert "2 accounts, and 1 more found through their links ·" in _text(html.split("<main>")[0])
    assert "8 links in your profiles could not be followed" in _text(html)


def test_the_terminal_says_the_verdict_first_then_one_short_line():
    """The terminal's first line was "Not read: 23 accounts found by following your profiles'
    links (…)", some 4,000 characters with each collector's reason, before the verdict."""
    analysis = _found(8)
    lines = summary_lines(analysis, [Written(Path("r.html"), "report")])
    assert lines[0] == "Your personal and professional sides can be joined by someone who looks."
    (line,) = [x for x in lines if "could not be followed" in x]
    assert line == (
        "8 links in your profiles could not be followed (all answered 'not found'): the report "
        "lists them."
    )
    assert lines.index(line) > 1 and not any("Check the spelling" in x for x in lines)
    # --quiet: the count alone
    quiet = summary_lines(analysis, [], quiet=True)
    assert "8 links in your profiles could not be followed." in quiet
    # mixed reasons: the one most share, or none
    assert "(most answered 'not found')" in summary_lines(_mixed(), [])[-1]


def _mixed() -> Analysis:
    analysis = _found(3)
    extra = account("web:https://down.example.net/", discovered_by="linked from github:wren-h",
                    error="network failure: could not reach down.example.net")  # fmt: skip
    return analyse([*analysis.profiles, extra])


def test_one_or_many_links_not_followed_read_as_english():
    """ "if them are yours, add them to the accounts file": "if it is yours" of one, "if they are
    yours" of many, and in a redacted report the account holder's."""
    one = _text(render_html(_found(1)))
    assert "1 link in your profiles could not be followed (it answered 'not found')." in one
    assert "if it is yours, add it to the file to audit it" in one
    many = _text(render_html(_found(4)))
    assert "if they are yours, add them to the file to audit them" in many
    shared = _text(render_html(_found(4), ReportOptions(redact=True)))
    assert "if they are the account holder's, adding them to the file audits them" in shared
    for lines in (summary_lines(_found(1), []), summary_lines(_found(4), [], redact=True)):
        assert not any("if them" in line or "them are" in line for line in lines), lines


def test_a_listed_account_not_read_is_still_said_first():
    """The rule that holds: an audit that could not read an account the person listed says
    so first and never calls the rest safe; the links not followed stay below the verdict."""
    analysis = _found(6, listed_unread=True)
    assert not analysis.complete
    html = render_html(analysis)
    main = html[html.index("<main>") :]
    assert (
        main.index('id="incomplete"') < main.index('id="verdict"') < main.index('id="unfollowed"')
    )
    box = main[main.index('id="incomplete"') : main.index("</div>")]
    assert "1 account could not be read" in box and "gone-" not in box
    lines = summary_lines(analysis, [])
    assert lines[0].startswith("This audit is incomplete: 1 account could not be read (fell_moth")
    assert "gone-" not in lines[0]
    assert lines[-1].startswith("6 links in your profiles could not be followed")


def test_a_redacted_report_and_terminal_name_no_link_not_followed():
    """The section and the line hold no collected string: not the addresses, not the account
    they were found from, nor the collector's reason (which quotes the address)."""
    analysis = _found(7, handle="secret-handle")
    html = render_html(analysis, ReportOptions(redact=True))
    lines = "\n".join(summary_lines(analysis, [Written(Path("r.html"), "")],
                                    redact=True))  # fmt: skip
    section = html[html.index('<section id="unfollowed"') :].split("</section>", 1)[0]
    # where each was found, by the account's letter, as the redacted report names accounts
    assert section.count("<li>") == 7
    assert section.count(", linked from professional account B (GitHub)</li>") == 7
    # no "why" is promised where none is given (a reason may say something of the person)
    assert "<summary>The 7 links</summary>" in section and "could not be read" not in section
    assert "7 links in the account holder's profiles could not be followed." in _text(section)
    for value in ("secret-handle", "wren", "Wren H", "social.example", "example.net", "Maps"):
        assert value not in html, value
        assert value not in lines, value
    assert "7 links in the account holder's profiles could not be followed: the report " \
        "lists them." in lines  # fmt: skip


#: what the audit records of an X account found in a profile (:func:`linkage.discovery.collect_found`)
X_FOUND = (
    "refused: X shows its profiles only to visitors who sign in, so linkage cannot read it from "
    'the web; if it is yours, add its X data export to the accounts file (archive = "PATH": '
    "the file X lets its owner download from its settings)."
)


def test_an_x_account_found_in_a_profile_says_why_it_was_not_read_and_what_to_do():
    """An X account found through a link is recorded as refused, but nothing was asked of X:
    not "the site refused to answer", but that only its export shows it, and what to do; on
    the terminal, that reason as it is shared; in the demo's voice, whose it may be."""
    analysis = _found(1)
    x = account("x:wren_maps", discovered_by="linked from github:wren-h", error=X_FOUND)
    analysis = analyse([*analysis.profiles[:2], x])
    section = _text(render_html(analysis).split('<section id="unfollowed"', 1)[1])
    assert (
        "wren_maps (X) , linked from wren-h (GitHub): X shows its profiles only to visitors who "
        "sign in, so linkage cannot read it from the web; if it is yours, add its X data export "
        'to the accounts file (archive = "PATH": the file X lets its owner download from its '
        "settings)"
    ) in section
    assert "refused" not in section
    assert (
        "1 link in your profiles could not be followed (it led to a platform that shows its "
        "profiles only to visitors who sign in): the report lists it."
    ) in summary_lines(analysis, [Written(Path("r.html"), "report")])
    demo = replace(analysis, owner="Wren Hale (a fictional person)")
    said = _text(render_html(demo, ReportOptions(training=True)))
    assert "if it is Wren's, add its X data export" in said and "if it is yours" not in said


def test_an_address_the_guard_kept_linkage_from_asking_is_not_said_to_have_refused():
    """A link into a private network (the address guard's refusal, recorded as refused) read
    "the site refused to answer", although no site was asked."""
    from collectors.errors import AddressRefused
    from collectors.http.guard import check_written

    try:
        check_written("http://192.168.1.20/notes")
    except AddressRefused as exc:
        why = f"refused: {exc}"
    else:
        raise AssertionError("the guard let a private address through: no test")
    analysis = _found(1)
    found = account("web:http://192.168.1.20/notes", discovered_by="linked from github:wren-h",
                    error=why)  # fmt: skip
    analysis = analyse([*analysis.profiles[:2], found])
    section = _text(render_html(analysis).split('<section id="unfollowed"', 1)[1])
    assert "it points into a private or local network (this computer or one near it)" in section
    assert "refused to answer" not in section
    lines = summary_lines(analysis, [Written(Path("r.html"), "report")])
    assert any("(it pointed into a private or local network" in line for line in lines), lines


def test_links_not_followed_are_not_said_as_accounts_that_could_not_be_read():
    """With every listed account read, the report said "The accounts that could not be read
    were not compared" and "Not shown here: the 4 accounts found by the audit that could not be
    read": links that could not be followed made a complete audit sound incomplete. A listed
    account not read is still said as one, beside the links."""
    text = _text(render_html(_found(4)))
    assert "accounts that could not be read" not in text
    assert "The links that could not be followed were not compared: their ties are unknown" in text
    assert (
        "Not shown here: the 4 links in your profiles that could not be followed, listed above"
        in text
    )
    text = _text(render_html(_found(4, listed_unread=True)))
    assert (
        "The account that could not be read, and the links that could not be followed, were not "
        "compared: their ties are unknown, not absent." in text
    )
