import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xlingual.analysis.numbers import (
    Quantity,
    extract_quantities,
    is_written_in_words,
    quantity_kind,
    reads_words,
    same_quantity,
)


def read(text: str, language: str) -> list[tuple[str, float, str | None]]:
    return [(q.text, q.value, q.unit) for q in extract_quantities(text, language)]


def only(text: str, language: str) -> Quantity:
    found = extract_quantities(text, language)
    assert len(found) == 1, found
    return found[0]


# --- separators and locales ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language", "value"),
    [
        ("recruited 28,000 prisoners", "en", 28000),
        ("rekrutierte 28.000 Häftlinge", "de", 28000),
        ("a recruté 28 000 prisonniers", "fr", 28000),
        ("a recruté 28\u202f000 prisonniers", "fr", 28000),
        ("a recruté 28\u00a0000 prisonniers", "fr", 28000),
        ("завербовал 28 000 заключённых", "ru", 28000),
        ("28\u00a0000 prisoners", "en", 28000),  # no-break spaces group in any language
        ("rund 28'000 Häftlinge", "de", 28000),
        ("rund 28’000 Häftlinge", "de", 28000),
        ("costs 3.5 dollars", "en", 3.5),
        ("kostet 3,5 Dollar", "de", 3.5),
        ("coûte 3,5 dollars", "fr", 3.5),
        ("1,500 people", "en", 1500),
        ("1,5 Menschen", "de", 1.5),
        ("1,500 Menschen", "de", 1.5),  # German decimal comma, three decimals
        ("28.000 prisoners", "en", 28.0),  # English decimal point, three decimals
        ("1,234,567 votes", "en", 1234567),
        ("1.234.567 Stimmen", "de", 1234567),
        ("1.234.567 votes", "en", 1234567),  # several groups: thousands in any language
        ("1,234.5 km", "en", 1234.5),
        ("1.234,5 km", "de", 1234.5),
        ("0,500 litres", "en", 0.5),
        ("1,00,000 rupees", "hi", 100000),
        ("about 420,000 subscribers", "en", 420000),
    ],
)
def test_locale_number_forms(text, language, value):
    assert only(text, language).value == pytest.approx(value)


def test_plain_spaces_group_thousands_only_where_the_language_does():
    assert read("2 000 soldats", "fr") == [("2 000", 2000, None)]
    assert [v for _, v, _ in read("rated 5 100 times", "en")] == [5, 100]


def test_space_grouping_does_not_swallow_a_following_year_or_count():
    assert [v for _, v, _ in read("en 2011 10 personnes", "fr")] == [2011, 10]


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


def test_comma_lists_are_separate_numbers():
    assert [v for _, v, _ in read("pages 1,2,3", "en")] == [1, 2, 3]


def test_adjacent_number_words_that_do_not_compose_stay_apart():
    assert [v for _, v, _ in read("two three", "en")] == [2, 3]


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


# --- identifiers --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "held in IK-6 prison",
        "the COVID-19 pandemic",
        "founder of Gulagu.net",
        "see https://example.com/story/2022/09/12345 now",
        "see www.example.org/a1b2",
        "mail osechkin2022@example.com",
        "follow @gulagu2022",
        "install version 3.8.0 today",
        "the address 192.168.0.1 answers",
        "call +33 6 12 34 56 78 now",
        "call 555-123-4567 now",
        "call (555) 123 4567 now",
        "at 10:30 sharp",
        "a 3D printer and 5G towers",
        "the G7 summit",
        "an A380 landed",
        "spoke to FRANCE 24",
        "the F-16 jets",
        "the 19-A form",
        "ref 12-34-56",
        "the 9/11 attacks",
        "tag #1",
        "tile_5 and x86",
    ],
)
def test_identifiers_are_not_quantities(text):
    assert extract_quantities(text, "en") == []


def test_numbers_next_to_identifiers_are_still_read():
    found = read("In IK-6 prison, 41-year-old Osechkin saw 28,000 inmates.", "en")
    assert found == [("41", 41, "years"), ("28,000", 28000, None)]


def test_hyphenated_german_compound_is_a_number_not_a_code():
    assert only("ein 15-Fuß-Boot", "de").value == 15


def test_year_after_an_acronym_is_kept():
    assert read("the NATO 2022 summit", "en") == [("2022", 2022, "year")]


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


def test_whole_document_extraction():
    text = "In 2015, USD 100 and 28,000 prisoners; about ten days. " * 400
    found = extract_quantities(text, "en")
    assert len(found) == 4 * 400
    assert [q.text for q in found[-4:]] == ["2015", "USD 100", "28,000", "ten"]


