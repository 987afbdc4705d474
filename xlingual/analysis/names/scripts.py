"""Letters from two scripts, or invisible characters, inside one word.

A Cyrillic "о" inside a Latin name looks identical on screen but defeats every search, spell check
and glossary match, and it is a known way to smuggle look-alike names past a reviewer. Machine
translation and copy-paste from Russian or Greek sources produce the same thing by accident.

Only mixing that is abnormal is reported: digits belong to no script, Japanese mixes Han, Hiragana
and Katakana as a matter of course (and Korean mixes Hangul and Han), and scripts written without
spaces (Chinese, Japanese, Korean, Thai...) end a word where they meet another script, so "iPhone"
inside a Chinese sentence is a word of its own.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

# Characters that render as nothing. Inside a word they split one name into two strings that look
# identical, which defeats matching just as a look-alike letter does.
INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff\u00ad")

# Zero-width (non-)joiners are part of correct spelling where they control letter shaping, e.g.
# Persian and the Indic scripts; elsewhere they are an accident or a trick.
_JOINERS = frozenset("\u200c\u200d")
_SHAPING_SCRIPTS = frozenset(
    """
    Arabic Syriac Thaana Nko Devanagari Bengali Gurmukhi Gujarati Oriya Tamil Telugu Kannada
    Malayalam Sinhala Tibetan Myanmar Khmer Mongolian
    """.split()
)

# Scripts written without spaces between words, plus Korean, whose words mix Hangul with Han.
# Mixing inside this group is normal, and a change to or from another script ends a word.
_EAST_ASIAN = frozenset({"Han", "Hiragana", "Katakana", "Hangul", "Bopomofo"})
_UNSPACED = _EAST_ASIAN | {"Thai", "Lao", "Khmer", "Myanmar", "Tibetan"}

# Unicode character names start with the script for most letters ("CYRILLIC SMALL LETTER O").
_NAME_PREFIXES = {
    "CJK UNIFIED IDEOGRAPH": "Han",
    "CJK COMPATIBILITY IDEOGRAPH": "Han",
    "IDEOGRAPHIC": "Han",
    "HALFWIDTH KATAKANA": "Katakana",
    "HALFWIDTH HANGUL": "Hangul",
    "KATAKANA-HIRAGANA": "Katakana",
    "CANADIAN SYLLABICS": "Canadian Aboriginal",
    "NKO": "Nko",
}
_SCRIPT_WORDS = frozenset(
    """
    LATIN CYRILLIC GREEK COPTIC ARMENIAN HEBREW ARABIC SYRIAC THAANA SAMARITAN DEVANAGARI BENGALI
    GURMUKHI GUJARATI ORIYA TAMIL TELUGU KANNADA MALAYALAM SINHALA THAI LAO TIBETAN MYANMAR
    GEORGIAN HANGUL ETHIOPIC CHEROKEE OGHAM RUNIC KHMER MONGOLIAN HIRAGANA KATAKANA BOPOMOFO YI
    TIFINAGH GLAGOLITIC VAI JAVANESE BALINESE SUNDANESE BUGINESE TAGALOG LIMBU
    """.split()
)
# Where a letter's name does not start with its script, the words before these name the script
# ("OLD ITALIC LETTER A").
_NAME_KEYWORDS = (" CAPITAL LETTER", " SMALL LETTER", " LETTER", " SYLLABLE", " CHARACTER")


@lru_cache(maxsize=4096)
def script_of(char: str) -> str:
    """The script of one character: "Latin", "Cyrillic", "Han"...

    Digits, punctuation, symbols, spaces and invisible characters are "Common"; combining marks
    that belong to no particular script (accents) are "Inherited" and take the base letter's
    script in practice.
    """
    if len(char) != 1:
        raise ValueError(f"script_of takes one character, not {char!r}")
    category = unicodedata.category(char)
    if category[0] not in "LM":
        return "Common"
    name = unicodedata.name(char, "")
    for prefix, script in _NAME_PREFIXES.items():
        if name.startswith(prefix):
            return script
    first_word = name.split(" ", 1)[0]
    if first_word in _SCRIPT_WORDS:
        return first_word.title()
    if category[0] == "M":
        return "Inherited"
    if name == "MICRO SIGN":
        return "Common"  # as in Unicode's Scripts.txt: "µg" is a unit, not Greek inside Latin
    # Fullwidth and mathematical letters, ligatures and modifier letters fold to a plain letter.
    folded = unicodedata.normalize("NFKC", char)
    if folded and folded[0] != char:
        return script_of(folded[0])
    if name.startswith("MODIFIER LETTER"):
        return "Common"
    for keyword in _NAME_KEYWORDS:
        if keyword in name:
            return name.split(keyword, 1)[0].title()
    return first_word.title() if first_word else "Unknown"


# Look-alike letters, one row per shape, taken from Unicode's confusables.txt ("MA" entries of
# https://www.unicode.org/Public/security/latest/confusables.txt) and restricted to letters that
# render identically in common fonts. A row maps in every direction: a Cyrillic "о" in a Latin word
# becomes "o", a Latin "o" in a Cyrillic word "о". Where a script has several look-alikes for one
# shape, the first is the everyday letter and the one suggested. (confusables.txt folds "I" and "l"
# together; a capital I stays a capital I here, which is what a writer meant.)
_CONFUSABLE_SCRIPTS = ("Latin", "Cyrillic", "Greek", "Armenian")
_CONFUSABLE_ROWS = (
    ("a", "а", "α", ""),
    ("c", "с", "ϲ", ""),
    ("d", "ԁ", "", ""),
    ("e", "еҽ", "", ""),
    ("h", "һ", "", "հ"),
    ("i", "іӏ", "ι", ""),
    ("j", "ј", "ϳ", ""),
    ("n", "", "", "ո"),
    ("o", "о", "ο", "օ"),
    ("p", "р", "ρϱ", ""),
    ("q", "ԛ", "", ""),
    ("s", "ѕ", "", ""),
    ("u", "", "υ", "ս"),
    ("v", "ѵ", "ν", ""),
    ("w", "ԝѡ", "", ""),
    ("x", "х", "", ""),
    ("y", "уү", "γ", ""),
    ("A", "А", "Α", ""),
    ("B", "В", "Β", ""),
    ("C", "С", "Ϲ", ""),
    ("E", "Е", "Ε", ""),
    ("G", "Ԍ", "", ""),
    ("H", "Н", "Η", ""),
    ("I", "ІӀ", "Ι", ""),
    ("J", "Ј", "", ""),
    ("K", "К", "Κ", ""),
    ("M", "М", "Μ", ""),
    ("N", "", "Ν", ""),
    ("O", "О", "Ο", "Օ"),
    ("P", "Р", "Ρ", ""),
    ("S", "Ѕ", "", "Տ"),
    ("T", "Т", "Τ", ""),
    ("U", "", "", "Ս"),
    ("V", "Ѵ", "", ""),
    ("W", "Ԝ", "", ""),
    ("X", "Х", "Χ", ""),
    ("Y", "УҮ", "Υϒ", ""),
    ("Z", "", "Ζ", ""),
)
# letter -> {script: the look-alike to suggest in that script}
_CONFUSABLES: dict[str, dict[str, str]] = {
    letter: {
        script: letters[0]
        for script, letters in zip(_CONFUSABLE_SCRIPTS, row, strict=True)
        if letters
    }
    for row in _CONFUSABLE_ROWS
    for letters in row
    for letter in letters
}


@dataclass(frozen=True)
class MixedScriptWord:
    start: int
    end: int
    text: str
    scripts: tuple[str, ...]  # scripts of the word's letters, sorted
    dominant: str  # the script most letters are in (ties: Latin)
    suggestion: str | None  # the word as it was meant to be typed, when that can be told
    invisible: bool  # the word hides a zero-width or other invisible character


def mixed_script_words(text: str) -> list[MixedScriptWord]:
    """Words whose letters come from more than one script, or that contain invisible characters."""
    found = []
    for start, end in _words(text):
        word = _inspect(text, start, end)
        if word is not None:
            found.append(word)
    return found


def _is_word_char(char: str) -> bool:
    return char.isalpha() or char in INVISIBLE or unicodedata.category(char)[0] == "M"


def _words(text: str):
    """(start, end) of maximal runs of letters, marks and invisible characters with a letter.

    A run is cut where a script written without spaces meets any other script.
    """
    position = 0
    length = len(text)
    while position < length:
        if not _is_word_char(text[position]):
            position += 1
            continue
        start = position
        previous_unspaced: bool | None = None
        while position < length and _is_word_char(text[position]):
            char = text[position]
            if char.isalpha():
                unspaced = script_of(char) in _UNSPACED
                if previous_unspaced is not None and unspaced != previous_unspaced:
                    yield from _with_letter(text, start, position)
                    start = position
                previous_unspaced = unspaced
            position += 1
        yield from _with_letter(text, start, position)


def _with_letter(text: str, start: int, end: int):
    if any(char.isalpha() for char in text[start:end]):
        yield start, end


def _inspect(text: str, start: int, end: int) -> MixedScriptWord | None:
    word = text[start:end]
    letters = _letter_scripts(word)
    groups = {"East Asian" if script in _EAST_ASIAN else script for script in letters}
    dominant = _dominant(letters)
    hidden = {char for char in word if char in INVISIBLE}
    if dominant in _SHAPING_SCRIPTS:
        hidden -= _JOINERS
    mixed = len(groups) > 1
    if not mixed and not hidden:
        return None
    visible = "".join(char for char in word if char not in hidden)
    suggestion = _respell(visible, dominant) if mixed else visible
    return MixedScriptWord(
        start=start,
        end=end,
        text=word,
        scripts=tuple(sorted(letters)),
        dominant=dominant,
        suggestion=suggestion,
        invisible=bool(hidden),
    )


def dominant_script(text: str) -> str:
    """The script most of the letters in `text` are written in (ties: Latin)."""
    return _dominant(_letter_scripts(text))


def _letter_scripts(text: str) -> Counter:
    letters = Counter(script_of(char) for char in text if char.isalpha())
    letters.pop("Common", None)  # e.g. the micro sign
    return letters


def _dominant(letters: Counter) -> str:
    if not letters:
        return "Common"
    return min(letters, key=lambda script: (-letters[script], script != "Latin", script))


def _respell(word: str, dominant: str) -> str | None:
    """The word with every letter of another script replaced by its look-alike in `dominant`."""
    respelled = []
    for char in word:
        script = script_of(char) if char.isalpha() else dominant
        if script in (dominant, "Common") or (script in _EAST_ASIAN and dominant in _EAST_ASIAN):
            respelled.append(char)
            continue
        replacement = _CONFUSABLES.get(char, {}).get(dominant)
        if replacement is None:
            return None
        respelled.append(replacement)
    return "".join(respelled)


# --- text in another script --------------------------------------------------------------------


@dataclass(frozen=True)
class ScriptRun:
    """A run of words in a script the text around it is not written in."""

    start: int
    end: int
    label: str  # "Arabic script", "Han script"...; with kana "Japanese", with Hangul "Korean"


# Between two words of one run: spaces, hyphens, apostrophes, dots of Japanese names.
_RUN_JOINERS = frozenset(" \u00a0-'\u2019\u00b7\u30fb")
_MIN_RUN_LETTERS = 2
_OPENERS = "«“\"'‘„「『"
_CLOSERS = "»”\"'’“」』"


def foreign_script_runs(text: str, own: str, offset: int = 0) -> list[ScriptRun]:
    """Runs of letters in a script other than `own` (the article's dominant script, see
    `dominant_script`) in `text`, offsets shifted by `offset`.

    Latin inside a non-Latin article is left alone (brand names, acronyms and foreign names are
    written so everywhere), and so is a word that mixes its letters with the article's own
    script (that is a look-alike letter: `mixed_script_words`). A run glossed right next to it,
    "Προσοχή" ("Caution") or Tanaka (田中), is a quotation with its
    translation, not text left over.
    """
    own_group = _script_group(own)
    runs: list[ScriptRun] = []
    i = 0
    while i < len(text):
        group = _letter_group(text[i])
        if group in (None, own_group, "Latin"):
            i += 1
            continue
        start, end, letters = i, i + 1, 1
        j = i + 1
        while j < len(text):
            if _letter_group(text[j]) == group or unicodedata.category(text[j])[0] == "M":
                letters += text[j].isalpha()
                end = j = j + 1
            elif (
                text[j] in _RUN_JOINERS
                and j + 1 < len(text)
                and _letter_group(text[j + 1]) == group
            ):
                j += 1
            else:
                break
        i = end
        if letters < _MIN_RUN_LETTERS or _glued(text, start, end) or _glossed(text, start, end):
            continue
        runs.append(ScriptRun(start + offset, end + offset, _run_label(text[start:end], group)))
    return runs


def _script_group(script: str) -> str:
    # Japanese and Chinese mix Han with kana, Korean Han with Hangul: one group, one text.
    return "East Asian" if script in _EAST_ASIAN else script


def _letter_group(char: str) -> str | None:
    if not char.isalpha():
        return None
    script = script_of(char)
    return None if script in ("Common", "Inherited") else _script_group(script)


def _glued(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    return bool(before.isalpha() or after.isalpha())


def _glossed(text: str, start: int, end: int) -> bool:
    before = text[:start].rstrip(_OPENERS).rstrip()
    after = text[end:].lstrip(_CLOSERS).lstrip()
    return after.startswith("(") or (before.endswith("(") and after.startswith(")"))


def _run_label(run: str, group: str) -> str:
    if group != "East Asian":
        return f"{group} script"
    scripts = {script_of(char) for char in run if char.isalpha()}
    if "Hangul" in scripts:
        return "Korean"
    if scripts & {"Hiragana", "Katakana"}:
        return "Japanese"
    return "Han script"  # kanji alone: Chinese or Japanese
