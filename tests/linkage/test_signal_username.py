"""Username signal: rarity model, name-derived forms, namesakes. Fictional handles only."""

from __future__ import annotations

import math

import pytest

from linkage.records import Profile
from linkage.signals.names_model import handle_bits, segment
from linkage.signals.username import UsernameSignal, core, rarity_bits


def p(pid: str, display: str | None = None, handle: str | None = None) -> Profile:
    platform, name = pid.split(":", 1)
    return Profile(id=pid, platform=platform, handle=handle or name, display_name=display)


def weight(a: Profile, b: Profile) -> float:
    found = UsernameSignal().compare(a, b)
    assert found is not None
    return found.match_weight


def test_rarity_orders_handles_by_how_guessable_they_are():
    assert rarity_bits("") == 0
    assert rarity_bits("john85") < rarity_bits("quietknitter_ed")
    assert rarity_bits("maria1990") < rarity_bits("zqxvbrel")
    # a year costs less than an arbitrary number of the same length
    assert handle_bits("tomas1987") < handle_bits("tomas8317")
    kinds = [kind for kind, _ in segment("quietknitter_ed")[1]]
    assert "sep" in kinds and "word" in kinds


def test_an_initial_or_first_name_beside_a_common_surname_is_a_common_handle():
    """Thousands of people sign up as 'jsmith': read as a stray letter and a word, it cost
    32 bits, and two accounts sharing it counted the 20 bits of an invented handle."""
    for handle in ("jsmith", "smithj", "mjones", "johnsmith", "j.smith"):
        assert 8 < rarity_bits(handle) < 17, handle
    assert rarity_bits("jsmith") < rarity_bits("j.smith") < rarity_bits("j.smith85")
    assert rarity_bits("quietknitter_ed") > 30  # an invented handle keeps its rarity
    assert rarity_bits("tdoohan") > rarity_bits("jsmith")  # an unknown surname: rare
    shared = weight(p("github:jsmith"), p("reddit:jsmith"))
    invented = weight(p("github:quietknitter_ed"), p("reddit:quietknitter_ed"))
    assert 6 < shared < 15 < invented


def test_repeated_and_counting_digits_are_cheap_other_numbers_are_not():
    from linkage.signals.names_model import digits_bits

    for common in ("123", "1234", "4321", "777", "0000"):
        assert digits_bits(common) < digits_bits("1987") < digits_bits("417"), common
    assert digits_bits("890") == digits_bits("417")  # no wrapping round from 9 to 0
    assert rarity_bits("alex123") < rarity_bits("alex417")


def test_exact_invented_handle_outweighs_a_name_made_one():
    invented = weight(p("github:quietknitter_ed"), p("reddit:QuietKnitter_Ed"))
    from_name = weight(p("github:wilhelminavoskuijlen"), p("reddit:wilhelminavoskuijlen"))
    common = weight(p("github:john85"), p("reddit:john85"))
    assert invented > from_name > 0
    assert invented > common > 0


def test_core_removes_affixes_digits_separators_and_leet():
    assert core("TheReal_M0rag.Finlay1988") == "moragfinlay"
    found = UsernameSignal().compare(p("github:morag-finlay"), p("reddit:Morag_Finlay88"))
    assert found is not None and found.match_weight > 0
    assert "core 'moragfinlay'" in found.detail


def test_handle_made_from_the_other_accounts_display_name():
    florinda = p("reddit:florinda", "Florinda Páez")
    for handle in ("fpaez", "fpez", "paezflorinda", "florinda.paez"):
        found = UsernameSignal().compare(p(f"github:{handle}"), florinda)
        assert found is not None and found.match_weight > 3, handle
    assert weight(p("github:gbrandt"), florinda) < 0


def test_an_abbreviated_first_name_before_a_surname_or_its_start_is_read_as_the_name():
    """'rdpem' keeps Rosalind's initial and one more of her letters, then the start of
    Pemberton: it was read as unrelated to the name (-1 bit against the pair)."""
    rosalind = p("github:rosalind-pemberton", "Rosalind Pemberton")
    for handle in ("rdpem", "rspemb", "ropemberton", "rldpemberton", "rpem", "rosalpem"):
        found = UsernameSignal().compare(p(f"reddit:{handle}"), rosalind)
        assert found is not None and found.match_weight > 3, handle
    found = UsernameSignal().compare(p("reddit:rdpem"), rosalind)
    assert found is not None
    assert "the initial 'R' and the start of the surname 'Pemberton'" in found.detail
    # the name the display shows is the one explained, not a guess from the other handle
    found = UsernameSignal().compare(p("reddit:rosalindpem"), rosalind)
    assert found is not None
    assert "the start of the surname 'Pemberton'" in found.detail
    # the first name cut short after the surname counts too ('pembertonro', 'pembertonrd')
    for handle in ("pembertonro", "pembertonrd"):
        found = UsernameSignal().compare(p(f"reddit:{handle}"), rosalind)
        assert found is not None and "the initial 'R'" in found.detail, handle
        assert found.match_weight > weight(p("reddit:pembertonx"), rosalind), handle
    # the surname counts by its start: a cut one counts less than a whole one
    assert weight(p("reddit:rdpem"), rosalind) < weight(p("reddit:rdpemberton"), rosalind)
    # not the initial, letters out of order, or too little of the surname: no reading
    for handle in ("sdpem", "rzpem", "rdpe", "rsolpem"):
        assert weight(p(f"reddit:{handle}"), rosalind) < 0, handle


