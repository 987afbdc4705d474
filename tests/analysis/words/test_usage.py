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
    from xlingual.analysis.words.usage import StoryWords, sound_key, witnessed_misfits

    by_sound: dict[str, tuple[str, ...]] = {}
    for word in sorted(words):
        by_sound[sound_key(word)] = (*by_sound.get(sound_key(word), ()), word)
    story = StoryWords(frozenset(words), tuple(sorted(words)), by_sound)
    return [(m.word.text, m.suggestion) for m in witnessed_misfits(text, 0, story)]


def test_witnesses_are_the_words_unlikely_to_stand_there_by_chance() -> None:
    from xlingual.analysis.words.usage import story_words

    other = "The trial of the two doctors will resume. " * 3 + "They were having lunch. "
    other += "The man and the woman went to the city. " * 400
    story = story_words((other,))
    assert {"trial", "doctors", "having", "lunch"} <= story.written
    # "trial" thrice in 3,300 words is the story's; "having" once in 3,300 words is English.
    assert "trial" in story.witnesses and "having" not in story.witnesses


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
