"""The `Quantity` type and `extract_quantities`, which runs the readers in turn.

Dates and identifiers claim their spans first, then digits (`numerals`), then spelled-out
numbers (`spelled`), and month names turn neighbouring numbers into days (`dates`); the
first, longest reading of each span wins. Only this module knows that order.
"""

from __future__ import annotations

from dataclasses import dataclass

from xlingual.analysis.numbers.dates import _MONTHS, _mark_dates, _numeric_dates, weekdays
from xlingual.analysis.numbers.numerals import (
    _HYPHEN_CHAIN,
    _NUMERAL_RUN,
    _PHONE,
    _SLASH_CODE,
    _TIME,
    _URL,
    _looks_like_phone,
    _numerals_in_run,
)
from xlingual.analysis.numbers.spelled import _WORD_NUMBERS, _spelled_numbers
from xlingual.analysis.numbers.units import _Draft
from xlingual.text_helpers import base_language


@dataclass(frozen=True)
class Quantity:
    start: int  # offsets into the string given to extract_quantities
    end: int
    text: str
    value: float
    unit: str | None
    noun: str | None = None  # the counted word after a plain number, lowercased
    approximate: bool = False  # hedged: "about", "environ", "etwa", "около"...


def reads_words(language: str | None) -> bool:
    """Whether spelled-out numbers and month names are read in this language.

    Where they are not, a figure written in words on the other side of a comparison has no
    chance of a partner, so comparisons leave word-only quantities out.
    """
    lang = base_language(language)
    return lang in _WORD_NUMBERS and lang in _MONTHS


def is_written_in_words(quantity: Quantity) -> bool:
    """A quantity read from words alone ("twenty", "September"), with no digit in it."""
    return not any(ch.isdigit() for ch in quantity.text)


def extract_quantities(text: str, language: str) -> list[Quantity]:
    """Every quantity in `text`, in order of position, with offsets into `text`."""
    lang = base_language(language)
    blocked = [m.span() for m in _URL.finditer(text)]
    drafts: list[_Draft] = []
    claimed = list(blocked)

    def free(start: int, end: int) -> bool:
        return not any(s < end and start < e for s, e in claimed)

    for draft_group, span in _numeric_dates(text, lang):
        if free(*span):
            drafts.extend(draft_group)
            claimed.append(span)
    for pattern in (_TIME, _SLASH_CODE, _HYPHEN_CHAIN):
        for match in pattern.finditer(text):
            if free(*match.span()):
                claimed.append(match.span())
    for match in _PHONE.finditer(text):
        if free(*match.span()) and _looks_like_phone(match.group()):
            claimed.append(match.span())

    for match in _NUMERAL_RUN.finditer(text):
        if not free(*match.span()):
            continue
        drafts.extend(_numerals_in_run(text, match, lang))
    drafts.extend(_spelled_numbers(text, lang))
    drafts = _mark_dates(text, lang, drafts)
    drafts.extend(draft for draft in weekdays(text, lang) if free(draft.start, draft.end))

    kept: list[_Draft] = []
    for draft in sorted(drafts, key=lambda d: (d.start, -d.end)):
        if any(s < draft.end and draft.start < e for s, e in blocked):
            continue
        if kept and draft.start < kept[-1].end:
            continue
        kept.append(draft)
    return [
        Quantity(d.start, d.end, text[d.start : d.end], d.value, d.unit, d.noun, d.approximate)
        for d in kept
    ]