def test_a_reused_abbreviation_counts_by_its_own_rarity():
    """A namesake would not pick the same letters: two accounts showing 'Rosalind Pemberton'
    and both called 'rdpem' are not merely two accounts of that name."""
    a = p("github:rdpem", "Rosalind Pemberton")
    b = p("reddit:rdpem", "Rosalind Pemberton")
    assert weight(a, b) == pytest.approx(weight(p("github:rdpem"), p("reddit:rdpem")))
    assert weight(a, b) > 10


def test_a_name_that_starts_like_an_affix_keeps_its_letters():
    """'dr' and 'im' are affixes ("Dr", "I'm"), and were cut from 'drosendahl' and 'imartel'
    before they were compared with the names the other accounts show."""
    for handle, name in (("drosendahl", "Dagny Rosendahl"), ("imartel", "Imogen Martel")):
        found = UsernameSignal().compare(p(f"github:{handle}"), p("reddit:quietone", name))
        assert found is not None and found.match_weight > 3, handle
        assert "the initial" in found.detail and "the surname" in found.detail


def test_a_letter_left_over_beside_a_name_counts_as_one_of_26():
    """'hendo' is Hendrika cut short and an 'o': the stray letter was priced as a word of its
    own (15 bits), so a reused 'hendo' counted 19 bits where 'ottio' counted 12."""
    hendo = weight(p("github:hendo", "Hendrika"), p("reddit:hendo"))
    ottio = weight(p("github:ottio", "Ottilie"), p("reddit:ottio"))
    assert hendo < 14
    assert abs(hendo - ottio) < 1.5


def test_truncation_and_flast_forms_without_display_names():
    assert weight(p("github:ksteenbakkers"), p("reddit:karelsteenbakkers")) > 5
    assert weight(p("github:wilhelmvoskuijlen"), p("reddit:wilh3lmv0skuijlen")) > 5
    assert weight(p("github:ottilie_brandsma"), p("reddit:otti.b")) < weight(
        p("github:ottilie_brandsma"), p("reddit:ottiliebrandsma")
    )


def test_namesakes_handles_made_from_a_shared_name_add_little():
    # Both display names already show the name: the display_name signal counts it.
    a = p("github:robertafonseca", "Roberta Fonseca")
    b = p("reddit:fonsecaroberta", "Roberta Fonseca")
    assert weight(a, b) < 1
    same = weight(a, p("reddit:robertafonseca", "Roberta Fonseca"))
    assert 0 < same < 4
    # without display names the handles carry the name evidence themselves
    assert weight(p("github:robertafonseca"), p("reddit:robertafonseca")) > same


def test_shared_first_name_with_different_years_is_weak():
    years = weight(p("github:gunilla1984"), p("reddit:gunilla_77"))
    assert 0 < years < weight(p("github:gunilla1984"), p("reddit:gunilla1984"))


def test_different_usernames_and_nothing_to_compare():
    assert weight(p("github:alpha"), p("reddit:zebra")) < 0
    site = Profile(id="web:a", platform="web", handle="a.example")
    assert UsernameSignal().compare(site, p("github:alpha")) is None


def test_any_script_and_very_long_handles_never_crash():
    signal = UsernameSignal()
    odd = [p("github:Ωμέγα"), p("reddit:名前"), p("x:" + "ab" * 400), p("y:@@@"), p("z:___")]
    signal.prepare(odd)
    for a in odd:
        for b in odd:
            found = signal.compare(a, b)
            assert found is None or -signal.max_bits <= found.match_weight <= signal.max_bits


