"""A Russian name romanised by another language's convention inside an English article.

French writes Шостакович as Chostakovitch and Брежнев as Brejnev; German writes them
Schostakowitsch and Breschnew; English writes Shostakovich and Brezhnev. An English article that
carries the French or German form was most often translated from that language, and the form may
itself be the established name of someone else. Nothing in the story need spell the name another
way for this to be seen.

How:
1. The candidates: Russian words that wordfreq knows (Zipf >= CANDIDATE_ZIPF), each with its
   English romanisation (the Wikipedia scheme of iuliia, ё read as е as the English press does).
   rapidfuzz retrieves the romanisations closest to the written spelling (by a rough letter
   table: the exact schemes are applied to the few retrieved).
2. For each candidate, the spellings French and German conventions make of it
   (`foreign_forms`). The written spelling is one of them and none of the English ones: it was
   romanised by that convention.
3. The person must be Russian by their own name too: the given name before the surname is the
   English or foreign romanisation of a common Russian word (Yevgeny, Evgueni, Jewgeni). Both
   words must be commoner in Russian than the written spellings are in English, French or German:
   Ричард and Вагнер are Western names written in Russian, not Russian names.

The list is built on first use (about 1.5 s) and kept for the life of the process.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from anyascii import anyascii

from xlingual.memo import remembered

# A Russian word must be at least this common (wordfreq's Zipf scale) to be a candidate: below
# it, wordfreq's Russian list is mostly inflected forms and rare words. A surname in the news
# for a year or two reaches about 3.
CANDIDATE_ZIPF = 2.5
# A given name must be this common a Russian word to vouch that the person is Russian.
GIVEN_NAME_ZIPF = 3.0
# How many romanisations close to the written spelling (rapidfuzz ratio) are tried.
_CANDIDATES = 20
_MIN_RATIO = 60.0
_MIN_LENGTH = 4

# Per convention, how each Cyrillic letter may be written (the first is the usual one). A few
# letters differ in position: French writes a final -ин as -ine (Lénine) and German a final
# -ов / -ев as -ow / -ew (Gorbatschow, Breschnew).
_COMMON = {
    "а": ("a",), "б": ("b",), "г": ("g",), "д": ("d",), "з": ("z",), "и": ("i",), "к": ("k",),
    "л": ("l",), "м": ("m",), "н": ("n",), "о": ("o",), "п": ("p",), "р": ("r",), "т": ("t",),
    "ф": ("f",), "ы": ("y", "i"), "ь": ("",), "ъ": ("",), "э": ("e",),
}  # fmt: skip
_FRENCH = _COMMON | {
    "г": ("g", "gu"), "в": ("v",), "е": ("e",), "ё": ("io", "e"), "ж": ("j", "g"),
    "й": ("i", "ï", ""), "с": ("s", "ss"), "у": ("ou",), "х": ("kh",), "ц": ("ts",),
    "ч": ("tch",), "ш": ("ch",), "щ": ("chtch",), "ю": ("iou",), "я": ("ia",), "ин$": ("ine",),
}  # fmt: skip
_GERMAN = _COMMON | {
    "в": ("w",), "е": ("e", "je"), "ё": ("jo", "o"), "ж": ("sch", "sh"), "з": ("s",),
    "й": ("j", "i", ""), "с": ("s", "ss"), "у": ("u",), "х": ("ch",), "ц": ("z",), "ч": ("tsch",),
    "ш": ("sch",), "щ": ("schtsch",), "ю": ("ju",), "я": ("ja",), "ов$": ("ow",),
    "ев$": ("ew", "jew"), "ёв$": ("jow", "ow"),
}  # fmt: skip
CONVENTIONS = {"French": _FRENCH, "German": _GERMAN}
# What each convention is known by in a message: its letters for the sounds English spells
# otherwise.
_HALLMARKS = {
    "French": {"ж": "j or g for ж", "у": "ou for у", "ш": "ch for ш", "щ": "chtch for щ",
               "ч": "tch for ч", "ин$": "-ine for -ин"},
    "German": {"ж": "sch for ж", "ш": "sch for ш", "в": "w for в", "ч": "tsch for ч",
               "ов$": "-ow for -ов", "ев$": "-ew for -ев"},
}  # fmt: skip
_MAX_FORMS = 64


@dataclass(frozen=True)
class ForeignRomanisation:
    """A spelling that renders a Russian name by another language's convention."""

    written: str
    russian: str  # the Russian word, lower case
    english: str  # its English romanisation, capitalised like `written`
    convention: str  # "French" or "German"
    hallmarks: tuple[str, ...]  # which of the convention's letters the spelling shows


