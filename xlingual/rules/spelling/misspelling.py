"""XL301 misspelling: a non-word one or two letters from exactly one far more common word."""

from __future__ import annotations

from collections.abc import Iterable

from xlingual.analysis.words import lexicon
from xlingual.findings import Finding
from xlingual.load.documents import Document
from xlingual.rules.base import CheckContext, Example, Rule
from xlingual.rules.spelling.words import (
    Word,
    best_split,
    is_camel_case,
    is_english,
    is_foreign,
    is_run_together_candidate,
    plain_words,
    standalone_name_parts,
    zipf_en,
)

# A misspelling must be far rarer than its correction (in Zipf points, a factor of 10 each).
# A doubled or undoubled letter ("accomodation") is the commonest slip of all, so common that
# web counts give the slip itself some frequency: a factor of 30 is enough there.
_MISSPELLING_GAP = 2.0
_DOUBLING_GAP = 1.5
# A capitalised word that opens its sentence may be a common word, capitalised by its place;
# without evidence in the articles it is checked only against a correction this frequent.
_SENTENCE_START_MIN_ZIPF = 4.0
_MISSPELLING_MAX_ZIPF = 3.0

# The best correction must be this many times more frequent than the runner-up at its distance.
_UNIQUE_RATIO = 10

# Endings that make a new word from a known one; "bonks" and "astrophysically" are words.
_SUFFIXES = ("s", "es", "ed", "d", "ing", "ly", "ally", "er", "ers", "ness", "ism", "ist", "ists")


class Misspelling(Rule):
    """What it checks: a word that is in no English dictionary (neither symspellpy's Google-Books
    list nor wordfreq at a useful frequency) but is one or two letters away from exactly one
    common word, which is at least a hundred times more frequent (thirty times for a doubled
    or undoubled letter, the commonest slip, which also decides between two candidates).
    Capitalised words are left alone (they are usually names) unless the correction is written
    in lower case in one of the articles, or the word opens its sentence, no name covers it and
    its correction is a frequent word; people's names (as the name analysis finds them),
    acronyms, words with digits, links and addresses are never checked.

    Why it matters: a typo in a published article costs credibility, and in machine-translated
    text a non-word often marks a garbled source spelling that a reader cannot decode.

    Example: "The comittee will publish its report" is reported with the suggestion
    "committee".
    """

    code = "XL301"
    needs_names = True  # people's names are never checked
    examples_fail = (
        Example(
            articles=("The comittee will publish its report on the harbour project next month.",),
            flagged="comittee",
        ),
    )
    examples_pass = (
        Example(
            articles=("The committee will publish its report on the harbour project next month.",)
        ),
        Example(
            articles=(
                "The committee questioned Maria Comittee, its former chair, on Monday about the "
                "harbour project and its budget.",
            )
        ),
    )

    def check(self, context: CheckContext) -> Iterable[Finding]:
        name_parts = standalone_name_parts(context)
        for index, document in enumerate(context.documents):
            if not is_english(document):
                continue
            names = _person_spans(context, index)
            for word in plain_words(document):
                finding = self._check_word(context, index, document, word, names, name_parts)
                if finding:
                    yield finding

    def _check_word(
        self,
        context: CheckContext,
        index: int,
        document: Document,
        word: Word,
        names: list[tuple[int, int]],
        name_parts: frozenset[str],
    ) -> Finding | None:
        if len(word.text) < 5 or "'" in word.text or "’" in word.text or "-" in word.text:
            return None
        if _inside(names, word.start, word.end):
            return None  # part of a person's name: names are XL1xx's to judge
        if lexicon.unigram(word.text) > 0 or zipf_en(word.text) >= _MISSPELLING_MAX_ZIPF:
            return None
        if is_camel_case(word.text) or is_foreign(word.text):
            return None
        if is_run_together_candidate(word) and best_split(word.text, name_parts):
            return None  # XL302's finding
        previous, following = _neighbour_words(document, word)
        correction = _confident_correction(word.text, previous, following)
        if correction is None:
            return None
        gap = _DOUBLING_GAP if _doubling_slip(word.text.lower(), correction) else _MISSPELLING_GAP
        if zipf_en(word.text) > zipf_en(correction) - gap or _is_derived_word(
            word.text, correction
        ):
            return None
        evidence = context.span_at(context.search.find_word(correction))
        # A capitalised non-word is usually a name, whatever it resembles ("Rhion", "Blato");
        # the correction written in lower case in the articles says it is a common word, and so
        # does a place at the start of a sentence, outside any name, with a frequent correction.
        if (
            word.capitalised
            and evidence is None
            and not _capitalised_by_place(context, index, word, correction)
        ):
            return None
        suggestion = correction.capitalize() if word.capitalised else correction
        confidence = 0.9 if evidence else 0.75
        message = f"'{word.text}' is not an English word; did you mean '{suggestion}'?"
        return self.finding(
            document,
            word.start,
            word.end,
            message,
            suggestion=suggestion,
            related=(evidence,) if evidence else (),
            confidence=confidence,
        )


