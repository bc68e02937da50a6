"""The writing-style signal's model (:class:`linkage.signals.style.StyleSignal` applies it):
its method, its reference data and its settings.

Method (authorship verification with a shipped background, so that a score means the same in
a ten-account audit as in a large one; nothing is fitted on the input):

1. A profile's text is its posts (not the bio, which is template-like), addresses masked,
   pasted program output (hex dumps, tables of figures, ``key : value`` lines: stretches
   where 4 of 9 tokens are numbers, hexadecimal or punctuation) masked and not counted as
   words (:mod:`linkage.signals.style_pasted`), whitespace folded, capped at 4,000 words.
   It becomes the set of character 3- to 8-grams it uses, hashed into 2**18 buckets, each
   weighted by its IDF in the background; n-grams made only of letters (word insides,
   where topic lives) weigh 0.6, those that span spaces,
   punctuation or digits weigh 1 (``style_features``). Presence, not counts: a
   repeated topic word counts once.
2. Similarity is the cosine of the two vectors after subtracting the background centroid, so
   that what all such writing shares counts for nothing.
3. Score normalisation (symmetric s-norm): each profile's similarities to 128 background
   "impostor" authors give its own mean and spread; the score is the pair's similarity in
   units of that spread, averaged over the two sides.
4. Calibration (``style_features.calibrated_bits``, 18 coefficients shipped with the
   background), in two stages fitted on background pairs of known authorship: the earlier
   and later halves of one author's commit messages (other projects' ``git log`` and GNU
   ChangeLogs) against two different authors, half of them of one project, each pair scored
   against a background without its authors. (a) The null: for two different authors of one
   project the score's mean and log spread are quadratic in the two word counts; the score
   becomes x, in units of that spread. (b) log2 LR = (b0 + b1·u + b2·v)·x + b3·u + b4·v + b5
   (logistic, classes balanced in each cell of sizes; u, v: log2 of the smaller and larger
   word count − 8), the slope kept >= 0. More text steepens the slope, so the same x counts
   for more with more words (on the reference, same-author pairs average +1 to +2 bits,
   different authors of one project −0.7 to −1.1). The weight is bounded to ±12 bits;
   below 40 words on either side there is nothing to compare.
   A large input also measures the null on itself: nearly all of its pairs are different
   people writing the input's own kind of text, which the background only approximates.
   Each sample's scores against a cohort of up to 300 other samples of the input give a
   robust location and spread (median, MAD; :mod:`linkage.signals.style_cohort`); the
   pair's score in those units replaces the reference's null units of stage (a) in
   proportion to the input's size (none with 20 other samples or fewer, fully from 60 on),
   and stage (b) maps it to bits as before. So a
   ten-account audit is judged against the background alone, and in a large input writing
   that everyone shares (one project's vocabulary, generated text) stops counting.
   A large input also has a second measure, of word habits (``style_words``): each
   sample's word unigrams and bigrams, weighed by the input's own document frequencies,
   scored against the same cohort (by kind of writing) in the same kind of units. The two
   measures' units are added and the sum is scaled so that its far upper tail over the
   cohort's pairs (99.9th percentile) is the character measure's alone: the word measure
   reorders pairs (on the development benchmarks' whole sets it raised the ranking of every
   set, e.g. commit messages of 750 words: AUC 0.926 -> 0.942 on the second, mailing-list
   replies against commit messages 0.907 -> 0.937) without making the highest scores more
   extreme. An audit has no document frequencies of its own and keeps the character measure.
   A large input can also replace stage (b): how many bits a score is worth depends on the
   kind of writing, and the reference's (Debian changelogs, where one author's two halves
   are hard to tell from two authors) is not every input's. Pairs that the other signals
   tie with near certainty (:mod:`linkage.evidence.learning`) are one person's; a logistic regression
   of their scores against the cohort's pairs, on the one feature ``reference slope x x``,
   each class weighing as much as the sure pairs and pulled towards the reference mapping by
   a ridge penalty of one observation, gives this input's mapping (``learn``). It counts in
   from LEARN_FROM = 10 sure pairs with writing on both sides and replaces the reference's
   from LEARN_FULL = 40; a ten-account audit has no cohort and learns nothing.
   An audit judged against the background alone steepens the reference's mapping of
   differences between long samples of one kind of writing
   (:func:`linkage.signals.style_shaping.audit_steepening`).
   A large input also discounts house style (:mod:`linkage.signals.style_house`): a
   writer whose nearest company in the input (its five closest samples, leaving out the
   accounts the other signals tie to it) is closer than the input's usual has each pair's
   score lowered by that excess, so that colleagues who share one subsystem's phrasings
   or one template do not read as one author (mailing-list replies against commit messages,
   same-genre control: different people at 0.5 or above 7 of 33 -> 1 of 20).
   An audit compares a pair without the posts that follow one template on both sides (a
   bot's or a forge's commit messages, an announcement filled in with other numbers:
   :mod:`linkage.signals.style_templates`): different people of one template had read as
   one author (12 bits).
5. Kind of writing, coverage and occasions: the weight shrinks between different kinds of
   writing, for writing unlike the background, and for writing from fewer than three posts
   (:mod:`linkage.signals.style_shaping`).
   On the development benchmarks' whole sets, masking output and counting occasions took
   the pairs of different people at 0.5 or above from 2 of 5 to 0 of 3 (mailing-list
   replies against commit messages; both were colleagues, one pair sharing a tool's pasted
   output, the other a pull-request template and key fingerprints) and from 1 of 20 to 0
   of 18 (its same-genre control); the second mixed set's F1 went from 0.900 to 0.923. The
   price: in one small audit of the second mixed set an unrelated account whose writing is
   half benchmark tables, once read as clearly different (-5.3 bits), no longer is (-1.4),
   and joins a person sharing its town (4 pairs at 0.83).

Reference data: ``linkage/data/style_background.npz`` (public technical writing from Debian
packages' changelogs, built by ``linkage/reference/build_style_background.py``; see
``linkage/data/SOURCES.md``). It is loaded once, lazily.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path

import numpy as np

from linkage.records import Profile
from linkage.signals.style_features import (
    CALIBRATION_SIZE,
    MIN_WORDS,
    Sample,
    StyleModel,
    profile_text,
)
from linkage.signals.style_kind import Kind, kind_of

DATA = Path(__file__).resolve().parent.parent / "data" / "style_background.npz"
#: inputs up to this many profiles remember each text they read (see ``prepare``)
MEMO_LIMIT = 2500
#: inputs up to this many profiles get all pair similarities in one product
DENSE_LIMIT = 4000
#: batches of this many profiles or more are prepared on all cores
PARALLEL_FROM = 4000
#: the input's own mapping to bits, learnt from its sure pairs: from LEARN_FROM sure pairs
#: with writing on both sides it begins to count, from LEARN_FULL on it replaces the
#: reference's; at most BACKGROUND_PAIRS pairs of the cohort stand for the input at large
LEARN_FROM, LEARN_FULL, BACKGROUND_PAIRS = 10, 40, 20_000
#: the kind of writing a platform holds: the input's own null for a pair is measured against
#: the cohort's samples of the other side's kind, so that what one kind's writers share (a
#: community's house style, a template, the genre itself) does not read as one author, and a
#: pair of two kinds is judged against pairs of those two kinds. Platforms not listed fall
#: back to the whole cohort.
PLATFORM_KINDS = {
    **dict.fromkeys(
        ("github", "gitlab", "codeberg", "forgejo", "sourcehut", "git"), "commit messages"
    ),
    **dict.fromkeys(
        ("forum", "mailinglist", "email", "reddit", "hackernews", "stackexchange", "lobsters"),
        "replies",
    ),
    **dict.fromkeys(("web", "blog", "devto", "medium", "substack"), "articles"),
    **dict.fromkeys(("mastodon", "bluesky", "x", "twitter", "threads"), "short posts"),
}
#: inputs whose own null counts for less than this (:func:`cohort_weight`) compare a pair
#: without the posts that follow a template both accounts use (:mod:`.style_templates`);
#: a larger input discounts house style on its own cohort (:mod:`.style_house`)
TEMPLATES_BELOW = 1.0
#: in a blocked input, each sample's NEIGHBOURS nearest by style are candidate pairs, taken
#: from the input's gram matrix (up to DENSE_LIMIT samples). Beyond that the prior (1/N)
#: needs more bits for even odds (12 from 4,097 accounts on) than style alone can give
NEIGHBOURS = 10


@cache
def load_model(path: Path = DATA) -> tuple[StyleModel, tuple[float, ...]] | None:
    """The background model and calibration coefficients, or None when the file is missing."""
    try:
        with np.load(path) as data:
            idf = data["idf"].astype(np.float64) / float(data["idf_scale"])
            sums = data["impostor_sums"] if "impostor_sums" in data.files else None
            model = StyleModel(idf, data["centroid"], data["impostors"], sums)
            beta = tuple(float(v) for v in data["calibration"])
    except (OSError, KeyError, ValueError):
        return None
    if len(beta) != CALIBRATION_SIZE:
        return None
    return model, beta


def prepare_share(share: Sequence[list[str]]) -> list[tuple[Kind, Sample | None]]:
    """Each profile's kind of writing and its sample (None below MIN_WORDS)."""
    loaded = load_model()
    texts = [profile_text(posts) for posts in share]
    usable = [i for i, (_, words) in enumerate(texts) if words >= MIN_WORDS]
    samples: list[Sample | None] = [None] * len(share)
    if loaded is not None:
        for i, sample in zip(usable, loaded[0].samples([texts[i] for i in usable]), strict=True):
            samples[i] = sample
    return [(kind_of(posts), sample) for posts, sample in zip(share, samples, strict=True)]


def writing_kind(profile: Profile) -> str | None:
    """The kind of writing a profile's platform holds (``PLATFORM_KINDS``), or None."""
    return PLATFORM_KINDS.get((profile.platform or "").lower())
