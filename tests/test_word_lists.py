"""The word tables in xlingual/data: every file reads, and reads as its kind expects."""

from __future__ import annotations

from importlib import resources

import pytest

from xlingual.word_lists import word_list, word_values, words_of

DATA = resources.files("xlingual") / "data"
VALUE_KINDS = ("number_words", "month_names", "weekday_names")
LIST_KINDS = (
    "abbreviations",
    "sentence_starters",
    "negations",
    "ui_words",
    "discourse_words",
    "titles",
)


def files_of(kinds):
    return [
        (kind, entry.name.removesuffix(".txt"))
        for kind in kinds
        for entry in (DATA / kind).iterdir()
        if entry.name.endswith(".txt")
    ]


@pytest.mark.parametrize(("kind", "name"), files_of(LIST_KINDS))
def test_word_lists_are_lower_case_words(kind, name):
    words = word_list(kind, name)
    assert words, f"{kind}/{name}.txt is empty"
    assert all(word == word.lower() and "=" not in word for word in words)


@pytest.mark.parametrize(("kind", "name"), files_of(VALUE_KINDS))
def test_value_tables_map_words_to_numbers(kind, name):
    values = word_values(kind, name)
    assert values and all(word == word.lower() for word in values)
    assert all(isinstance(value, int) and value >= 0 for value in values.values())


def test_known_entries_and_missing_files():
    assert word_values("number_words", "en")["twenty"] == 20
    assert word_values("month_names", "de")["märz"] == 3
    assert "nicht" in words_of("negations", "de")
    assert word_list("negations", "xx") is None and words_of("negations", "xx") == frozenset()
