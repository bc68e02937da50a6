"""Names, places and bios written in scripts other than the Latin alphabet, and German and
Scandinavian spellings in usernames. Every person here is fictional."""

from __future__ import annotations

import pytest

from linkage.evidence.linking import link_profiles
from linkage.records import Profile
from linkage.signals.bio import BioSignal, tokens
from linkage.signals.display_name import DisplayNameSignal
from linkage.signals.names_parts import parse_name
from linkage.signals.username import UsernameSignal

#: the same fictional person's name in a script and in Latin letters
NAMES = [
    ("Ярослава Кременчук", "Yaroslava Kremenchuk"),  # Cyrillic
    ("Ξανθίππη Μαυρογένη", "Xanthippi Mavrogeni"),  # Greek
    ("نوال الزرقاني", "Nawal Alzarqani"),  # Arabic
    ("תמר גולדנברג", "Tamar Goldenberg"),  # Hebrew
    ("闫思琪", "Yan Siqi"),  # Chinese
    ("さくら ひなた", "Sakura Hinata"),  # Japanese kana
    ("प्रिया कुलकर्णी", "Priya Kulkarni"),  # Devanagari
    ("윤서진", "Yun Seojin"),  # Korean
    ("สุดารัตน์ ทองมา", "Sudarat Thongma"),  # Thai
]


def p(pid: str, display: str | None = None, **kw) -> Profile:
    platform, handle = pid.split(":", 1)
    return Profile(id=pid, platform=platform, handle=handle, display_name=display, **kw)


def display(x: str, y: str, **kw):
    return DisplayNameSignal().compare(p("github:qz7", x, **kw), p("reddit:mw4", y))


@pytest.mark.parametrize(("name", "latin"), NAMES)
def test_the_same_name_in_any_script_counts_as_the_same_latin_name_does(name, latin):
    """Every name in a script other than Latin folded to nothing: the same name on two
    accounts gave no evidence at all."""
    same = display(name, name)
    same_latin = display(latin, latin)
    assert same is not None and same_latin is not None
    assert same.match_weight >= same_latin.match_weight - 1e-9
    assert same.match_weight > 5
    assert f"the same name '{name}' on both accounts" in same.detail


@pytest.mark.parametrize(
    ("name", "latin"),
    [
        ("Ярослава Кременчук", "Yaroslava Kremenchuk"),
        ("Ярослава Кременчук", "Iaroslava Kremenchuk"),  # another transliteration
        ("Ξανθίππη Μαυρογένη", "Xanthippi Mavrogeni"),
        ("نوال الزرقاني", "Nawal Alzarqani"),
        ("闫思琪", "Yan Siqi"),
        ("闫思琪", "Siqi Yan"),  # the given name first, as often in Latin letters
        ("さくら ひなた", "Sakura Hinata"),
    ],
)
def test_a_name_beside_its_spelling_in_latin_letters_adds_evidence(name, latin):
    across = display(name, latin)
    identical = display(latin, latin)
    assert across is not None and identical is not None
    assert 0 < across.match_weight < identical.match_weight
    assert "written in two scripts" in across.detail
    assert "counted for less" in across.detail


@pytest.mark.parametrize(
    ("x", "y"),
    [
        ("Ярослава Кременчук", "Tamar Goldenberg"),
        ("闫思琪", "Yaroslava Kremenchuk"),
        ("תמר גולדנברג", "Ξανθίππη Μαυρογένη"),
        ("山本 陽菜", "Hina Yamamoto"),  # a Japanese name spelt by its Chinese reading: unknown
    ],
)
def test_names_in_two_scripts_that_do_not_match_say_nothing(x, y):
    """A difference between names in two scripts is no evidence against (a transliteration
    may fail), and certainly none for."""
    assert display(x, y) is None


def test_two_people_whose_names_are_in_different_scripts_are_not_linked():
    profiles = [
        p("github:yk-dev", "Ярослава Кременчук", bio="Пишу на Rust.", location="Харків"),
        p("reddit:quiet_lantern", "闫思琪", bio="喜欢爬山和摄影。", location="成都"),
        p("mastodon:tg@example.social", "תמר גולדנברג", location="חיפה"),
        p("bluesky:nawal.bsky.social", "نوال الزرقاني", location="عمّان"),
    ]
    links = link_profiles(profiles)
    assert links
    assert all(k.probability < 0.5 for k in links), [(k.a, k.b, k.probability) for k in links]


def test_the_same_cyrillic_name_links_two_accounts_as_the_same_latin_name_does():
    def linked(name: str) -> float:
        a = p("github:ykr-build", name, persona="professional")
        b = p("reddit:moth_and_lamp", name, persona="personal")
        strangers = [p(f"reddit:passerby{i}", f"Passerby {i}") for i in range(4)]
        links = link_profiles([a, b, *strangers])
        return next(k for k in links if {k.a, k.b} == {a.id, b.id}).probability

    assert linked("Ярослава Кременчук") >= linked("Yaroslava Kremenchuk") - 1e-9 > 0.5


