"""Two articles that name different people in the same statement.

When two articles report the same statement (a sentence of one is the other's closest, and the
closest the other way round), the person they name should be the same. A name that the other
article never uses, across from a name that this article never uses, is either a different
person in the same role ("the fire service spokesman, Nikos X" / "spokesman Yiannis Y"), a
relative ("Konstantinos" for "Kyriakos Mitsotakis") or a surname rendered as the word it means
("Makoto Woods" for "Makoto Hayashi"). A spelling variant is not this: its words look alike
(rapidfuzz ratio MATCH_RATIO or more) and XL101 judges it.

Which side is wrong: the name fewer articles of the story use; when as many use each, the one
whose odd word is a common English word (a surname translated as a word). Otherwise neither
side is judged.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from xlingual.analysis.names.mention_text import Mention
from xlingual.analysis.names.same_name import latin_forms
from xlingual.analysis.names.scripts import dominant_script
from xlingual.analysis.words.lexicon import zipf
from xlingual.load.documents import Document
from xlingual.text_helpers import fold

# e5-small cosine from which two sentences, each the other's closest, report the same thing.
SAME_STATEMENT_COSINE = 0.85
# Name words at least this alike (rapidfuzz ratio of the folded forms) are one name spelled
# two ways, not two names (Anzhelika / Angelica 71, Kefalas / Kifalas 86).
MATCH_RATIO = 70
# Two given names before one surname are two people only when they are this unlike: a given
# name has its equivalents in other languages (George / Giorgos 62), a relative's is another
# name (Konstantinos / Kyriakos 40).
OTHER_GIVEN_NAME_RATIO = 50
# An organisation or place ends in a common word ("Wagner Group", "Red Cross"); a mention the
# model labels so, with a last word this frequent in English (Zipf), is not a person.
ORGANISATION_WORD_ZIPF = 4.5
# A word this frequent in lower-case English (Zipf) is a common word ("woods", "hare").
COMMON_WORD_ZIPF = 3.0
_NAME_WORD = re.compile(r"[^\W\d_][\w'’-]*")


@dataclass(frozen=True)
class NameWords:
    """The words of a name mention that the other article never uses."""

    document: int
    mention: Mention
    odd: tuple[tuple[int, int], ...]  # spans (document offsets) of those words
    shared: tuple[str, ...]  # the mention's other words, which both articles use

    @property
    def span(self) -> tuple[int, int]:
        """What is wrong: the whole name when no word of it is shared, else its last odd word
        ("Konstantinos" of "Konstantinos Mitsotakis", "Hare" of "Stelios Hare")."""
        if not self.shared:
            return self.odd[0][0], self.odd[-1][1]
        return self.odd[-1]


@dataclass(frozen=True)
class NameConflict:
    """`wrong` names someone else than `right` does, in the same statement."""

    wrong: NameWords
    right: NameWords
    support: tuple[int, int]  # articles using the wrong name's odd words, and the right one's


def name_conflicts(
    documents: Sequence[Document],
    vectors: Sequence[np.ndarray],
    mentions: Sequence[Sequence[Mention]],
) -> list[NameConflict]:
    """Every statement two articles (both in Latin script) attribute to different people."""
    words = [
        _document_words(document, found)
        for document, found in zip(documents, mentions, strict=True)
    ]
    latin = [dominant_script(document.text) == "Latin" for document in documents]
    conflicts: dict[tuple[int, int], NameConflict] = {}
    for a in range(len(documents)):
        for b in range(a + 1, len(documents)):
            if not (latin[a] and latin[b]) or not len(vectors[a]) or not len(vectors[b]):
                continue
            for sentence_a, sentence_b in _same_statements(vectors[a], vectors[b]):
                in_a = _sentence_words(mentions[a], sentence_a)
                in_b = _sentence_words(mentions[b], sentence_b)
                odd_a = _odd_names(a, mentions[a], sentence_a, words[b], in_b)
                odd_b = _odd_names(b, mentions[b], sentence_b, words[a], in_a)
                if len(odd_a) != 1 or len(odd_b) != 1:
                    continue  # no name, or several: nothing to pair up
                conflict = _judged(odd_a[0], odd_b[0], words)
                if conflict is not None:
                    key = (conflict.wrong.document, conflict.wrong.span[0])
                    conflicts.setdefault(key, conflict)
    return [conflicts[key] for key in sorted(conflicts)]


def _same_statements(first: np.ndarray, second: np.ndarray) -> list[tuple[int, int]]:
    similarity = first @ second.T
    best_second = similarity.argmax(axis=1)
    best_first = similarity.argmax(axis=0)
    return [
        (i, int(j))
        for i, j in enumerate(best_second)
        if best_first[j] == i and similarity[i, j] >= SAME_STATEMENT_COSINE
    ]


def _document_words(document: Document, mentions: Sequence[Mention]) -> list[str]:
    """The folded words of every name the document mentions, with their romanisations when
    written in another script (Λαγός counts as "lagos")."""
    words = set()
    for mention in mentions:
        for word in _NAME_WORD.findall(mention.text):
            words.add(fold(word))
            if not word.isascii():
                words.update(latin_forms(word))
    return sorted(words)


def _used(word: str, words: list[str]) -> bool:
    from rapidfuzz import fuzz, process

    return (
        process.extractOne(fold(word), words, scorer=fuzz.ratio, score_cutoff=MATCH_RATIO)
        is not None
    )


def _sentence_words(mentions: Sequence[Mention], sentence: int) -> list[str]:
    return sorted(
        {fold(w) for m in mentions if m.sentence == sentence for w in _NAME_WORD.findall(m.text)}
    )


def _odd_names(
    document: int,
    mentions: Sequence[Mention],
    sentence: int,
    other_words: list[str],
    other_sentence_words: list[str],
) -> list[NameWords]:
    """The full names (two words or more) of a sentence with words the other article never
    uses in any name, and whose other words the other sentence uses (else the two sentences
    name different people for different reasons)."""
    found = []
    for mention in mentions:
        if mention.sentence != sentence:
            continue
        matches = list(_NAME_WORD.finditer(mention.text))
        if len(matches) < 2 or not all(m.group()[0].isupper() for m in matches):
            continue
        last = matches[-1].group().lower()
        if mention.label in ("ORG", "PLACE") and zipf(last, "en") >= ORGANISATION_WORD_ZIPF:
            continue
        odd = [m for m in matches if not _used(m.group(), other_words)]
        shared = [m for m in matches if m not in odd]
        if odd and all(_used(m.group(), other_sentence_words) for m in shared):
            found.append(
                NameWords(
                    document,
                    mention,
                    tuple((mention.start + m.start(), mention.start + m.end()) for m in odd),
                    tuple(m.group() for m in shared),
                )
            )
    return found


def _judged(first: NameWords, second: NameWords, words: list[list[str]]) -> NameConflict | None:
    if first.shared and second.shared and not _other_given_name(first, second):
        return None
    support = [_support(first, words), _support(second, words)]
    if support[0] != support[1]:
        wrong, right = (first, second) if support[0] < support[1] else (second, first)
        return NameConflict(wrong, right, (min(support), max(support)))
    common = [_is_common_word(first), _is_common_word(second)]
    if common[0] != common[1]:
        wrong, right = (first, second) if common[0] else (second, first)
        return NameConflict(wrong, right, (support[0], support[1]))
    return None


def _odd_words(name: NameWords) -> list[str]:
    text, start = name.mention.text, name.mention.start
    return [text[s - start : e - start] for s, e in name.odd]


def _other_given_name(first: NameWords, second: NameWords) -> bool:
    """Both names share a word and differ in one other: two people (a relative) when those
    differ by far, else one name in two languages' forms (George / Giorgos)."""
    from rapidfuzz import fuzz

    odd_first, odd_second = _odd_words(first), _odd_words(second)
    if len(odd_first) != 1 or len(odd_second) != 1:
        return True
    return fuzz.ratio(fold(odd_first[0]), fold(odd_second[0])) < OTHER_GIVEN_NAME_RATIO


def _support(name: NameWords, words: list[list[str]]) -> int:
    """How many articles use every odd word of the name."""
    odd = _odd_words(name)
    return sum(1 for document_words in words if all(_used(word, document_words) for word in odd))


def _is_common_word(name: NameWords) -> bool:
    """The name's one odd word is a common English word: a surname translated ("Woods")."""
    odd = _odd_words(name)
    return len(odd) == 1 and zipf(odd[0].lower(), "en") >= COMMON_WORD_ZIPF
