"""Numbers written in digits: separators by locale, and digit runs that are identifiers.

`,` and `.` change meaning with the language (`1,500` is 1500 in English and 1.5 in German),
plain spaces group thousands only where the language writes `12 000`, and phone numbers,
times, codes, versions and URLs are not quantities at all. All of that is about the digits
alone, so it lives apart from what is read around them (`units`).
"""

from __future__ import annotations

import re

from xlingual.analysis.numbers.units import (
    _CURRENCY_CODES,
    _Draft,
    _finish,
    _is_cjk,
    _is_letter,
)

# --- language conventions -------------------------------------------------------------------

_DECIMAL_POINT_LANGUAGES = frozenset(
    {"en", "zh", "ja", "ko", "he", "th", "hi", "ms", "tl", "ga", "cy", "mt", "sw", "ur", "und"}
)
# Languages whose style guides group thousands with a plain space ("28 000").
_SPACE_GROUPING_LANGUAGES = frozenset(
    {"fr", "ru", "uk", "be", "cs", "sk", "pl", "sv", "nb", "nn", "no", "fi", "et", "lv", "lt"}
    | {"bg", "hu", "kk", "pt", "sl", "hr", "sr"}
)


# --- digit runs and identifiers --------------------------------------------------------------

_NUMERAL_RUN = re.compile(r"\d+(?:[,.'’\u00a0\u202f\u2009 ]\d+)*")
_NARROW_SPACES = "\u00a0\u202f\u2009"

_URL = re.compile(
    r"(?:https?://|ftp://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?<!\w)[@#]\w+"
    r"|(?<![^\W\d_])[\w-]+(?:\.[a-z]{2,6})+/\S*",
    re.IGNORECASE,
)
_SLASH_CODE = re.compile(r"(?<![\w/])\d+(?:/\d+)+(?![\w/])")
_TIME = re.compile(r"(?<![\w:])\d{1,2}(?::\d{2}){1,2}(?![\w:])|(?<!\w)\d{1,2}h\d{2}(?!\w)")
_PHONE = re.compile(
    r"(?<![\w+(])(?:\+\d{1,3}[\s.-]?)?"
    r"(?:\(\d{1,4}\)[\s.-]?\d{2,4}(?:[\s.-]\d{2,4})+|\d{1,4}(?:[\s.-]\d{2,4}){2,})(?!\w)"
)
_HYPHEN_CHAIN = re.compile(r"(?<![\w-])\d+(?:-\d+){2,}(?![\w-])")
_YEAR_SHAPED = re.compile(r"(?:1\d{3}|20\d{2}|2100)(?!\d|[,.'’\u00a0\u202f\u2009]\d)")


def _looks_like_phone(candidate: str) -> bool:
    digits = sum(ch.isdigit() for ch in candidate)
    if digits < 7:
        return False
    if candidate.startswith("+") or "(" in candidate:
        return True
    groups = re.split(r"[\s.-]", candidate)
    separators = set(re.findall(r"[\s.-]", candidate))
    # A thousands grouping ("12 345 678", "1.234.567") is a number, not a phone.
    if len(separators) == 1 and 1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:]):
        return False
    return bool(separators & {"-", "."}) or len(groups) >= 4


def _numerals_in_run(text: str, match: re.Match, lang: str) -> list[_Draft]:
    run_start = match.start()
    pieces = re.split(r"([,.'’\u00a0\u202f\u2009 ])", match.group())
    groups = pieces[0::2]
    separators = pieces[1::2]
    # Offsets of each digit group within the text.
    offsets = []
    position = run_start
    for index, group in enumerate(groups):
        offsets.append(position)
        position += len(group) + (len(separators[index]) if index < len(separators) else 0)

    if _is_identifier_before(text, run_start):
        return []
    dots = [s for s in separators if s == "."]
    if len(dots) >= 2 and not _all_thousands(groups, separators, "."):
        return []  # version strings, IP addresses: identifiers

    # "1,2,3": a list of numbers, not one number.
    is_list = (
        len(groups) >= 3
        and all(s == "," for s in separators)
        and not all(len(g) == 3 for g in groups[1:])
        and _indian_grouping(groups, separators, 0) is None
    )
    drafts: list[_Draft] = []
    index = 0
    while index < len(groups):
        if is_list:
            consumed, value, plain = 1, float(int(groups[index])), True
        else:
            consumed, value, plain = _read_number(groups, separators, index, lang)
        start = offsets[index]
        last = index + consumed - 1
        end = offsets[last] + len(groups[last])
        is_last = index + consumed == len(groups)
        draft = _finish(text, lang, start, end, value, plain_integer=plain, check_after=is_last)
        if draft is not None:
            drafts.append(draft)
        index += consumed
    return drafts


