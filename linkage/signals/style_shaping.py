"""How the writing-style signal shapes a calibrated weight for the pair and input at hand:
the bounds a large input's own pairs set, the steeper differences of an audit, and the
shrinking between different kinds of writing (used by :mod:`linkage.signals.style`).

**The cap.** A weight is bounded to MAX_BITS; a large input whose own cohort reaches high
weights more often than calibrated weights allow lowers the bound (:func:`cohort_cap`).

**Audits.** An audit judged against the background alone steepens the reference's
mapping where long samples of the reference's own kind differ (``audit_steepening``): the
reference's two halves of one author are Debian changelog entries, terse and templated, so its slope
is too flat for writers whose longer writing carries more of them. On the development
benchmark's small audits (five people), the mapping that fits is 2 to 4 times as steep
from about 600 words on both sides, for commit messages of two unrelated communities
alike, and no steeper below 200. Only differences are steepened (negative weights, by a
factor rising from 1 at 200 words, the smaller sample, to AUDIT_STEEPEN = 3 at 600):
steeper likeness also made colleagues of one project, who share a house style, read as
one author, while steeper difference lowers only pairs of unlike writing. The factor
applies in proportion to how far the input's own null is missing (none from COHORT_FULL
samples on), and only between two samples of one kind of writing: both describing, as
the reference does (commit messages, changelogs), or both talking to a reader (replies,
reviews: "I", "you", thanks and questions, ``Kind.talk``; see ``one_kind``). Between a
reply and a commit message one author's two samples differ as much as two authors' do,
so a difference there says less. On the development benchmark's small audits this
raised mailing-list replies against commit messages from AUC 0.787 to 0.814 and
commit messages of 750 words on the second set from 0.916 to 0.920; one writer's replies
against their own later replies were ranked as before (0.977).

**Kind of writing.** Published verification results fall to near chance when two samples are
different kinds of writing. Each profile's kind (median post length, code-like tokens,
markup, chat words) is compared; beyond a distance of 2 the weight shrinks linearly and
is 0 from a distance of 4 on (``Kind.distance``; e.g. commit messages against chat replies).
Writing unlike the background (another language, chat) cannot be judged against it: the
weight also shrinks with the sample's closeness to the background centroid (see
``COVERAGE_NONE``).

**Occasions.** Habits show across separate pieces of writing. A sample of one or two posts
is one or two occasions, each on one topic and often carrying pasted text (a tool's output,
a template) that the poster's colleagues paste too; the reference's samples are many short
messages. The weight counts in proportion to the smaller side's posts up to OCCASIONS
(``occasions_factor``). On the mailing-list benchmark's whole set this removed one of its
two over-confident pairs of colleagues, a one-post account of a tool's output against its
co-maintainer (12 bits before), and moved no mixed set's F1 by more than 0.005.
"""

from __future__ import annotations

import math

import numpy as np

from linkage.signals.style_features import Sample
from linkage.signals.style_kind import Kind

MAX_BITS = 12.0
#: posts on each side from which the weight counts in full (``occasions_factor``)
OCCASIONS = 3
#: the lowest cap a large input's own pairs can set (see ``cohort_cap``)
CAP_FLOOR = 3.0
#: kind distances between which the weight shrinks from full to none
KIND_NEAR, KIND_FAR = 2.0, 4.0
#: closeness to the background (cosine with its centroid) below which the background cannot
#: judge a sample (another language, chat): the weight shrinks from full at COVERAGE_FULL to
#: none at COVERAGE_NONE. Technical English prose measures 0.05–0.15 (its 1st percentile on
#: the development set is 0.048); German, French or English chat replies measure 0.02–0.03.
COVERAGE_NONE, COVERAGE_FULL = 0.03, 0.05
#: an audit without its own null steepens the reference's mapping of differences (negative
#: weights) up to this factor, from STEEPEN_WORDS[0] words (the smaller sample) to full at
#: STEEPEN_WORDS[1] (``audit_steepening``)
AUDIT_STEEPEN = 3.0
STEEPEN_WORDS = (200.0, 600.0)
#: words that talk to a reader ("I", "you", thanks, questions: ``Kind.talk``) per word between
#: which writing stops being of the reference's kind: the reference (Debian changelogs of 300
#: words or more) measures 0.002 at the median, 0.011 at the 95th percentile and 0.020 at the
#: 99th; commit messages 0.000 to 0.026 (99th percentile), mailing-list replies 0.017 (5th
#: percentile) to 0.09 (95th), median 0.05
REFERENCE_TALK = (0.02, 0.04)


def cohort_cap(bits: np.ndarray, others: int) -> float:
    """The most bits a pair may get in an input whose cohort pairs have weights ``bits``.

    A weight of t bits is a likelihood ratio of 2^t, and different people reach a likelihood
    ratio that high at most 2^-t of the time (m <= 1). The cohort's pairs are different people
    but for about one pair in ``others`` (each account having about one other account of its
    owner, as the prior assumes); where more of them than that allowance plus 2^-t reach t
    bits, the input's writers share a style that the weights overrate (a community's house
    style, one template), and weights are capped at the first such t (from CAP_FLOOR up, in
    quarter bits)."""
    if len(bits) == 0:
        return MAX_BITS
    allowance = 1.0 / max(others, 1)
    for t in np.arange(CAP_FLOOR, MAX_BITS, 0.25):
        if float((bits >= t).mean()) - allowance > 2.0 ** -float(t):
            return float(t)
    return MAX_BITS


def audit_steepening(
    words: tuple[int, int], talk: tuple[float, float], cohort_share: float
) -> float:
    """How much steeper than the reference's mapping a pair's differences are in an input
    whose own null replaces the reference's by ``cohort_share`` (see the module text): 1 for
    short samples, two kinds of writing or a large input, up to AUDIT_STEEPEN."""
    low, high = STEEPEN_WORDS
    size = math.log2(max(min(words), 1) / low) / math.log2(high / low)
    share = min(1.0, max(0.0, size)) * one_kind(*talk) * (1.0 - cohort_share)
    return 1.0 + (AUDIT_STEEPEN - 1.0) * share


def one_kind(talk_a: float, talk_b: float) -> float:
    """How surely two samples are one kind of writing, both like the reference's (describing)
    or both unlike it (talking to a reader), from their ``Kind.talk`` (see REFERENCE_TALK)."""
    quiet, talking = REFERENCE_TALK

    def like(talk: float) -> float:
        return min(1.0, max(0.0, (talking - talk) / (talking - quiet)))

    a, b = like(talk_a), like(talk_b)
    return a * b + (1.0 - a) * (1.0 - b)


def occasions_factor(a: Kind, b: Kind) -> float:
    """How far a pair's writing comes from enough separate posts to show habits: full from
    OCCASIONS posts on both sides, in proportion below. One long post is one occasion of
    writing, on one topic, often with pasted text (a program's output, a template)."""
    return min(1.0, min(a.posts, b.posts) / OCCASIONS)


def coverage_factor(a: Sample, b: Sample) -> float:
    closeness = min(a.centroid_dot, b.centroid_dot)
    return min(1.0, max(0.0, (closeness - COVERAGE_NONE) / (COVERAGE_FULL - COVERAGE_NONE)))


def kind_factor(a: Kind, b: Kind) -> float:
    distance = a.distance(b)
    if distance <= KIND_NEAR:
        return 1.0
    if distance >= KIND_FAR:
        return 0.0
    return (KIND_FAR - distance) / (KIND_FAR - KIND_NEAR)
