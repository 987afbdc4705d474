"""What every step of name finding shares: the Mention type, a document's text with its
sentence lookups, word spans, capitalisation, and the spans already taken."""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from xlingual.load.documents import Document
from xlingual.word_lists import words_of

MAX_NAME_WORDS = 4

# A word of a tagged name is looked for elsewhere only if it is not a common word ("Meet" in a
# mention "Meet Garry Kasparov" must not turn every "Meet" into a name).
COMMON_WORD = 4.5

# Capitalised words that stand before a name without being part of it. Most are common words and
# fail the rarity test anyway; the list makes the intent plain and covers the rarer ones.
TITLES = words_of("titles", "common")  # data/titles/common.txt

# Lower-case particles written onto a surname: d'Estaing, l'Aquila, al-Assad. (Capitalised ones,
# as in D'Alema, are part of the name.)
PREFIX = re.compile(r"(?:[dl]['’]|[ae]l-)")
_JOINERS = "'’-\u2010\u2011"
SINGLE_SPACE = (" ", "\u00a0", "\u202f")
POSSESSIVE = re.compile(r"['’][sS]$")


@dataclass(frozen=True)
class Mention:
    path: str  # Document.path
    start: int  # offsets into Document.text: document.text[start:end] == text
    end: int
    text: str
    label: str  # "PERSON" | "ORG" | "PLACE" | "NAME" (NAME: a name of unknown type)
    sentence: int  # index into document.sentences of the sentence containing `start`


class MentionText:
    """A document's text with the lookups every step needs."""

    def __init__(self, document: Document):
        self.document = document
        self.text = document.text
        self.sentence_starts = [sentence.start for sentence in document.sentences]

    def sentence_index(self, position: int) -> int:
        return max(0, bisect.bisect_right(self.sentence_starts, position) - 1)

    def sentence_bounds(self, position: int) -> tuple[int, int]:
        if not self.document.sentences:
            return 0, len(self.text)
        sentence = self.document.sentences[self.sentence_index(position)]
        return sentence.start, sentence.end

    def starts_sentence(self, position: int) -> bool:
        """Nothing but punctuation stands between the sentence start and `position`."""
        start, _ = self.sentence_bounds(position)
        return not any(char.isalnum() for char in self.text[start:position])

    def mention(self, start: int, end: int, label: str) -> Mention:
        return Mention(
            self.document.path,
            start,
            end,
            self.text[start:end],
            label,
            self.sentence_index(start),
        )


def _is_letter(char: str) -> bool:
    return char.isalpha() or unicodedata.category(char)[0] == "M"


def word_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of words in text[start:end]: letters and marks, joined by inner ' ’ and hyphens."""
    words = []
    position = start
    while position < end:
        if not _is_letter(text[position]):
            position += 1
            continue
        word_start = position
        while position < end:
            if _is_letter(text[position]):
                position += 1
            elif (
                text[position] in _JOINERS and position + 1 < end and _is_letter(text[position + 1])
            ):
                position += 2
            else:
                break
        words.append((word_start, position))
    return words


def bare(word: str) -> str:
    """The word without a possessive 's."""
    return POSSESSIVE.sub("", word) if len(word) > 2 else word


def is_capitalised(word: str) -> bool:
    prefix = PREFIX.match(word)
    first = word[prefix.end()] if prefix and prefix.end() < len(word) else word[0]
    return first.isupper()


def letter_count(word: str) -> int:
    return sum(char.isalpha() for char in word)


class Occupied:
    """Characters of the text already taken by a mention."""

    def __init__(self, length: int, spans: Iterable[tuple[int, int]] = ()):
        self.taken = bytearray(length)
        for start, end in spans:
            self.add(start, end)

    def add(self, start: int, end: int) -> None:
        self.taken[start:end] = b"\x01" * (end - start)

    def overlaps(self, start: int, end: int) -> bool:
        return any(self.taken[start:end])
