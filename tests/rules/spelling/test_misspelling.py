"""XL301: xlingual/rules/spelling/misspelling.py."""

from tests.rules.context import check_documents as check
from tests.rules.context import doc
from xlingual.rules.spelling import (
    Misspelling,
)


def texts(findings) -> list[str]:
    return [finding.text for finding in findings]


# --- XL301 misspelling --------------------------------------------------------------------------


def test_misspelling_suggests_the_correction():
    found = check(Misspelling(), doc("a.txt", "The minister gave an intervew to the radio.\n"))
    assert texts(found) == ["intervew"]
    assert found[0].suggestion == "interview"


def test_misspelling_leaves_real_and_foreign_words_alone():
    text = (
        "The committee reviewed the astrophysically plausible model.\n"
        "The note read départ non autorisé, in French.\n"
    )
    assert check(Misspelling(), doc("a.txt", text)) == []


def test_misspelling_skips_names_links_and_acronyms():
    text = (
        "Yesterday Marek Wolansky spoke to reporters in Brzeg.\n"
        "Details are on exampel.org and at https://example.com/intervew today.\n"
        "The NATOO summit met in room B12x.\n"
    )
    assert check(Misspelling(), doc("a.txt", text)) == []


def test_capitalised_misspelling_needs_lowercase_evidence():
    alone = doc("a.txt", "He was held at the Federal Penitentiery Office in the north.\n")
    assert check(Misspelling(), alone) == []
    other = doc("b.txt", "He spent years in a penitentiary near the border.\n")
    found = check(Misspelling(), alone, other)
    assert texts(found) == ["Penitentiery"]
    assert found[0].suggestion == "Penitentiary"
    assert found[0].related[0].path == "b.txt"


def test_misspelling_ignores_other_languages():
    assert check(Misspelling(), doc("a.txt", "Le ministre a donné une intervew.\n", "fr")) == []


def test_a_doubled_or_undoubled_letter_is_a_slip_even_when_the_web_counts_it():
    text = "It was an embarassment for the club. The protest ended peacefuly.\n"
    found = check(Misspelling(), doc("a.txt", text))
    assert texts(found) == ["embarassment", "peacefuly"]
    assert [f.suggestion for f in found] == ["embarrassment", "peacefully"]


def test_a_common_word_capitalised_by_its_place_at_the_start_of_a_sentence():
    text = "The data came in on Monday. Sattelite images showed the burnt area.\n"
    found = check(Misspelling(), doc("a.txt", text))
    assert texts(found) == ["Sattelite"]
    assert found[0].suggestion == "Satellite"
