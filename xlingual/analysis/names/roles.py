"""Two articles that name different people in the same statement.

When two articles report the same statement (a sentence of one is the other's closest, and the
closest the other way round), the person they name should be the same. A name that the other
article never uses, across from a name that this article never uses, is either a different
person in the same role ("the police spokesman, Pavlos X" / "spokesman Andreas Y"), a
relative ("Jean" for "Pierre Martin") or a surname rendered as the word it means ("Ana Wolf"
for "Ana Lobo"). A spelling variant is not this: its words look alike
(rapidfuzz ratio MATCH_RATIO or more) and XL101 judges it.

Which side is wrong: the name fewer articles of the story use; when as many use each, the one
whose odd word is a common English word (a surname translated as a word). Otherwise neither
side is judged.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

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
# two ways, not two names (Aleksandr / Alexander 78, Petrou / Petru 91).
MATCH_RATIO = 70
# Two given names before one surname are two people only when they are this unlike: a given
# name has its equivalents in other languages (Juan / Johann 60), a relative's is another
# name (Pavlos / Andreas 31).
OTHER_GIVEN_NAME_RATIO = 50
# An organisation or place ends in a common word ("Wagner Group", "Red Cross"); a mention the
# model labels so, with a last word this frequent in English (Zipf), is not a person.
ORGANISATION_WORD_ZIPF = 4.5
# A word this frequent in lower-case English (Zipf) is a common word ("wolf", "baker").
COMMON_WORD_ZIPF = 3.0
_NAME_WORD = re.compile(r"[^\W\d_][\w'’-]*")
# Scripts whose names `latin_forms` romanises, so that a name can be compared across them.
ROMANISED_SCRIPTS = frozenset({"Latin", "Cyrillic", "Greek"})


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
        ("Jean" of "Jean Martin", "Wolf" of "Ana Wolf")."""
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
    """Every statement two articles attribute to different people. Both articles are written
    in a script whose names romanise (Latin, Cyrillic, Greek); across scripts, only two names
    that share no word and whose words are all unlike in every romanisation are judged (a
    romanisation that drifts must not read as another person)."""
    words = [
        _document_words(document, found)
        for document, found in zip(documents, mentions, strict=True)
    ]
    use = _WordUse(words)
    scripts = [dominant_script(document.text) for document in documents]
    by_sentence = [_by_sentence(found) for found in mentions]
    conflicts: dict[tuple[int, int], NameConflict] = {}
    for a, b in _close_document_pairs(vectors):
        if not ({scripts[a], scripts[b]} <= ROMANISED_SCRIPTS):
            continue
        for sentence_a, sentence_b in _same_statements(vectors[a], vectors[b]):
            named_a = by_sentence[a].get(sentence_a, [])
            named_b = by_sentence[b].get(sentence_b, [])
            if not _has_full_name(named_a) and not _has_full_name(named_b):
                # Most statements: a conflict needs a name of two words or more on one side at
                # least (a run of capitalised words is paired only with one on the other side).
                continue
            if _text(documents[a], sentence_a) == _text(documents[b], sentence_b):
                continue  # a copy names the same people, whatever the model tagged in each
            found_a = _with_paired_runs(documents[a], named_a, sentence_a, named_b)
            found_b = _with_paired_runs(documents[b], named_b, sentence_b, named_a)
            in_a = _sentence_words(found_a, sentence_a)
            in_b = _sentence_words(found_b, sentence_b)
            odd_a = _odd_names(a, found_a, sentence_a, words[b], in_b)
            odd_b = _odd_names(b, found_b, sentence_b, words[a], in_a)
            if len(odd_a) != 1 or len(odd_b) != 1:
                continue  # no name, or several: nothing to pair up
            if scripts[a] != scripts[b] and not _unlike_names(odd_a[0], odd_b[0]):
                continue
            conflict = _judged(odd_a[0], odd_b[0], use)
            if conflict is not None:
                key = (conflict.wrong.document, conflict.wrong.span[0])
                conflicts.setdefault(key, conflict)
    return [conflicts[key] for key in sorted(conflicts)]


def _in_sentence(mentions: Sequence[Mention], sentence: int) -> list[Mention]:
    return [mention for mention in mentions if mention.sentence == sentence]


