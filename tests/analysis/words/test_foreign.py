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
