"""Name mentions from spaCy's entities (English, French): each span trimmed to the name, then the
three supplements the module `mentions` describes (a rare capitalised neighbour joins a PERSON,
a tagged surname found again untagged, names in another script)."""

from __future__ import annotations

import unicodedata

from xlingual.analysis.names.capitalised import foreign_script_mentions
from xlingual.analysis.names.mention_text import (
    COMMON_WORD,
    MAX_NAME_WORDS,
    POSSESSIVE,
    SINGLE_SPACE,
    TITLES,
    Mention,
    MentionText,
    Occupied,
    bare,
    is_capitalised,
    letter_count,
    word_spans,
)
from xlingual.analysis.words.lexicon import zipf
from xlingual.load.documents import Document

# spaCy entity labels kept, and what they become. NORP, DATE, MISC and the rest are dropped.
LABELS = {
    "PERSON": "PERSON",
    "PER": "PERSON",
    "ORG": "ORG",
    "GPE": "PLACE",
    "LOC": "PLACE",
    "FAC": "PLACE",
}

# A capitalised word next to a name is part of it only if it is rarer than this (wordfreq's Zipf
# scale: 3 is once per million words). Misspelt or unfamiliar given names score 0-2.5; titles and
# sentence words score 4-6. At a sentence start every word is capitalised, so the bar is lower.
_RARE_MID_SENTENCE = 4.0
_RARE_SENTENCE_START = 3.0
_DETERMINERS = ("the ", "le ", "la ", "les ", "l'", "l’")
# A capitalised article is part of a name mid-sentence ("The Hague", "Le Monde", "Le Pen"), but at
# a sentence start it says nothing, so it is stripped there, except from names of people.
_SENTENCE_DETERMINERS = ("The ", "Le ", "La ", "Les ", "L'", "L’")


def model_mentions(
    document: Document,
    entities: list[tuple[int, int, str]],
    language: str,
    stop_words: frozenset[str],
) -> list[Mention]:
    text = MentionText(document)
    spans: dict[tuple[int, int], str] = {}
    for start, end, spacy_label in entities:
        label = LABELS.get(spacy_label)
        if label is None:
            continue
        cleaned = _clean(text, start, end, label)
        if cleaned is not None:
            spans.setdefault(cleaned, label)
    # Words the model tagged with a label that is dropped (DATE, NORP...) are not names to join.
    dropped = [(start, end) for start, end, label in entities if label not in LABELS]
    _propagate(text, spans, stop_words, language)
    _join_neighbours(text, spans, dropped, stop_words, language)
    mentions = [text.mention(start, end, label) for (start, end), label in spans.items()]
    mentions.extend(foreign_script_mentions(text, spans))
    return sorted(mentions, key=lambda mention: (mention.start, mention.end))


def _clean(text: MentionText, start: int, end: int, label: str) -> tuple[int, int] | None:
    """Trim a model span to the name: no article, possessive, quotes or punctuation around it."""
    source = text.text
    start = _skip_space(source, start, end)
    _, sentence_end = text.sentence_bounds(start)
    end = min(end, max(sentence_end, start))  # a name does not run on into the next sentence
    while True:
        before = (start, end)
        while start < end and _is_edge_junk(source[start]):
            start += 1
        while end > start and _is_edge_junk(source[end - 1]) and not _keeps_period(source, end):
            end -= 1
        span = source[start:end]
        for determiner in _DETERMINERS:
            if span.startswith(determiner) and len(span) > len(determiner):
                start += len(determiner)
                break
        else:
            if label != "PERSON" and text.starts_sentence(start):
                for determiner in _SENTENCE_DETERMINERS:
                    if span.startswith(determiner) and len(span) > len(determiner):
                        start += len(determiner)
                        break
        span = source[start:end]
        if len(span) > 2 and POSSESSIVE.search(span) and span[-3].isalpha():
            end -= 2
        if (start, end) == before:
            break
    span = source[start:end]
    if not any(char.isalpha() for char in span):
        return None
    if not any(char.isupper() for char in span) and any(char.islower() for char in span):
        return None
    return start, end


def _skip_space(source: str, start: int, end: int) -> int:
    while start < end and source[start].isspace():
        start += 1
    return start


def _is_edge_junk(char: str) -> bool:
    return char.isspace() or unicodedata.category(char)[0] in "PS"


def _keeps_period(source: str, end: int) -> bool:
    """A final period that belongs to an abbreviation: "U.S.", "Jr.", "Inc."."""
    if source[end - 1] != ".":
        return False
    word_start = end - 1
    while word_start > 0 and not source[word_start - 1].isspace():
        word_start -= 1
    word = source[word_start : end - 1]
    return "." in word or 0 < letter_count(word) <= 3


