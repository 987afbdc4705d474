"""English usage statistics: how often a word, and a pair of adjacent words, occur in print.

The counts are symspellpy's Google-Books-derived dictionaries (82,765 words; 243,342 word pairs,
every pair seen at least about 7 million times), shipped inside the package, so nothing is
downloaded. An absent pair therefore means "rare", not "impossible": callers compare a word with
an alternative rather than trusting one count. wordfreq covers other languages.

The word list and the pair list load lazily and separately, on first use. Stop words of any
language spaCy knows come from spaCy's language data (no model needed).
"""

from __future__ import annotations

import bisect
import importlib.resources
import math
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from xlingual.analysis.spacy_import import import_spacy
from xlingual.memo import remembered

_UNIGRAMS = "frequency_dictionary_en_82_765.txt"
_BIGRAMS = "frequency_bigramdictionary_en_243_342.txt"


@dataclass(frozen=True)
class Token:
    """A word of a text with its character span in that text."""

    text: str
    start: int
    end: int

    @property
    def lower(self) -> str:
        return self.text.lower()


# Letters with inner apostrophes or hyphens ("don't", "three-star") are one token; digits are not
# words for the lexicon's purposes.
_TOKEN = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")


def tokens(text: str, offset: int = 0) -> list[Token]:
    return [Token(m.group(), m.start() + offset, m.end() + offset) for m in _TOKEN.finditer(text)]


@dataclass(frozen=True)
class _Unigrams:
    counts: dict[str, int]
    total: int


@dataclass(frozen=True)
class _Bigrams:
    counts: dict[tuple[str, str], int]
    before: dict[str, dict[str, int]]  # next word -> {word seen before it: count}
    after: dict[str, dict[str, int]]  # previous word -> {word seen after it: count}
    floor: int


# Two tables loaded apart: the pairs take most of the loading time, and the spelling checks
# need only the words.
@lru_cache(maxsize=1)
def _unigrams() -> _Unigrams:
    package = importlib.resources.files("symspellpy")
    counts: dict[str, int] = {}
    for line in (package / _UNIGRAMS).read_text(encoding="utf-8").splitlines():
        word, _, count = line.partition(" ")
        if count:
            counts[word] = int(count)
    return _Unigrams(counts, sum(counts.values()))


@lru_cache(maxsize=1)
def _bigrams() -> _Bigrams:
    package = importlib.resources.files("symspellpy")
    bigrams: dict[tuple[str, str], int] = {}
    before: dict[str, dict[str, int]] = defaultdict(dict)
    after: dict[str, dict[str, int]] = defaultdict(dict)
    for line in (package / _BIGRAMS).read_text(encoding="utf-8").splitlines():
        parts = line.split(" ")
        if len(parts) != 3:
            continue
        first, second, count = parts[0], parts[1], int(parts[2])
        bigrams[(first, second)] = count
        before[second][first] = count
        after[first][second] = count
    return _Bigrams(bigrams, dict(before), dict(after), min(bigrams.values()))


def unigram(word: str) -> int:
    """How often `word` (any case) occurs; 0 when it is not in the dictionary."""
    return _unigrams().counts.get(word.lower(), 0)


def bigram(first: str, second: str) -> int:
    """How often `first second` occurs; 0 when the pair is rarer than the dictionary's floor."""
    return _bigrams().counts.get((first.lower(), second.lower()), 0)


def words_before(word: str) -> dict[str, int]:
    """Words seen immediately before `word`, with the pair counts."""
    return _bigrams().before.get(word.lower(), {})


def words_after(word: str) -> dict[str, int]:
    """Words seen immediately after `word`, with the pair counts."""
    return _bigrams().after.get(word.lower(), {})


def total_words() -> int:
    return _unigrams().total


def bigram_floor() -> int:
    """The smallest pair count in the dictionary: an absent pair is rarer than this."""
    return _bigrams().floor


MIN_BAND_SIZE = 50  # fewer peers than this and a share says nothing


def attested_share(word: str, frequency: int, side: str) -> float:
    """The share of dictionary words about as frequent as `frequency` (within a factor of two)
    that are attested next to `word`: right after it (side="after") or right before it
    (side="before"). It says how telling an absent pair is: "for" is followed by half of all
    words of middling frequency, so a missing "for X" is a surprise; a missing "afraid X" is not.
    Zero when the frequency band holds fewer than MIN_BAND_SIZE words."""
    if frequency <= 0:
        return 0.0
    return _attested_share(word.lower(), round(math.log2(frequency)), side)


@lru_cache(maxsize=65536)
def _attested_share(word: str, octave: int, side: str) -> float:
    tables = _bigrams()
    peers = _frequency_band(octave)
    if len(peers) < MIN_BAND_SIZE:
        return 0.0
    neighbours = (tables.after if side == "after" else tables.before).get(word, {})
    return len(neighbours.keys() & _frequency_band_set(octave)) / len(peers)


@lru_cache(maxsize=64)
def _frequency_band_set(octave: int) -> frozenset[str]:
    return frozenset(_frequency_band(octave))


@lru_cache(maxsize=64)
def _frequency_band(octave: int) -> tuple[str, ...]:
    centre = 2.0**octave
    ranked = _ranked_counts()
    low = bisect.bisect_left(ranked[0], centre / 2)
    high = bisect.bisect_right(ranked[0], centre * 2)
    return ranked[1][low:high]


@lru_cache(maxsize=1)
def _ranked_counts() -> tuple[list[int], tuple[str, ...]]:
    ranked = sorted(_unigrams().counts.items(), key=lambda item: (item[1], item[0]))
    return [count for _, count in ranked], tuple(word for word, _ in ranked)


