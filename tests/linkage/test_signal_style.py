"""The writing-style signal: character n-gram sets against a shipped background, calibrated by
the amount of text, shrunk when the two samples are different kinds of writing."""

from __future__ import annotations

import gzip
import math
import random
import threading
from pathlib import Path

import numpy as np
import pytest

from linkage.records import Post, Profile
from linkage.signals import style, style_shaping
from linkage.signals.style import StyleSignal, load_model, writing_kind
from linkage.signals.style_features import (
    MAX_WORDS,
    calibrated_bits,
    ngram_buckets,
    profile_text,
    quadratic,
    size_terms,
)
from linkage.signals.style_kind import kind_of
from linkage.signals.style_shaping import (
    AUDIT_STEEPEN,
    CAP_FLOOR,
    MAX_BITS,
    REFERENCE_TALK,
    audit_steepening,
    cohort_cap,
    one_kind,
)
from tests.fresh_process import in_fresh_process

DATA_DIR = Path(style.__file__).resolve().parent.parent / "data"


class Words:
    """Made-up nouns, different for every post, so that only the habits are shared."""

    def __init__(self, seed: int, syllables: tuple[str, ...]) -> None:
        self.rng = random.Random(seed)
        self.syllables = syllables

    def sample(self, count: int) -> list[str]:
        return [
            "".join(self.rng.choice(self.syllables) for _ in range(self.rng.randint(2, 3)))
            for _ in range(count)
        ]


def ada(seed: int, sentences: int) -> list[str]:
    """A fictional writer: British spellings, semicolons, 'e.g.,', double dashes, lower case."""
    rng = random.Random(seed)
    words = Words(seed, ("ka", "lo", "mi", "ter", "san", "vu"))
    posts = []
    for _ in range(sentences):
        a, b, c = words.sample(3)
        posts.append(
            rng.choice(
                [
                    f"tidy up the {a}; its behaviour was odd -- e.g., the {b} would optimise twice.",
                    f"rework the {a} so that it honours the colour of the {b}; whilst here, drop "
                    f"the old {c} flag -- nobody uses it, as far as i can tell.",
                    f"make the {a} recognise the {b} licence; previously it was ignored "
                    f"(e.g., on a fresh {c}) -- which was rather confusing.",
                    f"organise the {a} helpers alphabetically; no behavioural change to the {b} "
                    "intended -- just easier to skim.",
                    f"the {a} now favours the {b} over the {c}; i reckon that is the sensible default.",
                ]
            )
        )
    return posts


def bo(seed: int, sentences: int) -> list[str]:
    """Another fictional writer: American spellings, exclamation marks, Title Case, 'This PR'."""
    rng = random.Random(seed)
    words = Words(seed, ("rel", "do", "fen", "qui", "bar", "os"))
    posts = []
    for _ in range(sentences):
        a, b, c = (w.title() for w in words.sample(3))
        posts.append(
            rng.choice(
                [
                    f"This PR Fixes {a} Behavior!! It Optimizes The {b} Color Handling.",
                    f"Updated {a} To Honor The New {b} License Check. Works Great Now!",
                    f"Refactored {a}: Organized {b} Helpers, Removed Dead {c} Code. Thanks Team!",
                    f"Big Cleanup Of {a} And {b} -- Should Be Way Faster Now!!",
                    f"Added {a} Support To The {b}. Super Excited About This One!",
                ]
            )
        )
    return posts


def account(pid: str, posts: list[str]) -> Profile:
    platform, handle = pid.split(":", 1)
    return Profile(id=pid, platform=platform, handle=handle, posts=[Post(text=t) for t in posts])


def test_background_loads():
    assert load_model() is not None
    assert load_model(Path("/nonexistent/style.npz")) is None


def test_same_writer_scores_above_different_writer():
    signal = StyleSignal()
    a1, a2 = account("github:ada1", ada(1, 40)), account("mastodon:ada2", ada(2, 40))
    b1 = account("reddit:bo1", bo(3, 40))
    signal.prepare([a1, a2, b1])
    same = signal.compare(a1, a2)
    different = signal.compare(a1, b1)
    assert same is not None and different is not None
    assert same.match_weight > different.match_weight + 4
    assert different.match_weight >= -MAX_BITS and same.match_weight <= MAX_BITS
    assert "words" in same.detail and same.values is not None


