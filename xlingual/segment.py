"""Sentence segmentation with exact character spans into the original text.

A rule-based splitter rather than a model: it must keep offsets exact (every span slices back to
its sentence), handle text glued by bad extraction ("dissidents.Figure:"), and work for any
language that ends sentences with . ! ? or their CJK forms. Given the text's language it also
knows that language's abbreviations and, where ordinals take a period ("am 3. Oktober 1990"),
its ordinals; without one it uses language-general rules.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from xlingual.text_helpers import base_language
from xlingual.word_lists import word_list

# Longer "sentences" (a line without punctuation, a table flattened by extraction) are cut at a
# word boundary: embedding models read about 512 tokens, and rules that compare the words of a
# sentence stay cheap only while sentences stay short.
MAX_SENTENCE_CHARS = 1000


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class _LanguageRules:
    # Words that, followed by a period, do not end a sentence (lowercased, final period dropped).
    abbreviations: frozenset[str]
    # Only for languages that write ordinals with a period: capitalised words that open a
    # sentence after a number ("... auf 12. Die Polizei"). Any other capitalised word after
    # "3." or "II." makes the number an ordinal ("3. Oktober", "2. Weltkrieg", "Wilhelm II.").
    sentence_starters: frozenset[str] | None
    boundary: re.Pattern


# A sentence ends at terminal punctuation (with any closing quotes/brackets), followed by
# whitespace, or glued directly to a capitalised word (a common extraction defect).
_CJK_END = "。！？"
# Full stops and question marks of other scripts (Arabic, Urdu, Devanagari, Ethiopic,
# Armenian, Myanmar): never used inside a sentence, so they end one like "." does.
_OTHER_END = "؟۔।॥።։။"


def _boundary_pattern(latin_end: str) -> re.Pattern:
    return re.compile(
        r"""
        (?P<end>
            ["""
        + latin_end
        + r"""]+ ["'”’»)\]]*        # terminal punctuation and closers
          | ["""
        + _CJK_END
        + r"""]+ ["'”’」』)\]]*   # CJK terminal punctuation, no space needed
        )
        """,
        re.VERBOSE,
    )


_LATIN_END = ".!?…" + _OTHER_END
# Greek asks with ";" (and its own U+037E): there it ends a sentence like "?" does.
_EXTRA_END = {"el": ";\u037e"}


@functools.cache
def _rules(language: str) -> _LanguageRules:
    """The rules for a base language code ("de"), read once from the package data."""
    own = word_list("abbreviations", language)
    if own is None:
        abbreviations = word_list("abbreviations", "default") or frozenset()
    else:
        abbreviations = own | (word_list("abbreviations", "common") or frozenset())
    return _LanguageRules(
        abbreviations=abbreviations,
        sentence_starters=word_list("sentence_starters", language),
        boundary=_boundary_pattern(_LATIN_END + _EXTRA_END.get(language, "")),
    )


def _rules_name(language: str | None) -> str:
    # "de-AT" and "de_CH" follow German; an unknown or undetected language gets the defaults.
    # Only a plain code names a file, so "default" and "common" are never taken for a language.
    code = base_language(language)
    return code if code != "und" and re.fullmatch(r"[a-z]{2,3}", code) else "default"


def abbreviations(language: str | None) -> frozenset[str]:
    """Words that a period after them does not end a sentence in `language` ("dr", "z.b"),
    lowercased and without the period; the general list for an unknown language."""
    return _rules(_rules_name(language)).abbreviations


def split_sentences(text: str, language: str | None = None) -> list[Sentence]:
    """Split text into sentences.

    A line break ends a sentence (headlines, captions and one-paragraph-per-line articles) unless
    it plainly wraps one: the line ends in a lowercase letter or comma and the next line starts
    lowercase. A sentence longer than MAX_SENTENCE_CHARS is cut into pieces at word boundaries.
    `language` (an ISO 639-1 code such as "de"; None or "und" when unknown) picks the
    abbreviations and ordinals that do not end a sentence.
    """
    rules = _rules(_rules_name(language))
    sentences: list[Sentence] = []
    for line_start, line_end in _blocks(text):
        for span in _split_line(text, line_start, line_end, rules):
            for start, end in _bounded(text, *span):
                sentences.append(Sentence(len(sentences), start, end, text[start:end]))
    return sentences


def _bounded(text: str, start: int, end: int):
    """(start, end) of pieces of at most MAX_SENTENCE_CHARS, cut after whitespace where possible.

    Looks back at most half the maximum for a space, so the work is linear in the length.
    """
    while end - start > MAX_SENTENCE_CHARS:
        cut = _cut_point(text, start, start + MAX_SENTENCE_CHARS)
        span = _strip(text, start, cut)
        if span:
            yield span
        start = cut
    span = _strip(text, start, end)
    if span:
        yield span


def _cut_point(text: str, start: int, limit: int) -> int:
    for cut in range(limit, start + MAX_SENTENCE_CHARS // 2, -1):
        if text[cut - 1].isspace():
            return cut
    # One unbroken "word": cut anywhere, but never between a letter and its combining marks or
    # joiners, which would split one visible character in two.
    cut = limit
    while cut > start + 1 and _clings(text[cut]):
        cut -= 1
    return cut


def _clings(char: str) -> bool:
    return unicodedata.category(char) in ("Mn", "Mc", "Me") or char in "\u200c\u200d\ufe0f"


def _blocks(text: str):
    start = 0
    for match in re.finditer(r"\r\n|\n|\r", text):
        if not _wraps(text, match.start(), match.end()):
            yield start, match.start()
            start = match.end()
    yield start, len(text)


def _wraps(text: str, break_start: int, break_end: int) -> bool:
    before = break_start - 1
    while before >= 0 and text[before] in " \t":
        before -= 1
    after = break_end
    while after < len(text) and text[after] in " \t":
        after += 1
    if before < 0 or after >= len(text):
        return False
    return (text[before].islower() or text[before] == ",") and text[after].islower()


def _split_line(text: str, start: int, end: int, rules: _LanguageRules):
    """Yield (start, end) of sentences in text[start:end], stripped of surrounding whitespace."""
    piece_start = start
    opening = _first_visible(text, piece_start, end)
    for match in rules.boundary.finditer(text, start, end):
        boundary = match.end()
        if not _is_sentence_end(text, match, end, rules, opening):
            continue
        span = _strip(text, piece_start, boundary)
        if span:
            yield span
        piece_start = boundary
        opening = _first_visible(text, piece_start, end)
    span = _strip(text, piece_start, end)
    if span:
        yield span


def _first_visible(text: str, pos: int, end: int) -> int:
    while pos < end and text[pos].isspace():
        pos += 1
    return pos


def _is_sentence_end(
    text: str, match: re.Match, line_end: int, rules: _LanguageRules, opening: int
) -> bool:
    """Whether the punctuation `match` ends the sentence that begins at `opening`."""
    boundary = match.end()
    punct = match.group("end")
    if boundary >= line_end:
        return False  # the line end splits anyway
    following = text[boundary]
    if punct[0] in _CJK_END:
        return True
    if following.isspace():
        next_at = _next_visible(text, boundary, line_end)
        if next_at is None:
            return False
        next_char = text[next_at]
        if punct.startswith("."):
            word = _word_before(text, match.start())
            word_start = match.start() - len(word)
            if _is_abbreviation(word, rules.abbreviations) and not _is_unit(
                text, word_start, word, rules.abbreviations
            ):
                return False
            if punct == "." and word_start == opening and _LIST_NUMBER.fullmatch(word):
                return False  # "6." opening a sentence numbers it: "... bekannt. 6. Über den"
            if next_char.isdigit() and _numbers_a_sentence(text, next_at, line_end):
                return True  # the sentence ends before a numbered one begins
            # "p. 12" or "3. märz" (lowercase): a lowercase or digit continuation after a
            # period is rarely a new sentence in edited prose.
            if next_char.islower() or next_char.isdigit():
                return False
            if punct == "." and _is_ordinal(text, match.start(), word, next_at, rules):
                return False
        return True
    # Glued text: "dissidents.Figure". Only split when a lowercase word is followed by a
    # capitalised one, so that "example.net", "U.S." and "3.5" stay whole.
    if punct == "." and following.isupper():
        before = _word_before(text, match.start())
        return (
            len(before) >= 2
            and before[-1].islower()
            and not _is_abbreviation(before, rules.abbreviations)  # "Bd.XI", "Dr.Smith"
            and _word_after_is_long(text, boundary)
        )
    return False


def _next_visible(text: str, pos: int, end: int) -> int | None:
    """Where the next word starts after `pos`, past spaces and opening quotes or dashes."""
    while pos < end and text[pos].isspace():
        pos += 1
    while pos < end and text[pos] in "\"'“‘«([¿¡-–—":
        pos += 1
    return pos if pos < end else None


# A numbered item in running text: "6. Über den Winter ...", the number opening its sentence.
_LIST_NUMBER = re.compile(r"\d{1,3}")
_LIST_MARKER = re.compile(r"\d{1,3}\.[ \t]+[\"'“‘«(]?")


def _numbers_a_sentence(text: str, pos: int, end: int) -> bool:
    """Whether a numbered item ("6. Über den ...") starts at `pos`."""
    marker = _LIST_MARKER.match(text, pos, end)
    return marker is not None and marker.end() < end and text[marker.end()].isupper()


def _is_unit(text: str, word_start: int, word: str, abbreviations: frozenset[str]) -> bool:
    """A lowercase letter after a number is a unit ("8848 m."), which may end a sentence.

    Unlike an initial it does not promise a name to follow. A letter the language lists as an
    abbreviation keeps its meaning (Russian "1990 г." is "the year 1990", mid-sentence).
    """
    return (
        len(word) == 1
        and word.islower()
        and word not in abbreviations
        and word_start >= 2
        and text[word_start - 1] == " "
        and text[word_start - 2].isdigit()
    )


_ROMAN = re.compile(r"(?=[IVXLC]{2})C{0,3}(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")


def _is_ordinal(text: str, period: int, word: str, next_at: int, rules: _LanguageRules) -> bool:
    """Whether "3." or "II." before a capitalised word is an ordinal, in languages that say so.

    "am 3. Oktober", "der 2. Weltkrieg", "Wilhelm II. starb": the number is an ordinal unless
    the next word is one that opens sentences ("Die Zahl stieg auf 12. Die Polizei kam").
    Four-digit numbers are years ("seit 1990. Danach"), and "8,5." is a decimal.
    """
    if rules.sentence_starters is None or not word:
        return False
    if not (word.isdigit() and len(word) <= 3 or _ROMAN.fullmatch(word)):
        return False
    before = period - len(word) - 1
    if before >= 0 and not (text[before].isspace() or text[before] in "([\"'„“‘«"):
        return False
    next_word = _word_from(text, next_at)
    return next_word[:1].isupper() and next_word.lower() not in rules.sentence_starters


def _word_from(text: str, pos: int) -> str:
    # Bounded like _word_before, so a line of letters costs the same at every period.
    end = pos
    while end < min(len(text), pos + 64) and text[end].isalpha():
        end += 1
    return text[pos:end]


def _word_before(text: str, pos: int) -> str:
    # Bounded: on "aB.aB.aB..." every period would otherwise scan back to the start (quadratic);
    # the word only matters for abbreviations and its last letters.
    start = pos
    while start > max(0, pos - 64) and (text[start - 1].isalnum() or text[start - 1] == "."):
        start -= 1
    return text[start:pos]


def _word_after_is_long(text: str, pos: int) -> bool:
    return len(_word_from(text, pos)) >= 2


def _is_abbreviation(word: str, abbreviations: frozenset[str]) -> bool:
    if not word:
        return False
    lowered = word.lower().rstrip(".")
    if lowered in abbreviations:
        return True
    # Single letters and dotted initialisms ("J.", "U.S") are initials, not sentence ends.
    return len(lowered) == 1 and lowered.isalpha() or bool(re.fullmatch(r"(?:\w\.)+\w", lowered))


def _strip(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None
