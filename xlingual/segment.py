"""Sentence segmentation with exact character spans into the original text.

A rule-based splitter rather than a model: it must keep offsets exact (every span slices back to
its sentence), handle text glued by bad extraction ("dissidents.Figure:"), and work for any
language that ends sentences with . ! ? or their CJK forms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str


# Tokens that end with a period but rarely end a sentence. Kept short and language-general:
# titles, initials-style abbreviations and Latin shorthands common across European languages.
_ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof st jr sr gen col lt sgt capt gov sen rep rev hon mt ft no nr vs etc
    e.g i.e cf al approx dept est fig inc ltd co corp jan feb mar apr jun jul aug sep sept oct
    nov dec mme mlle mm m hr fr frau herr bzw usw ca vgl z.b d.h u.a s p pp vol ed eds
    """.split()
)

# A sentence ends at terminal punctuation (with any closing quotes/brackets), followed by
# whitespace, or glued directly to a capitalised word (a common extraction defect).
_CJK_END = "。！？"
_BOUNDARY = re.compile(
    r"""
    (?P<end>
        [.!?…]+ ["'”’»)\]]*        # latin terminal punctuation and closers
      | ["""
    + _CJK_END
    + r"""]+ ["'”’」』)\]]*   # CJK terminal punctuation, no space needed
    )
    """,
    re.VERBOSE,
)


def split_sentences(text: str) -> list[Sentence]:
    """Split text into sentences.

    A line break ends a sentence (headlines, captions and one-paragraph-per-line articles) unless
    it plainly wraps one: the line ends in a lowercase letter or comma and the next line starts
    lowercase.
    """
    sentences: list[Sentence] = []
    for line_start, line_end in _blocks(text):
        for start, end in _split_line(text, line_start, line_end):
            sentences.append(Sentence(len(sentences), start, end, text[start:end]))
    return sentences


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


def _split_line(text: str, start: int, end: int):
    """Yield (start, end) of sentences in text[start:end], stripped of surrounding whitespace."""
    piece_start = start
    for match in _BOUNDARY.finditer(text, start, end):
        boundary = match.end()
        if not _is_sentence_end(text, match, end):
            continue
        span = _strip(text, piece_start, boundary)
        if span:
            yield span
        piece_start = boundary
    span = _strip(text, piece_start, end)
    if span:
        yield span


def _is_sentence_end(text: str, match: re.Match, line_end: int) -> bool:
    boundary = match.end()
    punct = match.group("end")
    if boundary >= line_end:
        return False  # the line end splits anyway
    following = text[boundary]
    if punct[0] in _CJK_END:
        return True
    if following.isspace():
        next_char = _next_visible(text, boundary, line_end)
        if next_char is None:
            return False
        if punct.startswith("."):
            word = _word_before(text, match.start())
            if _is_abbreviation(word):
                return False
            # "3. März" or "p. 12": a lowercase or digit continuation after a period is rarely
            # a new sentence in edited prose.
            if next_char.islower() or next_char.isdigit():
                return False
        return True
    # Glued text: "dissidents.Figure". Only split when a lowercase word is followed by a
    # capitalised one, so that "example.net", "U.S." and "3.5" stay whole.
    if punct == "." and following.isupper():
        before = _word_before(text, match.start())
        return len(before) >= 2 and before[-1].islower() and _word_after_is_long(text, boundary)
    return False


def _next_visible(text: str, pos: int, end: int) -> str | None:
    while pos < end and text[pos].isspace():
        pos += 1
    while pos < end and text[pos] in "\"'“‘«([¿¡-–—":
        pos += 1
    return text[pos] if pos < end else None


def _word_before(text: str, pos: int) -> str:
    start = pos
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] == "."):
        start -= 1
    return text[start:pos]


def _word_after_is_long(text: str, pos: int) -> bool:
    end = pos
    while end < len(text) and text[end].isalpha():
        end += 1
    return end - pos >= 2


def _is_abbreviation(word: str) -> bool:
    if not word:
        return False
    lowered = word.lower().rstrip(".")
    if lowered in _ABBREVIATIONS:
        return True
    # Single letters and dotted initialisms ("J.", "U.S") are initials, not sentence ends.
    return len(lowered) == 1 and lowered.isalpha() or bool(re.fullmatch(r"(?:\w\.)+\w", lowered))


def _strip(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None