def test_score_does_not_depend_on_the_other_accounts():
    a1, a2 = account("github:ada1", ada(1, 40)), account("mastodon:ada2", ada(2, 40))
    crowd = [account(f"reddit:bo{i}", bo(10 + i, 30)) for i in range(10)]
    alone = StyleSignal()
    alone.prepare([a1, a2])
    audit = StyleSignal()
    audit.prepare([a1, a2, *crowd])
    unprepared = StyleSignal()
    weights = [s.compare(a1, a2).match_weight for s in (alone, audit, unprepared)]
    assert max(weights) - min(weights) < 1e-4


def test_more_text_gives_stronger_evidence():
    """At the same distance from the different-author null, more words mean more bits."""
    loaded = load_model()
    assert loaded is not None
    params = loaded[1]
    weights = []
    for words in (50, 200, 800, 3200):
        u, v = size_terms(words, words)
        score = quadratic(params[0:6], u, v) + 3 * math.exp(quadratic(params[6:12], u, v))
        weights.append(calibrated_bits(params, score, words, words))
    assert weights == sorted(weights) and weights[0] > 0
    null = quadratic(params[0:6], *size_terms(800, 800))
    assert calibrated_bits(params, null, 800, 800) < 0


def test_writing_unlike_the_background_is_not_compared():
    german = account(
        "x:de",
        [
            "Heute habe ich den Fehler im Zwischenspeicher behoben, der beim Start manchmal "
            "auftrat, und die Protokollierung verbessert, damit man Probleme schneller findet."
        ]
        * 6,
    )
    evidence = StyleSignal().compare(german, german.__class__(**{**german.__dict__, "id": "y:de"}))
    assert evidence is not None and evidence.match_weight == 0.0
    assert "unlike the reference writing" in evidence.detail


def test_too_little_text_gives_nothing():
    tiny = account("x:tiny", ["short note here", "and another one"])
    assert StyleSignal().compare(tiny, account("y:ada", ada(1, 40))) is None
    empty = Profile(id="x:e", platform="x", handle="e")
    assert StyleSignal().compare(empty, account("y:ada", ada(1, 40))) is None


def test_different_kinds_of_writing_are_not_compared():
    chat = account(
        "bluesky:chat",
        ["lol yes i saw that too 😂 @sam", "thanks! you too :)", "omg #caturday", "ok see you"]
        * 15,
    )
    messages = account("github:ada", ada(1, 40))
    evidence = StyleSignal().compare(chat, messages)
    assert evidence is not None and evidence.match_weight == 0.0
    assert "different kinds of writing" in evidence.detail
    assert kind_of(chat.posts[0].text.split()).distance(kind_of(ada(1, 5))) > 0


def test_long_texts_are_capped_and_any_script_works():
    text, words = profile_text(["word " * 3000, "more " * 3000])
    assert words == MAX_WORDS and len(text.split()) == MAX_WORDS
    han = account("x:han", ["我们今天修复了缓存的问题，并且改进了日志的格式。"] * 30)
    arabic = account("y:ar", ["قمنا اليوم بإصلاح مشكلة الذاكرة المؤقتة وتحسين السجلات"] * 30)
    signal = StyleSignal()
    signal.prepare([han, arabic])
    evidence = signal.compare(han, arabic)
    assert evidence is None or -MAX_BITS <= evidence.match_weight <= MAX_BITS
    assert len(ngram_buckets("")) == 0 and len(ngram_buckets("ab")) == 0


