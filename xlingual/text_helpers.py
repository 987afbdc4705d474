"""Small text helpers used across the pipeline, each defined once: a count with its noun and a
verb that agrees with it (so that no message says "1 articles" or "2 articles uses"); the base
code of a language tag; a word folded for comparison; the quotation marks of the languages we read.
"""

from __future__ import annotations

import re
import unicodedata

# Every quotation mark of the languages xlingual reads: English “ ” ‘ ’, German „ “ ‚ ‘,
# French « », Swiss ‹ ›, and the typewriter marks.
QUOTE_MARKS = "\"'“”‘’„‚«»‹›"
# The marks that can open a quotation. » and › open one in Danish, Swedish and German book
# typography (»so«); ” and ’ only close one.
OPENING_QUOTES = "\"'“‘„‚«»‹›"


def plural(count: int, noun: str, plural_form: str | None = None) -> str:
    """'1 article', '2 articles', '0 articles'; `plural_form` for irregular nouns ('1 child')."""
    return f"{count} {noun if count == 1 else plural_form or noun + 's'}"


def agree(count: int, singular: str, plural_form: str) -> str:
    """The word that agrees with `count`: agree(1, 'uses', 'use') is 'uses'."""
    return singular if count == 1 else plural_form


def base_language(language: str | None) -> str:
    """The language of a tag, lower case: "de-AT" and "de_CH" are "de"; "und" when there is none."""
    if not language:
        return "und"
    return re.split(r"[-_]", language.strip().lower())[0] or "und"


def fold(word: str) -> str:
    """`word` for comparison across spellings: case folded and accents stripped ("Ärzte" and
    "ARZTE" fold alike)."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
