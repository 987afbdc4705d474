"""English usage statistics: how often a word, and a pair of adjacent words, occur in print.

The counts are symspellpy's Google-Books-derived dictionaries (82,765 words; 243,342 word pairs,
every pair seen at least about 7 million times), shipped inside the package, so nothing is
downloaded. An absent pair therefore means "rare", not "impossible": callers compare a word with
an alternative rather than trusting one count. wordfreq covers other languages.

The dictionaries load lazily (about 3 s, 190 MB with the spelling index) on first use.
"""

from __future__ import annotations

import importlib.resources
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

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
class _Tables:
    unigrams: dict[str, int]
    bigrams: dict[tuple[str, str], int]
    before: dict[str, dict[str, int]]  # next word -> {word seen before it: count}
    after: dict[str, dict[str, int]]  # previous word -> {word seen after it: count}
    total: int


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    package = importlib.resources.files("symspellpy")
    unigrams: dict[str, int] = {}
    for line in (package / _UNIGRAMS).read_text(encoding="utf-8").splitlines():
        word, _, count = line.partition(" ")
        if count:
            unigrams[word] = int(count)
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
    return _Tables(unigrams, bigrams, dict(before), dict(after), sum(unigrams.values()))


def unigram(word: str) -> int:
    """How often `word` (any case) occurs; 0 when it is not in the dictionary."""
    return _tables().unigrams.get(word.lower(), 0)


def bigram(first: str, second: str) -> int:
    """How often `first second` occurs; 0 when the pair is rarer than the dictionary's floor."""
    return _tables().bigrams.get((first.lower(), second.lower()), 0)


def words_before(word: str) -> dict[str, int]:
    """Words seen immediately before `word`, with the pair counts."""
    return _tables().before.get(word.lower(), {})


def words_after(word: str) -> dict[str, int]:
    """Words seen immediately after `word`, with the pair counts."""
    return _tables().after.get(word.lower(), {})


def total_words() -> int:
    return _tables().total


def is_english_word(word: str) -> bool:
    return unigram(word) > 0


def zipf(word: str, language: str) -> float:
    """wordfreq's Zipf frequency (0 when unknown, 3 = once per million words, 7 = "the")."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, language) if language else 0.0


@lru_cache(maxsize=1)
def _spelling_index():
    from symspellpy import SymSpell

    index = SymSpell(max_dictionary_edit_distance=2, prefix_length=7)
    package = importlib.resources.files("symspellpy")
    index.load_dictionary(str(package / _UNIGRAMS), 0, 1)
    return index


def corrections(word: str, max_distance: int = 2) -> list[tuple[str, int, int]]:
    """Dictionary words within `max_distance` edits of `word`: (word, distance, count), closest
    and then most frequent first."""
    from symspellpy import Verbosity

    found = _spelling_index().lookup(word.lower(), Verbosity.ALL, max_distance)
    return sorted(((s.term, s.distance, s.count) for s in found), key=lambda s: (s[1], -s[2], s[0]))


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
