"""XL401's second pass (xlingual.rules.unaligned_numbers): a fact stated in sentences the
alignment did not group. Vectors are given by hand: close sentences share one."""

from __future__ import annotations

import numpy as np

from tests.rules.context import checked, doc, unit
from xlingual.align.groups import AlignedGroup, GroupMember
from xlingual.rules.base import CheckContext
from xlingual.rules.number_mismatch import NumberMismatchAcrossArticles

CLOSE = unit(1, 0, 0)
FAR = unit(0, 1, 0)


def _story(texts, vectors=None, groups=()):
    documents = tuple(doc(f"a{i}.txt", text) for i, text in enumerate(texts))
    vectors = vectors or [CLOSE] * len(texts)
    rows = tuple(np.tile(v, (len(d.sentences), 1)) for d, v in zip(documents, vectors, strict=True))
    return CheckContext(documents, rows, tuple(groups))


def _flagged(context):
    return [
        (f.path, f.text, f.suggestion) for f in checked(NumberMismatchAcrossArticles(), context)
    ]


def test_a_slipped_figure_in_a_close_sentence_outside_the_groups_is_flagged():
    context = _story(
        ["Police detained 13 fans after the game on Sunday.",
         "Police arrested 31 fans after the match on Sunday."]
    )  # fmt: skip
    # One article against one: both are flagged, each pointing at the other.
    assert sorted(_flagged(context)) == [("a0.txt", "13", "31"), ("a1.txt", "31", "13")]
    (finding, _) = checked(NumberMismatchAcrossArticles(), context)
    assert "not aligned with this one" in finding.message and finding.confidence == 0.6


def test_the_figure_more_articles_give_wins_counting_sentences_aligned_with_it():
    group = AlignedGroup((GroupMember(1, 0), GroupMember(2, 0)), 0.95)
    context = _story(
        ["Police detained 13 fans after the game on Sunday.",
         "Police arrested 31 fans after the match on Sunday.",
         "Some 31 fans spent the night in police cells."],
        groups=[group],
    )  # fmt: skip
    assert _flagged(context) == [("a0.txt", "13", "31")]


def test_different_facts_are_not_compared():
    pairs = [
        # Figures no slip turns into each other.
        ("Police detained 13 fans after the game.", "Police arrested 48 fans after the match."),
        # Different counted words.
        ("Police detained 13 fans after the game.", "Police sent 31 officers to the match."),
        # A hedged figure a digit apart is a bound, not a slip.
        ("The group recruited 28,000 prisoners.", "It mobilised more than 2,000 prisoners."),
        # Days without their month, years without theirs.
        ("Shares fell on the 6th.", "Shares fell on the 7th."),
        ("It was sold from 2021 onwards.", "It was sold from 2022 onwards."),
    ]
    for first, second in pairs:
        assert _flagged(_story([first, second])) == [], (first, second)


def test_a_power_of_ten_slip_counts_even_against_a_hedged_figure():
    context = _story(
        ["The company will recall 12 million units of the charger.",
         "The company will recall about 1.2 million units of the charger."]
    )  # fmt: skip
    assert ("a0.txt", "12 million", "1.2 million") in _flagged(context)


def test_a_year_is_compared_with_its_own_month():
    group = AlignedGroup((GroupMember(1, 0), GroupMember(2, 0)), 0.95)
    context = _story(
        ["The batteries were sold since April 2021 in shops across the country.",
         "The batteries were sold between April 2022 and June 2024 in shops.",
         "They were sold from April 2022 to June 2024."],
        groups=[group],
    )  # fmt: skip
    assert _flagged(context) == [("a0.txt", "2021", "2022")]


def test_sentences_far_apart_or_in_one_group_are_left_to_the_first_pass():
    texts = ["Police detained 13 fans after the game.", "Police arrested 31 fans after the match."]
    assert _flagged(_story(texts, vectors=[CLOSE, FAR])) == []
    group = AlignedGroup((GroupMember(0, 0), GroupMember(1, 0)), 0.95)
    # In one group the first pass compares them (and reports it the aligned way).
    (finding, _) = checked(NumberMismatchAcrossArticles(), _story(texts, groups=[group]))
    assert "aligned sentence in" in finding.message


def test_a_translation_and_its_source_are_one_witness():
    from dataclasses import replace

    from xlingual.qe.model import SentenceJudgement
    from xlingual.qe.targets import JudgedSentence

    context = _story(
        ["Police detained 13 fans after the game on Sunday.",
         "Police held 13 fans after the game on Sunday.",
         "Police arrested 31 fans after the match on Sunday."]
    )  # fmt: skip
    # Two articles against one: the one is flagged.
    assert [path for path, _, _ in _flagged(context)] == ["a2.txt"]
    # When a0 is the translation of a1 (the quality model read it against a1), they are one
    # outlet against another: every side is flagged.
    judged = JudgedSentence(0, 0, 10, SentenceJudgement((), 0.1, True, 0.4, 0.5, None), 1, 0, 10)
    flagged = [path for path, _, _ in _flagged(replace(context, quality=(judged,)))]
    assert sorted(flagged) == ["a0.txt", "a1.txt", "a2.txt"]


def test_a_weekday_that_dates_the_same_thing_is_compared():
    context = _story(
        ["The wildfire broke out on Saturday afternoon near the village.",
         "The blaze broke out on Sunday afternoon near the village, officials said.",
         "A large fire broke out on Sunday afternoon in a forest near the village."]
    )  # fmt: skip
    assert _flagged(context) == [("a0.txt", "Saturday", "Sunday")]


def test_the_day_a_statement_was_made_is_not_the_day_of_the_event():
    group = AlignedGroup((GroupMember(0, 0), GroupMember(1, 0)), 0.95)
    context = _story(
        ["The wildfire broke out on Saturday afternoon near the village.",
         "A wildfire tore through the village overnight, officials said on Monday."],
        groups=[group],
    )  # fmt: skip
    assert _flagged(context) == []
