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


def _witnessed(text: str, *words: str) -> list[tuple[str, str]]:
    """What the story mode flags in `text` when another, short article writes `words`."""
    from xlingual.analysis.words.usage import OtherArticles, story_words, witnessed_misfits

    others = OtherArticles.of(story_words([" ".join(words), text]), text)
    return [(m.word.text, m.suggestion) for m in witnessed_misfits(text, 0, others)]


def test_a_common_word_of_a_long_article_is_no_witness() -> None:
    from xlingual.analysis.words.usage import OtherArticles, story_words, witnessed_misfits

    # "trial" once in 4,500 words of English is expected 0.33 times by chance: no evidence.
    filler = "The man and the woman went to the city. " * 500
    text = "The clinical trail ended."
    others = OtherArticles.of(story_words(["The trial is over. " + filler, text]), text)
    assert witnessed_misfits(text, 0, others) == []
    # Three times in as many words, it is what the story is about.
    repeated = "The trial is over. The trial went on. The trial began. " + filler
    others = OtherArticles.of(story_words([repeated, text]), text)
    assert [m.suggestion for m in witnessed_misfits(text, 0, others)] == ["trial"]


def test_a_slip_the_story_writes_otherwise_is_flagged() -> None:
    # One transposed letter; "clinical trial" is a strong collocation, "clinical trail" unseen.
    assert _witnessed("The clinical trail ended.", "trial") == [("trail", "trial")]


def test_a_homophone_the_story_writes_is_a_candidate() -> None:
    from xlingual.analysis.words.usage import _homophone

    assert _homophone("steal", "steel") and _homophone("scent", "sent")
    assert not _homophone("better", "bidder")  # one Metaphone key, spelt too differently


@pytest.mark.parametrize(
    ("text", "witness"),
    [
        ("The new theatre opened in the city centre.", "center"),  # British / American
        ("The immigration office closed.", "immigrants"),  # another form of the word
        ("The mountain trail was closed.", "trial"),  # the word fits where it stands
        ("He wrote on the clinical trail.", "clinical"),  # no slip of it in the story
    ],
)
def test_what_the_story_mode_leaves_alone(text: str, witness: str) -> None:
    assert _witnessed(text, witness) == []


def test_a_word_the_story_also_writes_is_not_judged() -> None:
    assert _witnessed("The clinical trail ended.", "trial", "trail") == []


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("centre", "center", True),
        ("colour", "color", True),
        ("realise", "realize", True),
        ("haemoglobin", "hemoglobin", True),
        ("travelled", "traveled", True),
        ("defence", "defense", True),
        ("trail", "trial", False),
        ("steal", "steel", False),
    ],
)
def test_british_and_american_spellings_meet(a: str, b: str, same: bool) -> None:
    from xlingual.analysis.words.usage import _spelling_variants

    assert _spelling_variants(a, b) is same
