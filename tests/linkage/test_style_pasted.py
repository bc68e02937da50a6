"""What the style signal does not read as writing: pasted program output (masked, and not
counted as words) and writing from too few posts (counted for less)."""

from __future__ import annotations

import random

import pytest

from linkage.signals.style import StyleSignal
from linkage.signals.style_features import profile_text
from linkage.signals.style_kind import kind_of
from linkage.signals.style_pasted import is_data, without_data
from linkage.signals.style_shaping import OCCASIONS, occasions_factor
from tests.linkage.test_signal_style import account, ada, bo

#: a made-up tool's report, as a poster pastes it: a table of figures and a hex dump
TOOL_REPORT = (
    "blocks: 1953{n:03d} 4096 (4.00 KiB) 88{n:02d}1 free 12.5% 2025-03-03 10:{n:02d}:12 -- "
    "00001000 fc 4e 2b a9 01 00 00 00 01 00 00 00 {n:02x} 00 00 00 |.N+......| "
    "00001010 5f 3e 82 83 7f 83 1b 85 bc 19 58 b9 6f 27 87 a4 |_>....X.o'..|"
)


@pytest.mark.parametrize(
    ("token", "data"),
    [
        ("4096", True),
        ("(4.00", True),
        ("0xfffe", True),
        ("3ac68a93fd", True),
        ("14:43:16", True),
        ("|.N+......|", True),
        (":", True),
        ("colour", False),
        ("crc32c", False),
        ("ipv6", False),
        ("face", False),  # hexadecimal letters alone are a word
        ("🎉🎉", False),  # emoji are how people write
        ("—", False),
    ],
)
def test_what_counts_as_data(token: str, data: bool) -> None:
    assert is_data(token) is data


def test_pasted_output_is_masked_and_prose_with_numbers_is_not() -> None:
    prose = (
        "We tested on 2 machines with 4 disks each, 3 times in 2019 and it was 5 percent faster."
    )
    assert without_data(prose) == prose
    pasted = f"The report says: {TOOL_REPORT.format(n=7)} so the journal is fine."
    masked = without_data(pasted)
    assert masked.count("<data>") == 1  # one marker for the stretch
    for word in ("4096", "free", "fc", "00001000", "|.N+......|"):
        assert word not in masked.split()
    assert masked.startswith("The report says:")
    assert masked.endswith("the journal is fine.")


def test_masked_output_is_not_counted_as_words() -> None:
    post = "Here is what I saw after the upgrade, which looks wrong to me. " + TOOL_REPORT.format(
        n=3
    )
    _, words = profile_text([post])
    assert words < 20 < len(post.split())


def test_a_shared_pasted_report_does_not_make_two_writers_one() -> None:
    """Two different fictional writers who paste the same tool's report into their posts:
    the report adds little (the marker where each pastes it is a shared habit), where its
    word-for-word copies would read as one author (unmasked, the pair reaches the cap)."""
    first, second = ada(1, 10), bo(3, 10)
    plain = StyleSignal()
    a, b = account("github:alpha", first), account("github:bravo", second)
    plain.prepare([a, b])
    alone = plain.compare(a, b)
    rng = random.Random(5)
    pasted_a = [t + " " + TOOL_REPORT.format(n=rng.randint(0, 99)) for t in first]
    pasted_b = [t + " " + TOOL_REPORT.format(n=rng.randint(0, 99)) for t in second]
    with_report = StyleSignal()
    c, d = account("github:alpha", pasted_a), account("github:bravo", pasted_b)
    with_report.prepare([c, d])
    shared = with_report.compare(c, d)
    assert alone is not None and shared is not None
    assert alone.match_weight < 3.0
    assert shared.match_weight < alone.match_weight + 1.5
    # the report is not counted as words (but for its marker and a word at its edge)
    for masked, plain_words in zip(shared.values, alone.values, strict=True):
        assert int(masked.split()[0]) - int(plain_words.split()[0]) <= 2 * len(first)


def test_posts_are_counted_as_occasions() -> None:
    assert kind_of(["one post here", "", "and another one"]).posts == 2
    many, one = kind_of(["a b c"] * 5), kind_of(["a b c d e f"])
    assert occasions_factor(many, many) == 1.0
    assert occasions_factor(many, one) == pytest.approx(1 / OCCASIONS)
    assert occasions_factor(one, many) == pytest.approx(1 / OCCASIONS)


def test_one_long_post_counts_for_a_third_of_the_same_words_in_posts() -> None:
    """One writer's two accounts: the same sentences as several posts, or run together as one
    long post on one side. The weight is the same evidence shrunk by the occasions factor,
    and the explanation says why."""
    texts, other = ada(1, 4), ada(2, 4)
    signal = StyleSignal()
    a, b = account("github:charlie", texts), account("mastodon:delta", other)
    signal.prepare([a, b])
    posts = signal.compare(a, b)
    single = StyleSignal()
    c = account("github:charlie", [" ".join(texts)])
    single.prepare([c, b])
    one = single.compare(c, b)
    assert posts is not None and one is not None
    assert 3.0 < posts.match_weight < 12.0
    assert 0 < one.match_weight < posts.match_weight / 2
    assert "one side has only one post" in one.detail and "only" not in posts.detail
