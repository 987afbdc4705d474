"""Numbers spelled out in words: English, French, German, Spanish, Italian and Russian.

Units, teens, tens, hundreds and thousands and their compounds (`twenty-five`,
`quatre-vingt-dix`, `fünfundzwanzig`, `двадцать пять`), with each language's word tables and
its own way of joining them; a job of its own, unlike reading digits.
"""

from __future__ import annotations

import re

from xlingual.analysis.numbers.units import _NEXT_WORD, _Draft, _finish, _multiplier_pattern
from xlingual.word_lists import word_values

# Each language's number words (data/number_words/<lang>.txt), in file order.
_WORD_NUMBERS = {
    lang: word_values("number_words", lang) or {} for lang in ("en", "fr", "de", "es", "it", "ru")
}
# Alone, these are articles or pronouns; they count only in a compound or before a multiplier.
_COMPOUND_ONLY = frozenset(
    {"one", "un", "une", "ein", "eine", "eins", "uno", "una", "один", "одна", "одно", "одного"}
    | {"одной", "hundred", "thousand"}
)
_CONNECTORS = {"en": {"and"}, "fr": {"et"}, "es": {"y"}, "it": {"e"}}
# German writes compounds as one word (zweihundertdreiundzwanzig); these are its pieces.
_GERMAN_PIECES = sorted(
    [w for w in _WORD_NUMBERS["de"] if w not in ("eine",)] + ["und", "sieb", "ein"],
    key=len,
    reverse=True,
)

_WORD = re.compile(r"[^\W\d_]+")


def _spelled_numbers(text: str, lang: str) -> list[_Draft]:
    table = _WORD_NUMBERS.get(lang)
    if table is None:
        return []
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
    drafts: list[_Draft] = []
    index = 0
    while index < len(words):
        sequence = _spelled_sequence(text, lang, words, index)
        if sequence is None:
            index += 1
            continue
        last_index, value, single_word = sequence
        start, end = words[index][0], words[last_index][1]
        index = last_index + 1
        lone = single_word.lower() if single_word else None
        if lone in _COMPOUND_ONLY or (lone == "neuf" and _neuf_is_adjective(text, start, end)):
            # Alone it is an article or an adjective, unless a multiplier follows.
            pattern, _ = _multiplier_pattern(lang)
            if not pattern.match(text, end):
                continue
        if lone and lang in ("es", "it") and lone in ("una", "uno", "un"):
            continue
        draft = _finish(text, lang, start, end, float(value), plain_integer=False, spelled=True)
        if draft is not None:
            drafts.append(draft)
    return drafts


def _neuf_is_adjective(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 12) : start].lower().split()
    after = _NEXT_WORD.match(text, end)
    return (bool(before) and before[-1] in {"tout", "toute", "un", "une", "le", "la", "du"}) or (
        after is None
    )


def _word_value(text: str, lang: str, start: int, word: str) -> list[int | str] | None:
    """The number values a word stands for (a German compound gives several), or None."""
    table = _WORD_NUMBERS[lang]
    lowered = word.lower()
    if lang == "de":
        # Capitalised, "Elf" is a noun (the team); number words are lowercase mid-sentence.
        capitalised = word[0].isupper() and lowered not in ("hundert", "tausend")
        if capitalised and not _sentence_initial(text, start):
            return None
        return _german_pieces(lowered)
    if lowered not in table:
        return None
    return [table[lowered]]


def _german_pieces(word: str) -> list[int | str] | None:
    pieces: list[int | str] = []
    position = 0
    while position < len(word):
        for piece in _GERMAN_PIECES:
            if word.startswith(piece, position):
                pieces.append("und" if piece == "und" else _german_value(piece))
                position += len(piece)
                break
        else:
            return None
    if not pieces or pieces[0] == "und" or pieces[-1] == "und":
        return None
    return pieces


def _german_value(piece: str) -> int:
    return {"sieb": 7, "ein": 1}.get(piece, _WORD_NUMBERS["de"].get(piece, 0))


def _sentence_initial(text: str, start: int) -> bool:
    position = start - 1
    while position >= 0 and (text[position].isspace() or text[position] in "\"'“„«‘‚("):
        position -= 1
    return position < 0 or text[position] in ".!?:;"


def _spelled_sequence(text: str, lang: str, words, index: int):
    """(index of the last word, value, the word if the sequence is one word) or None."""
    first = _word_value(text, lang, words[index][0], words[index][2])
    if first is None:
        return None
    values = list(first)
    last = index
    connectors = _CONNECTORS.get(lang, set())
    while last + 1 < len(words):
        gap = text[words[last][1] : words[last + 1][0]]
        candidate = last + 1
        if gap not in (" ", "-", "‐", "\u00a0"):
            break
        following_word = words[candidate][2].lower()
        connector = False
        if following_word in connectors and candidate + 1 < len(words):
            gap2 = text[words[candidate][1] : words[candidate + 1][0]]
            if gap2 not in (" ", "-"):
                break
            connector = True
            candidate += 1
        more = _word_value(text, lang, words[candidate][0], words[candidate][2])
        if more is None or not _extends(values, more, lang, connector):
            break
        values.extend(more)
        last = candidate
    value = _combine(values, lang)
    if value is None:
        return None
    single = words[index][2] if last == index and len(first) == 1 else None
    return last, value, single


def _extends(values: list[int | str], more: list[int | str], lang: str, connector: bool) -> bool:
    """Whether `more` continues the number in `values` ("twenty" "five") or starts another."""
    previous = values[-1]
    following = more[0]
    if isinstance(previous, str) or isinstance(following, str):
        return False
    if following in (100, 1000):
        return previous < 100 or (following == 1000 and previous < 1000)
    if lang == "fr" and following == 20 and previous == 4:
        return not connector  # quatre-vingt
    if connector:
        if lang == "en":
            return previous in (100, 1000) or previous >= 100
        return following < 10 or (lang == "fr" and following == 11)
    return following < previous and (previous >= 20 or (lang == "fr" and previous == 10))


def _combine(values: list[int | str], lang: str) -> int | None:
    # German "dreiundzwanzig": units and tens around "und" add up like any other pieces.
    total = 0
    current = 0
    previous: int | str | None = None
    for value in values:
        if value == "und":
            previous = value
            continue
        assert isinstance(value, int)
        if value == 1000:
            total += max(current, 1) * 1000
            current = 0
        elif value == 100:
            current = max(current, 1) * 100 if current < 100 else current + 100
        elif lang == "fr" and value == 20 and previous == 4:
            current += 76  # quatre (4) already counted: quatre-vingt is 80
        else:
            current += value
        previous = value
    return total + current
