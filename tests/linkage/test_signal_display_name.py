"""Display-name signal: parsing, rarity weighting, conflicts, no double counting."""

from __future__ import annotations

from linkage.records import Profile
from linkage.signals.display_name import DisplayNameSignal
from linkage.signals.names_parts import parse_name
from linkage.signals.username import UsernameSignal


def p(pid: str, display: str | None) -> Profile:
    platform, name = pid.split(":", 1)
    return Profile(id=pid, platform=platform, handle=name, display_name=display)


def weight(x: str | None, y: str | None) -> float | None:
    found = DisplayNameSignal().compare(p("github:a1", x), p("reddit:b2", y))
    return None if found is None else found.match_weight


def test_parse_handles_order_accents_initials_and_particles():
    name = parse_name("Voskuijlen, Wilhelmína")
    assert name is not None and (name.first, name.last) == ("wilhelmina", "voskuijlen")
    name = parse_name("Ottilie T. van der Brandsma")
    assert name is not None and name.first == "ottilie" and "brandsma" in name.last_variants
    assert parse_name("🌸🌸") is None


def test_full_name_outweighs_first_name_and_rare_outweighs_common():
    full = weight("Wilhelmina Voskuijlen", "Wilhelmina Voskuijlen")
    first = weight("Wilhelmina Voskuijlen", "Wilhelmina")
    common = weight("Maria Garcia", "Maria Garcia")
    assert full is not None and first is not None and common is not None
    assert full > first > 0
    assert full > common > 0
    assert weight("Voskuijlen, Wilhelmina", "wilhelmina voskuijlen") == full
    initial = weight("Wilhelmina Voskuijlen", "Wilhelmina V.")
    assert initial is not None and first < initial <= full


def test_a_first_name_shown_by_its_initial_is_read_as_one():
    """'W. Voskuijlen' was read as the first name 'voskuijlen': beside 'Wilhelmina
    Voskuijlen' it counted nothing, and beside 'Gunilla Voskuijlen' no conflict."""
    name = parse_name("W. Voskuijlen")
    assert name is not None
    assert (name.first, name.first_initial, name.last) == ("", "w", "voskuijlen")
    assert parse_name("W. van der Brandsma").last_variants >= {"brandsma"}  # type: ignore[union-attr]
    full = weight("Wilhelmina Voskuijlen", "Wilhelmina Voskuijlen")
    initial = weight("W. Voskuijlen", "Wilhelmina Voskuijlen")
    assert initial is not None and full is not None and 5 < initial <= full
    assert weight("Wilhelmina Voskuijlen", "W. Voskuijlen") == initial
    assert weight("W. Voskuijlen", "W. Voskuijlen") == initial
    other_first = weight("W. Voskuijlen", "Gunilla Voskuijlen")
    assert other_first is not None and other_first < initial
    other_last = DisplayNameSignal().compare(
        p("github:a1", "W. Voskuijlen"), p("reddit:b2", "W. Brandsma")
    )
    assert other_last is not None and other_last.match_weight < 0
    assert "first initial but different surnames" in other_last.detail


def test_the_same_two_names_in_the_other_order_are_one_name():
    """Family name first is how much of the world writes a name: 'Voskuijlen Wilhelmina'
    beside 'Wilhelmina Voskuijlen' counted as two different names (-4 bits)."""
    same = weight("Wilhelmina Voskuijlen", "Wilhelmina Voskuijlen")
    other_order = weight("Qiaolin Zhuvanek", "Zhuvanek Qiaolin")
    assert other_order is not None and same is not None and 5 < other_order < same
    found = DisplayNameSignal().compare(p("github:a1", "Nagy Anna"), p("reddit:b2", "Anna Nagy"))
    assert found is not None and found.match_weight > 3
    assert "in the other order" in found.detail


def test_conflicting_names_count_against():
    different = weight("Wilhelmina Voskuijlen", "Gunilla Brandsma")
    family = weight("Wilhelmina Voskuijlen", "Gunilla Voskuijlen")
    assert different is not None and different < 0
    assert family is not None and family < weight("Wilhelmina Voskuijlen", "Wilhelmina Voskuijlen")


def test_two_first_names_one_letter_apart_are_two_names():
    """'Gabriel' is the start of 'Gabriela Loos': the two read as similar names (+3.4 bits),
    and with a shared handle two people read as one at 0.91. Gabriel and Gabriela, Daniel and
    Daniela are different names; a short form is still the name ('Alex', 'Alexander')."""
    for x, y in (("Gabriel", "Gabriela Voskuijlen"), ("Daniel", "Daniela"), ("Sara", "Sarah")):
        found = weight(x, y)
        assert found is not None and found < 0, (x, y)
    short = weight("Alex", "Alexander Voskuijlen")
    assert short is not None and short > 0


def test_a_phrase_is_no_other_name():
    """A display name that is a phrase shows no surname to differ from: 'Sea glass & knots'
    beside 'Wilhelmina Voskuijlen' was read as the surname 'glassknots' against
    'voskuijlen' (-4 bits; -2.7 between personas)."""
    assert weight("Wilhelmina Voskuijlen", "Sea glass & knots") is None
    assert weight("Wilhelmina Voskuijlen", "Bread and Roses") is None
    still = weight("Wilhelmina Voskuijlen", "Gunilla Brandsma")
    assert still is not None and still < 0


def test_nothing_to_compare():
    assert weight(None, "Wilhelmina") is None
    assert weight("", "Wilhelmina") is None


def test_username_does_not_count_the_name_twice():
    a = Profile(id="github:wvoskuijlen", platform="github", handle="wvoskuijlen",
                display_name="Wilhelmina Voskuijlen")  # fmt: skip
    b = Profile(id="reddit:wilhelmina.voskuijlen", platform="reddit",
                handle="wilhelmina.voskuijlen", display_name="Wilhelmina Voskuijlen")  # fmt: skip
    display = DisplayNameSignal().compare(a, b)
    username = UsernameSignal().compare(a, b)
    assert display is not None and username is not None
    assert username.match_weight < 1 < display.match_weight
    # the same handles without display names carry the name evidence in the username signal
    a.display_name = b.display_name = None
    alone = UsernameSignal().compare(a, b)
    assert alone is not None and alone.match_weight > 5


def test_conflicting_names_between_separated_personas_count_less():
    def named(pid: str, display: str, persona: str) -> Profile:
        platform, handle = pid.split(":", 1)
        return Profile(
            id=pid, platform=platform, handle=handle, display_name=display, persona=persona
        )

    signal = DisplayNameSignal()
    work = named("github:a", "Mireille Vantongeren", "professional")
    same_persona = signal.compare(work, named("reddit:b", "Oskar Lindqvist", "professional"))
    apart = signal.compare(work, named("reddit:b", "Oskar Lindqvist", "personal"))
    assert same_persona is not None and apart is not None
    assert same_persona.match_weight < apart.match_weight < 0
    assert "different sides of one person" in apart.detail
