"""Writing style: two accounts whose writing shares habits (spelling, punctuation, casing,
favourite phrasings) far beyond what unrelated writers of that kind share.

:class:`StyleSignal` applies the model of :mod:`linkage.signals.style_model` (the method step by
step, with what each step was measured to do; the reference data; the settings): it reads each
account's writing, compares pairs, and in a large input measures the input on itself.
"""

from __future__ import annotations

from collections.abc import Sequence

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
from linkage.signals.style_cohort_pairs import learned_mapping, word_ratio
from linkage.signals.style_detail import pair_detail
from linkage.signals.style_features import (
    BITS,
    DENSE_FROM,
    MIN_WORDS,
    Sample,
    bits_from_units,
    null_units,
    profile_text,
    reference_slope,
    size_terms,
)
from linkage.signals.style_house import house_excess
from linkage.signals.style_kind import Kind, kind_of
from linkage.signals.style_matrix import gram, nearest, row_dots
from linkage.signals.style_model import (
    DENSE_LIMIT,
    LEARN_FROM,
    LEARN_FULL,
    MEMO_LIMIT,
    NEIGHBOURS,
    PARALLEL_FROM,
    TEMPLATES_BELOW,
    load_model,
    prepare_share,
    writing_kind,
)
from linkage.signals.style_shaping import (
    MAX_BITS,
    audit_steepening,
    coverage_factor,
    kind_factor,
    occasions_factor,
)
from linkage.signals.style_templates import PairPosts
from linkage.signals.style_words import WORD_LIMIT, WordHabits

#: names other modules import from here; LEARN_FROM and LEARN_FULL are the model's
#: (:mod:`linkage.signals.style_model`)
__all__ = ["LEARN_FROM", "LEARN_FULL", "SIGNAL", "StyleSignal", "load_model", "writing_kind"]


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
            lambda posts: prepare_share([posts])[0]
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
                map_shares(prepare_share, [posts[i] for i in todo], min_items=self.parallel_from),
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
        # pairs is the character measure's (see style_cohort_pairs.upper_spread)
        model = load_model()[0]  # type: ignore[index]

        def chars(id_a: str, sa: Sample, id_b: str, sb: Sample) -> float:
            score = model.score(sa, sb, self._dot(id_a, sa, id_b, sb))
            return 0.5 * (self._own_units(id_a, id_b, score) + self._own_units(id_b, id_a, score))

        ratio = word_ratio(self._cohort, self._words, chars)
        if ratio is not None:
            self._word_ratio = ratio
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

    def learn(
        self,
        sure: Sequence[tuple[Profile, Profile]],
        tied: Sequence[tuple[Profile, Profile]] = (),
    ) -> None:
        """Learn this input's mapping from null units to bits (stage 2 of the calibration)
        from the pairs the other signals are sure of (:mod:`linkage.evidence.learning`), in a large
        input only (one with its own cohort). First each sample's house-style excess, with the
        pairs the other signals ``tied`` left out (:mod:`linkage.signals.style_house`):
        every score below is net of it. Then the mapping and the cap it leaves
        (:func:`linkage.signals.style_cohort_pairs.learned_mapping`)."""
        self.learned = None
        self.cap = MAX_BITS
        self._excess = {}
        loaded = load_model()
        if loaded is None or not self._cohort:
            return
        ids = [(a.id, b.id) for a, b in sure], [(a.id, b.id) for a, b in tied]
        self._excess = house_excess(self._nearest, self._samples, self._units, *ids)
        both = []  # the sure pairs with writing on both sides
        for a, b in sure:
            sa, sb = self._samples.get(a.id), self._samples.get(b.id)
            if sa is not None and sb is not None:
                both.append((a.id, sa, b.id, sb))
        self.learned, self.cap = learned_mapping(loaded[1], self._cohort, both, self._units)

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
        factors = (kind, coverage, occasions)
        detail = pair_detail(bits, (sa, sb), (ka, kb), factors, (left_a, left_b))
        return Evidence(self.name, bits, detail, values)


def _posts(profile: Profile) -> list[str]:
    return [p.text for p in profile.posts if isinstance(p.text, str)]


SIGNAL = StyleSignal