def _all_thousands(groups: list[str], separators: list[str], sep: str) -> bool:
    return (
        all(s == sep for s in separators)
        and 1 <= len(groups[0]) <= 3
        and all(len(g) == 3 for g in groups[1:])
    )


def _read_number(
    groups: list[str], separators: list[str], index: int, lang: str
) -> tuple[int, float, bool]:
    """Read one number from digit group `index`: (groups consumed, value, plain integer?)."""
    first = groups[index]
    decimal_mark = "." if lang in _DECIMAL_POINT_LANGUAGES else ","
    thousands_marks = {",", ".", "'", "’", *_NARROW_SPACES}
    if lang in _SPACE_GROUPING_LANGUAGES:
        thousands_marks.add(" ")

    remaining = len(groups) - index - 1
    if remaining and 1 <= len(first) <= 3 and not (first.startswith("0") and len(first) > 1):
        sep = separators[index]
        if sep in thousands_marks:
            count = 0
            while (
                index + count + 1 < len(groups)
                and separators[index + count] == sep
                and len(groups[index + count + 1]) == 3
            ):
                count += 1
            # Indian grouping: 1,00,000 (two-digit groups, then a final three-digit one).
            if count == 0 and sep == ",":
                lakh = _indian_grouping(groups, separators, index)
                if lakh:
                    return lakh
            if count and first == "0":
                count = 0
            single_ambiguous = count == 1 and sep in (",", ".")
            followed_by_digits = (
                index + count + 1 < len(groups) and separators[index + count] == sep
            )
            if followed_by_digits and sep in (",", "."):
                count = 0  # "1,2345" or "1.234.56": not a clean grouping
            if (
                single_ambiguous
                and sep == decimal_mark
                and not _has_decimal_after(groups, separators, index + 1, sep)
            ):
                count = 0  # "1,500" in German, "1.500" in English: a decimal
            if count:
                digits = first + "".join(groups[index + 1 : index + count + 1])
                consumed = count + 1
                value = float(int(digits))
                next_index = index + consumed
                if next_index < len(groups):
                    mark = separators[next_index - 1]
                    if mark in (",", ".") and mark != sep:
                        value = float(f"{digits}.{groups[next_index]}")
                        consumed += 1
                return consumed, value, False
    if remaining and separators[index] in (",", "."):
        # A lone decimal mark: "3.5", "3,5", "2,8"; both marks read as decimals when the group
        # after is not a thousands group.
        return 2, float(f"{first}.{groups[index + 1]}"), False
    return 1, float(int(first)), True


def _has_decimal_after(groups: list[str], separators: list[str], index: int, sep: str) -> bool:
    return index < len(separators) and separators[index] in (",", ".") and separators[index] != sep


def _indian_grouping(groups, separators, index):
    count = 0
    while (
        index + count + 1 < len(groups)
        and separators[index + count] == ","
        and len(groups[index + count + 1]) == 2
    ):
        count += 1
    if (
        count
        and len(groups[index]) <= 2
        and index + count + 1 < len(groups)
        and separators[index + count] == ","
        and len(groups[index + count + 1]) == 3
    ):
        consumed = count + 2
        digits = "".join(groups[index : index + consumed])
        return consumed, float(int(digits)), False
    return None


def _is_identifier_before(text: str, start: int) -> bool:
    if start == 0:
        return False
    before = text[start - 1]
    if _is_letter(before) or before in "_#@\\":
        return True
    two_before = text[start - 2] if start >= 2 else ""
    if before in "-‐‑/." and two_before and (_is_letter(two_before) or two_before in "_"):
        return True  # COVID-19, A-4, a/3, example.net2
    if before == "." and (not two_before or two_before.isspace()):
        return True  # ".5" and the like: too rare as a number to trust
    if before == " " and start >= 3:
        # "FRANCE 24", "MH 17": a number after an all-capitals word is part of a name, except
        # after a currency code.
        word = re.search(r"([^\W\d_]+)$", text[max(0, start - 20) : start - 1])
        year_shaped = _YEAR_SHAPED.match(text, start)
        if word and not year_shaped and len(word.group(1)) >= 2 and word.group(1).isupper():
            return word.group(1) not in _CURRENCY_CODES and not _is_cjk(word.group(1)[0])
    return False