def _person_spans(context: CheckContext, document_index: int) -> list[tuple[int, int]]:
    if context.names is None or document_index >= len(context.names.mentions):
        return []
    return [(m.start, m.end) for m in context.names.mentions[document_index] if m.label == "PERSON"]


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


def _neighbour_words(document: Document, word: Word) -> tuple[str, str]:
    sentence = document.sentences[word.sentence]
    before = lexicon.tokens(document.text[sentence.start : word.start])
    after = lexicon.tokens(document.text[word.end : sentence.end])
    return (before[-1].lower if before else "", after[0].lower if after else "")


def _confident_correction(word: str, previous: str = "", following: str = "") -> str | None:
    """The one dictionary word `word` is a slip for, or None when there are rival readings.

    Frequency picks the candidate; the neighbouring words veto it when a rarer candidate is
    attested next to them and it is not ("this theif": "thief", not "their").
    """
    candidates = lexicon.corrections(word, 2)
    if not candidates:
        return None
    distance = candidates[0][1]
    if distance == 0 or (distance == 2 and len(word) < 7):
        return None
    closest = [c for c in candidates if c[1] == distance]
    if len(closest) > 1 and closest[0][2] < _UNIQUE_RATIO * closest[1][2]:
        # No clear winner by frequency: a doubled or undoubled letter, the commonest slip,
        # decides when only one candidate is that ("carefuly": "carefully", not "careful").
        doubled = [c for c in closest if _doubling_slip(word.lower(), c[0])]
        if len(doubled) != 1:
            return None
        closest = doubled + [c for c in closest if c is not doubled[0]]
    best = closest[0][0]
    rival_fits = any(_fits_context(term, previous, following) for term, _, _ in closest[1:])
    if rival_fits and not _fits_context(best, previous, following):
        return None
    return best


def _doubling_slip(word: str, correction: str) -> bool:
    """`word` is `correction` with one letter doubled or undoubled ("accomodation",
    "carefuly", "tomorow")."""
    if abs(len(word) - len(correction)) != 1:
        return False
    longer, shorter = (word, correction) if len(word) > len(correction) else (correction, word)
    return any(
        longer[:i] + longer[i + 1 :] == shorter and longer[i] == longer[i - 1]
        for i in range(1, len(longer))
    )


def _capitalised_by_place(context: CheckContext, index: int, word: Word, correction: str) -> bool:
    """The word is capitalised because it opens its sentence, not because it is a name: no
    name mention covers it and its correction is a frequent word."""
    if not word.at_sentence_start or zipf_en(correction) < _SENTENCE_START_MIN_ZIPF:
        return False
    mentions = context.names.mentions[index] if context.names is not None else ()
    return not any(m.start < word.end and word.start < m.end for m in mentions)


def _fits_context(term: str, previous: str, following: str) -> bool:
    return bool(
        (previous and lexicon.bigram(previous, term))
        or (following and lexicon.bigram(term, following))
    )


def _is_derived_word(word: str, correction: str) -> bool:
    """A known word plus a productive ending ("whops" from "whop", "physically" from
    "physical"), unless the correction is the same base spelt right ("occured", "occurred")."""
    lowered = word.lower()
    if lowered.startswith(correction) and lowered[len(correction) :] in _SUFFIXES:
        return True
    for suffix in _SUFFIXES:
        base = lowered[: -len(suffix)]
        if len(base) < 3 or not lowered.endswith(suffix) or correction.startswith(base):
            continue
        if any(zipf_en(b) >= 1.5 or lexicon.unigram(b) for b in (base, base + "e")):
            return True
    return False
