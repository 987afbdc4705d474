"""xlingual.analysis.names.canonical: which spelling of a name-variant cluster is the right one.

Real wordfreq and iuliia data, no mocks; names chosen so that each step's evidence is the only
one that separates the spellings.
"""

import pytest

from xlingual.analysis.names.canonical import (
    SpellingUse,
    StyleSheetRuling,
    attestation,
    choose_canonical,
)
from xlingual.text_helpers import agree, plural


def _choose(*uses, languages=("en",), style=None):
    return choose_canonical([SpellingUse(*use) for use in uses], languages, style)


def test_counts_decide_when_nothing_else_does_and_say_so():
    # wordfreq knows neither spelling; no other script; no style sheet.
    assert attestation("Ryabtsev", ("en",)) == attestation("Ryabtsov", ("en",)) == 0.0
    choice = _choose(("Ryabtsov", 3, 3), ("Ryabtsev", 2, 2))
    assert choice.spelling == "Ryabtsov"
    assert choice.decided_by == "articles"
    assert choice.certainty == 0.6
    assert (
        choice.reason
        == "3 articles use 'Ryabtsov', 2 use 'Ryabtsev'; nothing else tells which is right"
    )


def test_a_clear_majority_is_said_without_doubt():
    choice = _choose(("Ryabtsev", 4, 6), ("Ryabtsov", 1, 1))
    assert (choice.spelling, choice.certainty) == ("Ryabtsev", 0.8)
    assert choice.reason == "4 articles use 'Ryabtsev', 1 uses 'Ryabtsov'"


def test_style_sheet_comes_first_even_when_no_article_uses_its_spelling():
    style = StyleSheetRuling("Ryabtsev", "Dmitry Ryabtsev")
    used = _choose(("Ryabtsov", 3, 3), ("Ryabtsev", 2, 2), style=style)
    assert (used.spelling, used.decided_by) == ("Ryabtsev", "style sheet")
    unused = _choose(("Ryabtsov", 3, 3), ("Ryabtzov", 2, 2), style=style)
    assert unused.spelling == "Ryabtsev"
    assert unused.reason == "the style sheet spells it 'Dmitry Ryabtsev'"


def test_a_romanisation_of_the_native_form_beats_a_majority_typo():
    choice = _choose(("Ryabtsov", 3, 3), ("Ryabtsev", 2, 2), ("Рябцев", 1, 1))
    assert (choice.spelling, choice.decided_by) == ("Ryabtsev", "other script")
    assert "standard romanisation of 'Рябцев'" in choice.reason
    assert "though 3 articles use it" in choice.reason


def test_greek_digraphs_are_romanised():
    choice = _choose(("Papadoplos", 3, 3), ("Papadopoulos", 2, 2), ("Παπαδόπουλος", 1, 1))
    assert (choice.spelling, choice.decided_by) == ("Papadopoulos", "other script")


def test_the_native_form_never_becomes_the_suggestion_for_latin_spellings():
    choice = _choose(("Ryabtsev", 2, 2), ("Рябцев", 1, 5))
    assert choice.spelling == "Ryabtsev"


def test_wordfreq_overrules_a_majority_typo():
    choice = _choose(("Kasporov", 3, 3), ("Kasparov", 2, 2))
    assert (choice.spelling, choice.decided_by) == ("Kasparov", "dictionary")
    assert "wordfreq knows 'Kasparov' at Zipf" in choice.reason
    assert "'Kasporov' not at all, though 3 articles use it" in choice.reason


def test_a_doubled_letter_typo_is_caught_though_it_sounds_the_same():
    assert _choose(("Johnn", 3, 3), ("John", 2, 2)).spelling == "John"


@pytest.mark.parametrize(
    ("majority", "minority"),
    [
        ("Sergey", "Sergei"),  # both common: romanisation variants
        ("Mariya", "Maria"),  # sound alike: Maria is far more common but Mariya is right too
        ("Tomas", "Tomás"),  # accents: wordfreq cannot judge
        ("Kasparow", "Kasparov"),  # both attested (German spelling)
    ],
)
def test_legitimate_variants_are_left_to_the_count(majority, minority):
    choice = _choose((majority, 3, 3), (minority, 2, 2), languages=("en", "de"))
    assert (choice.spelling, choice.decided_by) == (majority, "articles")


def test_a_western_name_in_cyrillic_does_not_overrule_the_dictionary():
    # Кэтрин romanises to Ketrin: no scheme gives Kathryn, but wordfreq knows it well.
    choice = _choose(("Kethryn", 3, 3), ("Kathryn", 2, 2), ("Кэтрин", 1, 1))
    assert (choice.spelling, choice.decided_by) == ("Kathryn", "dictionary")


def test_evidence_that_agrees_with_the_count_keeps_the_count_in_the_message():
    choice = _choose(("Kasparov", 5, 6), ("Kasporov", 1, 1))
    assert choice.decided_by == "dictionary"
    assert choice.reason.endswith("; 5 articles use 'Kasparov', 1 uses 'Kasporov'")


def test_ties_fall_to_occurrences_then_the_more_common_word():
    by_uses = _choose(("Ryabtsov", 2, 5), ("Ryabtsev", 2, 2))
    assert by_uses.spelling == "Ryabtsov" and by_uses.decided_by == "occurrences"
    assert "'Ryabtsov' is used 5 times, 'Ryabtsev' 2 times" in by_uses.reason
    once = _choose(("Ryabtsov", 1, 2), ("Ryabtsev", 1, 1))
    assert "'Ryabtsev' once" in once.reason


def test_plural_and_agreement():
    assert plural(1, "article") == "1 article"
    assert plural(0, "article") == "0 articles"
    assert plural(3, "child", "children") == "3 children"
    assert agree(1, "uses", "use") == "uses" and agree(2, "uses", "use") == "use"
