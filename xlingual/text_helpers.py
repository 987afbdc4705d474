"""Small wording helpers for messages: a count with its noun, a verb that agrees with it.

One place for English agreement, so that no message says "1 articles" or "2 articles uses".
"""

from __future__ import annotations


def plural(count: int, noun: str, plural_form: str | None = None) -> str:
    """'1 article', '2 articles', '0 articles'; `plural_form` for irregular nouns ('1 child')."""
    return f"{count} {noun if count == 1 else plural_form or noun + 's'}"


def agree(count: int, singular: str, plural_form: str) -> str:
    """The word that agrees with `count`: agree(1, 'uses', 'use') is 'uses'."""
    return singular if count == 1 else plural_form
