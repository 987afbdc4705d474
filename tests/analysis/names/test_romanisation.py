"""xlingual.analysis.names.romanisation: a Russian name written by French or German convention."""

import pytest

from xlingual.analysis.names.romanisation import CONVENTIONS, foreign_forms, foreign_romanisation


def test_conventions_spell_a_russian_word_as_those_languages_do():
    assert foreign_forms("ленин", CONVENTIONS["French"]) == {"lenine"}
    assert "gorbatschow" in foreign_forms("горбачёв", CONVENTIONS["German"])
    assert foreign_forms("брежнев", CONVENTIONS["German"]) >= {"breschnew"}


@pytest.mark.parametrize(
    ("surname", "given_name", "convention", "english"),
    [
        ("Brejnev", "Leonid", "French", "Brezhnev"),
        ("Khrouchtchev", "Nikita", "French", "Khrushchev"),
        ("Chostakovitch", "Dmitri", "French", "Shostakovich"),
        ("Schostakowitsch", "Dmitri", "German", "Shostakovich"),
        ("Breschnew", "Leonid", "German", "Brezhnev"),
    ],
)
def test_a_russian_name_in_a_foreign_convention_gets_its_english_spelling(
    surname, given_name, convention, english
):
    ruling = foreign_romanisation(surname, given_name)
    assert ruling is not None
    assert (ruling.convention, ruling.english) == (convention, english)
    assert ruling.hallmarks


@pytest.mark.parametrize(
    ("surname", "given_name"),
    [
        ("Brezhnev", "Leonid"),  # the English spelling
        ("Shostakovich", "Dmitri"),
        ("Lermontov", "Mikhail"),
        ("Dostoevsky", "Fyodor"),  # an English spelling outside the schemes, but no foreign one
        ("Wagner", "Richard"),  # Western names that Russian writes too
        ("Schumacher", "Michael"),
        ("Martin", "Jean"),
        ("Chostakovitch", None),  # nothing vouches that the person is Russian
    ],
)
def test_english_spellings_and_western_names_are_left_alone(surname, given_name):
    assert foreign_romanisation(surname, given_name) is None
