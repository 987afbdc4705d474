"""The one bead walker of the source-translation rules (XL5xx): every bead of every aligned
pair, with each side's document, sentence ids, text and vectors.

A bead is a group of source sentences aligned with a group of translated sentences
(`xlingual.align.pair.Bead`); either side may be empty (a sentence left out or added). Ids outside
a document are dropped here, once, so the rules never index past a document's sentences. None of
this loads a model: vectors come from `context.vectors`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from xlingual.load.documents import Document
from xlingual.rules.base import CheckContext, PairAlignment

WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


@dataclass(frozen=True)
class Side:
    """One side of a bead: the document, its sentence ids, and the character range they cover."""

    document: Document
    ids: tuple[int, ...]

    @property
    def start(self) -> int:
        return self.document.sentences[self.ids[0]].start

    @property
    def end(self) -> int:
        return self.document.sentences[self.ids[-1]].end

    @property
    def text(self) -> str:
        return self.document.text[self.start : self.end]

    def sentence_texts(self) -> list[str]:
        return [self.document.sentences[i].text for i in self.ids]


@dataclass(frozen=True)
class BeadView:
    pair: PairAlignment
    index: int  # position of the bead in pair.beads
    source: Side
    target: Side


def valid_ids(ids: Iterable[int], document: Document) -> tuple[int, ...]:
    return tuple(sorted(i for i in ids if 0 <= i < len(document.sentences)))


def _pairs(context: CheckContext) -> Iterator[tuple[PairAlignment, Document, Document]]:
    for pair in context.pairs:
        if 0 <= pair.source < len(context.documents) and 0 <= pair.target < len(context.documents):
            yield pair, context.documents[pair.source], context.documents[pair.target]


def beads(context: CheckContext) -> Iterator[BeadView]:
    for pair, source_doc, target_doc in _pairs(context):
        for index, bead in enumerate(pair.beads):
            yield BeadView(
                pair,
                index,
                Side(source_doc, valid_ids(bead.source, source_doc)),
                Side(target_doc, valid_ids(bead.target, target_doc)),
            )


def linked_beads(context: CheckContext) -> Iterator[BeadView]:
    """Beads with sentences on both sides."""
    return (view for view in beads(context) if view.source.ids and view.target.ids)


def letter_words(text: str) -> list[str]:
    return WORD.findall(text)


def _mean_vector(vectors: np.ndarray, ids: Sequence[int]) -> np.ndarray | None:
    rows = [i for i in ids if 0 <= i < len(vectors)]
    if not rows or vectors.ndim != 2:
        return None
    mean = vectors[rows].astype(np.float64).sum(0)
    norm = float(np.linalg.norm(mean))
    return mean / norm if norm > 0 else None


def bead_cosine(context: CheckContext, view: BeadView) -> float | None:
    """Cosine of the bead's two sides: each side's sentence vectors summed and normalised."""
    pair = view.pair
    if pair.source >= len(context.vectors) or pair.target >= len(context.vectors):
        return None
    source = _mean_vector(np.asarray(context.vectors[pair.source]), view.source.ids)
    target = _mean_vector(np.asarray(context.vectors[pair.target]), view.target.ids)
    if source is None or target is None or source.shape != target.shape:
        return None
    return float(source @ target)


def nearest_target_span(pair: PairAlignment, index: int, target_doc: Document) -> tuple[int, int]:
    """Where a dropped source sentence belongs in the translation: the translated sentence
    just before it (or just after, at the start of a document), or an empty span."""
    for step in (-1, 1):
        position = index + step
        while 0 <= position < len(pair.beads):
            ids = valid_ids(pair.beads[position].target, target_doc)
            if ids:
                sentence = target_doc.sentences[ids[-1] if step < 0 else ids[0]]
                return sentence.start, sentence.end
            position += step
    return 0, 0
