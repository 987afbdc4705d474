"""Spelling and form (XL3xx): non-words, words run together, glued sentences, web leftovers,
verbless fragments; one rule a module, what they share in `words`."""

from __future__ import annotations

from xlingual.rules.base import Rule
from xlingual.rules.spelling.boilerplate import WebBoilerplate
from xlingual.rules.spelling.fragments import VerblessFragment
from xlingual.rules.spelling.glued import GluedSentences
from xlingual.rules.spelling.misspelling import Misspelling
from xlingual.rules.spelling.run_together import RunTogetherWords

SPELLING_RULES: tuple[Rule, ...] = (
    Misspelling(),
    RunTogetherWords(),
    GluedSentences(),
    WebBoilerplate(),
    VerblessFragment(),
)

__all__ = [
    "SPELLING_RULES",
    "GluedSentences",
    "Misspelling",
    "RunTogetherWords",
    "VerblessFragment",
    "WebBoilerplate",
]
