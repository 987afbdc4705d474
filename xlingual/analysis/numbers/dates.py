"""Dates: numeric dates (`12.09.2022`, `2022-09-12`, `9/12/2022`) and days next to month
names (`September 12`, `12 septembre`, `12-го сентября`), read into day, month and year
quantities of their own; weekday names (`on Sunday`, `dimanche`, `в воскресенье`) as weekday
quantities (Monday 1 ... Sunday 7). Month and weekday names and date shapes are a vocabulary
apart from units and spelled numbers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from xlingual.analysis.numbers.units import _Draft
from xlingual.word_lists import word_values

# Month names and abbreviations per language (data/month_names/<lang>.txt), in file order.
_MONTHS = {
    lang: word_values("month_names", lang) or {}
    for lang in ("en", "fr", "de", "es", "it", "pt", "ru")
}
# Month names that are also common words are only taken capitalised.
_CAPITALISED_MONTHS = {"en": {"may", "march"}, "de": set(_MONTHS["de"])}

# Weekday names per language (data/weekday_names/<lang>.txt); where a weekday name is also a
# common word or every noun is capitalised, only the capitalised name counts.
_WEEKDAYS = {
    lang: word_values("weekday_names", lang) or {}
    for lang in ("en", "fr", "de", "es", "it", "pt", "ru", "el")
}
_CAPITALISED_WEEKDAYS = frozenset({"en", "de", "el"})

_ISO_DATE = re.compile(r"(?<![\w.-])(\d{4})-(\d{2})-(\d{2})(?![\w-]|\.\d)")
_DOTTED_DATE = re.compile(r"(?<![\w.,])(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})(?![\w]|\.\d)")
_SLASH_DATE = re.compile(r"(?<![\w/])(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})(?![\w/])")


@lru_cache(maxsize=32)
def _month_table(language: str) -> dict[str, int]:
    if language in _MONTHS:
        return _MONTHS[language]
    merged: dict[str, int] = {}
    for table in _MONTHS.values():
        merged.update(table)
    return merged


def _names_pattern(names: Iterable[str], also_not_after: str = "") -> re.Pattern:
    """Any of `names` as a whole word (longest first), in any case; `also_not_after`: further
    characters that may not follow it."""
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![^\W\d_])({alternatives})(?![^\W\d_{also_not_after}])", re.IGNORECASE)


@lru_cache(maxsize=32)
def _month_pattern(language: str) -> re.Pattern:
    return _names_pattern(_month_table(language))


@lru_cache(maxsize=32)
def _weekday_pattern(language: str) -> re.Pattern | None:
    names = _WEEKDAYS.get(language, {})
    return _names_pattern(names, also_not_after="-") if names else None


# The word right after a weekday ("Sunday afternoon", "Monday night"), kept as its counted
# word: which part of the day it dates.
_NEXT_WORD = re.compile(r" ([^\W\d_]+)")


def weekdays(text: str, lang: str) -> list[_Draft]:
    """Weekday names in `text` (in the article's language) as weekday quantities, each with
    the word after it as its noun: a weekday is compared only with one that dates the same
    thing ("broke out on Saturday afternoon" / "on Sunday afternoon"), not with the day a
    statement was made ("officials said on Monday")."""
    pattern = _weekday_pattern(lang)
    if pattern is None:
        return []
    found = []
    for match in pattern.finditer(text):
        name = match.group(1)
        if lang in _CAPITALISED_WEEKDAYS and not name[0].isupper():
            continue
        value = _WEEKDAYS[lang][name.lower()]
        after = _NEXT_WORD.match(text, match.end())
        noun = after.group(1).lower() if after else None
        found.append(_Draft(match.start(), match.end(), float(value), "weekday", noun))
    return found


def _numeric_dates(text: str, lang: str):
    """Dates written in digits, as day, month and year parts (each a quantity of its own)."""
    for match in _ISO_DATE.finditer(text):
        year, month, day = (int(g) for g in match.groups())
        if 1 <= month <= 12 and 1 <= day <= 31:
            yield _date_parts(match, (3, day, "day"), (2, month, "month"), (1, year, "year"))
    for match in _DOTTED_DATE.finditer(text):
        day, month = int(match.group(1)), int(match.group(2))
        if 1 <= month <= 12 and 1 <= day <= 31:
            parts = [(1, day, "day"), (2, month, "month")]
            if len(match.group(3)) == 4:
                parts.append((3, int(match.group(3)), "year"))
            yield _date_parts(match, *parts)
    for match in _SLASH_DATE.finditer(text):
        first, second = int(match.group(1)), int(match.group(2))
        parts = []
        if len(match.group(3)) == 4:
            parts.append((3, int(match.group(3)), "year"))
        # Month/day order differs between the US and everywhere else; only a day above 12
        # settles it.
        if first > 12 and 1 <= second <= 12 and first <= 31:
            parts += [(1, first, "day"), (2, second, "month")]
        elif second > 12 and 1 <= first <= 12 and second <= 31:
            parts += [(1, first, "month"), (2, second, "day")]
        yield _date_parts(match, *parts)


def _date_parts(match: re.Match, *parts: tuple[int, int, str]):
    drafts = [
        _Draft(match.start(group), match.end(group), float(value), unit)
        for group, value, unit in parts
    ]
    return drafts, match.span()


# --- dates with month names ---------------------------------------------------------------------

_DAY_BEFORE_MONTH = re.compile(r"\.?[\s\u00a0]+(?:de[\s\u00a0]+|of[\s\u00a0]+|del?[\s\u00a0]+)?$")
_DAY_AFTER_MONTH = re.compile(r"[\s\u00a0]+(?:the[\s\u00a0]+)?")


def _mark_dates(text: str, lang: str, drafts: list[_Draft]) -> list[_Draft]:
    """Day numbers next to a month name become days; the month name becomes a month."""
    by_start = {d.start: d for d in drafts}
    by_end = {d.end: d for d in drafts}
    months = _month_table(lang)
    capitalised_only = _CAPITALISED_MONTHS.get(lang, set())
    added: list[_Draft] = []
    for match in _month_pattern(lang).finditer(text):
        name = match.group(1)
        if name.lower() in capitalised_only and not name[0].isupper():
            continue
        month = months[name.lower()]
        with_day = with_year = False
        after = _DAY_AFTER_MONTH.match(text, match.end())
        if after and after.end() in by_start:
            candidate = by_start[after.end()]
            with_day = _as_day(candidate)
            with_year = candidate.unit == "year"
        window = text[max(0, match.start() - 12) : match.start()]
        before = _DAY_BEFORE_MONTH.search(window)
        if before:
            candidate_end = match.start() - (len(window) - before.start())
            day_before = by_end.get(candidate_end)
            if day_before is not None:
                with_day = _as_day(day_before) or with_day
        if with_day or with_year:
            # What the month dates, as its counted word: "Mar 3" (a day) and "May 2019" (a
            # month of a year) are two different facts, not one date written two ways.
            anchor = "day" if with_day else "year"
            added.append(_Draft(match.start(), match.end(), float(month), "month", anchor))
    return drafts + added


def _as_day(draft: _Draft) -> bool:
    if draft.spelled or not 1 <= draft.value <= 31 or draft.value != int(draft.value):
        return False
    if draft.unit == "ordinal":
        draft.noun = None
        return True
    if draft.unit is None and (draft.plain_integer or draft.noun is not None):
        draft.unit = "day"
        draft.noun = None
        return True
    return False
