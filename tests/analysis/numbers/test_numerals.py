"""Digits: separators by locale, lists, and digit runs that are identifiers (`numerals`)."""

from __future__ import annotations

import pytest

from tests.analysis.numbers.reading import only, read
from xlingual.analysis.numbers.quantities import (
    extract_quantities,
)

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


# --- lists ---------------------------------------------------------------------------------------


def test_comma_lists_are_separate_numbers():
    assert [v for _, v, _ in read("pages 1,2,3", "en")] == [1, 2, 3]


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