def _propagate(
    text: MentionText, spans: dict[tuple[int, int], str], stop_words: frozenset[str], language: str
) -> None:
    """Tag untagged occurrences of the words of PERSON mentions, a run of them as one mention."""
    source = text.text
    parts = set()
    for (start, end), label in spans.items():
        if label != "PERSON":
            continue
        for word_start, word_end in word_spans(source, start, end):
            word = source[word_start:word_end]
            if _is_part_candidate(word, stop_words) and zipf(word.lower(), language) < COMMON_WORD:
                parts.add(word)
    if not parts:
        return
    taken = Occupied(len(source), spans)
    for sentence in text.document.sentences:
        run: list[tuple[int, int]] = []
        for word_start, word_end in word_spans(source, sentence.start, sentence.end):
            word = bare(source[word_start:word_end])
            end = word_start + len(word)
            if word not in parts or taken.overlaps(word_start, end):
                _add_run(spans, taken, run)
                run = []
                continue
            joined = run and source[run[-1][1] : word_start] in SINGLE_SPACE
            if not joined or len(run) == MAX_NAME_WORDS:
                _add_run(spans, taken, run)
                run = []
            run.append((word_start, end))
            if end != word_end:  # a possessive ends a name
                _add_run(spans, taken, run)
                run = []
        _add_run(spans, taken, run)


def _add_run(spans: dict[tuple[int, int], str], taken: Occupied, run: list) -> None:
    if run:
        spans[(run[0][0], run[-1][1])] = "PERSON"
        taken.add(run[0][0], run[-1][1])


def _is_part_candidate(word: str, stop_words: frozenset[str]) -> bool:
    lowered = word.lower()
    return (
        letter_count(word) >= 2
        and word[0].isupper()
        and not word.isupper()
        and lowered not in stop_words
        and lowered not in TITLES
    )


def _join_neighbours(
    text: MentionText,
    spans: dict[tuple[int, int], str],
    dropped: list[tuple[int, int]],
    stop_words: frozenset[str],
    language: str,
) -> None:
    """Extend PERSON mentions by a rare capitalised word right before or after them."""
    source = text.text
    # The words joined lie outside the mention being extended, so one map of taken text serves.
    others = Occupied(len(source), list(spans) + dropped)
    for span in sorted(span for span, label in spans.items() if label == "PERSON"):
        start, end = span
        sentence_start, sentence_end = text.sentence_bounds(start)
        while len(word_spans(source, start, end)) < MAX_NAME_WORDS:
            before = _word_before(source, start, sentence_start)
            after = _word_after(source, end, sentence_end)
            if before and _joins(source, before, text, others, stop_words, language):
                start = before[0]
            elif after and _joins(source, after, text, others, stop_words, language):
                end = after[1]
            else:
                break
        if (start, end) != span:
            del spans[span]
            spans[(start, end)] = "PERSON"
            others.add(start, end)


def _word_before(source: str, position: int, limit: int) -> tuple[int, int] | None:
    if position - 1 <= limit or source[position - 1] not in SINGLE_SPACE:
        return None
    words = word_spans(source, limit, position - 1)
    if not words or words[-1][1] != position - 1:
        return None
    word_start, word_end = words[-1]
    if bare(source[word_start:word_end]) != source[word_start:word_end]:
        return None  # "Tolstoy's Kasparov": two people
    return word_start, word_end


def _word_after(source: str, position: int, limit: int) -> tuple[int, int] | None:
    if position + 1 >= limit or source[position] not in SINGLE_SPACE:
        return None
    words = word_spans(source, position + 1, limit)
    if not words or words[0][0] != position + 1:
        return None
    word_start, word_end = words[0]
    return word_start, word_start + len(bare(source[word_start:word_end]))


def _joins(
    source: str,
    word_span: tuple[int, int],
    text: MentionText,
    others: Occupied,
    stop_words: frozenset[str],
    language: str,
) -> bool:
    word = source[word_span[0] : word_span[1]]
    if not (is_capitalised(word) and any(char.islower() for char in word)):
        return False  # lower case, or an acronym (AFP, FSB)
    if letter_count(word) < 2 or word.lower() in stop_words or word.lower() in TITLES:
        return False
    if others.overlaps(*word_span):
        return False
    limit = _RARE_SENTENCE_START if text.starts_sentence(word_span[0]) else _RARE_MID_SENTENCE
    return zipf(word.lower(), language) < limit
