"""Foreign runs: wordfreq leanings confirmed by lingua, real models."""

from __future__ import annotations

import pytest

from xlingual.analysis.words.foreign import foreign_runs, language_name


def _runs(text: str, language: str = "en") -> list[tuple[str, str]]:
    return [(text[r.start : r.end], r.language) for r in foreign_runs(text, language)]


def test_bracketed_aside_needs_only_two_words() -> None:
    assert _runs("Then a dot [lumière verte] appeared.") == [("lumière verte", "fr")]


def test_run_keeps_shared_words_and_quotes_inside() -> None:
    text = "The decree [sanctionnant le “refus du service militaire”, NDLR] was signed."
    assert _runs(text) == [("sanctionnant le “refus du service militaire”, NDLR", "fr")]


def test_english_left_in_a_german_document() -> None:
    text = "Er sagte dann, and this is the most important thing, dass er bleibt."
    assert _runs(text, "de") == [("and this is the most important thing", "en")]


@pytest.mark.parametrize(
    "text",
    [
        "He read Le Monde and worked for Médecins Sans Frontières.",
        "She called it “une affaire de famille” in the interview.",
        "The service was not available in the city centre.",
        "Il a dit non.",
    ],
)
def test_names_titles_quoted_terms_and_shared_words_pass(text: str) -> None:
    assert _runs(text) == []


def test_offsets_are_shifted() -> None:
    text = "Intro. Then a dot [lumière verte] appeared."
    (run,) = foreign_runs(text[7:], "en", offset=7)
    assert text[run.start : run.end] == "lumière verte"


def test_unknown_document_language_is_skipped() -> None:
    assert foreign_runs("nous ne partirons jamais de notre pays", "und") == []


def test_language_name() -> None:
    assert language_name("fr") == "French"
    assert language_name("xx") == "xx"


def test_two_words_that_are_no_english_words_at_all_are_a_run() -> None:
    text = "The villa has been under sequestro preventivo since Monday."
    assert [text[r.start : r.end] for r in foreign_runs(text, "en")] == ["sequestro preventivo"]


def test_a_word_no_list_knows_with_a_letter_english_does_not_write_is_foreign() -> None:
    # "numărătoarea" (an inflected Romanian form) is in no word list; its letter ă is not English.
    assert _runs("The mayor demanded the numărătoarea completă of all ballots cast.") == [
        ("numărătoarea completă", "ro")
    ]
    # Accented words English uses are known to its word list and stay English.
    assert _runs("He ordered a café au lait and a crème brûlée after the naïve remark.") == []


@pytest.mark.parametrize("text", ["The law applies per se to all.", "An ad hoc panel met."])
def test_loanwords_in_english_use_are_not_a_pair(text: str) -> None:
    assert foreign_runs(text, "en") == []


def test_a_run_that_opens_the_sentence_counts_its_capitalised_first_word() -> None:
    text = "Selon nos informations, thirteen people are under investigation."
    runs = foreign_runs(text, "en")
    assert [(text[r.start : r.end], r.language) for r in runs] == [("Selon nos informations", "fr")]


def test_lingua_may_be_less_sure_when_the_words_lean_to_its_language() -> None:
    text = "Two riders were placed en garde à vue on Tuesday evening."
    runs = foreign_runs(text, "en")
    assert [(text[r.start : r.end], r.language) for r in runs] == [("en garde à vue", "fr")]
    assert runs[0].confidence < 0.4  # below the floor for a language the words do not lean to
