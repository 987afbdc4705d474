"""Runs of another language inside a sentence: text a translation left untranslated.

Word by word, wordfreq says which language a word belongs to: "désertion" and "le" are far more
frequent in French than in English, "service" is common in both and so neutral. A run of words
leaning to one other language, neutral words allowed inside it, is a candidate; lingua, run on
exactly that span, must agree before it is reported (less sure of itself when it names the
language the words lean to). Names and titles are mostly capitalised and quoted terms are short,
so a run needs several lower-case foreign words; a bracketed aside that is foreign from end to
end needs only two, and so do two words that are no words of the document's language at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from xlingual.analysis.words.lexicon import tokens, zipf
from xlingual.memo import remembered
from xlingual.text_helpers import QUOTE_MARKS

# The languages news is most often translated from, each with a wordfreq word list and a lingua
# model. A fragment in a language outside this list is not found.
LANGUAGES = ("en", "fr", "de", "es", "it", "pt", "nl", "ro", "ru", "uk", "pl", "cs", "sv")
LEAN = 1.5  # a word leans to a language when its Zipf frequency there is this much higher
MIN_FOREIGN_ZIPF = 2.5  # ... and it is a word of that language at all (3 = once per million)
OWN_MARGIN = 0.5
MIN_FOREIGN_WORDS = 3
MIN_BRACKETED_WORDS = 2
MIN_CONFIDENCE = 0.4  # lingua's confidence in the foreign language, on the span alone
# ... or this much when lingua names the language the run's words lean to by wordfreq: two
# witnesses agreeing (lingua spreads its confidence over close languages on a short span).
MIN_AGREEING_CONFIDENCE = 0.25
# Two words are a run when neither is an English word at all (Zipf below this in the document's
# language), as a left-over legal term is ("sequestro preventivo"); loanwords in use ("per se",
# "ad hoc", "status quo") have a frequency of their own and do not qualify.
MAX_OWN_ZIPF_OF_A_PAIR = 1.0
_BRACKETS = {"(": ")", "[": "]"}
MAX_QUOTED_TERM_WORDS = 4


@dataclass(frozen=True)
class ForeignRun:
    start: int
    end: int
    language: str
    confidence: float


@remembered("wordfreq", "lingua-language-detector")
def foreign_runs(text: str, language: str, offset: int = 0) -> list[ForeignRun]:
    """Spans of `text` (offsets shifted by `offset`) written in a language other than
    `language`, the document's own."""
    if language not in LANGUAGES:
        return []
    words = tokens(text)
    leanings = [_leaning(word.text, language) for word in words]
    runs: list[ForeignRun] = []
    for first, last in _candidate_runs(leanings):
        start, end = words[first].start, words[last].end
        foreign_words = [
            word.text
            for word, lean in zip(words[first : last + 1], leanings[first : last + 1], strict=True)
            if lean is _FOREIGN
        ]
        # Lower case, or capitalised only by opening the sentence ("Selon le ministère").
        lower_case = sum(
            1 for i, word in enumerate(foreign_words) if word[0].islower() or i == 0 == first
        )
        needed = MIN_BRACKETED_WORDS if _fills_brackets(text, start, end) else MIN_FOREIGN_WORDS
        if lower_case < needed and not _unknown_pair(foreign_words, lower_case, language):
            continue
        if last - first < MAX_QUOTED_TERM_WORDS and _is_quoted(text, start, end):
            continue  # a quoted term ("the so-called 'laïcité'") is cited, not left over
        foreign, confidence = _lingua_best(text[start:end])
        agreeing = foreign == _leaning_language(foreign_words, language)
        floor = MIN_AGREEING_CONFIDENCE if agreeing else MIN_CONFIDENCE
        if foreign != language and confidence >= floor:
            runs.append(ForeignRun(start + offset, end + offset, foreign, round(confidence, 3)))
    return runs


def _unknown_pair(foreign_words: list[str], lower_case: int, language: str) -> bool:
    """Two lower-case foreign words, neither of them a word of the document's language."""
    return (
        len(foreign_words) == lower_case == 2
        and max(zipf(word.lower(), language) for word in foreign_words) < MAX_OWN_ZIPF_OF_A_PAIR
    )


def _leaning_language(foreign_words: list[str], language: str) -> str:
    """The other language most of the words are most frequent in, by wordfreq."""
    from collections import Counter

    votes = Counter(
        max((code for code in LANGUAGES if code != language), key=lambda c: zipf(w.lower(), c))
        for w in foreign_words
    )
    return votes.most_common(1)[0][0]


_FOREIGN, _OWN = "foreign", "own"


def _candidate_runs(leanings: list[str | None]):
    """(first, last) of maximal runs of foreign words; a neutral word may sit inside a run but
    does not start or end one, and a word of the document's own language ends it."""
    i = 0
    while i < len(leanings):
        if leanings[i] is not _FOREIGN:
            i += 1
            continue
        last = j = i
        while j < len(leanings) and leanings[j] is not _OWN:
            if leanings[j] is _FOREIGN:
                last = j
            j += 1
        yield i, last
        i = last + 1


def _leaning(word: str, language: str) -> str | None:
    """_FOREIGN when `word` is clearly a word of another language, _OWN when clearly one of the
    document's, None when neutral: common in both ("service", "non") or unknown everywhere
    (unless, in English, it has a letter English does not write)."""
    own = zipf(word.lower(), language)
    other = max(zipf(word.lower(), code) for code in LANGUAGES if code != language)
    if other >= MIN_FOREIGN_ZIPF and other - own >= LEAN:
        return _FOREIGN
    if own >= MIN_FOREIGN_ZIPF and own - other >= OWN_MARGIN:
        return _OWN
    # A word no list knows (an inflected form: "numărătoarea") written with a letter English does
    # not use is another language's, whichever it is: lingua names it on the span.
    if (
        language == "en"
        and word.islower()
        and max(own, other) < MAX_OWN_ZIPF_OF_A_PAIR
        and any(char.isalpha() and not char.isascii() for char in word)
    ):
        return _FOREIGN
    return None


def _fills_brackets(text: str, start: int, end: int) -> bool:
    before = text[:start].rstrip(" “\"'«")
    after = text[end:].lstrip(" ”\"'»,.;:")
    return bool(before) and before[-1] in _BRACKETS and after[:1] == _BRACKETS[before[-1]]


def _is_quoted(text: str, start: int, end: int) -> bool:
    before = text[:start].rstrip(" ")
    after = text[end:].lstrip(" ")
    return bool(before) and before[-1] in QUOTE_MARKS and after[:1] in QUOTE_MARKS


def _lingua_best(span: str) -> tuple[str, float]:
    """lingua's most likely language for `span` alone (ISO 639-1, lower case) and its confidence."""
    values = _detector().compute_language_confidence_values(span)
    if not values:
        return "", 0.0
    best = values[0]
    return best.language.iso_code_639_1.name.lower(), float(best.value)


def language_name(code: str) -> str:
    """The English name of a language code ("fr" -> "French"); the code itself if unknown."""
    from lingua import IsoCode639_1, Language

    try:
        return Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())).name.title()
    except AttributeError:
        return code


@lru_cache(maxsize=1)
def _detector():
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, code.upper()) for code in LANGUAGES]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).build()


__all__ = ["LANGUAGES", "ForeignRun", "foreign_runs", "language_name"]
