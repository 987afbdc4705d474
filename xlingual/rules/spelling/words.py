"""What the spelling and form rules (XL3xx) share: the plain English words of an article with
their surroundings, word frequencies, foreign words, and where a run-together word splits.

Word statistics come from `xlingual.analysis.words.lexicon` (Google-Books counts, wordfreq). Names
are the names rules' business, so these rules stay away from capitalised words unless another
article gives evidence, and from anything that looks like a link or code.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from xlingual.analysis.words import lexicon
from xlingual.load.documents import Document
from xlingual.memo import remembered
from xlingual.rules.base import CheckContext
from xlingual.text_helpers import OPENING_QUOTES, base_language

# wordfreq keeps common misspellings ("recieve" 2.75) and closed compounds ("anticorruption" 2.1);
# a word below this is unknown, and a known word is never flagged whatever its spelling.
_KNOWN_ZIPF = 2.0

LINKISH = re.compile(r"://|^www\.|@|/|\w\.\w|\\|[_=#~<>{}|]")


@dataclass(frozen=True)
class Word:
    """A word of an English sentence with what the rules need to know about its surroundings."""

    text: str
    start: int
    end: int
    sentence: int
    at_sentence_start: bool
    followed_by_word: bool

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()


def is_english(document: Document) -> bool:
    return base_language(document.language) == "en"


def plain_words(document: Document) -> Iterator[Word]:
    """Latin-script words outside links, addresses, code and numbers; acronyms left out."""
    text = document.text
    for sentence in document.sentences:
        for chunk in re.finditer(r"\S+", sentence.text):
            if LINKISH.search(chunk.group()) or any(c.isdigit() for c in chunk.group()):
                continue
            offset = sentence.start + chunk.start()
            for token in lexicon.tokens(chunk.group(), offset):
                if token.text.isupper() or not _is_latin(token.text):
                    continue
                yield Word(
                    token.text,
                    token.start,
                    token.end,
                    sentence.index,
                    not any(c.isalnum() for c in text[sentence.start : token.start]),
                    _next_is_word(text, token.end, sentence.end),
                )


def _is_latin(word: str) -> bool:
    return all(c.isascii() or "\u00c0" <= c <= "\u024f" or not c.isalpha() for c in word)


def _next_is_word(text: str, position: int, end: int) -> bool:
    if position >= end or text[position] != " ":
        return False
    position += 1
    while position < end and text[position] in OPENING_QUOTES:
        position += 1
    return position < end and text[position].isalpha()


# Languages whose words commonly appear untranslated in English news; a word common in one of
# them is foreign, which is another rule's business, not a misspelling.
_OTHER_LANGUAGES = ("fr", "de", "es", "it", "pt", "nl")

_FOREIGN_ZIPF = 2.5


@lru_cache(maxsize=65536)
def zipf_en(word: str) -> float:
    return lexicon.zipf(word.lower(), "en")


def is_known(word: str) -> bool:
    return lexicon.unigram(word) > 0 or zipf_en(word) >= _KNOWN_ZIPF


@lru_cache(maxsize=65536)
def is_foreign(word: str) -> bool:
    if not word.isascii():
        return True  # an English word with accents would be in the dictionary
    return any(lexicon.zipf(word.lower(), code) >= _FOREIGN_ZIPF for code in _OTHER_LANGUAGES)


def is_camel_case(word: str) -> bool:
    return any(c.isupper() for c in word[1:])


# Where a run-together word splits (XL302's finding, and XL301 leaves such words to it)


@dataclass(frozen=True)
class Split:
    left: str
    right: str
    bigram: int

    def joined(self, hyphen: bool) -> str:
        return f"{self.left}{'-' if hyphen else ' '}{self.right}"


def _part_is_word(part: str, minimum_zipf: float) -> bool:
    if len(part) < 2 or lexicon.unigram(part) == 0:
        return False
    # Two-letter pieces are everywhere ("in", "so", "up"): only the most common count.
    return zipf_en(part) >= (5.0 if len(part) == 2 else minimum_zipf)


def best_split(word: str, name_parts: frozenset[str]) -> Split | None:
    """The split of `word` into two frequent words, preferring one attested as a pair.

    A capitalised word may start with a name the articles use on its own ("Smithbacked" for
    "Smith-backed"); its rest must then be a longer lowercase word.
    """
    # Only the names the word starts with matter; as a sorted tuple they make a stable key for
    # the answer store, so that a warm run does not load the pair counts for this.
    return _best_split(word, tuple(sorted(part for part in name_parts if word.startswith(part))))


@remembered("symspellpy", "wordfreq")
def _best_split(word: str, name_parts: tuple[str, ...]) -> Split | None:
    best: tuple[float, Split] | None = None
    for cut in range(2, len(word) - 2):
        left, right = word[:cut], word[cut:]
        if not right.islower():
            continue
        if left in name_parts:
            if len(left) < 3 or len(right) < 5 or not _part_is_word(right, 3.5):
                continue
        elif not (left.islower() or left[1:].islower()) or not (
            _part_is_word(left.lower(), 3.0) and _part_is_word(right, 3.0)
        ):
            continue
        pair = lexicon.bigram(left, right)
        score = min(zipf_en(left), zipf_en(right)) + (3.0 if pair else 0.0)
        if best is None or score > best[0]:
            best = (score, Split(left, right, pair))
    return best[1] if best else None


def standalone_name_parts(context: CheckContext) -> frozenset[str]:
    """Capitalised words that stand alone mid-sentence somewhere in the articles."""
    parts: set[str] = set()
    for document in context.documents:
        for word in plain_words(document):
            if word.capitalised and not word.at_sentence_start and word.text[1:].islower():
                parts.add(word.text)
    return frozenset(parts)


def is_run_together_candidate(word: Word) -> bool:
    return (
        len(word.text) >= 6
        and "-" not in word.text
        and "'" not in word.text
        and "’" not in word.text
        and not is_known(word.text)
    )


# Lines of an article: paragraphs, headlines and page furniture each stand on one


@dataclass(frozen=True)
class Line:
    start: int
    end: int
    text: str


def article_lines(document: Document) -> list[Line]:
    lines = []
    for match in re.finditer(r"[^\r\n]+", document.text):
        stripped = match.group().strip()
        if stripped:
            start = match.start() + match.group().index(stripped)
            lines.append(Line(start, start + len(stripped), stripped))
    return lines
