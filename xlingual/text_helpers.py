"""Small text helpers: a count with its noun and a verb that agrees with it (one place for
English agreement, so that no message says "1 articles" or "2 articles uses"); the base code of a
language tag.
"""

from __future__ import annotations

import re


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
