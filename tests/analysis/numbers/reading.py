"""Helpers the number tests share: what `extract_quantities` reads, as plain tuples."""

from __future__ import annotations

from xlingual.analysis.numbers.quantities import Quantity, extract_quantities


def read(text: str, language: str) -> list[tuple[str, float, str | None]]:
    return [(q.text, q.value, q.unit) for q in extract_quantities(text, language)]


def only(text: str, language: str) -> Quantity:
    found = extract_quantities(text, language)
    assert len(found) == 1, found
    return found[0]
