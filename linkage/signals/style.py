"""Writing style: two accounts whose writing shares habits (spelling, punctuation, casing,
favourite phrasings) far beyond what unrelated writers of that kind share.

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

from linkage.evidence.workers import map_shares
from linkage.records import Evidence, Profile
from linkage.signals import Signal
from linkage.signals.cohort import (
    COHORT_FROM,
    cohort_weight,
    in_null_units,
)
from linkage.signals.style_cohort import Stats, cohort_nulls, pick_cohort
from linkage.signals.style_features import (
    BITS,
    CALIBRATION_SIZE,
    DENSE_FROM,
    MIN_WORDS,
    Kind,
    Sample,
    StyleModel,
    bits_from_units,
    fit_logistic,
    kind_of,
    null_units,
    profile_text,
    reference_slope,
    size_terms,
)
from linkage.signals.style_house import left_out, neighbourhood_excess
from linkage.signals.style_matrix import gram, nearest, row_dots
from linkage.signals.style_shaping import (
    MAX_BITS,
    audit_steepening,
    cohort_cap,
    coverage_factor,
    kind_factor,
    occasions_factor,
)
from linkage.signals.style_templates import PairPosts
from linkage.signals.style_words import WORD_LIMIT, WordHabits

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
    **dict.fromkeys(("github", "gitlab", "codeberg", "sourcehut", "git"), "commit messages"),
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


class StyleSignal(Signal):
    name = "style"
    title = "writing style"
    clue = "similar writing"
    because = "the writing is alike"
    redacted = "the writing styles are alike"
    reads = frozenset({"posts"})
    max_bits = MAX_BITS
    costly = True
    learns = True
    per_account = True

    def __init__(self) -> None:
        self._samples: dict[str, Sample | None] = {}
        self._kinds: dict[str, Kind] = {}
        self._index: dict[str, int] = {}
        self._gram: np.ndarray | None = None
        self._cohort: list[tuple[str, Sample]] = []
        self._cohort_weight = 0.0
        self._nulls: dict[str, tuple[float, float]] = {}
        #: per sample: its null against each kind's share of the cohort (median, spread, size)
        self._kind_nulls: dict[str, dict[str, tuple[float, float, int]]] = {}
        self._platform_kind: dict[str, str | None] = {}
        self._dense: np.ndarray | None = None
        self.parallel_from = PARALLEL_FROM
        self._dense_id: str | None = None
        self._dense_buckets = np.zeros(0, dtype=np.int64)
        #: the most bits a pair may get: MAX_BITS, lowered by ``learn`` in a large input
        #: whose own pairs reach high weights more often than weights that high allow
        self.cap = MAX_BITS
        #: each text sequence read so far: its kind of writing and sample
        self._read: dict[tuple[str, ...], tuple[Kind, Sample | None]] = {}
        #: a large input's word measure (:mod:`linkage.signals.style_words`), the texts it
        #: read, and the factor that puts the two measures' sum back in null units
        self._words: WordHabits | None = None
        self._word_texts: dict[str, tuple[str, ...]] = {}
        self._word_ratio = 1.0
        #: the input's own mapping (slope, intercept, share) once learnt
        self.learned: tuple[float, float, float] | None = None
        #: per sample of a large input, its closest cohort members (ids, units of its null),
        #: and how much closer its nearest writers are than the input's usual, set by ``learn``
        #: (house style: :mod:`linkage.signals.style_house`)
        self._nearest: dict[str, list[tuple[str, float]]] = {}
        self._excess: dict[str, float] = {}
        #: each account's posts, for the template posts of its pairs (:meth:`_without`)
        self._pairs: PairPosts[tuple[Kind, Sample | None]] = PairPosts(
            lambda posts: _prepare_share([posts])[0]
        )

    def prepare(self, profiles: Sequence[Profile]) -> None:
        loaded = load_model()
        if loaded is None:
            return
        model, _ = loaded
        fresh = list(profiles)  # a profile prepared again replaces its earlier sample
        self._dense_id = None
        if len(fresh) >= DENSE_FROM:
            model.dense_impostors()  # made here, so that forked workers share it
        # in an audit, a profile's writing is read once: prepared again unchanged (remediation
        # trying a change elsewhere, then undoing its own), its kind and sample are taken as
        # they were. A large input keeps no such record (it would hold every text once more)
        posts = [_posts(p) for p in fresh]
        keys = [tuple(texts) for texts in posts]
        known = self._read if len(self._samples) + len(fresh) <= MEMO_LIMIT else {}
        todo = list({key: i for i, key in enumerate(keys) if key not in known}.values())
        found = dict(
            zip(
                [keys[i] for i in todo],
                map_shares(_prepare_share, [posts[i] for i in todo], min_items=self.parallel_from),
                strict=True,
            )
        )
        prepared = [found[key] if key in found else known[key] for key in keys]
        if known is self._read:
            self._read.update(found)
        for profile, (kind, sample), key in zip(fresh, prepared, keys, strict=True):
            self._pairs.remember(profile.id, key)
            self._kinds[profile.id] = kind
            self._platform_kind[profile.id] = writing_kind(profile)
            self._samples[profile.id] = sample.attach(model.weight) if sample else None
        batch = [p.id for p in fresh if self._samples[p.id] is not None]
        if len(batch) - 1 >= COHORT_FROM:  # a large batch: its own cohort (a small one keeps it)
            self._set_cohort(batch)
        if self._cohort:
            for pid, (whole, by_kind, nearest) in self._null_stats(batch).items():
                self._nulls[pid] = whole
                self._kind_nulls[pid] = by_kind
                self._nearest[pid] = nearest
        ready = [pid for pid, s in self._samples.items() if s is not None]
        if not self._refresh_rows([p.id for p in fresh], ready):
            if 1 < len(ready) <= DENSE_LIMIT:
                self._index = {pid: i for i, pid in enumerate(ready)}
                self._gram = gram([self._samples[pid] for pid in ready])  # type: ignore[misc]
            else:
                self._index, self._gram = {}, None
        self._prepare_words(fresh, posts, batch)

    def _prepare_words(
        self, fresh: Sequence[Profile], posts: Sequence[list[str]], batch: Sequence[str]
    ) -> None:
        """The word measure of a large batch (see :mod:`linkage.signals.style_words`). A
        batch too small for its own cohort keeps the measure, but an account whose writing
        changed leaves it (its pairs are then judged by the character measure alone)."""
        texts = {p.id: tuple(t) for p, t in zip(fresh, posts, strict=True)}
        if len(batch) - 1 < COHORT_FROM:
            if self._words is not None:
                for pid, text in texts.items():
                    if pid in self._words.nulls and self._word_texts.get(pid) != text:
                        del self._words.nulls[pid]
            return
        self._words, self._word_texts, self._word_ratio = None, {}, 1.0
        if not self._cohort or len(batch) > WORD_LIMIT:
            return
        self._word_texts = {pid: texts[pid] for pid in batch}
        self._words = WordHabits(
            batch,
            [profile_text(list(self._word_texts[pid]))[0] for pid in batch],
            [pid for pid, _ in self._cohort],
            {pid: self._platform_kind.get(pid) for pid in batch},
        )
        # the sum of the two measures, scaled so that its far upper tail over the cohort's
        # pairs is the character measure's (see _upper_spread)
        chars, sums = [], []
        cohort = [(pid, sample) for pid, sample in self._cohort if pid in self._words.nulls]
        model = load_model()[0]  # type: ignore[index]
        for i, (id_a, sa) in enumerate(cohort):
            for id_b, sb in cohort[i + 1 :]:
                score = model.score(sa, sb, self._dot(id_a, sa, id_b, sb))
                own = 0.5 * (
                    self._own_units(id_a, id_b, score) + self._own_units(id_b, id_a, score)
                )
                words = self._words.units(id_a, id_b)
                if words is not None:
                    chars.append(own)
                    sums.append(own + words)
            if len(chars) >= BACKGROUND_PAIRS:
                break
        if len(chars) >= 2 * COHORT_FROM:
            self._word_ratio = _upper_spread(np.array(chars)) / max(
                _upper_spread(np.array(sums)), 1e-6
            )
        else:
            self._words = None

    def _refresh_rows(self, changed: list[str], ready: list[str]) -> bool:
        """Accounts prepared again (a remediation trying a change) whose rows of the gram
        matrix can be brought up to date alone, instead of making the whole matrix again:
        every account with writing already has its row. False when the matrix must be made."""
        if self._gram is None or not changed or len(changed) * 4 > len(self._index):
            return False
        if not all(pid in self._index for pid in ready):
            return False
        columns = np.array([self._index[pid] for pid in ready], dtype=np.int64)
        others = [self._samples[pid] for pid in ready]
        for pid in changed:
            sample = self._samples[pid]
            if sample is None:  # no writing left: style scores none of its pairs
                continue
            dots = row_dots(sample, others)  # type: ignore[arg-type]
            row = self._index[pid]
            self._gram[row, columns] = dots
            self._gram[columns, row] = dots
        return True

    def candidate_pairs(self, profiles: Sequence[Profile]) -> np.ndarray:
        """Each profile with writing and its NEIGHBOURS nearest by style (see
        :mod:`linkage.signals.style_matrix`), as index pairs into ``profiles``; none when
        the input is too large for its gram matrix."""
        loaded = load_model()
        at = [i for i, p in enumerate(profiles) if self._samples.get(p.id) is not None]
        ids = [profiles[i].id for i in at]
        if loaded is None or self._gram is None or not all(pid in self._index for pid in ids):
            return np.zeros((0, 2), dtype=np.int64)
        rows = np.array([self._index[pid] for pid in ids], dtype=np.int64)
        samples = [self._samples[pid] for pid in ids]
        found = nearest(samples, loaded[0], NEIGHBOURS, self._gram[np.ix_(rows, rows)])  # type: ignore[arg-type]
        return np.asarray(at, dtype=np.int64)[found]

    def _set_cohort(self, ids: Sequence[str]) -> None:
        self._cohort = pick_cohort(ids, self._samples)
        self._cohort_weight = cohort_weight(len(ids) - 1)
        self._nearest, self._excess = {}, {}  # measured again for this cohort

    def _null_stats(self, ids: Sequence[str]) -> dict[str, Stats]:
        loaded = load_model()
        if loaded is None:
            return {}
        return cohort_nulls(
            loaded[0], self._cohort, self._samples, self._platform_kind, ids, self.parallel_from
        )

    def _sample(self, profile: Profile) -> tuple[Sample | None, Kind]:
        if profile.id not in self._samples:
            loaded = load_model()
            text, words = profile_text(_posts(profile))
            sample = None
            if loaded is not None and words >= MIN_WORDS:
                sample = loaded[0].samples([(text, words)])[0]
            self._samples[profile.id] = sample
            self._pairs.remember(profile.id, tuple(_posts(profile)))
            self._kinds[profile.id] = kind_of(_posts(profile))
            self._platform_kind[profile.id] = writing_kind(profile)
            if sample is not None and self._cohort:
                for pid, (whole, by_kind, nearest) in self._null_stats([profile.id]).items():
                    self._nulls[pid] = whole
                    self._kind_nulls[pid] = by_kind
                    self._nearest[pid] = nearest
        return self._samples[profile.id], self._kinds[profile.id]

    def _without(self, pid: str, left: frozenset[int]) -> tuple[Sample | None, Kind]:
        """An account's sample and kind of writing without the posts ``left`` out."""
        kind, sample = self._pairs.without(pid, left)
        return (sample.attach(load_model()[0].weight) if sample else None), kind  # type: ignore[index]

    def _dot(self, id_a: str, a: Sample, id_b: str, b: Sample) -> float:
        """The two unit vectors' dot product: from the input's gram matrix when it has one,
        else through a dense copy of the first sample, kept while pairs with it are scored
        (the linker scores pairs in order, so each profile's copy is made about once)."""
        ia, ib = self._index.get(id_a), self._index.get(id_b)
        if self._gram is not None and ia is not None and ib is not None:
            return float(self._gram[ia, ib])
        if self._dense_id != id_a:
            if self._dense is None:
                self._dense = np.zeros(1 << BITS, dtype=np.float64)
            else:
                self._dense[self._dense_buckets] = 0.0
            self._dense[a.buckets] = a.values
            self._dense_id, self._dense_buckets = id_a, a.buckets
        return float(self._dense[b.buckets] @ b.values)

    def null_units(self, id_a: str, id_b: str, score: float, words: tuple[int, int]) -> float:
        """The pair's score in units of the different-author null: the reference's, and in a
        large input its own (see the module text)."""
        loaded = load_model()
        assert loaded is not None
        x = null_units(loaded[1], score, *size_terms(*words))
        if self._cohort_weight > 0 and id_a in self._nulls and id_b in self._nulls:
            own = 0.5 * (self._own_units(id_a, id_b, score) + self._own_units(id_b, id_a, score))
            words = self._words.units(id_a, id_b) if self._words is not None else None
            if words is not None:
                own = (own + words) * self._word_ratio
            x = (1 - self._cohort_weight) * x + self._cohort_weight * own
        return x

    def _own_units(self, pid: str, other: str, score: float) -> float:
        """``score`` in units of ``pid``'s null in this input (:func:`in_null_units`)."""
        null = (self._nulls[pid], self._kind_nulls.get(pid, {}))
        return in_null_units(score, null, self._platform_kind.get(other))

    def _units(self, id_a: str, a: Sample, id_b: str, b: Sample, own: bool = True) -> float:
        """The pair's score in null units, less its two sides' house-style excess (a large
        input's, once ``learn`` has measured it; in proportion to the input's own null).
        ``own``: the samples are the accounts' own (else made for this pair: their dot
        product is not in the gram matrix)."""
        model = load_model()[0]  # type: ignore[index]
        score = model.score(a, b, self._dot(id_a, a, id_b, b) if own else None)
        x = self.null_units(id_a, id_b, score, (a.words, b.words))
        excess = self._excess.get(id_a, 0.0) + self._excess.get(id_b, 0.0)
        return x - 0.5 * self._cohort_weight * excess

    def _measure_house_style(
        self, sure: Sequence[tuple[Profile, Profile]], tied: Sequence[tuple[Profile, Profile]]
    ) -> None:
        """Each sample's excess over the input's usual nearest company, its closest cohort
        members scored as pairs are, the accounts tied to it left out (see
        :mod:`linkage.signals.style_house`)."""
        samples = self._samples
        rescored = {
            pid: [
                (other, self._units(pid, samples[pid], other, samples[other]))  # type: ignore[arg-type]
                for other, _ in nearest
                if samples.get(other) is not None
            ]
            for pid, nearest in self._nearest.items()
            if samples.get(pid) is not None
        }
        ids = [(a.id, b.id) for a, b in sure], [(a.id, b.id) for a, b in tied]
        self._excess = neighbourhood_excess(rescored, left_out(*ids))

    def learn(
        self,
        sure: Sequence[tuple[Profile, Profile]],
        tied: Sequence[tuple[Profile, Profile]] = (),
    ) -> None:
        """Learn this input's mapping from null units to bits (stage 2 of the calibration)
        from the pairs the other signals are sure of (:mod:`linkage.evidence.learning`), in a large
        input only (one with its own cohort). First each sample's house-style excess, with the
        pairs the other signals ``tied`` left out (:mod:`linkage.signals.style_house`):
        every score below is net of it. The reference's slope for the two sample sizes
        times x is the one feature; a logistic regression separates the sure pairs from pairs
        of the cohort (nearly all different people), the two classes weighted equally, so
        that its log-odds are a log likelihood ratio. The slope stays >= 0. Then the cap: the
        most bits a pair may get here, lowered when the cohort's own pairs reach high weights
        more often than such weights allow (:func:`cohort_cap`)."""
        self.learned = None
        self.cap = MAX_BITS
        self._excess = {}
        loaded = load_model()
        if loaded is None or not self._cohort:
            return
        self._measure_house_style(sure, tied)
        beta = loaded[1]
        pairs = []  # the cohort's pairs: (x, reference slope, reference bits)
        for i, (id_a, sa) in enumerate(self._cohort):
            for id_b, sb in self._cohort[i + 1 :]:
                x = self._units(id_a, sa, id_b, sb)
                pairs.append(
                    (
                        x,
                        reference_slope(beta, sa.words, sb.words),
                        bits_from_units(beta, x, sa.words, sb.words),
                    )
                )
            if len(pairs) >= BACKGROUND_PAIRS:
                break
        cohort = np.array(pairs).reshape(-1, 3)
        sure_z = []
        for a, b in sure:
            sa, sb = self._samples.get(a.id), self._samples.get(b.id)
            if sa is not None and sb is not None:
                x = self._units(a.id, sa, b.id, sb)
                sure_z.append(reference_slope(beta, sa.words, sb.words) * x)
        bits = cohort[:, 2]
        if len(sure_z) >= LEARN_FROM:
            background = (cohort[:, 0] * cohort[:, 1]).tolist()
            z = np.array(sure_z + background)
            labels = np.r_[np.ones(len(sure_z)), np.zeros(len(background))]
            # both classes weigh as much as the sure pairs: they are what the fit learns from
            weights = np.where(labels == 1, 1.0, len(sure_z) / max(len(background), 1))
            slope, intercept = fit_logistic(z, labels, weights)
            share = min(1.0, (len(sure_z) - LEARN_FROM) / (LEARN_FULL - LEARN_FROM))
            self.learned = (slope, intercept, share)
            own = slope * cohort[:, 0] * cohort[:, 1] + intercept
            bits = (1 - share) * bits + share * own
        self.cap = cohort_cap(bits, len(self._cohort) - 1)

    def compare(self, a: Profile, b: Profile) -> Evidence | None:
        sa, ka = self._sample(a)
        sb, kb = self._sample(b)
        if sa is None or sb is None:
            return None
        loaded = load_model()
        if loaded is None:
            return None
        beta = loaded[1]
        left_a: frozenset[int] = frozenset()
        left_b: frozenset[int] = frozenset()
        if self._cohort_weight < TEMPLATES_BELOW:
            left_a, left_b = self._pairs.template_posts(a.id, b.id)
        if left_a or left_b:
            sa, ka = self._without(a.id, left_a)
            sb, kb = self._without(b.id, left_b)
            if sa is None or sb is None:
                detail = (
                    "too little writing is left once the posts that follow a template both "
                    "accounts use are left out, so the styles are not compared"
                )
                return Evidence(self.name, 0.0, detail)
        x = self._units(a.id, sa, b.id, sb, own=not (left_a or left_b))
        bits = bits_from_units(beta, x, sa.words, sb.words)
        if self.learned is not None:
            slope, intercept, share = self.learned
            own = slope * reference_slope(beta, sa.words, sb.words) * x + intercept
            bits = (1 - share) * bits + share * own
        if bits < 0.0:  # differences only (see audit_steepening)
            words, talk = (sa.words, sb.words), (ka.talk, kb.talk)
            bits *= audit_steepening(words, talk, self._cohort_weight)
        kind = kind_factor(ka, kb)
        coverage = coverage_factor(sa, sb)
        occasions = occasions_factor(ka, kb)
        factor = kind * coverage * occasions
        bits = max(-MAX_BITS, min(self.cap, bits * factor))
        values = (f"{sa.words:,} words", f"{sb.words:,} words")
        if kind == 0.0:
            detail = (
                "the two accounts hold different kinds of writing (for example long "
                "messages against short replies), so their styles are not compared"
            )
        elif coverage == 0.0:
            detail = (
                "the writing is unlike the reference writing the tool compares styles "
                "against (another language, or chat), so the styles are not compared"
            )
        elif bits >= 1:
            detail = (
                "the writing shares habits of spelling, punctuation and phrasing well "
                f"beyond what unrelated writers share (from {sa.words:,} and {sb.words:,} words)"
            )
        elif bits <= -1:
            detail = f"the writing styles differ (judged from {sa.words:,} and {sb.words:,} words)"
        else:
            detail = (
                "the writing styles neither match nor differ clearly "
                f"(from {sa.words:,} and {sb.words:,} words)"
            )
        if (left_a or left_b) and detail.endswith(")"):
            few = len(left_a) + len(left_b)
            posts = "1 post that follows" if few == 1 else f"{few} posts that follow"
            detail = detail[:-1] + f"; {posts} a template both use left out)"
        if 0.0 < factor < 1.0:
            why = []
            if kind < 1.0 or coverage < 1.0:
                why.append("the samples differ in kind or are unlike the reference writing")
            if occasions < 1.0:
                few = min(ka.posts, kb.posts)
                why.append(f"one side has only {'one post' if few == 1 else f'{few} posts'}")
            detail = detail[:-1] + f"; counted for less: {' and '.join(why)})"
        return Evidence(self.name, bits, detail, values)


def _upper_spread(values: np.ndarray) -> float:
    """The spread of the far upper tail: (99.9th percentile - median) / 3.090, a Gaussian's
    standard deviation where its 99.9th percentile lies. The pairs that score highest
    (colleagues, one template, and the input's own true pairs) are what a measure must not
    make more extreme than the character measure alone does."""
    return (float(np.quantile(values, 0.999)) - float(np.median(values))) / 3.090


def _prepare_share(share: Sequence[list[str]]) -> list[tuple[Kind, Sample | None]]:
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


def _posts(profile: Profile) -> list[str]:
    return [p.text for p in profile.posts if isinstance(p.text, str)]


SIGNAL = StyleSignal
