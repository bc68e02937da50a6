"""Names and places written in scripts other than the Latin alphabet, and the German and
Scandinavian spellings of Latin letters, for the name and bio signals.

:func:`linkage.signals.names_model.fold` keeps Latin letters only (accents taken off), so
"Катерина Бондаренко", "王小明" or "سلمى ناصر" folded to nothing and were never compared.
Here the letters of other scripts are spelt in Latin letters by ``anyascii`` (a per-character
transliteration table kept for every script in Unicode; ISC licence), so that

* the same name in one script on two accounts reads as the same name, as it does in Latin;
* a name beside its spelling in another script ("Дмитрий Соколов", "Dmitry Sokolov") can be
  compared, loosely (:func:`loose`): a transliteration has several spellings (Dmitriy,
  Dmitry, Dmitrii), and scripts that leave vowels unwritten or implied (Arabic, Hebrew,
  Devanagari, Thai) give only the consonants reliably (:func:`skeleton`).

Latin text is left exactly as :func:`~linkage.signals.names_model.fold` reads it. Chinese and
Japanese characters are written without spaces: a name of two to four of them is read as a
one-character family name and the given name (:func:`split_cjk_name`).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

from anyascii import anyascii
from rapidfuzz.distance import Levenshtein

from linkage.signals.names_model import fold

#: scripts that write words without spaces between them (Chinese characters, Japanese kana)
CJK = "cjk"
#: scripts that leave vowels unwritten (Arabic, Hebrew) or implied after each consonant (the
#: scripts of India and South-East Asia): a name spelt from them is compared on its consonants
CONSONANT_SCRIPTS = frozenset(
    {"arabic", "hebrew", "syriac", "thaana", "devanagari", "bengali", "gurmukhi", "gujarati",
     "oriya", "tamil", "telugu", "kannada", "malayalam", "sinhala", "thai", "lao", "khmer",
     "myanmar", "tibetan"}
)  # fmt: skip
#: scripts whose names are written without a space between family and given name
UNSPACED = frozenset({CJK, "hangul"})
_SCRIPT_WORDS = {"CJK": CJK, "HIRAGANA": CJK, "KATAKANA": CJK, "IDEOGRAPHIC": CJK}


@lru_cache(maxsize=4096)
def char_script(ch: str) -> str | None:
    """The script of a letter or mark, in lower case ("latin", "cyrillic", "cjk", "hangul",
    ...); None for anything else (digits, punctuation, symbols, emoji) and for combining
    marks shared by every script."""
    if ch.isascii():
        return "latin" if ch.isalpha() else None
    if unicodedata.category(ch)[0] not in "LM":
        return None
    plain = unicodedata.normalize("NFKC", ch)
    if plain.isascii():  # fullwidth and mathematical Latin letters (ｉ, 𝐢) are Latin
        return "latin" if plain.isalpha() else None
    word = unicodedata.name(ch, "").split(" ", 1)[0]
    if not word or word == "COMBINING":
        return None
    return _SCRIPT_WORDS.get(word, word.lower())


#: how much of a text :func:`script_of` reads
SCRIPT_SAMPLE = 2000


def script_of(text: str) -> str | None:
    """The script most of a text's letters are written in (None when it has no letters), from
    its first ``SCRIPT_SAMPLE`` characters: a long bio's script shows in its start."""
    counts = Counter(s for s in map(char_script, text[:SCRIPT_SAMPLE]) if s is not None)
    return counts.most_common(1)[0][0] if counts else None


def is_cjk(ch: str) -> bool:
    return char_script(ch) == CJK


def find_words(pattern: re.Pattern[str], text: str) -> list[str]:
    """``pattern.findall(text)`` where the vowel signs and other marks of scripts such as
    Devanagari or Thai count as letters (``re`` has them as no word characters, and cut
    "राहुल" into "र", "ह", "ल")."""
    if text.isascii():
        return pattern.findall(text)
    shadow = text.translate(_marks_as_letters())  # one pass in C: bios can be long
    return [text[m.start() : m.end()] for m in pattern.finditer(shadow)]


@lru_cache(maxsize=1)
def _marks_as_letters() -> dict[int, str]:
    """The translation that :func:`find_words` reads text through: each mark (vowel sign,
    virama, …) of a script other than Latin as the letter "a"."""
    return {
        code: "a"
        for code in range(0x300, 0x20000)
        if unicodedata.category(chr(code))[0] == "M"
        and char_script(chr(code)) not in (None, "latin")
    }


