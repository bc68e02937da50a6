"""Posts that follow a template both accounts of a pair use are not read as either one's
writing by the style signal (:mod:`linkage.signals.style_templates`)."""

from __future__ import annotations

import random

from linkage.signals.style import StyleSignal
from linkage.signals.style_templates import skeletons, template_posts
from tests.linkage.test_signal_style import account, ada, bo

TOOLS = [
    "kettle",
    "sprocket",
    "lintel",
    "bramble",
    "quoin",
    "mortise",
    "tenon",
    "gusset",
    "purlin",
    "soffit",
]


def version(rng: random.Random) -> str:
    return f"{rng.randint(0, 9)}.{rng.randint(0, 40)}.{rng.randint(0, 20)}"


def filled(seed: int, user: str, count: int) -> list[str]:
    """A made-up forge's and dependency bot's templates, filled in for one user."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        if rng.random() < 0.6:
            tool = rng.choice(TOOLS)
            out.append(f"deps(upkeep): raise {tool} from {version(rng)} up to {version(rng)}")
        else:
            branch = rng.choice(["fix/gutter", "feat/eaves", "docs/joists"])
            out.append(f"Folded change request #{rng.randint(10, 999)} in from {user}/{branch}")
    return out


def test_a_template_filled_in_differently_is_found_and_own_writing_is_not() -> None:
    a = skeletons(
        [
            "deps(upkeep): raise kettle from 1.2.3 up to 1.4.0",
            "tidy up the lintel; its behaviour was odd -- e.g., the quoin would optimise twice.",
            "Folded change request #12 in from ada/fix/gutter",
            "Released 2.0 today, thanks all for 14 months of patience",
        ]
    )
    b = skeletons(
        [
            "deps(upkeep): raise purlin from 0.9.1 up to 3.0.0",
            "tidy up the soffit; its behaviour was odd -- e.g., the tenon would optimise twice.",
            "Folded change request #873 in from bo/docs/joists",
            "Released 2.0 today, thanks all for 14 months of patience",  # one text posted twice
        ]
    )
    assert template_posts(a, b) == (frozenset({0, 2}), frozenset({0, 2}))
    assert template_posts(b, a) == (frozenset({0, 2}), frozenset({0, 2}))


def people_of_one_template() -> list:
    """Two different people whose commits are half one template's, half their own."""
    first = filled(1, "ada", 30) + ada(1, 30)
    second = filled(2, "bo", 30) + bo(2, 30)
    random.Random(3).shuffle(first)
    random.Random(4).shuffle(second)
    return [account("github:ada", first), account("github:bo", second)]


def test_two_people_of_one_template_are_judged_by_their_own_writing() -> None:
    a, b = people_of_one_template()
    signal = StyleSignal()
    signal.prepare([a, b])
    both = signal.compare(a, b)
    own = StyleSignal()
    a_own, b_own = account("github:ada", ada(1, 30)), account("github:bo", bo(2, 30))
    own.prepare([a_own, b_own])
    alone = own.compare(a_own, b_own)
    assert both is not None and alone is not None
    assert "template" in both.detail
    assert abs(both.match_weight - alone.match_weight) < 1.0
    assert both.match_weight < 3.0


def test_only_a_template_is_not_compared() -> None:
    a = account("web:one.example", filled(5, "one", 40))
    b = account("web:two.example", filled(6, "two", 40))
    signal = StyleSignal()
    signal.prepare([a, b])
    found = signal.compare(a, b)
    assert found is not None and found.match_weight == 0.0


def test_one_writer_with_a_template_on_both_accounts_still_matches() -> None:
    a = account("github:ada1", filled(7, "ada1", 20) + ada(1, 40))
    b = account("mastodon:ada2", filled(8, "ada2", 20) + ada(2, 40))
    c = account("github:bo", filled(9, "bo", 20) + bo(3, 40))
    signal = StyleSignal()
    signal.prepare([a, b, c])
    same, different = signal.compare(a, b), signal.compare(a, c)
    assert same is not None and different is not None
    assert same.match_weight > different.match_weight + 4


def test_a_pair_scores_the_same_whoever_else_is_prepared() -> None:
    a, b = people_of_one_template()
    c = account("github:cy", filled(10, "cy", 40))
    whole = StyleSignal()
    whole.prepare([a, b, c])
    pair = StyleSignal()
    pair.prepare([a, b])
    again = StyleSignal()
    again.prepare([a, b, c])
    again.prepare([account("github:cy", bo(11, 40))])  # another account changes its writing
    weights = [s.compare(a, b).match_weight for s in (whole, pair, again)]  # type: ignore[union-attr]
    assert max(weights) - min(weights) < 1e-9