def _text(document: Document, sentence: int) -> str | None:
    return document.sentences[sentence].text if sentence < len(document.sentences) else None


def _has_full_name(mentions: Sequence[Mention]) -> bool:
    return any(len(_folded_words(mention.text)) >= 2 for mention in mentions)


def _by_sentence(mentions: Sequence[Mention]) -> dict[int, list[Mention]]:
    """A document's mentions by sentence, in their order."""
    grouped: dict[int, list[Mention]] = {}
    for mention in mentions:
        grouped.setdefault(mention.sentence, []).append(mention)
    return grouped


def _with_paired_runs(
    document: Document,
    mentions: Sequence[Mention],
    sentence: int,
    other_sentence: Sequence[Mention],
) -> list[Mention]:
    """The sentence's mentions, plus each run of capitalised words in it that no mention of
    two words covers and that has as many words as a name in the other sentence, the first the
    same: the small model tags "Angela" as a place and "Christmas" as a date and misses the
    name they make, which the other article's "Angela Kraus" shows to be one."""
    # Any label: the model that missed this name may have mislabelled the other one too
    # ("Angela Kraus" as an organisation).
    people = [_folded_words(m.text) for m in other_sentence]
    people = [words for words in people if len(words) >= 2]
    if sentence >= len(document.sentences) or not people:
        return list(mentions)
    text = document.sentences[sentence]
    covered = [
        (m.start, m.end)
        for m in _in_sentence(mentions, sentence)
        if len(_NAME_WORD.findall(m.text)) >= 2
    ]
    extra = []
    for run_start, run_end in _capitalised_runs(text.text):
        start, end = text.start + run_start, text.start + run_end
        words = _folded_words(document.text[start:end])
        if any(a < end and start < b for a, b in covered):
            continue
        if any(len(words) == len(person) and words[0] == person[0] for person in people):
            extra.append(Mention(document.path, start, end, document.text[start:end], "PERSON",
                                 sentence))  # fmt: skip
    return [*mentions, *extra]


# A story's statements are compared pairwise, so the same sentence and name are read many times.
@lru_cache(maxsize=65_536)
def _folded_words(text: str) -> tuple[str, ...]:
    return tuple(fold(word) for word in _NAME_WORD.findall(text))