def test_the_same_place_in_two_scripts_does_not_count_against():
    """'Novosibirsk, Russia' and 'Новосибирск' counted -1.9 bits as different locations."""
    signal = BioSignal()
    pairs = [
        ("Kharkiv, Ukraine", "Харків"),
        ("Shanghai", "上海"),
        ("Athens", "Αθήνα"),  # spelt Athina: no match, and no difference either
        ("Haifa", "חיפה"),
    ]
    for latin, other in pairs:
        a, b = p("github:qz7", location=latin), p("reddit:mw4", location=other)
        signal.prepare([a, b])
        found = signal.compare(a, b)
        assert found is None or found.match_weight > 0, (latin, other, found)
    a, b = p("github:qz7", location="Kharkiv"), p("reddit:mw4", location="Харків")
    signal.prepare([a, b])
    shared = signal.compare(a, b)
    assert shared is not None and shared.match_weight > 0 and "kharkiv" in shared.detail


def test_two_character_places_are_compared():
    """上海, 東京 were never compared: a word needed three letters."""
    signal = BioSignal()
    a, b, c = (p("github:qz7", location="上海"), p("reddit:mw4", location="上海"),
               p("reddit:other", location="北京"))  # fmt: skip
    signal.prepare([a, b, c])
    same, different = signal.compare(a, b), signal.compare(a, c)
    assert same is not None and same.match_weight > 0
    assert different is not None and different.match_weight < 0  # one script, two places


def test_chinese_bios_are_compared_by_pairs_of_characters_not_whole_clauses():
    assert tokens("喜欢爬山") == ["喜欢", "欢爬", "爬山"]
    a = p("github:qz7", bio="软件工程师，周末喜欢去西湖爬山。")
    b = p("reddit:mw4", bio="周末喜欢去西湖爬山和摄影")
    signal = BioSignal()
    signal.prepare([a, b])
    found = signal.compare(a, b)
    assert found is not None and found.match_weight > 0
    assert "'周末喜欢去西湖爬…'" in found.detail  # the longest stretch both share, shortened
    assert "the words" not in found.detail


def test_two_strangers_chinese_bios_that_share_common_pairs_are_not_linked():
    a = p("github:qz7", bio="我是一名老师，喜欢读书。")
    b = p("reddit:mw4", bio="我是学生，喜欢打篮球。")
    signal = BioSignal()
    signal.prepare([a, b])
    found = signal.compare(a, b)
    assert found is None or found.match_weight <= 1.0


def test_a_username_spelling_out_umlauts_is_made_from_the_name():
    """'juergen-mueller' for 'Jürgen Müller' read as a rare invented username (+20 bits):
    ü -> ue was not recognised."""
    name = parse_name("Jörg Østergård-Süß")
    assert name is not None
    assert "joerg" in name.first_variants and "oestergaardsuess" in name.last_variants
    a = p("github:juergen-mueller", "Jürgen Müller")
    b = p("reddit:juergen_mueller")
    found = UsernameSignal().compare(a, b)
    assert found is not None
    assert "rare username" not in found.detail and "made from the name" in found.detail
    assert found.match_weight < 15
    assert "('juergen-mueller', 'juergen_mueller')" in found.detail  # both spellings shown


def test_how_a_username_was_built_names_the_parts_as_written():
    found = UsernameSignal().compare(
        p("github:pvanderbrook", "Pieter van der Brook"), p("reddit:piet_vdbrook")
    )
    assert found is not None and "'van der Brook'" in found.detail
    assert "Vanderbrook" not in found.detail
    truncated = UsernameSignal().compare(
        p("github:dkremenchuk", "Dmytro Kremenchuk"), p("mastodon:kremen@example.social")
    )
    assert truncated is not None
    assert "the start of the surname 'Kremenchuk'" in truncated.detail
    assert "first name" not in truncated.detail


def test_a_row_that_adds_bits_despite_a_difference_says_why():
    """'the same surname but different first names' added +5.7 bits, and 'different
    usernames' +1.0, with nothing saying why a difference counted for the link."""
    sister_a = p("github:layla-qadri", "Layla Qadri", persona="professional")
    sister_b = p("reddit:zoe_q", "Zoë Qadri", persona="personal")
    names = DisplayNameSignal().compare(sister_a, sister_b)
    assert names is not None and names.match_weight > 0
    assert "the shared part counts for more than the difference counts against" in names.detail
    handles = UsernameSignal().compare(sister_a, sister_b)
    assert handles is not None
    if handles.match_weight > 0:
        assert "counts a little towards one person" in handles.detail


