"""Sentence segmentation with exact character spans into the original text.

A rule-based splitter rather than a model: it must keep offsets exact (every span slices back to
its sentence), handle text glued by bad extraction ("dissidents.Figure:"), and work for any
language that ends sentences with . ! ? or their CJK forms.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

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
    lowercase. A sentence longer than MAX_SENTENCE_CHARS is cut into pieces at word boundaries.
    """
    sentences: list[Sentence] = []
    for line_start, line_end in _blocks(text):
        for span in _split_line(text, line_start, line_end):
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
    # Bounded: on "aB.aB.aB..." every period would otherwise scan back to the start (quadratic);
    # the word only matters for abbreviations and its last letters.
    start = pos
    while start > max(0, pos - 64) and (text[start - 1].isalnum() or text[start - 1] == "."):
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
