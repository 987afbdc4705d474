"""Misused words: real Google-Books counts and the model's token embeddings, no mocks."""

from __future__ import annotations

import pytest

from xlingual.analysis.words import lexicon
from xlingual.analysis.words.related import related_words
from xlingual.analysis.words.usage import misfits


def _flags(text: str) -> list[tuple[str, str]]:
    return [(m.word.text, m.suggestion) for m in misfits(text)]


def test_related_function_word_that_breaks_a_phrase_is_flagged() -> None:
    assert _flags("The talks went on for regarding a week.") == [("regarding", "about")]


def test_near_spelling_that_breaks_a_fixed_phrase_is_flagged() -> None:
    assert _flags("It was a viscous circle of debt.") == [("viscous", "vicious")]


@pytest.mark.parametrize(
    "text",
    [
        "The talks went on for about a week.",
        "Thousands marched in solidarity with the strikers.",
        "Honey is a viscous liquid.",
        "She wrote to him regarding an unpaid invoice.",
        "He was afraid for his life after the threats.",
        "Our followers from abroad sent money.",
        "The color red is easy to see.",
    ],
)
def test_natural_english_is_not_flagged(text: str) -> None:
    assert _flags(text) == []


def test_evidence_quotes_the_counts_of_both_choices() -> None:
    (misfit,) = misfits("The talks went on for regarding a week.")
    evidence = dict(misfit.evidence)
    assert evidence["for regarding"] == 0
    assert evidence["for about"] == lexicon.bigram("for", "about") > 0
    assert 0.5 < misfit.confidence <= 0.95


def test_offsets_point_into_the_document() -> None:
    text = "x" * 10 + "The talks went on for regarding a week."
    (misfit,) = misfits(text[10:], offset=10)
    assert text[misfit.word.start : misfit.word.end] == "regarding"


def test_punctuation_breaks_the_pair() -> None:
    # "for, regarding" is not the pair "for regarding".
    assert _flags("It was built for, regarding an hour ago, nothing.") == []


def test_related_words_come_from_the_token_embeddings() -> None:
    assert "about" in related_words("regarding")
    assert related_words("zzzzqx") == ()
    assert all(word.isalpha() and word.islower() for word in related_words("during"))


def test_attested_share_separates_productive_neighbours() -> None:
    frequency = lexicon.unigram("regarding")
    assert lexicon.attested_share("for", frequency, "after") > 0.3
    assert lexicon.attested_share("afraid", frequency, "after") < 0.05