def test_usernames_made_from_a_name_shown_in_another_script():
    """With the Arabic name unread, 'karima-mansour' and 'karima_m' were explained as made
    from 'the initial M and the surname Karima': the first name read as a surname."""
    shown = "كريمة منصور"
    both = UsernameSignal().compare(p("github:karima-mansour", shown), p("reddit:karima_m", shown))
    assert both is not None and "different forms of the same name" in both.detail
    assert "surname 'Karima'" not in both.detail
    spelt = UsernameSignal().compare(
        p("github:yaroslava-kremenchuk", "Ярослава Кременчук"), p("reddit:yaroslava_k")
    )
    assert spelt is not None
    assert "the first name 'Ярослава' ('yaroslava' in Latin letters)" in spelt.detail


#: fictional handles as people write them in their own script, with an unrelated one each
HANDLES = [
    ("ярослава_кременчук", "ксенофонт77"),  # Cyrillic
    ("ξανθίππη_μ", "λεωνίδας_π"),  # Greek
    ("闫思琪", "欧阳明远"),  # Chinese
    ("さくらひなた", "みどりかわ"),  # Japanese kana
    ("윤서진", "박도현"),  # Korean
]


@pytest.mark.parametrize(("handle", "other"), HANDLES)
def test_a_username_in_another_script_reused_counts(handle, other):
    """A handle in any script but Latin folded to nothing, so the same handle on two accounts
    added nothing at all: the commonest way accounts are linked, unseen for people who write
    their usernames in their own script."""
    same = UsernameSignal().compare(p(f"vk:{handle}"), p(f"mastodon:{handle}@example.social"))
    assert same is not None and same.match_weight > 6, same
    assert f"the same username '{handle}'" in same.detail
    unrelated = UsernameSignal().compare(p(f"vk:{handle}"), p(f"mastodon:{other}@example.social"))
    assert unrelated is not None and unrelated.match_weight < 0, unrelated


def test_a_username_spelt_in_latin_letters_counts_less_than_the_same_one():
    """A handle and its Latin spelling are one username written two ways: a searcher reaches
    one from the other, but by one of several spellings."""
    spelt = UsernameSignal().compare(p("vk:ксенофонт_дроздов"), p("github:ksenofont_drozdov"))
    same = UsernameSignal().compare(p("vk:ksenofont_drozdov"), p("github:ksenofont_drozdov"))
    assert spelt is not None and same is not None
    assert "one username written in two scripts" in spelt.detail
    assert 6 < spelt.match_weight < same.match_weight
    linked = link_profiles([p("vk:ксенофонт_дроздов"), p("github:ksenofont_drozdov")])
    assert len(linked) == 1 and linked[0].probability > 0.5


def test_a_username_spelt_another_way_in_latin_letters_counts_for_less():
    """Transliterations vary (Jaroslava, Yaroslava): a handle beside another Latin spelling of
    it counts, for less than beside its usual spelling; an unrelated handle does not."""
    cyrillic = p("vk:ярослава_кременчук")
    usual = UsernameSignal().compare(cyrillic, p("github:yaroslava_kremenchuk"))
    other = UsernameSignal().compare(cyrillic, p("github:jaroslava_kremenchuk"))
    unrelated = UsernameSignal().compare(cyrillic, p("github:bohdan_petrenko"))
    assert usual is not None and other is not None and unrelated is not None
    assert "written in two scripts" in other.detail
    assert 3 < other.match_weight < usual.match_weight
    assert unrelated.match_weight < 0
    # three letters apart in Latin, one spelling each of the same Cyrillic handle
    spelt = UsernameSignal().compare(p("vk:ксенофонт_дроздов"), p("reddit:xenofont_drosdov"))
    exact = UsernameSignal().compare(p("vk:ксенофонт_дроздов"), p("reddit:ksenofont_drozdov"))
    assert spelt is not None and exact is not None
    assert 3 < spelt.match_weight < exact.match_weight, (spelt, exact)


def test_a_username_written_without_vowels_is_not_read_as_rare():
    """Spelt in Latin letters, محمد is "mhmd" and כהן "khhn": a model of Latin spelling priced
    them as rare invented words (15 and 20 bits), so two strangers with a common name would be
    linked almost surely. Such a handle counts at most as a surname does."""
    for handle, latin in (("محمد", "mohamed"), ("כהן", "cohen")):
        reused = UsernameSignal().compare(p(f"vk:{handle}"), p(f"mastodon:{handle}@example.social"))
        assert reused is not None and 3 < reused.match_weight < 9, reused
        # beside its usual Latin spelling, which shares none of its letters' order, it says
        # nothing (as a display name in such a script does), not "different usernames"
        spelt = UsernameSignal().compare(p(f"vk:{handle}"), p(f"github:{latin}"))
        assert spelt is None or spelt.match_weight >= 0, spelt


def test_a_username_in_styled_latin_letters_is_latin():
    """Fullwidth and mathematical letters are Latin letters: not 'two scripts'."""
    same = UsernameSignal().compare(p("vk:ｉｖａｎｐｅｔｒｏｖ"), p("github:ivanpetrov"))
    plain = UsernameSignal().compare(p("vk:ivanpetrov"), p("github:ivanpetrov"))
    assert same is not None and plain is not None
    assert "two scripts" not in same.detail and same.match_weight == plain.match_weight
