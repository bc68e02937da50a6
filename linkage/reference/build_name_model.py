"""Build the name and username reference data shipped in ``linkage/data/``.

Run from the repository root (needs the packages ``wordfreq`` and ``gender-guesser``)::

    python -m linkage.reference.build_name_model

It writes three files, described with their sources and licences in ``linkage/data/SOURCES.md``:

``names_first.tsv``
    First names (folded to lower-case ASCII) and their rarity in bits, -log2 of the estimated
    share of people who bear the name. Source: the first-name dictionary of Jörg Michael's
    ``gender`` program as shipped in the PyPI package ``gender-guesser`` (``nam_dict.txt``,
    GNU FDL 1.2): about 45,000 names with their popularity in 55 countries on a logarithmic
    scale (value 10 is about 2 % of the population, each step a factor of two). The share used
    is the geometric mean of the largest national share and the mean over countries, so that
    a name common in one country counts as fairly common without being common everywhere.

``names_words.tsv.gz``
    Word frequencies (Zipf scale, log10 of occurrences per billion words) from ``wordfreq``
    (data CC BY-SA 4.0) over many languages: for Latin-script languages the token folded to
    ASCII, keeping the largest frequency over the languages; for Cyrillic, Greek, Arabic and
    Hebrew-script languages the lower-cased token. Used for word segmentation of usernames and
    for the rarity of words shared by two bios.

``username_charlm.npy``
    A character 4-gram model of name-like and word-like strings over ``a``-``z`` plus a word
    boundary, trained on the word types above (weighted by the logarithm of their frequency)
    and the first names, smoothed by Witten–Bell interpolation with 3 % uniform mass, stored as -log2 P(c | three
    previous characters) quantised to 1/8 bit in a uint8 array of shape (27, 27, 27, 27).
"""

from __future__ import annotations

import gzip
import math
import re
import unicodedata
from collections import defaultdict
from pathlib import Path

import numpy as np

DATA = Path(__file__).resolve().parent.parent / "data"

MAJOR_LANGUAGES = ["en", "fr", "de", "es", "it", "nl", "pt"]
LATIN_LANGUAGES = (
    *MAJOR_LANGUAGES,
    *[
        "ca",
        "da",
        "nb",
        "sv",
        "fi",
        "is",
        "pl",
        "cs",
        "sk",
        "sl",
        "hu",
        "ro",
        "tr",
        "id",
        "ms",
        "lt",
        "lv",
        "sh",
        "fil",
    ],
)
OTHER_LANGUAGES = ("ru", "uk", "el", "ar", "he")
WORDS_PER_MAJOR_LANGUAGE = 25_000
WORDS_PER_LATIN_LANGUAGE = 6_000
WORDS_PER_OTHER_LANGUAGE = 10_000
MIN_ZIPF = 1.0

ALPHABET = "abcdefghijklmnopqrstuvwxyz"
BOUNDARY = 0  # index of the word boundary; letters are 1..26
ORDER = 4
UNIFORM = 0.03


def fold(text: str) -> str:
    """Lower-case ASCII with accents transliterated (``é`` -> ``e``, ``ß`` -> ``ss``)."""
    text = text.replace("ß", "ss").replace("æ", "ae").replace("ø", "o").replace("œ", "oe")
    text = text.replace("đ", "d").replace("ł", "l").replace("ı", "i")
    text = unicodedata.normalize("NFKD", text.lower())
    return text.encode("ascii", "ignore").decode("ascii")


def first_names() -> dict[str, float]:
    import gender_guesser

    path = Path(gender_guesser.__file__).parent / "data" / "nam_dict.txt"
    shares: dict[str, list[float]] = defaultdict(lambda: [0.0] * 55)
    with path.open(encoding="utf-8") as handle:
        for raw in handle:
            line = raw.rstrip("\r\n")
            if line.endswith("$"):
                line = line[:-1]
            if not line or line[0] in "#=":
                continue
            if len(line) > 29 and line[29] == "+":
                continue  # duplicate line sorted with expanded umlauts
            parts = line.split()
            if len(parts) < 2:
                continue
            name = parts[1]
            values = line[30:85]
            for variant in {name.replace("+", ""), name.replace("+", "-")}:
                key = re.sub(r"[^a-z]", "", fold(variant))
                if len(key) < 2:
                    continue
                row = shares[key]
                for i, ch in enumerate(values):
                    if ch.strip():
                        value = int(ch, 16)
                        row[i] += 0.02 * 2.0 ** (value - 10)
    out: dict[str, float] = {}
    for key, row in shares.items():
        top = max(row)
        if top <= 0:
            continue
        mean = sum(row) / len(row)
        share = min(math.sqrt(top * mean), 0.05)
        out[key] = round(-math.log2(share), 1)
    return out