def test_a_large_input_measures_the_null_on_itself():
    """Sixty-five writers of one template (the 'bo' habits, different words): against the
    shipped background they look alike; a large input judges them against each other, so that
    what they all share stops counting, while two samples of one distinct writer stand out."""
    crowd = [account(f"reddit:bo{i}", bo(100 + i, 30)) for i in range(65)]
    a1, a2 = account("github:ada1", ada(1, 40)), account("mastodon:ada2", ada(2, 40))
    alone = StyleSignal()
    alone.prepare(crowd[:2])
    background_only = alone.compare(crowd[0], crowd[1]).match_weight
    large = StyleSignal()
    large.prepare([*crowd, a1, a2])
    within_crowd = [large.compare(crowd[0], other).match_weight for other in crowd[1:]]
    assert background_only > 4  # one template, nothing to tell the writers apart by
    assert sorted(within_crowd)[len(within_crowd) // 2] < 1.0  # the median pair: no evidence
    assert large.compare(a1, a2).match_weight > max(within_crowd[:5]) + 2


def test_a_small_batch_keeps_the_large_inputs_null():
    """Re-preparing one changed profile (as the remediation search does) judges it against
    the large input's cohort, exactly as scoring it fresh would."""
    crowd = [account(f"reddit:bo{i}", bo(200 + i, 30)) for i in range(30)]
    signal = StyleSignal()
    signal.prepare(crowd)
    before = signal.compare(crowd[0], crowd[1]).match_weight
    signal.prepare([crowd[1]])
    assert abs(signal.compare(crowd[0], crowd[1]).match_weight - before) < 1e-6
    late = account("github:bo_late", bo(999, 30))
    assert signal.compare(crowd[0], late) is not None


def test_a_changed_profile_is_compared_by_its_new_writing():
    """Scoring keeps a dense copy of the last sample it compared from; preparing a changed
    profile (same id, new posts) must not reuse the old copy."""
    signal = StyleSignal()
    first = account("github:ada1", ada(1, 40))
    mate, other = account("mastodon:ada2", ada(2, 40)), account("reddit:bo1", bo(3, 40))
    before = signal.compare(first, mate).match_weight  # no gram: the dense path
    changed = account("github:ada1", bo(4, 40))
    signal.prepare([changed])
    after = signal.compare(changed, mate).match_weight
    fresh = StyleSignal().compare(changed, mate).match_weight
    assert abs(after - fresh) < 1e-4 and after < before - 4
    assert signal.compare(changed, other) is not None


def test_preparing_on_several_processes_gives_the_same_samples(fresh: bool = False):
    if not fresh:
        return in_fresh_process(
            __name__, "test_preparing_on_several_processes_gives_the_same_samples"
        )
    assert threading.active_count() == 1  # else the work would stay in this process
    crowd = [account(f"reddit:bo{i}", bo(300 + i, 12)) for i in range(30)]
    crowd += [account(f"github:ada{i}", ada(400 + i, 12)) for i in range(30)]
    crowd.append(account("github:short", ["too short to compare"]))
    alone, shared = StyleSignal(), StyleSignal()
    shared.parallel_from = 1
    alone.prepare(crowd)
    shared.prepare(crowd)
    pairs = [(crowd[0], crowd[1]), (crowd[0], crowd[40]), (crowd[35], crowd[59])]
    for a, b in pairs:
        assert shared.compare(a, b).match_weight == alone.compare(a, b).match_weight
    assert shared.compare(crowd[0], crowd[-1]) is None


def test_platforms_name_the_kind_of_writing():
    def kind(platform: str) -> str | None:
        return writing_kind(Profile(id=f"{platform}:x", platform=platform, handle="x"))

    assert kind("github") == "commit messages"
    assert kind("forum") == kind("reddit") == kind("hackernews") == "replies"
    assert kind("web") == kind("blog") == "articles"
    assert kind("mastodon") == kind("bluesky") == "short posts"
    assert kind("somewhere-new") is None


def test_a_large_input_judges_each_kind_against_its_own_writers():
    """Two communities, each with its house style: commit messages all in the 'ada' habits on
    GitHub, forum replies all in the 'bo' habits. Against the whole input a reply writer's
    null is half made of the other community, so two repliers look alike; against the
    input's other replies (the kind of the other account) their shared house style stops
    counting."""
    commits = [account(f"github:ada{i}", ada(300 + i, 25)) for i in range(62)]
    replies = [account(f"forum:bo{i}", bo(400 + i, 25)) for i in range(62)]
    signal = StyleSignal()
    signal.prepare([*commits, *replies])
    per_kind = [signal.compare(replies[0], other).match_weight for other in replies[1:21]]
    signal._kind_nulls = {}  # the whole input's null alone
    whole = [signal.compare(replies[0], other).match_weight for other in replies[1:21]]
    assert sorted(per_kind)[10] < 1.0
    assert sorted(whole)[10] > sorted(per_kind)[10] + 1.0


def test_the_cap_falls_when_a_cohort_overrates_its_own_pairs():
    """Different people reach t bits at most 2^-t of the time: a cohort whose pairs reach
    high weights far more often (beyond the one-in-N pairs that may be one person) caps them."""
    calibrated = np.r_[np.full(9_900, -1.0), np.full(100, 9.0)]
    assert cohort_cap(calibrated, others=100) == MAX_BITS
    house_style = np.r_[np.full(8_000, -1.0), np.full(2_000, 9.0)]  # one pair in five
    cap = cohort_cap(house_style, others=100)
    assert CAP_FLOOR <= cap < 4.0


def community(c: int, writer: int, sentences: int) -> list[str]:
    """A fictional writer of community ``c``: the community's own set phrases (a house style),
    the writer's own made-up nouns."""
    house = random.Random(1000 + c)
    lexicon = ["".join(house.choice("bcdfgklmnprstvz") + house.choice("aeiou") for _ in range(3))
               for _ in range(12)]  # fmt: skip
    marks = house.choice([";", " --", ":", ","])
    templates = [
        f"{lexicon[k]} the {{}}{marks} {lexicon[k + 1]} {lexicon[k + 2]} {{}} {lexicon[k + 3]}."
        for k in range(0, 8, 2)
    ]
    rng = random.Random(c * 100 + writer)
    words = Words(c * 100 + writer, ("ra", "po", "li", "sen", "ku", "mo"))
    return [rng.choice(templates).format(*words.sample(2)) for _ in range(sentences)]


def test_a_large_input_of_house_styles_lowers_its_cap():
    """Twenty-four small teams of three, each writing in its own house style: each writer's
    two colleagues are too few to move its null, so colleagues look like one author; there
    are far more such pairs than one-in-N, and the input caps the weight they may get."""
    people = [account(f"forum:c{c}w{w}", community(c, w, 40)) for c in range(24) for w in range(3)]
    signal = StyleSignal()
    signal.prepare(people)
    signal.learn([])
    assert CAP_FLOOR <= signal.cap < 8
    colleagues = signal.compare(people[0], people[1])
    assert colleagues is not None and colleagues.match_weight <= signal.cap
    assert signal.compare(people[0], people[3]).match_weight < 0  # another team


def test_an_audit_steepens_differences_of_long_writing_of_one_kind_only():
    assert audit_steepening((150, 5000), (0.0, 0.0), 0.0) == 1.0  # too short to say more
    assert audit_steepening((600, 900), (0.005, 0.01), 0.0) == AUDIT_STEEPEN
    assert audit_steepening((600, 900), (0.05, 0.07), 0.0) == AUDIT_STEEPEN  # two replies
    assert audit_steepening((600, 900), (0.005, 0.05), 0.0) == 1.0  # a reply, a commit
    assert audit_steepening((600, 900), (0.005, 0.01), 1.0) == 1.0  # the input's own null
    middle = audit_steepening((350, 900), (0.005, 0.03), 0.5)
    assert 1.0 < middle < AUDIT_STEEPEN


def test_writing_that_talks_to_a_reader_is_told_from_writing_that_describes():
    reply = kind_of(
        [
            "Hi Sam, thanks for the patch. I tried it here and it works for me.",
            "Could you send a v2 with the typo fixed? I think the rest is fine.",
        ]
    )
    commit = kind_of(
        [
            "Fix the parser so that an empty option list is accepted again.",
            "We used to reject it since the rewrite; restore the old behaviour.",
        ]
    )
    assert reply.talk > REFERENCE_TALK[1] > REFERENCE_TALK[0] > commit.talk == 0.0
    assert one_kind(reply.talk, commit.talk) == 0.0
    assert one_kind(reply.talk, reply.talk) == one_kind(commit.talk, 0.001) == 1.0


def cy(seed: int, sentences: int) -> list[str]:
    """A third fictional writer: plain sentences of everyday words, no habits to speak of."""
    rng = random.Random(seed)
    with gzip.open(DATA_DIR / "names_words.tsv.gz", "rt", encoding="utf-8") as table:
        pool = [
            w for w in (line.split("\t")[0] for line in table) if w.isalpha() and 3 <= len(w) <= 9
        ]
    pool = [w for w in pool[:20000] if kind_of([w]).chatty == 0]  # no chat words
    return [
        " ".join(rng.choice(pool) for _ in range(rng.randint(8, 16))).capitalize() + "."
        for _ in range(sentences)
    ]


def test_a_small_audit_weighs_long_different_writers_further_apart(monkeypatch):
    """Two long samples of different writers differ more surely in an audit than the
    reference's mapping says; one writer's two samples are weighed as before."""
    a1, a2 = account("github:ada1", ada(1, 60)), account("mastodon:ada2", ada(2, 60))
    c1, d1 = account("github:c1", community(1, 1, 90)), account("reddit:cy1", cy(2, 70))

    def weights() -> tuple[float, float]:
        signal = StyleSignal()
        signal.prepare([a1, a2, c1, d1])
        return signal.compare(a1, a2).match_weight, signal.compare(c1, d1).match_weight

    monkeypatch.setattr(style_shaping, "AUDIT_STEEPEN", 1.0)
    same_before, different_before = weights()
    monkeypatch.setattr(style_shaping, "AUDIT_STEEPEN", 3.0)
    same_after, different_after = weights()
    assert min(len(" ".join(x.text for x in p.posts).split()) for p in (c1, d1)) >= 600
    assert max(kind_of(x.text for x in p.posts).talk for p in (c1, d1)) < REFERENCE_TALK[0]
    assert same_after == same_before > 0
    assert -MAX_BITS / 3 < different_before < 0
    assert different_after == pytest.approx(3 * different_before)