def test_a_missing_reference_table_is_reported_not_silent(tmp_path):
    import gzip

    import pytest

    from linkage.signals.names_model import _read_tsv

    with pytest.warns(RuntimeWarning, match="could not read its reference table missing.tsv"):
        assert len(_read_tsv(tmp_path / "missing.tsv")) == 0
    broken = tmp_path / "broken.tsv.gz"
    broken.write_bytes(b"not gzip at all")
    with pytest.warns(RuntimeWarning, match="broken.tsv.gz"):
        assert len(_read_tsv(broken)) == 0
    good = tmp_path / "good.tsv.gz"
    with gzip.open(good, "wt", encoding="utf-8") as out:
        out.write("# comment\nada\t7.5\n")
    assert dict(_read_tsv(good).items()) == {"ada": "7.5"}


def test_a_handle_split_into_a_name_keeps_a_known_surname():
    """'officialtommiller' is Tom Miller, not 'Tommi' + 'ller': a four-letter leftover no list
    knows must not make an unrelated handle ('amanda-hillery') look built from one name."""
    tom = p("reddit:officialtommiller", "Tom Miller")
    assert weight(p("mastodon:amanda-hillery"), tom) < 0
    assert weight(p("github:tmiller"), tom) > 0


def test_unrelated_handles_between_separated_personas_weigh_little():
    """Unrelated handles are how one person keeps a personal account apart: between accounts
    filed under different personas they weigh only as they do among such accounts."""

    def persona(pid: str, label: str | None) -> Profile:
        platform, name = pid.split(":", 1)
        shown = {"ravel_quint": "Ravel Quint", "mosswick": "Moss Wick"}[name]
        return Profile(id=pid, platform=platform, handle=name, persona=label, display_name=shown)

    same = weight(persona("github:ravel_quint", "personal"), persona("reddit:mosswick", "personal"))
    apart = weight(
        persona("github:ravel_quint", "professional"), persona("reddit:mosswick", "personal")
    )
    unknown = weight(persona("github:ravel_quint", None), persona("reddit:mosswick", "personal"))
    assert same == unknown < apart < 0
    assert apart > -0.5 and same < -2


def test_unrelated_handles_weigh_less_when_one_account_hides_the_name_the_other_shows():
    """An account that shows no name beside one that does is kept apart on purpose too: that
    their handles share nothing says less than between two named (or two name-less) accounts,
    since name-less accounts carry their identity in their handles."""
    named_a = Profile(id="github:ravel_quint", platform="github", handle="ravel_quint",
                      display_name="Ravel Quint", persona="personal")  # fmt: skip
    named_b = Profile(id="reddit:mosswick", platform="reddit", handle="mosswick",
                      display_name="Moss Wick", persona="personal")  # fmt: skip
    nameless_b = Profile(id="reddit:mosswick", platform="reddit", handle="mosswick",
                         persona="personal")  # fmt: skip
    nameless_a = Profile(id="github:ravel_quint", platform="github", handle="ravel_quint",
                         persona="personal")  # fmt: skip
    both_named = weight(named_a, named_b)
    one_nameless = weight(named_a, nameless_b)
    assert both_named < -2 < one_nameless < 0
    assert weight(nameless_a, named_b) == one_nameless
    assert weight(nameless_a, nameless_b) == both_named
    assert one_nameless == pytest.approx(math.log2(0.5 / 0.97))


def test_a_bluesky_handle_on_a_domain_of_ones_own_is_its_first_label():
    """'wrenfield.example.net' was read as the first name Wren and the surname
    'Fieldexamplenet'; the domain is the person's site, the name is its first label. A handle
    of two labels may be the name itself ('marisa.tremonti')."""
    from linkage.records import Profile
    from linkage.signals.names_features import user_part

    def sky(handle: str) -> Profile:
        return Profile(id=f"bluesky:{handle}", platform="bluesky", handle=handle)

    assert user_part(sky("wrenfield.example.net")) == "wrenfield"
    assert user_part(sky("wren.bsky.social")) == "wren"
    assert user_part(sky("marisa.tremonti")) == "marisa.tremonti"
    same = UsernameSignal().compare(
        sky("wrenfield.example.net"),
        Profile(id="hackernews:wrenfield", platform="hackernews", handle="wrenfield"),
    )
    assert same is not None and "the same username 'wrenfield'" in same.detail


def test_a_handle_is_said_to_be_made_from_a_name_only_when_a_name_is_shown():
    """Two accounts 'johnsmith' with no name shown were "the same username … made from the
    name": the name was only the handle read as one."""
    nameless = UsernameSignal().compare(p("reddit:johnsmith"), p("github:johnsmith"))
    assert nameless is not None and nameless.detail.endswith(", which reads as a name")
    named = UsernameSignal().compare(p("reddit:johnsmith", "John Smith"), p("github:johnsmith"))
    assert named is not None and named.detail.endswith(", made from the name")