# Remembered: the Russian word table it searches takes about a second to build, which a warm
# run must not spend.
@functools.lru_cache(maxsize=4096)
@remembered("wordfreq", "iuliia", "anyascii", "rapidfuzz")
def foreign_romanisation(surname: str, given_name: str | None) -> ForeignRomanisation | None:
    """The Russian name `surname` renders by a French or German convention, with its English
    spelling; None when it is an English romanisation, not a Russian name, or the given name does
    not vouch that the person is Russian."""
    if given_name is None or len(surname) < _MIN_LENGTH or not _russian_given_name(given_name):
        return None
    written = _plain(surname)
    close = _closest(written)
    if any(written in {_plain(form) for form in _english_forms(word)} for word in close):
        return None  # the English spelling of a Russian word
    # The commonest word the spelling renders: a name before one of its case forms (Ленин before
    # the locative Ленине, both Lénine).
    for russian in sorted(close, key=_zipf, reverse=True):
        if not _more_russian(surname, russian):
            continue
        for convention, table in CONVENTIONS.items():
            if written in foreign_forms(russian, table):
                return ForeignRomanisation(
                    written=surname,
                    russian=russian,
                    english=_english_forms(russian)[0].capitalize(),
                    convention=convention,
                    hallmarks=_hallmarks(russian, convention),
                )
    return None


def foreign_forms(russian: str, table: dict[str, tuple[str, ...]]) -> set[str]:
    """Every spelling the convention `table` makes of a lower-case Russian word (at most
    _MAX_FORMS: each letter with two renderings doubles them)."""
    forms = [""]
    position = 0
    while position < len(russian):
        rest = russian[position:]
        ending = next((key for key in table if key.endswith("$") and rest == key[:-1]), None)
        key = ending or russian[position]
        choices = table.get(key, (anyascii(russian[position]).lower(),))
        forms = [form + choice for form in forms for choice in choices][:_MAX_FORMS]
        position += len(ending) - 1 if ending else 1
    return {_plain(form) for form in forms}


def _hallmarks(russian: str, convention: str) -> tuple[str, ...]:
    marks = _HALLMARKS[convention]
    return tuple(
        text
        for key, text in marks.items()
        if (russian.endswith(key[:-1]) if key.endswith("$") else key in russian)
    )


def _russian_given_name(given_name: str) -> bool:
    written = _plain(given_name)
    if len(written) < 3:
        return False
    for russian in _closest(written):
        if _zipf(russian) < GIVEN_NAME_ZIPF or not _more_russian(given_name, russian):
            continue
        forms = {_plain(form) for form in _english_forms(russian)}
        for table in CONVENTIONS.values():
            forms |= foreign_forms(russian, table)
        if written in forms:
            return True
    return False


def _closest(written: str) -> list[str]:
    """Russian words whose English romanisation is closest to the written spelling."""
    from rapidfuzz import fuzz, process

    words, romanised = _candidates()
    found = process.extract(
        written, romanised, scorer=fuzz.ratio, limit=_CANDIDATES, score_cutoff=_MIN_RATIO
    )
    return [words[index] for _, _, index in found]


@functools.cache
def _candidates() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(Russian words at least CANDIDATE_ZIPF common, a rough English romanisation of each to
    retrieve them by: a letter table, fast enough for the 130,000 words)."""
    from wordfreq import get_frequency_dict

    cutoff = 10 ** (CANDIDATE_ZIPF - 9)
    words = tuple(
        word
        for word, frequency in get_frequency_dict("ru").items()
        if frequency >= cutoff and _CYRILLIC_WORD.fullmatch(word)
    )
    return words, tuple(word.translate(_ROUGH_ENGLISH) for word in words)


_CYRILLIC_WORD = re.compile(r"[а-яё]+")
_ROUGH_ENGLISH = str.maketrans(
    {
        **{cyrillic: latin[0] for cyrillic, latin in _COMMON.items()},
        "в": "v", "е": "e", "ё": "e", "ж": "zh", "й": "y", "с": "s", "у": "u", "х": "kh",
        "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ю": "yu", "я": "ya", "ы": "y",
    }
)  # fmt: skip


@functools.lru_cache(maxsize=4096)
def _english_forms(russian: str) -> tuple[str, ...]:
    """English romanisations: Wikipedia's scheme with ё read as е (the press's Gorbachev), then
    with ё, then BGN/PCGN and the passport scheme (ICAO)."""
    import iuliia

    plain = russian.replace("ё", "е")
    forms = (
        iuliia.WIKIPEDIA.translate(plain),
        iuliia.WIKIPEDIA.translate(russian),
        iuliia.BGN_PCGN.translate(russian),
        iuliia.ICAO_DOC_9303.translate(russian),
    )
    return tuple(dict.fromkeys(form for form in forms if form))


def _zipf(russian: str) -> float:
    from xlingual.analysis.words.lexicon import zipf

    return zipf(russian, "ru")


def _more_russian(written: str, russian: str) -> bool:
    """The Russian word is commoner in Russian than the written spelling is in English, French
    or German: a Russian name (Евгений / Yevgeny), not a Western one Russian borrows (Ричард /
    Richard, Вагнер / Wagner)."""
    from xlingual.analysis.words.lexicon import zipf

    western = max(zipf(written.casefold(), language) for language in ("en", "fr", "de"))
    return _zipf(russian) > western


def _plain(text: str) -> str:
    """Lower case, accents and apostrophes gone: the form spellings are compared in."""
    decomposed = unicodedata.normalize("NFD", text.casefold())
    return "".join(char for char in decomposed if char.isalpha() and char.isascii())
