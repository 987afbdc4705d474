"""What the two number rules share (XL401 across articles, XL501 source to translation): the
quantities of each sentence, read once a check, and the matching of figures that agree."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence

from xlingual.analysis.numbers import (
    Quantity,
    extract_quantities,
    is_written_in_words,
    quantity_kind,
    reads_words,
    same_quantity,
)
from xlingual.load.documents import Document


class SentenceQuantities:
    """Quantities per (document, sentence) with document offsets, read once per check."""

    def __init__(self, documents: Sequence[Document]) -> None:
        self.documents = documents
        self._cache: dict[tuple[int, int], tuple[Quantity, ...]] = {}
        # Copies of one sentence in many articles are read once.
        self._by_text: dict[tuple[str, str], tuple[Quantity, ...]] = {}

    def of(self, document: int, sentence: int) -> tuple[Quantity, ...]:
        key = (document, sentence)
        if key not in self._cache:
            self._cache[key] = self._read(document, sentence)
        return self._cache[key]

    def _read(self, document: int, sentence: int) -> tuple[Quantity, ...]:
        if not 0 <= document < len(self.documents):
            return ()
        doc = self.documents[document]
        if not 0 <= sentence < len(doc.sentences):
            return ()
        found = doc.sentences[sentence]
        key = (found.text, doc.language)
        if key not in self._by_text:
            self._by_text[key] = tuple(extract_quantities(found.text, doc.language))
        return tuple(
            dataclasses.replace(q, start=q.start + found.start, end=q.end + found.start)
            for q in self._by_text[key]
        )


def match_same(
    left: Sequence[Quantity], right: Sequence[Quantity]
) -> tuple[list[Quantity], list[Quantity]]:
    """Drop the pairs that state the same figure; what is left on each side is unmatched.

    Same-kind matches are taken first so that a plain number does not steal a year's partner.
    """
    left_rest = list(left)
    right_rest = list(right)
    for strict in (True, False):
        for quantity in list(left_rest):
            for candidate in right_rest:
                if strict and quantity_kind(quantity) != quantity_kind(candidate):
                    continue
                if same_quantity(quantity, candidate):
                    left_rest.remove(quantity)
                    right_rest.remove(candidate)
                    break
    return left_rest, right_rest


def by_kind(quantities: Iterable[Quantity]) -> dict[str, list[Quantity]]:
    kinds: dict[str, list[Quantity]] = {}
    for quantity in quantities:
        kinds.setdefault(quantity_kind(quantity), []).append(quantity)
    return kinds


def comparable(quantities: list[Quantity], other: Document) -> list[Quantity]:
    """Leave out figures written in words when the other side's words cannot be read."""
    if reads_words(other.language):
        return quantities
    return [q for q in quantities if not is_written_in_words(q)]


def nouns_agree(a: str | None, b: str | None) -> bool | None:
    """True/False when both numbers name what they count, None when either does not.

    Words sharing a five-letter start agree too: inflections and cognates across languages
    (workers / ouvriers, soldiers / soldats do not, which is the safe side).
    """
    if not a or not b:
        return None
    if a == b:
        return True
    prefix = min(len(a), len(b), 5)
    return prefix >= 4 and a[:prefix] == b[:prefix]
