"""Bio signal: shared rare words weighted by general frequency, boilerplate ignored."""

from __future__ import annotations

from linkage.records import Profile
from linkage.signals.bio import BioSignal, tokens, word_surprisal


def p(pid: str, bio: str | None = None, location: str | None = None, **kw) -> Profile:
    platform, name = pid.split(":", 1)
    return Profile(id=pid, platform=platform, handle=name, bio=bio, location=location, **kw)


def compare(a: Profile, b: Profile, crowd: list[Profile] | None = None):
    signal = BioSignal()
    signal.prepare([a, b, *(crowd or [])])
    return signal.compare(a, b)


def test_rare_words_count_more_than_common_ones():
    assert word_surprisal("lacemaker") > word_surprisal("music") >= 0
    assert word_surprisal("the") == 0


def test_shared_rare_words_link_two_bios():
    found = compare(
        p("a:1", "Lacemaker and beekeeper in Tobermory."), p("b:2", "beekeeper, Tobermory")
    )
    assert found is not None and found.match_weight > 2
    assert "beekeeper" in found.detail and "tobermory" in found.detail


def test_boilerplate_common_words_and_own_names_say_nothing():
    a = p("a:1", "Views my own. He/him. I love music.")
    b = p("b:2", "Views are my own, she/her, love music")
    found = compare(a, b)
    assert found is None or found.match_weight <= 0
    assert "views" not in tokens("Views my own")
    named = compare(
        p("a:1", "Ottilie Voskuijlen here", display_name="Ottilie Voskuijlen"),
        p("b:2", "Ottilie Voskuijlen writes", display_name="Ottilie Voskuijlen"),
    )
    assert named is None or named.match_weight <= 0


def test_locations_agree_or_differ():
    same = compare(p("a:1", location="Tobermory, Scotland"), p("b:2", location="Tobermory"))
    assert same is not None and same.match_weight > 0
    different = compare(p("a:1", location="Tobermory"), p("b:2", location="Valparaíso"))
    assert different is not None and different.match_weight < 0


def test_nothing_to_compare_and_odd_input():
    assert compare(p("a:1"), p("b:2")) is None
    long = compare(p("a:1", "word " * 50_000 + "Tobermory"), p("b:2", "Tobermory"))
    assert long is None or long.match_weight <= 0  # only the first 2,000 characters are read
    found = compare(p("a:1", "Пишу о котах. 猫が好き"), p("b:2", "Пишу о котах"))
    assert found is None or abs(found.match_weight) <= BioSignal.max_bits


def test_large_input_discounts_a_word_many_accounts_repeat():
    a, b = p("a:1", "Beekeeper in Tobermory"), p("b:2", "beekeeper, Tobermory")
    small = compare(a, b)
    crowd = [p(f"c:{i}", f"Beekeeper number {i}") for i in range(250)]
    large = compare(a, b, crowd)
    assert small is not None and large is not None
    assert large.match_weight < small.match_weight


def test_two_profiles_of_one_side_count_by_how_they_share():
    """Two professional profiles: a copied description counts more than a shared town alone,
    and two different descriptions that meet only on the town count for less; across
    personas the town counts as it always did."""
    copied = compare(
        p("a:1", "Tobermory.", persona="professional"),
        p("b:2", "tobermory", persona="professional"),
    )
    unfiled = compare(p("a:1", "Tobermory."), p("b:2", "tobermory"))
    assert copied is not None and unfiled is not None
    assert copied.match_weight > unfiled.match_weight + 0.5
    town_a, town_b = "Press officer. Bell ringing. Tobermory.", "Lacemaker | Tobermory"
    apart = compare(
        p("a:1", town_a, persona="professional"), p("b:2", town_b, persona="professional")
    )
    across = compare(p("a:1", town_a, persona="professional"), p("b:2", town_b, persona="personal"))
    assert across is not None and across.match_weight > 2
    assert apart is None or apart.match_weight < across.match_weight - 1.5
    if apart is not None:
        assert "counted for less: both are professional profiles" in apart.detail
    shorter = compare(
        p("a:1", "Tobermory", persona="personal"),
        p("b:2", "Lacemaker from Tobermory", persona="personal"),
    )
    assert shorter is not None and shorter.match_weight > across.match_weight


def test_a_bio_of_common_words_is_not_a_shorter_form_of_another():
    """'Press officer' is made of common words that count for nothing as shared words, but
    they still say what the bio is about: it is not a shorter form of a lacemaker's bio."""
    a = p("a:1", "Press officer | Tobermory", persona="professional")
    b = p("b:2", "Lacemaker. Bell ringing. Tobermory.", persona="professional")
    found = compare(a, b)
    assert found is not None and "counted for less" in found.detail
    shorter = compare(p("a:1", "Tobermory", persona="professional"), b)
    assert shorter is not None and shorter.match_weight > found.match_weight + 1.5


def test_a_copied_bio_may_count_for_more_than_two_bios_that_merely_meet():
    """One bio a shorter form of the other, on one side of a life, sharing a rare job and a
    town: on the development benchmarks such pairs are one person about 6 to 7 bits more
    often than two people (0.5 of them copies, the rest two people from one place and
    trade), so they are bounded at ``max_bits`` (6); two bios that only meet on the same
    words, across sides, stay at the general bound of 5."""
    short, long = "Lacemaker. Tobermory.", "Lacemaker from Tobermory, bell ringing on Sundays"
    copied = compare(p("a:1", short, persona="personal"), p("b:2", long, persona="personal"))
    across = compare(p("a:1", short, persona="professional"), p("b:2", long, persona="personal"))
    assert copied is not None and across is not None
    assert copied.match_weight == BioSignal.max_bits == 6.0
    assert across.match_weight == BioSignal.apart_bits == 5.0


def test_the_bios_shown_beside_the_clue_end_at_a_word():
    """The two bios compared were shown cut at 80 characters, mid-word ("far too many
    sprea"), as if that were what the profile says."""
    long_bio = (
        "Metadata librarian at Eastfield Libraries. MARC, BIBFRAME and far too many "
        "spreadsheets, knitting on the side."
    )
    e = compare(p("a:1", long_bio), p("b:2", "Knitting and spreadsheets at Eastfield."))
    assert e is not None and e.values is not None
    assert e.values[0].endswith("…") and len(e.values[0]) <= 81
    assert e.values[0].removesuffix("…").split()[-1] in long_bio.split()
    assert e.values[1] == "Knitting and spreadsheets at Eastfield."
