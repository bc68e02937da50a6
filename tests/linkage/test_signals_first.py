"""The first linkage signals: usernames and explicit cross-links."""

from __future__ import annotations

import csv
import json
from dataclasses import replace

from linkage.evidence.linking import link_profiles, read_link_table, write_links
from linkage.records import Evidence, Profile
from linkage.signals.crosslinks import CrossLinkSignal
from linkage.signals.username import UsernameSignal, core, rarity_bits


def p(pid: str, handle: str | None = None, **kw) -> Profile:
    platform, name = pid.split(":", 1)
    return Profile(id=pid, platform=platform, handle=handle or name, **kw)


def test_exact_username_weight_grows_with_rarity():
    signal = UsernameSignal()
    rare = signal.compare(p("github:quietknitter_ed"), p("reddit:QuietKnitter_Ed"))
    common = signal.compare(p("github:john85"), p("reddit:john85"))
    assert rare.match_weight > common.match_weight > 0
    assert "same username" in rare.detail


def test_normalised_and_different_usernames():
    signal = UsernameSignal()
    variant = signal.compare(p("github:morag-finlay"), p("reddit:Morag_Finlay88"))
    assert variant.match_weight > 0 and "core 'moragfinlay'" in variant.detail
    different = signal.compare(p("github:alpha"), p("reddit:zebra"))
    assert different.match_weight < 0


def test_core_removes_affixes_digits_and_leet():
    assert core("TheReal_M0rag.Finlay1988") == "moragfinlay"
    assert rarity_bits("") == 0
    assert rarity_bits("x") < rarity_bits("quietknitter_ed")


def test_websites_give_no_username_evidence():
    assert UsernameSignal().compare(p("web:https://a.example/", "a.example"), p("github:a")) is None


def test_one_way_mutual_and_verified_links():
    site = p("web:https://ada.example.org/", "ada.example.org", url="https://ada.example.org/")
    gh = p("github:ada-x", url="https://github.com/ada-x", links=["ada.example.org/blog/"])
    signal = CrossLinkSignal()
    one_way = signal.compare(gh, site)
    assert one_way and "links to" in one_way.detail
    # accounts named as people know their platforms ("the github account 'ada-x'" before)
    assert one_way.detail.startswith(
        "the GitHub account 'ada-x' links to the website 'ada.example.org'"
    )
    assert CrossLinkSignal.reason(one_way) == "one links to the other"
    site.links = ["https://www.github.com/ada-x/"]
    mutual = CrossLinkSignal().compare(gh, site)
    assert mutual.match_weight > one_way.match_weight
    gh.verified_links = ["https://ada.example.org/blog"]
    verified = CrossLinkSignal().compare(gh, site)
    assert verified.match_weight > mutual.match_weight and "verified" in verified.detail
    # the reason after "because", as each found it
    assert CrossLinkSignal.reason(mutual) == "they link to each other"
    assert CrossLinkSignal.reason(verified) == "a platform verified the link between them"
    # the level is data, kept in the analysis's JSON: not read back from the detail's words
    kept = Evidence.from_dict(verified.to_dict())
    reworded = replace(kept, detail="the link was checked")
    assert CrossLinkSignal.reason(reworded) == "a platform verified the link between them"
    # a record written before evidence carried its kind still gives its own reason
    old = Evidence("crosslink", 9.0, "both link to 'https://ada.example.org/'")
    assert CrossLinkSignal.reason(old) == "both link to the same site"


def test_a_website_without_a_url_is_found_by_its_id():
    """A profiles file written by another tool may leave a website's ``url`` null; its id
    holds the address, and a link to it (in another spelling) still names it."""
    site = p("web:https://www.ada.example.org/", "www.ada.example.org")
    toot = p("mastodon:ada@example.social", links=["http://www.ada.example.org"])
    declared = CrossLinkSignal().compare(toot, site)
    assert declared and "links to" in declared.detail


def test_shared_personal_site_but_not_shared_platform_front_page():
    a = p("github:a1", links=["https://knits.example.net/"])
    b = p("reddit:b2", links=["https://knits.example.net"])
    shared = CrossLinkSignal().compare(a, b)
    assert "both link" in shared.detail
    assert CrossLinkSignal.reason(shared) == "both link to the same site"
    a.links, b.links = ["https://github.com/"], ["https://github.com"]
    assert CrossLinkSignal().compare(a, b) is None


