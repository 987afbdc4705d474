"""Name mentions by capitalisation: in languages without an NER model, and names in a non-Latin
script inside English or French text (a name quoted in Cyrillic), which the models miss."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from xlingual.analysis.names.mention_text import (
    COMMON_WORD,
    MAX_NAME_WORDS,
    POSSESSIVE,
    PREFIX,
    Mention,
    MentionText,
    Occupied,
    bare,
    is_capitalised,
    letter_count,
    word_spans,
)
from xlingual.analysis.names.scripts import script_of
from xlingual.analysis.words import lexicon
from xlingual.analysis.words.lexicon import zipf
from xlingual.load.documents import Document
from xlingual.text_helpers import OPENING_QUOTES, base_language

# Lower-case words that stay inside a name ("Ursula von der Leyen", "Charles de Gaulle").
_PARTICLES = frozenset("von van der den de da di du del della dos ter ten bin ibn al".split())
# ...but an article ("der", "den") only after one of these ("van der Bellen", not "Präsident der").
_PARTICLE_LEADS = frozenset("von van de da di du del della dos ter ten bin ibn al".split())
_HORIZONTAL_SPACE = re.compile(r"[ \t\u00a0\u202f]+")
# Whose stop words apply to a phrase in these scripts quoted inside English or French text.
_SCRIPT_LANGUAGES = {"Cyrillic": ("ru", "uk", "bg"), "Greek": ("el",)}


@dataclass(frozen=True)
class _Segment:
    """A stretch of text read as one sentence: its words and whether its first is uninformative."""

    words: tuple[tuple[int, int], ...]
    capitalised_start: bool  # the first word is capitalised whatever it is (a sentence start)


def fallback_mentions(document: Document) -> list[Mention]:
    text = MentionText(document)
    segments = [
        _Segment(tuple(word_spans(document.text, sentence.start, sentence.end)), True)
        for sentence in document.sentences
    ]
    language = base_language(document.language)
    runs = _capitalised_runs(text, segments, (language,))
    return [text.mention(start, end, "NAME") for start, end in runs]


def foreign_script_mentions(text: MentionText, spans: dict[tuple[int, int], str]) -> list[Mention]:
    """Capitalised words in a script other than Latin, in English or French text."""
    source = text.text
    segments = []
    languages: set[str] = set()
    for sentence in text.document.sentences:
        stretch: list[tuple[int, int]] = []
        for word in word_spans(source, sentence.start, sentence.end) + [None]:
            script = script_of(source[word[0]]) if word else "Latin"
            if word is not None and script not in ("Latin", "Common", "Inherited"):
                stretch.append(word)
                languages.update(_SCRIPT_LANGUAGES.get(script, ()))
                continue
            if stretch:
                # A stretch with lower-case words is a phrase in that language, whose first word
                # is capitalised as a sentence start; a stretch of capitalised words is a name.
                phrase = any(not is_capitalised(source[s:e]) for s, e in stretch)
                segments.append(_Segment(tuple(stretch), phrase))
                stretch = []
    if not segments:
        return []
    taken = Occupied(len(source), spans)
    runs = _capitalised_runs(text, segments, tuple(sorted(languages)))
    return [text.mention(s, e, "NAME") for s, e in runs if not taken.overlaps(s, e)]


def _is_common(word: str, languages: tuple[str, ...]) -> bool:
    """An everyday word in one of these languages (unknown languages: cannot tell, so no)."""
    known = [language for language in languages if language in _wordfreq_languages()]
    return any(zipf(word.lower(), language) >= COMMON_WORD for language in known)


@lru_cache(maxsize=1)
def _wordfreq_languages() -> frozenset[str]:
    from wordfreq import available_languages

    return frozenset(available_languages())


def _capitalised_runs(
    text: MentionText, segments: list[_Segment], languages: tuple[str, ...]
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
            if is_capitalised(word) and not at_start:
                mid_sentence.add(bare(word))
            if _continues_run(source, run, start, end, stop_words):
                run.append((start, end))
                continue
            if run:
                candidates.append((run, run_at_start))
            run, run_at_start = [], False
            if is_capitalised(word) and word.lower() not in stop_words:
                run, run_at_start = [(start, end)], at_start
        if run:
            candidates.append((run, run_at_start))

    spans = []
    for run, at_start in candidates:
        if at_start:
            opener = bare(source[run[0][0] : run[0][1]])
            if opener not in mid_sentence and (len(run) == 1 or _is_common(opener, languages)):
                run = run[1:]
        for piece in _pieces(source, run):
            if sum(letter_count(source[s:e]) for s, e in piece) >= 2:
                spans.append(_trim_name(source, piece[0][0], piece[-1][1]))
    return spans


def _continues_run(
    source: str, run: list[tuple[int, int]], start: int, end: int, stop_words: frozenset[str]
) -> bool:
    if not run:
        return False
    previous_word = source[run[-1][0] : run[-1][1]]
    if bare(previous_word) != previous_word:
        return False  # a possessive ends a name
    if not _HORIZONTAL_SPACE.fullmatch(source[run[-1][1] : start]):
        return False
    word = source[start:end]
    if is_capitalised(word):
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
        if is_capitalised(source[run[index][0] : run[index][1]]):
            current.append(run[index])
            index += 1
            continue
        particles_end = index
        while particles_end < len(run) and not is_capitalised(
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
        name[i : i + MAX_NAME_WORDS] for name in names for i in range(0, len(name), MAX_NAME_WORDS)
    ]


def _trim_name(source: str, start: int, end: int) -> tuple[int, int]:
    prefix = PREFIX.match(source, start, end)
    if prefix:  # "d'Estaing" on its own is "Estaing"; "Valéry Giscard d'Estaing" keeps it
        start = prefix.end()
    span = source[start:end]
    if len(span) > 2 and POSSESSIVE.search(span):
        end -= 2
    return start, end


def _after_opening_quote(source: str, start: int) -> bool:
    return (
        start > 0
        and source[start - 1] in OPENING_QUOTES
        and (start == 1 or source[start - 2].isspace() or source[start - 2] in "([")
    )
