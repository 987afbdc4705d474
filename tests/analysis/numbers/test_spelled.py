"""Spelled-out numbers (`spelled`)."""

from __future__ import annotations

import pytest

from tests.analysis.numbers.reading import only, read
from xlingual.analysis.numbers.quantities import (
    extract_quantities,
    is_written_in_words,
)

# --- spelled-out numbers ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language", "span", "value"),
    [
        ("for ten days", "en", "ten", 10),
        ("twenty-five people", "en", "twenty-five", 25),
        ("two hundred and fifty people", "en", "two hundred and fifty", 250),
        ("one million people", "en", "one million", 1e6),
        ("a hundred billion stars", "en", "hundred billion", 1e11),
        ("pendant dix jours", "fr", "dix", 10),
        ("vingt-cinq personnes", "fr", "vingt-cinq", 25),
        ("quatre-vingt-dix personnes", "fr", "quatre-vingt-dix", 90),
        ("quatre-vingts personnes", "fr", "quatre-vingts", 80),
        ("soixante et onze ans", "fr", "soixante et onze", 71),
        ("deux cents personnes", "fr", "deux cents", 200),
        ("mille personnes", "fr", "mille", 1000),
        ("seit zehn Tagen", "de", "zehn", 10),
        ("fünfundzwanzig Menschen", "de", "fünfundzwanzig", 25),
        ("zweihundertdreiundzwanzig Menschen", "de", "zweihundertdreiundzwanzig", 223),
        ("Zehn Menschen starben.", "de", "Zehn", 10),
        ("durante diez días", "es", "diez", 10),
        ("treinta y cinco personas", "es", "treinta y cinco", 35),
        ("doscientos soldados", "es", "doscientos", 200),
        ("десять дней", "ru", "десять", 10),
        ("двадцать пять человек", "ru", "двадцать пять", 25),
        ("в течение пяти лет", "ru", "пяти", 5),
        ("две тысячи человек", "ru", "две тысячи", 2000),
        ("dieci giorni", "it", "dieci", 10),
    ],
)
def test_spelled_out_numbers(text, language, span, value):
    quantity = only(text, language)
    assert (quantity.text, quantity.value) == (span, value)
    assert is_written_in_words(quantity)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("one of the most wanted men", "en"),
        ("un homme et une femme", "fr"),
        ("ein Mann und eine Frau", "de"),
        ("un hombre y una mujer", "es"),
        ("один из них", "ru"),
        ("un appartement tout neuf", "fr"),
        ("Die Elf gewann", "de"),  # "Elf" the team, a noun, not eleven
        ("thousands of people", "en"),
        ("Dreieck und Einsatz", "de"),
    ],
)
def test_words_that_only_look_like_numbers(text, language):
    assert extract_quantities(text, language) == []


def test_spelled_numbers_are_read_only_in_their_own_language():
    assert extract_quantities("once upon a time", "en") == []
    assert only("once personas", "es").value == 11


def test_adjacent_number_words_that_do_not_compose_stay_apart():
    assert [v for _, v, _ in read("two three", "en")] == [2, 3]