def test_handle_mention_in_bio():
    a = p("github:a1", bio="Also on reddit as @quietknitter")
    b = p("reddit:quietknitter")
    mention = CrossLinkSignal().compare(a, b)
    assert "names the Reddit account 'quietknitter' ('@quietknitter')" in mention.detail
    assert CrossLinkSignal.reason(mention) == "one names the other in its bio"


def test_a_bio_names_an_account_as_its_platform_writes_it():
    """A fediverse address (``@name@server``), the name alone on its server, and Reddit's
    ``u/name`` are each the account named, and so is a handle written bare when it has a
    separator or a digit (``FernLight77``): ``@tidepool@coast.example.social`` in a GitHub bio
    was read as ``@tidepool`` and matched nothing, and the others were not read at all."""
    toot = p("mastodon:tidepool@coast.example.social")
    post = p("reddit:fernlight77")
    named = {
        "Off duty: @tidepool@coast.example.social.": toot,
        "Off duty: @Tidepool (Mastodon)": toot,
        "Birds at u/fernlight77": post,
        "Birds at /u/FernLight77.": post,
        "Birds; I post photos as FernLight77.": post,
    }
    for bio, account in named.items():
        found = CrossLinkSignal().compare(p("github:dokafor-eng", bio=bio), account)
        assert found is not None and found.kind == "mention" and found.followable, bio
        assert found.match_weight >= 6.0, bio  # above the remediation target on its own
    unnamed = {
        "Off duty: @tidepool@other.example.social": toot,  # someone of another server
        "mail me at tidepool@coast.example.social": toot,  # an e-mail address
        "Birds at u/fen": p("reddit:fen"),  # too short a name to count
        "Off duty: @tidepoolers": toot,
        "Birds and tidepools": p("reddit:tidepools"),  # a plain word is just a word
        "Night-owl coder. Co-founder of Acme.": p("reddit:co-founder"),  # words with hyphens
        "Night owls, mostly: night-owl since covid-19": p("reddit:night-owl"),
        "see https://fernlight77.example.org/": post,  # a site's address: not the account
    }
    for bio, account in unnamed.items():
        assert CrossLinkSignal().compare(p("github:dokafor-eng", bio=bio), account) is None, bio


def test_a_server_named_in_its_own_letters_is_the_same_server():
    """``bücher.example`` and ``xn--bcher-kva.example`` are one fediverse server: a profile
    listed with the first was not found by a link or a mention written with the second (the
    links are read in the second form, the account's id was kept as written)."""
    for server, written in (
        ("bücher.example", "xn--bcher-kva.example"),
        ("xn--bcher-kva.example", "bücher.example"),
    ):
        toot = p(f"mastodon:fernlight@{server}")
        for bio, kind in (
            (f"Off duty: https://{written}/@fernlight", "one_way"),
            (f"Off duty: @fernlight@{written}", "mention"),
        ):
            found = CrossLinkSignal().compare(p("github:dokafor-eng", bio=bio), toot)
            assert found is not None and found.kind == kind, (server, bio, found)
            assert found.match_weight >= 6.0, (server, bio)
        other = p("github:dokafor-eng", bio="Off duty: @fernlight@xn--bcher-kv0.example")
        assert CrossLinkSignal().compare(other, toot) is None, server
    # read as browsers read it (IDNA 2008): straße.example is xn--strae-oqa.example, and
    # strasse.example (Python's own IDNA 2003 codec folds ß to ss) is another server
    toot = p("mastodon:fernlight@straße.example")
    for bio, kind in (
        ("https://xn--strae-oqa.example/@fernlight", "one_way"),
        ("@fernlight@xn--strae-oqa.example", "mention"),
    ):
        found = CrossLinkSignal().compare(p("github:dokafor-eng", bio=f"Off duty: {bio}"), toot)
        assert found is not None and found.kind == kind, (bio, found)
    away = CrossLinkSignal().compare(
        p("github:dokafor-eng", bio="Off duty: https://strasse.example/@fernlight"), toot
    )
    assert away is None or away.kind != "one_way"  # not a link to this account
    other = p("github:dokafor-eng", bio="Off duty: @fernlight@strasse.example")
    assert CrossLinkSignal().compare(other, toot) is None


