"""Ordinals, years and dates (`dates`, with the ordinal and year decisions of `units`)."""

from __future__ import annotations

import pytest

from tests.analysis.numbers.reading import only, read
from xlingual.analysis.numbers.quantities import (
    extract_quantities,
)

# --- ordinals, years, dates -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language", "span", "value"),
    [
        ("A source told the 20th.", "en", "20th", 20),
        ("on the 12th", "en", "12th", 12),
        ("the 21st-century Gulag", "en", "21st", 21),
        ("the 2nd and", "en", "2nd", 2),
        ("au 20e siècle", "fr", "20e", 20),
        ("le 1er prix", "fr", "1er", 1),
        ("20-й век", "ru", "20-й", 20),
        ("el 5º piso", "es", "5º", 5),
    ],
)
def test_ordinals(text, language, span, value):
    quantity = only(text, language)
    assert (quantity.text, quantity.value, quantity.unit) == (span, value, "ordinal")


def test_years():
    assert read("He fled in 2015 and returned in 2018.", "en") == [
        ("2015", 2015, "year"),
        ("2018", 2018, "year"),
    ]
    assert read("в 2022 году", "ru") == [("2022", 2022, "year")]
    assert read("2022年", "zh") == [("2022", 2022, "year")]
    # Out of range, grouped, or counting something: not a year.
    assert read("3000 soldiers", "en")[0][2] is None
    assert read("2,015 soldiers", "en")[0][2] is None
    assert read("2000 prisoners", "en")[0][2] is None
    assert read("in the 1990s", "en") == [("1990s", 1990, "decade")]


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("on September 12, in Biarritz", "en", [("September", 9, "month"), ("12", 12, "day")]),
        ("on September 12th.", "en", [("September", 9, "month"), ("12th", 12, "ordinal")]),
        ("le 12 septembre", "fr", [("12", 12, "day"), ("septembre", 9, "month")]),
        ("am 12. September", "de", [("12", 12, "day"), ("September", 9, "month")]),
        ("el 12 de septiembre", "es", [("12", 12, "day"), ("septiembre", 9, "month")]),
        ("12 сентября", "ru", [("12", 12, "day"), ("сентября", 9, "month")]),
        ("the 12th of September", "en", [("12th", 12, "ordinal"), ("September", 9, "month")]),
        ("in September 2022", "en", [("September", 9, "month"), ("2022", 2022, "year")]),
        ("2022年9月12日", "zh", [("2022", 2022, "year"), ("9", 9, "month"), ("12", 12, "day")]),
        ("on 2022-09-12", "en", [("2022", 2022, "year"), ("09", 9, "month"), ("12", 12, "day")]),
        ("am 12.09.2022", "de", [("12", 12, "day"), ("09", 9, "month"), ("2022", 2022, "year")]),
        ("on 25/12/2022", "en", [("25", 25, "day"), ("12", 12, "month"), ("2022", 2022, "year")]),
        ("on 05/06/2022", "en", [("2022", 2022, "year")]),  # day/month order unknown
    ],
)
def test_dates(text, language, expected):
    assert read(text, language) == expected


def test_month_names_alone_are_not_quantities():
    assert extract_quantities("in September the talks resumed", "en") == []
    assert extract_quantities("You may 12 times ask", "en")[0].unit is None


def test_a_month_says_whether_it_dates_a_day_or_a_month_of_a_year():
    # "Nov 6" and "April 2021" are two different facts, which XL401 must not compare.
    (month, _) = extract_quantities("sold since April 2021", "en")
    assert (month.unit, month.noun) == ("month", "year")
    (month, _) = extract_quantities("TOKYO, Nov 6 - the company said", "en")
    assert (month.unit, month.noun) == ("month", "day")
    assert extract_quantities("on 6 April 2021", "en")[1].noun == "day"


@pytest.mark.parametrize(
    ("text", "language", "span", "value", "noun"),
    [
        ("The fire broke out on Sunday afternoon.", "en", "Sunday", 7, "afternoon"),
        ("Officials said on Monday.", "en", "Monday", 1, None),
        ("Le scrutin a eu lieu dimanche soir.", "fr", "dimanche", 7, "soir"),
        ("Пересчёт начнётся в четверг утром.", "ru", "четверг", 4, "утром"),
        ("Η πυρκαγιά ξέσπασε την Κυριακή.", "el", "Κυριακή", 7, None),
        ("Die Wahl findet am Sonntag statt.", "de", "Sonntag", 7, "statt"),
    ],
)
def test_weekdays(text, language, span, value, noun):
    quantity = only(text, language)
    assert (quantity.text, quantity.value, quantity.unit, quantity.noun) == (
        span,
        value,
        "weekday",
        noun,
    )


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("It was a sunday kind of calm.", "en"),  # English weekdays are capitalised
        ("Το τρίτη φορά.", "el"),  # "τρίτη" lower case is "third"
        ("Ficou em segunda posição.", "pt"),  # "segunda" alone is "second"
    ],
)
def test_weekday_lookalikes_are_not_weekdays(text, language):
    assert [q for q in extract_quantities(text, language) if q.unit == "weekday"] == []