def test_language_codes_with_regions_and_unknown_languages():
    assert only("1,500 people", "en-GB").value == 1500
    assert only("1,500 Menschen", "de_CH").value == 1.5
    assert only("1,500 people", "und").value == 1500
    assert only("1,500 people", "").value == 1500
    assert reads_words("en") and reads_words("fr-CA") and not reads_words("cs")


# --- same_quantity ------------------------------------------------------------------------------


def q(text: str, language: str = "en") -> Quantity:
    """The last quantity of the text (the day, in "on September 12")."""
    return extract_quantities(text, language)[-1]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (q("about 20,000 soldiers"), q("20 000 soldats", "fr")),
        (q("28,000 prisoners"), q("28.000 Häftlinge", "de")),
        (q("28,000 prisoners"), q("2,8 万人", "zh")),
        (q("1.5 million people"), q("1 500 000 personnes", "fr")),
        (q("1.5 million people"), q("1,498,000 people")),
        (q("about 20,000 soldiers"), q("19,800 soldiers")),
        (q("3.5% growth"), q("3.47% growth")),
        (q("ten days"), q("10 Tage", "de")),
        (q("about 20 people"), q("21 people")),
        (q("40%"), q("40 Prozent", "de")),
        (q("in 2015 he"), q("2015 people")),  # a year and a bare number: same figure
        (q("the 12th"), q("on September 12")),  # an ordinal and a day
        (q("in the 1700s"), q("in 1700 he")),
    ],
)
def test_same_quantity_matches(a, b):
    assert same_quantity(a, b)
    assert same_quantity(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (q("28,000 prisoners"), q("2,800 prisoners")),
        (q("600 Russians"), q("400 Russians")),
        (q("20 people"), q("21 people")),  # no hedge, one trailing zero: not a rounding
        (q("20,000 people"), q("15,000 people")),
        (q("about 20,000 people"), q("25,000 people")),
        (q("on September 20"), q("on September 21")),
        (q("in 2015 he"), q("in 2016 he")),
        (q("40%"), q("40 days")),
        (q("$5"), q("5 euros")),
        (q("3.5% growth"), q("3.4% growth")),
    ],
)
def test_same_quantity_rejects(a, b):
    assert not same_quantity(a, b)
    assert not same_quantity(b, a)


def test_quantity_kinds():
    assert quantity_kind(q("28,000 prisoners")) == "count"
    assert quantity_kind(q("the 12th")) == quantity_kind(q("on September 12")) == "day"
    assert quantity_kind(q("40%")) == "%"
    assert quantity_kind(q("in 2015 he")) == "year"


# --- spans --------------------------------------------------------------------------------------

_PIECES = [
    "28,000", "28.000", "28 000", "28\u202f000", "28'000", "3,5", "3.5", "2,8 万", "2.8万", "亿",
    "1.5 million", "2 Mio.", "3 milliards", "2 млн", "тыс.", "40%", "40 per cent", "Prozent",
    "ten", "dix", "zehn", "diez", "десять", "twenty-five", "20th", "12th", "1er", "2015",
    "September 12", "12 septembre", "12. September", "IK-6", "COVID-19", "Gulagu.net",
    "https://x.org/1", "3.8.0", "+33 6 12 34 56 78", "$5", "€3bn", "-5", "10-15", "1990s",
    "41-year-old", "about", "environ", " ", " ", ", ", ". ", "\n", "-", "年", "月", "日", "a", "x",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    pieces=st.lists(st.sampled_from(_PIECES), max_size=12),
    language=st.sampled_from(["en", "de", "fr", "es", "ru", "zh", "it", "und", "cs"]),
)
def test_every_span_slices_back_to_its_text(pieces, language):
    text = "".join(pieces)
    found = extract_quantities(text, language)
    previous_end = 0
    for quantity in found:
        assert quantity.text == text[quantity.start : quantity.end]
        assert quantity.start >= previous_end  # in order, never overlapping
        assert quantity.text.strip() == quantity.text and quantity.text
        previous_end = quantity.end


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=80), language=st.sampled_from(["en", "de", "fr", "ru", "zh"]))
def test_arbitrary_text_never_breaks_extraction(text, language):
    for quantity in extract_quantities(text, language):
        assert quantity.text == text[quantity.start : quantity.end]
        assert quantity.value == quantity.value  # never NaN