def test_a_link_to_a_profile_on_a_server_of_anyone_s_is_that_account():
    """A GitLab or Forgejo account on a server of anyone's (a council's GitLab, a community's
    Forgejo) is found by the links to its profile as that platform writes them: its address,
    its tabs and keys, the server's name in its own letters, even where the record has no
    address; a project, another server, or the other platform's page is not the account."""
    lab = p(
        "gitlab:fernlight@git.bücher.example", url="https://git.xn--bcher-kva.example/FernLight"
    )
    forge = p("forgejo:fernlight@forge.example.net:3000")
    linked = {
        "Code: https://git.xn--bcher-kva.example/users/FernLight/activity": lab,
        "Code: https://git.bücher.example/fernlight.keys": lab,
        "Code: https://forge.example.net:3000/FernLight": forge,
        "Code: https://forge.example.net:3000/fernlight/-/projects": forge,
    }
    for bio, account in linked.items():
        found = CrossLinkSignal().compare(p("github:dokafor-eng", bio=bio), account)
        assert found is not None and found.kind == "one_way", (bio, found)
    unlinked = {
        "Code: https://git.xn--bcher-kva.example/fernlight/routing": lab,  # a project
        "Code: https://git.other.example/fernlight": lab,  # someone on another server
        "Code: https://forge.example.net/fernlight": forge,  # another port, another server
        "Code: https://forge.example.net:3000/users/fernlight": forge,  # GitLab's form
    }
    for bio, account in unlinked.items():
        found = CrossLinkSignal().compare(p("github:dokafor-eng", bio=bio), account)
        assert found is None or found.kind != "one_way", (bio, found)


def test_an_address_a_bio_writes_out_is_a_link_whatever_the_links_hold():
    """A Mastodon bio saying "Work stuff is at github.com/hollis-ops" gave the pair nothing
    ("unlikely", only the usernames' -0.3 bits) when the profiles file left the address out
    of the links: a reader follows it as surely as a link."""
    work = p("github:hollis-ops", persona="professional", display_name="Hollis Varga")
    for bio in (
        "Rock pools. Work stuff is at github.com/hollis-ops",
        "Rock pools (work: https://github.com/hollis-ops).",
        "Rock pools; www.github.com/Hollis-Ops/ for work",
        "see reddit.com/u/fernlight77/about",
        "Rock pools; GitHub.com/hollis-ops for work",
    ):
        target = work if "hollis" in bio.lower() else p("reddit:fernlight77")
        found = CrossLinkSignal().compare(p("mastodon:tide@coast.example.social", bio=bio), target)
        assert found is not None and found.kind == "one_way" and found.followable, bio
    toot = p(
        "mastodon:tide@coast.example.social",
        persona="personal",
        display_name="tide",
        bio="Rock pools and weather. Work stuff is at github.com/hollis-ops",
    )
    (link,) = link_profiles([work, toot], min_probability=0.0)
    assert link.match_weight >= 12.0  # at least "very likely", as a listed link is
    for bio in (
        "Built with ASP.NET and Node.js; v1.2/3",
        "mail hollis@github.com",
        "ASP.NET/C#, Ex-Booking.com/Amazon, PyCon.de/2024",
    ):
        assert (
            CrossLinkSignal().compare(p("mastodon:tide@coast.example.social", bio=bio), work)
            is None
        )


def test_link_tables_csv_and_jsonl(tmp_path):
    profiles = [
        p(
            "github:quietknitter",
            url="https://github.com/quietknitter",
            links=["https://k.example.net/"],
        ),
        p("reddit:quietknitter"),
        p("reddit:someone_else"),
    ]
    links = link_profiles(profiles, min_probability=0.0)
    assert len(links) == 3
    csv_path = tmp_path / "links.csv"
    write_links(csv_path, links)
    rows = list(csv.DictReader(csv_path.open(encoding="utf-8")))
    assert rows[0].keys() >= {"a", "b", "probability", "match_weight", "crosslink", "username"}
    top = rows[0]
    assert {top["a"], top["b"]} == {"github:quietknitter", "reddit:quietknitter"}
    assert top["crosslink"] == ""  # nothing to compare is an empty cell
    assert float(top["username"]) == float(top["match_weight"])
    jsonl = tmp_path / "links.jsonl"
    write_links(jsonl, links)
    first = json.loads(jsonl.read_text().splitlines()[0])
    assert set(first) == {"a", "b", "probability", "match_weight", "evidence"}
    assert first["evidence"][0]["signal"] == "username" and first["evidence"][0]["detail"]
    again = read_link_table(csv_path)
    assert [(x.a, x.b) for x in again] == [(x.a, x.b) for x in links]
