"""Blocking keeps the pairs that share evidence and drops the ones that share nothing."""

from __future__ import annotations

import random

from linkage.evidence.candidates import candidate_pairs
from linkage.evidence.linking import link_profiles
from linkage.records import Evidence, Profile
from linkage.signals import Signal, default_signals
from linkage.signals.username import UsernameSignal


def p(pid: str, **kw) -> Profile:
    platform, handle = pid.split(":", 1)
    return Profile(id=pid, platform=platform, handle=handle, **kw)


def people() -> list[Profile]:
    out = []
    rng = random.Random(4)
    for _ in range(30):  # thirty strangers, nothing in common
        out.append(p("github:" + "".join(rng.choice("bcdfghjklmnpqrstvwxz") for _ in range(9))))
    out += [
        p("github:quietknitter_ed"),
        p("reddit:QuietKnitter-Ed"),  # the same core
        p(
            "mastodon:kitterquiet@knit.example.social", links=["https://github.com/quietknitter_ed"]
        ),  # a link
        p("devto:otherperson", bio="Volunteer at the Ravensworth lighthouse museum"),
        p("lobsters:someoneelse", bio="Guide at the Ravensworth lighthouse"),  # a rare shared word
    ]
    return sorted(out, key=lambda x: x.id)


def test_candidates_share_a_key():
    profiles = people()
    signals = default_signals()
    for signal in signals:
        signal.prepare(profiles)
    found = candidate_pairs(profiles, signals)
    pairs = {(i, j) for i, j in found.tolist()}
    assert len(pairs) == len(found) and found.tolist() == sorted(found.tolist())
    index = {x.id: i for i, x in enumerate(profiles)}

    def has(a: str, b: str) -> bool:
        i, j = sorted((index[a], index[b]))
        return (i, j) in pairs

    assert has("github:quietknitter_ed", "reddit:QuietKnitter-Ed")
    assert has("github:quietknitter_ed", "mastodon:kitterquiet@knit.example.social")
    assert has("devto:otherperson", "lobsters:someoneelse")
    strangers = [x.id for x in profiles if x.platform == "github" and "quiet" not in x.id]
    assert not has(strangers[0], strangers[1])
    assert len(pairs) < len(profiles) * (len(profiles) - 1) // 2 / 4


def test_blocked_linking_keeps_the_strong_links():
    profiles = people()
    everything = {(x.a, x.b) for x in link_profiles(profiles, min_probability=0.5)}
    blocked = {(x.a, x.b) for x in link_profiles(profiles, min_probability=0.5, all_pairs_limit=10)}
    assert everything and blocked == everything


def test_skipping_costly_signals_keeps_exactly_the_same_links():
    """The linker skips the costly signals (style) for pairs that could not reach the kept
    probability even at their largest weight: the kept links are exactly those of full
    scoring, evidence included."""
    from benchmarks.synthetic import profiles as synthetic
    from benchmarks.synthetic import unique

    records = unique(synthetic(120, seed=3))
    full = [link for link in link_profiles(records, min_probability=0.0) if link.probability >= 0.3]
    pruned = link_profiles(records, min_probability=0.3)
    assert [(x.a, x.b, x.match_weight) for x in pruned] == [
        (x.a, x.b, x.match_weight) for x in full
    ]
    assert [[e.signal for e in x.evidence] for x in pruned] == [
        [e.signal for e in x.evidence] for x in full
    ]
    assert any(any(e.signal == "style" for e in x.evidence) for x in pruned)


class KeyedSignal(Signal):
    """Blocking keys only: 'wide' shared by profiles 0-29, 'narrow' by profiles 30-59."""

    name = "keyed"
    block_caps = {"narrow": 20}  # noqa: RUF012

    def compare(self, a: Profile, b: Profile) -> Evidence | None:
        return None

    def block_keys(self, profile: Profile) -> list[str]:
        number = int(profile.handle)
        return ["wide:x"] if number < 30 else ["narrow:y"]


def test_a_signal_can_cap_a_less_specific_kind_of_key():
    profiles = [Profile(id=f"github:{i}", platform="github", handle=str(i)) for i in range(60)]
    pairs = {tuple(p) for p in candidate_pairs(profiles, [KeyedSignal()]).tolist()}
    assert pairs == {(i, j) for i in range(30) for j in range(i + 1, 30)}  # 30 <= MAX_BLOCK
    assert not any(i >= 30 for i, _ in pairs)  # 30 > 20: the narrow key is skipped


def test_the_username_signal_caps_four_letter_pieces():
    """Twenty-five unrelated handles sharing only the piece 'quil' are not paired for it."""
    rng = random.Random(3)
    profiles = [
        Profile(id=f"github:{h}", platform="github", handle=h)
        for h in {
            "".join(rng.choice("bcdfgkmnprtvz") for _ in range(5)) + "quil" for _ in range(25)
        }
    ]
    signal = UsernameSignal()
    signal.prepare(profiles)
    pairs = candidate_pairs(profiles, [signal])
    assert signal.block_caps["sub4"] == 20
    assert len(pairs) < len(profiles) * (len(profiles) - 1) // 2