def is_english_word(word: str) -> bool:
    return unigram(word) > 0


@lru_cache(maxsize=200_000)
@remembered("wordfreq")  # loading one language's table takes longer than a run's lookups
def zipf(word: str, language: str) -> float:
    """wordfreq's Zipf frequency (0 when unknown, 3 = once per million words, 7 = "the"); 0 for
    a language wordfreq does not know. Every module reads wordfreq through this one cache."""
    if not language:
        return 0.0
    from wordfreq import zipf_frequency

    try:
        if word.isascii() and word.isalpha() and word.islower() and _plain_tokens(language):
            return _zipf_of_frequency(_frequencies(language).get(word, 0.0))
        return float(zipf_frequency(word, language))
    except (LookupError, ValueError, ImportError):  # ImportError: ja and ko need MeCab
        return 0.0


# wordfreq's zipf_frequency tokenises every word it is asked about, which costs more than the
# look-up. A lower-case ASCII word is a single token of itself in every language that wordfreq
# splits with its regular expressions, so its frequency is read from the table directly and
# rounded exactly as wordfreq rounds it (tests/test_lexicon.py compares the two).
@lru_cache(maxsize=64)
def _plain_tokens(language: str) -> bool:
    from wordfreq.language_info import get_language_info

    return get_language_info(language)["tokenizer"] == "regex"


@lru_cache(maxsize=64)
def _frequencies(language: str) -> dict[str, float]:
    from wordfreq import get_frequency_dict

    # The very arguments wordfreq's own look-ups pass, so that its cache holds one copy.
    return get_frequency_dict(language, "best")


def _zipf_of_frequency(frequency: float) -> float:
    if frequency == 0.0:
        return 0.0
    leading_zeroes = math.floor(-math.log(frequency, 10))
    return round(math.log(round(frequency, leading_zeroes + 3), 10) + 9, 2)


@dataclass(frozen=True)
class _SpellingTable:
    """Dictionary words sorted by length, with a letter histogram per word."""

    words: tuple[str, ...]
    counts: np.ndarray  # unigram count of each word
    lengths: np.ndarray  # sorted ascending
    histograms: np.ndarray  # one row per word: counts of a..z, then of any other character


def _letter_histogram(word: str) -> np.ndarray:
    histogram = np.zeros(27, dtype=np.int16)
    for char in word:
        index = ord(char) - ord("a")
        histogram[index if 0 <= index < 26 else 26] += 1
    return histogram


@lru_cache(maxsize=1)
def _spelling_table() -> _SpellingTable:
    unigrams = _unigrams().counts
    words = tuple(sorted(unigrams, key=lambda word: (len(word), word)))
    return _SpellingTable(
        words,
        np.array([unigrams[word] for word in words], dtype=np.int64),
        np.array([len(word) for word in words], dtype=np.int32),
        _letter_histograms(words),
    )


def _letter_histograms(words: tuple[str, ...]) -> np.ndarray:
    """`_letter_histogram` of every word at once (one row each): the letters of all the words
    as code points, each counted into its word's row."""
    lengths = np.fromiter((len(word) for word in words), dtype=np.int64, count=len(words))
    points = np.frombuffer("".join(words).encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    index = points - ord("a")
    index[(index < 0) | (index >= 26)] = 26
    cells = np.repeat(np.arange(len(words)) * 27, lengths) + index
    counts = np.bincount(cells, minlength=len(words) * 27)
    return counts.reshape(len(words), 27).astype(np.int16)


@remembered("symspellpy")
def corrections(word: str, max_distance: int = 2) -> list[tuple[str, int, int]]:
    """Dictionary words within `max_distance` edits of `word`: (word, distance, count), closest
    and then most frequent first. An edit is an insertion, deletion, substitution or swap of
    neighbouring letters (optimal string alignment, as SymSpell counts them).

    A scan rather than SymSpell's index: building that index takes 10 s, longer than a run's
    few hundred questions. Letter histograms make the scan cheap and stay exact: one edit
    changes the histogram by at most 2, so a word more than 2 * max_distance away in histogram
    (or max_distance in length) cannot be within max_distance edits.
    """
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    word = word.lower()
    table = _spelling_table()
    first = bisect.bisect_left(table.lengths, len(word) - max_distance)
    last = bisect.bisect_right(table.lengths, len(word) + max_distance)
    gap = np.abs(table.histograms[first:last] - _letter_histogram(word)).sum(axis=1)
    near = first + np.flatnonzero(gap <= 2 * max_distance)
    found = process.extract(
        word,
        [table.words[i] for i in near],
        scorer=OSA.distance,
        score_cutoff=max_distance,
        limit=None,
    )
    return sorted(
        ((term, int(distance), int(table.counts[near[i]])) for term, distance, i in found),
        key=lambda s: (s[1], -s[2], s[0]),
    )


__all__ = [
    "Token",
    "bigram",
    "corrections",
    "is_english_word",
    "tokens",
    "total_words",
    "unigram",
    "words_after",
    "words_before",
    "zipf",
]


@lru_cache(maxsize=64)
@remembered("spacy")  # importing spaCy for a word list takes seconds
def stop_words(languages: tuple[str, ...]) -> frozenset[str]:
    """spaCy's stop words of these languages (base codes, "en"); none for a language spaCy does
    not know, so an unknown language simply has no stop words."""
    spacy = import_spacy()
    words: set[str] = set()
    for language in languages:
        try:
            words.update(spacy.util.get_lang_class(language).Defaults.stop_words)
        except (ImportError, KeyError, ValueError):  # no such language in spaCy
            continue
    return frozenset(words)
