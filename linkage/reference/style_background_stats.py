"""The statistics the style background ships, made from authors' writing: each n-gram bucket's
IDF, the centroid of the documents' unit vectors, the impostors' bucket sets, and those sets
packed as :class:`linkage.signals.style_features.StyleModel` reads them (see
:mod:`linkage.reference.build_style_background`)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from linkage.reference.changelogs import Author, chunks, take_words
from linkage.signals import style_features as sf
from linkage.signals.style_features import StyleModel

IDF_SCALE = 20  # idf shipped as uint8 in steps of 1/20
IMPOSTORS = 128  # a multiple of 8
IMPOSTOR_WORDS = 1600


@dataclass
class Background:
    idf: np.ndarray  # float, per bucket
    centroid: np.ndarray  # float32, per bucket
    impostors: np.ndarray  # bool, (K, buckets)
    impostor_keys: list[str]


def build_background(authors: list[Author], rng: np.random.Generator) -> Background:
    size = 1 << sf.BITS
    docs = [c for a in authors for c in chunks(a.messages)]
    df = np.zeros(size)
    bucket_sets = []
    for doc in docs:
        text, _ = sf.profile_text(doc, max_words=10**9)
        buckets = sf.ngram_buckets(text)
        bucket_sets.append(buckets)
        df[buckets] += 1
    idf = np.log((len(docs) + 1) / (df + 1)) + 1
    idf = np.round(idf * IDF_SCALE) / IDF_SCALE  # as shipped
    weight = sf.weights(idf)
    centroid = np.zeros(size)
    for buckets in bucket_sets:
        w = weight[buckets]
        centroid[buckets] += w / np.linalg.norm(w)
    centroid /= len(docs)
    long_enough = [a for a in authors if a.words >= IMPOSTOR_WORDS]
    chosen = rng.choice(len(long_enough), min(IMPOSTORS, len(long_enough)), replace=False)
    impostors = np.zeros((len(chosen), size), bool)
    keys = []
    for row, index in enumerate(sorted(chosen)):
        author = long_enough[index]
        text, _ = sf.profile_text(take_words(author.messages, IMPOSTOR_WORDS), 10**9)
        impostors[row, sf.ngram_buckets(text)] = True
        keys.append(author.key)
    return Background(idf, centroid.astype(np.float32), impostors, keys)


def packed(impostors: np.ndarray) -> np.ndarray:
    """The impostors' bucket sets as the model reads them: bits packed along the impostors."""
    return np.packbits(np.ascontiguousarray(impostors.T), axis=1)


def model_of(background: Background) -> StyleModel:
    return StyleModel(background.idf, background.centroid, packed(background.impostors))