@lru_cache(maxsize=65_536)
def _capitalised_runs(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of runs of two or more capitalised words, one space apart."""
    runs: list[tuple[int, int]] = []
    current: list[re.Match] = []
    for match in [*_NAME_WORD.finditer(text), None]:
        joined = (
            match is not None
            and match.group()[0].isupper()
            and (not current or text[current[-1].end() : match.start()] == " ")
        )
        if joined and match is not None:
            current.append(match)
            continue
        if len(current) >= 2:
            runs.append((current[0].start(), current[-1].end()))
        current = [match] if match is not None and match.group()[0].isupper() else []
    return tuple(runs)


def _same_statements(first: np.ndarray, second: np.ndarray) -> list[tuple[int, int]]:
    similarity = first @ second.T
    best_second = similarity.argmax(axis=1)
    best_first = similarity.argmax(axis=0)
    return [
        (i, int(j))
        for i, j in enumerate(best_second)
        if best_first[j] == i and similarity[i, j] >= SAME_STATEMENT_COSINE
    ]


# Sentences compared at once when looking for articles that report the same statement.
_BLOCK_ROWS = 2048


def _close_document_pairs(vectors: Sequence[np.ndarray]) -> list[tuple[int, int]]:
    """The pairs of articles (a < b) with at least one pair of sentences at
    SAME_STATEMENT_COSINE or closer: the only ones `_same_statements` can pair up. Found in
    blocks of rows, so a story of thousands of articles is not compared article by article."""
    owners = np.concatenate(
        [np.full(len(rows), index) for index, rows in enumerate(vectors)] or [np.zeros(0, int)]
    ).astype(np.int64)
    present = [rows for rows in vectors if len(rows)]
    if not present:
        return []
    stacked = np.concatenate(present).astype(np.float32)
    pairs: set[tuple[int, int]] = set()
    for start in range(0, len(stacked), _BLOCK_ROWS):
        block = stacked[start : start + _BLOCK_ROWS] @ stacked.T
        # A hair below the threshold: this product's rounding may differ from the pairwise one's.
        rows, columns = np.nonzero(block >= SAME_STATEMENT_COSINE - 1e-4)
        first, second = owners[rows + start], owners[columns]
        keep = first < second
        pairs.update(zip(first[keep].tolist(), second[keep].tolist(), strict=True))
    return sorted(pairs)


def _document_words(document: Document, mentions: Sequence[Mention]) -> list[str]:
    """The folded words of every name the document mentions, with their romanisations when
    written in another script (Λαγός counts as "lagos")."""
    return sorted(
        {
            form
            for mention in mentions
            for word in _NAME_WORD.findall(mention.text)
            for form in _forms(word)
        }
    )


def _used(word: str, words: list[str]) -> bool:
    """The word, or one of its romanisations, is one of `words` spelled alike."""
    from rapidfuzz import fuzz, process

    return any(
        process.extractOne(form, words, scorer=fuzz.ratio, score_cutoff=MATCH_RATIO) is not None
        for form in _forms(word)
    )


@lru_cache(maxsize=65_536)
def _forms(word: str) -> tuple[str, ...]:
    """The folded word and, written in another script, its romanisations."""
    return (fold(word), *(latin_forms(word) if not word.isascii() else ()))


def _unlike_names(first: NameWords, second: NameWords) -> bool:
    """Two names with no word in common whose words are unlike in every romanisation (rapidfuzz
    ratio below OTHER_GIVEN_NAME_RATIO): different people, whatever the scripts."""
    from rapidfuzz import fuzz

    if first.shared or second.shared:
        return False
    return all(
        fuzz.ratio(x, y) < OTHER_GIVEN_NAME_RATIO
        for word in _odd_words(first)
        for other in _odd_words(second)
        for x in _forms(word)
        for y in _forms(other)
    )


def _sentence_words(mentions: Sequence[Mention], sentence: int) -> list[str]:
    return sorted(
        {
            form
            for m in mentions
            if m.sentence == sentence
            for w in _NAME_WORD.findall(m.text)
            for form in _forms(w)
        }
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


def _judged(first: NameWords, second: NameWords, use: _WordUse) -> NameConflict | None:
    if first.shared and second.shared and not _other_given_name(first, second):
        return None
    support = [_support(first, use), _support(second, use)]
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
    differ by far, else one name in two languages' forms (Juan / Johann)."""
    from rapidfuzz import fuzz

    odd_first, odd_second = _odd_words(first), _odd_words(second)
    if len(odd_first) != 1 or len(odd_second) != 1:
        return True
    return fuzz.ratio(fold(odd_first[0]), fold(odd_second[0])) < OTHER_GIVEN_NAME_RATIO


def _support(name: NameWords, use: _WordUse) -> int:
    """How many articles use every odd word of the name."""
    return len(frozenset.intersection(*(use.documents(word) for word in _odd_words(name))))


class _WordUse:
    """Which articles use a word in a name, spelled alike (`_used`): one search of the story's
    name words a word asked about, not one per article, so that a story of many articles does
    not make each judgement cost a pass over all of them."""

    def __init__(self, words: Sequence[list[str]]):
        self.vocabulary = sorted({word for document_words in words for word in document_words})
        self.users: dict[str, set[int]] = {}
        for document, document_words in enumerate(words):
            for word in document_words:
                self.users.setdefault(word, set()).add(document)
        self._known: dict[str, frozenset[int]] = {}

    def documents(self, word: str) -> frozenset[int]:
        """The articles where `_used(word, that article's words)` holds."""
        if word not in self._known:
            from rapidfuzz import fuzz, process

            alike = {
                match
                for form in _forms(word)
                for match, _score, _index in process.extract(
                    form, self.vocabulary, scorer=fuzz.ratio, score_cutoff=MATCH_RATIO, limit=None
                )
            }
            self._known[word] = frozenset(
                document for match in alike for document in self.users[match]
            )
        return self._known[word]


def _is_common_word(name: NameWords) -> bool:
    """The name's one odd word is a common English word: a surname translated ("Wolf")."""
    odd = _odd_words(name)
    return len(odd) == 1 and zipf(odd[0].lower(), "en") >= COMMON_WORD_ZIPF