def words() -> tuple[dict[str, float], dict[str, float]]:
    import wordfreq

    # The most frequent words of each language (more for the major European ones), each with
    # its largest frequency over all the languages.
    keys: set[str] = set()
    for lang in LATIN_LANGUAGES:
        quota = WORDS_PER_MAJOR_LANGUAGE if lang in MAJOR_LANGUAGES else WORDS_PER_LATIN_LANGUAGE
        for i, word in enumerate(wordfreq.iter_wordlist(lang, "best")):
            if i >= quota:
                break
            key = fold(word)
            if re.fullmatch(r"[a-z]{2,24}", key):
                keys.add(key)
    latin: dict[str, float] = {}
    for lang in LATIN_LANGUAGES:
        for word, freq in wordfreq.get_frequency_dict(lang, "best").items():
            key = fold(word)
            if key in keys:
                zipf = round(math.log10(freq * 1e9), 1) if freq > 0 else 0.0
                if zipf >= MIN_ZIPF and zipf > latin.get(key, 0.0):
                    latin[key] = zipf
    other: dict[str, float] = {}
    for lang in OTHER_LANGUAGES:
        for i, word in enumerate(wordfreq.iter_wordlist(lang, "best")):
            if i >= WORDS_PER_OTHER_LANGUAGE:
                break
            key = unicodedata.normalize("NFKC", word).casefold()
            if not key.isalpha() or key.isascii():
                continue
            zipf = wordfreq.zipf_frequency(word, lang)
            if zipf >= MIN_ZIPF and zipf > other.get(key, 0.0):
                other[key] = zipf
    return latin, other


def train_charlm(weighted: dict[str, float]) -> np.ndarray:
    """Witten–Bell interpolated character 4-gram model, -log2 P quantised to 1/8 bit."""
    size = len(ALPHABET) + 1
    counts = np.zeros((size,) * ORDER, dtype=np.float64)
    for word, weight in weighted.items():
        idx = [BOUNDARY] * (ORDER - 1) + [ALPHABET.index(c) + 1 for c in word] + [BOUNDARY]
        for i in range(ORDER - 1, len(idx)):
            counts[idx[i - 3], idx[i - 2], idx[i - 1], idx[i]] += weight
    # Lower orders from the same events (sums over the oldest context character).
    c1 = counts.sum(axis=(0, 1, 2))
    prob1 = (c1 + 0.5) / (c1.sum() + 0.5 * size)
    prob = prob1[None, :]  # shape (1, size): order 1
    for order in (2, 3, 4):
        axes = tuple(range(0, ORDER - order))
        c = counts.sum(axis=axes) if axes else counts
        c = c.reshape(-1, size)  # (contexts, next)
        total = c.sum(axis=1, keepdims=True)
        types = (c > 0).sum(axis=1, keepdims=True)
        # the lower-order context drops the oldest character: row r uses row r mod size**(n-2)
        lower = np.tile(prob, (size, 1))
        with np.errstate(invalid="ignore", divide="ignore"):
            mixed = (c + types * lower) / (total + types)
        mixed = np.where(total > 0, mixed, lower)
        prob = mixed
    # a little uniform mass, so that an unseen string costs about log2(27) bits a character
    prob = (1.0 - UNIFORM) * prob + UNIFORM / size
    bits = -np.log2(prob.reshape((size,) * ORDER))
    return np.clip(np.round(bits * 8), 0, 255).astype(np.uint8)


def main() -> None:
    DATA.mkdir(exist_ok=True)
    names = first_names()
    latin, other = words()
    with (DATA / "names_first.tsv").open("w", encoding="utf-8") as out:
        out.write("# first name (folded)\tbits; built by linkage/reference/build_name_model.py\n")
        for key in sorted(names):
            out.write(f"{key}\t{names[key]}\n")
    with gzip.open(DATA / "names_words.tsv.gz", "wt", encoding="utf-8") as out:
        out.write("# token\tzipf; built by linkage/reference/build_name_model.py\n")
        # sorted by key: linkage.signals.sorted_table looks tokens up by binary search
        for key, zipf in sorted({**latin, **other}.items()):
            out.write(f"{key}\t{zipf:.1f}\n")
    training: dict[str, float] = {}
    for key, zipf in latin.items():
        training[key] = 1.0 + max(zipf - 1.0, 0.0)
    for key, bits in names.items():
        training[key] = training.get(key, 0.0) + 1.0 + max(0.0, (16.0 - bits) / 3.0)
    np.save(DATA / "username_charlm.npy", train_charlm(training))
    print(f"{len(names)} first names, {len(latin)} + {len(other)} words")


if __name__ == "__main__":
    main()