def latin_spelling(text: str) -> str:
    """``text`` with the letters of scripts other than Latin spelt in Latin letters (each
    Chinese character a capitalised syllable: 王小明 -> WangXiaoMing; an apostrophe or accent
    a spelling uses for a letter left out); Latin letters, digits, punctuation and symbols are
    left as they are."""
    if text.isascii():
        return text
    out = []
    for ch in text:
        script = char_script(ch)
        if script is None or script == "latin":
            out.append(ch)
        else:  # letters only: not the ` and ' some letters are spelt with (عمّان -> `mn)
            out.append("".join(c for c in anyascii(ch) if c.isalnum()))
    return "".join(out)


def fold_any(word: str) -> str:
    """:func:`~linkage.signals.names_model.fold` of a word, with letters of other scripts spelt
    in Latin letters first (a Latin word folds exactly as ``fold`` folds it)."""
    return fold(latin_spelling(word))


_UMLAUTS = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ø": "oe", "å": "aa", "æ": "ae"}
)


def fold_umlauts(word: str) -> str:
    """The German and Scandinavian spelling of a word in plain letters (``Jürgen Müller`` ->
    ``juergen mueller``, ``Søren`` -> ``soeren``, ``Åsa`` -> ``aasa``): how people with these
    letters in their name build a username or write it where the letters are missing; ""
    when the word has none of them."""
    lower = unicodedata.normalize("NFC", word.lower())
    spelt = lower.translate(_UMLAUTS)
    return fold(spelt) if spelt != lower else ""


_CJK_NAME = re.compile(r"(?<![^\W\d_])([^\W\d_]{2,4})(?![^\W\d_])")


def _han(ch: str) -> bool:
    """A Chinese character (not Japanese kana, written as spelt: さくら is one name)."""
    return unicodedata.name(ch, "").startswith(("CJK UNIFIED", "CJK COMPATIBILITY IDEOGRAPH"))


def split_cjk_name(text: str) -> str:
    """A run of two to four Chinese characters or Korean syllables read as a name: the
    family name (its first character) and the given name, spaced (王小明 -> 王 小明)."""
    if text.isascii():
        return text

    def split(match: re.Match[str]) -> str:
        run = match.group(1)
        if all(_han(ch) for ch in run) or all(char_script(ch) == "hangul" for ch in run):
            return f"{run[0]} {run[1:]}"
        return run

    return _CJK_NAME.sub(split, text)


# --- comparing names across scripts -----------------------------------------------------

_LOOSE = (("kh", "h"), ("ph", "f"), ("ck", "k"), ("oy", "u"), ("ou", "u"), ("y", "i"),
          ("j", "i"), ("w", "v"), ("c", "k"), ("q", "k"), ("x", "ks"), ("'", ""))  # fmt: skip
_DOUBLE = re.compile(r"(.)\1+")


def loose(word: str) -> str:
    """A folded name part with the letters transliterations disagree on made alike (y and i,
    kh and h, ou and u, doubled letters...): Dmitriy, Dmitrii and Dmitry are all ``dmitri``."""
    for old, new in _LOOSE:
        word = word.replace(old, new)
    return _DOUBLE.sub(r"\1", word)


def skeleton(word: str) -> str:
    """A folded name part's consonants (``salma`` -> ``slm``, ``nasser`` -> ``nsr``): what a
    name spelt from a script that leaves vowels unwritten can be compared on."""
    return _DOUBLE.sub(r"\1", re.sub(r"[aeiouyvwh]", "", loose(word)))


def same_across(x: str, y: str, consonants: bool) -> bool:
    """Whether two folded name parts, one spelt from another script, may be one name: alike
    once :func:`loose` (one letter apart from five letters on), or, with ``consonants`` (one
    comes from a script that leaves vowels out), with the same consonants (three or more)."""
    if not x or not y:
        return False
    lx, ly = loose(x), loose(y)
    if lx == ly or (min(len(lx), len(ly)) >= 5 and Levenshtein.distance(lx, ly) <= 1):
        return True
    if consonants:
        sx, sy = skeleton(x), skeleton(y)
        return sx == sy and len(sx) >= 3
    return False
