"""What is read around a numeral: multipliers, percentages, currencies, unit and noun words,
hedges and signs (`units`)."""

from __future__ import annotations

import pytest

from tests.analysis.numbers.reading import only, read

# --- multipliers, CJK, percentages, currencies ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language", "span", "value"),
    [
        ("2,8 万人", "zh", "2,8 万", 28000),
        ("2.8万人", "zh", "2.8万", 28000),
        ("3亿美元", "zh", "3亿", 3e8),
        ("3億円", "ja", "3億", 3e8),
        ("1.5 million people", "en", "1.5 million", 1.5e6),
        ("1,5 Millionen Menschen", "de", "1,5 Millionen", 1.5e6),
        ("2 Mio. Euro", "de", "2 Mio.", 2e6),
        ("3 milliards d'euros", "fr", "3 milliards", 3e9),
        ("2 млн рублей", "ru", "2 млн", 2e6),
        ("5 тыс. человек", "ru", "5 тыс.", 5e3),
        ("3 billion dollars", "en", "3 billion", 3e9),
        ("3 Billionen Euro", "de", "3 Billionen", 3e12),
        ("20 mil personas", "es", "20 mil", 2e4),
        ("3 mil millones", "es", "3 mil millones", 3e9),
        ("a 20k budget", "en", "20k", 2e4),
    ],
)
def test_multipliers(text, language, span, value):
    quantity = only(text, language)
    assert quantity.text == span
    assert quantity.value == pytest.approx(value)


@pytest.mark.parametrize(
    ("text", "language", "span"),
    [
        ("rose 40% last year", "en", "40%"),
        ("rose 40 per cent", "en", "40 per cent"),
        ("rose 40 percent", "en", "40 percent"),
        ("stieg um 40 Prozent", "de", "40 Prozent"),
        ("hausse de 40 %", "fr", "40 %"),
        ("hausse de 40 pour cent", "fr", "40 pour cent"),
        ("subió un 40 por ciento", "es", "40 por ciento"),
        ("вырос на 40 процентов", "ru", "40 процентов"),
        ("增长40％", "zh", "40％"),
    ],
)
def test_percentages(text, language, span):
    quantity = only(text, language)
    assert (quantity.text, quantity.value, quantity.unit) == (span, 40, "%")


@pytest.mark.parametrize(
    ("text", "language", "span", "value", "unit"),
    [
        ("paid $5 million", "en", "$5 million", 5e6, "USD"),
        ("paid US$ 5", "en", "US$ 5", 5, "USD"),
        ("a €3bn deal", "en", "€3bn", 3e9, "EUR"),
        ("coûte 5 €", "fr", "5 €", 5, "EUR"),
        ("£20 each", "en", "£20", 20, "GBP"),
        ("USD 100 each", "en", "USD 100", 100, "USD"),
        ("5 euros chacun", "fr", "5", 5, "EUR"),
        ("2 millions de dollars", "fr", "2 millions", 2e6, None),
        ("10 долларов", "ru", "10", 10, "USD"),
        ("¥500 fee", "ja", "¥500", 500, "JPY"),
    ],
)
def test_currencies(text, language, span, value, unit):
    quantity = only(text, language)
    assert (quantity.text, quantity.value) == (span, pytest.approx(value))
    if unit is not None:
        assert quantity.unit == unit


# --- units, nouns, hedges -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language", "unit"),
    [
        ("10 days before", "en", "days"),
        ("dix jours avant", "fr", "days"),
        ("10 Tage vorher", "de", "days"),
        ("10 días antes", "es", "days"),
        ("10 дней назад", "ru", "days"),
        ("a 41-year-old man", "en", "years"),
        ("il a 41 ans", "fr", "years"),
        ("for 20 years", "en", "years"),
        ("20 лет", "ru", "years"),
        ("3 weeks", "en", "weeks"),
        ("6 mois", "fr", "months"),
        ("5 hours", "en", "hours"),
        ("a 10km race", "en", "km"),
        # Measurements written out: compare.in_base_units converts them.
        ("burned 120 square kilometres", "en", "km2"),
        ("12,000 hectares", "en", "ha"),
        ("12.000 ettari", "it", "ha"),
        ("120.000 στρέμματα", "el", "stremma"),
        ("46 square miles", "en", "mi2"),
        ("a 5 megawatt plant", "en", "mw"),
        ("walked 5 miles", "en", "mi"),
        ("20 км", "ru", "km"),
        # A currency after "of", and an age glued to the Greek word for "years old".
        ("2,4 milioni di euro in contanti", "it", "EUR"),
        ("2 millions d'euros", "fr", "EUR"),
        ("Ένας 46χρονος εθελοντής", "el", "years"),
    ],
)
def test_unit_words(text, language, unit):
    assert only(text, language).unit == unit


def test_noun_hint_names_what_is_counted():
    assert only("recruited 28,000 prisoners", "en").noun == "prisoners"
    assert only("600 Russians were expelled", "en").noun == "russians"
    assert only("400 of them", "en").noun is None  # a function word says nothing
    assert only("2,8 万人", "zh").noun == "人"
    assert only("in 2015 prisoners", "en").noun is None  # years carry no noun


def test_hedges_mark_approximate_numbers():
    assert only("about 20,000 soldiers", "en").approximate
    assert only("more than 2,000 prisoners", "en").approximate
    assert only("environ 20 000 soldats", "fr").approximate
    assert only("etwa 20.000 Soldaten", "de").approximate
    assert only("около 20 000 солдат", "ru").approximate
    assert only("~20,000 soldiers", "en").approximate
    assert not only("20,000 soldiers", "en").approximate


def test_signs():
    assert only("fell to -5 degrees", "en").value == -5
    assert only("fell to −5 degrees", "en").text == "−5"
    assert [v for _, v, _ in read("10-15 years", "en")] == [10, 15]
